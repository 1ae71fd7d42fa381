#pragma once
// Record is a mapped object without a C++ class: a row of named QVariant values, used for
// tables known only at run time (reflection, automap). Its Mapper gives the names.

#include "orm/mapping/accessor.h"

#include <QVariantList>

namespace orm {

class Mapper;

class Record {
public:
    explicit Record(const Mapper& mapper);

    const Mapper& mapper() const { return *m_mapper; }
    QVariant value(int index) const { return m_values.value(index); }
    void setValue(int index, const QVariant& value) { m_values[index] = value; }
    // By attribute name; ArgumentError for a name the mapper does not have.
    QVariant value(const QString& name) const;
    void setValue(const QString& name, const QVariant& value);

private:
    const Mapper* m_mapper;
    QVariantList m_values;
};

// The Accessor of one Record slot.
class RecordAccessor final : public Accessor {
public:
    explicit RecordAccessor(int index) : m_index(index) {}
    QVariant get(const void* object) const override
    {
        return static_cast<const Record*>(object)->value(m_index);
    }
    void set(void* object, const QVariant& value) const override
    {
        static_cast<Record*>(object)->setValue(m_index, value);
    }

private:
    int m_index;
};

} // namespace orm
