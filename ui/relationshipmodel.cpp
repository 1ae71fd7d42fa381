#include "ui/relationshipmodel.h"

#include "orm/errors.h"
#include "orm/session/relationshipslot.h"

#include <algorithm>

namespace orm::ui {

namespace {

const Relationship& relationshipNamed(const Object& owner, const QString& name)
{
    const Relationship* relationship = owner ? owner.mapper().relationship(name) : nullptr;
    if (!relationship)
        throw ArgumentError(
            QStringLiteral("%1 has no relationship called '%2'")
                .arg(owner ? owner.mapper().className() : QStringLiteral("null"), name));
    return *relationship;
}

} // namespace

RelationshipModel::RelationshipModel(Session& session, const Relationship& relationship,
                                     QObject* parent)
    : ObjectTableModel(session, relationship.target(), parent), m_relationship(&relationship)
{}

RelationshipModel::RelationshipModel(Session& session, const Object& owner,
                                     const QString& relationship, QObject* parent)
    : RelationshipModel(session, relationshipNamed(owner, relationship), parent)
{
    setParentObject(owner);
}

QList<Object> RelationshipModel::related() const
{
    if (!m_owner)
        return {};
    // Showing the children must not write the user's edits (the lazy load's autoflush).
    Session::NoAutoflush noAutoflush(session());
    return m_relationship->slot(m_owner.state().object()).related();
}

void RelationshipModel::setParentObject(const Object& owner)
{
    beginResetModel();
    m_owner = owner;
    m_rows.clear();
    guarded([this] { m_rows = related(); });
    endResetModel();
}

void RelationshipModel::refresh()
{
    QList<Object> now;
    if (!guarded([&] { now = related(); }))
        now.clear();
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        // A new row the relationship does not hold (yet) stays until it is flushed.
        if (!now.contains(m_rows[i]) && m_rows[i].status() != ObjectState::Pending)
            removeRow(int(i));
    }
    for (const Object& o : now) {
        if (m_rows.contains(o))
            continue;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(o);
        endInsertRows();
    }
    allRowsChanged();
}

void RelationshipModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

Object RelationshipModel::objectAt(int row) const
{
    return m_rows.value(row);
}

int RelationshipModel::rowOf(const Object& object) const
{
    return int(m_rows.indexOf(object));
}

int RelationshipModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

void RelationshipModel::insertNewObjects(int row, const QList<Object>& objects)
{
    if (!m_owner)
        throw InvalidRequestError(tr("There is no parent object to add rows to"));
    Session::NoAutoflush noAutoflush(session());
    RelationshipSlot& slot = m_relationship->slot(m_owner.state().object());
    if (m_relationship->uselist()) {
        for (const Object& o : objects)
            static_cast<CollectionSlot&>(slot).append(o);
    } else {
        if (!m_rows.isEmpty() || objects.size() != 1)
            throw InvalidRequestError(
                tr("%1 refers to one object only").arg(m_relationship->describe()));
        static_cast<ReferenceSlot&>(slot).setObject(objects.first());
    }
    for (const Object& o : objects) {
        if (!session().contains(o))
            session().add(o);
    }
    const int first = std::clamp(row, 0, int(m_rows.size()));
    beginInsertRows({}, first, first + int(objects.size()) - 1);
    for (qsizetype i = 0; i < objects.size(); ++i)
        m_rows.insert(first + i, objects[i]);
    endInsertRows();
}

void RelationshipModel::takeNewObjects(const QList<Object>& objects)
{
    Session::NoAutoflush noAutoflush(session());
    for (const Object& o : objects) {
        if (m_owner) {
            RelationshipSlot& slot = m_relationship->slot(m_owner.state().object());
            if (m_relationship->uselist())
                static_cast<CollectionSlot&>(slot).removeOne(o);
            else if (static_cast<ReferenceSlot&>(slot).object() == o)
                static_cast<ReferenceSlot&>(slot).setObject(Object());
        }
        if (o.status() == ObjectState::Pending && session().contains(o))
            session().expunge(o);
        if (const int row = rowOf(o); row >= 0)
            removeRow(row);
    }
}

void RelationshipModel::sessionFlushed()
{
    // Deleted rows are gone; new rows that were never inserted (expunged orphans) too.
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        const ObjectState status = m_rows[i].status();
        if (status == ObjectState::Deleted || status == ObjectState::Transient)
            removeRow(int(i));
    }
}

void RelationshipModel::sessionCommitted()
{
    sessionFlushed();
    refresh();
}

void RelationshipModel::sessionRolledBack()
{
    sessionFlushed();
    refresh();
}

} // namespace orm::ui
