#pragma once
// Conversions between the C++ type of a mapped member and QVariant, plus the column type a
// member type maps to. These are the only templates a mapped class instantiates per member.

#include "orm/errors.h"
#include "orm/sql/expression.h"
#include "orm/sql/types.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QTime>
#include <QUuid>
#include <QVariant>
#include <limits>
#include <optional>
#include <type_traits>

namespace orm {

namespace detail {

QJsonDocument jsonDocumentOf(const QVariant& value);
QJsonValue jsonValueOf(const QVariant& value);

// Integer columns hold signed 64-bit values at most: a larger unsigned one would be stored
// wrapped round to a negative number, so it is refused instead.
[[noreturn]] inline void throwUnsignedOverflow(quint64 value)
{
    throw ArgumentError(QStringLiteral("the unsigned value %1 does not fit an integer column "
                                       "(BIGINT holds at most %2)")
                            .arg(value)
                            .arg(std::numeric_limits<qlonglong>::max()));
}

template <class M>
constexpr bool isSupportedMember =
    std::is_integral_v<M> || std::is_floating_point_v<M> || std::is_same_v<M, QString> ||
    std::is_same_v<M, QByteArray> || std::is_same_v<M, QDate> || std::is_same_v<M, QTime> ||
    std::is_same_v<M, QDateTime> || std::is_same_v<M, QUuid> || std::is_same_v<M, QJsonValue> ||
    std::is_same_v<M, QJsonDocument> || std::is_same_v<M, QVariant>;

} // namespace detail

// The value of a member as the Session stores and binds it. NULL is an invalid QVariant.
template <class M>
QVariant memberToVariant(const M& value)
{
    if constexpr (detail::IsOptional<M>::value)
        return value ? memberToVariant(*value) : QVariant();
    else if constexpr (std::is_same_v<M, bool>)
        return QVariant(value);
    else if constexpr (std::is_integral_v<M>) {
        if constexpr (std::is_unsigned_v<M> && sizeof(M) >= sizeof(qlonglong)) {
            if (value > M(std::numeric_limits<qlonglong>::max()))
                detail::throwUnsignedOverflow(value);
        }
        return QVariant(qlonglong(value)); // one integer type, as every backend reads it back
    } else if constexpr (std::is_floating_point_v<M>)
        return QVariant(double(value));
    else if constexpr (std::is_same_v<M, QString>)
        // A null QString would be bound as NULL; the member holds text (NULL is an empty optional).
        return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
    else if constexpr (std::is_same_v<M, QByteArray>)
        return value.isNull() ? QVariant(QByteArray("")) : QVariant(value);
    else if constexpr (std::is_same_v<M, QJsonDocument>)
        return value.isNull()
                   ? QVariant()
                   : QVariant::fromValue(detail::jsonValueOf(QVariant::fromValue(value)));
    else if constexpr (std::is_same_v<M, QVariant>)
        return value;
    else
        return QVariant::fromValue(value);
}

// The member value for a QVariant read from the database or given through the setter API.
// NULL gives an empty optional, or the member type's default value.
template <class M>
M memberFromVariant(const QVariant& v)
{
    // Values read from the database are mostly already qlonglong or QString: taken as they are,
    // without QVariant's conversion machinery.
    if constexpr (detail::IsOptional<M>::value) {
        if (v.isNull()) // invalid included
            return std::nullopt;
        return memberFromVariant<typename M::value_type>(v);
    } else if constexpr (std::is_same_v<M, bool>) {
        return v.toBool();
    } else if constexpr (std::is_integral_v<M>) {
        if (v.metaType() == QMetaType::fromType<qlonglong>())
            return M(*static_cast<const qlonglong*>(v.constData()));
        return M(v.toLongLong());
    } else if constexpr (std::is_floating_point_v<M>) {
        return M(v.toDouble());
    } else if constexpr (std::is_same_v<M, QString>) {
        if (v.metaType() == QMetaType::fromType<QString>())
            return *static_cast<const QString*>(v.constData());
        return v.toString();
    } else if constexpr (std::is_same_v<M, QByteArray>) {
        return v.toByteArray();
    } else if constexpr (std::is_same_v<M, QDate>) {
        return v.toDate();
    } else if constexpr (std::is_same_v<M, QTime>) {
        return v.toTime();
    } else if constexpr (std::is_same_v<M, QDateTime>) {
        return v.toDateTime();
    } else if constexpr (std::is_same_v<M, QUuid>) {
        return v.typeId() == QMetaType::QUuid ? v.toUuid() : QUuid::fromString(v.toString());
    } else if constexpr (std::is_same_v<M, QJsonValue>) {
        return detail::jsonValueOf(v);
    } else if constexpr (std::is_same_v<M, QJsonDocument>) {
        return detail::jsonDocumentOf(v);
    } else {
        return v;
    }
}

// The column type a member type maps to when the mapping does not say.
template <class M>
SqlType sqlTypeOf()
{
    if constexpr (detail::IsOptional<M>::value)
        return sqlTypeOf<typename M::value_type>();
    else if constexpr (std::is_same_v<M, bool>)
        return SqlType::boolean();
    else if constexpr (std::is_integral_v<M>)
        // INTEGER is 32-bit signed on PostgreSQL: unsigned 32-bit values need BIGINT.
        return sizeof(M) > 4 || (std::is_unsigned_v<M> && sizeof(M) == 4) ? SqlType::bigInteger()
                                                                          : SqlType::integer();
    else if constexpr (std::is_floating_point_v<M>)
        return SqlType::floating();
    else if constexpr (std::is_same_v<M, QString>)
        return SqlType::string();
    else if constexpr (std::is_same_v<M, QByteArray>)
        return SqlType::largeBinary();
    else if constexpr (std::is_same_v<M, QDate>)
        return SqlType::date();
    else if constexpr (std::is_same_v<M, QTime>)
        return SqlType::time();
    else if constexpr (std::is_same_v<M, QDateTime>)
        return SqlType::dateTime();
    else if constexpr (std::is_same_v<M, QUuid>)
        return SqlType::uuid();
    else if constexpr (std::is_same_v<M, QJsonValue> || std::is_same_v<M, QJsonDocument>)
        return SqlType::json();
    else
        return SqlType();
}

template <class M>
constexpr bool isOptionalMember = detail::IsOptional<M>::value;

template <class M>
struct IsMappableMember : std::bool_constant<detail::isSupportedMember<M>> {};
template <class M>
struct IsMappableMember<std::optional<M>> : std::bool_constant<detail::isSupportedMember<M>> {};

} // namespace orm
