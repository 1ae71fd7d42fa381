// SQLite's schema, read through the table-valued PRAGMA functions (pragma_table_xinfo(...)),
// which take the table and schema names as bound values, and the schema's sqlite_master.

#include "orm/engine/connection.h"
#include "orm/errors.h"
#include "orm/reflect/declaredtype.h"
#include "orm/reflect/inspector.h"
#include "orm/sql/dialect.h"
#include "orm/sql/statement.h"

#include <QRegularExpression>

namespace orm::detail {

namespace {

ReferentialAction actionFromSqlite(const QString& text)
{
    const QString action = text.toUpper();
    if (action == u"CASCADE")
        return ReferentialAction::Cascade;
    if (action == u"SET NULL")
        return ReferentialAction::SetNull;
    if (action == u"SET DEFAULT")
        return ReferentialAction::SetDefault;
    if (action == u"RESTRICT")
        return ReferentialAction::Restrict;
    return ReferentialAction::NoAction;
}

bool declaresWithoutRowid(const QString& createSql)
{
    static const QRegularExpression withoutRowid(
        QStringLiteral(
            "\\)\\s*(?:STRICT\\s*,\\s*)?WITHOUT\\s+ROWID\\s*(?:,\\s*STRICT\\s*)?;?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    return withoutRowid.match(createSql).hasMatch();
}

class SqliteSchemaReader final : public SchemaReader {
public:
    QStringList schemaNames(Connection& conn) override
    {
        QStringList names;
        Result r = conn.execute(text(QStringLiteral(
            "SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq")));
        while (r.next())
            names << r.value(0).toString();
        return names;
    }

    QString defaultSchema(Connection&) override { return QStringLiteral("main"); }

    QStringList relationNames(Connection& conn, const QString& schema, bool views) override
    {
        QStringList names;
        Result r = conn.execute(
            text(master(conn, schema) +
                 QStringLiteral(" WHERE type = :type AND substr(name, 1, 7) <> "
                                "'sqlite_' ORDER BY name")),
            {{QStringLiteral("type"), views ? QStringLiteral("view") : QStringLiteral("table")}});
        while (r.next())
            names << r.value(0).toString();
        return names;
    }

    ReflectedTable table(Connection& conn, const QString& schema, const QString& name) override
    {
        ReflectedTable t;
        t.schema = schema;
        t.name = name;
        readKind(conn, t);
        readColumns(conn, t);
        if (!t.isView) {
            readForeignKeys(conn, t);
            readIndexes(conn, t);
        }
        return t;
    }

private:
    // "SELECT name, type, sql FROM <schema>.sqlite_master": the schema is an identifier.
    static QString master(Connection& conn, const QString& schema)
    {
        return QStringLiteral("SELECT name, type, sql FROM %1.sqlite_master")
            .arg(conn.dialect().quoteIdentifier(schema));
    }

    static QVariantMap names(const ReflectedTable& t)
    {
        return {{QStringLiteral("name"), t.name}, {QStringLiteral("schema"), t.schema}};
    }

    void readKind(Connection& conn, ReflectedTable& t)
    {
        Result r =
            conn.execute(text(master(conn, t.schema) +
                              QStringLiteral(" WHERE name = :name AND type IN ('table', 'view')")),
                         {{QStringLiteral("name"), t.name}});
        if (!r.next())
            throw ArgumentError(QStringLiteral("no table or view named \"%1\" in schema \"%2\"")
                                    .arg(t.name, t.schema));
        t.isView = r.value(1).toString() == u"view";
        t.withoutRowid = !t.isView && declaresWithoutRowid(r.value(2).toString());
    }

    void readColumns(Connection& conn, ReflectedTable& t)
    {
        // hidden: 1 a hidden column of a virtual table, 2 and 3 generated (virtual, stored).
        Result r = conn.execute(
            text(QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                                "FROM pragma_table_xinfo(:name, :schema) ORDER BY cid")),
            names(t));
        std::vector<std::pair<int, QString>> keyParts;
        while (r.next()) {
            if (r.value(5).toInt() == 1)
                continue;
            ReflectedColumn c;
            c.name = r.value(0).toString();
            c.declaredType = r.value(1).toString();
            c.type = typeFromDeclaration(c.declaredType);
            c.nullable = r.value(2).toInt() == 0;
            c.defaultSql = r.value(3).toString();
            c.generated = r.value(5).toInt() >= 2;
            if (const int position = r.value(4).toInt(); position > 0)
                keyParts.emplace_back(position, c.name);
            t.columns.push_back(c);
        }
        std::sort(keyParts.begin(), keyParts.end());
        for (const auto& part : keyParts)
            t.primaryKey << part.second;
        // A lone INTEGER PRIMARY KEY is the rowid: SQLite fills it in.
        if (t.primaryKey.size() == 1 && !t.withoutRowid) {
            for (ReflectedColumn& c : t.columns) {
                if (c.name == t.primaryKey.front() &&
                    c.declaredType.compare(u"INTEGER", Qt::CaseInsensitive) == 0)
                    c.autoincrement = true;
            }
        }
    }

    void readForeignKeys(Connection& conn, ReflectedTable& t)
    {
        Result r = conn.execute(
            text(QStringLiteral("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                                "FROM pragma_foreign_key_list(:name, :schema) ORDER BY id, seq")),
            names(t));
        int current = -1;
        while (r.next()) {
            if (r.value(0).toInt() != current) {
                current = r.value(0).toInt();
                ReflectedForeignKey fk;
                fk.targetTable = r.value(1).toString();
                fk.onUpdate = actionFromSqlite(r.value(4).toString());
                fk.onDelete = actionFromSqlite(r.value(5).toString());
                t.foreignKeys.push_back(fk);
            }
            ReflectedForeignKey& fk = t.foreignKeys.back();
            fk.columns << r.value(2).toString();
            fk.targetColumns << r.value(3).toString(); // NULL: the target's primary key
        }
        for (ReflectedForeignKey& fk : t.foreignKeys) {
            if (fk.targetColumns.contains(QString()))
                fk.targetColumns = primaryKeyOf(conn, t.schema, fk.targetTable);
        }
    }

    // The primary key columns of a table, empty when the table does not exist.
    static QStringList primaryKeyOf(Connection& conn, const QString& schema, const QString& table)
    {
        Result r =
            conn.execute(text(QStringLiteral("SELECT name FROM pragma_table_info(:name, "
                                             ":schema) WHERE pk > 0 ORDER BY pk")),
                         {{QStringLiteral("name"), table}, {QStringLiteral("schema"), schema}});
        QStringList columns;
        while (r.next())
            columns << r.value(0).toString();
        return columns;
    }

    void readIndexes(Connection& conn, ReflectedTable& t)
    {
        // origin: "c" CREATE INDEX, "u" a UNIQUE constraint, "pk" the primary key.
        Result r = conn.execute(text(QStringLiteral("SELECT name, \"unique\", origin FROM "
                                                    "pragma_index_list(:name, :schema) "
                                                    "ORDER BY name")),
                                names(t));
        while (r.next()) {
            const QString origin = r.value(2).toString();
            if (origin == u"pk")
                continue;
            ReflectedIndex index{r.value(0).toString(), {}, r.value(1).toInt() != 0};
            if (!readIndexColumns(conn, t.schema, index))
                continue; // an index on expressions has no columns to name
            (origin == u"u" ? t.uniqueConstraints : t.indexes).push_back(index);
        }
    }

    static bool readIndexColumns(Connection& conn, const QString& schema, ReflectedIndex& index)
    {
        Result r = conn.execute(
            text(QStringLiteral("SELECT name FROM pragma_index_info(:name, "
                                ":schema) ORDER BY seqno")),
            {{QStringLiteral("name"), index.name}, {QStringLiteral("schema"), schema}});
        while (r.next()) {
            if (r.value(0).isNull())
                return false;
            index.columns << r.value(0).toString();
        }
        return !index.columns.isEmpty();
    }
};

} // namespace

std::unique_ptr<SchemaReader> sqliteSchemaReader()
{
    return std::make_unique<SqliteSchemaReader>();
}

} // namespace orm::detail
