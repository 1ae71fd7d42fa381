#include "orm/session/unitofwork.h"

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/errors.h"
#include "orm/session/relationshipslot.h"
#include "orm/session/session.h"
#include "orm/sql/dialect.h"
#include "orm/sql/dml.h"

#include <QSet>
#include <algorithm>

namespace orm {

namespace {

// Parameter limits: SQLite allows 32766 bound values per statement, PostgreSQL 65535.
constexpr int MaxParameters = 30000;

const Table& tableOf(const InstanceState& state)
{
    return state.mapper().table();
}

// Tables of the flush in foreign-key dependency order (parents first).
std::vector<const Table*> orderedTables(const QSet<const Table*>& involved)
{
    std::vector<const Table*> out;
    QSet<const MetaData*> metadatas;
    for (const Table* t : involved)
        metadatas.insert(t->metadata());
    for (const MetaData* md : metadatas) {
        for (const Table* t : md->sortedTables()) {
            if (involved.contains(t))
                out.push_back(t);
        }
    }
    return out;
}

QVariantList currentValues(const InstanceState& state)
{
    QVariantList values;
    values.reserve(state.mapper().propertyCount());
    for (int i = 0; i < state.mapper().propertyCount(); ++i)
        values << state.currentValue(i);
    return values;
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
    cascadeDeletes();
    collectOrphans();
    linkChildren();
    collectLinks();
    for (const auto& [order, state] : m_session.m_new)
        m_inserts.push_back(state);
    for (const auto& [order, state] : m_session.m_deleted)
        m_deletes.push_back(state);
    // Persistent objects that may need an UPDATE: those used for writing, and children whose
    // parent changed. Their foreign keys are brought in line with their related objects first.
    QSet<const InstanceState*> seen;
    const auto consider = [&](const std::shared_ptr<InstanceState>& state) {
        if (state->m_markedDeleted || state->m_deletedFlushed || !state->hasIdentity() ||
            state->m_session != &m_session || seen.contains(state.get()))
            return;
        seen.insert(state.get());
        m_candidates.push_back(state);
    };
    m_candidates.reserve(m_session.m_touched.size());
    for (const auto& state : m_session.m_touched)
        consider(state);
    for (const auto& child : m_children)
        consider(child);
    for (const auto& state : m_inserts)
        syncForeignKeys(*state);
    for (const auto& state : m_candidates) {
        syncForeignKeys(*state);
        m_anyChanged = m_anyChanged || !state->changedProperties().empty();
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

void UnitOfWork::writeLinks(Connection& conn)
{
    // Association rows after every row they refer to exists, DELETEs before INSERTs.
    const Dialect& dialect = conn.dialect();
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
            m_current.clear();
            const qint64 matched = conn.execDml(sql, values, m_origin).rowsAffected;
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
            if (relationship->direction() == RelationshipDirection::ManyToMany) {
                // Its association rows go with it (loaded first when needed).
                auto& collection =
                    static_cast<CollectionSlot&>(relationship->slot(parent->object()));
                for (const Object& other : collection.objects())
                    addLink(*relationship, parent, other, false);
                continue;
            }
            const bool cascade = relationship->cascade().remove;
            if (relationship->direction() != RelationshipDirection::OneToMany && !cascade)
                continue;
            // (Loaded first when needed: every child must be let go or deleted.)
            for (const Object& child : relationship->slot(parent->object()).related()) {
                InstanceState& c = child.state();
                if (c.m_markedDeleted || c.m_deletedFlushed)
                    continue;
                if (cascade) {
                    m_session.remove(child);
                    if (c.m_markedDeleted)
                        work.push_back(child.shared());
                } else if (c.hasIdentity()) {
                    // (Its reference still names the parent, as in SQLAlchemy; syncForeignKeys()
                    // reads a deleted parent as none. A failed flush puts the key back. An
                    // expired child is loaded first, else the UPDATE would never see the NULL.)
                    c.prepareRead();
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
                    m_session.remove(child);
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

void UnitOfWork::syncForeignKeys(InstanceState& state)
{
    const Mapper& mapper = state.mapper();
    // An expired foreign key is loaded before it is set (else the UPDATE would never see the
    // change), and a persistent object's values are remembered before the first change, so
    // that a failed flush puts them back.
    const auto assign = [this, &state, &mapper](int property, const QVariant& value) {
        if (state.isExpired(property))
            state.prepareRead();
        if (mapper.property(property).accessor->holds(state.object(), value))
            return;
        if (state.hasIdentity())
            saveForUndo(state);
        mapper.set(state.object(), property, value);
    };
    for (const auto& relationship : mapper.relationships()) {
        if (relationship->direction() != RelationshipDirection::ManyToOne)
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
            assign(mapper.indexOf(local), v);
        }
    }
    const auto links = m_parents.find(&state);
    if (links == m_parents.end())
        return;
    const std::vector<ParentLink>& parents = *links;
    const bool attached =
        std::any_of(parents.begin(), parents.end(), [](const ParentLink& l) { return l.attached; });
    for (const ParentLink& link : parents) {
        for (const auto& [local, remote] : link.relationship->pairs()) {
            const QVariant parentKey = keyValue(*link.parent, local);
            const int property = mapper.indexOf(remote);
            if (state.isExpired(property))
                state.prepareRead();
            if (link.attached && parentKey.isValid())
                assign(property, parentKey);
            else if (!link.attached && !attached && state.currentValue(property) == parentKey)
                assign(property, QVariant()); // let go, not moved elsewhere
        }
    }
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
        execute(conn);
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
        for (const InstanceState* state : m_current)
            objects << state->describe();
        if (!objects.isEmpty())
            error.addNote(
                QStringLiteral("[%1: %2]")
                    .arg(objects.size() == 1 ? QStringLiteral("object") : QStringLiteral("objects"),
                         objects.join(QStringLiteral(", "))));
        throw;
    }
    finish();
    emit m_session.flushed();
}

void UnitOfWork::execute(Connection& conn)
{
    QSet<const Table*> involved;
    for (const auto& s : m_inserts)
        involved.insert(&tableOf(*s));
    for (const auto& c : m_candidates)
        involved.insert(&tableOf(*c));
    for (const auto& s : m_deletes)
        involved.insert(&tableOf(*s));
    const std::vector<const Table*> tables = orderedTables(involved);
    for (const auto& s : m_inserts)
        prepareInsert(*s);
    for (const Table* table : tables) {
        // SQLAlchemy's order within a table: UPDATEs, then INSERTs (a DELETE whose key a new
        // object reuses goes first).
        deleteRows(conn, *table, true);
        updateRows(conn, *table);
        insertRows(conn, *table);
    }
    writeLinks(conn);
    for (auto it = tables.rbegin(); it != tables.rend(); ++it)
        deleteRows(conn, **it, false);
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

void UnitOfWork::insertRows(Connection& conn, const Table& table)
{
    std::vector<std::shared_ptr<InstanceState>> batch;
    std::vector<int> batchProperties;
    const auto send = [&] {
        if (!batch.empty())
            insertBatch(conn, batch, batchProperties);
        batch.clear();
    };
    // A table referring to itself (a tree) is inserted root-first: a row whose parent is new
    // in this flush goes in a later statement, once the parent's key is known.
    std::vector<std::pair<int, std::shared_ptr<InstanceState>>> rows;
    QHash<const InstanceState*, int> depths;
    for (const auto& state : m_inserts) {
        if (&tableOf(*state) == &table)
            rows.emplace_back(insertDepth(*state, depths), state);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    int batchDepth = 0;
    for (const auto& [depth, state] : rows) {
        if (depth != batchDepth)
            send();
        batchDepth = depth;
        syncForeignKeys(*state);
        std::vector<int> properties = insertProperties(*state);
        const int maxRows =
            std::max(1, std::min(m_session.m_options.insertBatchSize,
                                 MaxParameters / std::max<int>(1, int(properties.size()))));
        if (properties != batchProperties || int(batch.size()) >= maxRows)
            send();
        batchProperties = std::move(properties);
        batch.push_back(state);
    }
    send();
}

void UnitOfWork::insertBatch(Connection& conn,
                             const std::vector<std::shared_ptr<InstanceState>>& batch,
                             const std::vector<int>& properties)
{
    const InstanceState& first = *batch.front();
    const Mapper& mapper = first.mapper();
    const Table& table = mapper.table();
    const Dialect& dialect = conn.dialect();
    const int keyProperty = mapper.hasGeneratedKey() ? mapper.primaryKey().front() : -1;
    const bool needKeys = keyProperty >= 0 && std::find(properties.begin(), properties.end(),
                                                        keyProperty) == properties.end();
    // One row on SQLite reads the rowid directly; otherwise the keys come back with RETURNING.
    const bool returning = needKeys && !(batch.size() == 1 && dialect.name() == u"sqlite");

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
    if (returning) {
        Result result = conn.exec(sql, values, m_origin);
        while (result.next())
            keys.push_back(result.value(0).toLongLong());
        // Generated keys increase in VALUES order within one statement.
        std::sort(keys.begin(), keys.end());
    } else {
        const DmlResult done = conn.execDml(sql, values, m_origin, needKeys);
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

void UnitOfWork::updateRows(Connection& conn, const Table& table)
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
        const Dialect& dialect = conn.dialect();
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
            values << dialect.toDatabase(state.identity()[qsizetype(k)],
                                         mapper.property(pk[k]).column->type());
        if (version >= 0) {
            values << state.committedValue(version);
            m_versions.emplace_back(update.state, newVersion);
        }
        m_current = {&state};
        const qint64 matched = conn.execDml(sql, values, m_origin).rowsAffected;
        if (matched != 1)
            throwStale("UPDATE", "update", table, 1, matched);
    }
}

int UnitOfWork::insertDepth(const InstanceState& state, QHash<const InstanceState*, int>& depths)
{
    // How many new ancestors of the same table the object has (0 for a root).
    if (const auto it = depths.constFind(&state); it != depths.constEnd())
        return it.value();
    depths.insert(&state, 0); // a cycle stops here
    int depth = 0;
    const auto consider = [&](const InstanceState& parent) {
        if (&parent != &state && parent.m_pending && &tableOf(parent) == &tableOf(state))
            depth = std::max(depth, insertDepth(parent, depths) + 1);
    };
    for (const auto& relationship : state.mapper().relationships()) {
        if (relationship->direction() != RelationshipDirection::ManyToOne)
            continue;
        const auto& reference =
            static_cast<const ReferenceSlot&>(relationship->slot(state.object()));
        if (const Object held = reference.target(); reference.m_loaded && held)
            consider(held.state());
    }
    if (const auto links = m_parents.constFind(&state); links != m_parents.constEnd()) {
        for (const ParentLink& link : *links) {
            if (link.attached)
                consider(*link.parent);
        }
    }
    depths.insert(&state, depth);
    return depth;
}

int UnitOfWork::deleteDepth(const InstanceState& state, QHash<const InstanceState*, int>& depths)
{
    // How many ancestors of the same table are deleted with the object: the deepest go first.
    if (const auto it = depths.constFind(&state); it != depths.constEnd())
        return it.value();
    depths.insert(&state, 0);
    int depth = 0;
    for (const auto& relationship : state.mapper().relationships()) {
        if (relationship->direction() != RelationshipDirection::ManyToOne ||
            &relationship->target() != &state.mapper())
            continue;
        QVariantList key;
        for (const auto& [local, remote] : relationship->pairs())
            key << state.committedValue(state.mapper().indexOf(local));
        for (const auto& other : m_deletes) {
            if (other.get() != &state && other->identity() == normalizedKey(other->mapper(), key))
                depth = std::max(depth, deleteDepth(*other, depths) + 1);
        }
    }
    depths.insert(&state, depth);
    return depth;
}

void UnitOfWork::deleteRows(Connection& conn, const Table& table, bool onlyReplaced)
{
    const auto isReplaced = [this](const std::shared_ptr<InstanceState>& s) {
        return std::find(m_replaced.begin(), m_replaced.end(), s) != m_replaced.end();
    };
    // Leaves of a tree first.
    std::vector<std::pair<int, std::shared_ptr<InstanceState>>> rows;
    QHash<const InstanceState*, int> depths;
    for (const auto& state : m_deletes) {
        if (&tableOf(*state) == &table)
            rows.emplace_back(deleteDepth(*state, depths), state);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [depth, state] : rows) {
        if (&tableOf(*state) != &table || isReplaced(state) != onlyReplaced)
            continue;
        const Mapper& mapper = state->mapper();
        const Dialect& dialect = conn.dialect();
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
            values << dialect.toDatabase(state->identity()[qsizetype(k)],
                                         mapper.property(pk[k]).column->type());
        if (version >= 0)
            values << state->committedValue(version);
        m_current = {state.get()};
        const qint64 matched = conn.execDml(sql, values, m_origin).rowsAffected;
        if (matched != 1)
            throwStale("DELETE", "delete", table, 1, matched);
    }
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
