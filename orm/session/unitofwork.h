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
#include <QString>
#include <memory>
#include <vector>

namespace orm {

class Connection;
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

    void collect();
    bool isEmpty() const { return m_inserts.empty() && m_updates.empty() && m_deletes.empty(); }
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
    std::vector<Update> m_updates;
    std::vector<std::shared_ptr<InstanceState>> m_deletes;
    std::vector<std::shared_ptr<InstanceState>>
        m_replaced; // deleted rows whose key a new object reuses
    std::vector<Undo> m_undo;
    std::vector<std::pair<std::shared_ptr<InstanceState>, QVariant>>
        m_versions; // new version values
    std::vector<const InstanceState*>
        m_current; // the objects whose statement is running, for errors
};

} // namespace orm
