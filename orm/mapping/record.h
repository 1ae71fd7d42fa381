#pragma once
// Record is a mapped object without a C++ class: a row of named QVariant values, used for
// tables known only at run time (reflection, automap). Its Mapper gives the names. A Record
// also holds one relationship slot per relationship of its Mapper, a ReferenceSlot where a
// compiled class would have a Reference<T> member and a CollectionSlot for a Collection<T>, so
// the Session, the unit of work and every loading strategy treat it as they treat a class.
//
//     orm::Ptr<orm::Record> album = orm::Ptr<orm::Record>::cast(session.get(albums, {1}));
//     qDebug() << album.get()->value("title");
//     album->reference("artist").setObject(otherArtist);  // the artist's albums follow in memory
//     for (const orm::Object& track : album.get()->collection("tracks").objects()) ...

#include "orm/mapping/accessor.h"
#include "orm/mapping/relationship.h"

#include <QVariantList>
#include <memory>
#include <vector>

namespace orm {

class CollectionSlot;
class Mapper;
class ReferenceSlot;

class Record {
public:
    // The slots are made for the relationships the mapper has now: a dynamic mapper gets its
    // relationships before its first Record (automap adds them all at once).
    explicit Record(const Mapper& mapper);
    Record(const Record&) = delete;
    Record& operator=(const Record&) = delete;
    ~Record();

    const Mapper& mapper() const { return *m_mapper; }
    QVariant value(int index) const { return m_values.value(index); }
    // By property index: what loading and the unit of work use.
    void setValue(int index, const QVariant& value) { m_values[index] = value; }
    // By attribute name; ArgumentError for a name the mapper does not have. setValue() is an
    // InvalidRequestError for a read-only mapper (a view, a table without primary key).
    QVariant value(const QString& name) const;
    void setValue(const QString& name, const QVariant& value);

    // The slot of a relationship, by Relationship::index() or by name (ArgumentError when there
    // is no such relationship or it is of the other kind).
    RelationshipSlot& slot(int index) const;
    ReferenceSlot& reference(const QString& name) const;
    CollectionSlot& collection(const QString& name) const;

private:
    const Mapper* m_mapper;
    QVariantList m_values;
    // Owned here, bound to the object's state by its Box like a compiled class's members.
    std::vector<std::unique_ptr<RelationshipSlot>> m_slots;
};

// The Accessor of one Record column slot.
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

// The RelationshipAccessor of one Record relationship slot.
class RecordRelationshipAccessor final : public RelationshipAccessor {
public:
    explicit RecordRelationshipAccessor(int index) : m_index(index) {}
    RelationshipSlot& slot(void* object) const override
    {
        return static_cast<Record*>(object)->slot(m_index);
    }
    bool isMember(const std::type_info&, const void*, size_t) const override { return false; }

private:
    int m_index;
};

// A mapped attribute as an expression, by name, for criteria on Records:
//     session.query(albums).filter(orm::attr(albums, "title").like("Back%"))
// ArgumentError when the mapper has no such attribute.
Expr attr(const Mapper& mapper, const QString& attribute);

} // namespace orm
