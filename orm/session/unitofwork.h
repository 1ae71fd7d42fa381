#pragma once
// UnitOfWork turns a Session's pending changes into SQL in one flush: INSERTs parents-first
// and DELETEs children-first by foreign-key dependency between tables, rows of one table in
// the order they were added, INSERTs batched by column set, UPDATEs setting only changed
// columns, and every UPDATE/DELETE checking its row count. It runs inside a SAVEPOINT (or,
// at the start of a transaction, the transaction itself) so that a failure leaves the
// database and every object exactly as they were before the flush.
//
// Tables that refer to each other in a cycle are saved as one group, row by row in dependency
// order; rows that really refer to each other need a relationship marked postUpdate(), whose
// foreign key is written by a second UPDATE after the INSERTs (and set to NULL before the
// DELETEs), as SQLAlchemy's post_update does. Without it the flush fails before any SQL.
//
// plan() walks the same steps without sending anything: each statement is recorded instead of
// run (see PlannedStatement), and every object and the Session are put back as they were.

#include "orm/engine/statementlog.h"
#include "orm/session/instancestate.h"
#include "orm/session/object.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <memory>
#include <tuple>
#include <vector>

namespace orm {

class Connection;
class Object;
class Relationship;
class Mapper;
class Session;
class Table;
class ForeignKeyConstraint;
class Column;
class Dialect;

// One statement the next flush would send, as Session::pendingStatements() lists them.
struct PlannedStatement {
    enum class Kind { Insert, Update, Delete };
    Kind kind = Kind::Insert;
    QString sql;         // in the Engine's dialect, exactly as the flush sends it
    QVariantList values; // the bound values in order, as the database receives them
    // Values known only once earlier statements of the flush ran (a key the database generates
    // for a new row, and the foreign keys and WHERE clauses that use it), by their index in
    // `values`, as readable text: "<new users.id>". Their entry in `values` is meaningless.
    QMap<int, QString> placeholders;
    // The objects whose row it writes: every row of a multi-row INSERT; for a row of a
    // many-to-many association table, the two objects it links.
    QList<Object> objects;

    // "INSERT", "UPDATE" or "DELETE".
    QString kindName() const;
};

class UnitOfWork {
public:
    UnitOfWork(Session& session, Origin origin);
    void flush();
    // The statements flush() would send now, in order, without sending any SQL (not even to
    // load something); throws what flush() would throw before its first statement.
    QList<PlannedStatement> plan();

private:
    struct Update {
        std::shared_ptr<InstanceState> state;
        InstanceState::PropertyList changed;
    };
    struct Undo {
        std::shared_ptr<InstanceState> state;
        QVariantList values; // every attribute before the flush assigned keys and defaults
    };

    struct ParentLink {
        std::shared_ptr<InstanceState> parent;
        const Relationship* relationship; // the parent's one-to-many
        bool attached;                    // in the collection now, or taken out of it
    };

    // One row of a many-to-many association table to INSERT or DELETE: each secondary column
    // with the object and column its value comes from.
    struct Link {
        const Table* secondary;
        std::vector<std::tuple<const Column*, std::shared_ptr<InstanceState>, const Column*>>
            values;
        bool add;
    };

    // Tables saved together because their foreign keys form a cycle, in dependency order.
    using TableGroup = std::vector<const Table*>;

    void collect();
    bool isEmpty() const
    {
        return m_inserts.empty() && !m_anyChanged && m_deletes.empty() && m_links.empty();
    }
    // Relationship bookkeeping before the SQL: cascades, orphans, and the children whose
    // foreign key their parent's collection decides.
    void cascadeSaves();
    void cascadeDeletes();
    void collectOrphans();
    void linkChildren();
    void collectLinks();
    std::vector<std::shared_ptr<InstanceState>> newAndTouched() const;
    void addLink(const Relationship& relationship, const std::shared_ptr<InstanceState>& parent,
                 const Object& child, bool add);
    void writeLinks();
    // Foreign key columns from the related objects (their keys may be new in this flush):
    // those of ordinary relationships, or (postUpdates) those written after the INSERTs.
    void syncForeignKeys(InstanceState& state, bool postUpdates = false);
    std::vector<std::pair<int, QVariant>> relatedKeys(InstanceState& state, bool postUpdates);
    // Whether the post_update phase would write something for a persistent object.
    bool postUpdateChanges(InstanceState& state);
    // post_update: the foreign key columns it writes, and the rows that have some.
    void collectPostUpdates();
    bool isPostUpdatedKey(const Table& table, const ForeignKeyConstraint& foreignKey) const;
    void postUpdateRows();
    void clearPostUpdatedKeys();
    void updateColumns(const InstanceState& state, const std::vector<int>& properties,
                       const QVariantList& values, const QVariantList& key);
    // Groups of tables and the order of rows within them; a cycle between rows is an error.
    void orderRows();
    void groupTables(const QSet<const Table*>& involved);
    bool sameGroup(const Table& a, const Table& b) const
    {
        return m_groupOf.value(&a, -1) == m_groupOf.value(&b, -2);
    }
    [[noreturn]] void throwCycle(const std::vector<const InstanceState*>& path,
                                 const InstanceState* again, const char* verb) const;
    // Remembers the object's attributes so a failed flush can put them back.
    void saveForUndo(InstanceState& state);
    // Order within a table group (a table referring to itself, or tables referring to each
    // other): parents inserted first, children deleted first; `path` names a cycle found.
    int insertDepth(const InstanceState& state, std::vector<const InstanceState*>& path);
    int deleteDepth(const InstanceState& state, std::vector<const InstanceState*>& path);
    void execute();
    void insertRows(const TableGroup& group);
    // One multi-row INSERT, generated keys read back with RETURNING; where the dialect has no
    // RETURNING, one INSERT per row that needs its key, read with lastInsertId.
    void insertBatch(const std::vector<std::shared_ptr<InstanceState>>& batch,
                     const std::vector<int>& properties);
    void updateRows(const Table& table);
    void deleteRows(const TableGroup& group, bool onlyReplaced);
    void prepareInsert(InstanceState& state);
    std::vector<int> insertProperties(const InstanceState& state) const;
    void finish();
    void restore();

    // The one place the flush's statements leave: run on the connection, or recorded by plan().
    // The number of rows it matched (in a plan: every row it should).
    qint64 send(PlannedStatement::Kind kind, const QString& sql, const QVariantList& values,
                const std::vector<const InstanceState*>& objects);
    const Dialect& dialect() const;
    // A plan may not load anything: what is not in memory stays as it is.
    void load(InstanceState& state);
    // Session::remove() of an object in a cascade, remembering what plan() puts back.
    void removeFromSession(const Object& object);
    // plan(): the Session's lists as they were, and the objects taken in or out since.
    struct SessionSnapshot;
    void restoreSession(const SessionSnapshot& snapshot);

    Session& m_session;
    Origin m_origin;
    Connection* m_conn = nullptr; // while flush() sends its statements
    bool m_planning = false;
    QList<PlannedStatement> m_plan;
    // plan(): stand-in keys given to new rows in place of those the database generates, each
    // with its placeholder text, and the order remove() replaced.
    QHash<qint64, QString> m_standInKeys;
    QHash<const InstanceState*, quint64> m_removedOrders;
    std::vector<std::shared_ptr<InstanceState>> m_inserts;
    std::vector<Update> m_updates; // filled table by table while the SQL runs
    std::vector<std::shared_ptr<InstanceState>> m_candidates;
    bool m_anyChanged = false;
    std::vector<std::shared_ptr<InstanceState>> m_children;
    QHash<const InstanceState*, std::vector<ParentLink>> m_parents;
    std::vector<Link> m_links;
    QSet<QString> m_linkKeys;                             // the same link seen from both sides
    std::vector<std::shared_ptr<InstanceState>> m_linked; // whose many-to-many history is written
    std::vector<std::shared_ptr<InstanceState>> m_deletes;
    std::vector<std::shared_ptr<InstanceState>>
        m_replaced; // deleted rows whose key a new object reuses
    std::vector<Undo> m_undo;
    QSet<const InstanceState*> m_undone; // the objects m_undo already has
    std::vector<std::pair<std::shared_ptr<InstanceState>, QVariant>>
        m_versions; // new version values
    std::vector<const InstanceState*>
        m_current; // the objects whose statement is running, for errors
    std::vector<TableGroup> m_groups;
    QHash<const Table*, int> m_groupOf;
    QHash<const InstanceState*, int> m_insertDepths; // -1 while being computed
    QHash<const InstanceState*, int> m_deleteDepths;
    QSet<const Column*> m_postUpdateColumns; // foreign key columns written by post_update
    std::vector<std::shared_ptr<InstanceState>> m_postUpdateRows; // saved rows that have some
};

} // namespace orm
