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
