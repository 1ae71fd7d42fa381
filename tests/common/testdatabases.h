#pragma once
// The databases engine-level suites run against, as QtTest data rows:
//   sqlite-file    a fresh SQLite file in a temporary folder
//   sqlite-memory  SQLite in memory
//   postgresql     a database of the cluster scripts/test.sh starts (QTORM_TEST_PG_URL)
// Without QTORM_TEST_PG_URL the postgresql row skips, except under CI=true where it fails:
// a CI run must never pass by skipping PostgreSQL.

#include <QString>
#include <QTemporaryDir>

namespace qtorm::test {

// Adds the "url" column and one row per backend. `suite` names the PostgreSQL database.
void addBackendRows(const QString& suite);

// The URL of the suite's PostgreSQL database, created fresh on first use; empty when there is
// no server to use.
QString postgresUrl(const QString& suite);
// The administrative URL (database "postgres") from QTORM_TEST_PG_URL, or empty.
QString postgresAdminUrl();

// A folder for SQLite files that lives as long as the test executable.
QString scratchFile(const QString& name);

} // namespace qtorm::test

// Skips the test, or fails it under CI, when `url` (a PostgreSQL URL) is empty.
#define QTORM_REQUIRE_URL(url)                                                                     \
    if ((url).isEmpty()) {                                                                         \
        if (qEnvironmentVariable("CI") == QLatin1String("true"))                                   \
            QFAIL("PostgreSQL is required under CI=true but QTORM_TEST_PG_URL is not usable");     \
        QSKIP("PostgreSQL not available: set QTORM_TEST_PG_URL (scripts/test.sh does)");           \
    }                                                                                              \
    do {                                                                                           \
    } while (false)

// Fetches the row's URL into `url`; skips, or fails under CI, when PostgreSQL is not available.
#define QTORM_FETCH_URL()                                                                          \
    QFETCH(QString, url);                                                                          \
    QTORM_REQUIRE_URL(url)
