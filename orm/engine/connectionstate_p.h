#pragma once
// Private to the engine: the shared core of an Engine and the state of one database
// connection. Connections, Results and transaction scopes hold the state by shared pointer, so
// a connection stays checked out while anything still uses it.

#include "orm/engine/result.h"
#include "orm/engine/statementlog.h"
#include "orm/engine/url.h"
#include "orm/sql/compiler.h"
#include "orm/sql/dialect.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <memory>
#include <optional>
#include <vector>

namespace orm::detail {

struct ConnectionState;

struct EngineCore {
    Url url;
    std::shared_ptr<Dialect> dialect;
    StatementLog log;
    int serial = 0;

    QMutex mutex; // guards the pools below
    int nextConnection = 0;
    QHash<QThread*, std::vector<std::shared_ptr<ConnectionState>>> idle;
    // An in-memory SQLite database lives as long as its one connection, so each thread keeps
    // one for the Engine's life and every checkout in that thread shares it.
    QHash<QThread*, std::shared_ptr<ConnectionState>> memory;

    QSet<QThread*> watchedThreads;

    std::shared_ptr<ConnectionState> checkout(const std::shared_ptr<EngineCore>& self);
    void watchThread(const std::shared_ptr<EngineCore>& self, QThread* thread);
    void checkin(const std::shared_ptr<ConnectionState>& state);
};

struct ConnectionState : std::enable_shared_from_this<ConnectionState> {
    ConnectionState(std::shared_ptr<EngineCore> core, const QString& name);
    ~ConnectionState();

    std::shared_ptr<EngineCore> core;
    QString name;
    QThread* thread;
    bool open = false;
    bool inTransaction = false;
    int savepointCounter = 0;
    Origin origin = Origin::Query;
    // Prepared statements by SQL text, reused while no Result still reads from them.
    QHash<QString, std::shared_ptr<QSqlQuery>> statements;
    QString lastSql; // the statement looked up last, and its query (also in `statements`)
    std::shared_ptr<QSqlQuery> lastQuery;

    QSqlDatabase database() const { return QSqlDatabase::database(name, false); }
    const Dialect& dialect() const { return *core->dialect; }
    // Opens the QSqlDatabase on first use; OperationalError naming what is wrong.
    void ensureOpen();
    struct Executed {
        std::shared_ptr<QSqlQuery> query;
        quint64 logId = 0;
        bool isSelect = false;
        qint64 rows = -1;
    };
    // The execute chokepoint: runs, logs, and translates errors into the exception hierarchy.
    Executed runStatement(const QString& sql, const QVariantList& values,
                          const QVariantList& displayValues, Origin origin, bool prepare);
    // runStatement() wrapped in a Result.
    Result run(const QString& sql, const QVariantList& values, const QVariantList& displayValues,
               Origin origin, std::shared_ptr<const sql::CompiledStatement> compiled, bool prepare);
    void runControl(const QString& sql) { run(sql, {}, {}, Origin::Transaction, nullptr, false); }

    // Transaction control, shared by Connection, Transaction, Savepoint and the Session.
    void begin();
    void commit();
    void rollback();
    QString savepoint();
    void releaseSavepoint(const QString& name);
    void rollbackToSavepoint(const QString& name);

private:
    void openSqlite(QSqlDatabase& db);
    void openPostgresql(QSqlDatabase& db);
    std::shared_ptr<QSqlQuery> preparedQuery(const QString& sql, std::optional<QSqlError>* error);
};

} // namespace orm::detail
