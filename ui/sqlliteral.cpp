#include "ui/sqlliteral.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QTime>

namespace orm::ui {

QString sqlLiteral(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("NULL");
    const auto quoted = [](QString text) {
        return u'\'' + text.replace(u'\'', QStringLiteral("''")) + u'\'';
    };
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return value.toString();
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::QByteArray:
        return QStringLiteral("X'%1'").arg(QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::QDate:
        return quoted(value.toDate().toString(Qt::ISODate));
    case QMetaType::QTime:
        return quoted(value.toTime().toString(Qt::ISODateWithMs));
    case QMetaType::QDateTime:
        return quoted(value.toDateTime().toString(Qt::ISODateWithMs));
    default:
        return quoted(value.toString());
    }
}

QString inlineParameters(const QString& sql, const QVariantList& values)
{
    QStringList literals;
    literals.reserve(values.size());
    for (const QVariant& value : values)
        literals << sqlLiteral(value);
    return inlineParameters(sql, literals);
}

QString inlineParameters(const QString& sql, const QStringList& values)
{
    QString out;
    out.reserve(sql.size() + 16 * values.size());
    qsizetype next = 0; // the value of the next "?"
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql[i];
        // Quoted text and names, and comments, are copied as they are.
        if (c == u'\'' || c == u'"' || c == u'`') {
            const qsizetype end = sql.indexOf(c, i + 1);
            const qsizetype stop = end < 0 ? sql.size() : end + 1;
            out += QStringView(sql).mid(i, stop - i);
            i = stop - 1;
            continue;
        }
        if (c == u'-' && sql.mid(i, 2) == u"--") {
            const qsizetype end = sql.indexOf(u'\n', i);
            const qsizetype stop = end < 0 ? sql.size() : end;
            out += QStringView(sql).mid(i, stop - i);
            i = stop - 1;
            continue;
        }
        if (c == u'?') {
            out += next < values.size() ? values[next] : QStringLiteral("?");
            ++next;
            continue;
        }
        if (c == u'$' && i + 1 < sql.size() && sql[i + 1].isDigit()) {
            qsizetype end = i + 1;
            while (end < sql.size() && sql[end].isDigit())
                ++end;
            const qsizetype n = QStringView(sql).mid(i + 1, end - i - 1).toLongLong() - 1;
            if (n >= 0 && n < values.size()) {
                out += values[n];
                i = end - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

QString byteSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace orm::ui
