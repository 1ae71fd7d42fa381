#pragma once
// What a query selects. An Entity is one item of a query's SELECT list: a mapped class (its
// table, an alias of it, or a subquery standing in for it) that becomes an Object per row, or a
// column expression that becomes a value.
//
//     auto adalias = orm::aliased<Address>();                 // addresses AS addresses_1
//     session.query(&User::name, adalias.col(&Address::email)) // two column entities
//     session.query<User, Address>()                           // two class entities

#include "orm/mapping/mapping.h"
#include "orm/sql/expression.h"
#include "orm/sql/fromclause.h"

#include <vector>

namespace orm {

// The column of a mapped member, for criteria: orm::col(&User::name) == "ed".
template <class T, class M>
Expr col(M T::*member)
{
    return Expr(*mapper<T>().propertyForMember(typeid(member), &member, sizeof member).column);
}

// A mapped class under another name: a second occurrence of its table in one query
// (aliased<Address>("a1")), or a subquery whose columns carry the table's column names
// (aliased<Address>(subquery)). Its columns are reached with col(&Address::email).
class AliasedEntity {
public:
    AliasedEntity(const Mapper& mapper, From from) : m_mapper(&mapper), m_from(std::move(from)) {}
    const Mapper& mapper() const { return *m_mapper; }
    const From& from() const { return m_from; }
    // The column `name` of the mapped table as seen through the alias.
    Expr c(const QString& name) const { return m_from.c(name); }

private:
    const Mapper* m_mapper;
    From m_from;
};

template <class T>
class Aliased : public AliasedEntity {
public:
    using AliasedEntity::AliasedEntity;
    template <class M>
    Expr col(M T::*member) const
    {
        const Mapper& m = orm::mapper<T>();
        return c(m.propertyForMember(typeid(member), &member, sizeof member).column->name());
    }
};

// An alias of T's table; without a name it is called after the table in the SQL (addresses_1,
// addresses_2, numbered in order of appearance), as SQLAlchemy names it.
template <class T>
Aliased<T> aliased(const QString& name = {})
{
    return Aliased<T>(mapper<T>(), alias(mapper<T>().table(), name));
}

// T loaded from a subquery (Query::subquery() or Select::subquery()) with T's column names.
template <class T>
Aliased<T> aliased(const From& subquery)
{
    return Aliased<T>(mapper<T>(), subquery);
}

class Entity {
public:
    // A column expression (a column, a label, an aggregate, ...).
    Entity(const Expr& expr);                              // NOLINT(google-explicit-constructor)
    Entity(const Column& column) : Entity(Expr(column)) {} // NOLINT(google-explicit-constructor)
    // A mapped member: the column it maps to.
    template <class T, class M>
    Entity(M T::*member) : Entity(orm::col(member)) // NOLINT(google-explicit-constructor)
    {}
    // A mapped class under an alias.
    Entity(const AliasedEntity& aliased); // NOLINT(google-explicit-constructor)
    // A mapped class on its own table.
    static Entity of(const Mapper& mapper);
    template <class T>
    static Entity of()
    {
        return of(orm::mapper<T>());
    }

    // The mapped class, or null for a column expression.
    const Mapper* mapper() const { return m_mapper; }
    // Where the class's columns come from (its table or the alias).
    const From& from() const { return m_from; }
    const Expr& expr() const { return m_expr; }
    // The SELECT list items: every mapped column in property order, or the expression.
    std::vector<Expr> columns() const;
    // The name a Row gives this item: the class's (or alias's) name, the label or the column's.
    QString name() const;

private:
    Entity() = default;
    const Mapper* m_mapper = nullptr;
    From m_from;
    Expr m_expr;
};

} // namespace orm
