#include "orm/query/loading.h"

#include "orm/errors.h"
#include "orm/mapping/mapper.h"
#include "orm/mapping/relationship.h"
#include "orm/sql/column.h"
#include "orm/sql/nodes.h"
#include "orm/sql/table.h"

namespace orm {

LoadOption LoadOption::then(RelationshipRef ref, Loading strategy) const
{
    const Relationship& relationship = ref.get();
    if (!m_path.empty() && &m_path.back().first->target() != &relationship.parent())
        throw ArgumentError(
            QStringLiteral("loader option path: %1 does not start from %2")
                .arg(relationship.describe(), m_path.back().first->target().className()));
    LoadOption next = *this;
    next.m_path.emplace_back(&relationship, strategy);
    return next;
}

namespace detail {

namespace {

LoadNode& nodeFor(std::vector<LoadNode>& level, const Relationship* relationship)
{
    for (LoadNode& node : level) {
        if (node.relationship == relationship)
            return node;
    }
    level.push_back(LoadNode{relationship, Loading::Lazy, false, {}});
    return level.back();
}

bool isEager(Loading loading)
{
    return loading == Loading::Selectin || loading == Loading::Joined ||
           loading == Loading::Subquery || loading == Loading::Immediate;
}

// Whether a relationship mapped as eager loads at the end of `path` (SQLAlchemy's rule): with a
// join depth, while the path is no longer than it; without, unless its target class is already
// on the path (which stops self-referential and cyclic eager loading).
bool mappedEagerAllowed(const Relationship& relationship, const Mapper& mapper,
                        const LoadPath& path)
{
    const size_t length = path.size() + 1;
    if (relationship.joinDepth() > 0)
        return length <= size_t(relationship.joinDepth());
    const Mapper& target = relationship.target();
    if (&target == (path.empty() ? &mapper : &path.front()->parent()))
        return false;
    for (const Relationship* step : path) {
        if (&step->target() == &target)
            return false;
    }
    return true;
}

} // namespace

std::vector<LoadNode> optionTree(const std::vector<LoadOption>& options)
{
    // Paths sharing a prefix share its nodes; a later option's strategy for a step wins.
    std::vector<LoadNode> roots;
    for (const LoadOption& option : options) {
        std::vector<LoadNode>* level = &roots;
        for (const auto& [relationship, strategy] : option.path()) {
            LoadNode& node = nodeFor(*level, relationship);
            node.strategy = strategy;
            node.containsEager = option.isContainsEager();
            level = &node.children;
        }
    }
    return roots;
}

std::vector<LoadNode> loadPlan(const Mapper& mapper, const std::vector<LoadNode>& options,
                               const LoadPath& path)
{
    std::vector<LoadNode> plan;
    for (const auto& relationship : mapper.relationships()) {
        const LoadNode* named = nullptr;
        for (const LoadNode& node : options) {
            if (node.relationship == relationship.get())
                named = &node;
        }
        const bool dynamic = relationship->loading() == Loading::Dynamic;
        if (named && dynamic && named->strategy != Loading::Lazy)
            throw InvalidRequestError(
                QStringLiteral("'%1' is a dynamic relationship: it is never loaded whole, so "
                               "eager loading cannot be applied")
                    .arg(relationship->describe()));
        if (named)
            plan.push_back(*named);
        else if (isEager(relationship->loading()) &&
                 mappedEagerAllowed(*relationship, mapper, path))
            plan.push_back(LoadNode{relationship.get(), relationship->loading(), false, {}});
    }
    return plan;
}

// ---- JoinBuilder ------------------------------------------------------------------------------

From JoinBuilder::aliasOf(const Table& table)
{
    // Anonymous: the compiler names it users_1, users_2, ... in order of appearance, counting
    // together with the query's own anonymous aliases of the table, as SQLAlchemy does.
    return table.alias();
}

Select JoinBuilder::add(Select query, const From& parent, const Mapper& mapper,
                        const std::vector<LoadNode>& options, const LoadPath& path,
                        bool containsOnly)
{
    return addLevel(query, parent, mapper, options, path, containsOnly, joins);
}

Select JoinBuilder::addLevel(Select query, const From& parent, const Mapper& mapper,
                             const std::vector<LoadNode>& options, const LoadPath& path,
                             bool containsOnly, std::vector<JoinedLoad>& out)
{
    for (const LoadNode& step : loadPlan(mapper, options, path)) {
        if (step.strategy != Loading::Joined || step.containsEager != containsOnly)
            continue;
        const Relationship& relationship = *step.relationship;
        From target;
        if (step.containsEager) {
            target = m_explicit.value(&relationship);
            if (!target.isValid())
                throw InvalidRequestError(
                    QStringLiteral("containsEager(%1): the query does not join along it")
                        .arg(relationship.describe()));
        } else {
            target = aliasOf(relationship.target().table());
            query = joinTo(query, parent, relationship, target);
        }
        JoinedLoad load;
        load.relationship = &relationship;
        load.offset = offset;
        const Mapper& targetMapper = relationship.target();
        for (int i = 0; i < targetMapper.propertyCount(); ++i)
            columns.push_back(target.c(targetMapper.property(i).column->name()));
        offset += targetMapper.propertyCount();
        // (A containsEager collection comes in the order the query gives.)
        if (!step.containsEager) {
            for (const Expr& term : relationship.orderBy()) {
                if (auto t = retarget(term, target))
                    orderBy.push_back(*t);
            }
        }
        LoadPath next = path;
        next.push_back(&relationship);
        // A containsEager chain continues along the query's joins only; a joined step below it
        // is loaded after the query instead (as selectin).
        query =
            addLevel(query, target, targetMapper, step.children, next, containsOnly, load.children);
        out.push_back(std::move(load));
    }
    return query;
}

Select JoinBuilder::joinTo(const Select& query, const From& parent,
                           const Relationship& relationship, const From& target)
{
    // The ON clause reads referenced column = foreign key column, as SQLAlchemy writes it.
    const bool manyToOne = relationship.direction() == RelationshipDirection::ManyToOne;
    if (const Table* secondary = relationship.secondary()) {
        // LEFT OUTER JOIN (secondary AS s_1 JOIN target AS t_1 ON ...) ON parent.id = s_1.x
        const From link = aliasOf(*secondary);
        Expr inner;
        for (const auto& [targetColumn, secondaryColumn] : relationship.secondaryPairs())
            inner = inner && (target.c(targetColumn->name()) == link.c(secondaryColumn->name()));
        Expr on;
        for (const auto& [local, secondaryColumn] : relationship.pairs())
            on = on && (parent.c(local->name()) == link.c(secondaryColumn->name()));
        return query.joinOnto(parent, link.join(target, inner), on, true);
    }
    Expr on;
    for (const auto& [local, remote] : relationship.pairs()) {
        on = on && (manyToOne ? target.c(remote->name()) == parent.c(local->name())
                              : parent.c(local->name()) == target.c(remote->name()));
    }
    return query.joinOnto(parent, target, on, true);
}

std::optional<Expr> retarget(const Expr& term, const From& from)
{
    if (const auto* column = dynamic_cast<const sql::ColumnNode*>(term.node()))
        return from.c(column->name);
    if (const auto* unary = dynamic_cast<const sql::UnaryNode*>(term.node())) {
        const auto* inner = dynamic_cast<const sql::ColumnNode*>(unary->operand.get());
        if (inner && unary->op == sql::UnaryOperator::Desc)
            return from.c(inner->name).desc();
        if (inner && unary->op == sql::UnaryOperator::Asc)
            return from.c(inner->name).asc();
    }
    return std::nullopt;
}

Select prependColumns(const Select& query, const std::vector<Expr>& columns)
{
    auto node =
        std::make_shared<sql::SelectNode>(*static_cast<const sql::SelectNode*>(query.node()));
    std::vector<sql::NodePtr> leading;
    for (const Expr& column : columns)
        leading.push_back(column.shared());
    node->columns.insert(node->columns.begin(), leading.begin(), leading.end());
    return Select(std::move(node));
}

Expr tupleIn(const std::vector<Expr>& columns, const QList<QVariantList>& keys)
{
    // The SQL expression API has IN over single values only; the row-value form is built from
    // the same nodes: a parenthesised list of columns, IN, a list of parenthesised value lists.
    auto tupleOf = [](std::vector<sql::NodePtr> items) {
        auto node = std::make_shared<sql::ListNode>();
        node->kind = sql::ListNode::Tuple;
        node->items = std::move(items);
        return node;
    };
    std::vector<sql::NodePtr> left;
    for (const Expr& column : columns)
        left.push_back(column.shared());
    std::vector<sql::NodePtr> rows;
    for (const QVariantList& key : keys) {
        std::vector<sql::NodePtr> values;
        for (qsizetype i = 0; i < key.size(); ++i)
            values.push_back(literal(key[i], columns[size_t(i)].type()).shared());
        rows.push_back(tupleOf(std::move(values)));
    }
    auto in = std::make_shared<sql::BinaryNode>();
    in->op = sql::Operator::In;
    in->left = tupleOf(std::move(left));
    in->right = tupleOf(std::move(rows));
    in->resultType = SqlType::boolean();
    return Expr(std::move(in));
}

} // namespace detail

} // namespace orm
