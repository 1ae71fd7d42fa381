#include "orm/sql/sqlitedialect.h"

#include "orm/sql/column.h"
#include "orm/sql/compiler.h"

#include <cmath>

namespace orm {

namespace {

class SqliteCompiler : public sql::Compiler {
public:
    using Compiler::Compiler;

protected:
    void writeLike(const sql::BinaryNode& node) override
    {
        if (node.op != sql::Operator::ILike && node.op != sql::Operator::NotILike) {
            Compiler::writeLike(node);
            return;
        }
        write(u"lower(");
        node.left->accept(*this);
        write(node.op == sql::Operator::ILike ? QStringLiteral(") LIKE lower(")
                                              : QStringLiteral(") NOT LIKE lower("));
        node.right->accept(*this);
        write(u")");
        if (!node.escape.isNull())
            write(QStringLiteral(" ESCAPE ") + m_dialect.renderLiteral(QString(node.escape)));
    }

    void visitFunction(const sql::FunctionNode& node) override
    {
        if (node.name == u"now" && node.args.empty())
            write(u"CURRENT_TIMESTAMP");
        else
            Compiler::visitFunction(node);
    }

    void writeLimitOffset(const sql::SelectBaseNode& node) override
    {
        // SQLite has no OFFSET without LIMIT; LIMIT -1 means no limit.
        if (node.offset && !node.limit) {
            write(u"\nLIMIT -1 OFFSET ");
            node.offset->accept(*this);
            return;
        }
        Compiler::writeLimitOffset(node);
    }
};

} // namespace

std::unique_ptr<sql::Compiler> SqliteDialect::createCompiler() const
{
    return std::make_unique<SqliteCompiler>(*this);
}

const QSet<QString>& SqliteDialect::reservedWords() const
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char* w : {"abort",
                              "action",
                              "add",
                              "after",
                              "all",
                              "alter",
                              "always",
                              "analyze",
                              "and",
                              "as",
                              "asc",
                              "attach",
                              "autoincrement",
                              "before",
                              "begin",
                              "between",
                              "by",
                              "cascade",
                              "case",
                              "cast",
                              "check",
                              "collate",
                              "column",
                              "commit",
                              "conflict",
                              "constraint",
                              "create",
                              "cross",
                              "current",
                              "current_date",
                              "current_time",
                              "current_timestamp",
                              "database",
                              "default",
                              "deferrable",
                              "deferred",
                              "delete",
                              "desc",
                              "detach",
                              "distinct",
                              "do",
                              "drop",
                              "each",
                              "else",
                              "end",
                              "escape",
                              "except",
                              "exclude",
                              "exclusive",
                              "exists",
                              "explain",
                              "fail",
                              "filter",
                              "first",
                              "following",
                              "for",
                              "foreign",
                              "from",
                              "full",
                              "generated",
                              "glob",
                              "group",
                              "groups",
                              "having",
                              "if",
                              "ignore",
                              "immediate",
                              "in",
                              "index",
                              "indexed",
                              "initially",
                              "inner",
                              "insert",
                              "instead",
                              "intersect",
                              "into",
                              "is",
                              "isnull",
                              "join",
                              "key",
                              "last",
                              "left",
                              "like",
                              "limit",
                              "match",
                              "materialized",
                              "natural",
                              "no",
                              "not",
                              "nothing",
                              "notnull",
                              "null",
                              "nulls",
                              "of",
                              "offset",
                              "on",
                              "or",
                              "order",
                              "others",
                              "outer",
                              "over",
                              "partition",
                              "plan",
                              "pragma",
                              "preceding",
                              "primary",
                              "query",
                              "raise",
                              "range",
                              "recursive",
                              "references",
                              "regexp",
                              "reindex",
                              "release",
                              "rename",
                              "replace",
                              "restrict",
                              "returning",
                              "right",
                              "rollback",
                              "row",
                              "rows",
                              "savepoint",
                              "select",
                              "set",
                              "table",
                              "temp",
                              "temporary",
                              "then",
                              "ties",
                              "to",
                              "transaction",
                              "trigger",
                              "unbounded",
                              "union",
                              "unique",
                              "update",
                              "using",
                              "vacuum",
                              "values",
                              "view",
                              "virtual",
                              "when",
                              "where",
                              "window",
                              "with",
                              "without"})
            set.insert(QString::fromLatin1(w));
        return set;
    }();
    return words;
}

QString SqliteDialect::columnType(const Column& column) const
{
    // Only a column declared exactly INTEGER PRIMARY KEY aliases the rowid and autoincrements.
    if (column.isAutoincrement())
        return QStringLiteral("INTEGER");
    return typeName(column.type());
}

QString SqliteDialect::typeName(const SqlType& type) const
{
    // SQLAlchemy's spelling; SQLite gives it NUMERIC affinity and stores our ISO text as is.
    return type.kind() == TypeKind::DateTime ? QStringLiteral("DATETIME") : Dialect::typeName(type);
}

ErrorKind SqliteDialect::classifyError(const QSqlError& error) const
{
    // Qt reports SQLite's result code; the low byte is the primary code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return ErrorKind::Operational;
    switch (code) {
    case 19: // SQLITE_CONSTRAINT
        return ErrorKind::Integrity;
    case 20: // SQLITE_MISMATCH
    case 18: // SQLITE_TOOBIG
        return ErrorKind::Data;
    case 25: // SQLITE_RANGE: wrong parameter index
        return ErrorKind::Programming;
    default:
        return ErrorKind::Operational;
    }
}

QString SqliteDialect::floatLiteral(double value) const
{
    // SQLite has no literal for infinity but reads one from an overflowing number; it stores
    // NaN as NULL.
    if (std::isnan(value))
        return QStringLiteral("NULL");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("9e999") : QStringLiteral("-9e999");
    return Dialect::floatLiteral(value);
}

Statement SqliteDialect::hasTableQuery(const QString& schema, const QString& table) const
{
    const QString master = schema.isEmpty()
                               ? QStringLiteral("sqlite_master")
                               : quoteIdentifier(schema) + QStringLiteral(".sqlite_master");
    return text(QStringLiteral("SELECT name FROM %1 WHERE type = 'table' AND name = :name")
                    .arg(master))
        .bind(QStringLiteral("name"), table);
}

} // namespace orm
