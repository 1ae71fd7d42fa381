#include "orm/sql/expression.h"

#include "orm/errors.h"
#include "orm/sql/column.h"
#include "orm/sql/nodes.h"
#include "orm/sql/select.h"
#include "orm/sql/statement.h"
#include "orm/sql/table.h"

namespace orm {

using namespace sql;

namespace {

template <class T, class... Args>
Expr make(Args&&... args)
{
    return Expr(std::make_shared<T>(std::forward<Args>(args)...));
}

Expr bind(const QVariant& value, const SqlType& type)
{
    auto node = std::make_shared<BindNode>();
    node->value = value;
    node->valueType = type.isNull() ? typeOfValue(value) : type;
    return Expr(std::move(node));
}

Expr unary(UnaryOperator op, const Expr& operand)
{
    if (!operand.isValid())
        throw ArgumentError(QStringLiteral("an operator was applied to an empty expression"));
    auto node = std::make_shared<UnaryNode>();
    node->op = op;
    node->operand = operand.shared();
    return Expr(std::move(node));
}

Expr binary(Operator op, const Expr& l, const Expr& r, const SqlType& type, QChar escape = {})
{
    if (!l.isValid() || !r.isValid())
        throw ArgumentError(QStringLiteral("an operator was applied to an empty expression"));
    auto node = std::make_shared<BinaryNode>();
    node->op = op;
    node->left = l.shared();
    node->right = r.shared();
    node->resultType = type;
    node->escape = escape;
    return Expr(std::move(node));
}

Expr list(ListNode::Kind kind, const std::vector<Expr>& items)
{
    auto node = std::make_shared<ListNode>();
    node->kind = kind;
    for (const Expr& e : items) {
        if (!e.isValid())
            continue;
        // Flatten (a AND b) AND c into one list; SQL needs no nesting for the same operator.
        auto* inner = dynamic_cast<const ListNode*>(e.node());
        if (inner && inner->kind == kind && kind != ListNode::Tuple)
            node->items.insert(node->items.end(), inner->items.begin(), inner->items.end());
        else
            node->items.push_back(e.shared());
    }
    if (kind != ListNode::Tuple && node->items.size() == 1)
        return Expr(node->items.front());
    if (kind != ListNode::Tuple && node->items.empty())
        return Expr();
    return Expr(std::move(node));
}

bool isNullValue(const Arg& a)
{
    return a.isValue() ? !a.value().isValid()
                       : dynamic_cast<const NullNode*>(a.toExpr().node()) != nullptr;
}

Operator toOperator(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Eq:
        return Operator::Eq;
    case BinaryOp::Ne:
        return Operator::Ne;
    case BinaryOp::Lt:
        return Operator::Lt;
    case BinaryOp::Le:
        return Operator::Le;
    case BinaryOp::Gt:
        return Operator::Gt;
    case BinaryOp::Ge:
        return Operator::Ge;
    case BinaryOp::Add:
        return Operator::Add;
    case BinaryOp::Sub:
        return Operator::Sub;
    case BinaryOp::Mul:
        return Operator::Mul;
    case BinaryOp::Div:
        return Operator::Div;
    case BinaryOp::Concat:
        return Operator::Concat;
    }
    return Operator::Eq;
}

// LIKE pattern for text that must match literally: the escape character, % and _ are escaped.
QString escapeLike(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (QChar ch : text) {
        if (ch == u'/' || ch == u'%' || ch == u'_')
            out += u'/';
        out += ch;
    }
    return out;
}

Expr likeExpr(Operator op, const Expr& l, const Arg& pattern, QChar escape)
{
    return binary(op, l, pattern.toExpr(SqlType::string()), SqlType::boolean(), escape);
}

Expr inList(Operator op, const Expr& l, const QVariantList& values)
{
    std::vector<Expr> items;
    items.reserve(size_t(values.size()));
    for (const QVariant& v : values)
        items.push_back(bind(v, l.type()));
    return binary(op, l, list(ListNode::Tuple, items), SqlType::boolean());
}

Expr inSelect(Operator op, const Expr& l, const Select& subquery)
{
    return binary(op, l, subquery.scalar(), SqlType::boolean());
}

Expr between(bool negate, const Expr& e, const Arg& low, const Arg& high)
{
    auto node = std::make_shared<BetweenNode>();
    node->expr = e.shared();
    node->low = low.toExpr(e.type()).shared();
    node->high = high.toExpr(e.type()).shared();
    node->negate = negate;
    return Expr(std::move(node));
}

} // namespace

// ---- Expr ------------------------------------------------------------------------------------

Expr::Expr(const Column& column)
{
    auto node = std::make_shared<ColumnNode>();
    node->column = &column;
    node->from = column.table()->node();
    node->name = column.name();
    node->columnType = column.type();
    m_node = std::move(node);
}

SqlType Expr::type() const
{
    return m_node ? m_node->type() : SqlType();
}

Expr Expr::isNull() const
{
    return unary(UnaryOperator::IsNull, *this);
}
Expr Expr::isNotNull() const
{
    return unary(UnaryOperator::IsNotNull, *this);
}
Expr Expr::like(const Arg& p, QChar escape) const
{
    return likeExpr(Operator::Like, *this, p, escape);
}
Expr Expr::notLike(const Arg& p, QChar escape) const
{
    return likeExpr(Operator::NotLike, *this, p, escape);
}
Expr Expr::ilike(const Arg& p, QChar escape) const
{
    return likeExpr(Operator::ILike, *this, p, escape);
}
Expr Expr::notIlike(const Arg& p, QChar escape) const
{
    return likeExpr(Operator::NotILike, *this, p, escape);
}

Expr Expr::startsWith(const QString& text) const
{
    return likeExpr(Operator::Like, *this, escapeLike(text) + u'%', u'/');
}

Expr Expr::endsWith(const QString& text) const
{
    return likeExpr(Operator::Like, *this, u'%' + escapeLike(text), u'/');
}

Expr Expr::contains(const QString& text) const
{
    return likeExpr(Operator::Like, *this, u'%' + escapeLike(text) + u'%', u'/');
}

Expr Expr::in(const QVariantList& values) const
{
    return inList(Operator::In, *this, values);
}
Expr Expr::notIn(const QVariantList& values) const
{
    return inList(Operator::NotIn, *this, values);
}
Expr Expr::in(const Select& subquery) const
{
    return inSelect(Operator::In, *this, subquery);
}
Expr Expr::notIn(const Select& subquery) const
{
    return inSelect(Operator::NotIn, *this, subquery);
}
Expr Expr::match(const Arg& pattern) const
{
    return binary(Operator::Match, *this, pattern.toExpr(SqlType::string()), SqlType::boolean());
}

Expr Expr::between(const Arg& low, const Arg& high) const
{
    return orm::between(false, *this, low, high);
}
Expr Expr::notBetween(const Arg& low, const Arg& high) const
{
    return orm::between(true, *this, low, high);
}

Expr Expr::concat(const Arg& other) const
{
    return binary(Operator::Concat, *this, other.toExpr(SqlType::string()), SqlType::string());
}

Expr Expr::label(const QString& name) const
{
    auto node = std::make_shared<LabelNode>();
    node->name = name;
    node->expr = m_node;
    return Expr(std::move(node));
}

Expr Expr::cast(const SqlType& type) const
{
    return orm::cast(*this, type);
}
Expr Expr::asc() const
{
    return unary(UnaryOperator::Asc, *this);
}
Expr Expr::desc() const
{
    return unary(UnaryOperator::Desc, *this);
}
Expr Expr::nullsFirst() const
{
    return unary(UnaryOperator::NullsFirst, *this);
}
Expr Expr::nullsLast() const
{
    return unary(UnaryOperator::NullsLast, *this);
}

Expr Arg::toExpr(const SqlType& context) const
{
    return m_isValue ? bind(m_value, context) : m_expr;
}

// ---- operators -------------------------------------------------------------------------------

Expr binaryExpr(BinaryOp op, const Arg& l, const Arg& r)
{
    if (l.isValue() && r.isValue())
        throw ArgumentError(
            QStringLiteral("an SQL operator needs an expression on at least one side"));
    if (op == BinaryOp::Eq || op == BinaryOp::Ne) {
        // `x == NULL` is never true in SQL; SQLAlchemy turns it into IS NULL, and so do we.
        const bool leftNull = isNullValue(l);
        if (leftNull || isNullValue(r)) {
            const Expr other = leftNull ? r.toExpr() : l.toExpr();
            return unary(op == BinaryOp::Eq ? UnaryOperator::IsNull : UnaryOperator::IsNotNull,
                         other);
        }
    }
    const Expr left = l.isValue() ? l.toExpr(r.toExpr().type()) : l.toExpr();
    const Expr right = r.toExpr(left.type());
    SqlType type = SqlType::boolean();
    if (op >= BinaryOp::Add)
        type = op == BinaryOp::Concat ? SqlType::string()
                                      : (left.type().isNull() ? right.type() : left.type());
    return binary(toOperator(op), left, right, type);
}

Expr operator-(const Expr& operand)
{
    return unary(UnaryOperator::Negate, operand);
}

Expr operator&&(const Expr& l, const Expr& r)
{
    return list(ListNode::And, {l, r});
}
Expr operator||(const Expr& l, const Expr& r)
{
    return list(ListNode::Or, {l, r});
}
Expr operator!(const Expr& operand)
{
    return not_(operand);
}
Expr and_(const std::vector<Expr>& conditions)
{
    return list(ListNode::And, conditions);
}
Expr or_(const std::vector<Expr>& conditions)
{
    return list(ListNode::Or, conditions);
}

Expr not_(const Expr& condition)
{
    // NOT of a comparison reads better as the opposite comparison: NOT (a IS NULL) -> a IS NOT
    // NULL.
    if (auto* u = dynamic_cast<const UnaryNode*>(condition.node())) {
        if (u->op == UnaryOperator::IsNull)
            return unary(UnaryOperator::IsNotNull, Expr(u->operand));
        if (u->op == UnaryOperator::IsNotNull)
            return unary(UnaryOperator::IsNull, Expr(u->operand));
        if (u->op == UnaryOperator::Not)
            return Expr(u->operand);
    }
    // NOT (a IN (...)) -> a NOT IN (...), NOT (a LIKE b) -> a NOT LIKE b, as SQLAlchemy writes ~.
    if (auto* b = dynamic_cast<const BinaryNode*>(condition.node())) {
        static const std::pair<Operator, Operator> opposites[] = {
            {Operator::In, Operator::NotIn},
            {Operator::Like, Operator::NotLike},
            {Operator::ILike, Operator::NotILike}};
        for (const auto& [positive, negative] : opposites) {
            if (b->op == positive || b->op == negative) {
                auto node = std::make_shared<BinaryNode>(*b);
                node->op = b->op == positive ? negative : positive;
                return Expr(std::move(node));
            }
        }
    }
    return unary(UnaryOperator::Not, condition);
}

// ---- constructors ----------------------------------------------------------------------------

Expr null()
{
    return make<NullNode>();
}

Expr literal(const Arg& value, const SqlType& type)
{
    return value.isValue() ? bind(value.value(), type) : value.toExpr();
}

Expr bindParam(const QString& name, const SqlType& type)
{
    auto node = std::make_shared<BindNode>();
    node->name = name;
    node->valueType = type;
    node->hasValue = false;
    return Expr(std::move(node));
}

Expr cast(const Arg& value, const SqlType& type)
{
    auto node = std::make_shared<CastNode>();
    node->expr = value.toExpr().shared();
    node->target = type;
    return Expr(std::move(node));
}

Expr exists(const Select& subquery)
{
    return unary(UnaryOperator::Exists, subquery.scalar());
}

Expr caseWhen(const std::vector<std::pair<Expr, Arg>>& whens, const std::optional<Arg>& otherwise)
{
    if (whens.empty())
        throw ArgumentError(QStringLiteral("CASE needs at least one WHEN"));
    auto node = std::make_shared<CaseNode>();
    for (const auto& [condition, value] : whens)
        node->whens.emplace_back(condition.shared(), value.toExpr().shared());
    if (otherwise)
        node->otherwise = otherwise->toExpr(node->type()).shared();
    return Expr(std::move(node));
}

Expr textExpr(const QString& sql, const QVariantMap& values)
{
    return Expr(text(sql).bind(values));
}

namespace func {

Expr call(const QString& name, const std::vector<Arg>& args, const SqlType& returnType)
{
    auto node = std::make_shared<FunctionNode>();
    node->name = name;
    for (const Arg& a : args)
        node->args.push_back(a.toExpr().shared());
    node->returnType = returnType;
    return Expr(std::move(node));
}

Expr count()
{
    auto node = std::make_shared<FunctionNode>();
    node->name = QStringLiteral("count");
    node->args.push_back(std::make_shared<StarNode>());
    node->returnType = SqlType::bigInteger();
    return Expr(std::move(node));
}

Expr count(const Expr& e)
{
    return call(QStringLiteral("count"), {e}, SqlType::bigInteger());
}
Expr sum(const Expr& e)
{
    return call(QStringLiteral("sum"), {e}, e.type());
}
Expr min(const Expr& e)
{
    return call(QStringLiteral("min"), {e}, e.type());
}
Expr max(const Expr& e)
{
    return call(QStringLiteral("max"), {e}, e.type());
}
Expr avg(const Expr& e)
{
    return call(QStringLiteral("avg"), {e}, SqlType::floating());
}
Expr lower(const Arg& e)
{
    return call(QStringLiteral("lower"), {e.toExpr(SqlType::string())}, SqlType::string());
}
Expr upper(const Arg& e)
{
    return call(QStringLiteral("upper"), {e.toExpr(SqlType::string())}, SqlType::string());
}
Expr length(const Arg& e)
{
    return call(QStringLiteral("length"), {e.toExpr(SqlType::string())}, SqlType::integer());
}
Expr now()
{
    return call(QStringLiteral("now"), {}, SqlType::dateTime(true));
}

Expr coalesce(const std::vector<Arg>& args)
{
    SqlType type;
    for (const Arg& a : args) {
        if (!a.isValue()) {
            type = a.toExpr().type();
            break;
        }
    }
    std::vector<Arg> typed;
    for (const Arg& a : args)
        typed.emplace_back(a.toExpr(type));
    return call(QStringLiteral("coalesce"), typed, type);
}

} // namespace func

} // namespace orm
