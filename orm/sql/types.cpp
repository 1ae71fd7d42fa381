#include "orm/sql/types.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QUuid>
#include <QVariant>

namespace orm {

SqlType SqlType::string(int length)
{
    SqlType t(TypeKind::String);
    t.m_length = length;
    return t;
}

SqlType SqlType::numeric(int precision, int scale)
{
    SqlType t(TypeKind::Numeric);
    t.m_precision = precision;
    t.m_scale = scale;
    return t;
}

SqlType SqlType::dateTime(bool withTimeZone)
{
    SqlType t(TypeKind::DateTime);
    t.m_timezone = withTimeZone;
    return t;
}

QMetaType SqlType::metaType() const
{
    switch (m_kind) {
    case TypeKind::Null:
        return QMetaType();
    case TypeKind::Integer:
    case TypeKind::BigInteger:
        return QMetaType::fromType<qlonglong>();
    case TypeKind::String:
    case TypeKind::Text:
        return QMetaType::fromType<QString>();
    case TypeKind::Boolean:
        return QMetaType::fromType<bool>();
    case TypeKind::Float:
    case TypeKind::Numeric:
        return QMetaType::fromType<double>();
    case TypeKind::Date:
        return QMetaType::fromType<QDate>();
    case TypeKind::Time:
        return QMetaType::fromType<QTime>();
    case TypeKind::DateTime:
        return QMetaType::fromType<QDateTime>();
    case TypeKind::LargeBinary:
        return QMetaType::fromType<QByteArray>();
    case TypeKind::Uuid:
        return QMetaType::fromType<QUuid>();
    case TypeKind::Json:
        return QMetaType::fromType<QJsonValue>();
    }
    return QMetaType();
}

QString SqlType::displayName() const
{
    switch (m_kind) {
    case TypeKind::Null:
        return QStringLiteral("NullType");
    case TypeKind::Integer:
        return QStringLiteral("Integer");
    case TypeKind::BigInteger:
        return QStringLiteral("BigInteger");
    case TypeKind::String:
        return m_length > 0 ? QStringLiteral("String(%1)").arg(m_length) : QStringLiteral("String");
    case TypeKind::Text:
        return QStringLiteral("Text");
    case TypeKind::Boolean:
        return QStringLiteral("Boolean");
    case TypeKind::Float:
        return QStringLiteral("Float");
    case TypeKind::Numeric:
        return QStringLiteral("Numeric(%1, %2)").arg(m_precision).arg(m_scale);
    case TypeKind::Date:
        return QStringLiteral("Date");
    case TypeKind::Time:
        return QStringLiteral("Time");
    case TypeKind::DateTime:
        return m_timezone ? QStringLiteral("DateTime(timezone)") : QStringLiteral("DateTime");
    case TypeKind::LargeBinary:
        return QStringLiteral("LargeBinary");
    case TypeKind::Uuid:
        return QStringLiteral("Uuid");
    case TypeKind::Json:
        return QStringLiteral("Json");
    }
    return {};
}

bool isNumber(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

SqlType typeOfValue(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Short:
    case QMetaType::UShort:
        return SqlType::integer();
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
        return SqlType::bigInteger();
    case QMetaType::QString:
        return SqlType::string();
    case QMetaType::Bool:
        return SqlType::boolean();
    case QMetaType::Double:
    case QMetaType::Float:
        return SqlType::floating();
    case QMetaType::QDate:
        return SqlType::date();
    case QMetaType::QTime:
        return SqlType::time();
    case QMetaType::QDateTime:
        return SqlType::dateTime(value.toDateTime().timeSpec() != Qt::LocalTime);
    case QMetaType::QByteArray:
        return SqlType::largeBinary();
    case QMetaType::QUuid:
        return SqlType::uuid();
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        return SqlType::json();
    default:
        return SqlType();
    }
}

} // namespace orm
