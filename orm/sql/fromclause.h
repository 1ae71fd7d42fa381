#pragma once
// From is a FROM-clause object: a table, an alias of a table, a derived table (a SELECT with
// a name), or a join of two of them. Columns are reached through it with c("name").

#include "orm/sql/expression.h"

#include <QString>
#include <memory>
#include <vector>

namespace orm {

class Table;

namespace sql {
class FromNode;
}

class From {
public:
    From() = default;
    From(const Table& table); // NOLINT(google-explicit-constructor)
    explicit From(std::shared_ptr<const sql::FromNode> node) : m_node(std::move(node)) {}

    bool isValid() const { return bool(m_node); }
    const std::shared_ptr<const sql::FromNode>& shared() const { return m_node; }

    // The column `name` as seen through this FROM object; ArgumentError when there is none.
    Expr c(const QString& name) const;
    // All columns, in order.
    std::vector<Expr> columns() const;
    // The name SQL uses for this FROM object (alias name, or the table's name).
    QString name() const;

    // INNER / LEFT OUTER JOIN. Without an on-clause the condition is taken from the single
    // foreign key between the two sides; none or several is an ArgumentError.
    From join(const From& right, const Expr& on = {}) const;
    From outerJoin(const From& right, const Expr& on = {}) const;

private:
    std::shared_ptr<const sql::FromNode> m_node;
};

// `table AS name`; without a name it is called after the table when compiled (addresses_1, ...).
From alias(const Table& table, const QString& name = {});

} // namespace orm
