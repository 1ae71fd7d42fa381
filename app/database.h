#pragma once
// Database is one database opened in the browser: its Engine, the mappers of its tables and the
// Session every view edits it through. The bundled sample is mapped with the compiled classes
// of samplemodel.h (in Registry::global()); any other database is reflected and automapped into
// a Registry of its own, so that databases opened one after the other (even with tables of the
// same names) never share a Mapper or a Table. The Session does not autoflush: nothing is sent
// before Commit. The Session goes first, then the Registry, then the Engine: objects never
// outlive their mapper or connection.

#include "orm/engine/engine.h"
#include "orm/mapping/registry.h"
#include "orm/session/session.h"

#include <QList>
#include <QStringList>
#include <memory>

namespace browser {

class Database {
public:
    // Both throw orm::Error (with the database's message) when the database cannot be opened
    // or read; nothing is left open then.
    // The sample database at `url`, mapped with the compiled classes.
    static std::unique_ptr<Database> openSample(const QString& url);
    // Any SQLite or PostgreSQL database, reflected and automapped.
    static std::unique_ptr<Database> open(const QString& url);

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    orm::Engine& engine() const { return *m_engine; }
    orm::Session& session() const { return *m_session; }
    const orm::MetaData& metadata() const;
    // One mapper per table and view, sorted by table name.
    const QList<const orm::Mapper*>& mappers() const { return m_mappers; }
    bool isSample() const { return m_registry == nullptr; }
    // What automap left out (a foreign key to a missing table, ...).
    const QStringList& warnings() const { return m_warnings; }

    // The mapper of a table (its name as the schema tree shows it), or nullptr.
    const orm::Mapper* mapperOf(const QString& table) const;
    // The name a table is shown with: "schema.table" outside the default schema.
    static QString tableName(const orm::Mapper& mapper);
    // The title bar's name of the database: the file name, or the database and its server.
    QString displayName() const;

private:
    Database() = default;

    std::unique_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Registry> m_registry; // automapped databases only
    std::unique_ptr<orm::Session> m_session;
    QList<const orm::Mapper*> m_mappers;
    QStringList m_warnings;
};

} // namespace browser
