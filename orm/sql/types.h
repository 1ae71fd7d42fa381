#pragma once
// Column types of the schema layer. A SqlType is a small value: the kind plus the few
// parameters (length, precision, time zone) that DDL and value conversion need.

#include <QMetaType>
#include <QString>

namespace orm {

enum class TypeKind {
    Null, // the type of an untyped bound value or of NULL itself
    Integer,
    BigInteger,
    String,
    Text,
    Boolean,
    Float,
    Numeric,
    Date,
    Time,
    DateTime,
    LargeBinary,
    Uuid,
    Json,
};

// What a column holds. Dialects map it to a DDL type name and convert values in and out.
class SqlType {
public:
    SqlType() = default;
    explicit SqlType(TypeKind kind) : m_kind(kind) {}

    TypeKind kind() const { return m_kind; }
    int length() const { return m_length; }
    int precision() const { return m_precision; }
    int scale() const { return m_scale; }
    bool timezone() const { return m_timezone; }
    bool isNull() const { return m_kind == TypeKind::Null; }
    bool isInteger() const { return m_kind == TypeKind::Integer || m_kind == TypeKind::BigInteger; }
    bool isText() const { return m_kind == TypeKind::String || m_kind == TypeKind::Text; }

    // The Qt type values of this column have once read back from any backend.
    QMetaType metaType() const;
    QString displayName() const;

    static SqlType integer() { return SqlType(TypeKind::Integer); }
    static SqlType bigInteger() { return SqlType(TypeKind::BigInteger); }
    static SqlType string(int length = 0);
    static SqlType text() { return SqlType(TypeKind::Text); }
    static SqlType boolean() { return SqlType(TypeKind::Boolean); }
    static SqlType floating() { return SqlType(TypeKind::Float); }
    static SqlType numeric(int precision = 0, int scale = 0);
    static SqlType date() { return SqlType(TypeKind::Date); }
    static SqlType time() { return SqlType(TypeKind::Time); }
    static SqlType dateTime(bool withTimeZone = false);
    static SqlType largeBinary() { return SqlType(TypeKind::LargeBinary); }
    static SqlType uuid() { return SqlType(TypeKind::Uuid); }
    static SqlType json() { return SqlType(TypeKind::Json); }

    friend bool operator==(const SqlType&, const SqlType&) = default;

private:
    TypeKind m_kind = TypeKind::Null;
    int m_length = 0;
    int m_precision = 0;
    int m_scale = 0;
    bool m_timezone = false;
};

// Short spellings for schema declarations: Column("name", String(50)).
inline SqlType Integer()
{
    return SqlType::integer();
}
inline SqlType BigInteger()
{
    return SqlType::bigInteger();
}
inline SqlType String(int length = 0)
{
    return SqlType::string(length);
}
inline SqlType Text()
{
    return SqlType::text();
}
inline SqlType Boolean()
{
    return SqlType::boolean();
}
inline SqlType Float()
{
    return SqlType::floating();
}
inline SqlType Numeric(int precision = 0, int scale = 0)
{
    return SqlType::numeric(precision, scale);
}
inline SqlType Date()
{
    return SqlType::date();
}
inline SqlType Time()
{
    return SqlType::time();
}
inline SqlType DateTime(bool withTimeZone = false)
{
    return SqlType::dateTime(withTimeZone);
}
inline SqlType LargeBinary()
{
    return SqlType::largeBinary();
}
inline SqlType Uuid()
{
    return SqlType::uuid();
}
inline SqlType Json()
{
    return SqlType::json();
}

// The type a bound value gets when nothing else says what it is.
SqlType typeOfValue(const QVariant& value);
// True for integers and floating-point numbers (not bool): written bare in SQL and logs,
// right-aligned in views.
bool isNumber(const QVariant& value);

} // namespace orm
