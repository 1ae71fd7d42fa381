#pragma once
// Connection is one database connection checked out of an Engine for the calling thread.
// Every statement goes through execute(), the single place that compiles, binds, runs, logs
// and translates errors. Transactions are explicit (begin()); outside one, each statement
// commits on its own. Returning the connection (destruction) rolls back what was left open.

#include "orm/engine/result.h"
#include "orm/engine/statementlog.h"
#include "orm/sql/statement.h"

#include <QSqlDatabase>
#include <QVariantMap>
#include <memory>

namespace orm {

class Dialect;
class Engine;

// What an INSERT/UPDATE/DELETE run with Connection::execDml() reports.
struct DmlResult {
    qint64 rowsAffected = -1;
    QVariant lastInsertId; // SQLite's rowid when asked for; invalid elsewhere
};
class Transaction;
class Savepoint;

namespace detail {
struct ConnectionState;
}

class Connection {
public:
    explicit Connection(std::shared_ptr<detail::ConnectionState> state);
    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Compiles and runs a statement; values of bindParam()/text() placeholders come from `params`.
    Result execute(const Statement& statement, const QVariantMap& params = {});
    Result execute(const Statement& statement, const QVariantMap& params, Origin origin);
    // Runs driver-level SQL with positional values (? on SQLite, $1 on PostgreSQL).
    Result exec(const QString& sql, const QVariantList& values = {},
                Origin origin = Origin::UserSql);
    // A prepared data-changing statement that returns no rows: just the counts, without a Result.
    DmlResult execDml(const QString& sql, const QVariantList& values, Origin origin,
                      bool wantInsertId = false);

    // BEGIN; InvalidRequestError when a transaction is already open (use beginNested()).
    Transaction begin();
    // SAVEPOINT inside the open transaction (one is begun when none is open).
    Savepoint beginNested();
    bool inTransaction() const;

    // The origin given to statements executed without one; see OriginScope.
    Origin defaultOrigin() const;
    void setDefaultOrigin(Origin origin);

    const Dialect& dialect() const;
    StatementLog& log() const;
    QSqlDatabase database() const;
    // The name of the underlying QSqlDatabase connection.
    QString name() const;

    // Low-level transaction control, used by Transaction, Savepoint and the Session.
    void beginTransaction();
    void commitTransaction();
    void rollbackTransaction();
    QString createSavepoint();
    void releaseSavepoint(const QString& name);
    void rollbackToSavepoint(const QString& name);

    const std::shared_ptr<detail::ConnectionState>& state() const { return d; }

private:
    std::shared_ptr<detail::ConnectionState> d;
};

// Tags every statement of a scope with an origin: OriginScope scope(conn, Origin::Flush);
class OriginScope {
public:
    OriginScope(Connection& connection, Origin origin);
    ~OriginScope();
    OriginScope(const OriginScope&) = delete;
    OriginScope& operator=(const OriginScope&) = delete;

private:
    Connection& m_connection;
    Origin m_saved;
};

} // namespace orm
