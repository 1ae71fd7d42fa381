#pragma once
// PostgreSQL: $n placeholders, SERIAL keys, native BOOLEAN, UUID, JSONB, BYTEA and
// TIMESTAMP WITH TIME ZONE; errors classified by SQLSTATE.

#include "orm/sql/dialect.h"

namespace orm {

class PostgresqlDialect : public Dialect {
public:
    QString name() const override { return QStringLiteral("postgresql"); }
    QString driverName() const override { return QStringLiteral("QPSQL"); }
    std::unique_ptr<sql::Compiler> createCompiler() const override;
    const QSet<QString>& reservedWords() const override;
    QString placeholder(int position) const override;
    QString columnType(const Column& column) const override;
    QString typeName(const SqlType& type) const override;
    QString renderLiteral(const QVariant& value) const override;
    bool streamsResults() const override { return false; }
    ErrorKind classifyError(const QSqlError& error) const override;
    Statement hasTableQuery(const QString& schema, const QString& table) const override;

protected:
    QString binaryLiteral(const QByteArray& bytes) const override;
    QString floatLiteral(double value) const override;
};

} // namespace orm
