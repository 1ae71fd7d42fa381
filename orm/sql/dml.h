#pragma once
// INSERT, UPDATE and DELETE statements; generative like Select. Values are bound with the
// type of the column they go into.

#include "orm/sql/expression.h"
#include "orm/sql/statement.h"

#include <QString>
#include <QVariantMap>
#include <utility>
#include <vector>

namespace orm {

class Select;
class Table;

using Assignments = std::vector<std::pair<QString, Arg>>;

class Insert : public Statement {
public:
    using Statement::Statement;
    // One row. Columns left out that have a client-side default get it.
    Insert values(const Assignments& row) const;
    // Several rows in one statement: INSERT ... VALUES (...), (...). Every row must name the same
    // columns.
    Insert values(const QList<QVariantMap>& rows) const;
    // Several rows of expressions (e.g. bindParam() placeholders), all naming the same columns
    // in the same order; no client defaults are added. The unit of work batches with this.
    Insert multiValues(const std::vector<Assignments>& rows) const;
    // INSERT INTO t (columns) SELECT ...
    Insert fromSelect(const QStringList& columns, const Select& select) const;
    Insert returning(const std::vector<Expr>& columns) const;
};

class Update : public Statement {
public:
    using Statement::Statement;
    Update set(const QString& column, const Arg& value) const;
    Update values(const Assignments& assignments) const;
    Update where(const Expr& condition) const;
    Update returning(const std::vector<Expr>& columns) const;
};

class Delete : public Statement {
public:
    using Statement::Statement;
    Delete where(const Expr& condition) const;
    Delete returning(const std::vector<Expr>& columns) const;
};

Insert insert(const Table& table);
Update update(const Table& table);
Delete deleteFrom(const Table& table);

} // namespace orm
