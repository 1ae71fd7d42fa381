#pragma once
// Criteria along a relationship, as SQLAlchemy's relationship comparators:
//
//     orm::rel(&User::addresses).any(orm::col(&Address::email).like("%google%"))
//         // EXISTS (SELECT 1 FROM addresses WHERE users.id = addresses.user_id AND ...)
//     !orm::rel(&Address::user).has(orm::col(&User::name) == "jack")
//     orm::rel(&Address::user) == jack      // addresses.user_id = ?
//     orm::rel(&Address::user) == nullptr   // addresses.user_id IS NULL
//     orm::rel(&User::addresses).contains(someAddress)  // users.id = ?
//
// Values of the objects compared with are read when the criterion is built.

#include "orm/mapping/mapping.h"
#include "orm/session/object.h"
#include "orm/sql/expression.h"

#include <cstddef>

namespace orm {

class Relationship;

class RelationshipComparator {
public:
    explicit RelationshipComparator(const Relationship& relationship)
        : m_relationship(&relationship)
    {}

    const Relationship& relationship() const { return *m_relationship; }
    // EXISTS a related row (matching `criteria`): for collections.
    Expr any(const Expr& criteria = {}) const;
    // The same for a many-to-one (scalar) relationship.
    Expr has(const Expr& criteria = {}) const;
    // The collection holds `child`.
    Expr contains(const Object& child) const;
    // Many-to-one: refers to `target` (its key columns); a null Object gives IS NULL.
    Expr equals(const Object& target) const;
    Expr notEquals(const Object& target) const;

    friend Expr operator==(const RelationshipComparator& r, const Object& o) { return r.equals(o); }
    friend Expr operator!=(const RelationshipComparator& r, const Object& o)
    {
        return r.notEquals(o);
    }
    friend Expr operator==(const RelationshipComparator& r, std::nullptr_t)
    {
        return r.equals(Object());
    }
    friend Expr operator!=(const RelationshipComparator& r, std::nullptr_t)
    {
        return r.notEquals(Object());
    }

private:
    Expr existsRelated(const Expr& criteria) const;
    Expr referencedBy(const Object& child) const;
    const Relationship* m_relationship;
};

template <class C, class M>
RelationshipComparator rel(M C::*member)
{
    return RelationshipComparator(
        mapper<C>().relationshipForMember(typeid(member), &member, sizeof member));
}

namespace detail {
// The value of a mapped column of an object, loaded if expired; ArgumentError when the column
// is not mapped by the object's class.
QVariant columnValue(const Object& object, const Column& column);
// The criterion "rows of the relationship's target related to `parent`" (withParent()).
Expr relatedTo(const Relationship& relationship, const Object& parent);
} // namespace detail

} // namespace orm
