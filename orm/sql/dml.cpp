#include "orm/sql/dml.h"

#include "orm/errors.h"
#include "orm/sql/nodes.h"
#include "orm/sql/select.h"
#include "orm/sql/table.h"

namespace orm {

using namespace sql;

namespace {

template <class T>
std::shared_ptr<T> copyOf(const std::shared_ptr<const Node>& node)
{
    return std::make_shared<T>(*static_cast<const T*>(node.get()));
}

std::vector<NodePtr> returningNodes(const std::vector<Expr>& columns)
{
    std::vector<NodePtr> out;
    for (const Expr& e : columns)
        out.push_back(e.shared());
    return out;
}

// Adds the client-side defaults of the columns an INSERT leaves out.
void addDefaults(InsertNode& node)
{
    for (const Column* column : node.table->columns()) {
        if (!column->hasDefault() || node.columns.contains(column->name()))
            continue;
        node.columns << column->name();
        for (auto& row : node.rows)
            row.push_back(literal(column->makeDefault(), column->type()).shared());
    }
}

} // namespace

Insert insert(const Table& table)
{
    auto node = std::make_shared<InsertNode>();
    node->table = &table;
    return Insert(std::move(node));
}

Insert Insert::values(const Assignments& row) const
{
    auto node = copyOf<InsertNode>(m_node);
    node->columns.clear();
    node->rows.assign(1, {});
    for (const auto& [name, value] : row) {
        const Column& column = node->table->column(name);
        node->columns << name;
        node->rows.front().push_back(value.toExpr(column.type()).shared());
    }
    addDefaults(*node);
    return Insert(std::move(node));
}

Insert Insert::values(const QList<QVariantMap>& rows) const
{
    auto node = copyOf<InsertNode>(m_node);
    node->columns.clear();
    node->rows.clear();
    if (rows.isEmpty())
        throw ArgumentError(
            QStringLiteral("INSERT into %1 was given no rows").arg(node->table->fullName()));
    for (const QString& key : rows.front().keys())
        node->table->column(key); // an unknown column is an error, not silently dropped
    // Columns in table order, so the statement text does not depend on how a map is built.
    std::vector<const Column*> columns;
    for (const Column* column : node->table->columns()) {
        if (rows.front().contains(column->name())) {
            columns.push_back(column);
            node->columns << column->name();
        }
    }
    for (const QVariantMap& row : rows) {
        if (row.size() != rows.front().size() || row.keys() != rows.front().keys())
            throw ArgumentError(
                QStringLiteral("every row of a multi-row INSERT into %1 must name the same columns")
                    .arg(node->table->fullName()));
        std::vector<NodePtr> values;
        for (const Column* column : columns)
            values.push_back(literal(row.value(column->name()), column->type()).shared());
        node->rows.push_back(std::move(values));
    }
    addDefaults(*node);
    return Insert(std::move(node));
}

Insert Insert::multiValues(const std::vector<Assignments>& rows) const
{
    auto node = copyOf<InsertNode>(m_node);
    node->columns.clear();
    node->rows.clear();
    if (rows.empty())
        throw ArgumentError(
            QStringLiteral("INSERT into %1 was given no rows").arg(node->table->fullName()));
    for (const auto& [name, value] : rows.front())
        node->columns << name;
    for (const Assignments& row : rows) {
        if (qsizetype(row.size()) != node->columns.size())
            throw ArgumentError(
                QStringLiteral("every row of a multi-row INSERT into %1 must name the same columns")
                    .arg(node->table->fullName()));
        std::vector<NodePtr> values;
        for (qsizetype i = 0; i < node->columns.size(); ++i) {
            const auto& [name, value] = row[size_t(i)];
            if (name != node->columns[i])
                throw ArgumentError(
                    QStringLiteral(
                        "every row of a multi-row INSERT into %1 must name the same columns")
                        .arg(node->table->fullName()));
            values.push_back(value.toExpr(node->table->column(name).type()).shared());
        }
        node->rows.push_back(std::move(values));
    }
    return Insert(std::move(node));
}

Insert Insert::fromSelect(const QStringList& columns, const Select& select) const
{
    auto node = copyOf<InsertNode>(m_node);
    for (const QString& c : columns)
        node->table->column(c);
    if (columns.size() != select.columnNames().size())
        throw ArgumentError(
            QStringLiteral("INSERT ... SELECT into %1 names %2 columns but selects %3")
                .arg(node->table->fullName())
                .arg(columns.size())
                .arg(select.columnNames().size()));
    node->columns = columns;
    node->rows.clear();
    node->fromSelect = std::static_pointer_cast<const SelectBaseNode>(select.shared());
    return Insert(std::move(node));
}

Insert Insert::returning(const std::vector<Expr>& columns) const
{
    auto node = copyOf<InsertNode>(m_node);
    node->returning = returningNodes(columns);
    return Insert(std::move(node));
}

Update update(const Table& table)
{
    auto node = std::make_shared<UpdateNode>();
    node->table = &table;
    return Update(std::move(node));
}

Update Update::set(const QString& column, const Arg& value) const
{
    auto node = copyOf<UpdateNode>(m_node);
    const Column& c = node->table->column(column);
    NodePtr v = value.toExpr(c.type()).shared();
    for (auto& assignment : node->assignments) {
        if (assignment.first == column) {
            assignment.second = std::move(v);
            return Update(std::move(node));
        }
    }
    node->assignments.emplace_back(column, std::move(v));
    return Update(std::move(node));
}

Update Update::values(const Assignments& assignments) const
{
    Update out = *this;
    for (const auto& [column, value] : assignments)
        out = out.set(column, value);
    return out;
}

Update Update::where(const Expr& condition) const
{
    auto node = copyOf<UpdateNode>(m_node);
    node->where = (Expr(node->where) && condition).shared();
    return Update(std::move(node));
}

Update Update::returning(const std::vector<Expr>& columns) const
{
    auto node = copyOf<UpdateNode>(m_node);
    node->returning = returningNodes(columns);
    return Update(std::move(node));
}

Delete deleteFrom(const Table& table)
{
    auto node = std::make_shared<DeleteNode>();
    node->table = &table;
    return Delete(std::move(node));
}

Delete Delete::where(const Expr& condition) const
{
    auto node = copyOf<DeleteNode>(m_node);
    node->where = (Expr(node->where) && condition).shared();
    return Delete(std::move(node));
}

Delete Delete::returning(const std::vector<Expr>& columns) const
{
    auto node = copyOf<DeleteNode>(m_node);
    node->returning = returningNodes(columns);
    return Delete(std::move(node));
}

} // namespace orm
