#pragma once
// SELECT and compound SELECT (UNION). Select is generative: every method returns a new Select
// and leaves the original unchanged, so partial queries can be shared and extended.

#include "orm/sql/expression.h"
#include "orm/sql/fromclause.h"
#include "orm/sql/statement.h"

#include <QStringList>
#include <vector>

namespace orm {

class Table;

class Select : public Statement {
public:
    using Statement::Statement;

    // WHERE; several calls are joined with AND.
    Select where(const Expr& condition) const;
    // Adds an explicit FROM object; otherwise FROM lists the tables the columns come from.
    Select selectFrom(const From& from) const;
    // Joins `right` onto the leftmost FROM object (the first explicit one, else the first
    // table of the columns).
    Select join(const From& right, const Expr& on = {}) const;
    Select outerJoin(const From& right, const Expr& on = {}) const;
    // Joins `right` onto the FROM object that holds `left` (an item of the FROM list, or a join
    // containing it), making the FROM objects of the columns explicit first; `left` joins the
    // list when no item holds it.
    Select joinOnto(const From& left, const From& right, const Expr& on, bool outer) const;
    Select addColumns(const std::vector<Expr>& columns) const;
    Select groupBy(const std::vector<Expr>& columns) const;
    // HAVING; several calls are joined with AND.
    Select having(const Expr& condition) const;
    // ORDER BY; use Expr::desc(), nullsLast(), ... for direction. Replaces earlier ordering.
    Select orderBy(const std::vector<Expr>& columns) const;
    Select limit(qint64 count) const;
    Select offset(qint64 count) const;
    Select distinct(bool on = true) const;

    Select unionWith(const Select& other) const;
    Select unionAll(const Select& other) const;

    // As a derived table in another statement's FROM: (SELECT ...) AS name.
    From subquery(const QString& name = {}) const;
    // As a single value: (SELECT ...); the select should return one column and at most one row.
    Expr scalar() const;
    Expr exists() const;

    QStringList columnNames() const;
    bool isCompound() const;
};

Select select(const std::vector<Expr>& columns);
// SELECT of every column of a table, alias or derived table.
Select select(const From& from);

} // namespace orm
