#include "orm/session/instancestate.h"

#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/session.h"

namespace orm {

QString objectStateName(ObjectState state)
{
    switch (state) {
    case ObjectState::Transient:
        return QStringLiteral("transient");
    case ObjectState::Pending:
        return QStringLiteral("pending");
    case ObjectState::Persistent:
        return QStringLiteral("persistent");
    case ObjectState::Deleted:
        return QStringLiteral("deleted");
    case ObjectState::Detached:
        return QStringLiteral("detached");
    }
    return {};
}

InstanceState::~InstanceState()
{
    if (m_session)
        m_session->forget(*this);
}

ObjectState InstanceState::state() const
{
    if (!m_session)
        return hasIdentity() ? ObjectState::Detached : ObjectState::Transient;
    if (!hasIdentity())
        return ObjectState::Pending;
    return m_deletedFlushed ? ObjectState::Deleted : ObjectState::Persistent;
}

QVariant InstanceState::committedValue(int property) const
{
    return m_committed.value(property);
}

InstanceState::PropertyList InstanceState::changedProperties() const
{
    PropertyList changed;
    if (m_committed.isEmpty())
        return changed;
    for (int i = 0; i < m_mapper->propertyCount(); ++i) {
        // An expired attribute was not loaded, so it cannot have been changed; the version
        // counter belongs to the unit of work.
        if (isExpired(i) || i == m_mapper->versionProperty())
            continue;
        if (!m_mapper->property(i).accessor->holds(m_object, m_committed[i]))
            changed.push_back(i);
    }
    return changed;
}

void InstanceState::prepareRead()
{
    if (m_expiredCount == 0)
        return;
    if (!m_session)
        throw DetachedInstanceError(
            QStringLiteral("instance %1 is not bound to a Session; its expired attributes "
                           "cannot be loaded")
                .arg(describe()));
    m_session->loadExpired(*this);
}

void InstanceState::prepareWrite()
{
    prepareRead();
    if (m_session && !m_touched && hasIdentity())
        m_session->touch(*this);
}

void InstanceState::setCommitted(const QVariantList& values)
{
    m_committed = values;
}

void InstanceState::bindRelationships()
{
    for (const auto& relationship : m_mapper->relationships())
        relationship->slot(m_object).bind(this, relationship.get());
}

void InstanceState::linkInitialRelationships()
{
    for (const auto& relationship : m_mapper->relationships())
        relationship->slot(m_object).linkInitial();
}

void InstanceState::expire(const std::vector<int>& properties)
{
    if (properties.empty()) {
        // Related objects are loaded again too (SQLAlchemy expires relationships on commit).
        for (const auto& relationship : m_mapper->relationships())
            relationship->slot(m_object).unload();
        m_allExpired = true;
        m_expiredCount = m_mapper->propertyCount();
        return;
    }
    if (m_allExpired)
        return;
    if (!m_expired)
        m_expired = std::make_unique<bool[]>(size_t(m_mapper->propertyCount())); // all false
    for (int i : properties) {
        if (!m_expired[size_t(i)]) {
            m_expired[size_t(i)] = true;
            ++m_expiredCount;
        }
    }
}

void InstanceState::clearExpired()
{
    m_allExpired = false;
    m_expired.reset();
    m_expiredCount = 0;
}

} // namespace orm
