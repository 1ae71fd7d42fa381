#include "orm/session/unitofwork.h"

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/session.h"
#include "orm/sql/dialect.h"
#include "orm/sql/dml.h"

#include <QSet>
#include <QSignalBlocker>
#include <algorithm>
#include <functional>
#include <tuple>

namespace orm {

namespace {

// Parameter limits: SQLite allows 32766 bound values per statement, PostgreSQL 65535.
constexpr int MaxParameters = 30000;

const Table& tableOf(const InstanceState& state)
{
    return state.mapper().table();
}

// post_update: either side of a bidirectional relationship may say it.
bool isPostUpdated(const Relationship& relationship)
{
    const Relationship* reverse = relationship.reverse();
    return relationship.postUpdate() || (reverse && reverse->postUpdate());
}

bool isNull(const QVariant& value)
{
    return !value.isValid() || value.isNull();
}

// The committed values of a row's columns (a foreign key or what it refers to), or an empty
// list when one is NULL or not mapped: such a key refers to nothing.
QVariantList committedValues(const InstanceState& state, const Table& table,
                             const QStringList& columns)
{
    QVariantList values;
    for (const QString& name : columns) {
        const int property = state.mapper().indexOf(&table.column(name));
        const QVariant value = property < 0 ? QVariant() : state.committedValue(property);
        if (isNull(value))
            return {};
        values << value;
    }
    return values;
}

QVariantList currentValues(const InstanceState& state)
{
    QVariantList values;
    values.reserve(state.mapper().propertyCount());
    for (int i = 0; i < state.mapper().propertyCount(); ++i)
        values << state.currentValue(i);
    return values;
}

// Rows of views and of tables without a primary key are read only: changes the user made to
// them directly (not through Session::setValue, which refuses at once) are refused here.
void checkWritable(const std::vector<std::shared_ptr<InstanceState>>& inserts,
                   const std::vector<std::shared_ptr<InstanceState>>& deletes,
                   const std::vector<std::shared_ptr<InstanceState>>& candidates)
{
    for (const auto& state : inserts)
        state->mapper().checkWritable(QStringLiteral("add"));
    for (const auto& state : deletes)
        state->mapper().checkWritable(QStringLiteral("delete"));
    for (const auto& state : candidates) {
        if (state->mapper().isReadOnly() && !state->changedProperties().empty())
            state->mapper().checkWritable(QStringLiteral("change"));
    }
}

[[noreturn]] void throwStale(const char* verb, const char* pastTense, const Table& table,
                             qint64 expected, qint64 matched)
{
    throw StaleDataError(
        QStringLiteral("%1 statement on table '%2' expected to %3 %4 row(s); %5 were matched.")
            .arg(QLatin1String(verb), table.fullName(), QLatin1String(pastTense))
            .arg(expected)
            .arg(matched));
}

} // namespace

UnitOfWork::UnitOfWork(Session& session, Origin origin) : m_session(session), m_origin(origin) {}

void UnitOfWork::collect()
{
    cascadeSaves();
    // Orphans first: a deleted orphan's own children are cascaded or let go like any others.
    collectOrphans();
    cascadeDeletes();
    linkChildren();
    collectLinks();
    for (const auto& [order, state] : m_session.m_new)
        m_inserts.push_back(state);
    for (const auto& [order, state] : m_session.m_deleted)
        m_deletes.push_back(state);
    // Persistent objects that may need an UPDATE: those used for writing, and children whose
    // parent changed. Their foreign keys are brought in line with their related objects first.
    const auto eligible = [&](const InstanceState& state) {
        return !state.m_markedDeleted && !state.m_deletedFlushed && state.hasIdentity() &&
               state.m_session == &m_session;
    };
    // touch() lists an object once, so only the children need a check for repeats (one of
    // them may also be touched, or the child of two changed parents).
    m_candidates.reserve(m_session.m_touched.size());
    for (const auto& state : m_session.m_touched) {
        if (eligible(*state))
            m_candidates.push_back(state);
    }
    QSet<const InstanceState*> seenChildren;
    for (const auto& child : m_children) {
        if (eligible(*child) && !child->m_touched && !seenChildren.contains(child.get())) {
            seenChildren.insert(child.get());
            m_candidates.push_back(child);
        }
    }
    collectPostUpdates();
    for (const auto& state : m_inserts)
        syncForeignKeys(*state);
    for (const auto& state : m_candidates) {
        syncForeignKeys(*state);
        m_anyChanged =
            m_anyChanged || !state->changedProperties().empty() || postUpdateChanges(*state);
    }
    // A new object reusing the key of a deleted one: the DELETE must come first.
    for (const auto& deleted : m_deletes) {
        for (const auto& added : m_inserts) {
            if (&added->mapper() == &deleted->mapper() &&
                normalizedKey(added->mapper(), added->mapper().identityOf(added->object())) ==
                    deleted->identity()) {
                m_replaced.push_back(deleted);
                break;
            }
        }
    }
}

std::vector<std::shared_ptr<InstanceState>> UnitOfWork::newAndTouched() const
{
    // The objects whose relationships may have changed since the last flush.
    std::vector<std::shared_ptr<InstanceState>> out;
    out.reserve(m_session.m_new.size() + m_session.m_touched.size());
    for (const auto& [order, state] : m_session.m_new)
        out.push_back(state);
    out.insert(out.end(), m_session.m_touched.begin(), m_session.m_touched.end());
    return out;
}

void UnitOfWork::addLink(const Relationship& relationship,
                         const std::shared_ptr<InstanceState>& parent, const Object& child,
                         bool add)
{
    Link link{relationship.secondary(), {}, add};
    for (const auto& [local, secondaryColumn] : relationship.pairs())
        link.values.emplace_back(secondaryColumn, parent, local);
    for (const auto& [targetColumn, secondaryColumn] : relationship.secondaryPairs())
        link.values.emplace_back(secondaryColumn, child.shared(), targetColumn);
    // Both sides of a bidirectional many-to-many record the same link: keep it once. Columns in
    // table order, so both sides write the same statement.
    const auto position = [&link](const Column* c) {
        const auto columns = link.secondary->columns();
        return std::find(columns.begin(), columns.end(), c) - columns.begin();
    };
    std::sort(link.values.begin(), link.values.end(), [&](const auto& a, const auto& b) {
        return position(std::get<0>(a)) < position(std::get<0>(b));
    });
    QString key = link.secondary->fullName() + (add ? u'+' : u'-');
    for (const auto& [column, source, sourceColumn] : link.values)
        key += u'|' + column->name() + u'=' + QString::number(quintptr(source.get()), 16);
    if (m_linkKeys.contains(key))
        return;
    m_linkKeys.insert(key);
    m_links.push_back(std::move(link));
    m_linked.push_back(parent);
    m_linked.push_back(child.shared());
}

void UnitOfWork::collectLinks()
{
    const std::vector<std::shared_ptr<InstanceState>> parents = newAndTouched();
    for (const auto& parent : parents) {
        for (const auto& relationship : parent->mapper().relationships()) {
            if (relationship->direction() != RelationshipDirection::ManyToMany)
                continue;
            auto* collection = dynamic_cast<CollectionSlot*>(&relationship->slot(parent->object()));
            if (!collection)
                continue;
            for (const Object& child : collection->m_added)
                addLink(*relationship, parent, child, true);
            for (const Object& child : collection->m_removed)
                addLink(*relationship, parent, child, false);
        }
    }
}

void UnitOfWork::writeLinks()
{
    // Association rows after every row they refer to exists, DELETEs before INSERTs.
    const Dialect& dialect = this->dialect();
    for (bool add : {false, true}) {
        for (const Link& link : m_links) {
            if (link.add != add)
                continue;
            QString& sql =
                m_session
                    .m_flushSql[QStringLiteral("L|%1|%2").arg(link.secondary->fullName()).arg(add)];
            if (sql.isEmpty()) {
                if (add) {
                    Assignments row;
                    int k = 0;
                    for (const auto& [column, source, sourceColumn] : link.values)
                        row.emplace_back(column->name(), bindParam(QStringLiteral("v%1").arg(k++)));
                    sql = dialect.sql(orm::insert(*link.secondary).multiValues({row}));
                } else {
                    Expr where;
                    int k = 0;
                    for (const auto& [column, source, sourceColumn] : link.values)
                        where =
                            where && (Expr(*column) == bindParam(QStringLiteral("v%1").arg(k++)));
                    sql = dialect.sql(deleteFrom(*link.secondary).where(where));
                }
            }
            QVariantList values;
            for (const auto& [column, source, sourceColumn] : link.values)
                values << dialect.toDatabase(
                    source->currentValue(source->mapper().indexOf(sourceColumn)), column->type());
            m_current.clear(); // an error names no object: the link is no row of theirs
            std::vector<const InstanceState*> linked;
            for (const auto& [column, source, sourceColumn] : link.values)
                linked.push_back(source.get());
            const qint64 matched =
                send(add ? PlannedStatement::Kind::Insert : PlannedStatement::Kind::Delete, sql,
                     values, linked);
            if (!add && matched != 1)
                throwStale("DELETE", "delete", *link.secondary, 1, matched);
        }
    }
}

void UnitOfWork::cascadeSaves()
{
    // save-update: related objects not yet in the Session join it, transitively.
    std::vector<std::shared_ptr<InstanceState>> work = newAndTouched();
    for (size_t i = 0; i < work.size(); ++i) {
        const std::shared_ptr<InstanceState> state = work[i];
        for (const auto& relationship : state->mapper().relationships()) {
            if (!relationship->cascade().saveUpdate)
                continue;
            for (const Object& related : relationship->slot(state->object()).inMemory()) {
                if (related.state().session() || related.state().hasIdentity())
                    continue;
                m_session.add(related);
                work.push_back(related.shared());
            }
        }
    }
}

void UnitOfWork::cascadeDeletes()
{
    // Children of a deleted parent are deleted too (cascade "delete"), or else let go: their
    // foreign key becomes NULL, as the seed shows for jack's addresses.
    std::vector<std::shared_ptr<InstanceState>> work;
    for (const auto& [order, state] : m_session.m_deleted)
        work.push_back(state);
    for (size_t i = 0; i < work.size(); ++i) {
        const std::shared_ptr<InstanceState> parent = work[i];
        for (const auto& relationship : parent->mapper().relationships()) {
            const RelationshipDirection direction = relationship->direction();
            const bool cascade = relationship->cascade().remove;
            if (direction == RelationshipDirection::ManyToOne && !cascade)
                continue;
            // Loaded first when needed: every child must be let go or deleted, and association
            // rows go with the parent. With passive deletes the database's ON DELETE takes care
            // of the rows of a collection not loaded: no SELECT for them. Those in memory are
            // still handled here, as SQLAlchemy does.
            const RelationshipSlot& slot = relationship->slot(parent->object());
            const bool passive =
                relationship->passiveDeletes() && direction != RelationshipDirection::ManyToOne;
            // A plan sends no SQL: it sees only the children in memory.
            const QList<Object> related = passive || m_planning ? slot.inMemory() : slot.related();
            if (direction == RelationshipDirection::ManyToMany) {
                for (const Object& other : related)
                    addLink(*relationship, parent, other, false);
                continue;
            }
            for (const Object& child : related) {
                InstanceState& c = child.state();
                if (c.m_markedDeleted || c.m_deletedFlushed)
                    continue;
                if (cascade) {
                    removeFromSession(child);
                    if (c.m_markedDeleted)
                        work.push_back(child.shared());
                } else if (c.hasIdentity()) {
                    // (Its reference still names the parent, as in SQLAlchemy; syncForeignKeys()
                    // reads a deleted parent as none. A failed flush puts the key back. An
                    // expired child is loaded first, else the UPDATE would never see the NULL.)
                    load(c);
                    saveForUndo(c);
                    for (const auto& [local, remote] : relationship->pairs())
                        c.mapper().set(c.object(), c.mapper().indexOf(remote), QVariant());
                    m_children.push_back(child.shared());
                }
            }
        }
    }
}

void UnitOfWork::collectOrphans()
{
    // delete-orphan: a child taken out of its parent's collection, and put in no other, goes.
    const std::vector<std::shared_ptr<InstanceState>> parents = newAndTouched();
    for (const auto& parent : parents) {
        for (const auto& relationship : parent->mapper().relationships()) {
            if (!relationship->cascade().deleteOrphan)
                continue;
            auto* collection = dynamic_cast<CollectionSlot*>(&relationship->slot(parent->object()));
            if (!collection)
                continue;
            for (const Object& child : QList<Object>(collection->m_removed)) {
                const Relationship* reverse = relationship->reverse();
                if (reverse) {
                    auto& back = static_cast<ReferenceSlot&>(reverse->slot(child.state().object()));
                    if (back.m_loaded && back.target())
                        continue; // it has another parent now
                }
                if (child.state().m_pending)
                    m_session.expunge(child); // appended, then removed: never inserted
                else if (child.state().m_session == &m_session && !child.state().m_markedDeleted)
                    removeFromSession(child);
            }
        }
    }
}

void UnitOfWork::linkChildren()
{
    // Children in (or taken out of) a parent's collection get their foreign key from it.
    const std::vector<std::shared_ptr<InstanceState>> parents = newAndTouched();
    for (const auto& parent : parents) {
        if (parent->m_markedDeleted)
            continue; // its children were let go or deleted by cascadeDeletes()
        for (const auto& relationship : parent->mapper().relationships()) {
            if (relationship->direction() != RelationshipDirection::OneToMany)
                continue;
            RelationshipSlot& slot = relationship->slot(parent->object());
            if (!slot.m_loaded && parent->hasIdentity())
                continue;
            auto* collection = dynamic_cast<CollectionSlot*>(&slot);
            if (!collection) {
                // One-to-one seen from the referenced side: the one child it holds.
                if (const Object& child = static_cast<ReferenceSlot&>(slot).target()) {
                    m_parents[child.shared().get()].push_back({parent, relationship.get(), true});
                    m_children.push_back(child.shared());
                }
                continue;
            }
            for (const Object& child : collection->m_items) {
                m_parents[child.shared().get()].push_back({parent, relationship.get(), true});
                m_children.push_back(child.shared());
            }
            for (const Object& child : collection->m_removed) {
                m_parents[child.shared().get()].push_back({parent, relationship.get(), false});
                m_children.push_back(child.shared());
            }
        }
    }
}

namespace {

// The value of `column` of a related object, or invalid when its key is not assigned yet.
QVariant keyValue(const InstanceState& state, const Column* column)
{
    const Mapper& mapper = state.mapper();
    const QVariant v = state.currentValue(mapper.indexOf(column));
    if (!v.isValid() || (column->isAutoincrement() && v.toLongLong() == 0))
        return {};
    return v;
}

} // namespace

std::vector<std::pair<int, QVariant>> UnitOfWork::relatedKeys(InstanceState& state,
                                                              bool postUpdates)
{
    // (property, value) for each foreign key column a related object decides. An expired
    // foreign key is loaded first: the values are compared with it.
    const Mapper& mapper = state.mapper();
    std::vector<std::pair<int, QVariant>> out;
    for (const auto& relationship : mapper.relationships()) {
        if (relationship->direction() != RelationshipDirection::ManyToOne ||
            isPostUpdated(*relationship) != postUpdates)
            continue;
        auto& reference = static_cast<ReferenceSlot&>(relationship->slot(state.object()));
        if (!reference.m_loaded || reference.targetLost())
            continue; // never touched (or a weak parent gone): the foreign key column says it all
        // A parent deleted (in this flush or an earlier one) is no parent: its row is gone.
        const Object held = reference.target();
        const InstanceState* target = held ? &held.state() : nullptr;
        if (target && (target->m_markedDeleted || target->m_deletedFlushed))
            target = nullptr;
        for (const auto& [local, remote] : relationship->pairs()) {
            const QVariant v = target ? keyValue(*target, remote) : QVariant();
            if (target && !v.isValid())
                continue; // the target is inserted later in this flush; synced then
            out.emplace_back(mapper.indexOf(local), v);
        }
    }
    const auto links = m_parents.find(&state);
    if (links == m_parents.end())
        return out;
    const std::vector<ParentLink>& parents = *links;
    const bool attached =
        std::any_of(parents.begin(), parents.end(), [](const ParentLink& l) { return l.attached; });
    for (const ParentLink& link : parents) {
        if (isPostUpdated(*link.relationship) != postUpdates)
            continue;
        for (const auto& [local, remote] : link.relationship->pairs()) {
            const QVariant parentKey = keyValue(*link.parent, local);
            const int property = mapper.indexOf(remote);
            if (state.isExpired(property))
                load(state);
            if (link.attached && parentKey.isValid())
                out.emplace_back(property, parentKey);
            else if (!link.attached && !attached && state.currentValue(property) == parentKey)
                out.emplace_back(property, QVariant()); // let go, not moved elsewhere
        }
    }
    return out;
}

void UnitOfWork::syncForeignKeys(InstanceState& state, bool postUpdates)
{
    const Mapper& mapper = state.mapper();
    // An expired foreign key is loaded before it is set (else the UPDATE would never see the
    // change), and a persistent object's values are remembered before the first change, so
    // that a failed flush puts them back.
    for (const auto& [property, value] : relatedKeys(state, postUpdates)) {
        if (state.isExpired(property))
            load(state);
        if (mapper.property(property).accessor->holds(state.object(), value))
            continue;
        if (state.hasIdentity() || m_planning)
            saveForUndo(state);
        mapper.set(state.object(), property, value);
    }
}

bool UnitOfWork::postUpdateChanges(InstanceState& state)
{
    // Whether the post_update phase would write something for this persistent object: it may
    // be the only change of the flush.
    if (m_postUpdateColumns.isEmpty())
        return false;
    for (const auto& [property, value] : relatedKeys(state, true)) {
        if (state.isExpired(property))
            load(state);
        if (!state.mapper().property(property).accessor->holds(state.object(), value))
            return true;
    }
    return false;
}

void UnitOfWork::flush()
{
    if (m_session.m_flushing)
        return;
    // Collecting may load relationships (children of a deleted parent): their SELECTs must not
    // autoflush this very flush again.
    m_session.m_flushing = true;
    const auto clearFlag = qScopeGuard([this] { m_session.m_flushing = false; });
    collect();
    if (isEmpty()) {
        // Touched but unchanged objects need no second look.
        for (const auto& state : m_session.m_touched)
            state->m_touched = false;
        m_session.m_touched.clear();
        return;
    }
    // A cycle between rows, or a change to a read-only class (a view), is found before any SQL;
    // what collecting changed is put back.
    try {
        checkWritable(m_inserts, m_deletes, m_candidates);
        orderRows();
    } catch (const Error&) {
        restore();
        throw;
    }

    // With earlier writes in the transaction (or a savepoint of the user's that a ROLLBACK
    // would end), a SAVEPOINT lets a failure undo only this flush; otherwise rolling the whole
    // (fresh) transaction back does the same with fewer statements.
    const bool useSavepoint = m_session.inTransaction() &&
                              (m_session.m_transactionHasWrites || !m_session.m_savepoints.empty());
    m_session.beginIfNeeded();
    Connection& conn = *m_session.m_connection;
    const QString savepoint = useSavepoint ? conn.createSavepoint() : QString();
    try {
        OriginScope scope(conn, m_origin);
        m_conn = &conn;
        execute();
        if (useSavepoint)
            conn.releaseSavepoint(savepoint);
    } catch (Error& error) {
        try {
            if (useSavepoint) {
                conn.rollbackToSavepoint(savepoint);
                conn.releaseSavepoint(savepoint);
            } else {
                conn.rollbackTransaction();
            }
        } catch (const Error&) {
            // The connection is broken; the objects are restored all the same.
        }
        if (!useSavepoint)
            m_session.releaseConnection();
        restore();
        QStringList objects;
        m_session.m_failedObjects.clear();
        for (const InstanceState* state : m_current) {
            objects << state->describe();
            m_session.m_failedObjects
                << Object(std::const_pointer_cast<InstanceState>(state->shared_from_this()));
        }
        if (!objects.isEmpty())
            error.addNote(
                QStringLiteral("[%1: %2]")
                    .arg(objects.size() == 1 ? QStringLiteral("object") : QStringLiteral("objects"),
                         objects.join(QStringLiteral(", "))));
        throw;
    }
    finish();
    m_session.m_failedObjects.clear();
    emit m_session.flushed();
}

// ---- plan -----------------------------------------------------------------------------------

QString PlannedStatement::kindName() const
{
    switch (kind) {
    case Kind::Insert:
        return QStringLiteral("INSERT");
    case Kind::Update:
        return QStringLiteral("UPDATE");
    case Kind::Delete:
        return QStringLiteral("DELETE");
    }
    return {};
}

// What the cascades of a plan may change in the Session's lists, as it was before.
struct UnitOfWork::SessionSnapshot {
    quint64 order;
    std::map<quint64, std::shared_ptr<InstanceState>> added;
    std::map<quint64, std::shared_ptr<InstanceState>> deleted;
    std::vector<std::shared_ptr<InstanceState>> touched;
};

QList<PlannedStatement> UnitOfWork::plan()
{
    if (m_session.m_flushing)
        return {};
    m_planning = true;
    m_session.m_flushing = true;
    // The cascades add and remove objects for real, then everything is put back: nobody
    // following the Session may see those steps.
    const QSignalBlocker quiet(&m_session);
    const SessionSnapshot snapshot{m_session.m_order, m_session.m_new, m_session.m_deleted,
                                   m_session.m_touched};
    const auto putBack = qScopeGuard([&] {
        restore();
        restoreSession(snapshot);
        m_session.m_flushing = false;
    });
    collect();
    if (isEmpty())
        return {};
    checkWritable(m_inserts, m_deletes, m_candidates);
    orderRows();
    execute();
    return m_plan;
}

void UnitOfWork::restoreSession(const SessionSnapshot& snapshot)
{
    Session& s = m_session;
    const auto contains = [](const auto& list, const std::shared_ptr<InstanceState>& state) {
        const auto it = list.find(state->m_order);
        return it != list.end() && it->second == state;
    };
    for (const auto& [order, state] : std::map(s.m_new)) {
        if (!contains(snapshot.added, state))
            s.detach(*state); // cascaded in
    }
    for (const auto& [order, state] : s.m_deleted) {
        if (!contains(snapshot.deleted, state)) {
            state->m_markedDeleted = false;
            state->m_order = m_removedOrders.value(state.get(), state->m_order);
        }
    }
    // Objects expunged by a cascade (an orphan never inserted, with what it cascades to).
    const auto reattach = [&s](const std::shared_ptr<InstanceState>& state) {
        if (state->m_session)
            return;
        state->m_session = &s;
        if (state->hasIdentity())
            s.m_identity.insert(IdentityKey{&state->mapper(), state->identity()}, state);
    };
    for (const auto& [order, state] : snapshot.added) {
        reattach(state);
        state->m_pending = true;
    }
    for (const auto& [order, state] : snapshot.deleted) {
        reattach(state);
        state->m_markedDeleted = true;
    }
    for (const auto& state : snapshot.touched) {
        reattach(state);
        state->m_touched = true;
    }
    s.m_new = snapshot.added;
    s.m_deleted = snapshot.deleted;
    s.m_touched = snapshot.touched;
    s.m_order = snapshot.order;
}

void UnitOfWork::removeFromSession(const Object& object)
{
    const InstanceState& state = object.state();
    if (m_planning && !m_removedOrders.contains(&state))
        m_removedOrders.insert(&state, state.m_order);
    m_session.remove(object);
}

void UnitOfWork::load(InstanceState& state)
{
    if (!m_planning)
        state.prepareRead();
}

const Dialect& UnitOfWork::dialect() const
{
    return m_conn ? m_conn->dialect() : m_session.engine().dialect();
}

qint64 UnitOfWork::send(PlannedStatement::Kind kind, const QString& sql, const QVariantList& values,
                        const std::vector<const InstanceState*>& objects)
{
    if (!m_planning)
        return m_conn->execDml(sql, values, m_origin).rowsAffected;
    PlannedStatement statement{kind, sql, values, {}, {}};
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant& v = values[i];
        const bool integer = v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int;
        if (integer && !m_standInKeys.isEmpty()) {
            if (const auto it = m_standInKeys.constFind(v.toLongLong()); it != m_standInKeys.cend())
                statement.placeholders.insert(int(i), it.value());
        }
    }
    for (const InstanceState* state : objects)
        statement.objects << Object(
            std::const_pointer_cast<InstanceState>(state->shared_from_this()));
    m_plan << statement;
    return 1;
}

void UnitOfWork::execute()
{
    for (const auto& s : m_inserts)
        prepareInsert(*s);
    for (const TableGroup& group : m_groups) {
        // SQLAlchemy's order within a table: UPDATEs, then INSERTs (a DELETE whose key a new
        // object reuses goes first). Tables in a cycle INSERT first: an UPDATE may point a row
        // at a new row of the other table.
        deleteRows(group, true);
        if (group.size() == 1)
            updateRows(*group.front());
        insertRows(group);
        if (group.size() > 1) {
            for (const Table* table : group)
                updateRows(*table);
        }
    }
    writeLinks();
    postUpdateRows();
    clearPostUpdatedKeys();
    for (auto it = m_groups.rbegin(); it != m_groups.rend(); ++it)
        deleteRows(*it, false);
    m_current.clear();
}

void UnitOfWork::saveForUndo(InstanceState& state)
{
    // Every attribute as it was before this flush changed any of them, once per object.
    if (m_undone.contains(&state))
        return;
    m_undone.insert(&state);
    m_undo.push_back({state.shared_from_this(), currentValues(state)});
}

void UnitOfWork::prepareInsert(InstanceState& state)
{
    const Mapper& mapper = state.mapper();
    saveForUndo(state);
    for (int i = 0; i < mapper.propertyCount(); ++i) {
        const Column& column = *mapper.property(i).column;
        if (i != mapper.versionProperty() && !column.hasDefault())
            continue; // nothing to fill in: no need to read the value
        const QVariant value = state.currentValue(i);
        if (i == mapper.versionProperty() && (!value.isValid() || value.toLongLong() == 0))
            mapper.set(state.object(), i, 1); // versions start at 1
        else if (!value.isValid() && column.hasDefault())
            mapper.set(state.object(), i, column.makeDefault());
    }
}

std::vector<int> UnitOfWork::insertProperties(const InstanceState& state) const
{
    const Mapper& mapper = state.mapper();
    std::vector<int> properties;
    for (int i = 0; i < mapper.propertyCount(); ++i) {
        const Column& column = *mapper.property(i).column;
        // Only a generated key or a server default can leave a column out: the value of the
        // others need not be read (this runs for every new object).
        const bool generated = column.isPrimaryKey() && mapper.hasGeneratedKey();
        const bool serverDefault = column.serverDefaultValue().isSet();
        if (generated || serverDefault) {
            const QVariant value = state.currentValue(i);
            if (generated && (!value.isValid() || value.toLongLong() == 0))
                continue; // the database assigns it
            if (!value.isValid() && serverDefault)
                continue; // NULL would override the server default
        }
        properties.push_back(i);
    }
    return properties;
}

void UnitOfWork::insertRows(const TableGroup& group)
{
    std::vector<std::shared_ptr<InstanceState>> batch;
    std::vector<int> batchProperties;
    const auto sendBatch = [&] {
        if (!batch.empty())
            insertBatch(batch, batchProperties);
        batch.clear();
    };
    // Tables referring to themselves (a tree) or to each other are inserted root-first: a row
    // whose parent is new in this flush goes in a later statement, once the parent's key is
    // known. Rows of one depth go table by table.
    struct Row {
        int depth;
        qsizetype table;
        std::shared_ptr<InstanceState> state;
    };
    std::vector<Row> rows;
    for (const auto& state : m_inserts) {
        const auto table = std::find(group.begin(), group.end(), &tableOf(*state));
        if (table != group.end())
            rows.push_back({m_insertDepths.value(state.get()), table - group.begin(), state});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.depth, a.table) < std::tie(b.depth, b.table);
    });
    int batchDepth = 0;
    for (const auto& [depth, table, state] : rows) {
        if (depth != batchDepth || (!batch.empty() && &batch.front()->mapper() != &state->mapper()))
            sendBatch();
        batchDepth = depth;
        syncForeignKeys(*state);
        std::vector<int> properties = insertProperties(*state);
        const int maxRows =
            std::max(1, std::min(m_session.m_options.insertBatchSize,
                                 MaxParameters / std::max<int>(1, int(properties.size()))));
        if (properties != batchProperties || int(batch.size()) >= maxRows)
            sendBatch();
        batchProperties = std::move(properties);
        batch.push_back(state);
    }
    sendBatch();
}

void UnitOfWork::insertBatch(const std::vector<std::shared_ptr<InstanceState>>& batch,
                             const std::vector<int>& properties)
{
    const InstanceState& first = *batch.front();
    const Mapper& mapper = first.mapper();
    const Table& table = mapper.table();
    const Dialect& dialect = this->dialect();
    const int keyProperty = mapper.hasGeneratedKey() ? mapper.primaryKey().front() : -1;
    const bool needKeys = keyProperty >= 0 && std::find(properties.begin(), properties.end(),
                                                        keyProperty) == properties.end();
    if (needKeys && !dialect.supportsReturning()) {
        // Without RETURNING a generated key can only be read per row, with lastInsertId.
        if (!dialect.readsLastInsertId())
            throw FlushError(QStringLiteral("cannot read the generated keys of new rows of %1: "
                                            "the %2 dialect has neither RETURNING nor "
                                            "lastInsertId")
                                 .arg(table.fullName(), dialect.name()));
        if (batch.size() > 1) {
            for (const auto& state : batch)
                insertBatch({state}, properties);
            return;
        }
    }
    // One row reads the key directly where the driver gives it for free (SQLite's rowid);
    // otherwise the keys come back with RETURNING.
    const bool returning = needKeys && !(batch.size() == 1 && dialect.readsLastInsertId());

    QString shape =
        QStringLiteral("I|%1|%2|%3|").arg(table.fullName()).arg(batch.size()).arg(returning);
    for (int i : properties)
        shape += mapper.property(i).column->name() + u',';
    QString& sql = m_session.m_flushSql[shape];
    if (sql.isEmpty()) {
        std::vector<Assignments> rows(batch.size());
        for (size_t r = 0; r < batch.size(); ++r) {
            for (int i : properties)
                rows[r].emplace_back(mapper.property(i).column->name(),
                                     bindParam(QStringLiteral("p%1_%2").arg(r).arg(i)));
        }
        Insert statement = properties.empty() ? insert(table) : insert(table).multiValues(rows);
        if (returning)
            statement = statement.returning({Expr(*mapper.property(keyProperty).column)});
        sql = dialect.sql(statement);
    }
    QVariantList values;
    values.reserve(qsizetype(batch.size() * properties.size()));
    for (const auto& state : batch) {
        for (int i : properties)
            values << dialect.toDatabase(state->currentValue(i), mapper.property(i).column->type());
    }
    // A failing multi-row INSERT cannot say which row failed: every object of the batch is named.
    m_current.clear();
    for (const auto& state : batch)
        m_current.push_back(state.get());
    std::vector<qlonglong> keys;
    if (m_planning) {
        send(PlannedStatement::Kind::Insert, sql, values, m_current);
        if (!needKeys)
            return;
        // Stand-in keys, so that the rows referring to these show where the real ones go. They
        // are far below any key a database generates, and fit a 32-bit attribute too.
        const QString text =
            QStringLiteral("<new %1.%2>")
                .arg(table.fullName(), mapper.property(keyProperty).column->name());
        for (size_t r = 0; r < batch.size(); ++r) {
            const qint64 standIn = -2000000000 - m_standInKeys.size();
            m_standInKeys.insert(standIn, text);
            keys.push_back(standIn);
        }
    } else if (returning) {
        Result result = m_conn->exec(sql, values, m_origin);
        while (result.next())
            keys.push_back(result.value(0).toLongLong());
        // Generated keys increase in VALUES order within one statement.
        std::sort(keys.begin(), keys.end());
    } else {
        const DmlResult done = m_conn->execDml(sql, values, m_origin, needKeys);
        if (!needKeys)
            return;
        keys.push_back(done.lastInsertId.toLongLong());
    }
    if (keys.size() != batch.size())
        throw FlushError(QStringLiteral("INSERT into %1 returned %2 key(s) for %3 row(s)")
                             .arg(table.fullName())
                             .arg(keys.size())
                             .arg(batch.size()));
    for (size_t r = 0; r < batch.size(); ++r)
        mapper.set(batch[r]->object(), keyProperty, keys[r]);
}

void UnitOfWork::updateRows(const Table& table)
{
    // The statement of the previous object, reused while the mapper and changed columns stay
    // the same (as when one attribute of many objects was changed) without building its shape.
    // Parents of this table's rows are saved by now: foreign keys can take their keys.
    const size_t first = m_updates.size();
    for (const auto& candidate : m_candidates) {
        if (&tableOf(*candidate) != &table)
            continue;
        syncForeignKeys(*candidate);
        InstanceState::PropertyList changed = candidate->changedProperties();
        if (!changed.empty())
            m_updates.push_back({candidate, std::move(changed)});
    }
    // UPDATEs with the same SET clause run one after another, reusing one prepared statement.
    const auto bySet = [](const Update& a, const Update& b) { return a.changed < b.changed; };
    if (!std::is_sorted(m_updates.begin() + qsizetype(first), m_updates.end(),
                        bySet)) // usually all alike
        std::stable_sort(m_updates.begin() + qsizetype(first), m_updates.end(), bySet);
    const Mapper* lastMapper = nullptr;
    const InstanceState::PropertyList* lastChanged = nullptr;
    QString lastSql;
    for (size_t u = first; u < m_updates.size(); ++u) {
        const Update& update = m_updates[u];
        const InstanceState& state = *update.state;
        const Mapper& mapper = state.mapper();
        const Dialect& dialect = this->dialect();
        const int version = mapper.versionProperty();
        if (!lastChanged || lastMapper != &mapper || *lastChanged != update.changed) {
            QString shape = QStringLiteral("U|%1|").arg(table.fullName());
            for (int i : update.changed)
                shape += mapper.property(i).column->name() + u',';
            QString& cached = m_session.m_flushSql[shape];
            if (cached.isEmpty()) {
                Assignments set;
                for (int i : update.changed)
                    set.emplace_back(mapper.property(i).column->name(),
                                     bindParam(QStringLiteral("v%1").arg(i)));
                if (version >= 0)
                    set.emplace_back(mapper.property(version).column->name(),
                                     bindParam(QStringLiteral("version")));
                Expr where;
                for (int k : mapper.primaryKey())
                    where = where && (Expr(*mapper.property(k).column) ==
                                      bindParam(QStringLiteral("k%1").arg(k)));
                if (version >= 0)
                    where = where && (Expr(*mapper.property(version).column) ==
                                      bindParam(QStringLiteral("old_version")));
                cached = dialect.sql(orm::update(table).values(set).where(where));
            }
            lastSql = cached;
            lastMapper = &mapper;
            lastChanged = &update.changed;
        }
        const QString& sql = lastSql;
        QVariantList values;
        values.reserve(qsizetype(update.changed.size() + mapper.primaryKey().size()) + 2);
        for (int i : update.changed)
            values << dialect.toDatabase(state.currentValue(i), mapper.property(i).column->type());
        QVariant newVersion;
        if (version >= 0) {
            newVersion = state.committedValue(version).toLongLong() + 1;
            values << newVersion;
        }
        const std::vector<int>& pk = mapper.primaryKey();
        for (size_t k = 0; k < pk.size(); ++k)
            values << dialect.toDatabase(state.identityValue(qsizetype(k)),
                                         mapper.property(pk[k]).column->type());
        if (version >= 0) {
            values << state.committedValue(version);
            m_versions.emplace_back(update.state, newVersion);
        }
        m_current = {&state};
        const qint64 matched = send(PlannedStatement::Kind::Update, sql, values, m_current);
        if (matched != 1)
            throwStale("UPDATE", "update", table, 1, matched);
    }
}

int UnitOfWork::insertDepth(const InstanceState& state, std::vector<const InstanceState*>& path)
{
    // How many new ancestors of the same table group the object has (0 for a root). Ancestors
    // through a post_update relationship do not count: that foreign key is written later.
    if (const auto it = m_insertDepths.constFind(&state); it != m_insertDepths.constEnd()) {
        if (it.value() < 0)
            throwCycle(path, &state, "inserted");
        return it.value();
    }
    m_insertDepths.insert(&state, -1);
    path.push_back(&state);
    int depth = 0;
    const auto consider = [&](const InstanceState& parent) {
        if (&parent != &state && parent.m_pending && sameGroup(tableOf(parent), tableOf(state)))
            depth = std::max(depth, insertDepth(parent, path) + 1);
    };
    for (const auto& relationship : state.mapper().relationships()) {
        if (relationship->direction() != RelationshipDirection::ManyToOne ||
            isPostUpdated(*relationship))
            continue;
        const auto& reference =
            static_cast<const ReferenceSlot&>(relationship->slot(state.object()));
        if (const Object held = reference.target(); reference.m_loaded && held)
            consider(held.state());
    }
    if (const auto links = m_parents.constFind(&state); links != m_parents.constEnd()) {
        for (const ParentLink& link : *links) {
            if (link.attached && !isPostUpdated(*link.relationship))
                consider(*link.parent);
        }
    }
    path.pop_back();
    m_insertDepths.insert(&state, depth);
    return depth;
}

int UnitOfWork::deleteDepth(const InstanceState& state, std::vector<const InstanceState*>& path)
{
    // How many rows of the same table group that are deleted too the row refers to, through
    // foreign keys as committed: the deepest go first. post_update keys are NULL by then.
    if (const auto it = m_deleteDepths.constFind(&state); it != m_deleteDepths.constEnd()) {
        if (it.value() < 0)
            throwCycle(path, &state, "deleted");
        return it.value();
    }
    m_deleteDepths.insert(&state, -1);
    path.push_back(&state);
    int depth = 0;
    const Table& table = tableOf(state);
    for (const ForeignKeyConstraint& fk : table.foreignKeys()) {
        const Table* target = fk.referredTable(*table.metadata());
        if (!target || !sameGroup(*target, table) || isPostUpdatedKey(table, fk))
            continue;
        const QVariantList key = committedValues(state, table, fk.columns);
        if (key.isEmpty())
            continue;
        for (const auto& other : m_deletes) {
            if (other.get() != &state && &tableOf(*other) == target &&
                committedValues(*other, *target, fk.targetColumns) == key)
                depth = std::max(depth, deleteDepth(*other, path) + 1);
        }
    }
    path.pop_back();
    m_deleteDepths.insert(&state, depth);
    return depth;
}

void UnitOfWork::deleteRows(const TableGroup& group, bool onlyReplaced)
{
    const auto isReplaced = [this](const std::shared_ptr<InstanceState>& s) {
        return std::find(m_replaced.begin(), m_replaced.end(), s) != m_replaced.end();
    };
    // Leaves of a tree first; rows of one depth from the dependent tables first.
    struct Row {
        int depth;
        qsizetype table;
        std::shared_ptr<InstanceState> state;
    };
    std::vector<Row> rows;
    for (const auto& state : m_deletes) {
        const auto table = std::find(group.begin(), group.end(), &tableOf(*state));
        if (table != group.end() && isReplaced(state) == onlyReplaced)
            rows.push_back({m_deleteDepths.value(state.get()), table - group.begin(), state});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.depth, a.table) > std::tie(b.depth, b.table);
    });
    for (const auto& [depth, position, state] : rows) {
        const Table& table = *group[size_t(position)];
        const Mapper& mapper = state->mapper();
        const Dialect& dialect = this->dialect();
        const int version = mapper.versionProperty();
        const QString shape = QStringLiteral("D|%1").arg(table.fullName());
        QString& sql = m_session.m_flushSql[shape];
        if (sql.isEmpty()) {
            Expr where;
            for (int k : mapper.primaryKey())
                where = where && (Expr(*mapper.property(k).column) ==
                                  bindParam(QStringLiteral("k%1").arg(k)));
            if (version >= 0)
                where = where && (Expr(*mapper.property(version).column) ==
                                  bindParam(QStringLiteral("old_version")));
            sql = dialect.sql(deleteFrom(table).where(where));
        }
        QVariantList values;
        const std::vector<int>& pk = mapper.primaryKey();
        for (size_t k = 0; k < pk.size(); ++k)
            values << dialect.toDatabase(state->identityValue(qsizetype(k)),
                                         mapper.property(pk[k]).column->type());
        if (version >= 0)
            values << state->committedValue(version);
        m_current = {state.get()};
        const qint64 matched = send(PlannedStatement::Kind::Delete, sql, values, m_current);
        if (matched != 1)
            throwStale("DELETE", "delete", table, 1, matched);
    }
}

// ---- post_update ----------------------------------------------------------------------------

bool UnitOfWork::isPostUpdatedKey(const Table& table, const ForeignKeyConstraint& foreignKey) const
{
    // A foreign key written by post_update does not order the INSERTs and DELETEs.
    return !m_postUpdateColumns.isEmpty() &&
           std::all_of(foreignKey.columns.begin(), foreignKey.columns.end(), [&](const QString& c) {
               return m_postUpdateColumns.contains(&table.column(c));
           });
}

void UnitOfWork::collectPostUpdates()
{
    // The foreign key columns of post_update relationships of the classes in this flush...
    QSet<const Mapper*> mappers;
    for (const auto* rows : {&m_inserts, &m_candidates, &m_deletes}) {
        for (const auto& state : *rows)
            mappers.insert(&state->mapper());
    }
    for (const Mapper* mapper : mappers) {
        for (const auto& relationship : mapper->relationships()) {
            if (relationship->direction() == RelationshipDirection::ManyToMany ||
                !isPostUpdated(*relationship))
                continue;
            const bool manyToOne = relationship->direction() == RelationshipDirection::ManyToOne;
            for (const auto& [local, remote] : relationship->pairs())
                m_postUpdateColumns.insert(manyToOne ? local : remote);
        }
    }
    if (m_postUpdateColumns.isEmpty())
        return;
    // ...and the saved rows that hold such columns: their values are written after the INSERTs.
    // Deleted rows have them set to NULL before the DELETEs, compared with the committed values
    // (loaded now when expired, not in the middle of the SQL).
    const auto hasPostUpdateColumns = [this](InstanceState& state) {
        const Mapper& mapper = state.mapper();
        bool any = false;
        for (int i = 0; i < mapper.propertyCount(); ++i) {
            if (m_postUpdateColumns.contains(mapper.property(i).column)) {
                any = true;
                if (state.isExpired(i))
                    load(state);
            }
        }
        return any;
    };
    for (const auto* rows : {&m_inserts, &m_candidates}) {
        for (const auto& state : *rows) {
            if (hasPostUpdateColumns(*state))
                m_postUpdateRows.push_back(state);
        }
    }
    for (const auto& state : m_deletes)
        hasPostUpdateColumns(*state);
}

void UnitOfWork::updateColumns(const InstanceState& state, const std::vector<int>& properties,
                               const QVariantList& values, const QVariantList& key)
{
    // UPDATE <table> SET <post_update columns> WHERE <primary key>: no version check, as the
    // row was written (or is deleted) by this very flush.
    const Mapper& mapper = state.mapper();
    const Table& table = mapper.table();
    const Dialect& dialect = this->dialect();
    QString shape = QStringLiteral("P|%1|").arg(table.fullName());
    for (int i : properties)
        shape += mapper.property(i).column->name() + u',';
    QString& sql = m_session.m_flushSql[shape];
    if (sql.isEmpty()) {
        Assignments set;
        for (int i : properties)
            set.emplace_back(mapper.property(i).column->name(),
                             bindParam(QStringLiteral("v%1").arg(i)));
        Expr where;
        for (int k : mapper.primaryKey())
            where = where &&
                    (Expr(*mapper.property(k).column) == bindParam(QStringLiteral("k%1").arg(k)));
        sql = dialect.sql(orm::update(table).values(set).where(where));
    }
    QVariantList params;
    for (size_t n = 0; n < properties.size(); ++n)
        params << dialect.toDatabase(values[qsizetype(n)],
                                     mapper.property(properties[n]).column->type());
    const std::vector<int>& pk = mapper.primaryKey();
    for (size_t k = 0; k < pk.size(); ++k)
        params << dialect.toDatabase(key[qsizetype(k)], mapper.property(pk[k]).column->type());
    m_current = {&state};
    const qint64 matched = send(PlannedStatement::Kind::Update, sql, params, m_current);
    if (matched != 1)
        throwStale("UPDATE", "update", table, 1, matched);
}

void UnitOfWork::postUpdateRows()
{
    // Every row exists now: the post_update foreign keys take their related rows' keys, one
    // UPDATE per row whose value changes.
    for (const auto& state : m_postUpdateRows) {
        const Mapper& mapper = state->mapper();
        std::vector<int> changed;
        QVariantList values;
        for (const auto& [property, value] : relatedKeys(*state, true)) {
            if (mapper.property(property).accessor->holds(state->object(), value))
                continue;
            if (state->hasIdentity() || m_planning)
                saveForUndo(*state);
            mapper.set(state->object(), property, value);
            if (std::find(changed.begin(), changed.end(), property) == changed.end())
                changed.push_back(property);
        }
        if (changed.empty())
            continue;
        std::sort(changed.begin(), changed.end());
        for (int i : changed)
            values << state->currentValue(i);
        updateColumns(*state, changed, values, mapper.identityOf(state->object()));
        if (state->hasIdentity())
            m_updates.push_back(
                {state, InstanceState::PropertyList(changed.begin(),
                                                    changed.end())}); // committed by finish()
    }
}

void UnitOfWork::clearPostUpdatedKeys()
{
    // A row about to be deleted first lets go of the rows its post_update foreign keys name,
    // which may be deleted before it.
    for (const auto& state : m_deletes) {
        if (std::find(m_replaced.begin(), m_replaced.end(), state) != m_replaced.end())
            continue; // deleted already
        const Mapper& mapper = state->mapper();
        std::vector<int> columns;
        for (int i = 0; i < mapper.propertyCount(); ++i) {
            if (m_postUpdateColumns.contains(mapper.property(i).column) &&
                !isNull(state->committedValue(i)))
                columns.push_back(i);
        }
        if (!columns.empty())
            updateColumns(*state, columns, QVariantList(qsizetype(columns.size())),
                          state->identity());
    }
}

// ---- order of the rows ----------------------------------------------------------------------

void UnitOfWork::orderRows()
{
    QSet<const Table*> involved;
    for (const auto* rows : {&m_inserts, &m_candidates, &m_deletes}) {
        for (const auto& state : *rows)
            involved.insert(&tableOf(*state));
    }
    groupTables(involved);
    std::vector<const InstanceState*> path;
    for (const auto& state : m_inserts)
        insertDepth(*state, path);
    for (const auto& state : m_deletes)
        deleteDepth(*state, path);
}

void UnitOfWork::groupTables(const QSet<const Table*>& involved)
{
    // Tarjan's strongly connected components over the foreign keys between tables (without
    // those post_update writes): a component is a cycle of tables, saved as one group. The
    // components come out parents first; without cycles in the same order as
    // MetaData::sortedTables(), which walks the tables the same way.
    QSet<const MetaData*> metadatas;
    for (const Table* t : involved)
        metadatas.insert(t->metadata());
    for (const MetaData* md : metadatas) {
        const std::vector<const Table*> declared = md->tables();
        QHash<const Table*, int> index;
        QHash<const Table*, int> low;
        std::vector<const Table*> stack;
        QSet<const Table*> onStack;
        std::function<void(const Table*)> visit = [&](const Table* table) {
            index.insert(table, int(index.size()));
            low.insert(table, index.value(table));
            stack.push_back(table);
            onStack.insert(table);
            for (const ForeignKeyConstraint& fk : table->foreignKeys()) {
                const Table* target = fk.referredTable(*md);
                if (!target || target == table || isPostUpdatedKey(*table, fk))
                    continue;
                if (!index.contains(target)) {
                    visit(target);
                    low[table] = std::min(low.value(table), low.value(target));
                } else if (onStack.contains(target)) {
                    low[table] = std::min(low.value(table), index.value(target));
                }
            }
            if (low.value(table) != index.value(table))
                return;
            QSet<const Table*> component;
            const Table* member = nullptr;
            do {
                member = stack.back();
                stack.pop_back();
                onStack.remove(member);
                component.insert(member);
            } while (member != table);
            TableGroup group; // in declaration order
            if (component.size() == 1) {
                if (involved.contains(table))
                    group.push_back(table);
            } else {
                for (const Table* t : declared) {
                    if (component.contains(t) && involved.contains(t))
                        group.push_back(t);
                }
            }
            if (group.empty())
                return;
            for (const Table* t : group)
                m_groupOf.insert(t, int(m_groups.size()));
            m_groups.push_back(std::move(group));
        };
        for (const Table* table : declared) {
            if (!index.contains(table))
                visit(table);
        }
    }
}

void UnitOfWork::throwCycle(const std::vector<const InstanceState*>& path,
                            const InstanceState* again, const char* verb) const
{
    QStringList objects;
    for (auto it = std::find(path.begin(), path.end(), again); it != path.end(); ++it)
        objects << (*it)->describe();
    objects << again->describe();
    throw FlushError(
        QStringLiteral("Circular dependency detected: rows that refer to each other through "
                       "foreign keys cannot be %1 one after the other (%2). Mark one of the "
                       "relationships postUpdate() so that its foreign key is written by a "
                       "separate UPDATE (SQLAlchemy's post_update).")
            .arg(QLatin1String(verb), objects.join(QStringLiteral(" -> "))));
}

void UnitOfWork::finish()
{
    Session& s = m_session;
    const auto remember =
        [&s](std::vector<std::shared_ptr<InstanceState>> Session::SavepointFrame::*list,
             std::vector<std::shared_ptr<InstanceState>>& transactionList,
             const std::shared_ptr<InstanceState>& state) {
            transactionList.push_back(state);
            if (!s.m_savepoints.empty())
                (s.m_savepoints.back().*list).push_back(state);
        };
    for (const auto& state : m_deletes) {
        s.m_deleted.erase(state->m_order);
        state->m_markedDeleted = false;
        state->m_deletedFlushed = true;
        s.m_identity.remove(IdentityKey{&state->mapper(), state->identity()}, state.get());
        remember(&Session::SavepointFrame::deleted, s.m_deletedInTransaction, state);
    }
    for (const auto& state : m_inserts) {
        const Mapper& mapper = state->mapper();
        s.m_new.erase(state->m_order);
        state->m_pending = false;
        state->m_committed = currentValues(*state);
        s.registerPersistent(state, normalizedKey(mapper, mapper.identityOf(state->object())));
        // Server defaults were left to the database: read them back on first access.
        std::vector<int> serverFilled;
        for (int i = 0; i < mapper.propertyCount(); ++i) {
            if (mapper.property(i).column->serverDefaultValue().isSet() &&
                !state->currentValue(i).isValid())
                serverFilled.push_back(i);
        }
        if (!serverFilled.empty())
            state->expire(serverFilled);
        remember(&Session::SavepointFrame::inserted, s.m_insertedInTransaction, state);
    }
    for (const Update& update : m_updates) {
        InstanceState& state = *update.state;
        for (int i : update.changed)
            state.m_committed[i] = state.currentValue(i);
        // Only a changed primary key attribute can change the identity.
        const std::vector<int>& pk = state.mapper().primaryKey();
        const auto inKey = [&pk](int i) { return std::find(pk.begin(), pk.end(), i) != pk.end(); };
        if (std::none_of(update.changed.begin(), update.changed.end(), inKey))
            continue;
        const QVariantList key =
            normalizedKey(state.mapper(), state.mapper().identityOf(state.object()));
        if (key != state.identity()) { // the primary key itself was changed
            s.m_identity.remove(IdentityKey{&state.mapper(), state.identity()}, &state);
            s.registerPersistent(update.state, key);
        }
    }
    for (const auto& [state, version] : m_versions) {
        const int v = state->mapper().versionProperty();
        state->mapper().set(state->object(), v, version);
        state->m_committed[v] = version;
    }
    // What the collections recorded since the last flush is written now.
    const auto clearHistory = [](InstanceState& state) {
        for (const auto& relationship : state.mapper().relationships()) {
            if (auto* collection =
                    dynamic_cast<CollectionSlot*>(&relationship->slot(state.object())))
                collection->clearHistory();
        }
    };
    for (const auto& state : m_inserts)
        clearHistory(*state);
    for (const auto& state : m_candidates)
        clearHistory(*state);
    for (const auto& state : m_linked)
        clearHistory(*state);
    for (const auto& state : s.m_touched)
        state->m_touched = false;
    s.m_touched.clear();
    s.m_transactionHasWrites = true;
}

void UnitOfWork::restore()
{
    for (const Undo& undo : m_undo) {
        for (int i = 0; i < undo.values.size(); ++i)
            undo.state->mapper().set(undo.state->object(), i, undo.values[i]);
    }
}

} // namespace orm
