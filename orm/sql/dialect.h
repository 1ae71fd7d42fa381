#pragma once
// A Dialect knows one database's SQL: how to quote identifiers, name types, write
// placeholders, convert values to and from the driver, and classify its errors. It also owns
// the compiled-statement cache, keyed by statement shape.

#include "orm/sql/compiler.h"
#include "orm/sql/statement.h"
#include "orm/sql/types.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QString>
#include <memory>

namespace orm {

class Column;

// Which exception a database error becomes.
enum class ErrorKind { Operational, Integrity, Programming, Data };

// A statement ready to execute: its compiled text and the bound values in placeholder order.
struct BoundStatement {
    std::shared_ptr<const sql::CompiledStatement> compiled;
    QVariantList values;        // converted for the driver
    QVariantList displayValues; // as given, for the log and error messages
};

class Dialect {
public:
    virtual ~Dialect();

    virtual QString name() const = 0;       // "sqlite", "postgresql"
    virtual QString driverName() const = 0; // the Qt SQL driver: "QSQLITE", "QPSQL"
    virtual std::unique_ptr<sql::Compiler> createCompiler() const = 0;

    // Identifiers are quoted only when they must be: reserved words, upper case, odd characters.
    QString quoteIdentifier(const QString& identifier) const;
    bool requiresQuotes(const QString& identifier) const;
    virtual const QSet<QString>& reservedWords() const = 0;
    // The placeholder for the n-th (1-based) bound value.
    virtual QString placeholder(int position) const;

    // DDL type of a column (SERIAL, INTEGER PRIMARY KEY handling included).
    virtual QString columnType(const Column& column) const;
    // The SQL name of a type; the base gives the common spellings, dialects override the rest.
    virtual QString typeName(const SqlType& type) const;
    // A value written into DDL (DEFAULT, CHECK); quotes and escapes strings.
    virtual QString renderLiteral(const QVariant& value) const;
    // A value of a column of `type` as a SQL literal in this dialect's spelling, for text a
    // person copies into their own SQL ("copy as INSERT"): the value is converted as it would be
    // bound (dates as ISO text, booleans, blobs, JSON), then written with strings quoted and
    // escaped. QtOrm never executes such text itself: every value it sends is bound.
    // An invalid or null value, or a NULL type with no value, is NULL.
    QString literal(const QVariant& value, const SqlType& type = {}) const;
    // ALTER TABLE ... ADD CONSTRAINT FOREIGN KEY, for cycles between tables.
    virtual bool supportsAlterForeignKey() const { return true; }
    virtual bool supportsReturning() const { return true; }
    // Whether rows can be streamed from the server while other statements run on the same
    // connection. Where not (PostgreSQL through Qt), a result is fetched whole, as psycopg2 does.
    virtual bool streamsResults() const { return true; }
    // Whether the driver's lastInsertId() is a free read of the connection (SQLite's rowid).
    virtual bool readsLastInsertId() const { return false; }
    // Whether a failed COMMIT leaves the transaction open (SQLite) rather than ending it
    // (PostgreSQL).
    virtual bool commitFailureKeepsTransaction() const { return false; }

    // Value conversion between Qt values and what the driver stores/returns for a type.
    virtual QVariant toDatabase(const QVariant& value, const SqlType& type) const;
    virtual QVariant fromDatabase(const QVariant& value, const SqlType& type) const;
    // The Qt type a driver value of a `type` column already has when fromDatabase() would return
    // it unchanged (QMetaType() when it always converts): lets a Result hand most values over
    // without a conversion call per value. A dialect overriding fromDatabase() for one of these
    // kinds overrides this too.
    virtual QMetaType unconvertedType(const SqlType& type) const;

    virtual ErrorKind classifyError(const QSqlError& error) const = 0;
    // A query returning a row when the table exists (for createAll/dropAll with CheckFirst).
    virtual Statement hasTableQuery(const QString& schema, const QString& table) const = 0;

    // Compiles (or takes from the cache) `statement` and resolves its bound values; values for
    // bindParam()/text() placeholders without a value come from `params`.
    BoundStatement bind(const Statement& statement, const QVariantMap& params = {}) const;
    // Only the SQL text, for tests and display.
    QString sql(const Statement& statement) const;
    int cacheSize() const;
    // How many compilations the cache answered; a statement shape seen before is not compiled
    // again.
    qint64 cacheHits() const;

protected:
    // The spellings literal() leaves to the dialect: bytes (X'0aff' by default) and floating-point
    // numbers (shortest round-trip text; NaN and infinities as quoted text by default).
    virtual QString binaryLiteral(const QByteArray& bytes) const;
    virtual QString floatLiteral(double value) const;

    // Shared helpers for subclasses' conversions.
    static QVariant jsonToText(const QVariant& value);
    static QVariant textToJson(const QVariant& value);

private:
    std::shared_ptr<const sql::CompiledStatement> compiled(const Statement& statement,
                                                           sql::CacheKey& key) const;

    // A statement object executed again (the ORM keeps its SELECT by key, for instance) needs
    // no second walk of its tree: its compilation and bind nodes are remembered by node.
    struct Prepared {
        std::weak_ptr<const sql::Node> node; // tells a live node from a new one at the same address
        std::shared_ptr<const sql::CompiledStatement> compiled;
        std::vector<const sql::BindNode*> binds;
    };

    mutable QMutex m_cacheMutex;
    mutable QHash<QByteArray, std::shared_ptr<const sql::CompiledStatement>> m_cache;
    mutable QHash<const sql::Node*, Prepared> m_prepared;
    mutable qint64 m_cacheHits = 0;
};

// The dialect for a URL scheme ("sqlite", "postgresql"); nullptr when there is none.
std::unique_ptr<Dialect> createDialect(const QString& name);

} // namespace orm
