#pragma once
// The members that hold related objects: Reference<T> (many-to-one, one-to-one) and
// Collection<T> (one-to-many). Each knows the object that owns it, so that changing one side
// of a bidirectional relationship updates the other side in memory, with no SQL, and so that
// an unloaded side loads on first access (lazy loading).
//
//     struct Address { ...; orm::Reference<User> user; };
//     struct User { ...; orm::Collection<Address> addresses; };
//     jack->addresses.append(address);   // address->user is jack now, too
//     address->user = wendy;             // moves it: out of jack's addresses, into wendy's

#include "orm/mapping/relationship.h"
#include "orm/session/object.h"

#include <QList>
#include <initializer_list>

namespace orm {

class QueryBase;
class Relationship;
template <class T>
class Query;

class RelationshipSlot {
public:
    RelationshipSlot() = default;
    // A copy of a mapped struct is not mapped: copies carry no owner.
    RelationshipSlot(const RelationshipSlot& other) : m_loaded(other.m_loaded) {}
    RelationshipSlot& operator=(const RelationshipSlot&) = delete;
    virtual ~RelationshipSlot() = default;

    // Whether the related objects are in memory (always, for objects not yet persistent).
    bool isLoaded() const;
    InstanceState* owner() const { return m_owner; }
    const Relationship* relationship() const { return m_relationship; }

    // Called once when the owning object is created in its Box, and right after it is owned.
    void bind(InstanceState* owner, const Relationship* relationship);
    void linkInitial();
    // Forgets what was loaded, so the next access loads again (expiry).
    void unload();
    // The related objects as a list (a reference gives zero or one): related() loads first,
    // inMemory() never does and gives nothing for a relationship not loaded.
    QList<Object> related() const;
    QList<Object> inMemory() const;
    // The strategy a query chose for this object (Raise, NoLoad), over the mapping's default.
    void setLoading(Loading loading) { m_loading = loading; }

protected:
    void ensureLoaded() const;
    // Remembers the owner for the next flush.
    void markChanged() const;
    // Applies the other side of a bidirectional relationship: `target` gained (or lost) the owner.
    void linkReverse(const Object& target, bool add) const;
    Object ownerObject() const;

    InstanceState* m_owner = nullptr;
    const Relationship* m_relationship = nullptr;
    mutable bool m_loaded = false;
    Loading m_loading = Loading::Lazy;

    friend class Session;
    friend class UnitOfWork;
    friend class QueryBase;
};

class ReferenceSlot : public RelationshipSlot {
public:
    ReferenceSlot() = default;
    ReferenceSlot(const ReferenceSlot& other) : RelationshipSlot(other), m_target(other.target()) {}

    // The related object (loaded on first access), or a null Object.
    Object object() const;
    // Points the reference elsewhere (or to nothing); the other side follows in memory.
    void setObject(const Object& target);

protected:
    // A child's reference to a parent whose loaded collection holds the child is weak: two
    // shared handles pointing at each other would never be freed. Otherwise it is strong.
    mutable Object m_target;
    std::weak_ptr<InstanceState> m_weakTarget;
    bool m_weak = false;

private:
    friend class RelationshipSlot;
    friend class Session;
    friend class UnitOfWork;
    friend class QueryBase;
    // What the reference holds now, without loading.
    Object target() const { return m_weak ? Object(m_weakTarget.lock()) : m_target; }
    // A weak target that no longer exists: the reference must be loaded again.
    bool targetLost() const { return m_weak && m_weakTarget.expired(); }
    void setDirect(const Object& target, bool weak = false)
    {
        m_weak = weak && target;
        m_weakTarget = m_weak ? target.shared() : std::weak_ptr<InstanceState>();
        m_target = m_weak ? Object() : target;
        m_loaded = true;
    }
};

// A collection mapped with lazy(Loading::Dynamic) is never loaded whole: query() gives a Query
// of its children (filtered by the owner, ordered as the mapping says) to refine further, and
// reading it (objects(), size(), iteration) runs that query each time. append() and
// removeOne() still work in memory without loading; the next flush writes them, and the
// autoflush before the query means they show up in it.
//
//     auto recent = jack->addresses.query().filter(orm::col(&Address::id) > 10).limit(5).all();
//     const qint64 n = jack->addresses.query().count();
//     jack->addresses.append(address); // no SQL; shows up in the next query()
class CollectionSlot : public RelationshipSlot {
public:
    CollectionSlot() = default;
    CollectionSlot(const CollectionSlot& other) : RelationshipSlot(other), m_items(other.m_items) {}

    // The related objects; for a dynamic collection, what its query finds now.
    const QList<Object>& objects() const;
    qsizetype size() const { return objects().size(); }
    bool isEmpty() const { return objects().isEmpty(); }
    bool contains(const Object& object) const { return objects().contains(object); }
    void append(const Object& object);
    bool removeOne(const Object& object);
    void clear();
    void assign(const QList<Object>& objects);

    // Changes since the last flush, for the unit of work.
    const QList<Object>& added() const { return m_added; }
    const QList<Object>& removed() const { return m_removed; }

    // Mapped with lazy(Loading::Dynamic).
    bool isDynamic() const;
    // A dynamic collection's query (InvalidRequestError for others; DetachedInstanceError
    // when the owner is in no Session). A pending owner is flushed first (autoflush) so that
    // its key is known.
    QueryBase dynamicQuery() const;

protected:
    mutable QList<Object> m_items;   // for a dynamic collection: what was appended in memory
    mutable QList<Object> m_queried; // a dynamic collection's last query result
    QList<Object> m_added;
    QList<Object> m_removed;

private:
    friend class RelationshipSlot;
    friend class Session;
    friend class UnitOfWork;
    friend class QueryBase;
    void appendDirect(const Object& object);
    void removeDirect(const Object& object);
    void clearHistory()
    {
        m_added.clear();
        m_removed.clear();
    }
};

template <class T>
class Reference : public ReferenceSlot {
public:
    Reference() = default;
    Reference(const Ptr<T>& target) // NOLINT(google-explicit-constructor): {.user = jack}
    {
        m_target = target;
        m_loaded = bool(target);
    }
    Reference(const Reference& other) = default;
    Reference& operator=(const Reference& other)
    {
        setObject(other.m_target);
        return *this;
    }
    Reference& operator=(const Ptr<T>& target)
    {
        setObject(target);
        return *this;
    }
    Reference& operator=(std::nullptr_t)
    {
        setObject(Object());
        return *this;
    }

    Ptr<T> get() const { return Ptr<T>(object().shared()); }
    Ptr<T> operator->() const { return get(); }
    explicit operator bool() const { return bool(object()); }
    friend bool operator==(const Reference& r, const Ptr<T>& p) { return r.object() == p; }
};

template <class T>
class Collection : public CollectionSlot {
public:
    Collection() = default;
    Collection(std::initializer_list<Ptr<T>> items) // {.addresses = {a, b}}
    {
        for (const Ptr<T>& p : items)
            m_items << p;
    }
    Collection(const Collection& other) = default;
    Collection& operator=(const Collection& other)
    {
        assign(other.m_items);
        return *this;
    }
    Collection& operator=(const QList<Ptr<T>>& items)
    {
        QList<Object> objects;
        for (const Ptr<T>& p : items)
            objects << p;
        assign(objects);
        return *this;
    }

    // A dynamic collection's children as a Query (see CollectionSlot).
    Query<T> query() const { return Query<T>(this->dynamicQuery()); }

    Ptr<T> at(qsizetype i) const { return Ptr<T>(objects().at(i).shared()); }
    Ptr<T> operator[](qsizetype i) const { return at(i); }
    void append(const Ptr<T>& object) { CollectionSlot::append(object); }
    bool removeOne(const Ptr<T>& object) { return CollectionSlot::removeOne(object); }
    QList<Ptr<T>> toList() const
    {
        QList<Ptr<T>> out;
        for (const Object& o : objects())
            out << Ptr<T>(o.shared());
        return out;
    }

    // Only begin() reads the collection (end() is a sentinel): a dynamic collection runs its
    // query once per loop.
    class iterator {
    public:
        iterator() = default;
        explicit iterator(const QList<Object>* list) : m_list(list) {}
        Ptr<T> operator*() const { return Ptr<T>(m_list->at(m_i).shared()); }
        iterator& operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator!=(const iterator& o) const { return atEnd() != o.atEnd(); }

    private:
        bool atEnd() const { return !m_list || m_i >= m_list->size(); }
        const QList<Object>* m_list = nullptr;
        qsizetype m_i = 0;
    };
    iterator begin() const { return iterator(&objects()); }
    iterator end() const { return iterator(); }
};

} // namespace orm
