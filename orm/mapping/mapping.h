#pragma once
// Mapping<T> is how a C++ class says how it maps, in one function per class found by
// argument-dependent lookup — no code generator, no moc:
//
//     struct User { qint64 id = 0; QString name; std::optional<QString> nickname; };
//     void mapping(orm::Mapping<User>& m)
//     {
//         m.table("users");
//         m.column(&User::id, "id").primaryKey();
//         m.column(&User::name, "name").type(orm::String(50));
//         m.column(&User::nickname, "nickname");   // std::optional: nullable
//     }
//
// Column types follow the member types (qint64 -> BigInteger, QString -> String, ...), and a
// member is NOT NULL unless it is a std::optional, as with SQLAlchemy's Mapped[] annotations.
// orm::mapper<User>() builds the Mapper on first use, in Registry::global().

#include "orm/mapping/accessor.h"
#include "orm/mapping/mapper.h"
#include "orm/mapping/registry.h"
#include "orm/session/box.h"

#include <memory>
#include <typeinfo>

namespace orm {

template <class T>
class Reference;
template <class T>
class Collection;
template <class T>
const Mapper& mapper();

namespace detail {
[[noreturn]] void throwWrongClass(const Mapper& mapper, const std::type_info& wanted);
[[noreturn]] void throwNoTable(const std::type_info& type);
QString className(const std::type_info& type);
} // namespace detail

// Chained options of one mapped column; they change the Column in the MetaData.
class ColumnMapping {
public:
    ColumnMapping(Mapper& mapper, Column& column, int property)
        : m_mapper(mapper), m_column(column), m_property(property)
    {}

    ColumnMapping& primaryKey();
    ColumnMapping& type(const SqlType& type);
    ColumnMapping& nullable(bool on = true);
    ColumnMapping& unique(bool on = true);
    ColumnMapping& index(bool on = true);
    ColumnMapping& autoincrement(Autoincrement mode);
    ColumnMapping& defaultValue(const QVariant& value);
    ColumnMapping& serverDefault(const ServerDefault& value);
    ColumnMapping& references(const QString& target,
                              ReferentialAction onDelete = ReferentialAction::NoAction,
                              ReferentialAction onUpdate = ReferentialAction::NoAction);
    // This column counts versions for optimistic locking: UPDATE and DELETE check and bump it.
    ColumnMapping& version();

private:
    Mapper& m_mapper;
    Column& m_column;
    int m_property;
};

// Chained options of one mapped relationship.
class RelationshipMapping {
public:
    explicit RelationshipMapping(Relationship& relationship) : m_relationship(relationship) {}
    // The attribute of the other class that mirrors this one; both stay in step in memory.
    RelationshipMapping& backPopulates(const QString& attribute);
    // SQLAlchemy's cascade string: "all, delete-orphan", "save-update, merge", ...
    RelationshipMapping& cascade(const QString& options);
    RelationshipMapping& orderBy(const std::vector<Expr>& columns);
    // Ordering by the target's column names ("id", "name DESC"), resolved on first use: safe
    // where naming the target's members would map a class from inside its own mapping.
    RelationshipMapping& orderBy(const QStringList& targetColumns);
    // The foreign key columns to follow when several link the two tables.
    RelationshipMapping& foreignKeys(const QStringList& columns);
    // The join condition, as text resolved against the MetaData on first use:
    //     .primaryJoin("users.id == addresses.billing_user_id")
    //     .primaryJoin("a.x == b.x AND a.y == b.y")            // composite keys
    // ("=" works as "==", "&&" or "and" as "AND".)
    // Each term is an equality of qualified column names (schema.table.column allowed), one of
    // this class's table and one of the target's. The side holding a foreign key to the other
    // (or named by foreignKeys()) is the foreign side, which gives the direction. Text, not
    // orm::col(&Other::x): naming another class's members inside a mapping would map that class
    // from inside this one, which may recurse.
    RelationshipMapping& primaryJoin(const QString& condition);
    // Many-to-many through an association table of the MetaData.
    RelationshipMapping& secondary(const QString& table);
    // The default loading strategy of the relationship (SQLAlchemy's lazy=).
    RelationshipMapping& lazy(Loading loading);
    // Load with every query of the class through a second SELECT ... IN (lazy="selectin").
    RelationshipMapping& selectin(bool on = true);
    // Two rows pointing at each other: the foreign key is written by a second UPDATE.
    RelationshipMapping& postUpdate(bool on = true);
    // Rely on the database's ON DELETE instead of loading children to delete them.
    RelationshipMapping& passiveDeletes(bool on = true);
    // An object this many-to-one (or many-to-many) leads to belongs to one parent at a time:
    // giving it a second one is an InvalidRequestError. Needed for delete-orphan there.
    RelationshipMapping& singleParent(bool on = true);
    // Levels followed by eager loading of a self-referential relationship.
    RelationshipMapping& joinDepth(int depth);

private:
    Relationship& m_relationship;
};

template <class T>
class Mapping {
public:
    explicit Mapping(Registry& registry) : m_registry(registry) {}

    // The table the class maps to; call before the columns.
    void table(const QString& name, const QString& schema = {})
    {
        Table& table = m_registry.metadata().addTable(name, schema);
        m_mapper =
            std::make_unique<Mapper>(detail::className(typeid(T)), table, &create, &typeid(T));
    }

    template <class M>
    ColumnMapping column(M T::*member, const QString& name)
    {
        static_assert(IsMappableMember<M>::value, "this member type cannot be mapped to a column");
        if (!m_mapper)
            detail::throwNoTable(typeid(T));
        Column& column = m_mapper->table().addColumn(name, sqlTypeOf<M>());
        column.nullable(isOptionalMember<M>);
        const Mapper::Property& p =
            m_mapper->addProperty(name, column, std::make_unique<MemberAccessor<T, M>>(member));
        return ColumnMapping(*m_mapper, column, p.index);
    }

    // A many-to-one (or one-to-one) reference; the direction comes from the foreign keys.
    template <class U>
    RelationshipMapping relationship(Reference<U> T::*member, const QString& name)
    {
        return addRelationship<U>(member, name, false);
    }
    // A one-to-many collection.
    template <class U>
    RelationshipMapping relationship(Collection<U> T::*member, const QString& name)
    {
        return addRelationship<U>(member, name, true);
    }

    // A column of this class for use inside its own mapping (orm::col() would map it recursively).
    template <class M>
    Expr col(M T::*member) const
    {
        return Expr(*m_mapper->propertyForMember(typeid(member), &member, sizeof member).column);
    }

    Mapper& mapper() { return *m_mapper; }
    std::unique_ptr<Mapper> finish()
    {
        if (!m_mapper)
            detail::throwNoTable(typeid(T));
        return std::move(m_mapper);
    }

private:
    static std::shared_ptr<InstanceState> create(const Mapper& mapper)
    {
        return std::make_shared<Box<T>>(mapper);
    }

    template <class U, class M>
    RelationshipMapping addRelationship(M T::*member, const QString& name, bool uselist)
    {
        if (!m_mapper)
            detail::throwNoTable(typeid(T));
        // The target is looked up on first use: the two classes usually refer to each other.
        auto relationship = std::make_unique<Relationship>(
            *m_mapper, name, int(m_mapper->relationships().size()), uselist,
            []() -> const Mapper& { return orm::mapper<U>(); },
            std::make_unique<RelationshipMemberAccessor<T, M>>(member));
        return RelationshipMapping(m_mapper->addRelationship(std::move(relationship)));
    }

    Registry& m_registry;
    std::unique_ptr<Mapper> m_mapper;
};

// Declared so that `template <> void orm::mapping(orm::Mapping<User>&)` also works; a plain
// function `void mapping(orm::Mapping<User>&)` next to the class is found first.
template <class T>
void mapping(Mapping<T>& m);

// The Mapper of a compiled class.
template <class T>
const Mapper& mapper()
{
    static const Mapper& instance = Registry::global().mapperFor(typeid(T), [](Registry& registry) {
        Mapping<T> m(registry);
        mapping(m);
        return m.finish();
    });
    return instance;
}

} // namespace orm
