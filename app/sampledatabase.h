#pragma once
// SampleDatabase makes the browser's bundled sample database: a SQLite file with the SQLAlchemy
// tutorial's users, addresses, posts and keywords, created from resources/sample.sql.

#include <QString>
#include <QStringList>

namespace orm {
class Connection;
}

namespace browser {

class SampleDatabase {
public:
    SampleDatabase() = delete;

    // sample.db in the application's local data folder.
    static QString defaultPath();

    // The bundled script, and the script split into statements (each ends with ";" at the end
    // of a line; comment lines are left out).
    static QString script();
    static QStringList statements(const QString& script);

    // Runs the script on `connection` in one transaction: all of it or nothing.
    static void populate(orm::Connection& connection);
    // (Re)creates the sample database at `path`, creating its folder when needed.
    static void create(const QString& path);
    // The URL of the sample database at `path`, created first when the file is missing or has
    // no tables. Throws orm::Error when the file cannot be read or created.
    static QString ensure(const QString& path);
};

} // namespace browser
