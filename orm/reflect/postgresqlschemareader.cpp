// PostgreSQL's schema, read from pg_catalog: it is exact about key order, generated and
// identity columns and which indexes back constraints, where information_schema is not.

#include "orm/engine/connection.h"
#include "orm/errors.h"
#include "orm/reflect/declaredtype.h"
#include "orm/reflect/inspector.h"
#include "orm/sql/statement.h"

namespace orm::detail {

namespace {

// pg_constraint's confdeltype / confupdtype letters.
ReferentialAction actionFromPostgres(const QString& code)
{
    switch (code.isEmpty() ? u'a' : code.front().unicode()) {
    case u'c':
        return ReferentialAction::Cascade;
    case u'n':
        return ReferentialAction::SetNull;
    case u'd':
        return ReferentialAction::SetDefault;
    case u'r':
        return ReferentialAction::Restrict;
    default:
        return ReferentialAction::NoAction;
    }
}

// Rows of (constraint name, column) in key order, grouped into one entry per constraint.
std::vector<ReflectedIndex> groupedColumns(Result& r)
{
    std::vector<ReflectedIndex> out;
    while (r.next()) {
        if (out.empty() || out.back().name != r.value(0).toString())
            out.push_back({r.value(0).toString(), {}, r.value(2).toBool()});
        out.back().columns << r.value(1).toString();
    }
    return out;
}

class PostgresqlSchemaReader final : public SchemaReader {
public:
    QStringList schemaNames(Connection& conn) override
    {
        return strings(conn.execute(
            text(QStringLiteral("SELECT nspname FROM pg_namespace WHERE left(nspname, 3) <> 'pg_' "
                                "AND nspname <> 'information_schema' ORDER BY nspname"))));
    }

    QString defaultSchema(Connection& conn) override
    {
        Result r = conn.execute(text(QStringLiteral("SELECT current_schema()")));
        return r.next() ? r.value(0).toString() : QStringLiteral("public");
    }

    QStringList relationNames(Connection& conn, const QString& schema, bool views) override
    {
        // Views and materialized views; ordinary, partitioned and foreign tables.
        const QString kinds = views ? QStringLiteral("'v', 'm'") : QStringLiteral("'r', 'p', 'f'");
        return strings(conn.execute(
            text(QStringLiteral("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                "c.relnamespace WHERE n.nspname = :schema AND c.relkind IN (%1) "
                                "AND NOT c.relispartition ORDER BY c.relname")
                     .arg(kinds)),
            {{QStringLiteral("schema"), schema}}));
    }

    ReflectedTable table(Connection& conn, const QString& schema, const QString& name) override
    {
        ReflectedTable t;
        t.schema = schema;
        t.name = name;
        const qint64 oid = relationOid(conn, t);
        readColumns(conn, oid, t);
        if (!t.isView) {
            t.primaryKey = strings(conn.execute(
                text(QStringLiteral(
                    "SELECT a.attname FROM pg_constraint con CROSS JOIN LATERAL "
                    "unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a "
                    "ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
                    "WHERE con.conrelid = CAST(:oid AS oid) AND con.contype = 'p' ORDER BY k.ord")),
                oidParam(oid)));
            readForeignKeys(conn, oid, t);
            readUniqueConstraints(conn, oid, t);
            readIndexes(conn, oid, t);
        }
        return t;
    }

private:
    static QVariantMap oidParam(qint64 oid) { return {{QStringLiteral("oid"), oid}}; }

    static QStringList strings(Result r)
    {
        QStringList out;
        while (r.next())
            out << r.value(0).toString();
        return out;
    }

    static qint64 relationOid(Connection& conn, ReflectedTable& t)
    {
        Result r = conn.execute(
            text(QStringLiteral("SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON "
                                "n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relname = "
                                ":name AND c.relkind IN ('r', 'p', 'f', 'v', 'm')")),
            {{QStringLiteral("schema"), t.schema}, {QStringLiteral("name"), t.name}});
        if (!r.next())
            throw ArgumentError(QStringLiteral("no table or view named \"%1\" in schema \"%2\"")
                                    .arg(t.name, t.schema));
        const QString kind = r.value(1).toString();
        t.isView = kind == u"v" || kind == u"m";
        return r.value(0).toLongLong();
    }

    static void readColumns(Connection& conn, qint64 oid, ReflectedTable& t)
    {
        Result r = conn.execute(
            text(QStringLiteral(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated "
                "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND "
                "d.adnum = a.attnum WHERE a.attrelid = CAST(:oid AS oid) AND a.attnum > 0 AND "
                "NOT a.attisdropped ORDER BY a.attnum")),
            oidParam(oid));
        while (r.next()) {
            ReflectedColumn c;
            c.name = r.value(0).toString();
            c.declaredType = r.value(1).toString();
            c.type = typeFromDeclaration(c.declaredType);
            c.nullable = !r.value(2).toBool();
            const QString expression = r.value(3).toString();
            const QString identity = r.value(4).toString();
            c.generated = !r.value(5).toString().isEmpty();
            c.autoincrement = !identity.isEmpty() || expression.startsWith(u"nextval(");
            // A generated column's expression is not a default; serial's nextval() is one.
            if (!c.generated)
                c.defaultSql = expression;
            t.columns.push_back(c);
        }
    }

    static void readForeignKeys(Connection& conn, qint64 oid, ReflectedTable& t)
    {
        Result r = conn.execute(
            text(QStringLiteral(
                "SELECT con.conname, tn.nspname, tc.relname, con.confupdtype, con.confdeltype, "
                "la.attname, ra.attname FROM pg_constraint con "
                "JOIN pg_class tc ON tc.oid = con.confrelid "
                "JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
                "CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(lnum, "
                "rnum, ord) "
                "JOIN pg_attribute la ON la.attrelid = con.conrelid AND la.attnum = k.lnum "
                "JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.rnum "
                "WHERE con.conrelid = CAST(:oid AS oid) AND con.contype = 'f' "
                "ORDER BY con.conname, k.ord")),
            oidParam(oid));
        while (r.next()) {
            if (t.foreignKeys.empty() || t.foreignKeys.back().name != r.value(0).toString()) {
                ReflectedForeignKey fk;
                fk.name = r.value(0).toString();
                fk.targetSchema = r.value(1).toString();
                fk.targetTable = r.value(2).toString();
                fk.onUpdate = actionFromPostgres(r.value(3).toString());
                fk.onDelete = actionFromPostgres(r.value(4).toString());
                t.foreignKeys.push_back(fk);
            }
            t.foreignKeys.back().columns << r.value(5).toString();
            t.foreignKeys.back().targetColumns << r.value(6).toString();
        }
    }

    static void readUniqueConstraints(Connection& conn, qint64 oid, ReflectedTable& t)
    {
        Result r = conn.execute(
            text(QStringLiteral(
                "SELECT con.conname, a.attname, true FROM pg_constraint con CROSS JOIN LATERAL "
                "unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON "
                "a.attrelid = con.conrelid AND a.attnum = k.attnum "
                "WHERE con.conrelid = CAST(:oid AS oid) AND con.contype = 'u' "
                "ORDER BY con.conname, k.ord")),
            oidParam(oid));
        t.uniqueConstraints = groupedColumns(r);
    }

    static void readIndexes(Connection& conn, qint64 oid, ReflectedTable& t)
    {
        // Indexes of their own: not the ones behind the primary key or a UNIQUE constraint.
        // An expression index has a key column 0 (no attname): left out, as it names no column.
        Result r = conn.execute(
            text(QStringLiteral(
                "SELECT ic.relname, a.attname, i.indisunique FROM pg_index i "
                "JOIN pg_class ic ON ic.oid = i.indexrelid "
                "CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY AS "
                "k(attnum, ord) "
                "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                "WHERE i.indrelid = CAST(:oid AS oid) AND NOT i.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = "
                "i.indrelid AND c.contype IN ('p', 'u', 'x')) AND NOT EXISTS "
                "(SELECT 1 FROM unnest(CAST(i.indkey AS int2[])) AS e(attnum) WHERE e.attnum = 0) "
                "ORDER BY ic.relname, k.ord")),
            oidParam(oid));
        t.indexes = groupedColumns(r);
    }
};

} // namespace

std::unique_ptr<SchemaReader> postgresqlSchemaReader()
{
    return std::make_unique<PostgresqlSchemaReader>();
}

} // namespace orm::detail
