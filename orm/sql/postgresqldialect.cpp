#include "orm/sql/postgresqldialect.h"

#include "orm/sql/column.h"
#include "orm/sql/compiler.h"

#include <cmath>

namespace orm {

namespace {

class PostgresqlCompiler : public sql::Compiler {
public:
    using Compiler::Compiler;

protected:
    // Full-text search of the text against the words of the pattern, as SQLAlchemy's match().
    void writeMatch(const sql::BinaryNode& node) override
    {
        node.left->accept(*this);
        write(u" @@ plainto_tsquery(");
        node.right->accept(*this);
        write(u")");
    }
};

} // namespace

std::unique_ptr<sql::Compiler> PostgresqlDialect::createCompiler() const
{
    return std::make_unique<PostgresqlCompiler>(*this);
}

const QSet<QString>& PostgresqlDialect::reservedWords() const
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char* w : {"all",
                              "analyse",
                              "analyze",
                              "and",
                              "any",
                              "array",
                              "as",
                              "asc",
                              "asymmetric",
                              "authorization",
                              "binary",
                              "both",
                              "case",
                              "cast",
                              "check",
                              "collate",
                              "collation",
                              "column",
                              "concurrently",
                              "constraint",
                              "create",
                              "cross",
                              "current_catalog",
                              "current_date",
                              "current_role",
                              "current_schema",
                              "current_time",
                              "current_timestamp",
                              "current_user",
                              "default",
                              "deferrable",
                              "desc",
                              "distinct",
                              "do",
                              "else",
                              "end",
                              "except",
                              "false",
                              "fetch",
                              "for",
                              "foreign",
                              "freeze",
                              "from",
                              "full",
                              "grant",
                              "group",
                              "having",
                              "ilike",
                              "in",
                              "initially",
                              "inner",
                              "intersect",
                              "into",
                              "is",
                              "isnull",
                              "join",
                              "lateral",
                              "leading",
                              "left",
                              "like",
                              "limit",
                              "localtime",
                              "localtimestamp",
                              "natural",
                              "not",
                              "notnull",
                              "null",
                              "offset",
                              "on",
                              "only",
                              "or",
                              "order",
                              "outer",
                              "overlaps",
                              "placing",
                              "primary",
                              "references",
                              "returning",
                              "right",
                              "select",
                              "session_user",
                              "similar",
                              "some",
                              "symmetric",
                              "table",
                              "tablesample",
                              "then",
                              "to",
                              "trailing",
                              "true",
                              "union",
                              "unique",
                              "user",
                              "using",
                              "variadic",
                              "verbose",
                              "when",
                              "where",
                              "window",
                              "with"})
            set.insert(QString::fromLatin1(w));
        return set;
    }();
    return words;
}

QString PostgresqlDialect::placeholder(int position) const
{
    return u'$' + QString::number(position);
}

QString PostgresqlDialect::columnType(const Column& column) const
{
    if (column.isAutoincrement())
        return column.type().kind() == TypeKind::BigInteger ? QStringLiteral("BIGSERIAL")
                                                            : QStringLiteral("SERIAL");
    return typeName(column.type());
}

QString PostgresqlDialect::typeName(const SqlType& type) const
{
    switch (type.kind()) {
    case TypeKind::Time:
        return QStringLiteral("TIME WITHOUT TIME ZONE");
    case TypeKind::DateTime:
        return type.timezone() ? QStringLiteral("TIMESTAMP WITH TIME ZONE")
                               : QStringLiteral("TIMESTAMP WITHOUT TIME ZONE");
    case TypeKind::LargeBinary:
        return QStringLiteral("BYTEA");
    case TypeKind::Uuid:
        return QStringLiteral("UUID");
    case TypeKind::Json:
        return QStringLiteral("JSONB"); // binary JSON: comparable, indexable
    default:
        return Dialect::typeName(type);
    }
}

QString PostgresqlDialect::renderLiteral(const QVariant& value) const
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return Dialect::renderLiteral(value);
}

QString PostgresqlDialect::binaryLiteral(const QByteArray& bytes) const
{
    // The hex input form of bytea; the backslash is literal with standard_conforming_strings,
    // the default since PostgreSQL 9.1.
    return QStringLiteral("'\\x") + QString::fromLatin1(bytes.toHex()) + QStringLiteral("'::bytea");
}

QString PostgresqlDialect::floatLiteral(double value) const
{
    // Special values are text that float8 input understands; typed, so that they also work
    // where no column gives the type.
    if (std::isnan(value) || std::isinf(value))
        return Dialect::floatLiteral(value) + QStringLiteral("::float8");
    return Dialect::floatLiteral(value);
}

ErrorKind PostgresqlDialect::classifyError(const QSqlError& error) const
{
    // The driver reports the SQLSTATE; its first two characters are the error class.
    const QString klass = error.nativeErrorCode().left(2);
    if (klass == u"23")
        return ErrorKind::Integrity;
    if (klass == u"42")
        return ErrorKind::Programming;
    if (klass == u"22")
        return ErrorKind::Data;
    return ErrorKind::Operational;
}

Statement PostgresqlDialect::hasTableQuery(const QString& schema, const QString& table) const
{
    // An empty schema means the first schema of the search path, as for an unqualified name.
    return text(QStringLiteral("SELECT c.relname FROM pg_catalog.pg_class c JOIN "
                               "pg_catalog.pg_namespace n ON n.oid = "
                               "c.relnamespace WHERE c.relname = :name AND n.nspname = "
                               "coalesce(nullif(:schema, ''), "
                               "current_schema()) AND c.relkind IN ('r', 'p')"))
        .bind({{QStringLiteral("name"), table}, {QStringLiteral("schema"), schema}});
}

} // namespace orm
