#pragma once
// Statement is what a Connection executes: a SELECT, INSERT, UPDATE, DELETE, DDL or textual SQL.
// It is a cheap, immutable value holding the root of a statement tree.

#include "orm/sql/expression.h"

#include <QString>
#include <QVariantMap>
#include <memory>

namespace orm {

namespace sql {
class Node;
}

class Statement {
public:
    Statement() = default;
    explicit Statement(std::shared_ptr<const sql::Node> node) : m_node(std::move(node)) {}

    bool isValid() const { return bool(m_node); }
    const sql::Node* node() const { return m_node.get(); }
    const std::shared_ptr<const sql::Node>& shared() const { return m_node; }

protected:
    std::shared_ptr<const sql::Node> m_node;
};

// Textual SQL with :name placeholders (write \: for a literal colon; PostgreSQL's :: casts
// are left alone). Values are bound, never pasted into the text.
class TextClause : public Statement {
public:
    using Statement::Statement;
    // A copy with the placeholder `name` bound to `value`.
    TextClause bind(const QString& name, const Arg& value) const;
    TextClause bind(const QVariantMap& values) const;
    QStringList parameterNames() const;
    operator Expr() const; // NOLINT(google-explicit-constructor): usable as a WHERE fragment
};

TextClause text(const QString& sql);

} // namespace orm
