#include "orm/engine/engine.h"

#include "orm/engine/connectionstate_p.h"
#include "orm/errors.h"

#include <QAtomicInt>

namespace orm {

namespace {

QAtomicInt engineSerial;

// The Debian package that provides a Qt SQL driver, for the error message when it is missing.
QString driverPackage(const QString& driver)
{
    return driver == u"QPSQL" ? QStringLiteral("libqt6sql6-psql")
                              : QStringLiteral("libqt6sql6-sqlite");
}

} // namespace

namespace detail {

std::shared_ptr<ConnectionState> EngineCore::checkout(const std::shared_ptr<EngineCore>& self)
{
    QThread* thread = QThread::currentThread();
    std::shared_ptr<ConnectionState> state;
    {
        QMutexLocker lock(&mutex);
        if (url.isMemory()) {
            state = memory.value(thread);
        } else if (auto& pool = idle[thread]; !pool.empty()) {
            state = pool.back();
            pool.pop_back();
        }
        if (!state) {
            state = std::make_shared<ConnectionState>(
                self, QStringLiteral("qtorm_%1_%2").arg(serial).arg(++nextConnection));
            watchThread(self, thread);
        }
    }
    state->ensureOpen(); // throws before the state is remembered anywhere
    if (url.isMemory()) {
        QMutexLocker lock(&mutex);
        memory.insert(thread, state);
    }
    return state;
}

void EngineCore::watchThread(const std::shared_ptr<EngineCore>& self, QThread* thread)
{
    // Close a thread's pooled connections in that thread when it ends, as Qt requires.
    if (watchedThreads.contains(thread))
        return;
    watchedThreads.insert(thread);
    std::weak_ptr<EngineCore> weak = self;
    QObject::connect(
        thread, &QThread::finished, thread,
        [weak, thread] {
            if (auto core = weak.lock()) {
                QMutexLocker lock(&core->mutex);
                auto idle = std::move(core->idle[thread]);
                auto memory = core->memory.take(thread);
                core->idle.remove(thread);
                core->watchedThreads.remove(thread);
                lock.unlock();
            }
        },
        Qt::DirectConnection);
}

void EngineCore::checkin(const std::shared_ptr<ConnectionState>& state)
{
    if (url.isMemory())
        return; // shared; stays with its thread
    if (state->inTransaction) {
        // A connection goes back to the pool clean, as in SQLAlchemy's reset-on-return.
        try {
            state->runControl(QStringLiteral("ROLLBACK"));
        } catch (const Error&) {
            return; // a broken connection is dropped, not pooled
        }
        state->inTransaction = false;
    }
    QMutexLocker lock(&mutex);
    idle[state->thread].push_back(state);
}

} // namespace detail

Engine::Engine(const QString& url, const EngineOptions& options)
    : d(std::make_shared<detail::EngineCore>())
{
    d->url = Url::parse(url);
    d->dialect = createDialect(d->url.backend);
    if (options.dialect) {
        if (options.dialect->driverName() != d->dialect->driverName())
            throw ArgumentError(
                QStringLiteral("the dialect %1 uses the Qt SQL driver %2, not %3 of %4:// URLs")
                    .arg(options.dialect->name(), options.dialect->driverName(),
                         d->dialect->driverName(), d->url.backend));
        d->dialect = options.dialect;
    }
    d->serial = ++engineSerial;
    d->log.setEcho(options.echo);
    d->log.setCapacity(options.logCapacity);
    const QString driver = d->dialect->driverName();
    if (!QSqlDatabase::isDriverAvailable(driver))
        throw ArgumentError(
            QStringLiteral("the Qt SQL driver %1 needed for %2:// URLs is not installed "
                           "(Debian: apt-get install %3)")
                .arg(driver, d->url.backend, driverPackage(driver)));
}

Engine::~Engine()
{
    // Break the cycle core -> pooled state -> core; states still held by live Connections
    // or Results keep the core alive until they go.
    QMutexLocker lock(&d->mutex);
    auto idle = std::move(d->idle);
    auto memory = std::move(d->memory);
    d->idle.clear();
    d->memory.clear();
    lock.unlock();
}

const Url& Engine::url() const
{
    return d->url;
}
const Dialect& Engine::dialect() const
{
    return *d->dialect;
}
StatementLog& Engine::log() const
{
    return d->log;
}
void Engine::setEcho(bool on)
{
    d->log.setEcho(on);
}

Connection Engine::connect()
{
    return Connection(d->checkout(d));
}

Result Engine::execute(const Statement& statement, const QVariantMap& params)
{
    Connection conn = connect();
    return conn.execute(statement, params);
}

} // namespace orm
