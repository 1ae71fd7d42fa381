// QtOrm Browser end to end: the bundled sample database, MainWindow on real SQLite files
// (offscreen), quoting of odd table names, error handling that keeps the open database, and
// the qtorm-browser executable (start-up errors, --screenshot).

#include "app/databaseurl.h"
#include "app/mainwindow.h"
#include "app/sampledatabase.h"
#include "app/tablerowsmodel.h"
#include "orm/orm.h"
#include "ui/sqllogmodel.h"
#include "ui/sqllogview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using browser::MainWindow;
using browser::SampleDatabase;
using browser::TableRowsModel;

namespace {

const QStringList SampleTables = {QStringLiteral("addresses"), QStringLiteral("keywords"),
                                  QStringLiteral("post_keywords"), QStringLiteral("posts"),
                                  QStringLiteral("users")};

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

// Whether the window's SQL log shows a statement with exactly this text.
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

} // namespace

class TestApp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sampleScriptSplitsIntoStatements();
    void sampleDatabaseHasTheTutorialData();
    void ensureCreatesOnlyWhenNeeded();
    void urlsFromInput();
    void windowBrowsesSampleDatabase();
    void badDatabaseKeepsPreviousOpen();
    void tableNamesAreQuoted();
    void rowsAreLimited();
    void unreadableTableIsReported();
    void executableReportsStartupErrors();
    void executableTakesScreenshot();

private:
    QTemporaryDir m_dir;
    QString m_sample;
};

void TestApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
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
}

void TestApp::windowBrowsesSampleDatabase()
{
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QAbstractItemModelTester tester(window.rowsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy opened(&window, &MainWindow::databaseOpened);
    QVERIFY2(window.openDatabase(m_sample), qPrintable(window.lastError()));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(window.tableNames(), SampleTables);
    QCOMPARE(window.windowTitle(), QStringLiteral("QtOrm Browser — sample.db"));
    QCOMPARE(window.urlText(),
             QStringLiteral("sqlite:///") + QFileInfo(m_sample).absoluteFilePath());
    QCOMPARE(window.currentTable(), QStringLiteral("addresses")); // the first table is shown
    QVERIFY(logRowOf(window, QStringLiteral("SELECT * FROM addresses LIMIT ?")) >= 0);

    // The user picks "users" in the list.
    const QList<QListWidgetItem*> items =
        window.tableList()->findItems(QStringLiteral("users"), Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    window.tableList()->setCurrentItem(items.first());
    TableRowsModel* rows = window.rowsModel();
    QCOMPARE(window.currentTable(), QStringLiteral("users"));
    QCOMPARE(rows->rowCount(), 10);
    QCOMPARE(rows->columnNames(),
             (QStringList{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("fullname"),
                          QStringLiteral("nickname")}));
    QCOMPARE(rows->headerData(2, Qt::Horizontal).toString(), QStringLiteral("fullname"));
    QVERIFY(!rows->isTruncated());
    QCOMPARE(window.rowCountText(), QStringLiteral("10 rows"));
    QCOMPARE(window.rowsView()->model(), rows);
    QCOMPARE(rows->index(4, 1).data().toString(), QStringLiteral("jack"));
    QCOMPARE(rows->index(4, 3).data().toString(), QStringLiteral("gjffdd"));
    QCOMPARE(rows->index(4, 0).data(Qt::EditRole).toLongLong(), 5);
    QVERIFY(rows->index(4, 0).data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight);
    QVERIFY(!(rows->flags(rows->index(0, 0)) & Qt::ItemIsEditable));
    // betty has no nickname: NULL, greyed.
    const QModelIndex null = rows->index(6, 3);
    QCOMPARE(rows->index(6, 1).data().toString(), QStringLiteral("betty"));
    QCOMPARE(null.data().toString(), QStringLiteral("NULL"));
    QVERIFY(!null.data(Qt::EditRole).isValid());
    QCOMPARE(null.data(Qt::ForegroundRole).value<QColor>(), QColor(Qt::gray));
    QVERIFY(null.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!rows->index(6, 2).data(Qt::ForegroundRole).isValid());

    // The SQL log shows the SELECT, its row count filled in once read.
    const int logRow = logRowOf(window, QStringLiteral("SELECT * FROM users LIMIT ?"));
    QVERIFY(logRow >= 0);
    const orm::LogEntry entry = window.sqlLogView()->model()->entry(logRow);
    QCOMPARE(entry.rows, qint64(10));
    QCOMPARE(entry.params, QVariantList({1001})); // the limit is a bound value too
    QCOMPARE(entry.origin, orm::Origin::Query);
    QVERIFY(entry.error.isEmpty());
    QVERIFY(logRowOf(window,
                     QStringLiteral(
                         "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name")) >= 0);

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QPixmap picture = window.grab();
    QVERIFY(!picture.isNull());
    QVERIFY(picture.width() > 600 && picture.height() > 400);
}

void TestApp::badDatabaseKeepsPreviousOpen()
{
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openDatabase(m_sample));
    window.showTable(QStringLiteral("posts"));
    orm::Engine* engine = window.engine();
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
    QCOMPARE(errors.count(), 4);

    // Still the sample database, still working.
    QCOMPARE(window.engine(), engine);
    QCOMPARE(window.windowTitle(), title);
    QCOMPARE(window.tableNames(), SampleTables);
    QCOMPARE(window.currentTable(), QStringLiteral("posts"));
    QCOMPARE(window.rowsModel()->rowCount(), 8);
    QVERIFY(window.showTable(QStringLiteral("keywords")));
    QCOMPARE(window.rowsModel()->rowCount(), 8);
    QCOMPARE(window.tableList()->currentItem()->text(), QStringLiteral("keywords"));
}

void TestApp::tableNamesAreQuoted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("shop.db"));
    runSql(
        path,
        {QStringLiteral(
             "CREATE TABLE \"order items\" (id INTEGER PRIMARY KEY, \"select\" TEXT, qty INTEGER)"),
         QStringLiteral("CREATE TABLE \"Weird\"\"Name\" (x INTEGER)"),
         QStringLiteral(
             "INSERT INTO \"order items\" (\"select\", qty) VALUES ('tea', 2), ('scones', 6), "
             "(NULL, 1)"),
         QStringLiteral("INSERT INTO \"Weird\"\"Name\" VALUES (42)")});
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QAbstractItemModelTester tester(window.rowsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY2(window.openDatabase(path), qPrintable(window.lastError()));
    QCOMPARE(window.tableNames(),
             (QStringList{QStringLiteral("Weird\"Name"), QStringLiteral("order items")}));

    QVERIFY2(window.showTable(QStringLiteral("order items")), qPrintable(window.lastError()));
    QCOMPARE(window.rowsModel()->rowCount(), 3);
    QCOMPARE(window.rowsModel()->columnNames(),
             (QStringList{QStringLiteral("id"), QStringLiteral("select"), QStringLiteral("qty")}));
    QCOMPARE(window.rowsModel()->index(1, 1).data().toString(), QStringLiteral("scones"));
    QCOMPARE(window.rowsModel()->index(2, 1).data().toString(), QStringLiteral("NULL"));
    QVERIFY(logRowOf(window, QStringLiteral("SELECT * FROM \"order items\" LIMIT ?")) >= 0);

    QVERIFY2(window.showTable(QStringLiteral("Weird\"Name")), qPrintable(window.lastError()));
    QCOMPARE(window.rowsModel()->rowCount(), 1);
    QCOMPARE(window.rowsModel()->index(0, 0).data(Qt::EditRole).toInt(), 42);
    QVERIFY(logRowOf(window, QStringLiteral("SELECT * FROM \"Weird\"\"Name\" LIMIT ?")) >= 0);
}

void TestApp::rowsAreLimited()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.db"));
    runSql(
        path,
        {QStringLiteral("CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT)"),
         QStringLiteral(
             "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1500) "
             "INSERT INTO numbers SELECT n, 'row ' || n FROM seq")});
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openDatabase(path));
    QCOMPARE(window.currentTable(), QStringLiteral("numbers"));
    QCOMPARE(window.rowsModel()->rowCount(), TableRowsModel::RowLimit);
    QVERIFY(window.rowsModel()->isTruncated());
    QCOMPARE(window.rowsModel()->index(999, 1).data().toString(), QStringLiteral("row 1000"));
    QVERIFY2(window.rowCountText().contains(QStringLiteral("1000")),
             qPrintable(window.rowCountText()));
    QVERIFY2(window.rowCountText().contains(QStringLiteral("more")),
             qPrintable(window.rowCountText()));
}

void TestApp::unreadableTableIsReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("vanishing.db"));
    runSql(path, {QStringLiteral("CREATE TABLE a (x INTEGER)"),
                  QStringLiteral("CREATE TABLE b (y INTEGER)")});
    MainWindow window;
    window.setErrorDialogsEnabled(false);
    QVERIFY(window.openDatabase(path));
    runSql(path, {QStringLiteral("DROP TABLE b")}); // behind the browser's back
    QSignalSpy errors(&window, &MainWindow::errorOccurred);
    QVERIFY(!window.showTable(QStringLiteral("b")));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(window.lastError().contains(QStringLiteral("no such table")),
             qPrintable(window.lastError()));
    QCOMPARE(window.rowsModel()->rowCount(), 0);
    QCOMPARE(window.rowsModel()->columnCount(), 0);
    QVERIFY(window.rowCountText().isEmpty());
    const orm::ui::SqlLogModel* log = window.sqlLogView()->model();
    QVERIFY(log->index(log->rowCount() - 1, 0).data(orm::ui::SqlLogModel::HasErrorRole).toBool());
    QVERIFY(window.showTable(QStringLiteral("a")));
}

void TestApp::executableReportsStartupErrors()
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
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

int main(int argc, char* argv[])
{
    // Headless unless told otherwise; ctest sets the same.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestApp test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_app.moc"
