#pragma once
// The nodes of the expression and statement tree. Nodes are immutable once built and shared
// between trees; the public value types (Expr, From, Select, Insert, ...) hold them. Two
// operations walk a tree: a dialect Compiler renders SQL text, and appendKey() writes the
// statement's shape into a CacheKey so compiled SQL can be reused for the same shape.

#include "orm/sql/expression.h"
#include "orm/sql/types.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <memory>
#include <vector>

namespace orm {
class Table;
class Column;
} // namespace orm

namespace orm::sql {

class Compiler;
class BindNode;

// The shape of a statement (everything that decides its SQL text) plus its bound parameters
// in walk order. Values are not part of the shape.
class CacheKey {
public:
    void add(char tag) { bytes.append(tag); }
    void add(qint64 number) { bytes.append(reinterpret_cast<const char*>(&number), sizeof number); }
    void add(const QString& text);
    void add(const SqlType& type);
    void addBind(const BindNode* bind) { binds.push_back(bind); }
    // Anonymous aliases are numbered in walk order, so equal shapes get equal keys.
    qint64 anonymousId(const void* alias);

    QByteArray bytes;
    std::vector<const BindNode*> binds;
    bool cacheable = true;

private:
    std::vector<const void*> m_anonymous;
};

class Node {
public:
    virtual ~Node() = default;
    virtual void accept(Compiler& compiler) const = 0;
    virtual void appendKey(CacheKey& key) const = 0;
    virtual SqlType type() const { return {}; }
    // Direct sub-expressions that belong to the same SELECT level (not nested selects);
    // used to find the FROM objects a statement refers to.
    virtual void children(std::vector<const Node*>&) const {}
};

using NodePtr = std::shared_ptr<const Node>;

// ---- FROM objects ------------------------------------------------------------------------

class FromNode : public Node {};
using FromPtr = std::shared_ptr<const FromNode>;

class TableNode : public FromNode {
public:
    explicit TableNode(const Table* t) : table(t) {}
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    const Table* table;
};

class SelectBaseNode;

// `table AS name` or `(SELECT ...) AS name`. An empty name is given an anon_N name by the compiler.
class AliasNode : public FromNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    NodePtr target; // a TableNode or a SelectBaseNode
    QString name;
    const Table* table() const;
    const SelectBaseNode* select() const;
};

class JoinNode : public FromNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    FromPtr left;
    FromPtr right;
    NodePtr on;
    bool outer = false;
};

// ---- expressions -----------------------------------------------------------------------

// A column seen through a FROM object: a table's column, the same column through an alias,
// or an output column of a derived table (then `column` is null and name/columnType say what it
// is).
class ColumnNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return columnType; }
    const Column* column = nullptr;
    FromPtr from;
    QString name;
    SqlType columnType;
};

class BindNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return valueType; }
    QVariant value;
    SqlType valueType;
    QString name;         // set for text() placeholders and bindParam()
    bool hasValue = true; // false: the value comes with execute()
};

class NullNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override { key.add('N'); }
};

// `*` in count(*) and SELECT *.
class StarNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override { key.add('*'); }
};

enum class Operator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    Like,
    NotLike,
    ILike,
    NotILike,
    In,
    NotIn,
    Is,
    IsNot,
    Match, // full-text match: MATCH (SQLite FTS tables), @@ plainto_tsquery() on PostgreSQL
};

class BinaryNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return resultType; }
    void children(std::vector<const Node*>& out) const override;
    Operator op;
    NodePtr left;
    NodePtr right;
    QChar escape; // for LIKE
    SqlType resultType;
};

enum class UnaryOperator {
    Not,
    Negate,
    IsNull,
    IsNotNull,
    Exists,
    Asc,
    Desc,
    NullsFirst,
    NullsLast
};

class UnaryNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override;
    void children(std::vector<const Node*>& out) const override;
    UnaryOperator op;
    NodePtr operand;
};

// AND / OR of several conditions, or a parenthesised comma list (the right side of IN).
class ListNode : public Node {
public:
    enum Kind { And, Or, Tuple };
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override;
    void children(std::vector<const Node*>& out) const override;
    Kind kind = And;
    std::vector<NodePtr> items;
};

class BetweenNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return SqlType::boolean(); }
    void children(std::vector<const Node*>& out) const override;
    NodePtr expr, low, high;
    bool negate = false;
};

class FunctionNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return returnType; }
    void children(std::vector<const Node*>& out) const override;
    QString name;
    std::vector<NodePtr> args;
    SqlType returnType;
};

class CaseNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override;
    void children(std::vector<const Node*>& out) const override;
    std::vector<std::pair<NodePtr, NodePtr>> whens;
    NodePtr otherwise;
};

class CastNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return target; }
    void children(std::vector<const Node*>& out) const override;
    NodePtr expr;
    SqlType target;
};

class LabelNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override { return expr->type(); }
    void children(std::vector<const Node*>& out) const override;
    QString name;
    NodePtr expr;
};

// A SELECT used as a value: (SELECT max(x) FROM t WHERE ...). Also the operand of EXISTS and IN.
class ScalarSelectNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    SqlType type() const override;
    std::shared_ptr<const SelectBaseNode> select;
};

// Textual SQL with :name placeholders. parts.size() == binds.size() + 1.
class TextNode : public Node {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    QStringList parts;
    std::vector<std::shared_ptr<const BindNode>> binds;
};

// ---- statements ------------------------------------------------------------------------

class SelectBaseNode : public Node {
public:
    // Names and types of the result columns, in order.
    virtual QStringList columnNames() const = 0;
    virtual std::vector<SqlType> columnTypes() const = 0;
    std::vector<NodePtr> orderBy;
    NodePtr limit;
    NodePtr offset;
};

class SelectNode : public SelectBaseNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    QStringList columnNames() const override;
    std::vector<SqlType> columnTypes() const override;
    std::vector<NodePtr> columns;
    std::vector<FromPtr> froms; // explicit FROM objects; more are inferred from the columns
    NodePtr where;
    std::vector<NodePtr> groupBy;
    NodePtr having;
    bool distinct = false;
};

class CompoundSelectNode : public SelectBaseNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    QStringList columnNames() const override { return selects.front()->columnNames(); }
    std::vector<SqlType> columnTypes() const override { return selects.front()->columnTypes(); }
    bool all = false; // UNION ALL
    std::vector<std::shared_ptr<const SelectBaseNode>> selects;
};

// RETURNING columns of INSERT/UPDATE/DELETE.
class DmlNode : public Node {
public:
    const Table* table = nullptr;
    std::vector<NodePtr> returning;
};

class InsertNode : public DmlNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    QStringList columns;                    // the column names, in order
    std::vector<std::vector<NodePtr>> rows; // one entry per VALUES row
    std::shared_ptr<const SelectBaseNode> fromSelect;
};

class UpdateNode : public DmlNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    std::vector<std::pair<QString, NodePtr>> assignments;
    NodePtr where;
};

class DeleteNode : public DmlNode {
public:
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override;
    NodePtr where;
};

// DDL: never cached, compiled with literal values inlined.
class DdlNode : public Node {
public:
    enum Kind { CreateTable, DropTable, CreateIndex, DropIndex, AddForeignKey, DropForeignKey };
    void accept(Compiler& c) const override;
    void appendKey(CacheKey& key) const override { key.cacheable = false; }
    Kind kind = CreateTable;
    const Table* table = nullptr;
    int index = -1; // the index or foreign key constraint of `table`
    bool ifExists = false;
    std::vector<int> deferredForeignKeys; // CreateTable: added later with ALTER TABLE
};

} // namespace orm::sql
