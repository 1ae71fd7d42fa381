#pragma once
// SQLite: the embedded default. No ILIKE (lower() LIKE lower()), no now() (CURRENT_TIMESTAMP),
// no ALTER TABLE ADD CONSTRAINT; an autoincrementing key is the INTEGER rowid alias.

#include "orm/sql/dialect.h"

namespace orm {

class SqliteDialect : public Dialect {
public:
    QString name() const override { return QStringLiteral("sqlite"); }
    QString driverName() const override { return QStringLiteral("QSQLITE"); }
    std::unique_ptr<sql::Compiler> createCompiler() const override;
    const QSet<QString>& reservedWords() const override;
    QString columnType(const Column& column) const override;
    QString typeName(const SqlType& type) const override;
    bool supportsAlterForeignKey() const override { return false; }
    bool commitFailureKeepsTransaction() const override { return true; }
    bool readsLastInsertId() const override { return true; }
    ErrorKind classifyError(const QSqlError& error) const override;
    Statement hasTableQuery(const QString& schema, const QString& table) const override;

protected:
    QString floatLiteral(double value) const override;
};

} // namespace orm
