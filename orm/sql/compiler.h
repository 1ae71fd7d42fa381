#pragma once
// Compiler renders a statement tree as SQL text for one dialect. The base class writes the
// SQL that SQLite and PostgreSQL share; dialect compilers override the few places where they
// differ (ILIKE, functions, LIMIT, types). Values are never written into the text: each bound
// parameter becomes a placeholder, recorded in order so the caller can bind the values.

#include "orm/sql/nodes.h"

#include <QHash>
#include <QString>
#include <memory>
#include <vector>

namespace orm {
class Dialect;
class Column;
} // namespace orm

namespace orm::sql {

// The result of compiling one statement shape; shared through the dialect's cache.
struct CompiledStatement {
    QString sql;
    // For each placeholder, in SQL order: the index of its bind in the CacheKey's binds.
    std::vector<int> bindSlots;
    // Result columns when the statement is a SELECT or has RETURNING.
    QStringList columnNames;
    std::vector<SqlType> columnTypes;
    // Per result column, the driver type whose values need no conversion (see
    // Dialect::unconvertedType): worked out once here, not for every Result.
    std::vector<QMetaType> unconvertedTypes;
    bool isDdl = false;
};

class Compiler {
public:
    explicit Compiler(const Dialect& dialect);
    virtual ~Compiler();

    // Renders `root`. `keyBinds` are the binds of root's CacheKey; each placeholder is mapped
    // to its position there, so a cached compilation can be bound with another tree's values.
    CompiledStatement compile(const Node& root, const std::vector<const BindNode*>& keyBinds);
    // Renders an expression with its values written as literals, for DDL (CHECK, DEFAULT).
    QString compileLiteral(const Node& expr);

    virtual void visitTable(const TableNode& node);
    virtual void visitAlias(const AliasNode& node);
    virtual void visitJoin(const JoinNode& node);
    virtual void visitColumn(const ColumnNode& node);
    virtual void visitBind(const BindNode& node);
    virtual void visitNull(const NullNode& node);
    virtual void visitStar(const StarNode& node);
    virtual void visitBinary(const BinaryNode& node);
    virtual void visitUnary(const UnaryNode& node);
    virtual void visitList(const ListNode& node);
    virtual void visitBetween(const BetweenNode& node);
    virtual void visitFunction(const FunctionNode& node);
    virtual void visitCase(const CaseNode& node);
    virtual void visitCast(const CastNode& node);
    virtual void visitLabel(const LabelNode& node);
    virtual void visitScalarSelect(const ScalarSelectNode& node);
    virtual void visitText(const TextNode& node);
    virtual void visitSelect(const SelectNode& node);
    virtual void visitCompoundSelect(const CompoundSelectNode& node);
    virtual void visitInsert(const InsertNode& node);
    virtual void visitUpdate(const UpdateNode& node);
    virtual void visitDelete(const DeleteNode& node);
    virtual void visitDdl(const DdlNode& node);

protected:
    // Dialect hooks.
    virtual void writeLike(const BinaryNode& node);
    // Full-text match; the base writes SQLite's `a MATCH b`.
    virtual void writeMatch(const BinaryNode& node);
    virtual void writeLimitOffset(const SelectBaseNode& node);
    virtual QString functionName(const FunctionNode& node) const;

    void write(QStringView text) { m_out += text; }
    // Renders `child` as an operand of an operator of precedence `outer`, in parentheses
    // when it binds less tightly, or as tightly on the right side (a - (b - c)) or under a
    // comparison ((a > b) = c).
    void writeOperand(const Node& child, int outer, bool rightSide = false);
    void writeList(const std::vector<NodePtr>& items,
                   const QString& separator = QStringLiteral(", "));
    // A columns clause (SELECT, RETURNING): labels are written as "expr AS name".
    void writeColumns(const std::vector<NodePtr>& columns);
    // ORDER BY, where labels of `columns` are written as the result column's name.
    void writeOrderBy(const std::vector<NodePtr>& orderBy, const std::vector<NodePtr>& columns);
    void writeReturning(const DmlNode& node);
    void writeCreateTable(const Table& table, const std::vector<int>& deferredForeignKeys);
    void writeForeignKey(const Table& table, int number, bool named);
    QString quote(const QString& identifier) const;
    QString tableName(const Table& table) const;
    // The name a FROM object's columns are qualified with.
    QString qualifierOf(const FromNode& from);
    QString anonymousName(const Node& node, const QString& given);
    std::vector<const FromNode*> fromObjects(const SelectNode& node) const;

    const Dialect& m_dialect;
    QString m_out;
    std::vector<const BindNode*> m_placeholders;
    bool m_literalBinds = false;
    bool m_qualifyColumns = true;
    // FROM objects of the enclosing SELECTs; a nested SELECT leaves them out of its own FROM.
    std::vector<const FromNode*> m_enclosingFroms;
    // Labels of the SELECT whose ORDER BY is being written; they are referred to by name.
    std::vector<const Node*> m_orderByLabels;
    QHash<const Node*, QString> m_anonNames;
    QHash<QString, int> m_anonCounters; // per name prefix: "anon", a table's name
    CompiledStatement m_result;
};

// The FROM objects that the columns of an expression belong to, in order of appearance,
// not looking into nested SELECTs.
void collectFroms(const Node& node, std::vector<FromPtr>& out);
// True when `from` is `target` or a join containing it.
bool fromCovers(const FromNode& from, const FromNode& target);

} // namespace orm::sql
