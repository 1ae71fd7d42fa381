#include "app/sampledatabase.h"

#include "app/appresources.h"
#include "app/databaseurl.h"
#include "orm/orm.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace browser {

QString SampleDatabase::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("sample.db"));
}

QString SampleDatabase::script()
{
    initAppResources();
    QFile file(QString::fromUtf16(SampleScriptPath));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        throw orm::Error(QStringLiteral("the bundled sample database script %1 cannot be read: %2")
                             .arg(file.fileName(), file.errorString()));
    return QString::fromUtf8(file.readAll());
}

QStringList SampleDatabase::statements(const QString& script)
{
    QStringList out;
    QStringList current;
    const auto finish = [&] {
        const QString statement = current.join(u'\n').trimmed();
        if (!statement.isEmpty())
            out << statement;
        current.clear();
    };
    for (const QString& line : script.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QStringLiteral("--")))
            continue;
        if (trimmed.endsWith(u';')) {
            current << line.left(line.lastIndexOf(u';'));
            finish();
        } else {
            current << line;
        }
    }
    finish(); // a last statement without ";"
    return out;
}

void SampleDatabase::populate(orm::Connection& connection)
{
    const QStringList all = statements(script());
    orm::Transaction transaction = connection.begin();
    for (const QString& sql : all) {
        const bool ddl = sql.startsWith(QStringLiteral("CREATE"), Qt::CaseInsensitive);
        connection.exec(sql, {}, ddl ? orm::Origin::Ddl : orm::Origin::UserSql);
    }
    transaction.commit();
}

void SampleDatabase::create(const QString& path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        throw orm::Error(QStringLiteral("cannot create the folder %1 for the sample database")
                             .arg(info.absolutePath()));
    if (info.exists() && !QFile::remove(info.absoluteFilePath()))
        throw orm::Error(QStringLiteral("cannot replace %1 with a new sample database")
                             .arg(info.absoluteFilePath()));
    orm::Engine engine(sqliteUrl(path, QStringLiteral("rwc")));
    orm::Connection connection = engine.connect();
    populate(connection);
}

QString SampleDatabase::ensure(const QString& path)
{
    bool hasTables = false;
    if (QFileInfo::exists(path)) {
        orm::Engine engine(sqliteUrl(path));
        orm::Connection connection = engine.connect();
        hasTables = connection
                        .execute(orm::text(QStringLiteral(
                                     "SELECT count(*) FROM sqlite_master WHERE type = 'table'")),
                                 {}, orm::Origin::Reflection)
                        .scalar()
                        .toLongLong() > 0;
    }
    if (!hasTables)
        create(path);
    return sqliteUrl(path);
}

} // namespace browser
