#pragma once
// Loader options: how a query fills relationships of the objects it loads. Lazy (the
// default) loads a relationship on first access with one SELECT per object; selectin loads it
// for all the query's objects at once with a second SELECT ... WHERE key IN (...), in chunks of
// at most 500 keys (a tuple IN, (a, b) IN ((?, ?), ...), for composite keys); joined adds a
// LEFT OUTER JOIN to the statement that loads the parents, whether that is the query itself or
// the selectin/subquery statement of an earlier step. Options chain along a path:
//
//     session.query<User>()
//         .options(orm::selectinLoad(&User::orders).selectinLoad(&Order::items))
//         .all();
//
// Subquery loading re-runs the query as a subquery joined to the children for a one-to-many of
// the queried class; elsewhere on a path it loads as selectin.
//
// A relationship no option names loads as its mapping says (Relationship::loading()); a mapped
// eager strategy stops where the path would meet a class it already went through, unless the
// relationship has a joinDepth, which then limits the path's length (SQLAlchemy's join_depth).
//
// containsEager fills a relationship from a join the query already has, instead of loading it:
//
//     session.query<User>()
//         .join(&User::addresses)
//         .filter(orm::col(&Address::email).like("%@gmail.com"))
//         .options(orm::containsEager(&User::addresses)) // only the addresses that matched
//         .all();
//
// (A LIMIT applies to the joined rows then, as the query is written: joined loading, by
// contrast, wraps a limited query in a subquery so that every child comes.) Objects already in
// the Session keep a relationship loaded before the query, as with every eager strategy; with
// populateExisting() the query's own joins fill it again.

#include "orm/mapping/mapping.h"
#include "orm/mapping/relationship.h"
#include "orm/session/object.h"
#include "orm/sql/fromclause.h"
#include "orm/sql/select.h"

#include <QHash>
#include <QSet>
#include <optional>
#include <utility>
#include <vector>

namespace orm {

// A relationship named by its member (&User::orders) or given itself (a Record's, from automap:
// artists.relationshipNamed("albums")): every option below takes either.
class RelationshipRef {
public:
    RelationshipRef(const Relationship& relationship) // NOLINT(google-explicit-constructor)
        : m_relationship(&relationship)
    {}
    template <class T, class M>
    RelationshipRef(M T::*member) // NOLINT(google-explicit-constructor)
        : m_relationship(&mapper<T>().relationshipForMember(typeid(member), &member, sizeof member))
    {}
    const Relationship& get() const { return *m_relationship; }

private:
    const Relationship* m_relationship;
};

// One path of relationships, each with its strategy (Loading is declared with Relationship,
// whose mapping names the default).
class LoadOption {
public:
    LoadOption() = default;
    LoadOption(RelationshipRef relationship, Loading strategy, bool containsEager = false)
        : m_containsEager(containsEager)
    {
        m_path.emplace_back(&relationship.get(), strategy);
    }

    // The next relationship along the path, from the class the previous one leads to.
    LoadOption then(RelationshipRef relationship, Loading strategy) const;
    LoadOption selectinLoad(RelationshipRef r) const { return then(r, Loading::Selectin); }
    LoadOption joinedLoad(RelationshipRef r) const { return then(r, Loading::Joined); }
    LoadOption subqueryLoad(RelationshipRef r) const { return then(r, Loading::Subquery); }
    LoadOption lazyLoad(RelationshipRef r) const { return then(r, Loading::Lazy); }
    // Along a containsEager path: the next relationship is filled from the query's join too.
    LoadOption containsEager(RelationshipRef r) const { return then(r, Loading::Joined); }

    const std::vector<std::pair<const Relationship*, Loading>>& path() const { return m_path; }
    // Every step of the path is filled from joins of the query (orm::containsEager).
    bool isContainsEager() const { return m_containsEager; }

private:
    std::vector<std::pair<const Relationship*, Loading>> m_path;
    bool m_containsEager = false;
};

// The option for one relationship: orm::load(&User::orders, Loading::Selectin); the named
// helpers below read better at the call site.
inline LoadOption load(RelationshipRef r, Loading strategy)
{
    return LoadOption(r, strategy);
}
inline LoadOption selectinLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::Selectin);
}
inline LoadOption joinedLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::Joined);
}
inline LoadOption subqueryLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::Subquery);
}
inline LoadOption immediateLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::Immediate);
}
inline LoadOption raiseLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::Raise);
}
inline LoadOption noLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::NoLoad);
}
inline LoadOption lazyLoad(RelationshipRef r)
{
    return LoadOption(r, Loading::Lazy);
}
// Fills the relationship from the query's own join along it (Query::join / outerJoin): no
// further statement, and only the related rows the query's criteria kept.
inline LoadOption containsEager(RelationshipRef r)
{
    return LoadOption(r, Loading::Joined, true);
}

namespace detail {

// The options of a query as a tree: the relationships named from one class, each with the
// options that continue from its target. Internal to the Query and the Session.
struct LoadNode {
    const Relationship* relationship = nullptr;
    Loading strategy = Loading::Lazy;
    bool containsEager = false; // filled from the query's join, not loaded
    std::vector<LoadNode> children;
};
std::vector<LoadNode> optionTree(const std::vector<LoadOption>& options);

// The relationships taken from the queried class to the objects being loaded.
using LoadPath = std::vector<const Relationship*>;

// What to do about each relationship of `mapper` reached by `path`: the option naming it, else
// the mapping's eager default where the path allows it (join_depth). Relationships left lazy
// by default are absent.
std::vector<LoadNode> loadPlan(const Mapper& mapper, const std::vector<LoadNode>& options,
                               const LoadPath& path);

// A relationship filled from the columns of the same statement (joined eager loading or
// containsEager): the target's columns start at `offset`; those joined from it follow.
struct JoinedLoad {
    const Relationship* relationship = nullptr;
    int offset = 0;
    std::vector<JoinedLoad> children;
};

// Joined rows repeat a parent once per child: each (joined load, parent) pair is filled on its
// first row only, and only when its relationship was not loaded before the statement.
struct JoinedFill {
    QHash<std::pair<const void*, const void*>, bool> seen; // -> being filled by this statement
    // The last entry of `seen`: rows of one parent come together, so most rows ask for it.
    std::pair<const void*, const void*> lastSeen{nullptr, nullptr};
    bool lastFilling = false;
    // A child met again (once per row of its siblings or children, or of the query's own
    // joins) must not be added twice. A child just loaded cannot be in a collection yet, so
    // only collections that meet an object loaded before are indexed, on that first meeting.
    QSet<const void*> indexed;                         // collections with their members below
    QSet<std::pair<const void*, const void*>> members; // (collection, child) already added
    QList<std::pair<Object, const Relationship*>> filled;
    // Whether a filled child may point back at its parent already: it existed before the
    // statement, or the statement set a reference. New objects have not loaded theirs.
    bool mayPointBack = false;
    bool populateExisting = false;
};

// Builds the joined loads of one statement.
class JoinBuilder {
public:
    // `explicitJoins`: the target tables the query joined itself (for containsEager).
    explicit JoinBuilder(QHash<const Relationship*, From> explicitJoins = {})
        : m_explicit(std::move(explicitJoins))
    {}

    // Adds the LEFT OUTER JOINs (and their columns, from column `offset` on) for the joined
    // steps of the plan of `mapper` at `path`, whose row is read through `parent`; with
    // `containsOnly`, the containsEager steps instead, which add columns but no join.
    Select add(Select query, const From& parent, const Mapper& mapper,
               const std::vector<LoadNode>& options, const LoadPath& path, bool containsOnly);

    std::vector<JoinedLoad> joins;
    std::vector<Expr> columns; // to add to the statement, in row order from `offset`
    std::vector<Expr> orderBy; // the joined relationships' ordering, on their aliases
    int offset = 0;

private:
    From aliasOf(const Table& table);
    Select addLevel(Select query, const From& parent, const Mapper& mapper,
                    const std::vector<LoadNode>& options, const LoadPath& path, bool containsOnly,
                    std::vector<JoinedLoad>& out);
    Select joinTo(const Select& query, const From& parent, const Relationship& relationship,
                  const From& target);

    QHash<const Relationship*, From> m_explicit;
};

// An ORDER BY term on a column (possibly ASC/DESC), re-targeted at the same column of another
// FROM object.
std::optional<Expr> retarget(const Expr& term, const From& from);
// The SELECT with `columns` put before its own.
Select prependColumns(const Select& query, const std::vector<Expr>& columns);
// (a, b) IN ((?, ?), (?, ?)): each key has one value per column.
Expr tupleIn(const std::vector<Expr>& columns, const QList<QVariantList>& keys);

} // namespace detail

} // namespace orm
