#pragma once
// The SQL expression language: Expr is an immutable value naming a node of an expression tree.
// Operators on Expr build new trees; every plain C++ value that enters a tree becomes a bound
// parameter (never SQL text), typed after the column it is compared with.
//
//     orm::Expr cond = users.c("name").like("%ed") && users.c("id") > 1;

#include "orm/sql/types.h"

#include <QString>
#include <QVariant>
#include <QVariantList>
#include <initializer_list>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace orm {

class Column;
class Select;

namespace sql {
class Node;
}

class Arg;

class Expr {
public:
    Expr() = default;
    // A column is usable wherever an expression is.
    Expr(const Column& column); // NOLINT(google-explicit-constructor)
    explicit Expr(std::shared_ptr<const sql::Node> node) : m_node(std::move(node)) {}

    bool isValid() const { return bool(m_node); }
    const sql::Node* node() const { return m_node.get(); }
    const std::shared_ptr<const sql::Node>& shared() const { return m_node; }
    SqlType type() const;

    Expr isNull() const;
    Expr isNotNull() const;
    Expr like(const Arg& pattern, QChar escape = {}) const;
    Expr notLike(const Arg& pattern, QChar escape = {}) const;
    // Case-insensitive LIKE: ILIKE on PostgreSQL, lower(x) LIKE lower(y) elsewhere.
    Expr ilike(const Arg& pattern, QChar escape = {}) const;
    Expr notIlike(const Arg& pattern, QChar escape = {}) const;
    // LIKE with % and _ in the text escaped, so they match themselves.
    Expr startsWith(const QString& text) const;
    Expr endsWith(const QString& text) const;
    Expr contains(const QString& text) const;
    // IN over a list of values; an empty list is always false (NOT IN: always true).
    Expr in(const QVariantList& values) const;
    Expr notIn(const QVariantList& values) const;
    Expr in(std::initializer_list<QVariant> values) const { return in(QVariantList(values)); }
    Expr notIn(std::initializer_list<QVariant> values) const { return notIn(QVariantList(values)); }
    Expr in(const Select& subquery) const;
    Expr notIn(const Select& subquery) const;
    // Full-text match: `x @@ plainto_tsquery(?)` on PostgreSQL; `x MATCH ?` on SQLite, where
    // only FTS tables have it (SQLAlchemy's match()).
    Expr match(const Arg& pattern) const;
    Expr between(const Arg& low, const Arg& high) const;
    Expr notBetween(const Arg& low, const Arg& high) const;
    // String concatenation, SQL's || operator.
    Expr concat(const Arg& other) const;
    Expr label(const QString& name) const;
    Expr cast(const SqlType& type) const;

    // Ordering modifiers for ORDER BY.
    Expr asc() const;
    Expr desc() const;
    Expr nullsFirst() const;
    Expr nullsLast() const;

private:
    std::shared_ptr<const sql::Node> m_node;
};

namespace detail {
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
} // namespace detail

// Turns a C++ value into the QVariant that will be bound: strings of any spelling become
// QString, empty optionals and nullptr become NULL.
template <class T>
QVariant toVariant(const T& value)
{
    if constexpr (std::is_same_v<T, QVariant>)
        return value;
    else if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::nullopt_t>)
        return QVariant();
    else if constexpr (detail::IsOptional<T>::value)
        return value ? toVariant(*value) : QVariant();
    else if constexpr (std::is_same_v<T, QByteArray>)
        return QVariant(value); // bytes, not text: QByteArray would otherwise convert to QString
    else if constexpr (std::is_convertible_v<const T&, QString>)
        return QVariant(QString(value));
    else
        return QVariant::fromValue(value);
}

// An operand: an expression, or a plain value that becomes a bound parameter.
class Arg {
public:
    Arg(const Expr& expr) : m_expr(expr) {}       // NOLINT(google-explicit-constructor)
    Arg(const Column& column) : m_expr(column) {} // NOLINT(google-explicit-constructor)
    template <class T>
    requires(!std::is_convertible_v<const T&, Expr> && !std::is_same_v<T, Arg>) Arg(const T& value)
        : m_value(toVariant(value)), m_isValue(true) // NOLINT
    {}

    bool isValue() const { return m_isValue; }
    const QVariant& value() const { return m_value; }
    // The expression; a value becomes a bound parameter of the given type (or its own type).
    Expr toExpr(const SqlType& context = {}) const;

private:
    Expr m_expr;
    QVariant m_value;
    bool m_isValue = false;
};

enum class BinaryOp { Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Concat };

// Builds `l op r`; a plain value on one side is bound with the type of the other side.
Expr binaryExpr(BinaryOp op, const Arg& l, const Arg& r);

template <class T>
concept ExprLike = std::is_convertible_v<const T&, Expr>;

// Comparison and arithmetic between an expression (or column) and an expression or value.
// Comparing with NULL (nullptr, std::nullopt, an invalid QVariant) gives IS NULL / IS NOT NULL,
// as in SQLAlchemy.
#define QTORM_EXPR_OPERATOR(symbol, op)                                                            \
    template <class L, class R>                                                                    \
    requires(ExprLike<L> || ExprLike<R>) Expr operator symbol(const L& l, const R& r)              \
    {                                                                                              \
        return binaryExpr(BinaryOp::op, Arg(l), Arg(r));                                           \
    }
QTORM_EXPR_OPERATOR(==, Eq)
QTORM_EXPR_OPERATOR(!=, Ne)
QTORM_EXPR_OPERATOR(<, Lt)
QTORM_EXPR_OPERATOR(<=, Le)
QTORM_EXPR_OPERATOR(>, Gt)
QTORM_EXPR_OPERATOR(>=, Ge)
QTORM_EXPR_OPERATOR(+, Add)
QTORM_EXPR_OPERATOR(-, Sub)
QTORM_EXPR_OPERATOR(*, Mul)
QTORM_EXPR_OPERATOR(/, Div)
#undef QTORM_EXPR_OPERATOR
Expr operator-(const Expr& operand);

// Boolean logic. An invalid Expr on either side of && or || is ignored, so conditions can be
// accumulated starting from Expr().
Expr operator&&(const Expr& l, const Expr& r);
Expr operator||(const Expr& l, const Expr& r);
Expr operator!(const Expr& operand);
Expr and_(const std::vector<Expr>& conditions);
Expr or_(const std::vector<Expr>& conditions);
Expr not_(const Expr& condition);

// NULL as an expression, and a value as an explicit bound parameter.
Expr null();
Expr literal(const Arg& value, const SqlType& type = {});
// A parameter whose value is given when the statement is executed: execute(stmt, {{"name", v}}).
Expr bindParam(const QString& name, const SqlType& type = {});
Expr cast(const Arg& value, const SqlType& type);
Expr exists(const Select& subquery);
// CASE WHEN c1 THEN v1 ... [ELSE e] END
Expr caseWhen(const std::vector<std::pair<Expr, Arg>>& whens,
              const std::optional<Arg>& otherwise = {});
// A textual SQL fragment usable as an expression; :name placeholders become bound parameters.
Expr textExpr(const QString& sql, const QVariantMap& values = {});

// SQL functions. The generic call() covers any function the database has.
namespace func {
Expr call(const QString& name, const std::vector<Arg>& args = {}, const SqlType& returnType = {});
Expr count(); // count(*)
Expr count(const Expr& expr);
Expr sum(const Expr& expr);
Expr min(const Expr& expr);
Expr max(const Expr& expr);
Expr avg(const Expr& expr);
Expr lower(const Arg& expr);
Expr upper(const Arg& expr);
Expr length(const Arg& expr);
Expr now();
Expr coalesce(const std::vector<Arg>& args);
} // namespace func

} // namespace orm
