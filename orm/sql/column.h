#pragma once
// A column of a Table: name, type, and the options DDL and INSERT need. Columns are created
// through Table::addColumn and configured with chained setters; their address is stable for
// the life of the table, so expressions refer to them by pointer.

#include "orm/sql/types.h"

#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <optional>

namespace orm {

class Table;

// What the server fills in when an INSERT leaves the column out: either a SQL fragment written
// by the schema's author ("CURRENT_TIMESTAMP") or a literal value rendered by the dialect.
struct ServerDefault {
    QString sql;
    QVariant value;

    bool isSet() const { return !sql.isEmpty() || value.isValid(); }
    static ServerDefault text(const QString& fragment) { return {fragment, {}}; }
    static ServerDefault literal(const QVariant& v) { return {{}, v}; }
};

// ON DELETE / ON UPDATE actions of a foreign key.
enum class ReferentialAction { NoAction, Restrict, Cascade, SetNull, SetDefault };

enum class Autoincrement { Auto, Yes, No };

class Column {
public:
    Column(Table* table, const QString& name, const SqlType& type);
    Column(const Column&) = delete;
    Column& operator=(const Column&) = delete;

    // Builders; each returns *this so a column reads as one declaration.
    Column& primaryKey(bool on = true);
    Column& setType(const SqlType& type);
    Column& nullable(bool on);
    Column& notNull() { return nullable(false); }
    Column& unique(bool on = true);
    Column& index(bool on = true);
    Column& autoincrement(Autoincrement mode);
    Column& defaultValue(const QVariant& value);
    Column& defaultFactory(std::function<QVariant()> factory);
    Column& serverDefault(const ServerDefault& value);
    // Computed by the database (GENERATED ALWAYS AS ...): read, never written.
    Column& generated(bool on = true)
    {
        m_generated = on;
        return *this;
    }
    // Shortcut for a one-column foreign key: "table.column" (or "schema.table.column").
    Column& references(const QString& target,
                       ReferentialAction onDelete = ReferentialAction::NoAction,
                       ReferentialAction onUpdate = ReferentialAction::NoAction);

    const QString& name() const { return m_name; }
    const SqlType& type() const { return m_type; }
    Table* table() const { return m_table; }
    bool isPrimaryKey() const { return m_primaryKey; }
    bool isNullable() const { return m_nullable; }
    bool isUnique() const { return m_unique; }
    bool isIndexed() const { return m_index; }
    // True when the database generates the value: SERIAL on PostgreSQL, the rowid on SQLite.
    bool isAutoincrement() const;
    bool hasDefault() const { return m_default.isValid() || bool(m_defaultFactory); }
    QVariant makeDefault() const;
    const ServerDefault& serverDefaultValue() const { return m_serverDefault; }
    bool isGenerated() const { return m_generated; }

private:
    Table* m_table;
    QString m_name;
    SqlType m_type;
    bool m_primaryKey = false;
    bool m_nullable = true;
    bool m_nullableSet = false;
    bool m_unique = false;
    bool m_index = false;
    Autoincrement m_autoincrement = Autoincrement::Auto;
    QVariant m_default;
    std::function<QVariant()> m_defaultFactory;
    ServerDefault m_serverDefault;
    bool m_generated = false;
};

} // namespace orm
