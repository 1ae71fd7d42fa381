#pragma once
// SqlLogView is a ready-made SQL log panel: a table of every statement an Engine sends (time,
// origin, duration, rows, SQL, parameters, error) above a read-only pane that shows the
// selected statement in full, highlighted, with its parameters. A filter field, an origin menu
// and an errors-only switch narrow the list; Clear empties the log. While the table is
// scrolled to its end it follows new statements.
//
//     auto* view = new orm::ui::SqlLogView(&engine.log());
//     dock->setWidget(view);

#include "orm/engine/statementlog.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace orm::ui {

class SqlHighlighter;
class SqlLogFilterModel;
class SqlLogModel;

class SqlLogView : public QWidget {
    Q_OBJECT
public:
    explicit SqlLogView(QWidget* parent = nullptr);
    explicit SqlLogView(StatementLog* log, QWidget* parent = nullptr);

    void setLog(StatementLog* log);
    StatementLog* log() const;

    SqlLogModel* model() const { return m_model; }
    SqlLogFilterModel* filterModel() const { return m_filter; }
    QTableView* tableView() const { return m_table; }
    QPlainTextEdit* detailView() const { return m_detail; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QPushButton* clearButton() const { return m_clearButton; }

    // The statement shown in the detail pane; id 0 when none is selected.
    LogEntry currentEntry() const { return m_current; }
    // The detail pane's text for an entry: the SQL, then its parameters, origin, duration,
    // rows and error as SQL comments.
    static QString detailText(const LogEntry& entry);

signals:
    void currentEntryChanged(const orm::LogEntry& entry);

private:
    void buildUi();
    QMenu* buildOriginMenu();
    void applyOriginMenu();
    void showCurrent();
    void rowsAboutToBeInserted();
    void rowsInserted();

    SqlLogModel* m_model = nullptr;
    SqlLogFilterModel* m_filter = nullptr;
    QTableView* m_table = nullptr;
    QPlainTextEdit* m_detail = nullptr;
    SqlHighlighter* m_highlighter = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QToolButton* m_originButton = nullptr;
    QMenu* m_originMenu = nullptr;
    QCheckBox* m_errorsOnly = nullptr;
    QPushButton* m_clearButton = nullptr;
    LogEntry m_current;
    bool m_followTail = true;
    bool m_scrollPending = false;
};

} // namespace orm::ui
