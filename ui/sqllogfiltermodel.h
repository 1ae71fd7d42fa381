#pragma once
// SqlLogFilterModel narrows a SqlLogModel down to the statements of interest: those of some
// origins (only flushes, only lazy loads, ...), those containing a piece of text in their SQL,
// parameters or error, or only the failed ones.

#include "orm/engine/statementlog.h"

#include <QList>
#include <QSortFilterProxyModel>

namespace orm::ui {

class SqlLogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SqlLogFilterModel(QObject* parent = nullptr);

    // The origins shown; every origin when the list is empty (the default).
    void setOrigins(const QList<Origin>& origins);
    QList<Origin> origins() const;
    bool acceptsOrigin(Origin origin) const;

    // Case-insensitive substring of the statement, its parameters or its error; empty shows all.
    void setText(const QString& text);
    QString text() const { return m_text; }

    void setErrorsOnly(bool on);
    bool errorsOnly() const { return m_errorsOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    quint32 m_originMask = 0; // bit n set: Origin n shown; 0: all shown
    QString m_text;
    bool m_errorsOnly = false;
};

} // namespace orm::ui
