#include "orm/sql/constraints.h"

#include "orm/sql/metadata.h"
#include "orm/sql/table.h"

namespace orm {

const Table* ForeignKeyConstraint::referredTable(const MetaData& metadata) const
{
    return metadata.findTable(targetTable, targetSchema);
}

QString foreignKeyName(const Table& table, int number)
{
    const ForeignKeyConstraint& fk = table.foreignKeys()[size_t(number)];
    if (!fk.name.isEmpty())
        return fk.name;
    return (table.name() + u'_' + fk.columns.join(u'_') + QStringLiteral("_fkey")).left(63);
}

QString referentialActionSql(ReferentialAction action)
{
    switch (action) {
    case ReferentialAction::NoAction:
        return QStringLiteral("NO ACTION");
    case ReferentialAction::Restrict:
        return QStringLiteral("RESTRICT");
    case ReferentialAction::Cascade:
        return QStringLiteral("CASCADE");
    case ReferentialAction::SetNull:
        return QStringLiteral("SET NULL");
    case ReferentialAction::SetDefault:
        return QStringLiteral("SET DEFAULT");
    }
    return {};
}

} // namespace orm
