// MetaData::createAll / dropAll: schema DDL in foreign-key dependency order, run through an
// Engine. Lives in the engine layer because it executes; MetaData itself only describes.

#include "orm/engine/engine.h"
#include "orm/engine/transaction.h"
#include "orm/errors.h"
#include "orm/sql/ddl.h"
#include "orm/sql/dialect.h"
#include "orm/sql/metadata.h"

namespace orm {

namespace {

bool tableExists(Connection& conn, const Table& table)
{
    return conn.execute(conn.dialect().hasTableQuery(table.schema(), table.name())).next();
}

// Foreign keys that cannot be created inline: the ones closing a cycle, and those marked useAlter.
std::vector<std::pair<const Table*, int>> alterForeignKeys(const MetaData& metadata)
{
    std::vector<std::pair<const Table*, int>> edges;
    metadata.sortedTables(&edges);
    for (const Table* table : metadata.tables()) {
        const auto& fks = table->foreignKeys();
        for (int i = 0; i < int(fks.size()); ++i) {
            if (fks[size_t(i)].useAlter &&
                std::find(edges.begin(), edges.end(), std::pair(table, i)) == edges.end())
                edges.emplace_back(table, i);
        }
    }
    return edges;
}

std::vector<int> deferredFor(const Table* table,
                             const std::vector<std::pair<const Table*, int>>& edges)
{
    std::vector<int> out;
    for (const auto& [t, i] : edges) {
        if (t == table)
            out.push_back(i);
    }
    return out;
}

} // namespace

void MetaData::createAll(Engine& engine, CheckFirst check) const
{
    createAll(engine, tables(), check);
}

void MetaData::createAll(Engine& engine, const std::vector<const Table*>& tables,
                         CheckFirst check) const
{
    for (const Table* table : tables) {
        if (table->metadata() != this)
            throw ArgumentError(
                QStringLiteral("table %1 is not in this MetaData").arg(table->fullName()));
    }
    Connection conn = engine.connect();
    OriginScope scope(conn, Origin::Ddl);
    Transaction tx = conn.begin();
    const bool alter = conn.dialect().supportsAlterForeignKey();
    const auto edges =
        alter ? alterForeignKeys(*this) : std::vector<std::pair<const Table*, int>>();
    std::vector<const Table*> created;
    for (const Table* table : sortedTables()) {
        if (std::find(tables.begin(), tables.end(), table) == tables.end() || table->isView() ||
            (check == CheckFirst::Yes && tableExists(conn, *table)))
            continue;
        conn.execute(createTable(*table, deferredFor(table, edges)));
        for (int i = 0; i < int(table->indexes().size()); ++i)
            conn.execute(createIndex(*table, i));
        created.push_back(table);
    }
    for (const auto& [table, i] : edges) {
        if (std::find(created.begin(), created.end(), table) != created.end())
            conn.execute(addForeignKey(*table, i));
    }
    tx.commit();
}

void MetaData::dropAll(Engine& engine, CheckFirst check) const
{
    Connection conn = engine.connect();
    OriginScope scope(conn, Origin::Ddl);
    Transaction tx = conn.begin();
    std::vector<const Table*> order = sortedTables();
    std::reverse(order.begin(), order.end());
    std::vector<const Table*> present;
    for (const Table* table : order) {
        if (table->isView())
            continue;
        if (check == CheckFirst::No || tableExists(conn, *table))
            present.push_back(table);
    }
    // Foreign keys that made a cycle go first, so every table can then be dropped.
    if (conn.dialect().supportsAlterForeignKey()) {
        for (const auto& [table, i] : alterForeignKeys(*this)) {
            if (std::find(present.begin(), present.end(), table) != present.end())
                conn.execute(dropForeignKey(*table, i));
        }
    }
    for (const Table* table : present)
        conn.execute(dropTable(*table));
    tx.commit();
}

} // namespace orm
