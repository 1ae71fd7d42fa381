#pragma once
// MainWindow is QtOrm Browser's window: the open database's tables on the left, the rows of
// the selected one in the middle, and a dock at the bottom with every SQL statement sent.

#include <QMainWindow>
#include <memory>

class QLabel;
class QListWidget;
class QTableView;

namespace orm {
class Engine;
namespace ui {
class SqlLogView;
}
} // namespace orm

namespace browser {

class TableRowsModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
    // When false, errors are recorded (lastError()) and signalled (errorOccurred()) but no
    // modal dialog is shown: for tests, scripts and start-up before the window is shown.
    Q_PROPERTY(bool errorDialogsEnabled READ errorDialogsEnabled WRITE setErrorDialogsEnabled)

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a database URL or the path of an SQLite file and shows its tables (the first one
    // selected). On failure the database open before stays open, the error is reported and
    // false is returned.
    bool openDatabase(const QString& urlOrPath);
    // Shows the rows of `table`; false (and an error report) when it cannot be read.
    bool showTable(const QString& table);

    orm::Engine* engine() const { return m_engine.get(); }
    QStringList tableNames() const;
    QString currentTable() const;
    QString lastError() const { return m_lastError; }

    bool errorDialogsEnabled() const { return m_errorDialogs; }
    void setErrorDialogsEnabled(bool on) { m_errorDialogs = on; }

    QListWidget* tableList() const { return m_tableList; }
    QTableView* rowsView() const { return m_rowsView; }
    TableRowsModel* rowsModel() const { return m_rowsModel; }
    orm::ui::SqlLogView* sqlLogView() const { return m_logView; }
    QString urlText() const;
    QString rowCountText() const;

signals:
    void databaseOpened(const QString& displayUrl);
    void errorOccurred(const QString& message);

public slots:
    // File > Open…: an SQLite file chosen in a file dialog.
    void openFile();
    // File > Open URL…: a database URL typed in.
    void openUrl();
    void about();

private:
    void buildUi();
    void buildMenus();
    void reportError(const QString& title, const QString& message);
    void updateTitle();
    void updateRowCount();

    std::unique_ptr<orm::Engine> m_engine;
    QListWidget* m_tableList = nullptr;
    QTableView* m_rowsView = nullptr;
    TableRowsModel* m_rowsModel = nullptr;
    orm::ui::SqlLogView* m_logView = nullptr;
    QLabel* m_urlLabel = nullptr;
    QLabel* m_rowsLabel = nullptr;
    QString m_lastError;
    bool m_errorDialogs = true;
};

} // namespace browser
