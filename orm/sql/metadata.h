#pragma once
// MetaData is the registry of a schema's tables. It owns them, resolves foreign keys by
// table name, and orders tables so that referenced tables come before the tables referring
// to them (the order CREATE needs; DROP uses the reverse).

#include "orm/sql/table.h"

#include <QString>
#include <memory>
#include <vector>

namespace orm {

class Engine;

// How createAll/dropAll treat tables that already exist (or do not).
enum class CheckFirst { No, Yes };

class MetaData {
public:
    MetaData() = default;
    MetaData(const MetaData&) = delete;
    MetaData& operator=(const MetaData&) = delete;
    ~MetaData();

    // A new table; ArgumentError when one of that name is already here.
    Table& addTable(const QString& name, const QString& schema = {});
    const Table* findTable(const QString& name, const QString& schema = {}) const;
    // The table; ArgumentError when there is none.
    const Table& table(const QString& name, const QString& schema = {}) const;
    Table& table(const QString& name, const QString& schema = {});
    // In the order they were added.
    std::vector<const Table*> tables() const;

    // Tables in foreign-key dependency order. Foreign keys that close a cycle are left out of
    // the ordering and reported in `cycleEdges` (table, constraint index) so they can be added
    // with ALTER TABLE afterwards.
    std::vector<const Table*>
    sortedTables(std::vector<std::pair<const Table*, int>>* cycleEdges = nullptr) const;

    // CREATE every table (and index) in dependency order in one transaction. With
    // CheckFirst::Yes, tables that already exist are left alone.
    void createAll(Engine& engine, CheckFirst check = CheckFirst::Yes) const;
    // The same for some of the tables (SQLAlchemy's create_all(tables=[...])): a schema that
    // grows as classes are declared, one step at a time. ArgumentError for a table of another
    // MetaData.
    void createAll(Engine& engine, const std::vector<const Table*>& tables,
                   CheckFirst check = CheckFirst::Yes) const;
    // DROP every table in reverse dependency order. With CheckFirst::Yes, missing tables are
    // skipped.
    void dropAll(Engine& engine, CheckFirst check = CheckFirst::Yes) const;

private:
    std::vector<std::unique_ptr<Table>> m_tables;
};

} // namespace orm
