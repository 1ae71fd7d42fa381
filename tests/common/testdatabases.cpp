#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QCoreApplication>
#include <QHash>
#include <QTest>
#include <QUrl>

namespace qtorm::test {

namespace {

QTemporaryDir& scratchDir()
{
    static QTemporaryDir dir;
    return dir;
}

} // namespace

QString scratchFile(const QString& name)
{
    return scratchDir().filePath(name);
}

QString postgresAdminUrl()
{
    return qEnvironmentVariable("QTORM_TEST_PG_URL");
}

QString postgresUrl(const QString& suite)
{
    static QHash<QString, QString> created;
    if (created.contains(suite))
        return created.value(suite);
    const QString admin = postgresAdminUrl();
    if (admin.isEmpty())
        return {};
    const QString database = QStringLiteral("qtorm_") + suite.toLower();
    {
        // CREATE DATABASE cannot take a parameter; the name is the suite's own, not user data.
        orm::Engine engine(admin);
        orm::Connection conn = engine.connect();
        conn.exec(QStringLiteral("DROP DATABASE IF EXISTS ") +
                  conn.dialect().quoteIdentifier(database) + QStringLiteral(" WITH (FORCE)"));
        conn.exec(QStringLiteral("CREATE DATABASE ") + conn.dialect().quoteIdentifier(database));
    }
    QUrl url(admin);
    url.setPath(u'/' + database);
    created.insert(suite, url.toString());
    return url.toString();
}

void addBackendRows(const QString& suite)
{
    static int fileCounter = 0;
    QTest::addColumn<QString>("url");
    QTest::newRow("sqlite-file")
        << QStringLiteral("sqlite:///") +
               scratchFile(QStringLiteral("%1-%2.db").arg(suite).arg(++fileCounter));
    QTest::newRow("sqlite-memory") << QStringLiteral("sqlite:///:memory:");
    QTest::newRow("postgresql") << postgresUrl(suite);
}

} // namespace qtorm::test
