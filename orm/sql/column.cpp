#include "orm/sql/column.h"

#include "orm/errors.h"
#include "orm/sql/table.h"

namespace orm {

Column::Column(Table* table, const QString& name, const SqlType& type)
    : m_table(table), m_name(name), m_type(type)
{}

Column& Column::primaryKey(bool on)
{
    m_primaryKey = on;
    if (!m_nullableSet)
        m_nullable = !on;
    return *this;
}

Column& Column::setType(const SqlType& type)
{
    m_type = type;
    return *this;
}

Column& Column::nullable(bool on)
{
    m_nullable = on;
    m_nullableSet = true;
    return *this;
}

Column& Column::unique(bool on)
{
    m_unique = on;
    return *this;
}

Column& Column::index(bool on)
{
    m_index = on;
    return *this;
}

Column& Column::autoincrement(Autoincrement mode)
{
    m_autoincrement = mode;
    return *this;
}

Column& Column::defaultValue(const QVariant& value)
{
    m_default = value;
    return *this;
}

Column& Column::defaultFactory(std::function<QVariant()> factory)
{
    m_defaultFactory = std::move(factory);
    return *this;
}

Column& Column::serverDefault(const ServerDefault& value)
{
    m_serverDefault = value;
    return *this;
}

Column& Column::references(const QString& target, ReferentialAction onDelete,
                           ReferentialAction onUpdate)
{
    const QStringList parts = target.split(u'.');
    if (parts.size() < 2 || parts.size() > 3 || parts.contains(QString()))
        throw ArgumentError(
            QStringLiteral("foreign key target \"%1\" of column %2.%3 is not \"table.column\"")
                .arg(target, m_table->name(), m_name));
    const QString table = parts.size() == 3 ? parts[0] + u'.' + parts[1] : parts[0];
    m_table->foreignKey({m_name}, table, {parts.last()}, onDelete, onUpdate);
    return *this;
}

bool Column::isAutoincrement() const
{
    switch (m_autoincrement) {
    case Autoincrement::Yes:
        return true;
    case Autoincrement::No:
        return false;
    case Autoincrement::Auto:
        break;
    }
    // SQLAlchemy's rule: the single integer primary key column that is not a foreign key.
    if (!m_primaryKey || !m_type.isInteger() || m_table->primaryKeyColumns().size() != 1)
        return false;
    for (const ForeignKeyConstraint& fk : m_table->foreignKeys()) {
        if (fk.columns.contains(m_name))
            return false;
    }
    return true;
}

QVariant Column::makeDefault() const
{
    return m_defaultFactory ? m_defaultFactory() : m_default;
}

} // namespace orm
