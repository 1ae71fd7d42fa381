#pragma once
// Turning what a user gives the browser (a file path or a database URL) into a database URL.

#include <QString>

namespace browser {

// The sqlite:// URL of a file (made absolute). `mode` is SQLite's open mode: "rw" opens an
// existing file only, "rwc" creates a missing one.
QString sqliteUrl(const QString& path, const QString& mode = QStringLiteral("rw"));

// Whether `input` looks like a database URL (scheme://...) rather than a file path.
bool isDatabaseUrl(const QString& input);

// A URL is kept as it is; anything else is the path of an existing SQLite file.
QString databaseUrlFromInput(const QString& input);

// The postgresql:// URL of a server's database; user and password are percent-encoded, an
// empty host is localhost and a port of 0 or less the default one.
QString postgresqlUrl(const QString& host, int port, const QString& database, const QString& user,
                      const QString& password);

// A PostgreSQL URL gets connect_timeout=`seconds` unless it sets one: an unreachable server
// then fails in seconds rather than leaving the window waiting for minutes. Other URLs are
// kept as they are.
QString withConnectTimeout(const QString& url, int seconds = 5);

} // namespace browser
