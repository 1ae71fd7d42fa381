#pragma once
// InstanceState is the ORM's bookkeeping for one mapped object: its Session, its identity,
// the committed values the unit of work diffs against, which attributes are expired, and
// whether it is pending or deleted. The object itself lives right after it in the same
// allocation (see Box<T>), so a shared handle to the state keeps the object alive.

#include "orm/mapping/mapper.h"

#include <QString>
#include <QVarLengthArray>
#include <QVariantList>
#include <memory>
#include <vector>

namespace orm {

class Session;

// The seed's object states (session_state_management).
enum class ObjectState { Transient, Pending, Persistent, Deleted, Detached };
QString objectStateName(ObjectState state);

class InstanceState : public std::enable_shared_from_this<InstanceState> {
public:
    InstanceState(const Mapper& mapper, void* object) : m_mapper(&mapper), m_object(object) {}
    InstanceState(const InstanceState&) = delete;
    InstanceState& operator=(const InstanceState&) = delete;
    virtual ~InstanceState();

    const Mapper& mapper() const { return *m_mapper; }
    void* object() const { return m_object; }
    ObjectState state() const;
    Session* session() const { return m_session; }
    // Primary key values once the object is (or was) persistent; empty before.
    const QVariantList& identity() const
    {
        // A key of one integer (most tables) is kept as a number and made a list only when
        // asked for: loading rows allocates no key lists.
        if (m_hasIntegerIdentity && m_identity.isEmpty())
            m_identity = {QVariant(m_integerIdentity)};
        return m_identity;
    }
    bool hasIdentity() const { return m_hasIntegerIdentity || !m_identity.isEmpty(); }
    // One value of identity(), without making the list of a one-integer key.
    QVariant identityValue(qsizetype i) const
    {
        return m_hasIntegerIdentity ? QVariant(m_integerIdentity) : m_identity.at(i);
    }
    bool isExpired(int property) const
    {
        return m_allExpired || (m_expired && m_expired[size_t(property)]);
    }
    bool hasExpired() const { return m_expiredCount > 0; }
    QString describe() const { return m_mapper->describe(m_object); }

    // Attribute access without loading: the value the object holds now.
    QVariant currentValue(int property) const { return m_mapper->get(m_object, property); }
    // The value as last loaded from or flushed to the database (invalid when never loaded).
    QVariant committedValue(int property) const;
    // Properties whose current value differs from the committed one (loaded ones only).
    // (Kept inline: a flush asks this of every touched object, and a heap list each would show.)
    using PropertyList = QVarLengthArray<int, 8>;
    PropertyList changedProperties() const;

    // Called by the object handles: load expired attributes first (autoflush, SELECT), and for
    // writes remember the object so the next flush compares it.
    void prepareRead();
    void prepareWrite();

protected:
    void setObject(void* object) { m_object = object; }
    // Tells the object's Reference/Collection members which object and relationship they belong to.
    void bindRelationships();

public:
    // Links related objects given at creation back to this one; called once it is owned by a
    // shared pointer (make<T>()).
    void linkInitialRelationships();

protected:
private:
    friend class Session;
    friend class UnitOfWork;
    friend class QueryBase;
    friend class NestedTransaction;

    void setCommitted(const QVariantList& values);
    void setIdentity(const QVariantList& key)
    {
        m_identity = key;
        m_hasIntegerIdentity = false;
    }
    void setIdentity(qint64 key)
    {
        m_identity.clear();
        m_integerIdentity = key;
        m_hasIntegerIdentity = true;
    }
    void expire(const std::vector<int>& properties = {});
    void clearExpired();

    const Mapper* m_mapper;
    void* m_object;
    Session* m_session = nullptr;
    mutable QVariantList m_identity;   // for a one-integer key, filled from it on first use
    qint64 m_integerIdentity = 0;      // when m_hasIntegerIdentity
    QVariantList m_committed;          // one entry per property once loaded
    std::unique_ptr<bool[]> m_expired; // per property; null unless some attributes are expired
    quint64 m_order = 0;               // when it was added: keeps INSERT order
    // (The small members last, packed together: every loaded row has a state.)
    int m_expiredCount = 0;
    // Expiring everything (every commit, for every loaded object) is a flag; expiring some
    // attributes marks them one by one.
    bool m_allExpired = false;
    bool m_hasIntegerIdentity = false;
    bool m_touched = false; // in the Session's list of objects to diff at flush
    bool m_pending = false; // added, INSERT not yet flushed
    bool m_markedDeleted = false;
    bool m_deletedFlushed = false;
    bool m_insertedInTransaction = false;
};

} // namespace orm
