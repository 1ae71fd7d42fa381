#include "orm/session/relationshipslot.h"

#include "orm/errors.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

namespace orm {

namespace {

bool isTransient(const Object& o)
{
    return o && !o.state().session() && !o.state().hasIdentity();
}

} // namespace

// ---- RelationshipSlot ------------------------------------------------------------------------

bool RelationshipSlot::isLoaded() const
{
    // An object that is not persistent has nothing in the database to load: what it holds is all.
    return m_loaded || !m_owner || !m_owner->hasIdentity();
}

void RelationshipSlot::bind(InstanceState* owner, const Relationship* relationship)
{
    m_owner = owner;
    m_relationship = relationship;
}

void RelationshipSlot::linkInitial()
{
    // Related objects given when the object was made ({.user = jack}) link back as if set now
    // (once the object is owned by its shared pointer, which the other side will hold).
    if (auto* reference = dynamic_cast<ReferenceSlot*>(this); reference && reference->target()) {
        linkReverse(reference->target(), true);
    } else if (auto* collection = dynamic_cast<CollectionSlot*>(this)) {
        collection->m_added = collection->m_items;
        for (const Object& item : collection->m_items)
            linkReverse(item, true);
    }
}

void RelationshipSlot::unload()
{
    if (auto* reference = dynamic_cast<ReferenceSlot*>(this)) {
        reference->setDirect(Object());
    } else if (auto* collection = dynamic_cast<CollectionSlot*>(this)) {
        collection->m_items.clear();
        collection->clearHistory();
    }
    m_loaded = false;
}

QList<Object> RelationshipSlot::related() const
{
    if (auto* collection = dynamic_cast<const CollectionSlot*>(this))
        return collection->objects();
    const Object target = static_cast<const ReferenceSlot*>(this)->object();
    return target ? QList<Object>{target} : QList<Object>();
}

QList<Object> RelationshipSlot::inMemory() const
{
    if (!isLoaded())
        return {};
    if (auto* collection = dynamic_cast<const CollectionSlot*>(this))
        return collection->m_items;
    const Object target = static_cast<const ReferenceSlot*>(this)->target();
    return target ? QList<Object>{target} : QList<Object>();
}

void RelationshipSlot::ensureLoaded() const
{
    if (isLoaded())
        return;
    const Loading loading = m_loading != Loading::Lazy ? m_loading : m_relationship->loading();
    if (loading == Loading::Dynamic && dynamic_cast<const CollectionSlot*>(this)) {
        m_loaded = true; // never loaded whole: it holds what is appended in memory
        return;
    }
    if (loading == Loading::Raise)
        throw InvalidRequestError(QStringLiteral("'%1' is not available due to lazy='raise'")
                                      .arg(m_relationship->describe()));
    if (loading == Loading::NoLoad) {
        m_loaded = true; // empty, or null: never loaded
        return;
    }
    Session* session = m_owner->session();
    if (!session)
        throw DetachedInstanceError(
            QStringLiteral("Parent instance %1 is not bound to a Session; lazy load operation "
                           "of attribute '%2' cannot proceed")
                .arg(m_owner->describe(), m_relationship->name()));
    session->loadRelationship(*m_owner, *m_relationship);
}

void RelationshipSlot::markChanged() const
{
    if (m_owner && m_owner->session() && m_owner->hasIdentity())
        m_owner->session()->touch(*m_owner);
}

Object RelationshipSlot::ownerObject() const
{
    return Object(m_owner->shared_from_this());
}

void RelationshipSlot::linkReverse(const Object& target, bool add) const
{
    const Relationship* reverse = m_relationship ? m_relationship->reverse() : nullptr;
    if (!reverse || !target || !m_owner)
        return;
    RelationshipSlot& other = reverse->slot(target.state().object());
    const Object owner = ownerObject();
    if (auto* collection = dynamic_cast<CollectionSlot*>(&other)) {
        if (add)
            collection->appendDirect(owner);
        else
            collection->removeDirect(owner);
        // Its owner's next flush sees the change (orphans, history), though only read so far.
        collection->markChanged();
        return;
    }
    auto& reference = static_cast<ReferenceSlot&>(other);
    if (add) {
        // The target leaves its previous owner's collection (when that one is in memory).
        Object previous = reference.m_loaded ? reference.target()
                          : target.state().session()
                              ? target.state().session()->peekRelated(target.state(), *reverse)
                              : Object();
        if (previous && previous != owner) {
            RelationshipSlot& old = m_relationship->slot(previous.state().object());
            if (auto* oldCollection = dynamic_cast<CollectionSlot*>(&old)) {
                oldCollection->removeDirect(target);
                oldCollection->markChanged();
            } else {
                static_cast<ReferenceSlot&>(old).setDirect(Object());
            }
        }
        reference.setDirect(owner, true); // the owner holds the target: a weak way back
    } else if (!reference.m_loaded || reference.target() == owner) {
        reference.setDirect(Object());
    }
    reference.markChanged();
}

// ---- ReferenceSlot ----------------------------------------------------------------------------

Object ReferenceSlot::object() const
{
    if (targetLost())
        m_loaded = false; // held weakly and gone: load it again
    ensureLoaded();
    return target();
}

void ReferenceSlot::setObject(const Object& newTarget)
{
    // The old value is needed for the other side only; an unloaded one is looked up in the
    // identity map, never loaded with SQL.
    const Object& target = newTarget;
    const Object old = m_loaded || !m_owner ? this->target()
                       : m_owner->session()
                           ? m_owner->session()->peekRelated(*m_owner, *m_relationship)
                           : Object();
    Session::checkSingleParent(m_owner, m_relationship, target);
    setDirect(target);
    markChanged();
    if (old == target)
        return;
    if (old)
        linkReverse(old, false);
    if (target)
        linkReverse(target, true);
    Session* session = m_owner ? m_owner->session() : nullptr;
    if (session && m_relationship->cascade().saveUpdate && isTransient(target))
        session->add(target);
}

// ---- CollectionSlot ---------------------------------------------------------------------------

const QList<Object>& CollectionSlot::objects() const
{
    Session* session = m_owner ? m_owner->session() : nullptr;
    if (isDynamic() && m_owner && (session || m_owner->hasIdentity())) {
        if (session && !m_owner->hasIdentity())
            session->autoflush(); // a pending owner: its key comes with the flush
        if (m_owner->hasIdentity()) {
            m_queried = dynamicQuery().all();
            // What was appended in memory is in the database once flushed: only unflushed
            // changes stay held.
            if (m_added.isEmpty() && m_removed.isEmpty())
                m_items.clear();
            return m_queried;
        }
    }
    ensureLoaded();
    return m_items;
}

bool CollectionSlot::isDynamic() const
{
    return m_relationship && m_relationship->loading() == Loading::Dynamic;
}

QueryBase CollectionSlot::dynamicQuery() const
{
    if (!isDynamic())
        throw InvalidRequestError(
            QStringLiteral("'%1' is not a dynamic relationship: query() needs "
                           "lazy(orm::Loading::Dynamic) in its mapping")
                .arg(m_relationship ? m_relationship->describe() : QStringLiteral("collection")));
    if (!m_owner)
        throw InvalidRequestError(
            QStringLiteral("'%1': the collection of an object not made by orm::make has no query")
                .arg(m_relationship->describe()));
    Session* session = m_owner->session();
    if (!session)
        throw DetachedInstanceError(
            QStringLiteral("Parent instance %1 is not bound to a Session; lazy load operation "
                           "of attribute '%2' cannot proceed")
                .arg(m_owner->describe(), m_relationship->name()));
    if (!m_owner->hasIdentity())
        session->autoflush();
    return session->dynamicQuery(*m_owner, *m_relationship);
}

void CollectionSlot::append(const Object& object)
{
    ensureLoaded();
    if (!object || m_items.contains(object))
        return;
    // The reverse many-to-one may allow the owner one child only (singleParent): checked before
    // anything changes.
    if (const Relationship* reverse = m_relationship ? m_relationship->reverse() : nullptr)
        Session::checkSingleParent(&object.state(), reverse, ownerObject());
    appendDirect(object);
    markChanged();
    linkReverse(object, true);
    Session* session = m_owner ? m_owner->session() : nullptr;
    if (session && m_relationship && m_relationship->cascade().saveUpdate && isTransient(object))
        session->add(object);
}

bool CollectionSlot::removeOne(const Object& object)
{
    ensureLoaded();
    if (isDynamic() && object && !m_items.contains(object) && m_owner && m_owner->hasIdentity()) {
        // A dynamic collection's child in the database only: the flush lets it go (or deletes
        // it, delete-orphan), as for a loaded one.
        if (!m_removed.contains(object))
            m_removed.append(object);
        markChanged();
        linkReverse(object, false);
        return true;
    }
    if (!m_items.contains(object))
        return false;
    removeDirect(object);
    markChanged();
    linkReverse(object, false);
    return true;
}

void CollectionSlot::clear()
{
    const QList<Object> items = objects();
    for (const Object& o : items)
        removeOne(o);
}

void CollectionSlot::assign(const QList<Object>& objects)
{
    const QList<Object> current = this->objects();
    for (const Object& o : current) {
        if (!objects.contains(o))
            removeOne(o);
    }
    for (const Object& o : objects)
        append(o);
}

void CollectionSlot::appendDirect(const Object& object)
{
    // A collection not in memory is not loaded for this: it is read from the database (after
    // the autoflush that writes this change) when first used.
    if (!isLoaded() || m_items.contains(object))
        return;
    m_items.append(object);
    if (!m_removed.removeOne(object))
        m_added.append(object);
}

void CollectionSlot::removeDirect(const Object& object)
{
    if (!isLoaded() || !m_items.removeOne(object))
        return;
    // A pending object taken out of a delete-orphan collection stays in the history, so that the
    // flush expunges it (never INSERTs it) unless it has another parent by then.
    const bool pendingOrphan = m_relationship && m_relationship->cascade().deleteOrphan &&
                               m_relationship->direction() == RelationshipDirection::OneToMany &&
                               object.status() == ObjectState::Pending;
    if (!m_added.removeOne(object) || pendingOrphan)
        m_removed.append(object);
}

} // namespace orm
