#include "ui/sqllogfiltermodel.h"

#include "ui/sqllogmodel.h"

namespace orm::ui {

namespace {

constexpr quint32 bitOf(Origin origin)
{
    return quint32(1) << quint32(origin);
}

constexpr Origin AllOrigins[] = {
    Origin::Query, Origin::Flush,       Origin::Autoflush,  Origin::LazyLoad, Origin::EagerLoad,
    Origin::Ddl,   Origin::Transaction, Origin::Reflection, Origin::UserSql,  Origin::Internal};

} // namespace

SqlLogFilterModel::SqlLogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void SqlLogFilterModel::setOrigins(const QList<Origin>& origins)
{
    quint32 mask = 0;
    for (Origin origin : origins)
        mask |= bitOf(origin);
    if (mask == m_originMask)
        return;
    m_originMask = mask;
    invalidateRowsFilter();
}

QList<Origin> SqlLogFilterModel::origins() const
{
    QList<Origin> out;
    for (Origin origin : AllOrigins) {
        if (m_originMask & bitOf(origin))
            out << origin;
    }
    return out;
}

bool SqlLogFilterModel::acceptsOrigin(Origin origin) const
{
    return m_originMask == 0 || (m_originMask & bitOf(origin)) != 0;
}

void SqlLogFilterModel::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void SqlLogFilterModel::setErrorsOnly(bool on)
{
    if (on == m_errorsOnly)
        return;
    m_errorsOnly = on;
    invalidateRowsFilter();
}

bool SqlLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QVariant value = index.data(SqlLogModel::EntryRole);
    if (!value.canConvert<LogEntry>())
        return true;
    const LogEntry entry = value.value<LogEntry>();
    if (!acceptsOrigin(entry.origin))
        return false;
    if (m_errorsOnly && entry.error.isEmpty())
        return false;
    if (m_text.isEmpty())
        return true;
    return entry.sql.contains(m_text, Qt::CaseInsensitive) ||
           (!entry.params.isEmpty() &&
            formatParams(entry.params).contains(m_text, Qt::CaseInsensitive)) ||
           entry.error.contains(m_text, Qt::CaseInsensitive);
}

} // namespace orm::ui
