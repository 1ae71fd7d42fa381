#include "orm/sql/fromclause.h"

#include "orm/errors.h"
#include "orm/sql/metadata.h"
#include "orm/sql/nodes.h"
#include "orm/sql/table.h"

namespace orm {

using namespace sql;

namespace {

// The tables a FROM object is made of, each with the FROM object that names it (an alias or
// the table itself).
void leafTables(const FromPtr& from, std::vector<std::pair<const Table*, FromPtr>>& out)
{
    if (auto* t = dynamic_cast<const TableNode*>(from.get()))
        out.emplace_back(t->table, from);
    else if (auto* a = dynamic_cast<const AliasNode*>(from.get()); a && a->table())
        out.emplace_back(a->table(), from);
    else if (auto* j = dynamic_cast<const JoinNode*>(from.get())) {
        leafTables(j->left, out);
        leafTables(j->right, out);
    }
}

Expr columnOf(const FromPtr& from, const Column& column)
{
    auto node = std::make_shared<ColumnNode>();
    node->column = &column;
    node->from = from;
    node->name = column.name();
    node->columnType = column.type();
    return Expr(std::move(node));
}

// `child.fk columns = parent.target columns` for each foreign key from child to parent.
std::vector<Expr> foreignKeyConditions(const Table* child, const FromPtr& childFrom,
                                       const Table* parent, const FromPtr& parentFrom)
{
    std::vector<Expr> conditions;
    for (const ForeignKeyConstraint& fk : child->foreignKeys()) {
        if (fk.referredTable(*child->metadata()) != parent)
            continue;
        std::vector<Expr> pairs;
        for (qsizetype i = 0; i < fk.columns.size(); ++i)
            pairs.push_back(columnOf(childFrom, child->column(fk.columns[i])) ==
                            columnOf(parentFrom, parent->column(fk.targetColumns[i])));
        conditions.push_back(and_(pairs));
    }
    return conditions;
}

Expr inferJoinCondition(const FromPtr& left, const FromPtr& right)
{
    std::vector<std::pair<const Table*, FromPtr>> lefts, rights;
    leafTables(left, lefts);
    leafTables(right, rights);
    std::vector<Expr> found;
    for (const auto& [rt, rf] : rights) {
        for (const auto& [lt, lf] : lefts) {
            for (const Expr& e : foreignKeyConditions(rt, rf, lt, lf))
                found.push_back(e);
            if (lt != rt) {
                for (const Expr& e : foreignKeyConditions(lt, lf, rt, rf))
                    found.push_back(e);
            }
        }
    }
    if (found.size() == 1)
        return found.front();
    const QString names = QStringLiteral("%1 and %2").arg(From(left).name(), From(right).name());
    if (found.empty())
        throw ArgumentError(
            QStringLiteral("can't find any foreign key between %1 to join on; give the ON clause")
                .arg(names));
    throw ArgumentError(
        QStringLiteral("more than one foreign key between %1; give the ON clause").arg(names));
}

From makeJoin(const FromPtr& left, const From& right, const Expr& on, bool outer)
{
    if (!left || !right.isValid())
        throw ArgumentError(QStringLiteral("a join needs two FROM objects"));
    auto node = std::make_shared<JoinNode>();
    node->left = left;
    node->right = right.shared();
    node->on = (on.isValid() ? on : inferJoinCondition(left, right.shared())).shared();
    node->outer = outer;
    return From(std::move(node));
}

} // namespace

From::From(const Table& table) : m_node(table.node()) {}

Expr From::c(const QString& name) const
{
    if (auto* t = dynamic_cast<const TableNode*>(m_node.get()))
        return columnOf(m_node, t->table->column(name));
    if (auto* a = dynamic_cast<const AliasNode*>(m_node.get())) {
        if (const Table* table = a->table())
            return columnOf(m_node, table->column(name));
        const SelectBaseNode* select = a->select();
        const qsizetype i = select->columnNames().indexOf(name);
        if (i < 0)
            throw ArgumentError(
                QStringLiteral("subquery %1 has no column named \"%2\"").arg(a->name, name));
        auto node = std::make_shared<ColumnNode>();
        node->from = m_node;
        node->name = name;
        node->columnType = select->columnTypes()[size_t(i)];
        return Expr(std::move(node));
    }
    if (dynamic_cast<const JoinNode*>(m_node.get())) {
        for (const Expr& e : columns()) {
            if (static_cast<const ColumnNode*>(e.node())->name == name)
                return e;
        }
        throw ArgumentError(QStringLiteral("join has no column named \"%1\"").arg(name));
    }
    throw ArgumentError(QStringLiteral("empty FROM object"));
}

std::vector<Expr> From::columns() const
{
    std::vector<Expr> out;
    if (auto* j = dynamic_cast<const JoinNode*>(m_node.get())) {
        out = From(j->left).columns();
        const auto right = From(j->right).columns();
        out.insert(out.end(), right.begin(), right.end());
        return out;
    }
    if (auto* a = dynamic_cast<const AliasNode*>(m_node.get()); a && a->select()) {
        for (const QString& name : a->select()->columnNames())
            out.push_back(c(name));
        return out;
    }
    const TableNode* t = dynamic_cast<const TableNode*>(m_node.get());
    const Table* table = t ? t->table : static_cast<const AliasNode*>(m_node.get())->table();
    for (const Column* column : table->columns())
        out.push_back(columnOf(m_node, *column));
    return out;
}

QString From::name() const
{
    if (auto* t = dynamic_cast<const TableNode*>(m_node.get()))
        return t->table->name();
    if (auto* a = dynamic_cast<const AliasNode*>(m_node.get()))
        return a->name;
    return {};
}

From From::join(const From& right, const Expr& on) const
{
    return makeJoin(m_node, right, on, false);
}
From From::outerJoin(const From& right, const Expr& on) const
{
    return makeJoin(m_node, right, on, true);
}

From alias(const Table& table, const QString& name)
{
    auto node = std::make_shared<AliasNode>();
    node->target = table.node();
    node->name = name;
    return From(std::move(node));
}

} // namespace orm
