#include "orm/query/evaluator.h"

#include "orm/errors.h"
#include "orm/mapping/mapper.h"
#include "orm/session/instancestate.h"
#include "orm/sql/nodes.h"

namespace orm::detail {

using namespace sql;

namespace {

[[noreturn]] void unsupported(const QString& what)
{
    throw InvalidRequestError(
        QStringLiteral("Could not evaluate the criteria in memory: %1 is not supported; use "
                       "Synchronize::Fetch or Synchronize::None")
            .arg(what));
}

// SQL comparison of two non-NULL values; numbers of different C++ types compare by value.
std::optional<int> compare(const QVariant& a, const QVariant& b)
{
    const QPartialOrdering order = QVariant::compare(a, b);
    if (order == QPartialOrdering::Less)
        return -1;
    if (order == QPartialOrdering::Greater)
        return 1;
    if (order == QPartialOrdering::Equivalent)
        return 0;
    return std::nullopt;
}

QVariant truth(bool value)
{
    return QVariant(value);
}

} // namespace

CriteriaEvaluator::CriteriaEvaluator(const Mapper& mapper, const QVariantMap& params)
    : m_mapper(mapper), m_params(params)
{}

void CriteriaEvaluator::check(const Node* criteria) const
{
    if (criteria)
        evaluate(*criteria, nullptr);
}

bool CriteriaEvaluator::matches(const Node* criteria, const InstanceState& state) const
{
    if (!criteria)
        return true;
    const QVariant result = evaluate(*criteria, &state);
    return result.isValid() && !result.isNull() && result.toBool();
}

QVariant CriteriaEvaluator::evaluate(const Node& node, const InstanceState* state) const
{
    if (auto* column = dynamic_cast<const ColumnNode*>(&node)) {
        const int index = column->column ? m_mapper.indexOf(column->column) : -1;
        if (index < 0 || !dynamic_cast<const TableNode*>(column->from.get()))
            unsupported(QStringLiteral("the column %1 of another table").arg(column->name));
        return state ? state->currentValue(index) : QVariant();
    }
    if (auto* bind = dynamic_cast<const BindNode*>(&node)) {
        if (bind->hasValue)
            return bind->value;
        if (!m_params.contains(bind->name))
            throw ArgumentError(
                QStringLiteral("no value was given for the parameter :%1").arg(bind->name));
        return m_params.value(bind->name);
    }
    if (dynamic_cast<const NullNode*>(&node))
        return {};
    if (auto* list = dynamic_cast<const ListNode*>(&node)) {
        if (list->kind == ListNode::Tuple)
            unsupported(QStringLiteral("a tuple"));
        // Three-valued AND/OR: false (true) decides, unknown stays unknown otherwise.
        const bool isAnd = list->kind == ListNode::And;
        bool unknown = false;
        for (const NodePtr& item : list->items) {
            const QVariant v = evaluate(*item, state);
            if (!state)
                continue;
            if (v.isNull())
                unknown = true;
            else if (v.toBool() != isAnd)
                return truth(!isAnd);
        }
        return unknown ? QVariant() : truth(isAnd);
    }
    if (auto* unary = dynamic_cast<const UnaryNode*>(&node)) {
        const QVariant v = evaluate(*unary->operand, state);
        switch (unary->op) {
        case UnaryOperator::Not:
            return v.isNull() ? QVariant() : truth(!v.toBool());
        case UnaryOperator::IsNull:
            return truth(v.isNull());
        case UnaryOperator::IsNotNull:
            return truth(!v.isNull());
        default:
            unsupported(QStringLiteral("this unary operator"));
        }
    }
    if (auto* between = dynamic_cast<const BetweenNode*>(&node)) {
        const QVariant v = evaluate(*between->expr, state);
        const QVariant low = evaluate(*between->low, state);
        const QVariant high = evaluate(*between->high, state);
        if (v.isNull() || low.isNull() || high.isNull())
            return {};
        const auto a = compare(v, low), b = compare(v, high);
        if (!a || !b)
            return {};
        return truth((*a >= 0 && *b <= 0) != between->negate);
    }
    if (auto* binary = dynamic_cast<const BinaryNode*>(&node)) {
        const QVariant l = evaluate(*binary->left, state);
        if (binary->op == Operator::In || binary->op == Operator::NotIn) {
            auto* items = dynamic_cast<const ListNode*>(binary->right.get());
            if (!items || items->kind != ListNode::Tuple)
                unsupported(QStringLiteral("IN with a subquery"));
            bool found = false, sawNull = false;
            for (const NodePtr& item : items->items) {
                const QVariant v = evaluate(*item, state);
                if (v.isNull())
                    sawNull = true;
                else if (!l.isNull() && compare(l, v) == 0)
                    found = true;
            }
            if (l.isNull() || (!found && sawNull))
                return {};
            return truth(found == (binary->op == Operator::In));
        }
        const QVariant r = evaluate(*binary->right, state);
        if (binary->op == Operator::Is || binary->op == Operator::IsNot) {
            const bool same =
                (l.isNull() && r.isNull()) || (!l.isNull() && !r.isNull() && compare(l, r) == 0);
            return truth(same == (binary->op == Operator::Is));
        }
        if (binary->op > Operator::Ge)
            unsupported(QStringLiteral("this operator (LIKE, arithmetic, concatenation)"));
        if (l.isNull() || r.isNull())
            return {};
        const auto c = compare(l, r);
        if (!c)
            return {};
        switch (binary->op) {
        case Operator::Eq:
            return truth(*c == 0);
        case Operator::Ne:
            return truth(*c != 0);
        case Operator::Lt:
            return truth(*c < 0);
        case Operator::Le:
            return truth(*c <= 0);
        case Operator::Gt:
            return truth(*c > 0);
        default:
            return truth(*c >= 0);
        }
    }
    unsupported(QStringLiteral("this kind of expression (a function, text, subquery or CASE)"));
}

} // namespace orm::detail
