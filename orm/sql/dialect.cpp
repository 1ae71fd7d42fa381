#include "orm/sql/dialect.h"

#include "orm/errors.h"
#include "orm/sql/column.h"
#include "orm/sql/postgresqldialect.h"
#include "orm/sql/sqlitedialect.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QUuid>
#include <cmath>
#include <optional>

namespace orm {

namespace {

constexpr int MaxCachedStatements = 1000;

bool isPlainIdentifier(const QString& identifier)
{
    if (identifier.isEmpty() || identifier[0].isDigit() || identifier[0] == u'$')
        return false;
    for (QChar c : identifier) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'$'))
            return false;
    }
    return true;
}

// Naive date-times keep their wall-clock fields; aware ones are stored in UTC with the offset,
// so that text comparison (SQLite) is chronological.
QString dateTimeText(const QDateTime& dt, bool withTimeZone)
{
    if (!withTimeZone)
        return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    return dt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) +
           QStringLiteral("+00:00");
}

// Digits of `text` from `from`, `count` of them; -1 when any is not a digit.
int digits(const QString& text, qsizetype from, int count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// The form QtOrm writes ("yyyy-MM-dd HH:mm:ss[.zzz]", no offset) read without the general
// ISO parser, which is most of the cost of loading a row with a date-time on SQLite.
std::optional<QDateTime> parseStoredDateTime(const QString& text, bool withTimeZone)
{
    const qsizetype n = text.size();
    if ((n != 19 && n != 23) || text[4] != u'-' || text[7] != u'-' ||
        (text[10] != u' ' && text[10] != u'T') || text[13] != u':' || text[16] != u':' ||
        (n == 23 && text[19] != u'.'))
        return std::nullopt;
    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2),
              second = digits(text, 17, 2);
    const int ms = n == 23 ? digits(text, 20, 3) : 0;
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0)
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, ms);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return withTimeZone ? QDateTime(date, time, Qt::UTC) : QDateTime(date, time);
}

QDateTime parseDateTime(QString text, bool withTimeZone)
{
    if (const auto stored = parseStoredDateTime(text, withTimeZone))
        return *stored;
    text = text.trimmed();
    if (text.size() > 10 && text[10] == u' ')
        text[10] = u'T';
    // PostgreSQL writes offsets as +02; ISO 8601 parsing wants +02:00.
    if (const qsizetype sign = std::max(text.lastIndexOf(u'+'), text.lastIndexOf(u'-'));
        sign > 10 && text.size() - sign == 3)
        text += QStringLiteral(":00");
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return {};
    if (!withTimeZone)
        return dt.timeSpec() == Qt::LocalTime ? dt : QDateTime(dt.date(), dt.time());
    if (dt.timeSpec() == Qt::LocalTime) // no offset written: the value is UTC
        dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
    return dt;
}

QTime parseTime(const QString& text)
{
    QTime t = QTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? t : QTime::fromString(text.left(8), QStringLiteral("HH:mm:ss"));
}

} // namespace

Dialect::~Dialect() = default;

bool Dialect::requiresQuotes(const QString& identifier) const
{
    return !isPlainIdentifier(identifier) || reservedWords().contains(identifier);
}

QString Dialect::quoteIdentifier(const QString& identifier) const
{
    if (!requiresQuotes(identifier))
        return identifier;
    QString escaped = identifier;
    escaped.replace(u'"', QStringLiteral("\"\""));
    return u'"' + escaped + u'"';
}

QString Dialect::placeholder(int) const
{
    return QStringLiteral("?");
}

QString Dialect::columnType(const Column& column) const
{
    return typeName(column.type());
}

QString Dialect::typeName(const SqlType& type) const
{
    switch (type.kind()) {
    case TypeKind::Null:
        return QString();
    case TypeKind::Integer:
        return QStringLiteral("INTEGER");
    case TypeKind::BigInteger:
        return QStringLiteral("BIGINT");
    case TypeKind::String:
        return type.length() > 0 ? QStringLiteral("VARCHAR(%1)").arg(type.length())
                                 : QStringLiteral("VARCHAR");
    case TypeKind::Text:
        return QStringLiteral("TEXT");
    case TypeKind::Boolean:
        return QStringLiteral("BOOLEAN");
    case TypeKind::Float:
        return QStringLiteral("FLOAT");
    case TypeKind::Numeric:
        return type.precision() > 0
                   ? QStringLiteral("NUMERIC(%1, %2)").arg(type.precision()).arg(type.scale())
                   : QStringLiteral("NUMERIC");
    case TypeKind::Date:
        return QStringLiteral("DATE");
    case TypeKind::Time:
        return QStringLiteral("TIME");
    case TypeKind::DateTime:
        return QStringLiteral("TIMESTAMP");
    case TypeKind::LargeBinary:
        return QStringLiteral("BLOB");
    case TypeKind::Uuid:
        return QStringLiteral("CHAR(36)"); // canonical text form, readable in any browser
    case TypeKind::Json:
        return QStringLiteral("JSON");
    }
    return QString();
}

QString Dialect::renderLiteral(const QVariant& value) const
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("NULL");
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    if (isNumber(value))
        return value.toString();
    QString text = value.toString();
    text.replace(u'\'', QStringLiteral("''"));
    return u'\'' + text + u'\'';
}

QString Dialect::literal(const QVariant& value, const SqlType& declared) const
{
    const QVariant stored = toDatabase(value, declared);
    if (!stored.isValid() || stored.isNull())
        return QStringLiteral("NULL");
    switch (stored.typeId()) {
    case QMetaType::Bool:
        return renderLiteral(stored);
    case QMetaType::Double:
    case QMetaType::Float:
        return floatLiteral(stored.toDouble());
    case QMetaType::QByteArray:
        return binaryLiteral(stored.toByteArray());
    default:
        break;
    }
    if (isNumber(stored))
        return stored.toString();
    QString text = stored.toString();
    // A number column given decimal text ("12.50", exact digits): written as the number it is.
    const TypeKind kind = declared.isNull() ? TypeKind::Null : declared.kind();
    static const QRegularExpression number(
        QStringLiteral("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    if ((kind == TypeKind::Integer || kind == TypeKind::BigInteger || kind == TypeKind::Numeric) &&
        number.match(text).hasMatch())
        return text;
    text.replace(u'\'', QStringLiteral("''"));
    return u'\'' + text + u'\'';
}

QString Dialect::binaryLiteral(const QByteArray& bytes) const
{
    return QStringLiteral("X'") + QString::fromLatin1(bytes.toHex()) + u'\'';
}

QString Dialect::floatLiteral(double value) const
{
    if (std::isnan(value))
        return QStringLiteral("'NaN'");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("'Infinity'") : QStringLiteral("'-Infinity'");
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QVariant Dialect::jsonToText(const QVariant& value)
{
    QJsonValue json;
    switch (value.typeId()) {
    case QMetaType::QJsonDocument: {
        const QJsonDocument doc = value.toJsonDocument();
        json = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        break;
    }
    case QMetaType::QString:
        return value; // already JSON text
    default:
        json = value.toJsonValue();
        if (json.isUndefined())
            json = QJsonValue::fromVariant(value);
    }
    // QJsonDocument writes only objects and arrays; wrap scalars in an array and unwrap the text.
    const QByteArray wrapped = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QVariant Dialect::textToJson(const QVariant& value)
{
    const QByteArray text =
        value.typeId() == QMetaType::QByteArray ? value.toByteArray() : value.toString().toUtf8();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError)
        return QVariant::fromValue(QJsonValue(QString::fromUtf8(text)));
    return QVariant::fromValue(doc.array().at(0));
}

QVariant Dialect::toDatabase(const QVariant& value, const SqlType& declared) const
{
    if (!value.isValid() || value.isNull())
        return QVariant();
    const SqlType type = declared.isNull() ? typeOfValue(value) : declared;
    switch (type.kind()) {
    case TypeKind::Null:
        return value;
    case TypeKind::Integer:
    case TypeKind::BigInteger:
        return value.typeId() == QMetaType::QString || value.typeId() == QMetaType::LongLong
                   ? value
                   : QVariant(value.toLongLong());
    case TypeKind::Boolean:
        return value.toBool();
    case TypeKind::Float:
        return value.toDouble();
    case TypeKind::Numeric:
        // Decimal text keeps its exact digits; numbers go as double.
        return value.typeId() == QMetaType::QString ? value : QVariant(value.toDouble());
    case TypeKind::String:
    case TypeKind::Text:
        return value.typeId() == QMetaType::QString ? value : QVariant(value.toString());
    case TypeKind::Date:
        return value.toDate().toString(Qt::ISODate);
    case TypeKind::Time:
        return value.toTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case TypeKind::DateTime:
        if (value.typeId() == QMetaType::QString)
            return value;
        return dateTimeText(value.toDateTime(), type.timezone());
    case TypeKind::LargeBinary:
        return value.toByteArray();
    case TypeKind::Uuid:
        return value.typeId() == QMetaType::QUuid ? value.toUuid().toString(QUuid::WithoutBraces)
                                                  : value.toString();
    case TypeKind::Json:
        return jsonToText(value);
    }
    return value;
}

QMetaType Dialect::unconvertedType(const SqlType& type) const
{
    switch (type.kind()) {
    case TypeKind::Integer:
    case TypeKind::BigInteger:
    case TypeKind::String:
    case TypeKind::Text:
        return type.metaType(); // fromDatabase() hands values of that type over as they are
    default:
        return QMetaType();
    }
}

QVariant Dialect::fromDatabase(const QVariant& value, const SqlType& type) const
{
    if (!value.isValid() || value.isNull())
        return QVariant();
    switch (type.kind()) {
    case TypeKind::Null:
        return value;
    case TypeKind::Integer:
    case TypeKind::BigInteger:
        // Already the right type (SQLite's integers): shared, not rebuilt.
        return value.typeId() == QMetaType::LongLong ? value : QVariant(value.toLongLong());
    case TypeKind::Boolean:
        if (value.typeId() == QMetaType::QString)
            return value.toString() == u"t" || value.toString() == u"true" ||
                   value.toString() == u"1";
        return value.toBool();
    case TypeKind::Float:
    case TypeKind::Numeric:
        return value.toDouble();
    case TypeKind::String:
    case TypeKind::Text:
        return value.typeId() == QMetaType::QString ? value : QVariant(value.toString());
    case TypeKind::Date:
        return value.typeId() == QMetaType::QDate
                   ? value
                   : QVariant(QDate::fromString(value.toString().left(10), Qt::ISODate));
    case TypeKind::Time:
        return value.typeId() == QMetaType::QTime ? value : QVariant(parseTime(value.toString()));
    case TypeKind::DateTime:
        if (value.typeId() == QMetaType::QDateTime) {
            const QDateTime dt = value.toDateTime();
            // Building a local QDateTime costs a time-zone lookup: only when it is not one already.
            if (type.timezone() || dt.timeSpec() == Qt::LocalTime)
                return dt;
            return QDateTime(dt.date(), dt.time());
        }
        return parseDateTime(value.toString(), type.timezone());
    case TypeKind::LargeBinary:
        return value.toByteArray();
    case TypeKind::Uuid:
        return value.typeId() == QMetaType::QUuid ? value
                                                  : QVariant(QUuid::fromString(value.toString()));
    case TypeKind::Json:
        return textToJson(value);
    }
    return value;
}

std::shared_ptr<const sql::CompiledStatement> Dialect::compiled(const Statement& statement,
                                                                sql::CacheKey& key) const
{
    if (key.cacheable) {
        QMutexLocker lock(&m_cacheMutex);
        if (auto it = m_cache.constFind(key.bytes); it != m_cache.constEnd()) {
            ++m_cacheHits;
            return it.value();
        }
    }
    auto result = std::make_shared<const sql::CompiledStatement>(
        createCompiler()->compile(*statement.node(), key.binds));
    if (key.cacheable) {
        QMutexLocker lock(&m_cacheMutex);
        if (m_cache.size() >= MaxCachedStatements)
            m_cache.clear(); // statement shapes of a program are few; a flood means ad-hoc SQL
        m_cache.insert(key.bytes, result);
    }
    return result;
}

BoundStatement Dialect::bind(const Statement& statement, const QVariantMap& params) const
{
    if (!statement.isValid())
        throw ArgumentError(QStringLiteral("an empty statement cannot be executed"));
    BoundStatement bound;
    std::vector<const sql::BindNode*> binds;
    {
        QMutexLocker lock(&m_cacheMutex);
        const auto it = m_prepared.constFind(statement.node());
        if (it != m_prepared.constEnd() && it->node.lock() == statement.shared()) {
            bound.compiled = it->compiled;
            binds = it->binds;
            ++m_cacheHits;
        }
    }
    if (!bound.compiled) {
        sql::CacheKey key;
        statement.node()->appendKey(key);
        bound.compiled = compiled(statement, key);
        binds = std::move(key.binds);
        if (key.cacheable) {
            QMutexLocker lock(&m_cacheMutex);
            if (m_prepared.size() >= MaxCachedStatements)
                m_prepared.clear();
            m_prepared.insert(statement.node(),
                              Prepared{statement.shared(), bound.compiled, binds});
        }
    }
    bound.values.reserve(qsizetype(bound.compiled->bindSlots.size()));
    bound.displayValues.reserve(qsizetype(bound.compiled->bindSlots.size()));
    for (int slot : bound.compiled->bindSlots) {
        const sql::BindNode* bind = binds[size_t(slot)];
        QVariant value = bind->value;
        if (!bind->hasValue) {
            if (!params.contains(bind->name))
                throw ArgumentError(
                    QStringLiteral("no value was given for the parameter :%1").arg(bind->name));
            value = params.value(bind->name);
        }
        bound.displayValues << value;
        bound.values << toDatabase(value, bind->valueType);
    }
    return bound;
}

QString Dialect::sql(const Statement& statement) const
{
    if (!statement.isValid())
        throw ArgumentError(QStringLiteral("an empty statement has no SQL"));
    sql::CacheKey key;
    statement.node()->appendKey(key);
    return compiled(statement, key)->sql;
}

int Dialect::cacheSize() const
{
    QMutexLocker lock(&m_cacheMutex);
    return int(m_cache.size());
}

qint64 Dialect::cacheHits() const
{
    QMutexLocker lock(&m_cacheMutex);
    return m_cacheHits;
}

std::unique_ptr<Dialect> createDialect(const QString& name)
{
    if (name == u"sqlite")
        return std::make_unique<SqliteDialect>();
    if (name == u"postgresql")
        return std::make_unique<PostgresqlDialect>();
    return nullptr;
}

} // namespace orm
