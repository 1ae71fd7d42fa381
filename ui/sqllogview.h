#pragma once
// SqlLogView is a ready-made SQL log panel: a table of every statement an Engine sends (time,
// origin, duration, rows, SQL, parameters, error) above a read-only pane that shows the
// selected statement in full, highlighted, with its parameters; the table's statements are
// highlighted too (SqlStatementDelegate). A filter field, an origin menu and an errors-only
// switch narrow the list. Actions copy the selected statement (with its values written into the
// SQL when "Inline values" is on: text for people, never run), save the statements shown to a
// file, and clear the log. When the same lazy load runs many times in a
// row (an N+1 pattern: one SELECT per parent in a loop) a hint says so. While the table is
// scrolled to its end it follows new statements.
//
//     auto* view = new orm::ui::SqlLogView(&engine.log());
//     dock->setWidget(view);

#include "orm/engine/statementlog.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
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
class SqlStatementDelegate;

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
    SqlHighlighter* highlighter() const { return m_highlighter; }
    // Paints the table's Statement column highlighted.
    SqlStatementDelegate* statementDelegate() const { return m_statementDelegate; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QPushButton* clearButton() const { return m_clearButton; }
    QAction* copyAction() const { return m_copyAction; }
    QAction* clearAction() const { return m_clearAction; }
    QAction* saveAction() const { return m_saveAction; }
    // Checkable: the detail pane and copies show the values inside the SQL.
    QAction* inlineValuesAction() const { return m_inlineAction; }
    // The N+1 hint; hidden until a lazy load repeats nPlusOneThreshold() times in a row.
    QLabel* nPlusOneLabel() const { return m_hint; }
    void setNPlusOneThreshold(int times) { m_threshold = times; }
    int nPlusOneThreshold() const { return m_threshold; }

    // The selected statement as copyAction() copies it (empty when none is selected).
    QString currentText() const;
    // Writes the statements shown (after filtering) to `path` as an SQL script, each after a
    // comment with its time, origin, duration and values. False (and errorString()) on failure.
    bool saveToFile(const QString& path);
    QString errorString() const { return m_error; }

    // The statement shown in the detail pane; id 0 when none is selected.
    LogEntry currentEntry() const { return m_current; }
    // The detail pane's text for an entry: the SQL, then its parameters, origin, duration,
    // rows and error as SQL comments.
    static QString detailText(const LogEntry& entry);
    // The same with the values written into the SQL as literals when `inlineValues`.
    static QString detailText(const LogEntry& entry, bool inlineValues);
    // The comment lines of detailText(): values, origin, duration, rows, time, error.
    static QString detailComments(const LogEntry& entry);

signals:
    void currentEntryChanged(const orm::LogEntry& entry);

private:
    void buildUi();
    QMenu* buildOriginMenu();
    void applyOriginMenu();
    void showCurrent();
    void rowsAboutToBeInserted();
    void rowsInserted();
    void saveWithDialog();
    // Follows runs of the same lazy load among the log's rows first..last.
    void scanForRepeats(int first, int last);
    void resetRepeats();

    SqlLogModel* m_model = nullptr;
    SqlLogFilterModel* m_filter = nullptr;
    QTableView* m_table = nullptr;
    QPlainTextEdit* m_detail = nullptr;
    SqlHighlighter* m_highlighter = nullptr;
    SqlStatementDelegate* m_statementDelegate = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QToolButton* m_originButton = nullptr;
    QMenu* m_originMenu = nullptr;
    QCheckBox* m_errorsOnly = nullptr;
    QPushButton* m_clearButton = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_clearAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_inlineAction = nullptr;
    QLabel* m_hint = nullptr;
    int m_threshold = 5;
    QString m_runSql; // the lazy load repeating now, and how many times in a row
    int m_runLength = 0;
    QString m_error;
    LogEntry m_current;
    bool m_followTail = true;
    bool m_scrollPending = false;
};

} // namespace orm::ui
