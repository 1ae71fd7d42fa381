#include "app/databaseurl.h"

#include <QFileInfo>

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

} // namespace browser
