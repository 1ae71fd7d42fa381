#pragma once
// Mapper ties a class to a table: which attribute holds which column, which columns make the
// primary key, the optional version column, and how to create an empty object. One Mapper
// serves compiled classes (built by Mapping<T>) and dynamic Records (built from a Table) alike.

#include "orm/mapping/accessor.h"
#include "orm/mapping/relationship.h"
#include "orm/sql/table.h"

#include <QString>
#include <QVariantList>
#include <functional>
#include <memory>
#include <typeinfo>
#include <vector>

namespace orm {

class InstanceState;

class Mapper {
public:
    // One mapped column attribute.
    struct Property {
        QString name; // attribute name; the column's name unless the mapping renames it
        const Column* column = nullptr;
        std::unique_ptr<Accessor> accessor;
        int index = 0;
    };
    using Factory = std::shared_ptr<InstanceState> (*)(const Mapper&);

    Mapper(const QString& className, Table& table, Factory factory,
           const std::type_info* type = nullptr);
    Mapper(const Mapper&) = delete;
    Mapper& operator=(const Mapper&) = delete;
    ~Mapper();

    const QString& className() const { return m_className; }
    const Table& table() const { return *m_table; }
    Table& table() { return *m_table; }
    // The C++ class for compiled mappers, nullptr for dynamic ones.
    const std::type_info* type() const { return m_type; }
    bool isDynamic() const { return m_type == nullptr; }

    Property& addProperty(const QString& name, const Column& column,
                          std::unique_ptr<Accessor> accessor);
    const std::vector<std::unique_ptr<Property>>& properties() const { return m_properties; }
    const Property& property(int index) const { return *m_properties[size_t(index)]; }
    int propertyCount() const { return int(m_properties.size()); }
    // The property called `name`, or -1.
    int indexOf(const QString& name) const;
    // The property mapping `column`, or -1.
    int indexOf(const Column* column) const;
    // The property called `name`; ArgumentError naming the class when there is none.
    const Property& property(const QString& name) const;
    // The property for a member pointer of a compiled class; ArgumentError when it is not mapped.
    const Property& propertyForMember(const std::type_info& type, const void* bytes,
                                      size_t size) const;
    // Properties in primary key order.
    const std::vector<int>& primaryKey() const
    {
        return m_primaryKey.empty() ? findPrimaryKey() : m_primaryKey; // asked once per row
    }
    // The version counter property (optimistic locking), or -1.
    int versionProperty() const { return m_version; }
    void setVersionProperty(int index) { m_version = index; }
    // Whether the database generates the key (a single autoincrement integer column).
    bool hasGeneratedKey() const;

    // Records of a view or of a table without a primary key can be read but not written:
    // adding, changing or deleting one is an InvalidRequestError that gives `reason` (which
    // names the table). A read-only mapper without a primary key tells its rows apart by all
    // of their columns, so rows repeated exactly in the table load as one object.
    void setReadOnly(const QString& reason) { m_readOnlyReason = reason; }
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    const QString& readOnlyReason() const { return m_readOnlyReason; }
    // InvalidRequestError "cannot <action> a record of <class>: <reason>" when read-only.
    void checkWritable(const QString& action) const;

    Relationship& addRelationship(std::unique_ptr<Relationship> relationship);
    const std::vector<std::unique_ptr<Relationship>>& relationships() const
    {
        return m_relationships;
    }
    // The relationship called `name`, or nullptr.
    const Relationship* relationship(const QString& name) const;
    // The relationship called `name`; ArgumentError naming the class when there is none.
    const Relationship& relationshipNamed(const QString& name) const;
    // The relationship for a Reference/Collection member; ArgumentError when it is not mapped.
    const Relationship& relationshipForMember(const std::type_info& type, const void* bytes,
                                              size_t size) const;

    // A new object in the transient state.
    std::shared_ptr<InstanceState> create() const { return m_factory(*this); }
    QVariant get(const void* object, int property) const
    {
        return m_properties[size_t(property)]->accessor->get(object);
    }
    void set(void* object, int property, const QVariant& value) const
    {
        m_properties[size_t(property)]->accessor->set(object, value);
    }
    // The primary key values of an object; empty when any part is unset (NULL, or 0 for a
    // generated integer key).
    QVariantList identityOf(const void* object) const;
    // "User(id=1)" for messages.
    QString describe(const void* object) const;

private:
    const std::vector<int>& findPrimaryKey() const;

    QString m_className;
    Table* m_table;
    Factory m_factory;
    const std::type_info* m_type;
    std::vector<std::unique_ptr<Property>> m_properties;
    std::vector<std::unique_ptr<Relationship>> m_relationships;
    mutable std::vector<int> m_primaryKey;
    mutable int m_generatedKey = -1; // unknown until asked
    int m_version = -1;
    QString m_readOnlyReason;
};

} // namespace orm
