#include "app/databaseurl.h"

#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace browser {

QString sqliteUrl(const QString& path, const QString& mode)
{
    QString absolute = QFileInfo(path).absoluteFilePath();
    // The URL's path is percent-decoded and ends at the first "?".
    absolute.replace(u'%', QStringLiteral("%25")).replace(u'?', QStringLiteral("%3F"));
    QString url = QStringLiteral("sqlite:///") + absolute;
    if (!mode.isEmpty())
        url += QStringLiteral("?mode=") + mode;
    return url;
}

bool isDatabaseUrl(const QString& input)
{
    const qsizetype sep = input.indexOf(QStringLiteral("://"));
    if (sep <= 0)
        return false;
    for (qsizetype i = 0; i < sep; ++i) {
        const QChar c = input[i];
        if (!(c.isLetterOrNumber() || c == u'+' || c == u'-' || c == u'.'))
            return false;
    }
    return input[0].isLetter();
}

QString databaseUrlFromInput(const QString& input)
{
    return isDatabaseUrl(input) ? input : sqliteUrl(input);
}

QString postgresqlUrl(const QString& host, int port, const QString& database, const QString& user,
                      const QString& password)
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host.isEmpty() ? QStringLiteral("localhost") : host);
    if (port > 0)
        url.setPort(port);
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(u'/' + database);
    return url.toString(QUrl::FullyEncoded);
}

QString withConnectTimeout(const QString& url, int seconds)
{
    if (!url.startsWith(QStringLiteral("postgres"), Qt::CaseInsensitive))
        return url;
    const qsizetype question = url.indexOf(u'?');
    const QUrlQuery query(question < 0 ? QString() : url.mid(question + 1));
    if (query.hasQueryItem(QStringLiteral("connect_timeout")))
        return url;
    return url + (question < 0 ? u'?' : u'&') + QStringLiteral("connect_timeout=") +
           QString::number(seconds);
}

} // namespace browser
