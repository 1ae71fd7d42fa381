// QtOrm Browser end to end: the bundled sample database and its compiled mapping, the main window
// driven with QTest events under the offscreen platform (open, filter, sort, edit, commit, failed
// commit, revert, related rows with back/forward, pending changes, status bar, menus, settings,
// export, explain), its dialogs answered the way a person does (File > Open, the connection
// dialog, error boxes, the password a recent server asks for), databases opened through automap
// (odd names, one after the other, broken files, PostgreSQL), and the qtorm-browser executable
// itself (start-up errors, --screenshot with and without a file).

#include "app/browsertab.h"
#include "app/connectdialog.h"
#include "app/database.h"
#include "app/databaseurl.h"
#include "app/detailpane.h"
#include "app/filterheader.h"
#include "app/mainwindow.h"
#include "app/sampledatabase.h"
#include "app/samplemodel.h"
#include "app/schematree.h"
#include "common/sqlassert.h"
#include "common/testdatabases.h"
#include "orm/orm.h"
#include "tst_widgets.h"
#include "ui/entitytablemodel.h"
#include "ui/sessionactions.h"
#include "ui/sqllogfiltermodel.h"
#include "ui/sqllogmodel.h"
#include "ui/sqllogview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <functional>
#include <memory>

using browser::BrowserTab;
using browser::MainWindow;
using browser::SampleDatabase;
using orm::ui::EntityTableModel;
using orm::ui::ObjectTableModel;
using qtorm::test::LogWatch;

namespace {

// The tables the sample's classes map (post_keywords links posts and keywords).
const QStringList SampleTables = {QStringLiteral("addresses"), QStringLiteral("keywords"),
                                  QStringLiteral("posts"), QStringLiteral("users")};

// Runs statements on the SQLite file at `path` (created when missing).
void runSql(const QString& path, const QStringList& statements)
{
    orm::Engine engine(browser::sqliteUrl(path, QStringLiteral("rwc")));
    orm::Connection conn = engine.connect();
    for (const QString& sql : statements)
        conn.exec(sql);
}

QVariant scalar(const QString& path, const QString& sql)
{
    orm::Engine engine(browser::sqliteUrl(path));
    return engine.connect().exec(sql).scalar();
}

// The row of the window's SQL log with exactly this statement (the last one), or -1.
int logRowOf(MainWindow& window, const QString& sql)
{
    const orm::ui::SqlLogModel* model = window.sqlLogView()->model();
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        if (model->entry(row).sql == sql)
            return row;
    }
    return -1;
}

bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

// The first row whose `column` shows `text`, or -1.
int rowWith(const QAbstractItemModel* model, int column, const QString& text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}

// Edits a cell the way a user does: F2, select all, type, Return.
void typeIntoCell(QTableView* view, const QModelIndex& cell, const QString& text)
{
    view->setFocus();
    view->setCurrentIndex(cell);
    QTest::keyClick(view, Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(editor && editor != view);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, text);
    const QPointer<QWidget> open(editor);
    QTest::keyClick(editor, Qt::Key_Return);
    // The view commits the editor once control is back in the event loop.
    QTRY_VERIFY(open.isNull() || !open->isVisible());
}

// Runs `act` on the modal dialog of type T once one is shown. A modal dialog's exec() returns
// only when a person answers it; a timer of the event loop exec() runs stands in for them.
// The flag returned is set when it ran. Gives up after a while (a dialog never shown), leaving
// the flag unset for the test to fail on.
template <typename T>
std::shared_ptr<bool> onModal(std::function<void(T*)> act)
{
    auto ran = std::make_shared<bool>(false);
    auto* timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act, ran, tries = 0]() mutable {
        auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget());
        if (dialog && dialog->isVisible()) {
            timer->stop();
            timer->deleteLater();
            *ran = true;
            act(dialog);
        } else if (++tries > 1500) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
    return ran;
}

// Every action of the menu bar's menus and their submenus.
QList<QAction*> menuActions(const MainWindow& window)
{
    QList<QAction*> actions;
    QList<QMenu*> menus;
    for (QAction* action : window.menuBar()->actions()) {
        if (action->menu())
            menus << action->menu();
    }
    while (!menus.isEmpty()) {
        QMenu* menu = menus.takeFirst();
        for (QAction* action : menu->actions()) {
            if (action->menu())
                menus << action->menu();
            else if (!action->isSeparator())
                actions << action;
        }
    }
    return actions;
}

// The center of `section`'s label in a header (above its filter line).
QPoint sectionCenter(const QHeaderView* header, int section)
{
    return {header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
            header->viewport()->height() / 2};
}

// The visible texts of the first `count` rows of `column`.
QStringList firstTexts(const QAbstractItemModel* model, int column, int count)
{
    QStringList texts;
    for (int row = 0; row < std::min(count, model->rowCount()); ++row)
        texts << model->index(row, column).data().toString();
    return texts;
}

// Whether the image has more than a few colours: a window, not a blank rectangle.
int colourCount(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace

class TestApp : public TestWidgets { // its test functions run first
    Q_OBJECT

private slots:
    void initTestCase();
    void sampleScriptSplitsIntoStatements();
    void sampleDatabaseHasTheTutorialData();
    void ensureCreatesOnlyWhenNeeded();
    void urlsFromInput();
    void connectDialogMakesTheUrl();
    void sampleOpensWithCompiledClasses();
    void filterEditCommitEndToEnd();
    void failedCommitKeepsTheEdit();
    void relatedRowsWithBackAndForward();
    void pendingChangeSelectsItsRow();
    void newRowAmongRelatedRowsBelongsToTheParent();
    void newDeleteAndSetNull();
    void pendingChangesAskBeforeLeaving();
    void undoRedoAndRefresh();
    void keyboardAndAccessibility();
    void statusBarCountsRows();
    void automapOpensOtherDatabases();
    void brokenFilesKeepThePreviousDatabase();
    void otherProgramsCanWriteWhileBrowsing();
    void dropOpensAFile();
    void recentDatabasesAndLayoutAreKept();
    void exportAndCopy();
    void explainLoggedSelect();
    void openPostgresqlByUrl();
    void windowScreenshot();
    void executableReportsStartupErrors();
    void executableTakesScreenshot();
    void executableOpensTheGivenFile();
    void headerClicksSortTheRows();
    void menusHoldTheActions();
    void fileOpenDialogOpensAFile();
    void connectDialogOpensAServer();
    void brokenFileShowsAMessageBox();
    void recentServerAsksForThePassword();
    void saveShortcutCommitsTheOpenEditor();
    void commitButtonTakesTheOpenEditor();
    void revertRowFromTheEditMenu();
    void detailTitleSaysWhatChanged();

private:
    // A copy of the sample database for one test (tests change it).
    QString freshSample();
    // Opens the sample copy in `window`, shown and active, errors without dialogs.
    bool openShown(MainWindow& window, const QString& path);

    QTemporaryDir m_dir;
    QTemporaryDir m_settings;
    QString m_sample;
    int m_copies = 0;
};

QString TestApp::freshSample()
{
    const QString path = m_dir.filePath(QStringLiteral("sample-%1.db").arg(++m_copies));
    QFile::remove(path);
    return QFile::copy(m_sample, path) ? path : QString();
}

bool TestApp::openShown(MainWindow& window, const QString& path)
{
    window.setErrorDialogsEnabled(false);
    if (!window.openSample(path))
        return false;
    window.show();
    return QTest::qWaitForWindowActive(&window);
}

void TestApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Qt's own file dialog, which the tests can type into, whatever the desktop offers.
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    // Recent databases and the window layout go to a throwaway folder.
    QVERIFY(m_settings.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_sample = m_dir.filePath(QStringLiteral("sample.db"));
    SampleDatabase::create(m_sample);
    QVERIFY(QFile::exists(m_sample));
}

void TestApp::sampleScriptSplitsIntoStatements()
{
    const QStringList statements = SampleDatabase::statements(SampleDatabase::script());
    QCOMPARE(statements.filter(QRegularExpression(QStringLiteral("^CREATE TABLE"))).size(), 5);
    QCOMPARE(statements.filter(QRegularExpression(QStringLiteral("^INSERT INTO"))).size(), 5);
    for (const QString& sql : statements) {
        QVERIFY2(!sql.endsWith(u';'), qPrintable(sql));
        QVERIFY2(!sql.startsWith(QStringLiteral("--")), qPrintable(sql));
    }
    QCOMPARE(
        SampleDatabase::statements(QStringLiteral("-- c;\nSELECT 1;\n\nSELECT\n  2;\nSELECT 3")),
        (QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT\n  2"),
                     QStringLiteral("SELECT 3")}));
}

void TestApp::sampleDatabaseHasTheTutorialData()
{
    QCOMPARE(scalar(m_sample, QStringLiteral("SELECT count(*) FROM users")).toInt(), 10);
    QCOMPARE(
        scalar(m_sample, QStringLiteral("SELECT fullname FROM users WHERE name = 'ed'")).toString(),
        QStringLiteral("Ed Jones"));
    QCOMPARE(
        scalar(m_sample,
               QStringLiteral("SELECT group_concat(email_address, ' ') FROM (SELECT email_address "
                              "FROM addresses a JOIN users u ON u.id = a.user_id "
                              "WHERE u.name = 'jack' ORDER BY a.id)"))
            .toString(),
        QStringLiteral("jack@google.com j25@yahoo.com"));
    QCOMPARE(scalar(m_sample, QStringLiteral("SELECT headline FROM posts WHERE id = 1")).toString(),
             QStringLiteral("Wendy's Blog Post"));
    int total = 0;
    for (const QString& table : SampleTables)
        total += scalar(m_sample, QStringLiteral("SELECT count(*) FROM ") + table).toInt();
    QVERIFY2(total >= 36, qPrintable(QString::number(total)));
    // Every foreign key points at a row, and the keyword is unique.
    QVERIFY(!scalar(m_sample, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check"))
                 .toBool());
    QVERIFY_THROWS_EXCEPTION(
        orm::IntegrityError,
        runSql(m_sample, {QStringLiteral("INSERT INTO keywords (keyword) VALUES ('wendy')")}));
    QVERIFY_THROWS_EXCEPTION(
        orm::IntegrityError,
        runSql(m_sample, {QStringLiteral("INSERT INTO post_keywords VALUES (1, 1)")}));
}

void TestApp::ensureCreatesOnlyWhenNeeded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Missing (in a folder that does not exist yet): created.
    const QString path = dir.filePath(QStringLiteral("data/sub/sample.db"));
    const QString url = SampleDatabase::ensure(path);
    QCOMPARE(url, browser::sqliteUrl(path));
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM users")).toInt(), 10);
    // Present with tables: kept as it is.
    runSql(path, {QStringLiteral("DELETE FROM post_keywords WHERE post_id = 8")});
    SampleDatabase::ensure(path);
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM post_keywords WHERE post_id = 8"))
                 .toInt(),
             0);
    // Present without tables (an empty file): made again.
    const QString empty = dir.filePath(QStringLiteral("empty.db"));
    QVERIFY(writeFile(empty, {}));
    SampleDatabase::ensure(empty);
    QCOMPARE(scalar(empty, QStringLiteral("SELECT count(*) FROM posts")).toInt(), 8);
    // Not a database: an error, and the file is left alone.
    const QString text = dir.filePath(QStringLiteral("notes.db"));
    const QByteArray notSql =
        QByteArray("these are not the tables you are looking for\n").repeated(20);
    QVERIFY(writeFile(text, notSql));
    QVERIFY_THROWS_EXCEPTION(orm::Error, SampleDatabase::ensure(text));
    QCOMPARE(QFileInfo(text).size(), qint64(notSql.size()));
    // The default location is the application's data folder.
    QCOMPARE(QFileInfo(SampleDatabase::defaultPath()).fileName(), QStringLiteral("sample.db"));
    QCOMPARE(QFileInfo(SampleDatabase::defaultPath()).absolutePath(),
             QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation));
}

void TestApp::urlsFromInput()
{
    QCOMPARE(browser::databaseUrlFromInput(QStringLiteral("postgresql://ed@localhost/tutorial")),
             QStringLiteral("postgresql://ed@localhost/tutorial"));
    QCOMPARE(browser::databaseUrlFromInput(QStringLiteral("sqlite:///x.db")),
             QStringLiteral("sqlite:///x.db"));
    QCOMPARE(browser::databaseUrlFromInput(QStringLiteral("/data/a.db")),
             QStringLiteral("sqlite:////data/a.db?mode=rw"));
    QVERIFY(!browser::isDatabaseUrl(QStringLiteral("./odd://name.db")));
    // Characters that mean something in a URL survive the round trip.
    const QString odd = m_dir.filePath(QStringLiteral("100% sure? #1.db"));
    const orm::Url url = orm::Url::parse(browser::databaseUrlFromInput(odd));
    QCOMPARE(url.database, odd);
    QCOMPARE(url.query.value(QStringLiteral("mode")), QStringLiteral("rw"));
    const QString relative = browser::databaseUrlFromInput(QStringLiteral("rel.db"));
    QCOMPARE(orm::Url::parse(relative).database,
             QDir::current().absoluteFilePath(QStringLiteral("rel.db")));

    // The connection dialog's URL: user and password percent-encoded, read back exactly.
    const orm::Url pg = orm::Url::parse(
        browser::postgresqlUrl(QStringLiteral("db.example"), 5433, QStringLiteral("shop"),
                               QStringLiteral("ed"), QStringLiteral("p@ss:w/rd?#%")));
    QCOMPARE(pg.backend, QStringLiteral("postgresql"));
    QCOMPARE(pg.host, QStringLiteral("db.example"));
    QCOMPARE(pg.port, 5433);
    QCOMPARE(pg.database, QStringLiteral("shop"));
    QCOMPARE(pg.user, QStringLiteral("ed"));
    QCOMPARE(pg.password, QStringLiteral("p@ss:w/rd?#%"));
    QCOMPARE(orm::Url::parse(browser::postgresqlUrl({}, 0, QStringLiteral("x"), {}, {})).host,
             QStringLiteral("localhost"));
    // Servers get a connection timeout unless the URL has one; files are left alone.
    QCOMPARE(browser::withConnectTimeout(QStringLiteral("postgresql://ed@h/db")),
             QStringLiteral("postgresql://ed@h/db?connect_timeout=5"));
    QCOMPARE(browser::withConnectTimeout(QStringLiteral("postgresql://ed@h/db?sslmode=require")),
             QStringLiteral("postgresql://ed@h/db?sslmode=require&connect_timeout=5"));
    QCOMPARE(browser::withConnectTimeout(QStringLiteral("postgresql://h/db?connect_timeout=1")),
             QStringLiteral("postgresql://h/db?connect_timeout=1"));
    QCOMPARE(browser::withConnectTimeout(QStringLiteral("sqlite:///a.db")),
             QStringLiteral("sqlite:///a.db"));
}

void TestApp::connectDialogMakesTheUrl()
{
    browser::ConnectDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QPushButton* connectButton = buttons->button(QDialogButtonBox::Ok);
    // Nothing to connect to without a database name.
    QVERIFY(!connectButton->isEnabled());
    QCOMPARE(QApplication::focusWidget(), dialog.databaseEdit());
    QTest::keyClicks(dialog.databaseEdit(), QStringLiteral("shop"));
    QVERIFY(connectButton->isEnabled());
    dialog.hostEdit()->clear();
    QTest::keyClicks(dialog.hostEdit(), QStringLiteral("db.example"));
    dialog.portBox()->setValue(6543);
    dialog.userEdit()->clear();
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("ann"));
    QTest::keyClicks(dialog.passwordEdit(), QStringLiteral("s3cr:t@"));
    QCOMPARE(dialog.passwordEdit()->echoMode(), QLineEdit::Password);
    const orm::Url url = orm::Url::parse(dialog.url());
    QCOMPARE(url.backend, QStringLiteral("postgresql"));
    QCOMPARE(url.host, QStringLiteral("db.example"));
    QCOMPARE(url.port, 6543);
    QCOMPARE(url.database, QStringLiteral("shop"));
    QCOMPARE(url.user, QStringLiteral("ann"));
    QCOMPARE(url.password, QStringLiteral("s3cr:t@"));
    QTest::keyClick(dialog.passwordEdit(), Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestApp::sampleOpensWithCompiledClasses()
{
    const QString path = freshSample();
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QSignalSpy opened(&window, &MainWindow::databaseOpened);
    QVERIFY2(window.openSample(path), qPrintable(window.lastError()));
    QCOMPARE(opened.count(), 1);
    QVERIFY(window.database()->isSample());
    QCOMPARE(window.tableNames(), SampleTables);
    QCOMPARE(window.windowTitle(), QStringLiteral("QtOrm Browser — ") + QFileInfo(path).fileName());
    // The typed API: the mappers are the compiled classes'.
    QCOMPARE(window.database()->mapperOf(QStringLiteral("users")),
             &orm::mapper<browser::sample::User>());
    QCOMPARE(window.database()->mapperOf(QStringLiteral("posts")),
             &orm::mapper<browser::sample::BlogPost>());
    QCOMPARE(orm::mapper<browser::sample::BlogPost>()
                 .relationshipNamed(QStringLiteral("keywords"))
                 .direction(),
             orm::RelationshipDirection::ManyToMany);
    // The sample starts on its users.
    QCOMPARE(window.currentTable(), QStringLiteral("users"));
    EntityTableModel* users = window.currentTab()->model();
    QAbstractItemModelTester tester(users, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(users->rowCount(), 10);
    QCOMPARE(
        users->headerData(users->columnOf(QStringLiteral("fullname")), Qt::Horizontal).toString(),
        QStringLiteral("fullname"));
    QCOMPARE(users->index(4, users->columnOf(QStringLiteral("name"))).data().toString(),
             QStringLiteral("jack"));
    // The schema tree lists the tables, the current one selected.
    for (const QString& table : SampleTables)
        QVERIFY2(window.schemaTree()->tableItem(table), qPrintable(table));
    QCOMPARE(window.schemaTree()->currentTable(), QStringLiteral("users"));
    // The typed API on the same file.
    orm::Session session(window.database()->engine());
    const auto jack = session.query<browser::sample::User>()
                          .filterBy(&browser::sample::User::name, QStringLiteral("jack"))
                          .one();
    QStringList emails;
    for (const orm::Ptr<browser::sample::Address>& address : jack.get()->addresses)
        emails << address.get()->emailAddress;
    QCOMPARE(emails,
             (QStringList{QStringLiteral("jack@google.com"), QStringLiteral("j25@yahoo.com")}));

    // Picking a table in the schema tree shows it.
    window.schemaTree()->setFocus();
    QVERIFY(window.schemaTree()->selectTable(QStringLiteral("posts")));
    emit window.schemaTree()->tableActivated(QStringLiteral("posts"));
    QCOMPARE(window.currentTable(), QStringLiteral("posts"));
    QCOMPARE(window.currentTab()->model()->rowCount(), 8);
    QCOMPARE(window.tabWidget()->count(), 2);
    // The link table has no class of its own: a message, no tab.
    QVERIFY(!window.showTable(QStringLiteral("post_keywords")));
    QVERIFY2(window.lastError().contains(QStringLiteral("links two tables")),
             qPrintable(window.lastError()));
    QCOMPARE(window.tabWidget()->count(), 2);
}

void TestApp::filterEditCommitEndToEnd()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    QAbstractItemModelTester tester(users, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int name = users->columnOf(QStringLiteral("name"));
    const int fullname = users->columnOf(QStringLiteral("fullname"));

    // Filter: "ed" typed into the name column's filter line.
    LogWatch log(*window.engine());
    QLineEdit* line = tab->filterHeader()->editor(name);
    QVERIFY(line && line->isEnabled());
    QTest::keyClicks(line, QStringLiteral("ed"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(users->rowCount(), 2);
    QCOMPARE(users->index(0, name).data().toString(), QStringLiteral("ed"));
    QCOMPARE(users->index(1, name).data().toString(), QStringLiteral("fred"));
    bool filtered = false;
    for (const orm::LogEntry& entry : log.entries()) {
        if (entry.sql.contains(QStringLiteral("FROM users")) &&
            entry.sql.contains(QStringLiteral("LIKE")) &&
            entry.params.contains(QStringLiteral("%ed%")))
            filtered = true;
        QVERIFY2(!entry.sql.contains(QStringLiteral("'%ed%'")), qPrintable(entry.sql));
    }
    QVERIFY2(filtered, qPrintable(log.sql().join(u'\n')));

    // Edit ed's full name with the keyboard.
    const QModelIndex cell = users->index(0, fullname);
    typeIntoCell(tab->view(), cell, QStringLiteral("Edward Jones"));
    QCOMPARE(cell.data().toString(), QStringLiteral("Edward Jones"));
    QCOMPARE(users->rowState(0), ObjectTableModel::RowState::Modified);
    QVERIFY(cell.data(ObjectTableModel::ModifiedRole).toBool());
    QVERIFY(!users->index(0, name).data(ObjectTableModel::ModifiedRole).toBool());
    // Listed as a pending UPDATE; nothing written yet.
    QAbstractItemModel* pending = window.pendingView()->model();
    QVERIFY(pending);
    QTRY_COMPARE(pending->rowCount(), 1);
    QVERIFY2(pending->index(0, 0).data().toString().startsWith(QStringLiteral("UPDATE users")),
             qPrintable(pending->index(0, 0).data().toString()));
    QTRY_COMPARE(window.transactionText(), QStringLiteral("no transaction yet, 1 pending change"));
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 1")).toString(),
             QStringLiteral("Ed Jones"));
    QVERIFY(window.sessionActions()->commitAction()->isEnabled());

    // Commit with Ctrl+S: the UPDATE goes, and is in the log.
    log.reset();
    QTest::keyClick(tab->view(), Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 1")).toString(),
             QStringLiteral("Edward Jones"));
    QCOMPARE(log.sql().filter(QStringLiteral("UPDATE")),
             QStringList{QStringLiteral("UPDATE users SET fullname=? WHERE users.id = ?")});
    QVERIFY(logRowOf(window, QStringLiteral("UPDATE users SET fullname=? WHERE users.id = ?")) >=
            0);
    // The row is clean and still shown where it was.
    QCOMPARE(users->rowState(0), ObjectTableModel::RowState::Clean);
    QVERIFY(!cell.data(ObjectTableModel::ModifiedRole).toBool());
    QCOMPARE(cell.data().toString(), QStringLiteral("Edward Jones"));
    QTRY_COMPARE(pending->rowCount(), 0);
    QTRY_VERIFY2(window.transactionText() == QStringLiteral("no transaction") ||
                     window.transactionText() ==
                         QStringLiteral("transaction open, no pending changes"),
                 qPrintable(window.transactionText()));
    QVERIFY(!window.sessionActions()->commitAction()->isEnabled());
}

void TestApp::failedCommitKeepsTheEdit()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    QVERIFY(window.showTable(QStringLiteral("keywords")));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* keywords = tab->model();
    const int keyword = keywords->columnOf(QStringLiteral("keyword"));
    const int weather = rowWith(keywords, keyword, QStringLiteral("weather"));
    QVERIFY(weather >= 0);

    // "wendy" is taken: the UNIQUE constraint refuses it at commit.
    typeIntoCell(tab->view(), keywords->index(weather, keyword), QStringLiteral("wendy"));
    QCOMPARE(keywords->rowState(weather), ObjectTableModel::RowState::Modified);
    tab->view()->setCurrentIndex(keywords->index(0, 0)); // the user moved on
    QSignalSpy errors(&window, &MainWindow::errorOccurred);
    QSignalSpy failed(window.sessionActions(), &orm::ui::SessionActions::commitFailed);
    QTRY_VERIFY(window.sessionActions()->commitAction()->isEnabled());
    QTest::keyClick(tab->view(), Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(window.lastError().contains(QStringLiteral("UNIQUE"), Qt::CaseInsensitive),
             qPrintable(window.lastError()));
    // The offending row is selected, the edit kept, the database unchanged.
    QCOMPARE(window.currentTab(), tab);
    QCOMPARE(tab->view()->currentIndex().row(), weather);
    QVERIFY(tab->view()->selectionModel()->isRowSelected(weather, {}));
    QCOMPARE(keywords->index(weather, keyword).data().toString(), QStringLiteral("wendy"));
    QCOMPARE(keywords->rowState(weather), ObjectTableModel::RowState::Modified);
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM keywords WHERE keyword = 'weather'"))
                 .toInt(),
             1);
    QVERIFY(window.sessionActions()->commitAction()->isEnabled());

    // Fixed and committed again.
    typeIntoCell(tab->view(), keywords->index(weather, keyword), QStringLiteral("storms"));
    QVERIFY(window.sessionActions()->commit());
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM keywords WHERE keyword = 'storms'"))
                 .toInt(),
             1);
}

void TestApp::relatedRowsWithBackAndForward()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    BrowserTab* usersTab = window.currentTab();
    EntityTableModel* users = usersTab->model();
    const int ed = rowWith(users, users->columnOf(QStringLiteral("name")), QStringLiteral("ed"));
    QVERIFY(ed >= 0);

    // A click on ed's row shows him in the detail pane, with his relationships.
    QTableView* usersView = usersTab->view();
    QTest::mouseClick(usersView->viewport(), Qt::LeftButton, {},
                      usersView->visualRect(users->index(ed, 1)).center());
    QCOMPARE(usersView->currentIndex().row(), ed);
    const orm::Object edObject = users->objectAt(ed);
    QCOMPARE(window.detailPane()->object(), edObject);
    QAbstractItemView* relationships = window.detailPane()->relationshipView();
    int addressesRow = -1;
    for (int row = 0; row < relationships->model()->rowCount(); ++row) {
        if (relationships->model()->index(row, 0).data(browser::DetailPane::RelationshipRole) ==
            QStringLiteral("addresses"))
            addressesRow = row;
    }
    QVERIFY(addressesRow >= 0);
    // The user opens "addresses" from the pane with the keyboard: Ctrl+3 to the pane, Tab to
    // its relationships, the arrow keys to the row, then Return.
    QTest::keyClick(usersView, Qt::Key_3, Qt::ControlModifier);
    for (int i = 0; i < 5 && QApplication::focusWidget() != relationships; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), relationships);
    QTest::keyClick(relationships, Qt::Key_Home);
    for (int i = 0; i < addressesRow; ++i)
        QTest::keyClick(relationships, Qt::Key_Down);
    QCOMPARE(relationships->currentIndex().row(), addressesRow);
    QTest::keyClick(relationships, Qt::Key_Return);

    BrowserTab* addressesTab = window.currentTab();
    QVERIFY(addressesTab != usersTab);
    QCOMPARE(addressesTab->location().table, QStringLiteral("addresses"));
    QCOMPARE(addressesTab->location().parent, edObject);
    QCOMPARE(addressesTab->location().relationship, QStringLiteral("addresses"));
    QCOMPARE(window.tabWidget()->tabText(window.tabWidget()->currentIndex()),
             browser::NavigationHistory::describe(addressesTab->location()));
    EntityTableModel* addresses = addressesTab->model();
    QAbstractItemModelTester tester(addresses,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int email = addresses->columnOf(QStringLiteral("email_address"));
    QStringList emails;
    for (int row = 0; row < addresses->rowCount(); ++row)
        emails << addresses->index(row, email).data().toString();
    QCOMPARE(emails,
             (QStringList{QStringLiteral("ed@google.com"), QStringLiteral("ed@bettyboop.com"),
                          QStringLiteral("ed@lala.com")}));

    // Back and Forward with their keys (Alt+Left and Alt+Right here).
    const QKeySequence backKey = window.history()->backAction()->shortcut();
    const QKeySequence forwardKey = window.history()->forwardAction()->shortcut();
    QCOMPARE(backKey, QKeySequence(QKeySequence::Back));
    QCOMPARE(forwardKey, QKeySequence(QKeySequence::Forward));
    QVERIFY(window.history()->backAction()->isEnabled());
    QTest::keySequence(QApplication::focusWidget(), backKey);
    QCOMPARE(window.currentTab(), usersTab);
    QVERIFY(window.history()->forwardAction()->isEnabled());
    QTest::keySequence(QApplication::focusWidget(), forwardKey);
    QCOMPARE(window.currentTab(), addressesTab);
    // Back again, and the same relationship opened with a double-click: its tab comes back.
    QTest::keySequence(QApplication::focusWidget(), backKey);
    QCOMPARE(window.currentTab(), usersTab);
    QCOMPARE(window.detailPane()->object(), edObject);
    const QModelIndex addressesCell = relationships->model()->index(addressesRow, 0);
    // A double-click is a press and a release, then the double-click event and a release.
    const QPoint addressesAt = relationships->visualRect(addressesCell).center();
    QTest::mouseClick(relationships->viewport(), Qt::LeftButton, {}, addressesAt);
    QCOMPARE(window.currentTab(), usersTab); // one click selects only
    QTest::mouseDClick(relationships->viewport(), Qt::LeftButton, {}, addressesAt);
    QCOMPARE(window.currentTab(), addressesTab);
    QVERIFY(!window.history()->canGoForward());

    // The other direction: an address's user (a many-to-one, one row).
    addressesTab->view()->setCurrentIndex(addresses->index(1, 0));
    QVERIFY(window.openRelated(addresses->objectAt(1), QStringLiteral("user")));
    QCOMPARE(window.currentTab()->model()->rowCount(), 1);
    QCOMPARE(window.currentTab()->model()->objectAt(0), edObject);

    // Many-to-many: the keywords of Ed's first post.
    QVERIFY(window.showTable(QStringLiteral("posts")));
    EntityTableModel* posts = window.currentTab()->model();
    const int edsPost = rowWith(posts, posts->columnOf(QStringLiteral("headline")),
                                QStringLiteral("Ed's first post"));
    QVERIFY(edsPost >= 0);
    QVERIFY(window.openRelated(posts->objectAt(edsPost), QStringLiteral("keywords")));
    EntityTableModel* keywords = window.currentTab()->model();
    QCOMPARE(keywords->rowCount(), 1);
    QCOMPARE(keywords->index(0, keywords->columnOf(QStringLiteral("keyword"))).data().toString(),
             QStringLiteral("firstpost"));
    // Opening the same place again reuses its tab.
    const int tabs = window.tabWidget()->count();
    QVERIFY(window.openRelated(edObject, QStringLiteral("addresses")));
    QCOMPARE(window.currentTab(), addressesTab);
    QCOMPARE(window.tabWidget()->count(), tabs);
}

void TestApp::pendingChangeSelectsItsRow()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    BrowserTab* usersTab = window.currentTab();
    EntityTableModel* users = usersTab->model();
    const int nickname = users->columnOf(QStringLiteral("nickname"));
    LogWatch log(*window.engine());
    typeIntoCell(usersTab->view(), users->index(2, nickname), QStringLiteral("contrary"));
    QVERIFY(window.showTable(QStringLiteral("posts")));
    QCOMPARE(window.currentTable(), QStringLiteral("posts"));
    // The posts were queried, and the edit was not flushed before: nothing is sent before Commit.
    QVERIFY(!log.sql().filter(QStringLiteral("FROM posts")).isEmpty());
    QVERIFY2(log.sql().filter(QStringLiteral("UPDATE")).isEmpty(),
             qPrintable(log.sql().join(u'\n')));

    QAbstractItemModel* pending = window.pendingView()->model();
    QTRY_COMPARE(pending->rowCount(), 1);
    // Selecting the pending UPDATE brings back its row.
    window.pendingView()->setFocus();
    window.pendingView()->setCurrentIndex(pending->index(0, 0));
    QCOMPARE(window.currentTab(), usersTab);
    QCOMPARE(usersTab->view()->currentIndex().row(), 2);
    QVERIFY(usersTab->view()->selectionModel()->isRowSelected(2, {}));
}

void TestApp::newRowAmongRelatedRowsBelongsToTheParent()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    EntityTableModel* users = window.currentTab()->model();
    const int jack =
        rowWith(users, users->columnOf(QStringLiteral("name")), QStringLiteral("jack"));
    QVERIFY(window.openRelated(users->objectAt(jack), QStringLiteral("addresses")));
    BrowserTab* tab = window.currentTab();
    QCOMPARE(tab->model()->rowCount(), 2);

    window.newRowAction()->trigger();
    QCOMPARE(tab->model()->rowCount(), 3);
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(editor && editor != tab->view());
    QTest::keyClicks(editor, QStringLiteral("jack@beanstalk.example"));
    const QPointer<QWidget> open(editor);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(open.isNull() || !open->isVisible());
    QVERIFY(window.sessionActions()->commit());
    QCOMPARE(scalar(path, QStringLiteral("SELECT user_id FROM addresses WHERE email_address = "
                                         "'jack@beanstalk.example'"))
                 .toInt(),
             5);
}

void TestApp::newDeleteAndSetNull()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    const int name = users->columnOf(QStringLiteral("name"));
    const int nickname = users->columnOf(QStringLiteral("nickname"));

    // Set NULL on ed's nickname.
    tab->view()->setCurrentIndex(users->index(0, nickname));
    QVERIFY(window.setNullAction()->isEnabled());
    window.setNullAction()->trigger();
    QVERIFY(!users->index(0, nickname).data(Qt::EditRole).isValid());
    // NULL in a NOT NULL column is refused before the database sees it.
    tab->view()->setCurrentIndex(users->index(0, name));
    QSignalSpy errors(&window, &MainWindow::errorOccurred);
    window.setNullAction()->trigger();
    QCOMPARE(errors.count(), 1);
    QCOMPARE(users->index(0, name).data().toString(), QStringLiteral("ed"));

    // Delete betty's row: struck out, gone at commit.
    const int betty = rowWith(users, name, QStringLiteral("betty"));
    tab->view()->setCurrentIndex(users->index(betty, name));
    window.deleteRowAction()->trigger();
    QCOMPARE(users->rowState(betty), ObjectTableModel::RowState::Deleted);

    // A new row, its name typed in the editor that opens.
    window.newRowAction()->trigger();
    const int added = users->rowCount() - 1;
    QCOMPARE(users->rowState(added), ObjectTableModel::RowState::New);
    QCOMPARE(tab->view()->currentIndex(), users->index(added, name));
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(editor && editor != tab->view());
    QTest::keyClicks(editor, QStringLiteral("grace"));
    const QPointer<QWidget> open(editor);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(open.isNull() || !open->isVisible());
    QCOMPARE(users->index(added, name).data().toString(), QStringLiteral("grace"));
    QTRY_COMPARE(window.transactionText(), QStringLiteral("no transaction yet, 3 pending changes"));

    QVERIFY(window.sessionActions()->commit());
    QVERIFY(scalar(path, QStringLiteral("SELECT nickname IS NULL FROM users WHERE name = 'ed'"))
                .toBool());
    QCOMPARE(
        scalar(path, QStringLiteral("SELECT count(*) FROM users WHERE name = 'betty'")).toInt(), 0);
    QCOMPARE(
        scalar(path, QStringLiteral("SELECT count(*) FROM users WHERE name = 'grace'")).toInt(), 1);
}

void TestApp::pendingChangesAskBeforeLeaving()
{
    const QString path = freshSample();
    const QString other = m_dir.filePath(QStringLiteral("other.db"));
    runSql(other, {QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")});
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    QStringList questions;
    MainWindow::PendingDecision answer = MainWindow::PendingDecision::Cancel;
    window.setPendingChangesPrompt([&](const QString& question) {
        questions << question;
        return answer;
    });
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    const int fullname = users->columnOf(QStringLiteral("fullname"));
    typeIntoCell(tab->view(), users->index(1, fullname), QStringLiteral("Wendy W."));

    // Cancel: the sample stays open with the edit.
    QVERIFY(!window.openDatabase(other));
    QCOMPARE(questions.size(), 1);
    QVERIFY(window.database()->isSample());
    QCOMPARE(users->index(1, fullname).data().toString(), QStringLiteral("Wendy W."));
    // Closing asks too; Cancel keeps the window open.
    QVERIFY(!window.close());
    QCOMPARE(questions.size(), 2);
    QVERIFY(window.isVisible());

    // Commit, then the other database opens.
    answer = MainWindow::PendingDecision::Commit;
    QVERIFY(window.openDatabase(other));
    QCOMPARE(questions.size(), 3);
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 2")).toString(),
             QStringLiteral("Wendy W."));
    QCOMPARE(window.tableNames(), QStringList{QStringLiteral("notes")});
    // Without changes nothing is asked.
    QVERIFY(window.openSample(path));
    QCOMPARE(questions.size(), 3);

    // Discard: the edit is dropped, nothing written.
    tab = window.currentTab();
    users = tab->model();
    typeIntoCell(tab->view(), users->index(1, fullname), QStringLiteral("Wendy X."));
    answer = MainWindow::PendingDecision::Discard;
    QVERIFY(window.close());
    QCOMPARE(questions.size(), 4);
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 2")).toString(),
             QStringLiteral("Wendy W."));
}

void TestApp::undoRedoAndRefresh()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    const QModelIndex nickname = users->index(0, users->columnOf(QStringLiteral("nickname")));
    typeIntoCell(tab->view(), nickname, QStringLiteral("teddy"));
    QCOMPARE(nickname.data().toString(), QStringLiteral("teddy"));

    // Ctrl+Z takes the edit back, the redo key puts it again.
    QTRY_VERIFY(window.sessionActions()->undoAction()->isEnabled());
    QTest::keyClick(tab->view(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(nickname.data().toString(), QStringLiteral("eddie"));
    QCOMPARE(users->rowState(0), ObjectTableModel::RowState::Clean);
    QTRY_VERIFY(window.sessionActions()->redoAction()->isEnabled());
    window.sessionActions()->redoAction()->trigger();
    QCOMPARE(nickname.data().toString(), QStringLiteral("teddy"));
    // Rollback drops it.
    QTRY_VERIFY(window.sessionActions()->rollbackAction()->isEnabled());
    window.sessionActions()->rollbackAction()->trigger();
    QCOMPARE(nickname.data().toString(), QStringLiteral("eddie"));

    // Refresh (F5) keeps an edit not committed yet and reads the rows again.
    typeIntoCell(tab->view(), nickname, QStringLiteral("ted"));
    LogWatch log(*window.engine());
    QVERIFY(window.refreshAction()->isEnabled());
    QTest::keyClick(tab->view(), Qt::Key_F5);
    QTRY_VERIFY(
        !log.sql().filter(QStringLiteral("FROM users\nORDER BY users.id\nLIMIT")).isEmpty());
    QCOMPARE(users->index(0, users->columnOf(QStringLiteral("nickname"))).data().toString(),
             QStringLiteral("ted"));
    QCOMPARE(users->rowState(0), ObjectTableModel::RowState::Modified);
}

void TestApp::keyboardAndAccessibility()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    // Ctrl+1 … Ctrl+5 reach the panes.
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), window.currentTab()->view());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), window.schemaTree());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), window.pendingView());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_3, Qt::ControlModifier);
    QVERIFY(window.detailPane()->isAncestorOf(QApplication::focusWidget()) ||
            QApplication::focusWidget() == window.detailPane());
    // Arrow keys move between rows; the detail pane follows.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_2, Qt::ControlModifier);
    QTableView* view = window.currentTab()->view();
    view->setCurrentIndex(view->model()->index(0, 1));
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->currentIndex().row(), 1);
    QCOMPARE(window.detailPane()->object(), window.currentTab()->model()->objectAt(1));
    // Every toolbar button has a name to be read out, and every action a tooltip.
    int buttons = 0;
    for (QAction* action : window.toolBar()->actions()) {
        if (action->isSeparator())
            continue;
        QWidget* button = window.toolBar()->widgetForAction(action);
        QVERIFY(button);
        QVERIFY2(!button->accessibleName().isEmpty(), qPrintable(action->text()));
        QVERIFY2(!action->icon().isNull(), qPrintable(action->text()));
        QVERIFY2(!action->toolTip().isEmpty(), qPrintable(action->text()));
        ++buttons;
    }
    QVERIFY(buttons >= 14);
    QCOMPARE(window.sessionActions()->commitAction()->shortcut(), QKeySequence(QKeySequence::Save));
}

void TestApp::statusBarCountsRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.db"));
    runSql(path,
           {QStringLiteral("CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT NOT NULL)"),
            QStringLiteral("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq "
                           "WHERE n < 1500) INSERT INTO numbers SELECT n, 'row ' || n FROM seq")});
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY2(window.openDatabase(path), qPrintable(window.lastError()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* numbers = tab->model();
    // The total arrives from the background count.
    QTRY_VERIFY(numbers->isRowCountKnown());
    QTRY_COMPARE(window.totalText(), QStringLiteral("of ") + QLocale().toString(1500));
    QTRY_COMPARE(window.findChild<QLabel*>(QStringLiteral("totalLabel"))->text(),
                 window.totalText());
    // The rows in sight: from the first to the last one the view shows.
    const int last = tab->view()->rowAt(tab->view()->viewport()->height() - 1);
    QVERIFY(last > 0);
    QTRY_COMPARE(window.rowRangeText(),
                 QStringLiteral("rows 1–%1").arg(QLocale().toString(last + 1)));
    // Scrolled to the end.
    tab->view()->scrollToBottom();
    QTRY_VERIFY2(window.rowRangeText().endsWith(QLocale().toString(1500)),
                 qPrintable(window.rowRangeText()));
    QTRY_COMPARE(window.findChild<QLabel*>(QStringLiteral("rowRangeLabel"))->text(),
                 window.rowRangeText());
    // The filter narrows the total.
    QLineEdit* line = tab->filterHeader()->editor(numbers->columnOf(QStringLiteral("n")));
    QTest::keyClicks(line, QStringLiteral("<=25"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(window.totalText(), QStringLiteral("of 25"));
    QTRY_COMPARE(window.rowRangeText().left(7), QStringLiteral("rows 1–"));
    QTRY_COMPARE(window.findChild<QLabel*>(QStringLiteral("transactionLabel"))->text(),
                 window.transactionText());
}

void TestApp::automapOpensOtherDatabases()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shop = dir.filePath(QStringLiteral("shop.db"));
    runSql(shop,
           {QStringLiteral("CREATE TABLE \"order items\" (id INTEGER PRIMARY KEY, \"select\" TEXT, "
                           "qty INTEGER)"),
            QStringLiteral("CREATE TABLE \"Weird\"\"Name\" (x INTEGER PRIMARY KEY)"),
            QStringLiteral("INSERT INTO \"order items\" (\"select\", qty) VALUES ('tea', 2), "
                           "('scones', 6), (NULL, 1)"),
            QStringLiteral("INSERT INTO \"Weird\"\"Name\" VALUES (42)")});
    // Another database with a "users" table of its own shape, as the sample's.
    const QString club = dir.filePath(QStringLiteral("club.db"));
    runSql(club, {QStringLiteral("CREATE TABLE users (login TEXT PRIMARY KEY, joined TEXT)"),
                  QStringLiteral("CREATE TABLE visits (id INTEGER PRIMARY KEY, "
                                 "login TEXT REFERENCES users (login), at TEXT)"),
                  QStringLiteral("INSERT INTO users VALUES ('zoe', '2024-01-01')"),
                  QStringLiteral("INSERT INTO visits (login, at) VALUES ('zoe', 'mon'), "
                                 "('zoe', 'tue')")});

    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY2(window.openDatabase(shop), qPrintable(window.lastError()));
    QVERIFY(!window.database()->isSample());
    QCOMPARE(window.tableNames(),
             (QStringList{QStringLiteral("Weird\"Name"), QStringLiteral("order items")}));
    QVERIFY(window.showTable(QStringLiteral("order items")));
    EntityTableModel* items = window.currentTab()->model();
    QCOMPARE(items->rowCount(), 3);
    QCOMPARE(items->index(1, items->columnOf(QStringLiteral("select"))).data().toString(),
             QStringLiteral("scones"));
    QVERIFY(window.showTable(QStringLiteral("Weird\"Name")));
    QCOMPARE(window.currentTab()->model()->index(0, 0).data(Qt::EditRole).toInt(), 42);

    // One after the other, each database with mappers of its own.
    QVERIFY2(window.openDatabase(club), qPrintable(window.lastError()));
    QCOMPARE(window.tableNames(), (QStringList{QStringLiteral("users"), QStringLiteral("visits")}));
    const orm::Mapper* clubUsers = window.database()->mapperOf(QStringLiteral("users"));
    QVERIFY(clubUsers->isDynamic());
    QCOMPARE(window.currentTable(), QStringLiteral("users"));
    QCOMPARE(window.currentTab()->model()->index(0, 0).data().toString(), QStringLiteral("zoe"));
    QVERIFY(
        window.openRelated(window.currentTab()->model()->objectAt(0), QStringLiteral("visits")));
    QCOMPARE(window.currentTab()->model()->rowCount(), 2);
    // The sample again, through its compiled classes, unaffected by club.db's "users".
    QVERIFY2(window.openSample(freshSample()), qPrintable(window.lastError()));
    QCOMPARE(window.database()->mapperOf(QStringLiteral("users")),
             &orm::mapper<browser::sample::User>());
    QCOMPARE(window.currentTab()->model()->rowCount(), 10);
    QVERIFY2(window.openDatabase(club), qPrintable(window.lastError()));
    QCOMPARE(window.currentTab()->model()->index(0, 0).data().toString(), QStringLiteral("zoe"));
}

void TestApp::brokenFilesKeepThePreviousDatabase()
{
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openSample(freshSample()));
    QVERIFY(window.showTable(QStringLiteral("posts")));
    const orm::Engine* engine = window.engine();
    const QString title = window.windowTitle();
    QSignalSpy errors(&window, &MainWindow::errorOccurred);

    const QString notDatabase = m_dir.filePath(QStringLiteral("readme.txt"));
    QVERIFY(writeFile(notDatabase,
                      QByteArray("This is a text file, not an SQLite database.\n").repeated(40)));
    QVERIFY(!window.openDatabase(notDatabase));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(window.lastError().contains(QStringLiteral("not a usable SQLite database")),
             qPrintable(window.lastError()));
    QCOMPARE(errors.first().first().toString(), window.lastError());

    QVERIFY(!window.openDatabase(m_dir.filePath(QStringLiteral("missing/nothing.db"))));
    QVERIFY2(window.lastError().contains(QStringLiteral("does not exist")),
             qPrintable(window.lastError()));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("missing/nothing.db"))));
    QVERIFY(!window.openDatabase(QStringLiteral("mysql://root@localhost/db")));
    QVERIFY2(window.lastError().contains(QStringLiteral("not supported")),
             qPrintable(window.lastError()));
    QVERIFY(!window.openDatabase(QStringLiteral("sqlite://relative.db")));
    QVERIFY2(window.lastError().contains(QStringLiteral("three slashes")),
             qPrintable(window.lastError()));
    // A server nobody listens on (port 1 of this machine) fails fast with the driver's message.
    QVERIFY(!window.openDatabase(QStringLiteral("postgresql://ed:secret@127.0.0.1:1/nothing")));
    QVERIFY(!window.lastError().isEmpty());
    QVERIFY2(!window.lastError().contains(QStringLiteral("secret")),
             qPrintable(window.lastError()));
    // A database that is not the sample offered as the sample.
    const QString empty = m_dir.filePath(QStringLiteral("tables.db"));
    runSql(empty, {QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY)")});
    QVERIFY(!window.openSample(empty));
    QVERIFY2(window.lastError().contains(QStringLiteral("not the sample database")),
             qPrintable(window.lastError()));
    QCOMPARE(errors.count(), 6);

    // Still the sample database, still working.
    QCOMPARE(window.engine(), engine);
    QCOMPARE(window.windowTitle(), title);
    QCOMPARE(window.tableNames(), SampleTables);
    QCOMPARE(window.currentTable(), QStringLiteral("posts"));
    QCOMPARE(window.currentTab()->model()->rowCount(), 8);
    QVERIFY(window.showTable(QStringLiteral("keywords")));
    QCOMPARE(window.currentTab()->model()->rowCount(), 8);
}

void TestApp::otherProgramsCanWriteWhileBrowsing()
{
    // Browsing holds no transaction: another program can write to the open SQLite file (a held
    // read transaction would make its write fail with "database is locked"), and Refresh shows
    // what it wrote.
    const QString path = freshSample();
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY2(window.openSample(path), qPrintable(window.lastError()));
    EntityTableModel* users = window.currentTab()->model();
    const int name = users->columnOf(QStringLiteral("name"));
    QCOMPARE(users->index(4, name).data().toString(), QStringLiteral("jack"));
    QVERIFY(!window.session()->inTransaction());

    runSql(path, {QStringLiteral("UPDATE users SET name = 'jack b.' WHERE name = 'jack'")});
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM users WHERE name = 'jack b.'")),
             QVariant(1));
    window.refreshAction()->trigger();
    QTRY_COMPARE(window.currentTab()->model()->index(4, name).data().toString(),
                 QStringLiteral("jack b."));
    QVERIFY(!window.session()->inTransaction());
}

void TestApp::dropOpensAFile()
{
    const QString path = m_dir.filePath(QStringLiteral("dropped.db"));
    runSql(path, {QStringLiteral("CREATE TABLE dropped (id INTEGER PRIMARY KEY)")});
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(path)});
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.tableNames(), QStringList{QStringLiteral("dropped")});
    // Text is not a file: refused.
    QMimeData text;
    text.setText(QStringLiteral("hello"));
    QDragEnterEvent refused(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());
}

void TestApp::recentDatabasesAndLayoutAreKept()
{
    QSettings().clear();
    const QString first = m_dir.filePath(QStringLiteral("first.db"));
    const QString second = m_dir.filePath(QStringLiteral("second.db"));
    runSql(first, {QStringLiteral("CREATE TABLE a (id INTEGER PRIMARY KEY)")});
    runSql(second, {QStringLiteral("CREATE TABLE b (id INTEGER PRIMARY KEY)")});
    {
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        QVERIFY(window.openDatabase(first));
        QVERIFY(window.openDatabase(second));
        QVERIFY(window.openDatabase(first));
        QCOMPARE(window.recentDatabases(), (QStringList{first, second}));
        // The Recent menu offers them, the last one first.
        emit window.recentMenu()->aboutToShow();
        const QList<QAction*> actions = window.recentMenu()->actions();
        QVERIFY(actions.size() >= 2);
        QVERIFY(actions.at(0)->text().endsWith(first));
        actions.at(1)->trigger();
        QCOMPARE(window.tableNames(), QStringList{QStringLiteral("b")});

        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(1000, 700);
        window.findChild<QDockWidget*>(QStringLiteral("pendingChangesDock"))->hide();
        QVERIFY(window.close());
    }
    MainWindow again;
    QCOMPARE(again.recentDatabases(), (QStringList{second, first}));
    QCOMPARE(again.size(), QSize(1000, 700));
    QVERIFY(again.findChild<QDockWidget*>(QStringLiteral("pendingChangesDock"))->isHidden());
    QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("sqlLogDock"))->isHidden());
    QSettings().clear();
}

void TestApp::exportAndCopy()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    QLineEdit* line = tab->filterHeader()->editor(users->columnOf(QStringLiteral("nickname")));
    QTest::keyClicks(line, QStringLiteral("NULL"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(users->rowCount(), 2); // betty and pebbles

    const QString csv = m_dir.filePath(QStringLiteral("users.csv"));
    QVERIFY2(window.exportCsv(csv), qPrintable(window.lastError()));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("id,name,fullname,nickname")),
             qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("7,betty,Betty Rubble,")),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("9,pebbles,")), qPrintable(lines.at(2)));

    // Copy: the selected cells as text, the selected rows as INSERT statements.
    tab->view()->setFocus();
    tab->view()->setCurrentIndex(users->index(0, 0));
    QTest::keyClick(tab->view(), Qt::Key_Right, Qt::ShiftModifier); // betty's id and name
    QCOMPARE(tab->view()->selectionModel()->selectedIndexes().size(), 2);
    QApplication::clipboard()->clear();
    QTest::keyClick(tab->view(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text().trimmed(), QStringLiteral("7\tbetty"));
    window.copyAsSqlAction()->trigger();
    QVERIFY2(QApplication::clipboard()->text().startsWith(QStringLiteral("INSERT INTO users")),
             qPrintable(QApplication::clipboard()->text()));
}

void TestApp::explainLoggedSelect()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    orm::ui::SqlLogView* log = window.sqlLogView();
    // The users page query, selected in the log.
    int row = -1;
    for (int r = log->model()->rowCount() - 1; r >= 0 && row < 0; --r) {
        const orm::LogEntry entry = log->model()->entry(r);
        if (entry.isSelect && entry.sql.contains(QStringLiteral("FROM users")))
            row = r;
    }
    QVERIFY(row >= 0);
    const QModelIndex index = log->filterModel()->mapFromSource(log->model()->index(row, 0));
    log->tableView()->setCurrentIndex(index);
    QVERIFY(log->currentEntry().isSelect);
    QVERIFY(window.explainAction()->isEnabled());
    const QString plan = window.explainSelectedStatement();
    QVERIFY2(plan.contains(QStringLiteral("SCAN")) || plan.contains(QStringLiteral("SEARCH")),
             qPrintable(plan));
    auto* dialog = window.findChild<QDialog*>(QStringLiteral("explainDialog"));
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(dialog->findChild<QPlainTextEdit*>()->toPlainText().contains(plan));
}

void TestApp::openPostgresqlByUrl()
{
    const QString url = qtorm::test::postgresUrl(QStringLiteral("app"));
    QTORM_REQUIRE_URL(url);
    {
        orm::Engine engine(url);
        orm::Connection conn = engine.connect();
        conn.exec(QStringLiteral("DROP TABLE IF EXISTS pg_pets, pg_owners"));
        conn.exec(QStringLiteral(
            "CREATE TABLE pg_owners (id SERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL)"));
        conn.exec(QStringLiteral(
            "CREATE TABLE pg_pets (id SERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL, "
            "owner_id INTEGER REFERENCES pg_owners (id))"));
        conn.exec(QStringLiteral("INSERT INTO pg_owners (name) VALUES ('ann'), ('bob')"));
        conn.exec(QStringLiteral("INSERT INTO pg_pets (name, owner_id) VALUES ('rex', 1), "
                                 "('tom', 1), ('kit', 2)"));
    }
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    QVERIFY2(window.openDatabase(url), qPrintable(window.lastError()));
    QCOMPARE(window.database()->engine().url().backend, QStringLiteral("postgresql"));
    QCOMPARE(window.tableNames(),
             (QStringList{QStringLiteral("pg_owners"), QStringLiteral("pg_pets")}));
    QCOMPARE(window.currentTable(), QStringLiteral("pg_owners"));
    EntityTableModel* owners = window.currentTab()->model();
    const int ann = rowWith(owners, 1, QStringLiteral("ann"));
    QVERIFY(ann >= 0);
    QVERIFY(window.openRelated(owners->objectAt(ann), QStringLiteral("pg_pets")));
    QCOMPARE(window.currentTab()->model()->rowCount(), 2);
    // Edit and commit on the server.
    BrowserTab* tab = window.currentTab();
    typeIntoCell(tab->view(),
                 tab->model()->index(0, tab->model()->columnOf(QStringLiteral("name"))),
                 QStringLiteral("rexy"));
    QTRY_VERIFY(window.sessionActions()->commitAction()->isEnabled());
    QTest::keyClick(tab->view(), Qt::Key_S, Qt::ControlModifier);
    {
        orm::Engine engine(url);
        QCOMPARE(engine.connect()
                     .exec(QStringLiteral("SELECT count(*) FROM pg_pets WHERE name = 'rexy'"))
                     .scalar()
                     .toInt(),
                 1);
    }
    // Refresh reads what another program committed meanwhile.
    {
        orm::Engine engine(url);
        engine.connect().exec(
            QStringLiteral("UPDATE pg_pets SET name = 'tommy' WHERE name = 'tom'"));
    }
    QTest::keyClick(tab->view(), Qt::Key_F5);
    QTRY_VERIFY(rowWith(tab->model(), tab->model()->columnOf(QStringLiteral("name")),
                        QStringLiteral("tommy")) >= 0);
    // The recent list keeps the URL without its password.
    QUrl withoutPassword(url);
    withoutPassword.setPassword(QString());
    QCOMPARE(window.recentDatabases().first(), withoutPassword.toString());
    // A wrong password: a clear message, the server's database still open.
    QUrl wrong(url);
    wrong.setPassword(QStringLiteral("certainly-wrong"));
    if (wrong.userName().isEmpty())
        wrong.setUserName(QStringLiteral("nobody_here"));
    const orm::Engine* engine = window.engine();
    QVERIFY(!window.openDatabase(wrong.toString()));
    QVERIFY(!window.lastError().isEmpty());
    QCOMPARE(window.engine(), engine);
    QCOMPARE(window.currentTab()->model()->rowCount(), 2);
    // A database that does not exist on the server.
    QUrl missing(url);
    missing.setPath(QStringLiteral("/qtorm_no_such_database"));
    QVERIFY(!window.openDatabase(missing.toString()));
    QVERIFY2(window.lastError().contains(QStringLiteral("qtorm_no_such_database")),
             qPrintable(window.lastError()));
    QCOMPARE(window.engine(), engine);
}

void TestApp::windowScreenshot()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    // A pending edit, so that the picture shows a modified row and its UPDATE waiting.
    BrowserTab* tab = window.currentTab();
    const QModelIndex nickname =
        tab->model()->index(0, tab->model()->columnOf(QStringLiteral("nickname")));
    typeIntoCell(tab->view(), nickname, QStringLiteral("Eddie"));
    tab->view()->setCurrentIndex(tab->model()->index(0, 1));
    QTRY_COMPARE(window.pendingView()->model()->rowCount(), 1);
    QTRY_VERIFY(tab->model()->isRowCountKnown());
    QTRY_COMPARE(window.totalText(), QStringLiteral("of 10"));
    // The status bar laid out for its last texts: each label as wide as its text needs (none
    // clipped, no gap left by a longer text before).
    const QList<std::pair<QString, QString>> labels = {
        {QStringLiteral("rowRangeLabel"), window.rowRangeText()},
        {QStringLiteral("totalLabel"), window.totalText()},
        {QStringLiteral("transactionLabel"), window.transactionText()},
    };
    for (const auto& [name, text] : labels) {
        auto* label = window.statusBar()->findChild<QLabel*>(name);
        QVERIFY(label);
        QTRY_COMPARE(label->text(), text);
        const int needed = std::max(label->minimumWidth(), label->sizeHint().width());
        QTRY_COMPARE(label->width(), needed);
        QVERIFY2(label->fontMetrics().horizontalAdvance(text) <= label->contentsRect().width(),
                 qPrintable(text));
    }
    const QImage image = window.grab().toImage();
    QVERIFY(image.width() >= 1000 && image.height() >= 600);
    QVERIFY2(colourCount(image) > 20, qPrintable(QString::number(colourCount(image))));
    // For a person to look at.
    const QString png = QDir::current().filePath(QStringLiteral("qtorm-browser.png"));
    QVERIFY(image.save(png));
    QVERIFY(QImage(png).size() == image.size());
}

void TestApp::executableReportsStartupErrors()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    process.setProcessEnvironment(env);

    process.start(QStringLiteral(QTORM_BROWSER_EXECUTABLE),
                  {m_dir.filePath(QStringLiteral("no/such/file.db"))});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QString stderrText = QString::fromLocal8Bit(process.readAllStandardError());
    QVERIFY2(stderrText.contains(QStringLiteral("does not exist")), qPrintable(stderrText));

    process.start(QStringLiteral(QTORM_BROWSER_EXECUTABLE),
                  {QStringLiteral("oracle://scott@tiger/db")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(QString::fromLocal8Bit(process.readAllStandardError())
                .contains(QStringLiteral("unknown database")));
}

void TestApp::executableTakesScreenshot()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    process.setProcessEnvironment(env);
    const QString png = home.filePath(QStringLiteral("window.png"));

    // No argument: the sample database, created on first run in the data folder.
    process.start(QStringLiteral(QTORM_BROWSER_EXECUTABLE), {QStringLiteral("--screenshot"), png});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 600 && image.height() > 400);
    QStringList created;
    QDirIterator it(home.filePath(QStringLiteral("data")), {QStringLiteral("sample.db")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        created << it.next();
    QCOMPARE(created.size(), 1);
    QCOMPARE(scalar(created.first(), QStringLiteral("SELECT count(*) FROM users")).toInt(), 10);
}

void TestApp::executableOpensTheGivenFile()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString path = home.filePath(QStringLiteral("garden.db"));
    runSql(path, {QStringLiteral("CREATE TABLE plants (id INTEGER PRIMARY KEY, name TEXT)"),
                  QStringLiteral("INSERT INTO plants (name) VALUES ('fern'), ('moss')")});
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    process.setProcessEnvironment(env);
    const QString png = home.filePath(QStringLiteral("garden.png"));

    process.start(QStringLiteral(QTORM_BROWSER_EXECUTABLE),
                  {path, QStringLiteral("--screenshot"), png});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    // The file given, not the sample: its title and its table.
    const QString shown = QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
    QCOMPARE(shown, QStringLiteral("%1: QtOrm Browser — garden.db, table plants").arg(png));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 600 && image.height() > 400);
    QVERIFY(!QDir(home.filePath(QStringLiteral("data"))).exists()); // no sample made
}

void TestApp::headerClicksSortTheRows()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    QAbstractItemModelTester tester(users, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int name = users->columnOf(QStringLiteral("name"));
    QHeaderView* header = tab->filterHeader();
    const auto names = [&](const QString& order) {
        QStringList list;
        orm::Engine engine(browser::sqliteUrl(path));
        orm::Result result =
            engine.connect().exec(QStringLiteral("SELECT name FROM users ORDER BY ") + order);
        while (result.next())
            list << result.value(0).toString();
        return list.mid(0, 3);
    };
    // The ORDER BY of each page of users read.
    const auto pageQueries = [](const LogWatch& log) {
        QStringList orders;
        for (const QString& sql : log.sql()) {
            if (sql.startsWith(QStringLiteral("SELECT users.id")))
                orders << sql.section(QStringLiteral("ORDER BY "), 1).section(u'\n', 0, 0);
        }
        return orders;
    };

    // First click: ascending, the primary key after the column so that pages keep one order.
    LogWatch log(*window.engine());
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, sectionCenter(header, name));
    QCOMPARE(header->sortIndicatorSection(), name);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QTRY_COMPARE(pageQueries(log), QStringList{QStringLiteral("users.name ASC, users.id")});
    QCOMPARE(firstTexts(users, name, 3), names(QStringLiteral("name, id")));
    QCOMPARE(users->rowCount(), 10);

    // Second click: descending.
    log.reset();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, sectionCenter(header, name));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QTRY_COMPARE(pageQueries(log), QStringList{QStringLiteral("users.name DESC, users.id")});
    QCOMPARE(firstTexts(users, name, 3), names(QStringLiteral("name DESC, id")));

    // Third click: the table's order again, by its primary key.
    log.reset();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, sectionCenter(header, name));
    QCOMPARE(header->sortIndicatorSection(), -1);
    QTRY_COMPARE(pageQueries(log), QStringList{QStringLiteral("users.id")});
    QCOMPARE(firstTexts(users, name, 3), names(QStringLiteral("id")));
    QCOMPARE(users->sortColumn(), -1);
}

void TestApp::menusHoldTheActions()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    QHash<QString, QKeySequence> shortcuts; // menu text without its mnemonic → shortcut
    for (QAction* action : menuActions(window))
        shortcuts.insert(QString(action->text()).remove(u'&'), action->shortcut());
    const QList<std::pair<QString, QKeySequence>> expected = {
        {QStringLiteral("Commit"), QKeySequence(QKeySequence::Save)},
        {QStringLiteral("Rollback"), QKeySequence()},
        {QStringLiteral("Undo"), QKeySequence(QKeySequence::Undo)},
        {QStringLiteral("Redo"), QKeySequence(QKeySequence::Redo)},
        {QStringLiteral("Refresh"), QKeySequence(QKeySequence::Refresh)},
        {QStringLiteral("New Row"), QKeySequence(Qt::CTRL | Qt::Key_N)},
        {QStringLiteral("Delete Row"), QKeySequence(Qt::CTRL | Qt::Key_Minus)},
        {QStringLiteral("Revert Row"), QKeySequence()},
        {QStringLiteral("Set NULL"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)},
        {QStringLiteral("Export CSV…"), QKeySequence()},
        {QStringLiteral("Copy"), QKeySequence(QKeySequence::Copy)},
        {QStringLiteral("Copy as SQL INSERT"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
        {QStringLiteral("Explain Query Plan"), QKeySequence(Qt::CTRL | Qt::Key_E)},
        {QStringLiteral("Back"), QKeySequence(QKeySequence::Back)},
        {QStringLiteral("Forward"), QKeySequence(QKeySequence::Forward)},
    };
    for (const auto& [text, shortcut] : expected) {
        QVERIFY2(shortcuts.contains(text), qPrintable(text));
        QVERIFY2(shortcuts.value(text) == shortcut,
                 qPrintable(text + u' ' + shortcuts.value(text).toString()));
    }
    // No key stands for two menu entries.
    QSet<QKeySequence> seen;
    for (QAction* action : menuActions(window)) {
        for (const QKeySequence& key : action->shortcuts()) {
            QVERIFY2(!seen.contains(key), qPrintable(key.toString()));
            seen.insert(key);
        }
    }
}

void TestApp::fileOpenDialogOpensAFile()
{
    const QString path = m_dir.filePath(QStringLiteral("chosen.db"));
    runSql(path, {QStringLiteral("CREATE TABLE chosen (id INTEGER PRIMARY KEY, what TEXT)"),
                  QStringLiteral("CREATE TABLE others (id INTEGER PRIMARY KEY)"),
                  QStringLiteral("INSERT INTO chosen (what) VALUES ('this one')")});
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    // Ctrl+O; in the dialog the file's path typed, then Return.
    QString folder;
    const auto ran = onModal<QFileDialog>([&](QFileDialog* dialog) {
        folder = dialog->directory().absolutePath();
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        QVERIFY(name);
        QTest::keyClicks(name, path);
        QTest::keyClick(name, Qt::Key_Return);
    });
    QTest::keyClick(window.currentTab()->view(), Qt::Key_O, Qt::ControlModifier);
    QVERIFY(*ran);
    QCOMPARE(window.tableNames(),
             (QStringList{QStringLiteral("chosen"), QStringLiteral("others")}));
    QCOMPARE(window.currentTable(), QStringLiteral("chosen"));
    QCOMPARE(window.currentTab()->model()->index(0, 1).data().toString(),
             QStringLiteral("this one"));
    QCOMPARE(window.windowTitle(), QStringLiteral("QtOrm Browser — chosen.db"));
    QCOMPARE(window.recentDatabases().first(), path);
    // The dialog opened in the folder of the open database (the sample's).
    QCOMPARE(folder, m_dir.path());
}

void TestApp::connectDialogOpensAServer()
{
    const QString url = qtorm::test::postgresUrl(QStringLiteral("app"));
    QTORM_REQUIRE_URL(url);
    {
        orm::Engine engine(url);
        orm::Connection conn = engine.connect();
        conn.exec(QStringLiteral("DROP TABLE IF EXISTS pg_dialog_things"));
        conn.exec(QStringLiteral(
            "CREATE TABLE pg_dialog_things (id SERIAL PRIMARY KEY, label VARCHAR(20))"));
        conn.exec(QStringLiteral("INSERT INTO pg_dialog_things (label) VALUES ('typed in')"));
    }
    const QUrl server(url);
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    QAction* connectAction = nullptr;
    for (QAction* action : menuActions(window)) {
        if (QString(action->text()).remove(u'&') == QStringLiteral("Connect to PostgreSQL…"))
            connectAction = action;
    }
    QVERIFY(connectAction);
    // Each field typed into, then a click on Connect.
    const auto ran = onModal<browser::ConnectDialog>([&](browser::ConnectDialog* dialog) {
        const auto type = [](QWidget* field, const QString& text) {
            QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClick(field, Qt::Key_Backspace);
            QTest::keyClicks(field, text);
        };
        type(dialog->hostEdit(), server.host());
        type(dialog->portBox(), QString::number(server.port(5432)));
        type(dialog->databaseEdit(), server.path().mid(1));
        type(dialog->userEdit(), server.userName());
        type(dialog->passwordEdit(), server.password());
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QPushButton* connectButton = buttons->button(QDialogButtonBox::Ok);
        QVERIFY(connectButton->isEnabled());
        QTest::mouseClick(connectButton, Qt::LeftButton);
    });
    connectAction->trigger();
    QVERIFY(*ran);
    QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
    QCOMPARE(window.database()->engine().url().backend, QStringLiteral("postgresql"));
    QVERIFY(window.tableNames().contains(QStringLiteral("pg_dialog_things")));
    QVERIFY(window.showTable(QStringLiteral("pg_dialog_things")));
    QCOMPARE(window.currentTab()->model()->index(0, 1).data().toString(),
             QStringLiteral("typed in"));
}

void TestApp::brokenFileShowsAMessageBox()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    window.setErrorDialogsEnabled(true);
    const orm::Engine* engine = window.engine();
    const QString broken = m_dir.filePath(QStringLiteral("broken.db"));
    QVERIFY(writeFile(broken, QByteArray("SQLite format 3 — or so it says\n").repeated(64)));

    // The message box a person sees: its text read, then closed with Return.
    QString title;
    QString text;
    const auto ran = onModal<QMessageBox>([&](QMessageBox* box) {
        title = box->windowTitle();
        text = box->text();
        QTest::keyClick(box, Qt::Key_Return);
    });
    QVERIFY(!window.openDatabase(broken));
    QVERIFY(*ran);
    QCOMPARE(title, QStringLiteral("Cannot Open Database"));
    QVERIFY2(text.contains(QStringLiteral("not a usable SQLite database")), qPrintable(text));
    QCOMPARE(text, window.lastError());
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    // The offscreen platform has no window manager to give the window back its activation.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // The sample is still open and editable.
    QCOMPARE(window.engine(), engine);
    QCOMPARE(window.tableNames(), SampleTables);
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    typeIntoCell(tab->view(), users->index(0, users->columnOf(QStringLiteral("nickname"))),
                 QStringLiteral("still here"));
    QCOMPARE(users->rowState(0), ObjectTableModel::RowState::Modified);
    QVERIFY(window.sessionActions()->commit());
}

void TestApp::recentServerAsksForThePassword()
{
    const QString url = qtorm::test::postgresUrl(QStringLiteral("app"));
    QTORM_REQUIRE_URL(url);
    const QUrl server(url);
    if (server.password().isEmpty())
        QSKIP("the test server takes no password: nothing to ask for");
    QSettings().remove(QStringLiteral("recentDatabases"));
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    QVERIFY2(window.openDatabase(url), qPrintable(window.lastError()));
    QVERIFY2(window.openSample(freshSample()), qPrintable(window.lastError()));
    QUrl kept(url);
    kept.setPassword(QString());
    QCOMPARE(window.recentDatabases().at(1), kept.toString());

    // Open Recent > the server: refused without a password, the dialog asks for it with the
    // rest filled in; the password typed, Return.
    window.setErrorDialogsEnabled(true);
    QStringList filledIn;
    QString message;
    bool passwordFocused = false;
    const auto ran = onModal<browser::ConnectDialog>([&](browser::ConnectDialog* dialog) {
        filledIn = QStringList{dialog->hostEdit()->text(), dialog->portBox()->text(),
                               dialog->databaseEdit()->text(), dialog->userEdit()->text(),
                               dialog->passwordEdit()->text()};
        message = dialog->message();
        passwordFocused = dialog->focusWidget() == dialog->passwordEdit();
        QTest::keyClicks(dialog->passwordEdit(), server.password());
        QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
    });
    emit window.recentMenu()->aboutToShow();
    QAction* recentServer = window.recentMenu()->actions().at(1);
    QVERIFY2(recentServer->text().endsWith(kept.toString()), qPrintable(recentServer->text()));
    recentServer->trigger();
    QVERIFY(*ran);
    QCOMPARE(filledIn, (QStringList{server.host(), QString::number(server.port(5432)),
                                    server.path().mid(1), server.userName(), QString()}));
    QVERIFY2(message.contains(QStringLiteral("password")), qPrintable(message));
    QVERIFY(passwordFocused);
    QCOMPARE(window.database()->engine().url().backend, QStringLiteral("postgresql"));
    QCOMPARE(window.recentDatabases().first(), kept.toString());
}

void TestApp::saveShortcutCommitsTheOpenEditor()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    const QModelIndex cell = users->index(0, users->columnOf(QStringLiteral("fullname")));
    // An editor open with a new value typed, nothing else changed: Commit is still disabled.
    tab->view()->setFocus();
    tab->view()->setCurrentIndex(cell);
    QTest::keyClick(tab->view(), Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(editor && editor != tab->view());
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("Edward Teach"));
    QVERIFY(!window.sessionActions()->commitAction()->isEnabled());

    const QPointer<QWidget> openEditor(editor);
    LogWatch log(*window.engine());
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    // The typed value is in the UPDATE that was committed.
    QCOMPARE(log.sql().filter(QStringLiteral("UPDATE")),
             QStringList{QStringLiteral("UPDATE users SET fullname=? WHERE users.id = ?")});
    const int update =
        int(log.sql().indexOf(QStringLiteral("UPDATE users SET fullname=? WHERE users.id = ?")));
    QCOMPARE(log.params().at(update).first().toString(), QStringLiteral("Edward Teach"));
    QVERIFY(log.sql().contains(QStringLiteral("COMMIT")));
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 1")).toString(),
             QStringLiteral("Edward Teach"));
    // Nothing left pending, the editor closed, the row clean.
    QVERIFY(!window.sessionActions()->hasChanges());
    QTRY_COMPARE(window.pendingView()->model()->rowCount(), 0);
    QTRY_VERIFY(openEditor.isNull() || !openEditor->isVisible());
    QCOMPARE(users->rowState(0), ObjectTableModel::RowState::Clean);
    QCOMPARE(cell.data().toString(), QStringLiteral("Edward Teach"));
}

void TestApp::commitButtonTakesTheOpenEditor()
{
    // Clicking Commit on the toolbar while a cell editor is open commits the typed value too.
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    const int fullname = users->columnOf(QStringLiteral("fullname"));
    // A first edit, committed to the model: Commit is enabled.
    QVERIFY(users->setData(users->index(1, fullname), QStringLiteral("Wendy W.")));
    QTRY_VERIFY(window.sessionActions()->commitAction()->isEnabled());
    // A second one still in its editor.
    tab->view()->setFocus();
    tab->view()->setCurrentIndex(users->index(0, fullname));
    QTest::keyClick(tab->view(), Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(editor && editor != tab->view());
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("Edward Teach"));

    auto* toolBar = window.findChild<QToolBar*>();
    QVERIFY(toolBar);
    QWidget* button = toolBar->widgetForAction(window.sessionActions()->commitAction());
    QVERIFY(button);
    LogWatch log(*window.engine());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(log.sql().filter(QStringLiteral("UPDATE")).size(), 2);
    QVERIFY(log.sql().contains(QStringLiteral("COMMIT")));
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 1")).toString(),
             QStringLiteral("Edward Teach"));
    QCOMPARE(scalar(path, QStringLiteral("SELECT fullname FROM users WHERE id = 2")).toString(),
             QStringLiteral("Wendy W."));
    QVERIFY(!window.sessionActions()->hasChanges());
}

void TestApp::revertRowFromTheEditMenu()
{
    const QString path = freshSample();
    MainWindow window;
    QVERIFY2(openShown(window, path), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    QAbstractItemModelTester tester(users, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int nickname = users->columnOf(QStringLiteral("nickname"));
    QAction* revert = window.revertRowAction();
    QVERIFY(menuActions(window).contains(revert));
    tab->view()->setCurrentIndex(users->index(1, nickname));
    QTRY_VERIFY(!revert->isEnabled()); // nothing to revert

    // An edited row back as it was.
    const QString before = users->index(1, nickname).data().toString();
    typeIntoCell(tab->view(), users->index(1, nickname), QStringLiteral("changed"));
    QCOMPARE(users->rowState(1), ObjectTableModel::RowState::Modified);
    QTRY_VERIFY(revert->isEnabled());
    revert->trigger();
    QCOMPARE(users->rowState(1), ObjectTableModel::RowState::Clean);
    QCOMPARE(users->index(1, nickname).data().toString(), before);
    QTRY_COMPARE(window.pendingView()->model()->rowCount(), 0);

    // A row marked for deletion (Ctrl+-) kept after all.
    tab->view()->setFocus();
    tab->view()->setCurrentIndex(users->index(2, nickname));
    QTest::keyClick(tab->view(), Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(users->rowState(2), ObjectTableModel::RowState::Deleted);
    QTRY_VERIFY(revert->isEnabled());
    revert->trigger();
    QCOMPARE(users->rowState(2), ObjectTableModel::RowState::Clean);

    // A new row (Ctrl+N) goes.
    QTest::keyClick(tab->view(), Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(users->rowCount(), 11);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    tab->view()->setCurrentIndex(users->index(10, 1));
    QTRY_VERIFY(revert->isEnabled());
    revert->trigger();
    QCOMPARE(users->rowCount(), 10);
    QTRY_COMPARE(window.pendingView()->model()->rowCount(), 0);
    QTRY_VERIFY(!window.sessionActions()->hasChanges());
    // Nothing was written.
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM users")).toInt(), 10);
}

void TestApp::detailTitleSaysWhatChanged()
{
    MainWindow window;
    QVERIFY2(openShown(window, freshSample()), qPrintable(window.lastError()));
    BrowserTab* tab = window.currentTab();
    EntityTableModel* users = tab->model();
    const int nickname = users->columnOf(QStringLiteral("nickname"));
    browser::DetailPane* pane = window.detailPane();

    tab->view()->setCurrentIndex(users->index(0, nickname));
    QCOMPARE(pane->title(), QStringLiteral("users 1"));
    typeIntoCell(tab->view(), users->index(0, nickname), QStringLiteral("edward"));
    QTRY_COMPARE(pane->title(), QStringLiteral("users 1 — modified"));

    tab->view()->setCurrentIndex(users->index(1, nickname));
    QCOMPARE(pane->title(), QStringLiteral("users 2"));
    QTest::keyClick(tab->view(), Qt::Key_Minus, Qt::ControlModifier);
    QTRY_COMPARE(pane->title(), QStringLiteral("users 2 — marked for deletion"));

    QTest::keyClick(tab->view(), Qt::Key_N, Qt::ControlModifier);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_COMPARE(pane->title(), QStringLiteral("users — new"));

    // Back on the edited row; after a rollback it is clean again.
    tab->view()->setCurrentIndex(users->index(0, nickname));
    QCOMPARE(pane->title(), QStringLiteral("users 1 — modified"));
    window.sessionActions()->rollback();
    QTRY_COMPARE(pane->title(), QStringLiteral("users 1"));
}

int main(int argc, char* argv[])
{
    // Headless unless told otherwise; ctest sets the same.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QtOrm"));
    QApplication::setApplicationName(QStringLiteral("QtOrm Browser Tests"));
    TestApp test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_app.moc"
