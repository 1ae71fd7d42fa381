#include "orm/engine/connection.h"

#include "orm/engine/connectionstate_p.h"
#include "orm/engine/transaction.h"
#include "orm/errors.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDriver>

namespace orm {

namespace detail {

namespace {

[[noreturn]] void raiseDatabaseError(const Dialect& dialect, const QSqlError& error,
                                     const QString& sql, const QVariantList& params)
{
    const ErrorKind kind = dialect.classifyError(error);
    const QString driverText =
        error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    const char* kindName = kind == ErrorKind::Integrity     ? "IntegrityError"
                           : kind == ErrorKind::Programming ? "ProgrammingError"
                           : kind == ErrorKind::Data        ? "DataError"
                                                            : "OperationalError";
    const QString message =
        QStringLiteral("(%1) %2\n[SQL: %3]\n[parameters: %4]")
            .arg(QLatin1String(kindName), driverText.trimmed(), sql, formatParams(params));
    switch (kind) {
    case ErrorKind::Integrity:
        throw IntegrityError(message, error, sql, params);
    case ErrorKind::Programming:
        throw ProgrammingError(message, error, sql, params);
    case ErrorKind::Data:
        throw DataError(message, error, sql, params);
    case ErrorKind::Operational:
        break;
    }
    throw OperationalError(message, error, sql, params);
}

} // namespace

ConnectionState::ConnectionState(std::shared_ptr<EngineCore> c, const QString& n)
    : core(std::move(c)), name(n), thread(QThread::currentThread())
{}

ConnectionState::~ConnectionState()
{
    lastQuery.reset();
    statements.clear(); // every QSqlQuery must be gone before the connection is removed
    if (!QSqlDatabase::contains(name))
        return;
    if (thread == QThread::currentThread()) {
        QSqlDatabase db = database();
        db.close();
    }
    // From another thread only the registration can go; the driver closes with it.
    QSqlDatabase::removeDatabase(name);
}

void ConnectionState::ensureOpen()
{
    if (thread != QThread::currentThread())
        throw InvalidRequestError(
            QStringLiteral("a connection was used from another thread than the one that opened it; "
                           "call Engine::connect() in each thread"));
    if (open)
        return;
    QSqlDatabase db = QSqlDatabase::contains(name)
                          ? database()
                          : QSqlDatabase::addDatabase(dialect().driverName(), name);
    if (core->url.backend == u"sqlite")
        openSqlite(db);
    else
        openPostgresql(db);
}

void ConnectionState::openSqlite(QSqlDatabase& db)
{
    const Url& url = core->url;
    const QString mode = url.query.value(QStringLiteral("mode"), QStringLiteral("rwc"));
    QString path = url.database;
    if (!url.isMemory()) {
        const QFileInfo info(path);
        path = info.absoluteFilePath();
        if (mode != u"rwc" && !info.exists())
            throw OperationalError(
                QStringLiteral("SQLite database file %1 does not exist").arg(path));
        if (!info.absoluteDir().exists())
            throw OperationalError(
                QStringLiteral("cannot create SQLite database %1: the folder %2 does not exist")
                    .arg(path, info.absolutePath()));
        if (info.isDir())
            throw OperationalError(
                QStringLiteral("cannot open SQLite database %1: it is a folder").arg(path));
    }
    db.setDatabaseName(path);
    QStringList options{
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1")
            .arg(url.query.value(QStringLiteral("timeout"), QStringLiteral("5000")))};
    if (mode == u"ro")
        options << QStringLiteral("QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options.join(u';'));
    if (!db.open())
        throw OperationalError(
            QStringLiteral("cannot open SQLite database %1: %2").arg(path, db.lastError().text()),
            db.lastError());
    open = true;
    try {
        // Reading the schema reads the file header and the first page: a file that is not a
        // database (or is corrupt) fails here, at connect time, instead of at the first query.
        run(QStringLiteral("SELECT count(*) FROM sqlite_master"), {}, {}, Origin::Internal, nullptr,
            false);
        if (url.query.value(QStringLiteral("foreign_keys"), QStringLiteral("on")) != u"off")
            run(QStringLiteral("PRAGMA foreign_keys = ON"), {}, {}, Origin::Internal, nullptr,
                false);
    } catch (const DatabaseError& e) {
        open = false;
        db.close();
        throw OperationalError(
            QStringLiteral("%1 is not a usable SQLite database: %2").arg(path, e.driverMessage()),
            e.sqlError());
    }
}

void ConnectionState::openPostgresql(QSqlDatabase& db)
{
    const Url& url = core->url;
    db.setHostName(url.host);
    if (url.port >= 0)
        db.setPort(url.port);
    db.setDatabaseName(url.database);
    db.setUserName(url.user);
    db.setPassword(url.password);
    QMap<QString, QString> options = url.query;
    // Without a timeout an unreachable server hangs the caller for minutes.
    if (!options.contains(QStringLiteral("connect_timeout")))
        options.insert(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    db.setConnectOptions(parts.join(u';'));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        throw OperationalError(
            QStringLiteral("could not connect to %1: %2")
                .arg(url.toDisplayString(), error.databaseText().trimmed().isEmpty()
                                                ? error.text()
                                                : error.databaseText().trimmed()),
            error);
    }
    open = true;
}

std::shared_ptr<QSqlQuery> ConnectionState::preparedQuery(const QString& sql,
                                                          std::optional<QSqlError>* error)
{
    constexpr int MaxPrepared = 200;
    // Held by the cache (and by lastQuery) only: no Result is still reading from it.
    const auto idle = [this](const std::shared_ptr<QSqlQuery>& q) {
        return q.use_count() == (q == lastQuery ? 2 : 1);
    };
    // The same statement again (a flush runs one shape per row with the very same string)
    // skips hashing the text.
    if (lastQuery && sql.isSharedWith(lastSql) && idle(lastQuery))
        return lastQuery;
    auto it = statements.find(sql);
    if (it != statements.end() && idle(it.value())) {
        lastSql = sql;
        lastQuery = it.value();
        return it.value();
    }
    auto query = std::make_shared<QSqlQuery>(database());
    query->setForwardOnly(dialect().streamsResults());
    if (!query->prepare(sql)) {
        error->emplace(query->lastError());
        return nullptr;
    }
    // A statement still being read by a Result is not shared; this copy is used once.
    if (it == statements.end()) {
        if (statements.size() >= MaxPrepared)
            statements.clear();
        statements.insert(sql, query);
    }
    return query;
}

ConnectionState::Executed ConnectionState::runStatement(const QString& sql,
                                                        const QVariantList& values,
                                                        const QVariantList& displayValues,
                                                        Origin entryOrigin, bool prepare)
{
    ensureOpen();
    LogEntry entry;
    entry.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    entry.sql = sql;
    entry.params = displayValues;
    entry.origin = entryOrigin;
    entry.connection = name;

    QElapsedTimer timer;
    timer.start();
    Executed done;
    std::optional<QSqlError> error; // built on failure only: a QSqlError allocates
    bool ok = false;
    if (prepare) {
        done.query = preparedQuery(sql, &error);
        if (done.query) {
            for (qsizetype i = 0; i < values.size(); ++i)
                done.query->bindValue(int(i), values[i]);
            ok = done.query->exec();
        }
    } else {
        done.query = std::make_shared<QSqlQuery>(database());
        done.query->setForwardOnly(dialect().streamsResults());
        ok = done.query->exec(sql);
    }
    if (done.query && !ok)
        error.emplace(done.query->lastError());
    entry.durationNs = timer.nsecsElapsed();
    done.isSelect = ok && done.query->isSelect();
    // Rows affected; for a SELECT the row count when the driver knows it up front (PostgreSQL),
    // otherwise it is filled in once the result has been read to the end.
    if (ok)
        done.rows = done.isSelect ? done.query->size() : done.query->numRowsAffected();
    entry.isSelect = done.isSelect;
    entry.rows = done.rows;
    if (!ok)
        entry.error = error->text(); // a prepared statement stays valid after a failed execution
    done.logId = core->log.record(std::move(entry));
    if (!ok)
        raiseDatabaseError(dialect(), *error, sql, displayValues);
    return done;
}

Result ConnectionState::run(const QString& sql, const QVariantList& values,
                            const QVariantList& displayValues, Origin entryOrigin,
                            std::shared_ptr<const sql::CompiledStatement> compiled, bool prepare)
{
    Executed done = runStatement(sql, values, displayValues, entryOrigin, prepare);
    return Result(shared_from_this(), std::move(done.query), std::move(compiled), done.logId,
                  done.isSelect, done.rows);
}

void ConnectionState::begin()
{
    if (inTransaction)
        throw InvalidRequestError(
            QStringLiteral("a transaction is already begun on this connection; use beginNested() "
                           "for a SAVEPOINT"));
    runControl(QStringLiteral("BEGIN"));
    inTransaction = true;
}

void ConnectionState::commit()
{
    if (!inTransaction)
        throw InvalidRequestError(
            QStringLiteral("commit: no transaction is begun on this connection"));
    inTransaction = false;
    savepointCounter = 0;
    try {
        runControl(QStringLiteral("COMMIT"));
    } catch (const DatabaseError&) {
        // PostgreSQL ends a transaction whose COMMIT failed; SQLite keeps it open (a deferred
        // foreign key, a busy database). Either way it is over for the caller: roll it back.
        if (dialect().commitFailureKeepsTransaction()) {
            try {
                runControl(QStringLiteral("ROLLBACK"));
            } catch (const DatabaseError&) {
                // Already gone.
            }
        }
        throw;
    }
}

void ConnectionState::rollback()
{
    if (!inTransaction)
        return;
    inTransaction = false;
    savepointCounter = 0;
    runControl(QStringLiteral("ROLLBACK"));
}

QString ConnectionState::savepoint()
{
    if (!inTransaction)
        throw InvalidRequestError(QStringLiteral("a SAVEPOINT needs an open transaction"));
    const QString spName = QStringLiteral("sp_%1").arg(++savepointCounter);
    runControl(QStringLiteral("SAVEPOINT ") + spName);
    return spName;
}

void ConnectionState::releaseSavepoint(const QString& spName)
{
    runControl(QStringLiteral("RELEASE SAVEPOINT ") + dialect().quoteIdentifier(spName));
}

void ConnectionState::rollbackToSavepoint(const QString& spName)
{
    runControl(QStringLiteral("ROLLBACK TO SAVEPOINT ") + dialect().quoteIdentifier(spName));
}

} // namespace detail

Connection::Connection(std::shared_ptr<detail::ConnectionState> state) : d(std::move(state)) {}
Connection::Connection(Connection&&) noexcept = default;

Connection& Connection::operator=(Connection&& other) noexcept
{
    if (this != &other) {
        if (d)
            d->core->checkin(d);
        d = std::move(other.d);
    }
    return *this;
}

Connection::~Connection()
{
    if (d)
        d->core->checkin(d);
}

Result Connection::execute(const Statement& statement, const QVariantMap& params)
{
    return execute(statement, params, d->origin);
}

Result Connection::execute(const Statement& statement, const QVariantMap& params, Origin origin)
{
    BoundStatement bound = d->dialect().bind(statement, params);
    const sql::CompiledStatement& compiled = *bound.compiled;
    if (compiled.isDdl && origin == Origin::Query)
        origin = Origin::Ddl;
    // DDL cannot be prepared on PostgreSQL; textual SQL without values may be anything.
    const bool isText = dynamic_cast<const sql::TextNode*>(statement.node()) != nullptr;
    const bool prepare = !compiled.isDdl && (!isText || !bound.values.isEmpty());
    return d->run(compiled.sql, bound.values, bound.displayValues, origin, bound.compiled, prepare);
}

DmlResult Connection::execDml(const QString& sql, const QVariantList& values, Origin origin,
                              bool wantInsertId)
{
    // No Result object: the unit of work runs one of these per row and needs only the counts.
    detail::ConnectionState::Executed done = d->runStatement(sql, values, values, origin, true);
    DmlResult out;
    out.rowsAffected = done.rows;
    if (wantInsertId && d->dialect().readsLastInsertId())
        out.lastInsertId = done.query->lastInsertId();
    // No finish(): a DML statement has run to completion, and the next exec() resets it.
    return out;
}

Result Connection::exec(const QString& sql, const QVariantList& values, Origin origin)
{
    return d->run(sql, values, values, origin, nullptr, !values.isEmpty());
}

Transaction Connection::begin()
{
    beginTransaction();
    return Transaction(d);
}

Savepoint Connection::beginNested()
{
    if (!d->inTransaction)
        beginTransaction();
    return Savepoint(d, createSavepoint());
}

bool Connection::inTransaction() const
{
    return d->inTransaction;
}
Origin Connection::defaultOrigin() const
{
    return d->origin;
}
void Connection::setDefaultOrigin(Origin origin)
{
    d->origin = origin;
}
const Dialect& Connection::dialect() const
{
    return d->dialect();
}
StatementLog& Connection::log() const
{
    return d->core->log;
}
QSqlDatabase Connection::database() const
{
    return d->database();
}
QString Connection::name() const
{
    return d->name;
}

void Connection::beginTransaction()
{
    d->begin();
}
void Connection::commitTransaction()
{
    d->commit();
}
void Connection::rollbackTransaction()
{
    d->rollback();
}
QString Connection::createSavepoint()
{
    return d->savepoint();
}
void Connection::releaseSavepoint(const QString& name)
{
    d->releaseSavepoint(name);
}
void Connection::rollbackToSavepoint(const QString& name)
{
    d->rollbackToSavepoint(name);
}

OriginScope::OriginScope(Connection& connection, Origin origin)
    : m_connection(connection), m_saved(connection.defaultOrigin())
{
    connection.setDefaultOrigin(origin);
}

OriginScope::~OriginScope()
{
    m_connection.setDefaultOrigin(m_saved);
}

} // namespace orm
