#pragma once
// CriteriaEvaluator decides in memory whether a loaded object matches a WHERE criterion, so a
// bulk update or delete (Synchronize::Evaluate) can bring the objects it changed in step
// without asking the database. It knows comparisons, IN over values, IS [NOT] NULL, BETWEEN,
// AND/OR/NOT and the columns of one mapped table; anything else is an InvalidRequestError.
// NULL follows SQL: a comparison with NULL is unknown, and unknown does not match.

#include <QVariant>
#include <QVariantMap>

namespace orm {
class InstanceState;
class Mapper;
namespace sql {
class Node;
}
} // namespace orm

namespace orm::detail {

class CriteriaEvaluator {
public:
    CriteriaEvaluator(const Mapper& mapper, const QVariantMap& params);
    // InvalidRequestError when `criteria` holds something this evaluator cannot compute.
    void check(const sql::Node* criteria) const;
    // Whether the object's current values satisfy `criteria` (no criteria: every object).
    bool matches(const sql::Node* criteria, const InstanceState& state) const;

private:
    // The value of an expression for the object; an invalid QVariant is SQL NULL. Truth
    // values are bools. `state` null: only checks that the expression can be evaluated.
    QVariant evaluate(const sql::Node& node, const InstanceState* state) const;

    const Mapper& m_mapper;
    QVariantMap m_params;
};

} // namespace orm::detail
