#pragma once
// UnitOfWork turns a Session's pending changes into SQL in one flush: INSERTs parents-first
// and DELETEs children-first by foreign-key dependency between tables, rows of one table in
// the order they were added, INSERTs batched by column set, UPDATEs setting only changed
// columns, and every UPDATE/DELETE checking its row count. It runs inside a SAVEPOINT (or,
// at the start of a transaction, the transaction itself) so that a failure leaves the
// database and every object exactly as they were before the flush.

#include "orm/engine/statementlog.h"
#include "orm/session/instancestate.h"

#include <QHash>
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

class UnitOfWork {
public:
    UnitOfWork(Session& session, Origin origin);
    void flush();

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
    void writeLinks(Connection& conn);
    // Foreign key columns from the related objects (their keys may be new in this flush).
    void syncForeignKeys(InstanceState& state);
    // Remembers the object's attributes so a failed flush can put them back.
    void saveForUndo(InstanceState& state);
    // Order within a table that refers to itself: parents inserted first, children deleted first.
    int insertDepth(const InstanceState& state, QHash<const InstanceState*, int>& depths);
    int deleteDepth(const InstanceState& state, QHash<const InstanceState*, int>& depths);
    void execute(Connection& conn);
    void insertRows(Connection& conn, const Table& table);
    void insertBatch(Connection& conn, const std::vector<std::shared_ptr<InstanceState>>& batch,
                     const std::vector<int>& properties);
    void updateRows(Connection& conn, const Table& table);
    void deleteRows(Connection& conn, const Table& table, bool onlyReplaced);
    void prepareInsert(InstanceState& state);
    std::vector<int> insertProperties(const InstanceState& state) const;
    void finish();
    void restore();

    Session& m_session;
    Origin m_origin;
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
};

} // namespace orm
