#pragma once
// Schema statements for one table: CREATE/DROP TABLE, CREATE/DROP INDEX, and the ALTER TABLE
// that adds a foreign key created after its tables (cycles on PostgreSQL).

#include "orm/sql/statement.h"

#include <vector>

namespace orm {

class Table;

// `deferredForeignKeys` are left out, to be added with addForeignKey() once every table exists
// (dialects that cannot ALTER TABLE ADD CONSTRAINT keep them inline).
Statement createTable(const Table& table, const std::vector<int>& deferredForeignKeys = {});
Statement dropTable(const Table& table, bool ifExists = false);
Statement createIndex(const Table& table, int indexNumber);
Statement dropIndex(const Table& table, int indexNumber);
Statement addForeignKey(const Table& table, int constraintNumber);
Statement dropForeignKey(const Table& table, int constraintNumber);

} // namespace orm
