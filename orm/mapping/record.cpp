#include "orm/mapping/record.h"

#include "orm/errors.h"
#include "orm/mapping/mapper.h"
#include "orm/session/relationshipslot.h"

namespace orm {

Record::Record(const Mapper& mapper) : m_mapper(&mapper)
{
    m_values.resize(mapper.propertyCount());
    m_slots.reserve(mapper.relationships().size());
    for (const auto& relationship : mapper.relationships()) {
        if (relationship->uselist())
            m_slots.push_back(std::make_unique<CollectionSlot>());
        else
            m_slots.push_back(std::make_unique<ReferenceSlot>());
    }
}

Record::~Record() = default;

QVariant Record::value(const QString& name) const
{
    return m_values.value(m_mapper->property(name).index);
}

void Record::setValue(const QString& name, const QVariant& value)
{
    const int index = m_mapper->property(name).index;
    m_mapper->checkWritable(QStringLiteral("change"));
    m_values[index] = value;
}

RelationshipSlot& Record::slot(int index) const
{
    if (index < 0 || size_t(index) >= m_slots.size())
        throw InvalidRequestError(
            QStringLiteral("this %1 record was made before its relationship #%2 was mapped; "
                           "records only have the relationships their mapper had then")
                .arg(m_mapper->className())
                .arg(index));
    return *m_slots[size_t(index)];
}

ReferenceSlot& Record::reference(const QString& name) const
{
    const Relationship& relationship = m_mapper->relationshipNamed(name);
    if (relationship.uselist())
        throw ArgumentError(QStringLiteral("%1 is a collection: use collection(\"%2\")")
                                .arg(relationship.describe(), name));
    return static_cast<ReferenceSlot&>(slot(relationship.index()));
}

CollectionSlot& Record::collection(const QString& name) const
{
    const Relationship& relationship = m_mapper->relationshipNamed(name);
    if (!relationship.uselist())
        throw ArgumentError(QStringLiteral("%1 is a reference: use reference(\"%2\")")
                                .arg(relationship.describe(), name));
    return static_cast<CollectionSlot&>(slot(relationship.index()));
}

Expr attr(const Mapper& mapper, const QString& attribute)
{
    return Expr(*mapper.property(attribute).column);
}

} // namespace orm
