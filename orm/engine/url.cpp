#include "orm/engine/url.h"

#include "orm/errors.h"

#include <QUrl>
#include <QUrlQuery>

namespace orm {

namespace {

QMap<QString, QString> parseQuery(const QString& text)
{
    QMap<QString, QString> out;
    const QUrlQuery query(text);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded))
        out.insert(key, value);
    return out;
}

Url parseSqlite(const QString& text, const QString& rest)
{
    // After "sqlite://" comes "/" and the path: one slash for a relative path, two for an absolute
    // one.
    Url url;
    url.backend = QStringLiteral("sqlite");
    QString path = rest;
    const qsizetype question = path.indexOf(u'?');
    if (question >= 0) {
        url.query = parseQuery(path.mid(question + 1));
        path.truncate(question);
    }
    if (!path.isEmpty() && !path.startsWith(u'/'))
        throw ArgumentError(QStringLiteral("SQLite URL \"%1\" needs three slashes: "
                                           "sqlite:///file.db or sqlite:////absolute/file.db")
                                .arg(text));
    path = QUrl::fromPercentEncoding(path.mid(1).toUtf8());
    url.database = path.isEmpty() ? QStringLiteral(":memory:") : path;
    const QString mode = url.query.value(QStringLiteral("mode"), QStringLiteral("rwc"));
    if (mode != u"ro" && mode != u"rw" && mode != u"rwc")
        throw ArgumentError(
            QStringLiteral("SQLite URL option mode=%1 is not one of ro, rw, rwc").arg(mode));
    return url;
}

Url parsePostgresql(const QString& text)
{
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        throw ArgumentError(
            QStringLiteral("malformed PostgreSQL URL \"%1\": %2").arg(text, parsed.errorString()));
    Url url;
    url.backend = QStringLiteral("postgresql");
    url.host = parsed.host();
    url.port = parsed.port(-1);
    url.user = parsed.userName(QUrl::FullyDecoded);
    url.password = parsed.password(QUrl::FullyDecoded);
    url.database = parsed.path(QUrl::FullyDecoded).mid(1);
    url.query = parseQuery(parsed.query(QUrl::FullyEncoded));
    if (url.database.contains(u'/'))
        throw ArgumentError(
            QStringLiteral("PostgreSQL URL \"%1\" has a path with more than a database name")
                .arg(url.toDisplayString()));
    return url;
}

} // namespace

Url Url::parse(const QString& text)
{
    const qsizetype sep = text.indexOf(QStringLiteral("://"));
    if (sep <= 0)
        throw ArgumentError(
            QStringLiteral("\"%1\" is not a database URL; expected e.g. sqlite:///file.db or "
                           "postgresql://user:password@host/dbname")
                .arg(text));
    const QString scheme = text.left(sep).toLower();
    const QString backend = scheme.section(u'+', 0, 0);
    if (backend == u"sqlite")
        return parseSqlite(text, text.mid(sep + 3));
    if (backend == u"postgresql" || backend == u"postgres")
        return parsePostgresql(text);
    if (backend == u"mysql" || backend == u"mariadb")
        throw ArgumentError(
            QStringLiteral(
                "%1:// URLs are not supported yet: MySQL/MariaDB support is planned; use "
                "sqlite:// or postgresql://")
                .arg(scheme));
    throw ArgumentError(
        QStringLiteral("unknown database \"%1\" in URL; QtOrm supports sqlite:// and postgresql://")
            .arg(scheme));
}

QString Url::toDisplayString() const
{
    if (backend == u"sqlite")
        return QStringLiteral("sqlite:///") + database;
    QString out = backend + QStringLiteral("://");
    if (!user.isEmpty())
        out += user + (password.isEmpty() ? QString() : QStringLiteral(":***")) + u'@';
    out += host;
    if (port >= 0)
        out += u':' + QString::number(port);
    return out + u'/' + database;
}

} // namespace orm
