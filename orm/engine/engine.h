#pragma once
// Engine is the starting point: it turns a URL into connections (one QSqlDatabase per thread,
// as Qt requires), owns the dialect with its compiled-statement cache, and the StatementLog
// that every statement passes through. Like SQLAlchemy's Engine it connects lazily.
//
//     orm::Engine engine("sqlite:///tutorial.db", {.echo = true});
//     orm::Connection conn = engine.connect();

#include "orm/engine/connection.h"
#include "orm/engine/result.h"
#include "orm/engine/statementlog.h"
#include "orm/engine/url.h"

#include <memory>

namespace orm {

class Dialect;

namespace detail {
struct EngineCore;
}

struct EngineOptions {
    bool echo = false;      // write every statement to the "qtorm.sql" logging category
    int logCapacity = 1000; // entries kept in the in-memory log
    // The SQL dialect to use instead of the one the URL's backend names, for a variant of that
    // database (a SQLite built without RETURNING, say). It must use the backend's Qt driver.
    std::shared_ptr<Dialect> dialect;
};

class Engine {
public:
    // ArgumentError for a malformed URL, an unknown backend or a missing Qt SQL driver.
    explicit Engine(const QString& url, const EngineOptions& options = {});
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine();

    const Url& url() const;
    const Dialect& dialect() const;
    StatementLog& log() const;
    void setEcho(bool on);

    // A connection for the calling thread, opened on first use. OperationalError when the
    // database cannot be reached or opened (missing file with mode=rw, not a database, bad
    // password).
    Connection connect();
    // Executes on a connection of the calling thread, in autocommit mode.
    Result execute(const Statement& statement, const QVariantMap& params = {});

private:
    std::shared_ptr<detail::EngineCore> d;
};

} // namespace orm
