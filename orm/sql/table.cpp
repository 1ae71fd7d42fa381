#include "orm/sql/table.h"

#include "orm/errors.h"
#include "orm/sql/metadata.h"
#include "orm/sql/nodes.h"

#include <algorithm>

namespace orm {

Table::Table(MetaData* metadata, const QString& name, const QString& schema)
    : m_metadata(metadata), m_name(name), m_schema(schema),
      m_node(std::make_shared<sql::TableNode>(this))
{}

Table::~Table() = default;

QString Table::fullName() const
{
    return m_schema.isEmpty() ? m_name : m_schema + u'.' + m_name;
}

Column& Table::addColumn(const QString& name, const SqlType& type)
{
    if (name.isEmpty())
        throw ArgumentError(
            QStringLiteral("a column of table %1 has an empty name").arg(fullName()));
    if (findColumn(name))
        throw ArgumentError(
            QStringLiteral("table %1 already has a column named %2").arg(fullName(), name));
    return m_columns.emplace_back(this, name, type);
}

Table& Table::primaryKey(const QStringList& columns)
{
    for (Column& c : m_columns)
        c.primaryKey(false);
    for (const QString& name : columns)
        const_cast<Column&>(column(name)).primaryKey(true);
    m_primaryKeyOrder = columns;
    return *this;
}

Table& Table::foreignKey(const QStringList& columns, const QString& targetTable,
                         const QStringList& targetColumns, ReferentialAction onDelete,
                         ReferentialAction onUpdate, const QString& name)
{
    if (columns.isEmpty() || columns.size() != targetColumns.size())
        throw ArgumentError(
            QStringLiteral("foreign key of table %1 to %2 needs as many target columns as columns")
                .arg(fullName(), targetTable));
    for (const QString& c : columns)
        column(c); // throws for an unknown column
    ForeignKeyConstraint fk;
    fk.name = name;
    fk.columns = columns;
    const qsizetype dot = targetTable.indexOf(u'.');
    fk.targetSchema = dot < 0 ? QString() : targetTable.left(dot);
    fk.targetTable = dot < 0 ? targetTable : targetTable.mid(dot + 1);
    fk.targetColumns = targetColumns;
    fk.onDelete = onDelete;
    fk.onUpdate = onUpdate;
    m_foreignKeys.push_back(fk);
    return *this;
}

Table& Table::unique(const QStringList& columns, const QString& name)
{
    for (const QString& c : columns)
        column(c);
    m_uniques.push_back({name, columns});
    return *this;
}

Table& Table::check(const Expr& condition, const QString& name)
{
    m_checks.push_back({name, condition, {}});
    return *this;
}

Table& Table::check(const QString& sql, const QString& name)
{
    m_checks.push_back({name, {}, sql});
    return *this;
}

Table& Table::index(const QString& name, const QStringList& columns, bool unique)
{
    for (const QString& c : columns)
        column(c);
    m_indexes.push_back({name, columns, unique});
    return *this;
}

const Column* Table::findColumn(const QString& name) const
{
    for (const Column& c : m_columns) {
        if (c.name() == name)
            return &c;
    }
    return nullptr;
}

const Column& Table::column(const QString& name) const
{
    if (const Column* c = findColumn(name))
        return *c;
    throw ArgumentError(
        QStringLiteral("table %1 has no column named \"%2\"").arg(fullName(), name));
}

Expr Table::c(const QString& name) const
{
    return Expr(column(name));
}

std::vector<const Column*> Table::columns() const
{
    std::vector<const Column*> out;
    out.reserve(m_columns.size());
    for (const Column& c : m_columns)
        out.push_back(&c);
    return out;
}

std::vector<const Column*> Table::primaryKeyColumns() const
{
    std::vector<const Column*> out;
    for (const Column& c : m_columns) {
        if (c.isPrimaryKey())
            out.push_back(&c);
    }
    // A composite key declared with primaryKey({...}) keeps the order given there.
    std::stable_sort(out.begin(), out.end(), [this](const Column* a, const Column* b) {
        return m_primaryKeyOrder.indexOf(a->name()) < m_primaryKeyOrder.indexOf(b->name());
    });
    return out;
}

std::vector<Index> Table::indexes() const
{
    std::vector<Index> out = m_indexes;
    for (const Column& c : m_columns) {
        if (c.isIndexed())
            out.push_back(
                {QStringLiteral("ix_%1_%2").arg(m_name, c.name()), {c.name()}, c.isUnique()});
    }
    return out;
}

From Table::from() const
{
    return From(m_node);
}

From Table::alias(const QString& name) const
{
    return orm::alias(*this, name);
}

} // namespace orm
