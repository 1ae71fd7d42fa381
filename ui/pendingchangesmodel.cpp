#include "ui/pendingchangesmodel.h"

#include "ui/displaynames.h"

#include "orm/errors.h"
#include "ui/sqlliteral.h"

#include <QBrush>
#include <QPalette>
#include <QTimer>

namespace orm::ui {

namespace {

bool samePlan(const PlannedStatement& a, const PlannedStatement& b)
{
    return a.kind == b.kind && a.sql == b.sql && a.values == b.values &&
           a.placeholders == b.placeholders && a.objects == b.objects;
}

} // namespace

PendingChangesModel::PendingChangesModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(&session)
{
    // Any change the Session announces may change the plan; so may the end of a flush or a
    // transaction. Edits come in bursts (a paste, an undo of many rows): one refresh for all.
    const auto schedule = [this] { scheduleRefresh(); };
    connect(&session, &Session::objectAdded, this, schedule);
    connect(&session, &Session::objectChanged, this, schedule);
    connect(&session, &Session::objectDeleted, this, schedule);
    connect(&session, &Session::objectExpired, this, schedule);
    connect(&session, &Session::flushed, this, schedule);
    connect(&session, &Session::committed, this, schedule);
    connect(&session, &Session::rolledBack, this, schedule);
    refresh();
}

void PendingChangesModel::scheduleRefresh()
{
    if (m_refreshQueued)
        return;
    m_refreshQueued = true;
    QTimer::singleShot(0, this, [this] {
        if (m_refreshQueued)
            refresh();
    });
}

void PendingChangesModel::refresh()
{
    m_refreshQueued = false;
    QList<PlannedStatement> planned;
    m_error.clear();
    if (m_session) {
        try {
            planned = m_session->pendingStatements();
        } catch (const Error& error) {
            m_error = error.message();
        }
    }
    // Rows change in place, so a view keeps its selection and scroll position: the rows both
    // lists have are updated, the rest inserted or removed at the end.
    const int common = int(std::min(m_statements.size(), planned.size()));
    if (planned.size() < m_statements.size()) {
        beginRemoveRows({}, common, int(m_statements.size()) - 1);
        m_statements.resize(common);
        endRemoveRows();
    }
    int firstChanged = -1;
    int lastChanged = -1;
    for (int row = 0; row < common; ++row) {
        if (samePlan(m_statements[row], planned[row]))
            continue;
        m_statements[row] = planned[row];
        if (firstChanged < 0)
            firstChanged = row;
        lastChanged = row;
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, Object));
    if (planned.size() > m_statements.size()) {
        beginInsertRows({}, common, int(planned.size()) - 1);
        m_statements.append(planned.mid(common));
        endInsertRows();
    }
    emit refreshed();
}

int PendingChangesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_statements.size());
}

int PendingChangesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Object + 1;
}

QStringList PendingChangesModel::valueTexts(const PlannedStatement& statement)
{
    QStringList texts;
    for (int i = 0; i < statement.values.size(); ++i)
        texts << statement.placeholders.value(i, sqlLiteral(statement.values[i]));
    return texts;
}

QVariant PendingChangesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlannedStatement& statement = m_statements[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Statement:
            return statement.sql;
        case Values:
            return valueTexts(statement).join(QStringLiteral(", "));
        case Object: {
            QStringList objects;
            for (const orm::Object& o : statement.objects)
                objects << (role == Qt::ToolTipRole ? o.state().describe() : objectDisplayName(o));
            return objects.join(QStringLiteral(", "));
        }
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Values && !statement.placeholders.isEmpty())
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case ObjectRole:
        return statement.objects.isEmpty() ? QVariant()
                                           : QVariant::fromValue(statement.objects.first());
    case KindRole:
        return statement.kindName();
    case ValuesRole:
        return statement.values;
    case InlinedSqlRole:
        return inlineParameters(statement.sql, valueTexts(statement));
    }
    return {};
}

QVariant PendingChangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case Statement:
        return tr("Statement");
    case Values:
        return tr("Values");
    case Object:
        return tr("Object");
    }
    return {};
}

} // namespace orm::ui
