#include "ui/sqllogmodel.h"

#include "ui/displaynames.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

namespace orm::ui {

namespace {

QString oneLine(const QString& text)
{
    return text.simplified();
}

} // namespace

SqlLogModel::SqlLogModel(QObject* parent) : QAbstractTableModel(parent) {}

SqlLogModel::SqlLogModel(StatementLog* log, QObject* parent) : QAbstractTableModel(parent)
{
    setLog(log);
}

void SqlLogModel::setLog(StatementLog* log)
{
    if (m_log)
        disconnect(m_log, nullptr, this, nullptr);
    beginResetModel();
    m_log = log;
    m_entries.clear();
    m_loadedUpTo = 0;
    if (log) {
        // Statements of other threads arrive queued; the snapshot may already hold them.
        connect(log, &StatementLog::statementExecuted, this, &SqlLogModel::append);
        connect(log, &StatementLog::entryUpdated, this, &SqlLogModel::update);
        connect(log, &StatementLog::cleared, this, &SqlLogModel::reset);
        connect(log, &QObject::destroyed, this, &SqlLogModel::reset);
        m_entries = log->entries();
        if (!m_entries.isEmpty())
            m_loadedUpTo = m_entries.constLast().id;
    }
    endResetModel();
}

StatementLog* SqlLogModel::log() const
{
    return m_log;
}

LogEntry SqlLogModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row) : LogEntry{};
}

int SqlLogModel::rowOf(quint64 id) const
{
    const auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), id,
                                     [](const LogEntry& e, quint64 value) { return e.id < value; });
    return it != m_entries.cend() && it->id == id ? int(it - m_entries.cbegin()) : -1;
}

void SqlLogModel::clear()
{
    if (m_log)
        m_log->clear(); // emits cleared(), which resets the model
    else
        reset();
}

void SqlLogModel::append(const LogEntry& entry)
{
    if (entry.id <= m_loadedUpTo || rowOf(entry.id) >= 0)
        return;
    // Threads record and emit in two steps, so ids can arrive slightly out of order.
    const auto it = std::upper_bound(m_entries.cbegin(), m_entries.cend(), entry.id,
                                     [](quint64 value, const LogEntry& e) { return value < e.id; });
    const int row = int(it - m_entries.cbegin());
    beginInsertRows({}, row, row);
    m_entries.insert(row, entry);
    endInsertRows();
    trimToCapacity();
}

void SqlLogModel::update(const LogEntry& entry)
{
    const int row = rowOf(entry.id);
    if (row < 0)
        return;
    m_entries[row] = entry;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SqlLogModel::reset()
{
    beginResetModel();
    m_entries.clear();
    m_loadedUpTo = 0;
    endResetModel();
}

void SqlLogModel::trimToCapacity()
{
    if (!m_log)
        return;
    const int excess = int(m_entries.size()) - m_log->capacity();
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_entries.remove(0, excess);
    endRemoveRows();
}

int SqlLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SqlLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SqlLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry& e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return e.startedAt().toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case OriginColumn:
            return originDisplayName(e.origin);
        case DurationColumn:
            return QString::number(double(e.durationNs) / 1e6, 'f', 3);
        case RowsColumn:
            return e.rows < 0 ? QVariant() : QVariant(e.rows);
        case StatementColumn:
            return oneLine(e.sql);
        case ParametersColumn:
            return e.params.isEmpty() ? QString() : formatParams(e.params);
        case ErrorColumn:
            return oneLine(e.error);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ParametersColumn:
            return e.params.isEmpty() ? QVariant() : QVariant(formatParams(e.params));
        case ErrorColumn:
            return e.error.isEmpty() ? QVariant() : QVariant(e.error);
        default:
            return e.sql;
        }
    case Qt::ForegroundRole:
        return e.error.isEmpty() ? QVariant() : QVariant(QBrush(QColor(Qt::red)));
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == RowsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EntryRole:
        return QVariant::fromValue(e);
    case OriginRole:
        return int(e.origin);
    case HasErrorRole:
        return !e.error.isEmpty();
    }
    return {};
}

QVariant SqlLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case OriginColumn:
        return tr("Origin");
    case DurationColumn:
        return tr("Duration (ms)");
    case RowsColumn:
        return tr("Rows");
    case StatementColumn:
        return tr("Statement");
    case ParametersColumn:
        return tr("Parameters");
    case ErrorColumn:
        return tr("Error");
    }
    return {};
}

Qt::ItemFlags SqlLogModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return QAbstractTableModel::flags(index);
    return QAbstractTableModel::flags(index) | Qt::ItemNeverHasChildren;
}

} // namespace orm::ui
