#pragma once
// The query plan of a logged SELECT, for the SQL log's "Explain" action: what the database
// would do to answer the statement again with the same values.

#include "orm/engine/engine.h"

#include <QString>

namespace orm::ui {

// Runs EXPLAIN QUERY PLAN (SQLite, drawn as a tree like the sqlite3 shell draws it) or EXPLAIN
// (PostgreSQL, the QUERY PLAN lines) for the statement of `entry`, with its logged values bound
// again as parameters, on a connection of `engine`; nothing is executed but the EXPLAIN. The
// statements go to the engine's log like any other (origin UserSql).
// InvalidRequestError when the entry is not a single SELECT (or WITH ... SELECT); the
// database's error (a DatabaseError) when it refuses the statement.
QString explainQueryPlan(Engine& engine, const LogEntry& entry);

} // namespace orm::ui
