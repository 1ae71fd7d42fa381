#include "orm/query/relationshipops.h"

#include "orm/errors.h"
#include "orm/mapping/relationship.h"
#include "orm/sql/column.h"
#include "orm/sql/select.h"

namespace orm {

namespace {

using ColumnPairs = std::vector<std::pair<const Column*, const Column*>>;

// The join condition of a relationship without a secondary table, written as SQLAlchemy
// writes it: the referenced column on the left.
Expr joinCondition(const Relationship& relationship)
{
    const bool manyToOne = relationship.direction() == RelationshipDirection::ManyToOne;
    Expr on;
    for (const auto& [local, remote] : relationship.pairs())
        on = on && (manyToOne ? Expr(*remote) == Expr(*local) : Expr(*local) == Expr(*remote));
    return on;
}

// SELECT 1 FROM ...: the value is written as SQL, not bound, because it is never compared.
Select selectOne()
{
    return select({textExpr(QStringLiteral("1"))});
}

void requireCollection(const Relationship& relationship, bool collection, const char* method)
{
    if (relationship.uselist() != collection)
        throw InvalidRequestError(
            QStringLiteral("%1() is for %2 relationships; %3 is %4 (use %5())")
                .arg(QLatin1String(method),
                     collection ? QStringLiteral("collection") : QStringLiteral("many-to-one"),
                     relationship.describe(),
                     collection ? QStringLiteral("scalar") : QStringLiteral("a collection"),
                     collection ? QStringLiteral("has") : QStringLiteral("any")));
}

} // namespace

namespace detail {

QVariant columnValue(const Object& object, const Column& column)
{
    const Mapper& m = object.mapper();
    const int index = m.indexOf(&column);
    if (index < 0)
        throw ArgumentError(
            QStringLiteral("%1 does not map the column %2").arg(m.className(), column.name()));
    return object.value(m.property(index).name);
}

Expr relatedTo(const Relationship& relationship, const Object& parent)
{
    if (!parent)
        throw ArgumentError(
            QStringLiteral("withParent(%1): the parent is null").arg(relationship.describe()));
    if (&parent.mapper() != &relationship.parent())
        throw ArgumentError(QStringLiteral("withParent(%1): the parent is a %2")
                                .arg(relationship.describe(), parent.mapper().className()));
    if (const Table* secondary = relationship.secondary()) {
        // EXISTS (SELECT 1 FROM link WHERE link.parent_id = ? AND target.id = link.target_id)
        Expr where;
        for (const auto& [local, link] : relationship.pairs())
            where = where && (Expr(*link) == columnValue(parent, *local));
        for (const auto& [target, link] : relationship.secondaryPairs())
            where = where && (Expr(*target) == Expr(*link));
        return exists(selectOne().selectFrom(*secondary).where(where));
    }
    // Both directions: the target's side of each pair equals the parent's value of its side,
    // the value first as in SQLAlchemy's lazy-load criterion (? = addresses.user_id).
    Expr where;
    for (const auto& [local, remote] : relationship.pairs())
        where = where && (literal(columnValue(parent, *local), remote->type()) == Expr(*remote));
    return where;
}

} // namespace detail

Expr RelationshipComparator::existsRelated(const Expr& criteria) const
{
    const Relationship& r = *m_relationship;
    Select sub = selectOne();
    Expr where;
    if (const Table* secondary = r.secondary()) {
        sub = sub.selectFrom(*secondary).selectFrom(r.target().table());
        for (const auto& [local, link] : r.pairs())
            where = where && (Expr(*local) == Expr(*link));
        for (const auto& [target, link] : r.secondaryPairs())
            where = where && (Expr(*target) == Expr(*link));
    } else {
        sub = sub.selectFrom(r.target().table());
        where = joinCondition(r);
    }
    return exists(sub.where(where && criteria));
}

Expr RelationshipComparator::any(const Expr& criteria) const
{
    requireCollection(*m_relationship, true, "any");
    return existsRelated(criteria);
}

Expr RelationshipComparator::has(const Expr& criteria) const
{
    requireCollection(*m_relationship, false, "has");
    return existsRelated(criteria);
}

Expr RelationshipComparator::contains(const Object& child) const
{
    const Relationship& r = *m_relationship;
    requireCollection(r, true, "contains");
    if (!child)
        throw ArgumentError(QStringLiteral("contains(): the object is null"));
    if (const Table* secondary = r.secondary()) {
        // EXISTS (SELECT 1 FROM link WHERE parent.id = link.parent_id AND link.target_id = ?)
        Expr where;
        for (const auto& [local, link] : r.pairs())
            where = where && (Expr(*local) == Expr(*link));
        for (const auto& [target, link] : r.secondaryPairs())
            where = where && (Expr(*link) == detail::columnValue(child, *target));
        return exists(selectOne().selectFrom(*secondary).where(where));
    }
    return referencedBy(child);
}

Expr RelationshipComparator::referencedBy(const Object& child) const
{
    // One-to-many (or one-to-one): the parent's key equals the child's foreign key.
    Expr where;
    for (const auto& [local, remote] : m_relationship->pairs())
        where = where && (Expr(*local) == detail::columnValue(child, *remote));
    return where;
}

Expr RelationshipComparator::equals(const Object& target) const
{
    const Relationship& r = *m_relationship;
    if (r.uselist()) {
        if (!target) // an empty collection
            return !any();
        throw InvalidRequestError(
            QStringLiteral("Can't compare the collection %1 to an object; use contains() to test "
                           "for membership")
                .arg(r.describe()));
    }
    if (r.direction() != RelationshipDirection::ManyToOne) // one-to-one from the referenced side
        return target ? referencedBy(target) : !existsRelated({});
    // The value first, as the seed shows BlogPost.author == wendy: ? = posts.user_id.
    Expr where;
    for (const auto& [local, remote] : r.pairs())
        where = where && (target ? literal(detail::columnValue(target, *remote), local->type()) ==
                                       Expr(*local)
                                 : Expr(*local).isNull());
    return where;
}

Expr RelationshipComparator::notEquals(const Object& target) const
{
    const Relationship& r = *m_relationship;
    if (r.uselist()) {
        if (!target)
            return any();
        throw InvalidRequestError(
            QStringLiteral("Can't compare the collection %1 to an object; use contains() to test "
                           "for membership")
                .arg(r.describe()));
    }
    if (r.direction() != RelationshipDirection::ManyToOne)
        return target ? !referencedBy(target) : existsRelated({});
    if (!target) {
        Expr where;
        for (const auto& [local, remote] : r.pairs())
            where = where && Expr(*local).isNotNull();
        return where;
    }
    // As SQLAlchemy: rows referring to nothing differ from `target` too.
    Expr differs, isNull;
    for (const auto& [local, remote] : r.pairs()) {
        differs = differs || (Expr(*local) != detail::columnValue(target, *remote));
        isNull = isNull && Expr(*local).isNull();
    }
    return differs || isNull;
}

} // namespace orm
