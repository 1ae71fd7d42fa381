#include "orm/session/session.h"

#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/unitofwork.h"
#include "orm/sql/dialect.h"
#include "orm/sql/nodes.h"

#include <QHash>
#include <QMetaMethod>
#include <QSet>

namespace orm {

namespace {

IdentityKey keyOf(const InstanceState& state)
{
    return IdentityKey{&state.mapper(), state.identity()};
}

// The key values as parameters of selectByKey(): k0, k1, ...
QVariantMap keyParams(const QVariantList& key)
{
    QVariantMap params;
    for (qsizetype i = 0; i < key.size(); ++i)
        params.insert(QStringLiteral("k%1").arg(i), key[i]);
    return params;
}

// The objects reached from `state` through relationships with the cascade `option`,
// transitively, without `state`: what is in memory only, never loaded for this.
QList<Object> cascaded(const InstanceState& state, bool CascadeSet::*option)
{
    QList<Object> out;
    QSet<const InstanceState*> seen{&state};
    std::vector<const InstanceState*> work{&state};
    for (size_t i = 0; i < work.size(); ++i) {
        for (const auto& relationship : work[i]->mapper().relationships()) {
            if (!(relationship->cascade().*option))
                continue;
            for (const Object& related : relationship->slot(work[i]->object()).inMemory()) {
                if (seen.contains(&related.state()))
                    continue;
                seen.insert(&related.state());
                out << related;
                work.push_back(&related.state());
            }
        }
    }
    return out;
}

// Which object refers to a target through a single-parent many-to-one, for relationships
// without a loaded reverse side: (relationship, target) -> (target, owner), weakly. Per thread,
// as Sessions and their objects are.
struct ParentRecord {
    std::weak_ptr<InstanceState> target;
    std::weak_ptr<InstanceState> owner;
};
thread_local QHash<QPair<const Relationship*, const InstanceState*>, ParentRecord> singleParents;

// The object other than `owner` that `relationship` points at `target` from, or null.
Object otherParent(const InstanceState& owner, const Relationship& relationship,
                   const Object& target)
{
    if (const Relationship* reverse = relationship.reverse()) {
        RelationshipSlot& back = reverse->slot(target.state().object());
        for (const Object& parent : back.inMemory()) {
            if (&parent.state() != &owner)
                return parent;
        }
        if (back.isLoaded())
            return {};
    }
    const auto it = singleParents.constFind({&relationship, &target.state()});
    if (it == singleParents.cend() || it->target.lock() != target.shared())
        return {};
    const Object parent(it->owner.lock());
    if (!parent || &parent.state() == &owner)
        return {};
    // Still its parent unless it points elsewhere now.
    const RelationshipSlot& slot = relationship.slot(parent.state().object());
    return slot.inMemory().value(0) == target ? parent : Object();
}

void rememberParent(const InstanceState& owner, const Relationship& relationship,
                    const Object& target)
{
    // Records of objects gone are dropped now and then, so the table stays small.
    static thread_local qsizetype purgeAt = 64;
    if (singleParents.size() > purgeAt) {
        erase_if(singleParents, [](const auto& entry) {
            return entry.value().target.expired() || entry.value().owner.expired();
        });
        purgeAt = 2 * singleParents.size() + 64;
    }
    singleParents.insert(
        {&relationship, &target.state()},
        {target.shared(), std::const_pointer_cast<InstanceState>(owner.shared_from_this())});
}

} // namespace

Session::Session(Engine& engine, const SessionOptions& options, QObject* parent)
    : QObject(parent), m_engine(&engine), m_options(options)
{
    qRegisterMetaType<orm::Object>();
}

Session::~Session()
{
    try {
        close();
    } catch (const Error&) {
        // Closing rolls back; a broken connection must not throw from a destructor.
    }
}

// ---- helpers ---------------------------------------------------------------------------------

void Session::checkUsable() const
{
    if (m_needsRollback)
        throw PendingRollbackError(
            QStringLiteral("This Session's transaction has been rolled back due to a previous "
                           "exception during commit. To begin a new transaction with this "
                           "Session, first issue Session::rollback()."));
}

void Session::beginIfNeeded()
{
    checkUsable();
    if (!m_connection)
        m_connection.emplace(m_engine->connect());
    if (!m_connection->inTransaction()) {
        m_connection->beginTransaction();
        m_transactionHasWrites = false;
    }
}

Connection& Session::connection()
{
    beginIfNeeded();
    return *m_connection;
}

bool Session::inTransaction() const
{
    return m_connection && m_connection->inTransaction();
}

void Session::releaseConnection()
{
    m_connection.reset();
    m_transactionHasWrites = false;
    m_savepoints.clear();
}

Result Session::execute(const Statement& statement, const QVariantMap& params, Origin origin)
{
    checkUsable();
    if (origin == Origin::Query || origin == Origin::LazyLoad)
        autoflush();
    const bool select = dynamic_cast<const sql::SelectBaseNode*>(statement.node());
    if (select && !m_options.transactionalReads && !inTransaction()) {
        if (!m_connection)
            m_connection.emplace(m_engine->connect());
        return m_connection->execute(statement, params, origin);
    }
    beginIfNeeded();
    // Anything but a SELECT may have written: a failed flush must then keep the transaction.
    if (!select)
        m_transactionHasWrites = true;
    return m_connection->execute(statement, params, origin);
}

void Session::autoflush()
{
    if (!m_options.autoflush || m_flushing)
        return;
    deleteOrphanedReferences();
    UnitOfWork(*this, Origin::Autoflush).flush();
}

void Session::attach(const std::shared_ptr<InstanceState>& state)
{
    state->m_session = this;
    if (isSignalConnected(QMetaMethod::fromSignal(&Session::objectAdded)))
        emit objectAdded(Object(state));
}

void Session::registerPersistent(const std::shared_ptr<InstanceState>& state,
                                 const QVariantList& key)
{
    state->setIdentity(key);
    state->m_session = this;
    m_identity.insert(keyOf(*state), state);
}

void Session::detach(InstanceState& state)
{
    if (state.m_pending)
        m_new.erase(state.m_order);
    if (state.m_markedDeleted)
        m_deleted.erase(state.m_order);
    if (state.m_touched) {
        std::erase_if(m_touched, [&state](const auto& s) { return s.get() == &state; });
        state.m_touched = false;
    }
    if (state.hasIdentity())
        m_identity.remove(keyOf(state), &state);
    state.m_session = nullptr;
    state.m_pending = false;
    state.m_markedDeleted = false;
    state.m_deletedFlushed = false; // detached; it is persistent again if added to a Session
}

void Session::touch(InstanceState& state)
{
    if (state.m_touched || !state.hasIdentity())
        return;
    state.m_touched = true;
    m_touched.push_back(state.shared_from_this());
}

void Session::forget(InstanceState& state)
{
    // Called from the object's destructor: only the weak identity-map entry can refer to it.
    if (state.hasIdentity())
        m_identity.remove(keyOf(state), &state);
}

void Session::expireState(InstanceState& state, const std::vector<int>& properties)
{
    state.expire(properties);
    // Expiring 100k objects must not cost 100k signal emissions nobody listens to.
    if (isSignalConnected(QMetaMethod::fromSignal(&Session::objectExpired)))
        emit objectExpired(Object(m_identity.find(keyOf(state))));
}

// ---- objects ---------------------------------------------------------------------------------

void Session::add(const Object& object)
{
    checkUsable();
    InstanceState& state = object.state();
    if (state.m_session == this)
        return;
    if (state.m_session)
        throw InvalidRequestError(
            QStringLiteral("Object '%1' is already attached to another Session; expunge it there "
                           "first or merge() it into this one")
                .arg(state.describe()));
    if (state.hasIdentity()) {
        // A detached object becomes persistent again, unless its row is already represented here.
        const IdentityKey key = keyOf(state);
        if (auto existing = m_identity.find(key); existing && existing.get() != &state)
            throw InvalidRequestError(
                QStringLiteral("Can't attach instance %1; another instance with the same "
                               "identity key is already present in this Session (use merge())")
                    .arg(state.describe()));
        m_identity.insert(key, object.shared());
        attach(object.shared());
        touch(state); // it may have been changed while detached
        return;
    }
    state.mapper().checkWritable(QStringLiteral("add")); // a view's row cannot be INSERTed
    state.m_order = ++m_order;
    state.m_pending = true;
    m_new.emplace(state.m_order, object.shared());
    attach(object.shared());
    cascadeAdd(state);
}

void Session::cascadeAdd(InstanceState& state)
{
    // save-update: what the object holds in memory joins the Session with it (SQLAlchemy's
    // cascade at add()); unloaded relationships hold nothing new.
    for (const auto& relationship : state.mapper().relationships()) {
        if (!relationship->cascade().saveUpdate)
            continue;
        for (const Object& o : relationship->slot(state.object()).inMemory()) {
            if (!o.state().m_session && !o.state().hasIdentity())
                add(o);
        }
    }
}

void Session::addAll(const QList<Object>& objects)
{
    for (const Object& o : objects)
        add(o);
}

void Session::remove(const Object& object)
{
    checkUsable();
    InstanceState& state = object.state();
    state.mapper().checkWritable(QStringLiteral("delete"));
    if (!state.hasIdentity() && !state.m_session)
        throw InvalidRequestError(
            QStringLiteral("Instance '%1' is not persisted").arg(state.describe()));
    if (state.m_session && state.m_session != this)
        throw InvalidRequestError(
            QStringLiteral("Object '%1' is attached to another Session").arg(state.describe()));
    if (state.m_pending) {
        expunge(object); // never inserted: nothing to delete
        return;
    }
    if (!state.m_session)
        add(object); // a detached object is attached to be deleted
    if (state.m_markedDeleted || state.m_deletedFlushed)
        return;
    state.m_markedDeleted = true;
    state.m_order = ++m_order;
    m_deleted.emplace(state.m_order, object.shared());
    emit objectDeleted(object);
}

void Session::cancelRemove(const Object& object)
{
    InstanceState& state = object.state();
    if (state.m_session != this || !state.m_markedDeleted)
        return;
    m_deleted.erase(state.m_order);
    state.m_markedDeleted = false;
    emit objectAdded(object);
}

bool Session::isMarkedDeleted(const Object& object) const
{
    return object.state().m_session == this && object.state().m_markedDeleted;
}

void Session::expunge(const Object& object)
{
    InstanceState& state = object.state();
    if (state.m_session != this)
        throw InvalidRequestError(
            QStringLiteral("Instance %1 is not present in this Session").arg(state.describe()));
    // The expunge cascade ("all" has it) takes the related objects out as well.
    const QList<Object> related = cascaded(state, &CascadeSet::expunge);
    detach(state);
    for (const Object& o : related) {
        if (o.state().m_session == this)
            detach(o.state());
    }
}

void Session::expungeAll()
{
    for (const auto& state : m_identity.all())
        state->m_session = nullptr;
    for (const auto& [order, state] : m_new) {
        state->m_session = nullptr;
        state->m_pending = false;
    }
    for (const auto& [order, state] : m_deleted)
        state->m_markedDeleted = false;
    for (const auto& state : m_touched)
        state->m_touched = false;
    m_identity.clear();
    m_new.clear();
    m_deleted.clear();
    m_touched.clear();
}

void Session::makeTransient(const Object& object)
{
    InstanceState& state = object.state();
    if (state.m_session)
        detach(state);
    state.m_identity.clear();
    state.m_committed.clear();
    state.m_deletedFlushed = false;
    state.clearExpired();
}

void Session::expire(const Object& object, const QStringList& attributes)
{
    InstanceState& state = object.state();
    if (state.m_session != this || !state.hasIdentity())
        throw InvalidRequestError(
            QStringLiteral("Instance %1 is not persistent within this Session")
                .arg(state.describe()));
    std::vector<int> properties;
    for (const QString& name : attributes)
        properties.push_back(state.mapper().property(name).index);
    // Expiring the whole object follows refresh-expire (gathered first: expiring unloads).
    const QList<Object> related =
        properties.empty() ? cascaded(state, &CascadeSet::refreshExpire) : QList<Object>();
    expireState(state, properties);
    expireCascaded(related);
}

void Session::expireCascaded(const QList<Object>& related)
{
    // As SQLAlchemy: a persistent object is expired, a pending one has nothing in the database
    // to load again, so it leaves the Session.
    for (const Object& o : related) {
        InstanceState& state = o.state();
        if (state.m_session != this)
            continue;
        if (state.hasIdentity())
            expireState(state);
        else if (state.m_pending)
            detach(state);
    }
}

void Session::expireAll()
{
    std::vector<std::shared_ptr<InstanceState>> states = m_identity.all();
    if (isSignalConnected(QMetaMethod::fromSignal(&Session::objectExpired))) {
        for (const auto& state : states)
            expireState(*state);
        return;
    }
    // The pass every commit makes over the whole Session: with no slot to run, the signal is
    // checked once, objects expired entirely already (all but those used since the last commit)
    // are left as they are, and each reference is dropped while its object is still in cache.
    for (auto& state : states) {
        if (state->m_expiredCount < state->mapper().propertyCount())
            state->expire();
        state.reset();
    }
}

void Session::refresh(const Object& object)
{
    InstanceState& state = object.state();
    if (state.m_session != this || !state.hasIdentity())
        throw InvalidRequestError(
            QStringLiteral("Instance %1 is not persistent within this Session")
                .arg(state.describe()));
    // Unflushed changes of the object are discarded, not flushed by the autoflush below.
    // Related objects reached by refresh-expire are expired, to load on next access.
    const QList<Object> related = cascaded(state, &CascadeSet::refreshExpire);
    state.expire();
    expireCascaded(related);
    Result result =
        execute(selectByKey(state.mapper()), keyParams(state.identity()), Origin::Query);
    if (!result.next())
        throw InvalidRequestError(
            QStringLiteral("Could not refresh instance '%1'").arg(state.describe()));
    loadRow(state.mapper(), result, true);
}

void Session::loadExpired(InstanceState& state)
{
    if (state.m_deletedFlushed)
        throw ObjectDeletedError(
            QStringLiteral("Instance '%1' has been deleted").arg(state.describe()));
    Result result =
        execute(selectByKey(state.mapper()), keyParams(state.identity()), Origin::LazyLoad);
    if (!result.next())
        throw ObjectDeletedError(
            QStringLiteral("Instance '%1' has been deleted, or its row is otherwise not present.")
                .arg(state.describe()));
    const QVariantList row = result.row();
    result.close();
    for (int i = 0; i < state.mapper().propertyCount(); ++i) {
        if (state.isExpired(i)) {
            state.mapper().set(state.object(), i, row[i]);
            state.m_committed[i] = row[i];
        }
    }
    state.clearExpired();
}

const Select& Session::selectByKey(const Mapper& mapper)
{
    // Built once per class: the same statement object is executed again and again, so the
    // dialect neither rebuilds nor re-walks it.
    auto it = m_selectByKey.find(&mapper);
    if (it == m_selectByKey.end()) {
        std::vector<Expr> columns;
        for (int i = 0; i < mapper.propertyCount(); ++i)
            columns.emplace_back(*mapper.property(i).column);
        Expr where;
        const std::vector<int>& pk = mapper.primaryKey();
        for (size_t i = 0; i < pk.size(); ++i) {
            const Column& column = *mapper.property(pk[i]).column;
            where =
                where && (Expr(column) == bindParam(QStringLiteral("k%1").arg(i), column.type()));
        }
        it = m_selectByKey.insert(&mapper, select(columns).where(where));
    }
    return it.value();
}

Object Session::get(const Mapper& mapper, const QVariantList& primaryKey)
{
    checkUsable();
    const QVariantList key = normalizedKey(mapper, primaryKey);
    if (primaryKey.size() != qsizetype(mapper.primaryKey().size()))
        throw ArgumentError(QStringLiteral("get() of %1 needs %2 primary key value(s), got %3")
                                .arg(mapper.className())
                                .arg(mapper.primaryKey().size())
                                .arg(primaryKey.size()));
    if (auto existing = m_identity.find(IdentityKey{&mapper, key})) {
        if (existing->m_markedDeleted || existing->m_deletedFlushed)
            return {};
        return Object(std::move(existing));
    }
    Result result = execute(selectByKey(mapper), keyParams(key), Origin::Query);
    if (!result.next())
        return {};
    return loadRow(mapper, result, false);
}

struct Session::MergeMemo {
    QHash<const InstanceState*, Object> merged; // source -> the Session's object
    // (source, relationship) pairs reached through: the reverse side needs no merge of its own,
    // setting the relationship fills it in memory.
    QSet<QPair<const InstanceState*, const Relationship*>> reached;
};

Object Session::merge(const Object& object)
{
    checkUsable();
    // As SQLAlchemy: no autoflush while the graph is half merged (its loads would flush it).
    NoAutoflush noAutoflush(*this);
    MergeMemo memo;
    return mergeObject(object, memo);
}

Object Session::mergeObject(const Object& object, MergeMemo& memo)
{
    InstanceState& source = object.state();
    if (source.m_session == this)
        return object;
    if (const auto it = memo.merged.constFind(&source); it != memo.merged.cend())
        return it.value();
    const Mapper& mapper = source.mapper();
    const QVariantList key = mapper.identityOf(source.object());
    Object target = key.isEmpty() ? Object() : get(mapper, key);
    if (!target) {
        target = Object(mapper.create());
        add(target);
    } else {
        target.state().prepareRead();
        touch(target.state());
    }
    memo.merged.insert(&source, target);
    for (int i = 0; i < mapper.propertyCount(); ++i) {
        if (!source.isExpired(i))
            mapper.set(target.state().object(), i, source.currentValue(i));
    }
    mergeRelationships(source, target, memo);
    return target;
}

void Session::mergeRelationships(const InstanceState& source, const Object& target, MergeMemo& memo)
{
    // The merge cascade (in the default "save-update, merge"): what the source holds is merged
    // too, and the target's relationship set to the results. A relationship the source never
    // loaded says nothing, so the target's is left alone.
    for (const auto& relationship : source.mapper().relationships()) {
        if (!relationship->cascade().merge)
            continue;
        const RelationshipSlot& from = relationship->slot(source.object());
        if (!from.isLoaded())
            continue;
        const Relationship* reverse = relationship->reverse();
        if (reverse && memo.reached.contains({&source, reverse}))
            continue;
        QList<Object> merged;
        for (const Object& related : from.inMemory()) {
            memo.reached.insert({&related.state(), relationship.get()});
            merged << mergeObject(related, memo);
        }
        RelationshipSlot& to = relationship->slot(target.state().object());
        if (auto* collection = dynamic_cast<CollectionSlot*>(&to))
            collection->assign(merged);
        else
            static_cast<ReferenceSlot&>(to).setObject(merged.value(0));
    }
}

void Session::checkSingleParent(const InstanceState* owner, const Relationship* relationship,
                                const Object& target)
{
    if (!owner || !relationship || !target || !relationship->singleParent() ||
        relationship->direction() != RelationshipDirection::ManyToOne)
        return;
    if (const Object other = otherParent(*owner, *relationship, target))
        throw InvalidRequestError(
            QStringLiteral("Instance %1 is already associated with an instance of %2 via its %3 "
                           "attribute, and is only allowed a single parent.")
                .arg(target.state().describe(), other.state().mapper().className(),
                     relationship->describe()));
    rememberParent(*owner, *relationship, target);
}

QVariantList Session::previousTargetKey(const InstanceState& owner,
                                        const Relationship& relationship) const
{
    // The foreign key as last flushed, in the order of the target's primary key; empty when it
    // was NULL, never loaded, or refers to something other than the primary key.
    const Mapper& target = relationship.target();
    QVariantList key;
    for (int pk : target.primaryKey()) {
        const Column* pkColumn = target.property(pk).column;
        const auto pair = std::find_if(relationship.pairs().begin(), relationship.pairs().end(),
                                       [&](const auto& p) { return p.second == pkColumn; });
        if (pair == relationship.pairs().end())
            return {};
        const QVariant value = owner.committedValue(owner.mapper().indexOf(pair->first));
        if (!value.isValid() || value.isNull())
            return {};
        key << value;
    }
    return normalizedKey(target, key);
}

void Session::deleteOrphanedReferences()
{
    // delete-orphan on a (single-parent) many-to-one: the object a persistent parent referred to
    // when last flushed, and no longer does, has lost its only parent and is deleted. It is
    // loaded when needed (SQLAlchemy loads it when the reference is replaced).
    NoAutoflush noAutoflush(*this);
    for (const auto& state : std::vector(m_touched)) {
        if (state->m_markedDeleted || state->m_deletedFlushed || state->m_session != this)
            continue;
        for (const auto& relationship : state->mapper().relationships()) {
            if (!relationship->cascade().deleteOrphan ||
                relationship->direction() != RelationshipDirection::ManyToOne)
                continue;
            const auto& reference =
                static_cast<const ReferenceSlot&>(relationship->slot(state->object()));
            if (!reference.m_loaded)
                continue; // neither loaded nor set: unchanged
            const QVariantList key = previousTargetKey(*state, *relationship);
            if (key.isEmpty())
                continue;
            const Object current = reference.target();
            if (current && current.state().identity() == key)
                continue;
            // Moved to another parent, it is no orphan.
            const Object previous = get(relationship->target(), key);
            if (previous && previous != current && !otherParent(*state, *relationship, previous))
                remove(previous);
        }
    }
}

bool Session::contains(const Object& object) const
{
    return object && object.state().m_session == this;
}

bool Session::isModified(const Object& object) const
{
    const InstanceState& state = object.state();
    if (state.m_pending)
        return true;
    return !state.changedProperties().empty();
}

QList<Object> Session::newObjects() const
{
    QList<Object> out;
    for (const auto& [order, state] : m_new)
        out << Object(state);
    return out;
}

QList<Object> Session::dirtyObjects() const
{
    QList<Object> out;
    for (const auto& state : m_touched) {
        if (!state->m_markedDeleted && !state->changedProperties().empty())
            out << Object(state);
    }
    return out;
}

QList<Object> Session::deletedObjects() const
{
    QList<Object> out;
    for (const auto& [order, state] : m_deleted)
        out << Object(state);
    return out;
}

qsizetype Session::identityCount()
{
    return qsizetype(m_identity.all().size());
}

void Session::setValue(const Object& object, const QString& attribute, const QVariant& value)
{
    InstanceState& state = object.state();
    const int index = state.mapper().property(attribute).index;
    state.mapper().checkWritable(QStringLiteral("change"));
    state.prepareWrite();
    const QVariant before = state.currentValue(index);
    state.mapper().set(state.object(), index, value);
    if (state.currentValue(index) != before || before.isValid() != value.isValid())
        emit objectChanged(object, attribute);
}

QVariant Session::value(const Object& object, const QString& attribute)
{
    return object.value(attribute);
}

// ---- transactions ----------------------------------------------------------------------------

void Session::flush()
{
    checkUsable();
    deleteOrphanedReferences();
    UnitOfWork(*this, Origin::Flush).flush();
}

QList<PlannedStatement> Session::pendingStatements() const
{
    // Planning changes objects and lists on the way, and puts every one of them back.
    return UnitOfWork(const_cast<Session&>(*this), Origin::Flush).plan();
}

void Session::commit()
{
    checkUsable();
    flush();
    if (inTransaction()) {
        try {
            m_connection->commitTransaction();
        } catch (const Error&) {
            // The database refused COMMIT: the transaction is gone, so the Session says so
            // until rollback() (SQLAlchemy's PendingRollbackError).
            m_needsRollback = true;
            throw;
        }
    }
    for (const auto& state : m_deletedInTransaction) {
        if (state->m_session != this) // expunged since
            continue;
        state->m_session = nullptr; // deleted -> detached
        state->m_deletedFlushed = false;
    }
    m_insertedInTransaction.clear();
    m_deletedInTransaction.clear();
    releaseConnection();
    if (m_options.expireOnCommit)
        expireAll();
    emit committed();
}

void Session::undoInserted(const std::vector<std::shared_ptr<InstanceState>>& inserted)
{
    // Rows INSERTed in the rolled-back span never existed: their objects become transient.
    for (const auto& state : inserted) {
        if (state->m_session != this)
            continue;
        detach(*state);
        state->setIdentity(QVariantList());
        state->m_committed.clear();
        state->clearExpired();
    }
}

void Session::undoDeleted(const std::vector<std::shared_ptr<InstanceState>>& deleted)
{
    // Rows DELETEd in the rolled-back span are back: their objects are persistent again.
    for (const auto& state : deleted) {
        if (state->m_session != this)
            continue; // expunged since: it stays out of the Session
        state->m_deletedFlushed = false;
        state->m_session = this;
        m_identity.insert(keyOf(*state), state);
    }
}

void Session::rollback()
{
    if (inTransaction()) {
        try {
            m_connection->rollbackTransaction();
        } catch (const Error&) {
            // A lost connection has rolled back by itself; the Session is reset all the same.
        }
    }
    m_needsRollback = false;
    undoInserted(m_insertedInTransaction);
    undoDeleted(m_deletedInTransaction);
    m_insertedInTransaction.clear();
    m_deletedInTransaction.clear();
    // Pending objects leave the Session; objects marked for deletion stay as they were.
    for (const auto& [order, state] : std::map(m_new)) {
        state->m_pending = false;
        state->m_session = nullptr;
    }
    m_new.clear();
    for (const auto& [order, state] : m_deleted)
        state->m_markedDeleted = false;
    m_deleted.clear();
    for (const auto& state : m_touched)
        state->m_touched = false;
    m_touched.clear();
    releaseConnection();
    // What was loaded may have changed with the rollback: load it again on next access.
    expireAll();
    emit rolledBack();
}

void Session::close()
{
    // As in SQLAlchemy, objects are expunged before the rollback, so detached objects keep what
    // they loaded instead of being expired (and unreadable without a Session).
    for (const auto& state : m_deletedInTransaction) {
        if (state->m_session != this) // expunged since
            continue;
        state->m_session = nullptr; // its row is back after the rollback
        state->m_deletedFlushed = false;
    }
    m_insertedInTransaction.clear();
    m_deletedInTransaction.clear();
    expungeAll();
    rollback();
}

NestedTransaction Session::beginNested()
{
    checkUsable();
    flush();
    beginIfNeeded();
    SavepointFrame frame;
    frame.name = m_connection->createSavepoint();
    frame.firstOrder = m_order + 1;
    m_savepoints.push_back(frame);
    return NestedTransaction(*this, frame.name);
}

NestedTransaction::NestedTransaction(Session& session, const QString& name)
    : m_session(&session), m_name(name)
{}

NestedTransaction::NestedTransaction(NestedTransaction&& other) noexcept
    : m_session(other.m_session), m_name(other.m_name),
      m_active(std::exchange(other.m_active, false))
{}

NestedTransaction::~NestedTransaction()
{
    if (!m_active)
        return;
    try {
        rollback();
    } catch (const Error&) {
        // Destructors don't throw; the outer transaction is still rolled back on its own terms.
    }
}

bool NestedTransaction::makeInnermost()
{
    auto& frames = m_session->m_savepoints;
    const auto it = std::find_if(frames.begin(), frames.end(),
                                 [this](const auto& frame) { return frame.name == m_name; });
    if (!m_session->m_connection || it == frames.end())
        return false;
    const size_t depth = size_t(it - frames.begin()) + 1;
    while (frames.size() > depth) {
        Session::SavepointFrame inner = std::move(frames.back());
        frames.pop_back();
        auto& outer = frames.back();
        outer.inserted.insert(outer.inserted.end(), inner.inserted.begin(), inner.inserted.end());
        outer.deleted.insert(outer.deleted.end(), inner.deleted.begin(), inner.deleted.end());
    }
    return true;
}

void NestedTransaction::commit()
{
    if (!m_active)
        throw InvalidRequestError(QStringLiteral("this nested transaction is no longer active"));
    if (!makeInnermost()) {
        m_active = false;
        throw InvalidRequestError(QStringLiteral("this nested transaction is no longer active: "
                                                 "the Session's transaction has ended"));
    }
    m_session->flush();
    m_active = false;
    m_session->m_connection->releaseSavepoint(m_name);
    Session::SavepointFrame frame = std::move(m_session->m_savepoints.back());
    m_session->m_savepoints.pop_back();
    if (!m_session->m_savepoints.empty()) {
        // What this savepoint did now belongs to the enclosing one.
        auto& outer = m_session->m_savepoints.back();
        outer.inserted.insert(outer.inserted.end(), frame.inserted.begin(), frame.inserted.end());
        outer.deleted.insert(outer.deleted.end(), frame.deleted.begin(), frame.deleted.end());
    }
}

void NestedTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    if (!makeInnermost())
        return; // the whole transaction was rolled back or committed already
    Session& s = *m_session;
    s.m_connection->rollbackToSavepoint(m_name);
    s.m_connection->releaseSavepoint(m_name);
    Session::SavepointFrame frame = std::move(s.m_savepoints.back());
    s.m_savepoints.pop_back();
    s.undoInserted(frame.inserted);
    s.undoDeleted(frame.deleted);
    std::erase_if(s.m_insertedInTransaction, [&frame](const auto& st) {
        return std::find(frame.inserted.begin(), frame.inserted.end(), st) != frame.inserted.end();
    });
    std::erase_if(s.m_deletedInTransaction, [&frame](const auto& st) {
        return std::find(frame.deleted.begin(), frame.deleted.end(), st) != frame.deleted.end();
    });
    // Objects added since the savepoint leave the Session, as their INSERTs did.
    for (auto it = s.m_new.lower_bound(frame.firstOrder); it != s.m_new.end();) {
        it->second->m_pending = false;
        it->second->m_session = nullptr;
        it = s.m_new.erase(it);
    }
    for (const auto& state : s.m_touched)
        state->m_touched = false;
    s.m_touched.clear();
    s.expireAll();
    emit s.rolledBack();
}

} // namespace orm
