#pragma once
// A database table: its columns, primary key, constraints and indexes. Tables are created and
// owned by a MetaData; expressions and statements refer to them, so the MetaData must outlive them.
//
//     orm::Table& users = metadata.addTable("users");
//     users.addColumn("id", orm::Integer()).primaryKey();
//     users.addColumn("name", orm::String(50)).notNull();

#include "orm/sql/column.h"
#include "orm/sql/constraints.h"
#include "orm/sql/expression.h"
#include "orm/sql/fromclause.h"

#include <QString>
#include <QStringList>
#include <deque>
#include <memory>
#include <vector>

namespace orm {

class MetaData;

namespace sql {
class TableNode;
}

class Table {
public:
    Table(MetaData* metadata, const QString& name, const QString& schema = {});
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;
    ~Table();

    const QString& name() const { return m_name; }
    const QString& schema() const { return m_schema; }
    // schema.name, or name.
    QString fullName() const;
    MetaData* metadata() const { return m_metadata; }

    Column& addColumn(const QString& name, const SqlType& type);
    // A composite primary key; single columns can use Column::primaryKey() instead.
    Table& primaryKey(const QStringList& columns);
    Table& foreignKey(const QStringList& columns, const QString& targetTable,
                      const QStringList& targetColumns,
                      ReferentialAction onDelete = ReferentialAction::NoAction,
                      ReferentialAction onUpdate = ReferentialAction::NoAction,
                      const QString& name = {});
    Table& unique(const QStringList& columns, const QString& name = {});
    Table& check(const Expr& condition, const QString& name = {});
    Table& check(const QString& sql, const QString& name = {});
    Table& index(const QString& name, const QStringList& columns, bool unique = false);

    // The column called `name`, or nullptr.
    const Column* findColumn(const QString& name) const;
    // The column called `name`; ArgumentError naming the table when there is none.
    const Column& column(const QString& name) const;
    // The column as an expression: users.c("name") == "ed".
    Expr c(const QString& name) const;
    std::vector<const Column*> columns() const;
    std::vector<const Column*> primaryKeyColumns() const;

    const std::vector<ForeignKeyConstraint>& foreignKeys() const { return m_foreignKeys; }
    std::vector<ForeignKeyConstraint>& foreignKeys() { return m_foreignKeys; }
    const std::vector<UniqueConstraint>& uniqueConstraints() const { return m_uniques; }
    const std::vector<CheckConstraint>& checkConstraints() const { return m_checks; }
    // Explicit indexes plus one per Column::index(true) (named ix_<table>_<column>).
    std::vector<Index> indexes() const;

    // A view (reflected from the database): read-only, and never created or dropped by
    // MetaData::createAll/dropAll.
    Table& setView(bool on = true)
    {
        m_view = on;
        return *this;
    }
    bool isView() const { return m_view; }

    // The table as a FROM object, and aliases of it.
    From from() const;
    From alias(const QString& name = {}) const;
    const std::shared_ptr<const sql::TableNode>& node() const { return m_node; }

private:
    MetaData* m_metadata;
    QString m_name;
    QString m_schema;
    std::deque<Column> m_columns; // a deque keeps column addresses stable as columns are added
    QStringList m_primaryKeyOrder;
    std::vector<ForeignKeyConstraint> m_foreignKeys;
    std::vector<UniqueConstraint> m_uniques;
    std::vector<CheckConstraint> m_checks;
    std::vector<Index> m_indexes;
    std::shared_ptr<const sql::TableNode> m_node;
    bool m_view = false;
};

} // namespace orm
