#pragma once
// PendingChangesModel lists the statements the next commit would send, in the order it would
// send them, with their bound values and the objects they write: a preview of the unit of work
// computed by Session::pendingStatements() without sending any SQL. It follows the Session's
// signals and refreshes once per burst of edits (when control is back in the event loop), so
// it stays current as the user edits, adds and deletes rows anywhere. Values the database will
// only decide during the flush (a generated key, a foreign key to a new row) show as
// placeholders such as "<new users.id>". A failed commit keeps every edit, so its statements
// stay listed.
//
//     orm::ui::PendingChangesModel pending(session);
//     pendingView->setModel(&pending);

#include "orm/session/session.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace orm::ui {

class PendingChangesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Statement, Values, Object };
    enum Role {
        ObjectRole = Qt::UserRole + 1, // QVariant::fromValue(orm::Object): the (first) object
        KindRole,                      // "INSERT", "UPDATE" or "DELETE"
        ValuesRole,                    // the bound values (QVariantList), placeholders invalid
        InlinedSqlRole,                // the statement with its values written in, to copy
    };

    explicit PendingChangesModel(orm::Session& session, QObject* parent = nullptr);

    // Computes the statements again now (it also happens on its own after Session signals).
    void refresh();

    orm::PlannedStatement statement(int row) const { return m_statements.value(row); }
    // What the last refresh could not plan (a cycle between rows, a change to a view's row), or
    // empty; the list is empty then.
    QString errorString() const { return m_error; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // After every refresh (even when the list did not change).
    void refreshed();

private:
    void scheduleRefresh();
    // Each value as an SQL literal, or its placeholder.
    static QStringList valueTexts(const orm::PlannedStatement& statement);

    QPointer<orm::Session> m_session;
    QList<orm::PlannedStatement> m_statements;
    QString m_error;
    bool m_refreshQueued = false;
};

} // namespace orm::ui
