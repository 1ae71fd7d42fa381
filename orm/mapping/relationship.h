#pragma once
// Relationship is a mapped relationship attribute: which class it leads to, in which direction
// (found from the foreign keys between the two tables), its cascades, its reverse side
// (back-populates) and ordering. It is configured on first use, after every class is mapped,
// because two classes usually refer to each other.

#include "orm/mapping/cascade.h"
#include "orm/sql/expression.h"

#include <QString>
#include <QStringList>
#include <cstring>
#include <functional>
#include <memory>
#include <typeinfo>
#include <utility>
#include <vector>

namespace orm {

class Column;
class Mapper;
class RelationshipSlot;
class Table;

// Finds the Reference/Collection member of an object.
class RelationshipAccessor {
public:
    virtual ~RelationshipAccessor() = default;
    virtual RelationshipSlot& slot(void* object) const = 0;
    virtual bool isMember(const std::type_info& type, const void* bytes, size_t size) const = 0;
};

template <class T, class M>
class RelationshipMemberAccessor final : public RelationshipAccessor {
public:
    explicit RelationshipMemberAccessor(M T::*member) : m_member(member) {}
    RelationshipSlot& slot(void* object) const override
    {
        return static_cast<T*>(object)->*m_member;
    }
    bool isMember(const std::type_info& type, const void* bytes, size_t size) const override
    {
        return type == typeid(M T::*) && size == sizeof m_member &&
               std::memcmp(bytes, &m_member, size) == 0;
    }

private:
    M T::*m_member;
};

enum class RelationshipDirection { ManyToOne, OneToMany, ManyToMany };

// How a relationship is filled, SQLAlchemy's lazy= values:
//   Lazy      one SELECT per object, on first access (the default)
//   Selectin  a second SELECT ... WHERE key IN (...) for all objects of a query, 500 keys a chunk
//   Joined    the query itself LEFT OUTER JOINs the related table (from the queried class)
//   Subquery  a second SELECT joining the related table to the query run as a subquery
//   Immediate one SELECT per object right after the query, before any access
//   Raise     accessing it unloaded is an error naming the attribute (no N+1 by accident)
//   NoLoad    never loaded: empty (or null) unless set in memory
//   Dynamic   a collection never loaded whole: it gives a Query to filter further
enum class Loading { Lazy, Selectin, Joined, Subquery, Immediate, Raise, NoLoad, Dynamic };

class Relationship {
public:
    Relationship(const Mapper& parent, const QString& name, int index, bool uselist,
                 std::function<const Mapper&()> target,
                 std::unique_ptr<RelationshipAccessor> accessor);

    const QString& name() const { return m_name; }
    int index() const { return m_index; }
    const Mapper& parent() const { return *m_parent; }
    const Mapper& target() const;
    bool uselist() const { return m_uselist; }
    RelationshipDirection direction() const;
    const CascadeSet& cascade() const { return m_cascade; }
    const RelationshipAccessor& accessor() const { return *m_accessor; }
    RelationshipSlot& slot(void* object) const { return m_accessor->slot(object); }

    // Column pairs of the join: for many-to-one (local foreign key column, remote referenced
    // column); for one-to-many (local referenced column, remote foreign key column); for
    // many-to-many (local referenced column, the secondary table's column referring to it).
    const std::vector<std::pair<const Column*, const Column*>>& pairs() const;
    // Many-to-many: the association table, and (target column, secondary column) pairs.
    const Table* secondary() const { return m_secondary; }
    const std::vector<std::pair<const Column*, const Column*>>& secondaryPairs() const;
    // The relationship on the other class that mirrors this one, or nullptr.
    const Relationship* reverse() const;
    const std::vector<Expr>& orderBy() const
    {
        configure();
        return m_orderBy;
    }
    QString describe() const;

    // Mapping options.
    void setCascade(const CascadeSet& cascade) { m_cascade = cascade; }
    void setBackPopulates(const QString& name) { m_backPopulates = name; }
    void setOrderBy(const std::vector<Expr>& orderBy) { m_orderBy = orderBy; }
    void setOrderByNames(const QStringList& names) { m_orderByNames = names; }
    // The foreign key columns to use when several link the two tables.
    void setForeignKeys(const QStringList& columns) { m_foreignKeys = columns; }
    // An explicit join condition, "users.id == addresses.billing_user_id" (several equalities
    // joined by AND for a composite key), resolved against the MetaData on first use.
    void setPrimaryJoin(const QString& condition) { m_primaryJoin = condition; }
    const QString& primaryJoin() const { return m_primaryJoin; }
    // Many-to-many through an association table (a collection on both sides).
    void setSecondary(const Table& table) { m_secondary = &table; }
    // The strategy used when a query says nothing about this relationship.
    void setLoading(Loading loading) { m_loading = loading; }
    Loading loading() const { return m_loading; }
    // Rows pointing at each other: INSERT both, then UPDATE this foreign key; NULL it before
    // DELETE (SQLAlchemy's post_update).
    void setPostUpdate(bool on) { m_postUpdate = on; }
    bool postUpdate() const { return m_postUpdate; }
    // The database deletes (or NULLs) the children with ON DELETE: deleting the parent does not
    // load an unloaded collection (SQLAlchemy's passive_deletes).
    void setPassiveDeletes(bool on) { m_passiveDeletes = on; }
    bool passiveDeletes() const { return m_passiveDeletes; }
    // A child may belong to one parent only through this many-to-one (single_parent); needed
    // for delete-orphan on a many-to-one.
    void setSingleParent(bool on) { m_singleParent = on; }
    bool singleParent() const { return m_singleParent; }
    // How many levels a self-referential eager load follows (join_depth); 0: SQLAlchemy's
    // default of stopping when the path meets the same relationship again.
    void setJoinDepth(int depth) { m_joinDepth = depth; }
    int joinDepth() const { return m_joinDepth; }

private:
    void configure() const;
    void configureSecondary(const Mapper& target) const;
    void configureForeignKeys(const Mapper& target) const;
    void configurePrimaryJoin(const Mapper& target) const;
    // The column pairs of primaryJoin(), each as (local table column, remote table column).
    std::vector<std::pair<const Column*, const Column*>>
    primaryJoinColumns(const Table& local, const Table& remote) const;
    // Whether `column` is the foreign side of `column == other` (named by foreignKeys(), or
    // holding a foreign key to `other`).
    bool isForeignSide(const Column& column, const Column& other) const;
    // delete-orphan where one object may have several parents needs singleParent().
    void checkCascade() const;
    [[noreturn]] void fail(const QString& message) const;
    // Ordering by names and the reverse side, once the target is known.
    void finishConfiguration(const Mapper& target) const;

    const Mapper* m_parent;
    QString m_name;
    int m_index;
    bool m_uselist;
    std::function<const Mapper&()> m_resolveTarget;
    std::unique_ptr<RelationshipAccessor> m_accessor;
    CascadeSet m_cascade;
    QString m_backPopulates;
    mutable std::vector<Expr> m_orderBy;
    QStringList m_orderByNames;
    QStringList m_foreignKeys;
    QString m_primaryJoin;
    Loading m_loading = Loading::Lazy;
    bool m_postUpdate = false;
    bool m_passiveDeletes = false;
    bool m_singleParent = false;
    int m_joinDepth = 0;
    const Table* m_secondary = nullptr;
    mutable std::vector<std::pair<const Column*, const Column*>> m_secondaryPairs;

    mutable bool m_configured = false;
    mutable const Mapper* m_target = nullptr;
    mutable RelationshipDirection m_direction = RelationshipDirection::ManyToOne;
    mutable std::vector<std::pair<const Column*, const Column*>> m_pairs;
    mutable const Relationship* m_reverse = nullptr;
};

} // namespace orm
