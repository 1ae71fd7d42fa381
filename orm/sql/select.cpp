#include "orm/sql/select.h"

#include "orm/errors.h"
#include "orm/sql/compiler.h"
#include "orm/sql/nodes.h"

namespace orm {

using namespace sql;

namespace {

std::vector<NodePtr> nodesOf(const std::vector<Expr>& exprs)
{
    std::vector<NodePtr> out;
    out.reserve(exprs.size());
    for (const Expr& e : exprs) {
        if (!e.isValid())
            throw ArgumentError(QStringLiteral("an empty expression was given as a column"));
        out.push_back(e.shared());
    }
    return out;
}

NodePtr boundCount(qint64 count)
{
    if (count < 0)
        throw ArgumentError(
            QStringLiteral("LIMIT and OFFSET must not be negative (got %1)").arg(count));
    auto node = std::make_shared<BindNode>();
    node->value = count;
    node->valueType = SqlType::integer();
    return node;
}

} // namespace

// Copies the node for a generative change; only plain SELECTs have a WHERE, FROM or GROUP BY.
#define QTORM_SELECT_COPY(what)                                                                    \
    auto* current = dynamic_cast<const SelectNode*>(m_node.get());                                 \
    if (!current)                                                                                  \
        throw InvalidRequestError(QStringLiteral("%1 is not available on a UNION").arg(what));     \
    auto node = std::make_shared<SelectNode>(*current)

Select Select::where(const Expr& condition) const
{
    QTORM_SELECT_COPY(QStringLiteral("where()"));
    node->where = (Expr(node->where) && condition).shared();
    return Select(std::move(node));
}

Select Select::selectFrom(const From& from) const
{
    QTORM_SELECT_COPY(QStringLiteral("selectFrom()"));
    node->froms.push_back(from.shared());
    return Select(std::move(node));
}

Select Select::join(const From& right, const Expr& on) const
{
    QTORM_SELECT_COPY(QStringLiteral("join()"));
    if (node->froms.empty()) {
        std::vector<FromPtr> referenced;
        for (const NodePtr& c : node->columns)
            collectFroms(*c, referenced);
        if (referenced.empty())
            throw InvalidRequestError(
                QStringLiteral("join(): the SELECT has no FROM object to join from"));
        node->froms.push_back(referenced.front());
    }
    node->froms.front() = From(node->froms.front()).join(right, on).shared();
    return Select(std::move(node));
}

Select Select::joinOnto(const From& left, const From& right, const Expr& on, bool outer) const
{
    QTORM_SELECT_COPY(QStringLiteral("join()"));
    if (node->froms.empty()) {
        // The FROM list the compiler would infer from the columns, in the same order.
        for (const NodePtr& c : node->columns)
            collectFroms(*c, node->froms);
    }
    for (FromPtr& from : node->froms) {
        if (fromCovers(*from, *left.shared())) {
            const From joined =
                outer ? From(from).outerJoin(right, on) : From(from).join(right, on);
            from = joined.shared();
            return Select(std::move(node));
        }
    }
    node->froms.push_back((outer ? left.outerJoin(right, on) : left.join(right, on)).shared());
    return Select(std::move(node));
}

Select Select::outerJoin(const From& right, const Expr& on) const
{
    const Select joined = join(right, on);
    auto node = std::make_shared<SelectNode>(*static_cast<const SelectNode*>(joined.node()));
    auto outer =
        std::make_shared<JoinNode>(*static_cast<const JoinNode*>(node->froms.front().get()));
    outer->outer = true;
    node->froms.front() = std::move(outer);
    return Select(std::move(node));
}

Select Select::addColumns(const std::vector<Expr>& columns) const
{
    QTORM_SELECT_COPY(QStringLiteral("addColumns()"));
    const auto added = nodesOf(columns);
    node->columns.insert(node->columns.end(), added.begin(), added.end());
    return Select(std::move(node));
}

Select Select::groupBy(const std::vector<Expr>& columns) const
{
    QTORM_SELECT_COPY(QStringLiteral("groupBy()"));
    node->groupBy = nodesOf(columns);
    return Select(std::move(node));
}

Select Select::having(const Expr& condition) const
{
    QTORM_SELECT_COPY(QStringLiteral("having()"));
    node->having = (Expr(node->having) && condition).shared();
    return Select(std::move(node));
}

Select Select::distinct(bool on) const
{
    QTORM_SELECT_COPY(QStringLiteral("distinct()"));
    node->distinct = on;
    return Select(std::move(node));
}

#undef QTORM_SELECT_COPY

namespace {

// ORDER BY, LIMIT and OFFSET apply to plain and compound SELECTs alike.
std::shared_ptr<SelectBaseNode> copyBase(const Node* node)
{
    if (auto* s = dynamic_cast<const SelectNode*>(node))
        return std::make_shared<SelectNode>(*s);
    return std::make_shared<CompoundSelectNode>(*static_cast<const CompoundSelectNode*>(node));
}

Select compound(const Select& left, const Select& right, bool all)
{
    auto node = std::make_shared<CompoundSelectNode>();
    node->all = all;
    auto* leftCompound = dynamic_cast<const CompoundSelectNode*>(left.node());
    // A UNION B UNION C is one compound, unless A UNION B carries its own ORDER BY or LIMIT.
    if (leftCompound && leftCompound->all == all && leftCompound->orderBy.empty() &&
        !leftCompound->limit && !leftCompound->offset)
        node->selects = leftCompound->selects;
    else
        node->selects.push_back(std::static_pointer_cast<const SelectBaseNode>(left.shared()));
    node->selects.push_back(std::static_pointer_cast<const SelectBaseNode>(right.shared()));
    return Select(std::move(node));
}

} // namespace

Select Select::orderBy(const std::vector<Expr>& columns) const
{
    auto node = copyBase(m_node.get());
    node->orderBy = nodesOf(columns);
    return Select(std::move(node));
}

Select Select::limit(qint64 count) const
{
    auto node = copyBase(m_node.get());
    node->limit = boundCount(count);
    return Select(std::move(node));
}

Select Select::offset(qint64 count) const
{
    auto node = copyBase(m_node.get());
    node->offset = boundCount(count);
    return Select(std::move(node));
}

Select Select::unionWith(const Select& other) const
{
    return compound(*this, other, false);
}
Select Select::unionAll(const Select& other) const
{
    return compound(*this, other, true);
}

From Select::subquery(const QString& name) const
{
    auto node = std::make_shared<AliasNode>();
    node->target = m_node;
    node->name = name;
    return From(std::move(node));
}

Expr Select::scalar() const
{
    auto node = std::make_shared<ScalarSelectNode>();
    node->select = std::static_pointer_cast<const SelectBaseNode>(m_node);
    return Expr(std::move(node));
}

Expr Select::exists() const
{
    return orm::exists(*this);
}

QStringList Select::columnNames() const
{
    return static_cast<const SelectBaseNode*>(m_node.get())->columnNames();
}

bool Select::isCompound() const
{
    return dynamic_cast<const CompoundSelectNode*>(m_node.get()) != nullptr;
}

Select select(const std::vector<Expr>& columns)
{
    auto node = std::make_shared<SelectNode>();
    node->columns = nodesOf(columns);
    return Select(std::move(node));
}

Select select(const From& from)
{
    auto node = std::make_shared<SelectNode>();
    node->columns = nodesOf(from.columns());
    node->froms.push_back(from.shared());
    return Select(std::move(node));
}

} // namespace orm
