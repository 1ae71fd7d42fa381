// Session's loading of rows into objects and of relationships: lazy loads on first access and
// the eager strategies run after a query (selectin, immediate, the mapped defaults).
#include "orm/session/session.h"

#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/sql/dialect.h"
#include "orm/sql/nodes.h"

namespace orm {

QVariantList Session::relatedKey(const InstanceState& owner, const Relationship& relationship) const
{
    // The owner's side of the join: its foreign key (many-to-one) or its referenced key
    // (one-to-many).
    QVariantList key;
    for (const auto& [local, remote] : relationship.pairs()) {
        const QVariant v = owner.currentValue(owner.mapper().indexOf(local));
        if (!v.isValid())
            return {};
        key << v;
    }
    return key;
}

Object Session::peekRelated(const InstanceState& owner, const Relationship& relationship)
{
    if (relationship.direction() != RelationshipDirection::ManyToOne)
        return {};
    const QVariantList key = relatedKey(owner, relationship);
    if (key.isEmpty())
        return {};
    const Mapper& target = relationship.target();
    return Object(m_identity.find(IdentityKey{&target, normalizedKey(target, key)}));
}

void Session::loadRelationship(InstanceState& owner, const Relationship& relationship)
{
    RelationshipSlot& slot = relationship.slot(owner.object());
    const QVariantList key = relatedKey(owner, relationship);
    const Mapper& target = relationship.target();
    if (relationship.direction() == RelationshipDirection::ManyToOne) {
        // The referenced columns are the target's primary key: get() answers from the identity
        // map when it can.
        const Object found = key.isEmpty() ? Object() : get(target, key);
        // Weakly when the target's loaded collection already holds this object.
        bool mirrored = false;
        if (const Relationship* reverse = relationship.reverse(); found && reverse) {
            if (auto* back = dynamic_cast<CollectionSlot*>(&reverse->slot(found.state().object())))
                mirrored =
                    back->m_loaded && back->m_items.contains(Object(owner.shared_from_this()));
        }
        static_cast<ReferenceSlot&>(slot).setDirect(found, mirrored);
        return;
    }
    QList<Object> items;
    if (!key.isEmpty()) {
        auto it = m_selectRelated.find(&relationship);
        if (it == m_selectRelated.end()) {
            // SELECT ... FROM addresses WHERE ? = addresses.user_id, as the seed shows.
            std::vector<Expr> columns;
            for (int i = 0; i < target.propertyCount(); ++i)
                columns.emplace_back(*target.property(i).column);
            Expr where;
            int k = 0;
            for (const auto& [local, remote] : relationship.pairs())
                where = where && (bindParam(QStringLiteral("k%1").arg(k++), remote->type()) ==
                                  Expr(*remote));
            // Many-to-many: FROM target, secondary WHERE ? = secondary.x AND target.id =
            // secondary.y
            for (const auto& [targetColumn, secondaryColumn] : relationship.secondaryPairs())
                where = where && (Expr(*targetColumn) == Expr(*secondaryColumn));
            Select select = orm::select(columns).where(where);
            if (!relationship.orderBy().empty())
                select = select.orderBy(relationship.orderBy());
            it = m_selectRelated.insert(&relationship, select);
        }
        QVariantMap params;
        for (qsizetype i = 0; i < key.size(); ++i)
            params.insert(QStringLiteral("k%1").arg(i), key[i]);
        Result result = execute(it.value(), params, Origin::LazyLoad);
        while (result.next())
            items << loadRow(target, result, false);
    }
    fillLoaded(Object(owner.shared_from_this()), relationship, items);
}

void Session::eagerLoad(const QList<Object>& objects, const std::vector<LoadOption>& options)
{
    if (objects.isEmpty())
        return;
    for (const LoadOption& option : options) {
        QList<Object> level = objects;
        for (const auto& [relationship, strategy] : option.path()) {
            if (strategy == Loading::Selectin || strategy == Loading::Subquery)
                loadSelectin(level, *relationship);
            else if (strategy == Loading::Immediate)
                loadImmediate(level, *relationship);
            if (strategy == Loading::Raise || strategy == Loading::NoLoad) {
                for (const Object& o : level)
                    relationship->slot(o.state().object()).setLoading(strategy);
                break; // nothing below is reached
            }
            // The next step starts from what this one reached (loading lazily where it must).
            QList<Object> next;
            QSet<const InstanceState*> seen;
            for (const Object& o : level) {
                for (const Object& r : relationship->slot(o.state().object()).related()) {
                    if (!seen.contains(&r.state())) {
                        seen.insert(&r.state());
                        next << r;
                    }
                }
            }
            level = next;
        }
    }
    loadMappedEager(objects, 0);
}

void Session::loadMappedEager(const QList<Object>& objects, int depth)
{
    // Relationships mapped as selectin, level by level; a few levels at most, so that a
    // self-referential one stops (SQLAlchemy's join_depth).
    constexpr int MaxDepth = 3;
    if (objects.isEmpty() || depth >= MaxDepth)
        return;
    QHash<const Mapper*, QList<Object>> byMapper;
    for (const Object& o : objects)
        byMapper[&o.mapper()] << o;
    for (auto it = byMapper.cbegin(); it != byMapper.cend(); ++it) {
        for (const auto& relationship : it.key()->relationships()) {
            const Loading loading = relationship->loading();
            if (loading == Loading::Selectin || loading == Loading::Subquery ||
                loading == Loading::Joined)
                loadSelectin(it.value(), *relationship); // mapped eager strategies load as selectin
            else if (loading == Loading::Immediate)
                loadImmediate(it.value(), *relationship);
            else
                continue;
            QList<Object> next;
            for (const Object& o : it.value())
                next << relationship->slot(o.state().object()).inMemory();
            loadMappedEager(next, depth + 1);
        }
    }
}

void Session::fillLoaded(const Object& parent, const Relationship& relationship,
                         const QList<Object>& children)
{
    RelationshipSlot& slot = relationship.slot(parent.state().object());
    if (auto* collection = dynamic_cast<CollectionSlot*>(&slot)) {
        collection->m_items = children;
        collection->clearHistory();
        collection->m_loaded = true;
    } else {
        static_cast<ReferenceSlot&>(slot).setDirect(children.value(0));
    }
    const Relationship* reverse = relationship.reverse();
    if (!reverse || reverse->direction() != RelationshipDirection::ManyToOne)
        return;
    // A child already pointing at this parent now does so weakly; unloaded ones stay unloaded
    // (SQLAlchemy does not fill the reverse side on load: the identity map answers it).
    for (const Object& child : children) {
        auto& back = static_cast<ReferenceSlot&>(reverse->slot(child.state().object()));
        if (back.m_loaded && back.target() == parent)
            back.setDirect(parent, true);
    }
}

void Session::loadImmediate(const QList<Object>& parents, const Relationship& relationship)
{
    for (const Object& parent : parents) {
        if (!relationship.slot(parent.state().object()).isLoaded())
            loadRelationship(parent.state(), relationship);
    }
}

void Session::loadSelectin(const QList<Object>& parents, const Relationship& relationship)
{
    constexpr qsizetype ChunkSize = 500; // keys per IN list
    // Parents whose relationship is not in memory yet, grouped by their side of the join.
    QHash<QString, QList<Object>> waiting;
    QVariantList keys;
    for (const Object& parent : parents) {
        const RelationshipSlot& slot = relationship.slot(parent.state().object());
        if (slot.isLoaded())
            continue;
        const QVariantList key = relatedKey(parent.state(), relationship);
        if (relationship.pairs().size() != 1 ||
            (relationship.direction() == RelationshipDirection::ManyToMany &&
             relationship.secondaryPairs().size() != 1)) {
            loadRelationship(parent.state(),
                             relationship); // composite keys, many-to-many: one by one
            continue;
        }
        if (key.isEmpty()) {
            // A NULL foreign key, or no key: loaded as empty/null with no SQL.
            RelationshipSlot& s = relationship.slot(parent.state().object());
            if (auto* collection = dynamic_cast<CollectionSlot*>(&s)) {
                collection->m_items.clear();
                collection->m_loaded = true;
            } else {
                static_cast<ReferenceSlot&>(s).setDirect(Object());
            }
            continue;
        }
        const QString group = key.front().toString();
        if (!waiting.contains(group))
            keys << key.front();
        waiting[group] << parent;
    }
    if (waiting.isEmpty())
        return;
    const Mapper& target = relationship.target();
    const Column* remote = relationship.pairs().front().second;
    const bool manyToOne = relationship.direction() == RelationshipDirection::ManyToOne;
    const bool manyToMany = relationship.direction() == RelationshipDirection::ManyToMany;
    QHash<QString, QList<Object>> found;
    std::vector<Expr> columns;
    for (int i = 0; i < target.propertyCount(); ++i)
        columns.emplace_back(*target.property(i).column);
    const int remoteProperty = target.indexOf(remote);
    for (qsizetype from = 0; from < keys.size(); from += ChunkSize) {
        // Targets of a many-to-one already in the identity map need no row.
        QVariantList chunk;
        for (const QVariant& k : keys.mid(from, ChunkSize)) {
            if (!manyToOne || !m_identity.find(IdentityKey{&target, normalizedKey(target, {k})}))
                chunk << k;
        }
        if (chunk.isEmpty())
            continue;
        // Many-to-many: the association table's column says which parent a row belongs to.
        Select select = manyToMany
                            ? orm::select(columns)
                                  .addColumns({Expr(*remote)})
                                  .where(Expr(*relationship.secondaryPairs().front().first) ==
                                             Expr(*relationship.secondaryPairs().front().second) &&
                                         Expr(*remote).in(chunk))
                            : orm::select(columns).where(Expr(*remote).in(chunk));
        if (!relationship.orderBy().empty())
            select = select.orderBy(relationship.orderBy());
        Result result = execute(select, {}, Origin::EagerLoad);
        while (result.next()) {
            const QVariantList row = result.row();
            const Object child =
                loadValues(target, manyToMany ? row.mid(0, target.propertyCount()) : row, false);
            const QString group = manyToMany
                                      ? row.last().toString()
                                      : child.state().currentValue(remoteProperty).toString();
            found[group] << child; // keys are distinct, so a row belongs to its group once
        }
    }
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it) {
        for (const Object& parent : it.value()) {
            RelationshipSlot& slot = relationship.slot(parent.state().object());
            if (!manyToOne) {
                fillLoaded(parent, relationship, found.value(it.key()));
            } else {
                const QList<Object> match = found.value(it.key());
                static_cast<ReferenceSlot&>(slot).setDirect(
                    !match.isEmpty() ? match.front() : peekRelated(parent.state(), relationship));
            }
        }
    }
}

Object Session::loadRow(const Mapper& mapper, const Result& result, bool populateExisting)
{
    return loadValues(mapper, result.row(), populateExisting);
}

Object Session::loadValues(const Mapper& mapper, const QVariantList& row, bool populateExisting)
{
    QVariantList key;
    for (int i : mapper.primaryKey())
        key << row[i];
    // One probe of the identity map: the slot is filled right here when the row is new.
    std::weak_ptr<InstanceState>& slot = m_identity.slot(IdentityKey{&mapper, key});
    if (auto existing = slot.lock()) {
        // The same row is the same object. Loaded values never overwrite what the user changed
        // and has not flushed, unless asked to (populateExisting); expired attributes are filled.
        const bool all = populateExisting;
        if (all || existing->hasExpired()) {
            if (existing->m_committed.size() != row.size())
                existing->m_committed = row;
            for (int i = 0; i < mapper.propertyCount(); ++i) {
                if (all || existing->isExpired(i)) {
                    mapper.set(existing->object(), i, row[i]);
                    existing->m_committed[i] = row[i];
                }
            }
            existing->clearExpired();
        }
        return Object(std::move(existing));
    }
    std::shared_ptr<InstanceState> state = mapper.create();
    for (int i = 0; i < mapper.propertyCount(); ++i)
        mapper.set(state->object(), i, row[i]);
    state->m_committed = row;
    state->m_identity = std::move(key);
    state->m_session = this;
    slot = state;
    return Object(std::move(state));
}

} // namespace orm
