#include "orm/sql/metadata.h"

#include "orm/errors.h"

#include <QHash>
#include <functional>

namespace orm {

MetaData::~MetaData() = default;

Table& MetaData::addTable(const QString& name, const QString& schema)
{
    if (name.isEmpty())
        throw ArgumentError(QStringLiteral("a table needs a name"));
    if (findTable(name, schema))
        throw ArgumentError(QStringLiteral("table %1 is already defined in this MetaData")
                                .arg(schema.isEmpty() ? name : schema + u'.' + name));
    m_tables.push_back(std::make_unique<Table>(this, name, schema));
    return *m_tables.back();
}

const Table* MetaData::findTable(const QString& name, const QString& schema) const
{
    for (const auto& t : m_tables) {
        if (t->name() == name && t->schema() == schema)
            return t.get();
    }
    return nullptr;
}

const Table& MetaData::table(const QString& name, const QString& schema) const
{
    if (const Table* t = findTable(name, schema))
        return *t;
    throw ArgumentError(QStringLiteral("no table named %1 in this MetaData")
                            .arg(schema.isEmpty() ? name : schema + u'.' + name));
}

Table& MetaData::table(const QString& name, const QString& schema)
{
    return const_cast<Table&>(std::as_const(*this).table(name, schema));
}

std::vector<const Table*> MetaData::tables() const
{
    std::vector<const Table*> out;
    for (const auto& t : m_tables)
        out.push_back(t.get());
    return out;
}

std::vector<const Table*>
MetaData::sortedTables(std::vector<std::pair<const Table*, int>>* cycleEdges) const
{
    // Depth-first topological sort in declaration order. An edge to a table that is still on
    // the stack closes a cycle: that foreign key is reported instead of followed.
    enum class Mark { None, Visiting, Done };
    QHash<const Table*, Mark> marks;
    std::vector<const Table*> out;
    std::function<void(const Table*)> visit = [&](const Table* table) {
        marks[table] = Mark::Visiting;
        const auto& fks = table->foreignKeys();
        for (int i = 0; i < int(fks.size()); ++i) {
            const Table* target = fks[i].referredTable(*this);
            if (!target || target == table)
                continue;
            const Mark m = marks.value(target, Mark::None);
            if (m == Mark::Visiting) {
                if (cycleEdges)
                    cycleEdges->emplace_back(table, i);
            } else if (m == Mark::None) {
                visit(target);
            }
        }
        marks[table] = Mark::Done;
        out.push_back(table);
    };
    for (const auto& t : m_tables) {
        if (marks.value(t.get(), Mark::None) == Mark::None)
            visit(t.get());
    }
    return out;
}

} // namespace orm
