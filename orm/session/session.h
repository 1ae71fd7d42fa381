#pragma once
// Session is the ORM's unit of work and identity map over one Engine, as in SQLAlchemy 2.0:
// it begins a transaction on first use (autobegin), flushes pending changes before queries
// (autoflush), and expires what it loaded when it commits (expireOnCommit). Unlike SQLAlchemy,
// a failed flush leaves the transaction and every object exactly as before the flush, so the
// user can fix the object and try again.
//
//     orm::Session session(engine);
//     auto ed = orm::make<User>({.name = "ed"});
//     session.add(ed);
//     auto same = session.query<User>().filterBy(&User::name, "ed").first(); // autoflush; same ==
//     ed session.commit();
//
// A Session belongs to the thread that uses it; it is not safe to share between threads.

#include "orm/engine/connection.h"
#include "orm/query/loading.h"
#include "orm/query/query.h"
#include "orm/session/identitymap.h"
#include "orm/session/object.h"
#include "orm/session/unitofwork.h"

#include <QObject>
#include <QStringList>
#include <map>
#include <optional>
#include <vector>

namespace orm {

class Engine;
class NestedTransaction;

struct SessionOptions {
    bool autoflush = true;      // flush before queries and loads
    bool expireOnCommit = true; // reload attributes after commit, on next access
    // Rows per multi-row INSERT. 1 sends one INSERT per object, as SQLAlchemy 1.x does.
    int insertBatchSize = 100;
    // false: SELECTs run outside a transaction until something writes (a flush, a statement
    // that is not a SELECT), so a Session that only reads holds no transaction and no locks:
    // what a browser left open on a SQLite file needs. Reads then see other connections'
    // commits between statements.
    bool transactionalReads = true;
};

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(Engine& engine, const SessionOptions& options = {}, QObject* parent = nullptr);
    ~Session() override;

    Engine& engine() const { return *m_engine; }
    const SessionOptions& options() const { return m_options; }
    void setAutoflush(bool on) { m_options.autoflush = on; }
    void setExpireOnCommit(bool on) { m_options.expireOnCommit = on; }

    // ---- objects --------------------------------------------------------------------------
    // Transient -> pending; a detached object becomes persistent again. InvalidRequestError
    // when it belongs to another Session or another object of its identity is already here.
    void add(const Object& object);
    void addAll(const QList<Object>& objects);
    // Marks a persistent object for DELETE at the next flush (SQLAlchemy's session.delete);
    // a pending one is simply expunged. InvalidRequestError for a transient object.
    void remove(const Object& object);
    // Takes back remove() of an object whose DELETE has not been flushed: it stays persistent
    // (the UI's undo of a row deletion). Signals objectAdded.
    void cancelRemove(const Object& object);
    // Whether remove() marked the object for DELETE at the next flush.
    bool isMarkedDeleted(const Object& object) const;
    void expunge(const Object& object);
    void expungeAll();
    // Expired attributes are loaded again on next access. Without names: every attribute.
    void expire(const Object& object, const QStringList& attributes = {});
    void expireAll();
    // Loads every attribute from the database now.
    void refresh(const Object& object);
    // The persistent object in this Session with the state of `object` copied onto it: loaded
    // from the database when needed, or a new pending one when the row does not exist.
    Object merge(const Object& object);
    template <class T>
    Ptr<T> merge(const Ptr<T>& object)
    {
        return Ptr<T>(merge(static_cast<const Object&>(object)).shared());
    }
    // The object with this primary key: from the identity map without SQL when loaded, else a
    // SELECT; null when there is no such row.
    Object get(const Mapper& mapper, const QVariantList& primaryKey);
    template <class T>
    Ptr<T> get(const QVariant& primaryKey)
    {
        return Ptr<T>(get(mapper<T>(), QVariantList{primaryKey}).shared());
    }
    template <class T>
    Ptr<T> get(const QVariantList& primaryKey)
    {
        return Ptr<T>(get(mapper<T>(), primaryKey).shared());
    }
    // Back to transient: out of the Session and without identity.
    void makeTransient(const Object& object);

    bool contains(const Object& object) const;
    // Whether a flush would UPDATE the object; sends no SQL.
    bool isModified(const Object& object) const;
    QList<Object> newObjects() const;
    QList<Object> dirtyObjects() const;
    QList<Object> deletedObjects() const;
    // The objects of the statement that made the last flush fail (all of a batched statement),
    // so a UI can point at them; empty once a flush succeeds.
    QList<Object> failedObjects() const { return m_failedObjects; }
    // Number of objects in the identity map (live ones).
    qsizetype identityCount();

    // The setter path for views: changes the attribute and signals objectChanged at once.
    void setValue(const Object& object, const QString& attribute, const QVariant& value);
    QVariant value(const Object& object, const QString& attribute);

    // ---- transactions ---------------------------------------------------------------------
    void flush();
    // The statements flush() would send now, in order, with their bound values (see
    // PlannedStatement), computed without sending any SQL: only what is in memory counts, so
    // the children of a deleted object whose collection was never loaded, and the orphan of a
    // replaced many-to-one never loaded, are left out. Throws what flush() would before its
    // first statement (a cycle between rows, a change to a view's row).
    QList<PlannedStatement> pendingStatements() const;
    void commit();
    void rollback();
    // Rolls back and forgets every object (they become detached).
    void close();
    // SAVEPOINT; nestable. Pending changes are flushed first.
    NestedTransaction beginNested();
    bool inTransaction() const;

    // Turns autoflush off for a scope: Session::NoAutoflush guard(session);
    class NoAutoflush {
    public:
        explicit NoAutoflush(Session& session)
            : m_session(session), m_saved(session.m_options.autoflush)
        {
            session.m_options.autoflush = false;
        }
        ~NoAutoflush() { m_session.m_options.autoflush = m_saved; }
        NoAutoflush(const NoAutoflush&) = delete;
        NoAutoflush& operator=(const NoAutoflush&) = delete;

    private:
        Session& m_session;
        bool m_saved;
    };

    // ---- queries --------------------------------------------------------------------------
    template <class T>
    Query<T> query()
    {
        return Query<T>(QueryBase(*this, mapper<T>()));
    }
    QueryBase query(const Mapper& mapper) { return QueryBase(*this, mapper); }
    // Several classes: query<User, Address>() gives Rows of (User, Address) objects.
    template <class T, class U, class... More>
    RowQuery query()
    {
        return RowQuery(
            QueryBase(*this, {Entity::of<T>(), Entity::of<U>(), Entity::of<More>()...}));
    }
    // Objects of T from an alias or a subquery: query(orm::aliased<Address>(subquery)).
    template <class T>
    Query<T> query(const Aliased<T>& entity)
    {
        return Query<T>(QueryBase(*this, std::vector<Entity>{Entity(entity)}));
    }
    // Columns, labels, aggregates and aliased classes (see orm/query/entity.h):
    // query(&User::name, orm::col(&User::fullname).label("f"), orm::func::count()).
    template <class... Items>
    requires(sizeof...(Items) > 0) RowQuery query(const Items&... items)
    {
        return RowQuery(QueryBase(*this, std::vector<Entity>{Entity(items)...}));
    }
    // Runs a statement in the Session's transaction (autobegin; autoflush first for queries).
    Result execute(const Statement& statement, const QVariantMap& params = {},
                   Origin origin = Origin::Query);
    // The connection of the current transaction, begun if needed.
    Connection& connection();

signals:
    void objectAdded(const orm::Object& object);
    void objectChanged(const orm::Object& object, const QString& attribute);
    void objectDeleted(const orm::Object& object);
    void objectExpired(const orm::Object& object);
    void flushed();
    void committed();
    void rolledBack();

private:
    friend class InstanceState;
    friend class UnitOfWork;
    friend class QueryBase;
    friend class NestedTransaction;
    friend class RelationshipSlot;
    friend class ReferenceSlot;
    friend class CollectionSlot;

    struct SavepointFrame {
        QString name;
        quint64 firstOrder = 0; // objects added from here on belong to the savepoint
        std::vector<std::shared_ptr<InstanceState>>
            inserted; // became persistent since the savepoint
        std::vector<std::shared_ptr<InstanceState>> deleted; // DELETE flushed since the savepoint
    };

    void checkUsable() const;
    void autoflush();
    void beginIfNeeded();
    void touch(InstanceState& state);
    void forget(InstanceState& state);
    void loadExpired(InstanceState& state);
    // SELECT of one row by primary key, with parameters k0, k1, ...
    const Select& selectByKey(const Mapper& mapper);
    // Lazy loading of a relationship of a persistent object; a many-to-one whose target is in
    // the identity map sends no SQL.
    void loadRelationship(InstanceState& owner, const Relationship& relationship);
    // The object a many-to-one points to, from the identity map only (never SQL); null otherwise.
    Object peekRelated(const InstanceState& owner, const Relationship& relationship);
    QVariantList relatedKey(const InstanceState& owner, const Relationship& relationship) const;
    // A many-to-one's foreign key as the target's identity key (primary key order, Qt types).
    QVariantList referencedKey(const InstanceState& owner, const Relationship& relationship) const;
    // A many-to-one's target when the identity map holds it; else null, with `key` set to the
    // target's key (empty for a NULL foreign key). Foreign keys of one integer column, the
    // usual shape, are looked up as a number with no key list built.
    std::shared_ptr<InstanceState> knownReferenced(const InstanceState& owner,
                                                   const Relationship& relationship,
                                                   QVariantList& key) const;
    // Eager loading after a query (see loading.h): every step the plan for `mapper` at `path`
    // names, for `objects` (all of `mapper`), then on from the objects each step reached.
    // `query`: the statement that loaded `objects`, for subquery loading.
    void eagerLoad(const QList<Object>& objects, const Mapper& mapper,
                   const std::vector<detail::LoadNode>& options, const detail::LoadPath& path,
                   const Select* query = nullptr);
    // SELECT ... WHERE key IN (...) for the parents not loaded yet, with the joined steps below
    // it in the same statement; `query`: run as a subquery joined to the target instead (the
    // subquery strategy, one-to-many from the queried class).
    void loadSelectin(const QList<Object>& parents, const Relationship& relationship,
                      const std::vector<detail::LoadNode>& options, const detail::LoadPath& path,
                      const Select* query = nullptr);
    void loadImmediate(const QList<Object>& parents, const Relationship& relationship);
    // The objects a joined row holds for `joins`, each below `parent` (see JoinedFill).
    void fillJoined(const Object& parent, const std::vector<detail::JoinedLoad>& joins,
                    const Result& row, detail::JoinedFill& fill);
    void finishJoined(detail::JoinedFill& fill);
    // Fills a loaded collection (or one-to-one) and points each child's reverse reference back
    // at the parent, weakly: the parent holds them.
    void fillLoaded(const Object& parent, const Relationship& relationship,
                    const QList<Object>& children);
    // The query a dynamic collection gives: its target filtered by the owner's key.
    QueryBase dynamicQuery(const InstanceState& owner, const Relationship& relationship);
    // Turns a row of `result` (columns in mapper property order) into the Session's object.
    Object loadRow(const Mapper& mapper, const Result& result, bool populateExisting);
    // The same for a row given as values (a slice of a joined row); `created` is set when the
    // row was not in the identity map (a new object).
    Object loadValues(const Mapper& mapper, const QVariantList& row, bool populateExisting,
                      bool* created = nullptr);
    void attach(const std::shared_ptr<InstanceState>& state);
    void cascadeAdd(InstanceState& state);
    // merge() of one object of a graph; the memo keeps each source merged once.
    struct MergeMemo;
    Object mergeObject(const Object& object, MergeMemo& memo);
    void mergeRelationships(const InstanceState& source, const Object& target, MergeMemo& memo);
    // refresh-expire reaching related objects: persistent ones expire, pending ones leave.
    void expireCascaded(const QList<Object>& related);
    // Before a flush: objects a single-parent many-to-one with delete-orphan let go are deleted.
    void deleteOrphanedReferences();
    QVariantList previousTargetKey(const InstanceState& owner,
                                   const Relationship& relationship) const;
    // single-parent rule of a many-to-one, checked before `owner` is pointed at `target`:
    // InvalidRequestError when another object already refers to `target` through it.
    static void checkSingleParent(const InstanceState* owner, const Relationship* relationship,
                                  const Object& target);
    void detach(InstanceState& state);
    void registerPersistent(const std::shared_ptr<InstanceState>& state, const QVariantList& key);
    void expireState(InstanceState& state, const std::vector<int>& properties = {});
    // After ROLLBACK (or ROLLBACK TO): undo what the rolled-back span did to objects.
    void undoInserted(const std::vector<std::shared_ptr<InstanceState>>& inserted);
    void undoDeleted(const std::vector<std::shared_ptr<InstanceState>>& deleted);
    void releaseConnection();

    Engine* m_engine;
    SessionOptions m_options;
    std::optional<Connection> m_connection;
    bool m_transactionHasWrites = false;
    bool m_needsRollback = false;
    bool m_flushing = false;
    quint64 m_order = 0;
    IdentityMap m_identity;
    std::map<quint64, std::shared_ptr<InstanceState>> m_new;     // pending, in add() order
    std::map<quint64, std::shared_ptr<InstanceState>> m_deleted; // marked for DELETE
    std::vector<std::shared_ptr<InstanceState>> m_touched;       // to diff at flush
    std::vector<std::shared_ptr<InstanceState>> m_insertedInTransaction;
    std::vector<std::shared_ptr<InstanceState>> m_deletedInTransaction;
    std::vector<SavepointFrame> m_savepoints;
    QHash<QString, QString> m_flushSql; // compiled flush statements by shape
    QHash<const Mapper*, Select> m_selectByKey;
    QHash<const Relationship*, Select> m_selectRelated; // one-to-many lazy loads
    QList<Object> m_failedObjects;
};

// RAII SAVEPOINT of a Session: rolled back unless committed.
class NestedTransaction {
public:
    NestedTransaction(Session& session, const QString& name);
    NestedTransaction(NestedTransaction&& other) noexcept;
    NestedTransaction& operator=(NestedTransaction&&) = delete;
    ~NestedTransaction();

    void commit();
    void rollback();
    bool isActive() const { return m_active; }

private:
    // Makes this savepoint the Session's innermost one, folding nested ones still open inside
    // it into it (releasing or rolling back to it ends those too). False when the Session's
    // transaction has ended since (rollback(), commit(), close()).
    bool makeInnermost();

    Session* m_session;
    QString m_name;
    bool m_active = true;
};

} // namespace orm
