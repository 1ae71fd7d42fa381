#include "orm/mapping/record.h"

#include "orm/mapping/mapper.h"

namespace orm {

Record::Record(const Mapper& mapper) : m_mapper(&mapper)
{
    m_values.resize(mapper.propertyCount());
}

QVariant Record::value(const QString& name) const
{
    return m_values.value(m_mapper->property(name).index);
}

void Record::setValue(const QString& name, const QVariant& value)
{
    m_values[m_mapper->property(name).index] = value;
}

} // namespace orm
