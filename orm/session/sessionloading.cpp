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

QVariantList Session::referencedKey(const InstanceState& owner,
                                    const Relationship& relationship) const
{
    // A many-to-one's foreign key as the target's identity: in the order of its primary key and
    // in its columns' Qt types, so that it finds the object in the identity map. A foreign key
    // to other columns than the primary key is taken as it is.
    const Mapper& target = relationship.target();
    const auto& pairs = relationship.pairs();
    QVariantList key;
    key.reserve(qsizetype(pairs.size()));
    for (int pk : target.primaryKey()) {
        const Column* column = target.property(pk).column;
        const auto pair = std::find_if(pairs.begin(), pairs.end(),
                                       [column](const auto& p) { return p.second == column; });
        if (pair == pairs.end())
            return relatedKey(owner, relationship);
        QVariant v = owner.currentValue(owner.mapper().indexOf(pair->first));
        if (!v.isValid() || v.isNull())
            return {};
        if (const QMetaType type = column->type().metaType();
            type.isValid() && v.metaType() != type)
            v.convert(type);
        key << v;
    }
    return key;
}

namespace {

enum class ReferenceShape { Other, Null, Integer };

// Whether a many-to-one's foreign key is one integer column referring to the target's one
// integer key column, and then its value (`id`) or NULL.
ReferenceShape integerReference(const InstanceState& owner, const Relationship& relationship,
                                qint64& id)
{
    const auto& pairs = relationship.pairs();
    const Mapper& target = relationship.target();
    if (pairs.size() != 1 || target.primaryKey().size() != 1)
        return ReferenceShape::Other;
    const Column* referenced = target.property(target.primaryKey().front()).column;
    const TypeKind kind = referenced->type().kind();
    if (pairs.front().second != referenced ||
        (kind != TypeKind::Integer && kind != TypeKind::BigInteger))
        return ReferenceShape::Other;
    const QVariant value = owner.currentValue(owner.mapper().indexOf(pairs.front().first));
    if (value.isNull())
        return ReferenceShape::Null;
    bool ok = false;
    id = value.toLongLong(&ok);
    return ok ? ReferenceShape::Integer : ReferenceShape::Other;
}

} // namespace

std::shared_ptr<InstanceState> Session::knownReferenced(const InstanceState& owner,
                                                        const Relationship& relationship,
                                                        QVariantList& key) const
{
    qint64 id = 0;
    switch (integerReference(owner, relationship, id)) {
    case ReferenceShape::Null:
        key.clear();
        return nullptr;
    case ReferenceShape::Integer:
        if (auto known = m_identity.find(&relationship.target(), id))
            return known;
        key = {QVariant(id)};
        return nullptr;
    case ReferenceShape::Other:
        break;
    }
    key = referencedKey(owner, relationship);
    return key.isEmpty() ? nullptr : m_identity.find(IdentityKey{&relationship.target(), key});
}

Object Session::peekRelated(const InstanceState& owner, const Relationship& relationship)
{
    if (relationship.direction() != RelationshipDirection::ManyToOne)
        return {};
    QVariantList key;
    return Object(knownReferenced(owner, relationship, key));
}

void Session::loadRelationship(InstanceState& owner, const Relationship& relationship)
{
    RelationshipSlot& slot = relationship.slot(owner.object());
    const Mapper& target = relationship.target();
    if (relationship.direction() == RelationshipDirection::ManyToOne) {
        // The referenced columns are the target's primary key: the identity map answers when
        // the target is loaded, else get() selects it.
        QVariantList key;
        const auto known = knownReferenced(owner, relationship, key);
        Object found;
        if (known && !known->m_markedDeleted && !known->m_deletedFlushed) {
            found = Object(known);
        } else {
            if (known) // deleted in this Session: get() tells what that means
                key = referencedKey(owner, relationship);
            if (!key.isEmpty())
                found = get(target, key);
        }
        // Weakly when the target's loaded collection already holds this object.
        bool mirrored = false;
        if (const Relationship* reverse = relationship.reverse();
            found && reverse && reverse->uselist()) {
            const auto& back = static_cast<CollectionSlot&>(reverse->slot(found.state().object()));
            mirrored = back.m_loaded && back.m_items.contains(Object(owner.shared_from_this()));
        }
        static_cast<ReferenceSlot&>(slot).setDirect(found, mirrored);
        return;
    }
    const QVariantList key = relatedKey(owner, relationship);
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

void Session::eagerLoad(const QList<Object>& objects, const Mapper& mapper,
                        const std::vector<detail::LoadNode>& options, const detail::LoadPath& path,
                        const Select* query)
{
    if (objects.isEmpty())
        return;
    for (const detail::LoadNode& step : detail::loadPlan(mapper, options, path)) {
        const Relationship& relationship = *step.relationship;
        switch (step.strategy) {
        case Loading::Raise:
        case Loading::NoLoad:
            for (const Object& o : objects)
                relationship.slot(o.state().object()).setLoading(step.strategy);
            continue; // nothing below is reached
        case Loading::Lazy:
        case Loading::Dynamic:
            if (step.children.empty())
                continue;
            break; // the later steps of the path need the objects: loaded lazily
        case Loading::Immediate:
            loadImmediate(objects, relationship);
            break;
        case Loading::Subquery: {
            // Re-running the query works from the queried class; deeper, it loads as selectin.
            const bool fromQuery = query && path.empty() &&
                                   relationship.direction() == RelationshipDirection::OneToMany;
            loadSelectin(objects, relationship, step.children, path, fromQuery ? query : nullptr);
            break;
        }
        case Loading::Selectin:
        case Loading::Joined:
            // (Joined: what the statement's joins filled is loaded; anything else, such as the
            // objects of a containsEager chain, is loaded here.)
            loadSelectin(objects, relationship, step.children, path);
            break;
        }
        detail::LoadPath next = path;
        next.push_back(&relationship);
        if (detail::loadPlan(relationship.target(), step.children, next).empty())
            continue; // nothing to load below: no need to gather what this step reached
        // The next level starts from what this step reached.
        QList<Object> reached;
        QSet<const InstanceState*> seen;
        for (const Object& o : objects) {
            const RelationshipSlot& slot = relationship.slot(o.state().object());
            const QList<Object> related =
                step.strategy == Loading::Lazy ? slot.related() : slot.inMemory();
            for (const Object& r : related) {
                if (!seen.contains(&r.state())) {
                    seen.insert(&r.state());
                    reached << r;
                }
            }
        }
        eagerLoad(reached, relationship.target(), step.children, next);
    }
}

void Session::fillLoaded(const Object& parent, const Relationship& relationship,
                         const QList<Object>& children)
{
    RelationshipSlot& slot = relationship.slot(parent.state().object());
    if (relationship.uselist()) {
        auto* collection = static_cast<CollectionSlot*>(&slot);
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

namespace {

// A parent's key as a hash key. Integers of any width are made qlonglong first, so a parent's
// int member finds the row's qlonglong column, as QVariant's == would match them. A key of one
// integer, the usual case, is kept as a number: no list to allocate, hash or compare.
struct GroupKey {
    qint64 integer = 0;
    QVariantList values; // empty for a one-integer key

    explicit GroupKey(const QVariant& key)
    {
        if (isInteger(key))
            integer = key.toLongLong();
        else
            values = {key};
    }
    explicit GroupKey(const QVariantList& key)
    {
        if (key.size() == 1) {
            *this = GroupKey(key.front());
            return;
        }
        values.reserve(key.size());
        for (const QVariant& v : key)
            values << (isInteger(v) ? QVariant(v.toLongLong()) : v);
    }
    static bool isInteger(const QVariant& v)
    {
        switch (v.typeId()) {
        case QMetaType::LongLong:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::Short:
        case QMetaType::UShort:
            return true;
        default:
            return false;
        }
    }
    friend bool operator==(const GroupKey& a, const GroupKey& b)
    {
        return a.integer == b.integer && a.values == b.values;
    }
};

size_t qHash(const GroupKey& key, size_t seed = 0)
{
    return key.values.isEmpty() ? ::qHash(key.integer, seed)
                                : qHash(IdentityKey{nullptr, key.values}, seed);
}

// The key of the parent a related row belongs to: the row's columns at `at` (those of the
// target's own `values` read from them, the others from the row).
GroupKey parentKeyOf(const Result& row, const QVariantList& values, const std::vector<int>& at)
{
    if (at.size() == 1)
        return GroupKey(at.front() < values.size() ? values[at.front()] : row.value(at.front()));
    QVariantList key;
    key.reserve(qsizetype(at.size()));
    for (int k : at)
        key << (k < values.size() ? values[k] : row.value(k));
    return GroupKey(key);
}

// The statement loading a relationship's targets for many parents. Its rows: the target's
// columns, the columns naming the parent (among the target's for a one-to-many or a
// many-to-one), then the columns of the joined steps below.
struct RelatedStatement {
    Select select;
    std::vector<Expr> keyColumns; // what the IN list compares
    std::vector<int> keyAt;       // where the parent's key is in a row
    detail::JoinBuilder joins;
};

RelatedStatement relatedStatement(const Relationship& relationship,
                                  const std::vector<detail::LoadNode>& options,
                                  const detail::LoadPath& path, const Select* query)
{
    RelatedStatement out;
    const Mapper& target = relationship.target();
    std::vector<Expr> columns;
    for (int i = 0; i < target.propertyCount(); ++i)
        columns.emplace_back(*target.property(i).column);
    std::vector<Expr> order;
    if (query) {
        // SELECT orders..., anon_1.id FROM (the query) AS anon_1 JOIN orders ON anon_1.id =
        // orders.user_id ORDER BY anon_1.id, as the seed shows.
        const From original = query->subquery();
        Expr on;
        for (const auto& [local, remote] : relationship.pairs()) {
            out.keyAt.push_back(int(columns.size()));
            columns.push_back(original.c(local->name()));
            on = on && (original.c(local->name()) == Expr(*remote));
            order.push_back(original.c(local->name()));
        }
        out.select = orm::select(columns).selectFrom(original.join(target.table(), on));
    } else if (const Table* secondary = relationship.secondary()) {
        // Many-to-many: the association table's columns say which parent a row belongs to.
        Expr on;
        for (const auto& [targetColumn, secondaryColumn] : relationship.secondaryPairs())
            on = on && (Expr(*targetColumn) == Expr(*secondaryColumn));
        for (const auto& [local, secondaryColumn] : relationship.pairs()) {
            out.keyAt.push_back(int(columns.size()));
            out.keyColumns.emplace_back(*secondaryColumn);
            columns.emplace_back(*secondaryColumn);
        }
        out.select = orm::select(columns).selectFrom(From(target.table()).join(*secondary, on));
    } else {
        for (const auto& [local, remote] : relationship.pairs()) {
            out.keyAt.push_back(target.indexOf(remote));
            out.keyColumns.emplace_back(*remote);
        }
        out.select = orm::select(columns);
    }
    detail::LoadPath next = path;
    next.push_back(&relationship);
    out.joins.offset = int(columns.size());
    out.select = out.joins.add(out.select, From(target.table()), target, options, next, false);
    if (!out.joins.columns.empty())
        out.select = out.select.addColumns(out.joins.columns);
    if (relationship.direction() != RelationshipDirection::ManyToOne)
        order.insert(order.end(), relationship.orderBy().begin(), relationship.orderBy().end());
    order.insert(order.end(), out.joins.orderBy.begin(), out.joins.orderBy.end());
    if (!order.empty())
        out.select = out.select.orderBy(order);
    return out;
}

// key IN (?, ...) for one column; (a, b) IN ((?, ?), ...) for several.
Expr keysIn(const std::vector<Expr>& keyColumns, const QList<QVariantList>& keys)
{
    if (keyColumns.size() > 1)
        return detail::tupleIn(keyColumns, keys);
    QVariantList values;
    for (const QVariantList& key : keys)
        values << key.front();
    return keyColumns.front().in(values);
}

} // namespace

void Session::loadSelectin(const QList<Object>& parents, const Relationship& relationship,
                           const std::vector<detail::LoadNode>& options,
                           const detail::LoadPath& path, const Select* query)
{
    constexpr qsizetype ChunkSize = 500; // parents per IN list
    const bool manyToOne = relationship.direction() == RelationshipDirection::ManyToOne;
    // Parents whose relationship is not in memory yet, grouped by their side of the join.
    QHash<GroupKey, QList<Object>> waiting;
    QList<QVariantList> keys;
    for (const Object& parent : parents) {
        RelationshipSlot& slot = relationship.slot(parent.state().object());
        if (slot.isLoaded())
            continue;
        const QVariantList key = relatedKey(parent.state(), relationship);
        if (key.isEmpty()) {
            // A NULL foreign key, or no key: empty (or null) with no SQL.
            fillLoaded(parent, relationship, {});
            continue;
        }
        // Targets of a many-to-one already in the identity map need no row.
        if (const Object known = manyToOne ? peekRelated(parent.state(), relationship) : Object()) {
            static_cast<ReferenceSlot&>(slot).setDirect(known);
            continue;
        }
        QList<Object>& group = waiting[GroupKey(key)];
        if (group.isEmpty())
            keys << key;
        group << parent;
    }
    if (waiting.isEmpty())
        return;

    const RelatedStatement statement = relatedStatement(relationship, options, path, query);
    const Mapper& target = relationship.target();
    const int n = target.propertyCount();
    const detail::JoinBuilder& joins = statement.joins;
    // The children found per parent key; with joined steps below, a child repeats on several
    // rows, so those are told apart by `placed`.
    struct Children {
        QList<Object> objects;
        QSet<const InstanceState*> placed;
    };
    QHash<GroupKey, Children> found;
    found.reserve(waiting.size());
    const bool repeats = !joins.joins.empty();
    detail::JoinedFill fill;
    auto readRows = [&](Result result) {
        while (result.next()) {
            const QVariantList values = result.values(0, n);
            const Object child = loadValues(target, values, false);
            Children& children = found[parentKeyOf(result, values, statement.keyAt)];
            if (!repeats || !children.placed.contains(&child.state())) {
                if (repeats)
                    children.placed.insert(&child.state());
                children.objects << child;
            }
            if (repeats)
                fillJoined(child, joins.joins, result, fill);
        }
    };
    if (query) {
        readRows(execute(statement.select, {}, Origin::EagerLoad));
    } else {
        for (qsizetype from = 0; from < keys.size(); from += ChunkSize) {
            const Expr in = keysIn(statement.keyColumns, keys.mid(from, ChunkSize));
            readRows(execute(statement.select.where(in), {}, Origin::EagerLoad));
        }
    }
    finishJoined(fill);
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it) {
        for (const Object& parent : it.value()) {
            if (!manyToOne)
                fillLoaded(parent, relationship, found.value(it.key()).objects);
            else
                static_cast<ReferenceSlot&>(relationship.slot(parent.state().object()))
                    .setDirect(found.value(it.key()).objects.value(0));
        }
    }
}

namespace {

// Whether the joined load `join` of `parent` is filled by this statement (on the pair's first
// row: when its relationship was not loaded before, or with populateExisting).
bool fillsJoin(detail::JoinedFill& fill, const detail::JoinedLoad& join,
               const InstanceState& parent, bool& firstRow)
{
    const std::pair<const void*, const void*> key(&join, &parent);
    firstRow = false;
    if (fill.lastSeen == key)
        return fill.lastFilling;
    auto it = fill.seen.find(key);
    if (it == fill.seen.end()) {
        firstRow = true;
        const bool filling =
            !join.relationship->slot(parent.object()).isLoaded() || fill.populateExisting;
        it = fill.seen.insert(key, filling);
    }
    fill.lastSeen = key;
    fill.lastFilling = it.value();
    return it.value();
}

} // namespace

void Session::fillJoined(const Object& parent, const std::vector<detail::JoinedLoad>& joins,
                         const Result& row, detail::JoinedFill& fill)
{
    for (const detail::JoinedLoad& join : joins) {
        const Relationship& relationship = *join.relationship;
        RelationshipSlot& slot = relationship.slot(parent.state().object());
        bool firstRow = false;
        const bool filling = fillsJoin(fill, join, parent.state(), firstRow);
        if (firstRow && filling) {
            fillLoaded(parent, relationship, {});
            // Room for as many children as the collection of the same relationship filled just
            // before (rows come grouped by parent): most collections then never regrow.
            if (relationship.uselist() && !fill.filled.isEmpty() &&
                fill.filled.back().second == &relationship) {
                const Object& previous = fill.filled.back().first;
                static_cast<CollectionSlot&>(slot).m_items.reserve(
                    static_cast<CollectionSlot&>(relationship.slot(previous.state().object()))
                        .m_items.size());
            }
            fill.filled << std::make_pair(parent, &relationship);
        }
        const Mapper& target = relationship.target();
        const QVariantList values = row.values(join.offset, target.propertyCount());
        bool present = false; // (a NULL read is an invalid QVariant)
        for (int k : target.primaryKey())
            present = present || values[k].isValid();
        if (!present)
            continue; // the outer join found no related row
        bool created = false;
        Object child = loadValues(target, values, fill.populateExisting, &created);
        if (filling) {
            if (relationship.uselist()) {
                auto& collection = static_cast<CollectionSlot&>(slot);
                if (!created && !fill.indexed.contains(&collection)) {
                    fill.indexed.insert(&collection);
                    for (const Object& member : std::as_const(collection.m_items))
                        fill.members.insert({&collection, &member.state()});
                }
                fill.mayPointBack = fill.mayPointBack || !created;
                bool add = true;
                if (fill.indexed.contains(&collection)) {
                    const std::pair<const void*, const void*> member(&collection, &child.state());
                    add = !fill.members.contains(member);
                    if (add)
                        fill.members.insert(member);
                }
                if (add && join.children.empty()) {
                    collection.m_items << std::move(child); // nothing below reads it
                    continue;
                }
                if (add)
                    collection.m_items << child; // copied: the joins below start from it
            } else {
                static_cast<ReferenceSlot&>(slot).setDirect(child);
                fill.mayPointBack = true;
            }
        }
        fillJoined(child, join.children, row, fill);
    }
}

void Session::finishJoined(detail::JoinedFill& fill)
{
    // Children point back at their parent weakly, as after any load. When they are all new
    // there is nothing to do (their references are not loaded), and a pass over them would
    // only bring each back into the cache. A parent is filled before its children (its first
    // row comes first): taken backwards, the references back to it that the same statement set
    // are made weak after they are set.
    if (fill.mayPointBack) {
        for (auto it = fill.filled.crbegin(); it != fill.filled.crend(); ++it) {
            const auto& [parent, relationship] = *it;
            const QList<Object> children = relationship->slot(parent.state().object()).inMemory();
            fillLoaded(parent, *relationship, children);
        }
    }
    fill.filled.clear();
}

QueryBase Session::dynamicQuery(const InstanceState& owner, const Relationship& relationship)
{
    // SELECT ... FROM addresses WHERE ? = addresses.user_id ORDER BY ..., the lazy load's
    // criterion; many-to-many: FROM items, order_items WHERE ? = order_items.order_id AND
    // items.id = order_items.item_id.
    const QVariantList key = relatedKey(owner, relationship);
    Expr where;
    if (key.isEmpty())
        where = Expr(*relationship.pairs().front().second).in(QVariantList()); // no key: no rows
    for (qsizetype i = 0; i < key.size(); ++i) {
        const Column* remote = relationship.pairs()[size_t(i)].second;
        where = where && (literal(key[i], remote->type()) == Expr(*remote));
    }
    for (const auto& [targetColumn, secondaryColumn] : relationship.secondaryPairs())
        where = where && (Expr(*targetColumn) == Expr(*secondaryColumn));
    QueryBase query = QueryBase(*this, relationship.target()).filter(where);
    if (!relationship.orderBy().empty())
        query = query.orderBy(relationship.orderBy());
    return query;
}

Object Session::loadRow(const Mapper& mapper, const Result& result, bool populateExisting)
{
    return loadValues(mapper, result.row(), populateExisting);
}

Object Session::loadValues(const Mapper& mapper, const QVariantList& row, bool populateExisting,
                           bool* created)
{
    // One probe of the identity map: the slot is filled right here when the row is new. A key
    // of one integer needs no key list.
    const std::vector<int>& primaryKey = mapper.primaryKey();
    const QVariant* keyValue = primaryKey.size() == 1 ? &row[primaryKey.front()] : nullptr;
    const bool integerKey = keyValue && keyValue->metaType() == QMetaType::fromType<qlonglong>();
    const qint64 id = integerKey ? keyValue->value<qlonglong>() : 0;
    QVariantList key;
    if (!integerKey) {
        for (int i : primaryKey)
            key << row[i];
    }
    std::weak_ptr<InstanceState>& slot =
        integerKey ? m_identity.slot(&mapper, id) : m_identity.slot(IdentityKey{&mapper, key});
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
    if (integerKey)
        state->setIdentity(id);
    else
        state->setIdentity(key);
    state->m_session = this;
    slot = state;
    if (created)
        *created = true;
    return Object(std::move(state));
}

} // namespace orm
