#include "orm/mapping/memberconvert.h"

namespace orm::detail {

QJsonValue jsonValueOf(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::QJsonValue:
        return value.toJsonValue();
    case QMetaType::QJsonDocument: {
        const QJsonDocument doc = value.toJsonDocument();
        return doc.isArray()    ? QJsonValue(doc.array())
               : doc.isObject() ? QJsonValue(doc.object())
                                : QJsonValue();
    }
    case QMetaType::QJsonObject:
        return value.toJsonObject();
    case QMetaType::QJsonArray:
        return value.toJsonArray();
    default:
        return value.isValid() ? QJsonValue::fromVariant(value) : QJsonValue(QJsonValue::Null);
    }
}

QJsonDocument jsonDocumentOf(const QVariant& value)
{
    const QJsonValue json = jsonValueOf(value);
    if (json.isArray())
        return QJsonDocument(json.toArray());
    if (json.isObject())
        return QJsonDocument(json.toObject());
    return QJsonDocument(); // a scalar has no document form
}

} // namespace orm::detail
