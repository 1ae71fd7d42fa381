#include "orm/mapping/mapper.h"

#include "orm/errors.h"

#include <algorithm>

namespace orm {

Mapper::Mapper(const QString& className, Table& table, Factory factory, const std::type_info* type)
    : m_className(className), m_table(&table), m_factory(std::move(factory)), m_type(type)
{}

Mapper::~Mapper() = default;

Mapper::Property& Mapper::addProperty(const QString& name, const Column& column,
                                      std::unique_ptr<Accessor> accessor)
{
    if (indexOf(name) >= 0)
        throw ArgumentError(
            QStringLiteral("%1 already maps an attribute named %2").arg(m_className, name));
    auto p = std::make_unique<Property>();
    p->name = name;
    p->column = &column;
    p->accessor = std::move(accessor);
    p->index = int(m_properties.size());
    m_properties.push_back(std::move(p));
    m_primaryKey.clear(); // recomputed on demand: primaryKey() may be set after the column
    m_generatedKey = -1;
    return *m_properties.back();
}

Relationship& Mapper::addRelationship(std::unique_ptr<Relationship> relationship)
{
    if (indexOf(relationship->name()) >= 0 || this->relationship(relationship->name()))
        throw ArgumentError(QStringLiteral("%1 already maps an attribute named %2")
                                .arg(m_className, relationship->name()));
    m_relationships.push_back(std::move(relationship));
    return *m_relationships.back();
}

const Relationship* Mapper::relationship(const QString& name) const
{
    for (const auto& r : m_relationships) {
        if (r->name() == name)
            return r.get();
    }
    return nullptr;
}

const Relationship& Mapper::relationshipNamed(const QString& name) const
{
    if (const Relationship* r = relationship(name))
        return *r;
    throw ArgumentError(QStringLiteral("%1 has no relationship \"%2\"").arg(m_className, name));
}

const Relationship& Mapper::relationshipForMember(const std::type_info& type, const void* bytes,
                                                  size_t size) const
{
    for (const auto& r : m_relationships) {
        if (r->accessor().isMember(type, bytes, size))
            return *r;
    }
    throw ArgumentError(
        QStringLiteral("that member of %1 is not a mapped relationship").arg(m_className));
}

int Mapper::indexOf(const Column* column) const
{
    for (const auto& p : m_properties) {
        if (p->column == column)
            return p->index;
    }
    return -1;
}

int Mapper::indexOf(const QString& name) const
{
    for (const auto& p : m_properties) {
        if (p->name == name)
            return p->index;
    }
    return -1;
}

const Mapper::Property& Mapper::property(const QString& name) const
{
    const int i = indexOf(name);
    if (i < 0)
        throw ArgumentError(
            QStringLiteral("%1 has no mapped attribute \"%2\"").arg(m_className, name));
    return *m_properties[size_t(i)];
}

const Mapper::Property& Mapper::propertyForMember(const std::type_info& type, const void* bytes,
                                                  size_t size) const
{
    for (const auto& p : m_properties) {
        if (p->accessor->isMember(type, bytes, size))
            return *p;
    }
    throw ArgumentError(
        QStringLiteral("that member of %1 is not mapped to a column").arg(m_className));
}

const std::vector<int>& Mapper::findPrimaryKey() const
{
    for (const Column* column : m_table->primaryKeyColumns()) {
        for (const auto& p : m_properties) {
            if (p->column == column)
                m_primaryKey.push_back(p->index);
        }
    }
    // Without a key, a read-only mapper (a view) tells rows apart by all their columns.
    if (m_primaryKey.empty() && isReadOnly()) {
        for (const auto& p : m_properties)
            m_primaryKey.push_back(p->index);
    }
    if (m_primaryKey.empty())
        throw ArgumentError(
            QStringLiteral("%1 (table %2) has no primary key; the ORM needs one to tell rows apart")
                .arg(m_className, m_table->fullName()));
    return m_primaryKey;
}

void Mapper::checkWritable(const QString& action) const
{
    if (isReadOnly())
        throw InvalidRequestError(QStringLiteral("cannot %1 a record of %2: %3")
                                      .arg(action, m_className, m_readOnlyReason));
}

bool Mapper::hasGeneratedKey() const
{
    // Asked for every object of a flush; the answer only changes while the class is being mapped.
    if (m_generatedKey < 0) {
        const std::vector<int>& pk = primaryKey();
        m_generatedKey =
            pk.size() == 1 && m_properties[size_t(pk.front())]->column->isAutoincrement() ? 1 : 0;
    }
    return m_generatedKey == 1;
}

QVariantList Mapper::identityOf(const void* object) const
{
    QVariantList key;
    const bool generated = hasGeneratedKey();
    for (int i : primaryKey()) {
        const QVariant v = get(object, i);
        // A generated integer key of 0 means "not assigned yet", as None does in SQLAlchemy.
        if (!v.isValid() || v.isNull() || (generated && v.toLongLong() == 0))
            return {};
        key << v;
    }
    return key;
}

QString Mapper::describe(const void* object) const
{
    QStringList parts;
    const bool generated = hasGeneratedKey();
    bool unassigned = false;
    for (int i : primaryKey()) {
        const QVariant v = get(object, i);
        // Unset as in identityOf(): NULL, or 0 for a generated key.
        const bool unset = !v.isValid() || v.isNull() || (generated && v.toLongLong() == 0);
        unassigned = unassigned || unset;
        parts << m_properties[size_t(i)]->name + u'=' +
                     (unset ? QStringLiteral("None") : v.toString());
    }
    // Without a key, a few attribute values tell the user which object is meant.
    if (unassigned) {
        constexpr int Shown = 3;
        for (const auto& p : m_properties) {
            if (parts.size() > Shown ||
                std::find(primaryKey().begin(), primaryKey().end(), p->index) != primaryKey().end())
                continue;
            const QVariant v = get(object, p->index);
            parts << p->name + u'=' +
                         (v.isValid() ? u'\'' + v.toString().left(40) + u'\''
                                      : QStringLiteral("None"));
        }
    }
    return m_className + u'(' + parts.join(QStringLiteral(", ")) + u')';
}

} // namespace orm
