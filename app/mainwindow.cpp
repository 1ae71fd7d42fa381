#include "app/mainwindow.h"

#include "app/appresources.h"
#include "app/databaseurl.h"
#include "app/tablerowsmodel.h"
#include "orm/orm.h"
#include "ui/sqllogview.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace browser {

namespace {

constexpr int MaxColumnWidth = 320;

// The database's tables, by name.
QStringList listTables(orm::Engine& engine)
{
    orm::Connection connection = engine.connect();
    const bool postgresql = engine.dialect().name() == u"postgresql";
    const QString sql =
        postgresql
            ? QStringLiteral("SELECT table_name FROM information_schema.tables "
                             "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                             "ORDER BY table_name")
            : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    orm::Result result = connection.execute(orm::text(sql), {}, orm::Origin::Reflection);
    QStringList tables;
    while (result.next())
        tables << result.value(0).toString();
    return tables;
}

// What the title bar calls the database: the file name, or the database and its server.
QString databaseLabel(const orm::Url& url)
{
    if (url.backend == u"sqlite")
        return url.isMemory() ? url.database : QFileInfo(url.database).fileName();
    return url.host.isEmpty() ? url.database : QObject::tr("%1 on %2").arg(url.database, url.host);
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowIcon(appIcon());
    buildUi();
    buildMenus();
    updateTitle();
    resize(1200, 780);
}

MainWindow::~MainWindow()
{
    // The log view must let go of the log before the engine that owns it goes.
    m_logView->setLog(nullptr);
}

void MainWindow::buildUi()
{
    m_tableList = new QListWidget;
    m_tableList->setAccessibleName(tr("Tables"));
    m_tableList->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_tableList, &QListWidget::currentTextChanged, this, [this](const QString& table) {
        if (!table.isEmpty())
            showTable(table);
    });
    auto* tablesLabel = new QLabel(tr("&Tables"));
    tablesLabel->setBuddy(m_tableList);
    auto* tablesPane = new QWidget;
    auto* tablesLayout = new QVBoxLayout(tablesPane);
    tablesLayout->setContentsMargins(4, 4, 0, 0);
    tablesLayout->addWidget(tablesLabel);
    tablesLayout->addWidget(m_tableList);

    m_rowsModel = new TableRowsModel(this);
    m_rowsView = new QTableView;
    m_rowsView->setAccessibleName(tr("Rows of the selected table"));
    m_rowsView->setModel(m_rowsModel);
    m_rowsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rowsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rowsView->setAlternatingRowColors(true);
    m_rowsView->setWordWrap(false);
    m_rowsView->verticalHeader()->setDefaultSectionSize(m_rowsView->fontMetrics().height() + 6);
    m_rowsView->horizontalHeader()->setHighlightSections(false);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(tablesPane);
    splitter->addWidget(m_rowsView);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 980});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    m_logView = new orm::ui::SqlLogView;
    auto* dock = new QDockWidget(tr("SQL Log"), this);
    dock->setObjectName(QStringLiteral("sqlLogDock"));
    dock->setWidget(m_logView);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {300}, Qt::Vertical);

    m_urlLabel = new QLabel;
    m_urlLabel->setObjectName(QStringLiteral("urlLabel"));
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rowsLabel = new QLabel;
    m_rowsLabel->setObjectName(QStringLiteral("rowCountLabel"));
    statusBar()->addWidget(m_urlLabel, 1);
    statusBar()->addPermanentWidget(m_rowsLabel);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openFile);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open an SQLite database file"));
    QAction* openUrl = file->addAction(tr("Open &URL…"), this, &MainWindow::openUrl);
    openUrl->setStatusTip(
        tr("Open a database by URL (sqlite:///file.db, postgresql://user@host/db)"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About QtOrm Browser"), this, &MainWindow::about);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

bool MainWindow::openDatabase(const QString& urlOrPath)
{
    std::unique_ptr<orm::Engine> engine;
    QStringList tables;
    try {
        engine = std::make_unique<orm::Engine>(databaseUrlFromInput(urlOrPath));
        tables = listTables(*engine);
    } catch (const orm::Error& e) {
        reportError(tr("Cannot Open Database"), e.message());
        return false;
    }

    // Switch over: nothing may refer to the previous engine once it is replaced.
    m_rowsModel->clear();
    m_logView->setLog(&engine->log());
    m_engine = std::move(engine);
    {
        const QSignalBlocker blocker(m_tableList);
        m_tableList->clear();
        m_tableList->addItems(tables);
    }
    updateTitle();
    updateRowCount();
    m_urlLabel->setText(m_engine->url().toDisplayString());
    emit databaseOpened(m_engine->url().toDisplayString());
    if (!tables.isEmpty())
        m_tableList->setCurrentRow(0);
    return true;
}

bool MainWindow::showTable(const QString& table)
{
    if (!m_engine)
        return false;
    if (m_tableList->currentItem() == nullptr || m_tableList->currentItem()->text() != table) {
        const QList<QListWidgetItem*> items = m_tableList->findItems(table, Qt::MatchExactly);
        const QSignalBlocker blocker(m_tableList);
        m_tableList->setCurrentItem(items.isEmpty() ? nullptr : items.first());
    }
    try {
        orm::Connection connection = m_engine->connect();
        m_rowsModel->load(connection, table);
    } catch (const orm::Error& e) {
        m_rowsModel->clear();
        updateRowCount();
        reportError(tr("Cannot Read Table"), e.message());
        return false;
    }
    m_rowsView->resizeColumnsToContents();
    QHeaderView* header = m_rowsView->horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        if (header->sectionSize(column) > MaxColumnWidth)
            header->resizeSection(column, MaxColumnWidth);
    }
    updateRowCount();
    return true;
}

QStringList MainWindow::tableNames() const
{
    QStringList names;
    for (int row = 0; row < m_tableList->count(); ++row)
        names << m_tableList->item(row)->text();
    return names;
}

QString MainWindow::currentTable() const
{
    return m_rowsModel->table();
}

QString MainWindow::urlText() const
{
    return m_urlLabel->text();
}

QString MainWindow::rowCountText() const
{
    return m_rowsLabel->text();
}

void MainWindow::openFile()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (m_engine && m_engine->url().backend == u"sqlite" && !m_engine->url().isMemory())
        folder = QFileInfo(m_engine->url().database).absolutePath();
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

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About QtOrm Browser"),
        tr("<h3>QtOrm Browser %1</h3>"
           "<p>Browse the tables of a SQLite or PostgreSQL database and see every SQL "
           "statement sent to it.</p>"
           "<p>Built on QtOrm, a SQLAlchemy-style ORM for Qt 6, and Qt %2.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                 QString::fromLatin1(qVersion())));
}

void MainWindow::reportError(const QString& title, const QString& message)
{
    m_lastError = message;
    emit errorOccurred(message);
    if (m_errorDialogs)
        QMessageBox::critical(this, title, message);
}

void MainWindow::updateTitle()
{
    if (!m_engine) {
        setWindowTitle(tr("QtOrm Browser"));
        return;
    }
    setWindowTitle(tr("QtOrm Browser — %1").arg(databaseLabel(m_engine->url())));
}

void MainWindow::updateRowCount()
{
    const int rows = m_rowsModel->rowCount();
    if (m_rowsModel->table().isEmpty())
        m_rowsLabel->clear();
    else if (m_rowsModel->isTruncated())
        m_rowsLabel->setText(tr("First %1 rows shown; the table has more").arg(rows));
    else
        m_rowsLabel->setText(rows == 1 ? tr("1 row") : tr("%1 rows").arg(rows));
}

} // namespace browser
