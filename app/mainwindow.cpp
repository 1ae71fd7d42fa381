#include "app/mainwindow.h"

#include "app/appresources.h"
#include "app/browsertab.h"
#include "app/celldelegate.h"
#include "app/connectdialog.h"
#include "app/database.h"
#include "app/databaseurl.h"
#include "app/detailpane.h"
#include "app/filterheader.h"
#include "app/sampledatabase.h"
#include "app/schematree.h"
#include "orm/orm.h"
#include "ui/entitytablemodel.h"
#include "ui/explain.h"
#include "ui/pendingchangesmodel.h"
#include "ui/sessionactions.h"
#include "ui/sqllogview.h"
#include "ui/tableexport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace browser {

namespace {

constexpr int MaxRecent = 10;
const auto RecentKey = QStringLiteral("recentDatabases");
const auto GeometryKey = QStringLiteral("window/geometry");
const auto StateKey = QStringLiteral("window/state");
const auto SplitterKey = QStringLiteral("window/splitter");

// What the recent list keeps of a URL: files as their path, servers without the password.
QString recentEntryOf(const orm::Url& url, const QString& input)
{
    if (url.backend == u"sqlite")
        return url.isMemory() ? QString() : QFileInfo(url.database).absoluteFilePath();
    QUrl withoutPassword(input);
    withoutPassword.setPassword(QString());
    return withoutPassword.toString();
}

// Whether opening `input` failed for want of the right password: a PostgreSQL URL without one
// (as Open Recent keeps them) that the server turned away (SQLSTATE class 28, or libpq's
// "fe_sendauth: no password supplied" before the server could say).
bool needsPassword(const QString& input, const orm::Error& error)
{
    const QUrl url(input);
    if (!url.scheme().startsWith(QStringLiteral("postgres")) || !url.password().isEmpty())
        return false;
    const auto* database = dynamic_cast<const orm::DatabaseError*>(&error);
    if (!database)
        return false;
    return database->sqlError().nativeErrorCode().startsWith(QStringLiteral("28")) ||
           database->driverMessage().contains(QStringLiteral("password"), Qt::CaseInsensitive);
}

int pendingCount(const orm::Session& session)
{
    return int(session.newObjects().size() + session.dirtyObjects().size() +
               session.deletedObjects().size());
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowIcon(appIcon());
    setAcceptDrops(true);
    m_history = new NavigationHistory(this);
    connect(m_history, &NavigationHistory::navigated, this,
            [this](const Location& location) { showLocation(location); });
    buildActions();
    buildUi();
    buildMenus();
    buildToolBar();
    m_prompt = [this](const QString& question) { return askAboutPendingChanges(question); };
    restoreLayout();
    updateTitle();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow()
{
    closeDatabase();
}

MainWindow::PendingDecision MainWindow::askAboutPendingChanges(const QString& question)
{
    QMessageBox box(QMessageBox::Question, tr("Uncommitted Changes"), question,
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.button(QMessageBox::Save)->setText(tr("&Commit"));
    box.setDefaultButton(QMessageBox::Save);
    box.setInformativeText(tr("Nothing has been written to the database yet."));
    switch (box.exec()) {
    case QMessageBox::Save:
        return PendingDecision::Commit;
    case QMessageBox::Discard:
        return PendingDecision::Discard;
    default:
        return PendingDecision::Cancel;
    }
}

// ---- building the window ----------------------------------------------------------------------

void MainWindow::buildActions()
{
    m_open = new QAction(themeIcon(QStringLiteral("open")), tr("&Open…"), this);
    m_open->setShortcut(QKeySequence::Open);
    m_open->setToolTip(tr("Open an SQLite database file"));
    connect(m_open, &QAction::triggered, this, &MainWindow::openFile);

    m_openUrl = new QAction(tr("Open &URL…"), this);
    m_openUrl->setToolTip(
        tr("Open a database by URL (sqlite:///file.db, postgresql://user@host/db)"));
    connect(m_openUrl, &QAction::triggered, this, &MainWindow::openUrl);

    m_connect =
        new QAction(themeIcon(QStringLiteral("connect")), tr("&Connect to PostgreSQL…"), this);
    m_connect->setToolTip(tr("Open a PostgreSQL database on a server"));
    connect(m_connect, &QAction::triggered, this, &MainWindow::connectToServer);

    m_export = new QAction(themeIcon(QStringLiteral("export")), tr("&Export CSV…"), this);
    m_export->setToolTip(tr("Save every row of the current tab, filtered and sorted, as CSV"));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportCsvDialog);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_refresh = new QAction(themeIcon(QStringLiteral("refresh")), tr("Re&fresh"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Read the rows of the current tab again"));
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refresh);

    m_newRow = new QAction(themeIcon(QStringLiteral("row-add")), tr("&New Row"), this);
    m_newRow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_newRow->setToolTip(tr("Add a row to the current table (written at Commit)"));
    connect(m_newRow, &QAction::triggered, this, &MainWindow::newRow);

    m_deleteRow = new QAction(themeIcon(QStringLiteral("row-delete")), tr("&Delete Row"), this);
    // Spreadsheets' key for deleting rows; Ctrl+Delete is the cell editor's NULL.
    m_deleteRow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    m_deleteRow->setToolTip(tr("Mark the selected rows for deletion (deleted at Commit)"));
    connect(m_deleteRow, &QAction::triggered, this, &MainWindow::deleteRows);

    m_revertRow = new QAction(tr("Re&vert Row"), this);
    m_revertRow->setToolTip(
        tr("Put the selected rows back as they were: edits undone, deletion cancelled, new rows "
           "removed"));
    connect(m_revertRow, &QAction::triggered, this, &MainWindow::revertRows);

    m_setNull = new QAction(themeIcon(QStringLiteral("set-null")), tr("Set &NULL"), this);
    m_setNull->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_setNull->setToolTip(tr("Set the selected cells to NULL"));
    connect(m_setNull, &QAction::triggered, this, &MainWindow::setNull);

    m_copy = new QAction(themeIcon(QStringLiteral("copy")), tr("&Copy"), this);
    // Ctrl+C copies cells in a table; the SQL log has a Ctrl+C of its own.
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetShortcut);
    m_copy->setToolTip(tr("Copy the selected cells as tab-separated text"));
    connect(m_copy, &QAction::triggered, this, &MainWindow::copyCells);

    m_copySql = new QAction(tr("Copy as SQL &INSERT"), this);
    m_copySql->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copySql->setToolTip(tr("Copy the selected rows as INSERT statements"));
    connect(m_copySql, &QAction::triggered, this, &MainWindow::copyAsSqlInsert);

    m_explain = new QAction(themeIcon(QStringLiteral("explain")), tr("E&xplain Query Plan"), this);
    m_explain->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_explain->setToolTip(tr("Show how the database runs the SELECT selected in the SQL log"));
    connect(m_explain, &QAction::triggered, this, [this] { explainSelectedStatement(); });

    m_closeTab = new QAction(tr("Close &Tab"), this);
    m_closeTab->setShortcut(QKeySequence::Close);
    connect(m_closeTab, &QAction::triggered, this, [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });

    m_history->backAction()->setIcon(themeIcon(QStringLiteral("back")));
    m_history->forwardAction()->setIcon(themeIcon(QStringLiteral("forward")));

    for (QAction* action : {m_open, m_connect, m_export, m_refresh, m_newRow, m_deleteRow,
                            m_revertRow, m_setNull, m_copy, m_explain})
        action->setStatusTip(action->toolTip());
}

void MainWindow::buildUi()
{
    m_schemaTree = new SchemaTree;
    m_schemaTree->setAccessibleName(tr("Schema"));
    connect(m_schemaTree, &SchemaTree::tableActivated, this,
            [this](const QString& table) { showTable(table); });

    m_tabs = new QTabWidget;
    m_tabs->setAccessibleName(tr("Tables"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::currentTabChanged);

    m_detailPane = new DetailPane;
    m_detailPane->setAccessibleName(tr("Details of the selected row"));
    connect(m_detailPane, &DetailPane::openRelated, this,
            [this](const orm::Object& object, const QString& relationship) {
                openRelated(object, relationship);
            });

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_schemaTree);
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(m_detailPane);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({230, 700, 270});
    setCentralWidget(m_splitter);

    m_logView = new orm::ui::SqlLogView;
    m_logView->setAccessibleName(tr("SQL log"));
    connect(m_logView, &orm::ui::SqlLogView::currentEntryChanged, this,
            [this](const orm::LogEntry& entry) { m_explain->setEnabled(entry.isSelect); });
    // Right-click on a statement: explain it, copy it, save the log.
    m_logView->tableView()->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_logView->tableView()->addActions(
        {m_explain, m_logView->copyAction(), m_logView->saveAction()});
    auto* logDock = new QDockWidget(tr("SQL Log"), this);
    logDock->setObjectName(QStringLiteral("sqlLogDock"));
    logDock->setWidget(m_logView);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);

    m_pendingView = new QTableView;
    m_pendingView->setObjectName(QStringLiteral("pendingChangesView"));
    m_pendingView->setAccessibleName(tr("Pending changes"));
    m_pendingView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pendingView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_pendingView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_pendingView->setWordWrap(false);
    m_pendingView->verticalHeader()->hide();
    auto* pendingDock = new QDockWidget(tr("Pending Changes"), this);
    pendingDock->setObjectName(QStringLiteral("pendingChangesDock"));
    pendingDock->setWidget(m_pendingView);
    addDockWidget(Qt::BottomDockWidgetArea, pendingDock);
    splitDockWidget(logDock, pendingDock, Qt::Horizontal);
    resizeDocks({logDock, pendingDock}, {760, 440}, Qt::Horizontal);
    resizeDocks({logDock}, {260}, Qt::Vertical);

    // The labels never get less room than their text needs (a status message shrinks
    // instead), and the row numbers get room for a few digits more so that they do not jump
    // while scrolling.
    const auto statusLabel = [this](const QString& name, const QString& widest) {
        auto* label = new QLabel;
        label->setObjectName(name);
        label->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);
        if (!widest.isEmpty())
            label->setMinimumWidth(label->fontMetrics().horizontalAdvance(widest));
        return label;
    };
    m_rangeLabel = statusLabel(QStringLiteral("rowRangeLabel"), tr("rows 10,000–10,050"));
    m_totalLabel = statusLabel(QStringLiteral("totalLabel"), tr("of 100,000"));
    m_transactionLabel = statusLabel(QStringLiteral("transactionLabel"), QString());
    statusBar()->addPermanentWidget(m_rangeLabel);
    statusBar()->addPermanentWidget(m_totalLabel);
    statusBar()->addPermanentWidget(m_transactionLabel);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_open);
    file->addAction(m_openUrl);
    file->addAction(m_connect);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_closeTab);
    file->addAction(m_quit);

    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    m_sessionMenuAnchor = m_editMenu->addSeparator();
    m_editMenu->addAction(m_newRow);
    m_editMenu->addAction(m_deleteRow);
    m_editMenu->addAction(m_revertRow);
    m_editMenu->addAction(m_setNull);
    m_editMenu->addSeparator();
    m_editMenu->addAction(m_copy);
    m_editMenu->addAction(m_copySql);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_history->backAction());
    view->addAction(m_history->forwardAction());
    view->addAction(m_refresh);
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    // Keyboard users jump between the panes.
    const auto focusAction = [this, view](const QString& text, int key, auto widget) {
        QAction* action = view->addAction(text);
        action->setShortcut(QKeySequence(Qt::CTRL | key));
        connect(action, &QAction::triggered, this, [widget] {
            if (QWidget* w = widget())
                w->setFocus(Qt::ShortcutFocusReason);
        });
    };
    focusAction(tr("Go to &Schema"), Qt::Key_1, [this]() -> QWidget* { return m_schemaTree; });
    focusAction(tr("Go to &Rows"), Qt::Key_2, [this]() -> QWidget* { return currentTab(); });
    focusAction(tr("Go to &Details"), Qt::Key_3, [this]() -> QWidget* { return m_detailPane; });
    focusAction(tr("Go to SQL &Log"), Qt::Key_4, [this]() -> QWidget* { return m_logView; });
    focusAction(tr("Go to &Pending Changes"), Qt::Key_5,
                [this]() -> QWidget* { return m_pendingView; });

    QMenu* tools = menuBar()->addMenu(tr("&SQL"));
    tools->addAction(m_explain);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About QtOrm Browser"), this, &MainWindow::about);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::buildToolBar()
{
    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_toolBar->addAction(m_open);
    m_toolBar->addAction(m_connect);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_history->backAction());
    m_toolBar->addAction(m_history->forwardAction());
    m_toolBar->addAction(m_refresh);
    m_sessionToolAnchor = m_toolBar->addSeparator();
    m_toolBar->addAction(m_newRow);
    m_toolBar->addAction(m_deleteRow);
    m_toolBar->addAction(m_setNull);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_export);
    m_toolBar->addAction(m_explain);
    nameToolButtons();
}

void MainWindow::nameToolButtons()
{
    // Icon-only buttons: screen readers read the action's name, without its mnemonic.
    for (QAction* action : m_toolBar->actions()) {
        if (QWidget* button = m_toolBar->widgetForAction(action); button && !action->isSeparator())
            button->setAccessibleName(QString(action->text()).remove(u'&'));
    }
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    // First run: a size that shows the three panes and the docks without crowding.
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray()))
        resize(1280, 820);
    restoreState(settings.value(StateKey).toByteArray());
    m_splitter->restoreState(settings.value(SplitterKey).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
}

// ---- opening databases ------------------------------------------------------------------------

bool MainWindow::openSample(const QString& path)
{
    if (!settlePendingChanges(tr("Commit your changes before opening the sample database?")))
        return false;
    std::unique_ptr<Database> db;
    try {
        db = Database::openSample(SampleDatabase::ensure(path));
    } catch (const orm::Error& e) {
        reportError(tr("Cannot Open the Sample Database"), e.message());
        return false;
    }
    m_samplePath = QFileInfo(path).absoluteFilePath();
    switchTo(std::move(db), m_samplePath);
    return true;
}

bool MainWindow::openDatabase(const QString& urlOrPath)
{
    const QString input = urlOrPath.trimmed();
    if (!isDatabaseUrl(input) && !m_samplePath.isEmpty() &&
        QFileInfo(input).absoluteFilePath() == m_samplePath)
        return openSample(input);
    if (!settlePendingChanges(tr("Commit your changes before opening another database?")))
        return false;
    std::unique_ptr<Database> db;
    try {
        db = Database::open(withConnectTimeout(databaseUrlFromInput(input)));
    } catch (const orm::Error& e) {
        // A server URL kept without its password: ask for it, with the rest filled in.
        if (m_errorDialogs && needsPassword(input, e)) {
            m_lastError = e.message();
            return connectWithDialog(
                input,
                tr("The server asks for a password.\n%1").arg(e.message().section(u'\n', 0, 0)));
        }
        reportError(tr("Cannot Open Database"), e.message());
        return false;
    }
    const QString entry = recentEntryOf(db->engine().url(), input);
    switchTo(std::move(db), entry);
    return true;
}

void MainWindow::switchTo(std::unique_ptr<Database> db, const QString& recentEntry)
{
    // Nothing may refer to the previous Session, mappers or Engine once they go.
    closeDatabase();
    m_db = std::move(db);
    orm::Session& session = m_db->session();

    m_sessionActions = new orm::ui::SessionActions(session, this);
    m_sessionActions->commitAction()->setIcon(themeIcon(QStringLiteral("commit")));
    m_sessionActions->rollbackAction()->setIcon(themeIcon(QStringLiteral("rollback")));
    m_sessionActions->undoAction()->setIcon(themeIcon(QStringLiteral("undo")));
    m_sessionActions->redoAction()->setIcon(themeIcon(QStringLiteral("redo")));
    m_editMenu->insertActions(m_sessionMenuAnchor, m_sessionActions->actions());
    m_toolBar->insertActions(m_sessionToolAnchor, m_sessionActions->actions());
    nameToolButtons();
    connect(m_sessionActions, &orm::ui::SessionActions::commitFailed, this,
            &MainWindow::commitFailed);
    // Commit from the toolbar or the menu takes what an open cell editor holds, as Ctrl+S does.
    connect(m_sessionActions, &orm::ui::SessionActions::aboutToCommit, this, [this] {
        for (int i = 0; i < m_tabs->count(); ++i)
            CellDelegate::finishEditing(static_cast<BrowserTab*>(m_tabs->widget(i))->view());
    });

    for (const auto signal :
         {&orm::Session::objectAdded, &orm::Session::objectDeleted, &orm::Session::objectExpired})
        connect(&session, signal, this, &MainWindow::scheduleStatusUpdate);
    connect(&session, &orm::Session::objectChanged, this, &MainWindow::scheduleStatusUpdate);
    connect(&session, &orm::Session::flushed, this, &MainWindow::scheduleStatusUpdate);
    connect(&session, &orm::Session::committed, this, &MainWindow::scheduleStatusUpdate);
    connect(&session, &orm::Session::rolledBack, this, &MainWindow::scheduleStatusUpdate);
    // A query begins a transaction (autobegin) without a Session signal; the log tells.
    connect(&m_db->engine().log(), &orm::StatementLog::statementExecuted, this,
            &MainWindow::scheduleStatusUpdate);

    m_logView->setLog(&m_db->engine().log());
    m_pendingModel = new orm::ui::PendingChangesModel(session, this);
    m_pendingView->setModel(m_pendingModel);
    // The statement gets the room; values and object are short.
    QHeaderView* header = m_pendingView->horizontalHeader();
    header->setSectionResizeMode(orm::ui::PendingChangesModel::Statement, QHeaderView::Stretch);
    header->resizeSection(orm::ui::PendingChangesModel::Values, 130);
    header->resizeSection(orm::ui::PendingChangesModel::Object, 110);
    connect(m_pendingView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::pendingChangeSelected);
    m_schemaTree->setSchema(m_db->metadata(), m_db->mappers());

    addRecent(recentEntry);
    updateTitle();
    emit databaseOpened(m_db->engine().url().toDisplayString());
    // The tutorial starts with its users; other databases with their first table.
    if (m_db->isSample()) {
        showTable(QStringLiteral("users"));
        statusBar()->showMessage(
            tr("The sample database, mapped with the compiled C++ classes User, Address, "
               "BlogPost and Keyword"),
            15000);
    } else {
        if (!m_db->mappers().isEmpty())
            showTable(Database::tableName(*m_db->mappers().first()));
        // What automap left out (a foreign key to a missing table, ...).
        if (!m_db->warnings().isEmpty())
            statusBar()->showMessage(m_db->warnings().join(QStringLiteral("; ")), 15000);
    }
    updateActions();
    updateStatus();
}

void MainWindow::closeDatabase()
{
    if (!m_db)
        return;
    m_detailPane->clear();
    // Models first: they hold objects of the Session.
    {
        const QSignalBlocker blocker(m_tabs);
        while (m_tabs->count() > 0)
            delete m_tabs->widget(0);
    }
    m_pendingView->setModel(nullptr);
    delete m_pendingModel;
    m_pendingModel = nullptr;
    m_logView->setLog(nullptr);
    delete m_sessionActions;
    m_sessionActions = nullptr;
    m_history->clear();
    m_schemaTree->clear();
    m_db.reset();
}

bool MainWindow::settlePendingChanges(const QString& question)
{
    if (!m_sessionActions || !m_sessionActions->hasChanges())
        return true;
    switch (m_prompt(question)) {
    case PendingDecision::Commit:
        return m_sessionActions->commit();
    case PendingDecision::Discard:
        m_sessionActions->rollback();
        return true;
    case PendingDecision::Cancel:
        break;
    }
    return false;
}

void MainWindow::openFile()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (m_db && m_db->engine().url().backend == u"sqlite" && !m_db->engine().url().isMemory())
        folder = QFileInfo(m_db->engine().url().database).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open SQLite Database"), folder,
        tr("SQLite databases (*.db *.sqlite *.sqlite3 *.db3);;All files (*)"));
    if (!path.isEmpty())
        openDatabase(path);
}

void MainWindow::openUrl()
{
    bool ok = false;
    const QString url =
        QInputDialog::getText(this, tr("Open Database URL"),
                              tr("Database URL (sqlite:///file.db or postgresql://user@host/db):"),
                              QLineEdit::Normal, QString(), &ok)
            .trimmed();
    if (ok && !url.isEmpty())
        openDatabase(url);
}

void MainWindow::connectToServer()
{
    connectWithDialog(QString(), QString());
}

bool MainWindow::connectWithDialog(const QString& url, const QString& message)
{
    ConnectDialog dialog(this);
    if (!url.isEmpty())
        dialog.setUrl(url);
    dialog.setMessage(message);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    return openDatabase(dialog.url());
}

void MainWindow::addRecent(const QString& entry)
{
    if (entry.isEmpty())
        return;
    QSettings settings;
    QStringList recent = settings.value(RecentKey).toStringList();
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    settings.setValue(RecentKey, recent);
}

QStringList MainWindow::recentDatabases() const
{
    return QSettings().value(RecentKey).toStringList();
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentDatabases();
    for (int i = 0; i < recent.size(); ++i) {
        const QString entry = recent.at(i);
        // &1 … &9 for the keyboard.
        const QString text = i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(entry) : entry;
        m_recentMenu->addAction(text, this, [this, entry] { openDatabase(entry); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No databases opened yet"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear List"), this, [] { QSettings().remove(RecentKey); });
}

// ---- tabs and navigation ----------------------------------------------------------------------

bool MainWindow::showTable(const QString& table)
{
    if (!m_db)
        return false;
    if (!m_db->mapperOf(table)) {
        // A link table (many-to-many) has no class: its rows are the relationships it makes.
        const bool linkTable = m_db->metadata().findTable(table.section(u'.', -1),
                                                          table.section(u'.', -2, -2)) != nullptr;
        m_lastError = linkTable ? tr("%1 links two tables: open its rows as a relationship of "
                                     "either in the detail pane.")
                                      .arg(table)
                                : tr("There is no table called \"%1\".").arg(table);
        statusBar()->showMessage(m_lastError, 10000);
        emit errorOccurred(m_lastError);
        return false;
    }
    const Location location{table, {}, {}};
    if (!showLocation(location))
        return false;
    m_history->visit(location);
    return true;
}

bool MainWindow::openRelated(const orm::Object& parent, const QString& relationship)
{
    if (!m_db || !parent)
        return false;
    const orm::Relationship* rel = parent.mapper().relationship(relationship);
    if (!rel) {
        reportError(tr("Cannot Open Related Rows"),
                    tr("%1 has no relationship called \"%2\".")
                        .arg(parent.mapper().className(), relationship));
        return false;
    }
    const Location location{Database::tableName(rel->target()), parent, relationship};
    if (!showLocation(location))
        return false;
    m_history->visit(location);
    return true;
}

bool MainWindow::showLocation(const Location& location)
{
    BrowserTab* tab = tabFor(location);
    if (!tab)
        tab = addTab(location);
    if (!tab)
        return false;
    m_tabs->setCurrentWidget(tab);
    {
        const QSignalBlocker blocker(m_schemaTree);
        m_schemaTree->selectTable(location.table);
    }
    return true;
}

BrowserTab* MainWindow::tabFor(const Location& location) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* tab = static_cast<BrowserTab*>(m_tabs->widget(i));
        if (tab->location() == location)
            return tab;
    }
    return nullptr;
}

BrowserTab* MainWindow::addTab(const Location& location)
{
    const orm::Mapper* mapper =
        location.parent
            ? &location.parent.mapper().relationshipNamed(location.relationship).target()
            : m_db->mapperOf(location.table);
    if (!mapper)
        return nullptr;
    BrowserTab* tab = nullptr;
    try {
        tab = new BrowserTab(m_db->session(), *mapper, location);
    } catch (const orm::Error& e) {
        reportError(tr("Cannot Show Rows"), e.message());
        return nullptr;
    }
    orm::ui::EntityTableModel* model = tab->model();
    m_sessionActions->track(model);
    auto* delegate = new CellDelegate(m_db->session(), tab);
    tab->view()->setItemDelegate(delegate);
    // An editor's value committed by a shortcut (Ctrl+S) enables Commit before the shortcut
    // looks for its action.
    connect(delegate, &QAbstractItemDelegate::commitData, m_sessionActions,
            &orm::ui::SessionActions::updateActions);
    tab->view()->addAction(m_copy);
    connect(model, &orm::ui::ObjectTableModel::errorOccurred, this,
            [this](const QString& message) { reportError(tr("Database Error"), message); });
    connect(model, &orm::ui::ObjectTableModel::editRefused, this,
            [this](const QModelIndex&, const QString& message) {
                m_lastError = message;
                statusBar()->showMessage(message, 8000);
                emit errorOccurred(message);
            });
    connect(model, &orm::ui::EntityTableModel::rowCountKnown, this,
            &MainWindow::scheduleStatusUpdate);
    connect(tab, &BrowserTab::rowsInSightChanged, this, &MainWindow::scheduleStatusUpdate);
    connect(tab, &BrowserTab::currentObjectChanged, this, [this, tab](const orm::Object& object) {
        if (tab == currentTab())
            showObject(object);
        updateActions();
    });
    connect(tab->filterHeader(), &FilterHeader::filterError, this,
            [this](int, const QString& message) { statusBar()->showMessage(message, 8000); });
    const int index = m_tabs->addTab(tab, themeIcon(QStringLiteral("table")), tab->title());
    m_tabs->setTabToolTip(index, tab->title());
    return tab;
}

void MainWindow::closeTab(int index)
{
    QWidget* tab = m_tabs->widget(index);
    m_tabs->removeTab(index);
    delete tab;
}

void MainWindow::currentTabChanged()
{
    BrowserTab* tab = currentTab();
    showObject(tab ? tab->currentObject() : orm::Object());
    if (tab) {
        m_history->visit(tab->location());
        const QSignalBlocker blocker(m_schemaTree);
        m_schemaTree->selectTable(tab->location().table);
    }
    updateActions();
    updateStatus();
}

void MainWindow::showObject(const orm::Object& object)
{
    if (object && m_db)
        m_detailPane->setObject(&m_db->session(), object);
    else
        m_detailPane->clear();
}

bool MainWindow::selectObject(const orm::Object& object)
{
    if (!object || !m_db)
        return false;
    if (BrowserTab* tab = currentTab(); tab && tab->selectObject(object))
        return true;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* tab = static_cast<BrowserTab*>(m_tabs->widget(i));
        if (tab->model()->rowOf(object) >= 0) {
            m_tabs->setCurrentWidget(tab);
            return tab->selectObject(object);
        }
    }
    // No tab has it in memory: its table's tab, whose first page is read now.
    const QString table = Database::tableName(object.mapper());
    if (!showTable(table))
        return false;
    BrowserTab* tab = currentTab();
    tab->model()->fetchMore({});
    return tab->selectObject(object);
}

BrowserTab* MainWindow::currentTab() const
{
    return static_cast<BrowserTab*>(m_tabs->currentWidget());
}

QStringList MainWindow::tableNames() const
{
    QStringList names;
    if (m_db) {
        for (const orm::Mapper* mapper : m_db->mappers())
            names << Database::tableName(*mapper);
    }
    return names;
}

QString MainWindow::currentTable() const
{
    const BrowserTab* tab = currentTab();
    return tab ? tab->location().table : QString();
}

orm::Engine* MainWindow::engine() const
{
    return m_db ? &m_db->engine() : nullptr;
}

orm::Session* MainWindow::session() const
{
    return m_db ? &m_db->session() : nullptr;
}

// ---- editing ----------------------------------------------------------------------------------

void MainWindow::commitFailed(const QString& message, const QList<orm::Object>& objects)
{
    // The row the database refused is selected so the user sees what to fix.
    if (!objects.isEmpty())
        selectObject(objects.first());
    reportError(tr("Commit Failed"),
                tr("The database refused the changes; nothing was lost. Correct them and commit "
                   "again, or roll back.\n\n%1")
                    .arg(message));
}

void MainWindow::pendingChangeSelected()
{
    const QModelIndex current = m_pendingView->currentIndex();
    if (!current.isValid())
        return;
    const auto object = current.data(orm::ui::PendingChangesModel::ObjectRole).value<orm::Object>();
    if (object && !selectObject(object))
        statusBar()->showMessage(
            tr("%1 is not among the rows shown").arg(object.state().describe()), 8000);
}

void MainWindow::refresh()
{
    BrowserTab* tab = currentTab();
    if (!tab)
        return;
    // Without changes to keep, the read transaction ends so that the rows read again include
    // what other programs committed since.
    if (!m_sessionActions->hasChanges())
        m_db->session().rollback();
    tab->model()->select();
    updateStatus();
}

void MainWindow::newRow()
{
    BrowserTab* tab = currentTab();
    if (!tab)
        return;
    orm::ui::EntityTableModel* model = tab->model();
    const int row = model->rowCount();
    if (!model->insertRows(row, 1))
        return;
    // A new row among the rows of a parent belongs to that parent (the many-to-one back to it).
    if (const Location& location = tab->location(); location.parent) {
        const orm::Relationship* reverse =
            location.parent.mapper().relationshipNamed(location.relationship).reverse();
        const int column = reverse && !reverse->uselist() ? model->columnOf(reverse->name()) : -1;
        if (column >= 0)
            model->setData(model->index(row, column), QVariant::fromValue(location.parent));
    }
    // Straight into the first column the user fills in (not a key the database generates).
    int column = 0;
    if (tab->mapper().hasGeneratedKey() && model->columnCount() > 1)
        column = 1;
    const QModelIndex index = model->index(row, column);
    tab->view()->setCurrentIndex(index);
    tab->view()->scrollTo(index);
    tab->view()->setFocus();
    tab->view()->edit(index);
}

QList<int> MainWindow::selectedRows() const
{
    const BrowserTab* tab = currentTab();
    if (!tab)
        return {};
    QList<int> rows;
    for (const QModelIndex& index : tab->view()->selectionModel()->selectedIndexes()) {
        if (!rows.contains(index.row()))
            rows << index.row();
    }
    if (rows.isEmpty() && tab->view()->currentIndex().isValid())
        rows << tab->view()->currentIndex().row();
    // From the last: removing a new row moves the rows after it.
    std::sort(rows.begin(), rows.end(), std::greater<>());
    return rows;
}

void MainWindow::deleteRows()
{
    if (BrowserTab* tab = currentTab()) {
        for (int row : selectedRows())
            tab->model()->removeRows(row, 1);
    }
}

void MainWindow::revertRows()
{
    if (BrowserTab* tab = currentTab()) {
        for (int row : selectedRows())
            tab->model()->revertRow(row);
    }
    updateActions();
}

void MainWindow::setNull()
{
    BrowserTab* tab = currentTab();
    if (!tab)
        return;
    QModelIndexList cells = tab->view()->selectionModel()->selectedIndexes();
    if (cells.isEmpty() && tab->view()->currentIndex().isValid())
        cells << tab->view()->currentIndex();
    for (const QModelIndex& cell : cells)
        tab->model()->setData(cell, QVariant());
}

void MainWindow::copyCells()
{
    if (BrowserTab* tab = currentTab())
        QGuiApplication::clipboard()->setText(
            orm::ui::cellsAsText(tab->view()->selectionModel()->selectedIndexes()));
}

void MainWindow::copyAsSqlInsert()
{
    BrowserTab* tab = currentTab();
    if (!tab)
        return;
    try {
        QGuiApplication::clipboard()->setText(orm::ui::rowsAsSqlInsert(
            *tab->model(), tab->view()->selectionModel()->selectedIndexes()));
    } catch (const orm::Error& e) {
        reportError(tr("Cannot Copy"), e.message());
    }
}

bool MainWindow::exportCsv(const QString& path)
{
    BrowserTab* tab = currentTab();
    if (!tab)
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        reportError(tr("Cannot Export"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    QString error;
    if (!orm::ui::exportCsv(*tab->model(), file, &error)) {
        reportError(tr("Cannot Export"), error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 8000);
    return true;
}

void MainWindow::exportCsvDialog()
{
    BrowserTab* tab = currentTab();
    if (!tab)
        return;
    const QString suggested =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(tab->location().table + QStringLiteral(".csv"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), suggested,
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        exportCsv(path);
}

QString MainWindow::explainSelectedStatement()
{
    const orm::LogEntry entry = m_logView->currentEntry();
    if (!m_db || entry.id == 0)
        return {};
    QString plan;
    try {
        plan = orm::ui::explainQueryPlan(m_db->engine(), entry);
    } catch (const orm::Error& e) {
        reportError(tr("Cannot Explain"), e.message());
        return {};
    }
    // Not modal: the user compares the plan with the statement in the log.
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("explainDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Query Plan"));
    auto* text = new QPlainTextEdit(entry.sql + QStringLiteral("\n\n") + plan);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(640, 360);
    dialog->show();
    return plan;
}

// ---- window events ----------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!settlePendingChanges(tr("Commit your changes before closing?"))) {
        event->ignore();
        return;
    }
    saveLayout();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openDatabase(urls.first().toLocalFile());
}

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About QtOrm Browser"),
        tr("<h3>QtOrm Browser %1</h3>"
           "<p>Browse and edit the tables of a SQLite or PostgreSQL database and see every SQL "
           "statement sent to it. Nothing is written before Commit.</p>"
           "<p>Built on QtOrm, a SQLAlchemy-style ORM for Qt 6, and Qt %2.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                 QString::fromLatin1(qVersion())));
}

// ---- status -----------------------------------------------------------------------------------

void MainWindow::reportError(const QString& title, const QString& message)
{
    m_lastError = message;
    emit errorOccurred(message);
    if (m_errorDialogs)
        QMessageBox::critical(this, title, message);
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_db ? tr("QtOrm Browser — %1").arg(m_db->displayName()) : tr("QtOrm Browser"));
}

void MainWindow::scheduleStatusUpdate()
{
    if (m_statusQueued)
        return;
    m_statusQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_statusQueued = false;
            updateStatus();
            updateActions();
        },
        Qt::QueuedConnection);
}

void MainWindow::updateStatus()
{
    m_rangeLabel->setText(rowRangeText());
    m_totalLabel->setText(totalText());
    m_transactionLabel->setText(transactionText());
}

QString MainWindow::rowRangeText() const
{
    const BrowserTab* tab = currentTab();
    if (!tab)
        return {};
    const auto [first, last] = tab->visibleRows();
    if (first < 0)
        return tr("no rows");
    const QLocale locale;
    return tr("rows %1–%2").arg(locale.toString(first + 1), locale.toString(last + 1));
}

QString MainWindow::totalText() const
{
    const BrowserTab* tab = currentTab();
    if (!tab)
        return {};
    const qint64 total = tab->model()->totalRowCount();
    if (total < 0)
        return tr("of … (counting)");
    return tr("of %1").arg(QLocale().toString(total));
}

QString MainWindow::transactionText() const
{
    if (!m_db)
        return {};
    const orm::Session& session = m_db->session();
    const int pending = pendingCount(session);
    if (!session.inTransaction()) {
        // Edits wait in memory; the transaction begins when Commit writes them.
        if (pending == 0)
            return tr("no transaction");
        return pending == 1 ? tr("no transaction yet, 1 pending change")
                            : tr("no transaction yet, %1 pending changes").arg(pending);
    }
    if (pending == 0)
        return m_sessionActions && m_sessionActions->hasChanges()
                   ? tr("transaction open, changes sent but not committed")
                   : tr("transaction open, no pending changes");
    return pending == 1 ? tr("transaction open, 1 pending change")
                        : tr("transaction open, %1 pending changes").arg(pending);
}

void MainWindow::updateActions()
{
    const BrowserTab* tab = currentTab();
    const bool writable = tab && !tab->mapper().isReadOnly();
    const bool hasRow = tab && tab->view()->currentIndex().isValid();
    m_refresh->setEnabled(tab);
    m_newRow->setEnabled(writable);
    m_deleteRow->setEnabled(writable && hasRow);
    m_setNull->setEnabled(writable && hasRow);
    // Whether the selected rows have changes would cost a look at each (a whole column may be
    // selected): enabled while anything is to be committed, reverting clean rows does nothing.
    m_revertRow->setEnabled(writable && hasRow && m_sessionActions &&
                            m_sessionActions->hasChanges());
    m_copy->setEnabled(hasRow);
    m_copySql->setEnabled(hasRow);
    m_export->setEnabled(tab);
    m_closeTab->setEnabled(tab);
    m_explain->setEnabled(m_logView->currentEntry().isSelect);
}

} // namespace browser
