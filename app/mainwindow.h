#pragma once
// MainWindow is QtOrm Browser's window. The open database's schema is on the left; its tables
// (and the rows objects are related to) are tabs in the middle, each filtered and sorted on the
// server; the selected row's details and relationships are on the right, each relationship
// opening the related rows in a tab, with Back and Forward. Docks show every SQL statement as it
// runs and the changes waiting for Commit. Nothing is written before Commit: closing the window
// or opening another database with pending changes asks first.

#include "app/navigationhistory.h"

#include <QMainWindow>
#include <functional>
#include <memory>

class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;
class QTableView;
class QToolBar;

namespace orm {
class Engine;
class Object;
class Session;
namespace ui {
class SessionActions;
class SqlLogView;
class PendingChangesModel;
} // namespace ui
} // namespace orm

namespace browser {

class BrowserTab;
class Database;
class DetailPane;
class SchemaTree;

class MainWindow : public QMainWindow {
    Q_OBJECT
    // When false, errors are recorded (lastError()) and signalled (errorOccurred()) but no
    // modal dialog is shown: for tests, scripts and start-up before the window is shown.
    Q_PROPERTY(bool errorDialogsEnabled READ errorDialogsEnabled WRITE setErrorDialogsEnabled)

public:
    // What to do with changes not committed yet before they would be lost.
    enum class PendingDecision { Commit, Discard, Cancel };
    // Asks the user; the default shows a message box. Tests give their own answer.
    using PendingChangesPrompt = std::function<PendingDecision(const QString& question)>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the bundled sample database at `path` (made first when missing) through the
    // compiled classes of samplemodel.h.
    bool openSample(const QString& path);
    // Opens a database URL or the path of an SQLite file through automap and shows its first
    // table. Pending changes are settled first (see setPendingChangesPrompt()). On failure the
    // database open before stays open, the error is reported and false is returned.
    bool openDatabase(const QString& urlOrPath);
    // Shows the rows of `table` in its tab (made when needed) and records the visit for Back.
    bool showTable(const QString& table);
    // Shows what `parent` is related to through `relationship` in a tab of its own.
    bool openRelated(const orm::Object& parent, const QString& relationship);
    // Selects the row of `object`, opening its table when no tab shows it; false when it is not
    // found in the rows loaded.
    bool selectObject(const orm::Object& object);

    // Commit / discard / cancel the changes not committed yet; true when the caller may go on
    // (nothing pending, committed, or discarded).
    bool settlePendingChanges(const QString& question);
    void setPendingChangesPrompt(PendingChangesPrompt prompt) { m_prompt = std::move(prompt); }

    // Writes every row of the current tab's query (filters and order included) as CSV.
    bool exportCsv(const QString& path);
    // The query plan of the statement selected in the SQL log, shown in a dialog; empty when
    // it cannot be explained (the error is reported).
    QString explainSelectedStatement();

    Database* database() const { return m_db.get(); }
    orm::Engine* engine() const;
    orm::Session* session() const;
    orm::ui::SessionActions* sessionActions() const { return m_sessionActions; }
    QStringList tableNames() const;
    QString currentTable() const;
    BrowserTab* currentTab() const;
    QTabWidget* tabWidget() const { return m_tabs; }
    SchemaTree* schemaTree() const { return m_schemaTree; }
    DetailPane* detailPane() const { return m_detailPane; }
    NavigationHistory* history() const { return m_history; }
    orm::ui::SqlLogView* sqlLogView() const { return m_logView; }
    QTableView* pendingView() const { return m_pendingView; }
    orm::ui::PendingChangesModel* pendingModel() const { return m_pendingModel; }
    QSplitter* splitter() const { return m_splitter; }

    QAction* refreshAction() const { return m_refresh; }
    QAction* newRowAction() const { return m_newRow; }
    QAction* deleteRowAction() const { return m_deleteRow; }
    QAction* revertRowAction() const { return m_revertRow; }
    QAction* setNullAction() const { return m_setNull; }
    QAction* copyAction() const { return m_copy; }
    QAction* copyAsSqlAction() const { return m_copySql; }
    QAction* exportAction() const { return m_export; }
    QAction* explainAction() const { return m_explain; }
    QMenu* recentMenu() const { return m_recentMenu; }
    QToolBar* toolBar() const { return m_toolBar; }

    // The status bar: "rows 1–37", "of 1,234", "transaction open, 3 pending changes".
    QString rowRangeText() const;
    QString totalText() const;
    QString transactionText() const;
    QString lastError() const { return m_lastError; }
    // Databases opened before, the last one first (files as paths, servers as URLs without
    // their password).
    QStringList recentDatabases() const;

    bool errorDialogsEnabled() const { return m_errorDialogs; }
    void setErrorDialogsEnabled(bool on) { m_errorDialogs = on; }

signals:
    void databaseOpened(const QString& displayUrl);
    void errorOccurred(const QString& message);

public slots:
    // File > Open…: an SQLite file chosen in a file dialog.
    void openFile();
    // File > Open URL…: a database URL typed in.
    void openUrl();
    // File > Connect to PostgreSQL…: host, port, database, user and password.
    void connectToServer();
    // The connection dialog filled from `url` (all but a password it lacks) with `message`
    // above the fields; opens what the user accepts. Also shown when a PostgreSQL URL without
    // a password (as Open Recent keeps them) is refused for want of one.
    bool connectWithDialog(const QString& url, const QString& message);
    void exportCsvDialog();
    void refresh();
    void newRow();
    void deleteRows();
    // Edit > Revert Row: the selected rows as they were before any edit (undoable).
    void revertRows();
    void setNull();
    void copyCells();
    void copyAsSqlInsert();
    void about();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildUi();
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void nameToolButtons();
    void restoreLayout();
    void saveLayout() const;
    // Puts `db` in place of the open database; the widgets follow.
    void switchTo(std::unique_ptr<Database> db, const QString& recentEntry);
    // The default PendingChangesPrompt: a message box with Commit, Discard and Cancel.
    PendingDecision askAboutPendingChanges(const QString& question);
    void closeDatabase();
    bool showLocation(const Location& location);
    BrowserTab* tabFor(const Location& location) const;
    BrowserTab* addTab(const Location& location);
    void closeTab(int index);
    void currentTabChanged();
    void showObject(const orm::Object& object);
    void commitFailed(const QString& message, const QList<orm::Object>& objects);
    void pendingChangeSelected();
    void addRecent(const QString& entry);
    void fillRecentMenu();
    void reportError(const QString& title, const QString& message);
    void updateTitle();
    void updateStatus();
    void scheduleStatusUpdate();
    void updateActions();
    // The rows of the current tab's selection (or its current row), the last one first.
    QList<int> selectedRows() const;

    std::unique_ptr<Database> m_db;
    QString m_samplePath; // the sample opens through the compiled classes
    orm::ui::SessionActions* m_sessionActions = nullptr;
    orm::ui::PendingChangesModel* m_pendingModel = nullptr;

    QSplitter* m_splitter = nullptr;
    SchemaTree* m_schemaTree = nullptr;
    QTabWidget* m_tabs = nullptr;
    DetailPane* m_detailPane = nullptr;
    NavigationHistory* m_history = nullptr;
    orm::ui::SqlLogView* m_logView = nullptr;
    QTableView* m_pendingView = nullptr;
    QLabel* m_rangeLabel = nullptr;
    QLabel* m_totalLabel = nullptr;
    QLabel* m_transactionLabel = nullptr;

    QAction* m_open = nullptr;
    QAction* m_openUrl = nullptr;
    QAction* m_connect = nullptr;
    QAction* m_export = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_refresh = nullptr;
    QAction* m_newRow = nullptr;
    QAction* m_deleteRow = nullptr;
    QAction* m_revertRow = nullptr;
    QAction* m_setNull = nullptr;
    QAction* m_copy = nullptr;
    QAction* m_copySql = nullptr;
    QAction* m_explain = nullptr;
    QAction* m_closeTab = nullptr;
    QAction* m_sessionMenuAnchor = nullptr; // SessionActions' actions go before these
    QAction* m_sessionToolAnchor = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QToolBar* m_toolBar = nullptr;

    PendingChangesPrompt m_prompt;
    QString m_lastError;
    bool m_errorDialogs = true;
    bool m_statusQueued = false;
};

} // namespace browser
