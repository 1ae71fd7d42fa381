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

} // namespace browser
