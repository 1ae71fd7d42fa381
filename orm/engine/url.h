#pragma once
// A database URL in SQLAlchemy's form:
//   sqlite:///relative.db   sqlite:////absolute/path.db   sqlite:///:memory:
//   postgresql://user:password@host:port/dbname?connect_timeout=5
// Query options are passed to the driver (PostgreSQL) or read by QtOrm (SQLite: mode=ro|rw|rwc,
// foreign_keys=on|off, timeout=ms).

#include <QMap>
#include <QString>

namespace orm {

class Url {
public:
    // ArgumentError naming what is wrong for a malformed URL or an unsupported backend.
    static Url parse(const QString& text);

    QString backend;  // "sqlite" or "postgresql"
    QString database; // a file path or ":memory:" for SQLite; the database name for PostgreSQL
    QString host;
    int port = -1;
    QString user;
    QString password;
    QMap<QString, QString> query;

    bool isMemory() const { return backend == u"sqlite" && database == u":memory:"; }
    // The URL with the password replaced by ***, for messages and the log.
    QString toDisplayString() const;
};

} // namespace orm
