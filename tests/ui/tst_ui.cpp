// QtOrm::Ui: the SQL log model follows a real Engine's StatementLog (appends, Rows updates,
// errors, capacity, clear, other threads), the filter proxy, the SQL highlighter and the log view.

#include "orm/orm.h"
#include "ui/sqlhighlighter.h"
#include "ui/sqllogfiltermodel.h"
#include "ui/sqllogmodel.h"
#include "ui/sqllogview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QThread>

using orm::ui::SqlHighlighter;
using orm::ui::SqlLogFilterModel;
using orm::ui::SqlLogModel;
using orm::ui::SqlLogView;

namespace {

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

orm::LogEntry entryAt(const QAbstractItemModel& model, int row)
{
    return model.index(row, 0).data(SqlLogModel::EntryRole).value<orm::LogEntry>();
}

int lastRow(const QAbstractItemModel& model)
{
    return model.rowCount() - 1;
}

// The character format the highlighter gave the character at `position` of `document`.
QTextCharFormat formatAt(QTextDocument& document, int position)
{
    const QTextBlock block = document.findBlock(position);
    const int offset = position - block.position();
    for (const QTextLayout::FormatRange& range : block.layout()->formats()) {
        if (offset >= range.start && offset < range.start + range.length)
            return range.format;
    }
    return {};
}

// Formats compare by what they look like: QTextLayout may add properties of its own.
struct Look {
    QBrush foreground;
    int weight;
    bool italic;
    bool operator==(const Look&) const = default;
};

Look lookOf(const QTextCharFormat& format)
{
    return {format.foreground(), format.fontWeight(), format.fontItalic()};
}

} // namespace

namespace QTest {
template <>
char* toString(const Look& look)
{
    return qstrdup(QStringLiteral("color %1 weight %2 italic %3")
                       .arg(look.foreground.style() == Qt::NoBrush ? QStringLiteral("none")
                                                                   : look.foreground.color().name())
                       .arg(look.weight)
                       .arg(look.italic)
                       .toLatin1()
                       .constData());
}
} // namespace QTest

class TestUi : public QObject {
    Q_OBJECT

private slots:
    void modelShowsStatementsAsTheyRun();
    void modelShowsExistingEntries();
    void rowsCellUpdatesWhenResultIsRead();
    void failedStatementIsRed();
    void modelKeepsAtMostTheLogCapacity();
    void clearEmptiesLogAndModel();
    void modelEmptiesWhenLogIsDestroyed();
    void modelReceivesStatementsOfOtherThreads();
    void filterByOriginTextAndErrors();
    void highlighterColoursTokens();
    void highlighterCarriesStringsAndCommentsAcrossLines();
    void viewShowsSelectedStatement();
    void viewClearButtonAndFilterField();
    void viewFollowsNewestOnlyAtBottom();
};

void TestUi::modelShowsStatementsAsTheyRun()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogModel model(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(SqlLogModel::ColumnCount));
    QCOMPARE(model.headerData(SqlLogModel::StatementColumn, Qt::Horizontal).toString(),
             QStringLiteral("Statement"));
    const int before = model.rowCount();
    QCOMPARE(before, int(engine.log().entries().size()));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    conn.exec(
        QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, fullname TEXT)"), {},
        orm::Origin::Ddl);
    conn.exec(QStringLiteral("INSERT INTO users (name, fullname) VALUES (?, ?)"),
              {QStringLiteral("ed"), QStringLiteral("Ed Jones")});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.rowCount(), before + 2);

    int row = lastRow(model);
    QCOMPARE(cell(model, row - 1, SqlLogModel::OriginColumn), QStringLiteral("DDL"));
    QCOMPARE(cell(model, row, SqlLogModel::StatementColumn),
             QStringLiteral("INSERT INTO users (name, fullname) VALUES (?, ?)"));
    QCOMPARE(cell(model, row, SqlLogModel::ParametersColumn), QStringLiteral("('ed', 'Ed Jones')"));
    QCOMPARE(cell(model, row, SqlLogModel::OriginColumn), QStringLiteral("user SQL"));
    QCOMPARE(cell(model, row, SqlLogModel::RowsColumn), QStringLiteral("1"));
    QVERIFY(cell(model, row, SqlLogModel::ErrorColumn).isEmpty());
    QVERIFY(!model.index(row, 0).data(Qt::ForegroundRole).isValid());
    const QString duration = cell(model, row, SqlLogModel::DurationColumn);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d{3}$")).match(duration).hasMatch(),
             qPrintable(duration));
    QCOMPARE(model.index(row, 0).data(SqlLogModel::OriginRole).toInt(), int(orm::Origin::UserSql));
    const orm::LogEntry entry = entryAt(model, row);
    QCOMPARE(entry.id, engine.log().entries().constLast().id);
    QCOMPARE(entry.params, (QVariantList{QStringLiteral("ed"), QStringLiteral("Ed Jones")}));
    QCOMPARE(model.rowOf(entry.id), row);

    // A multi-line statement through text(): one line in the table, in full in the tooltip.
    const QString sql = QStringLiteral("SELECT name\nFROM users\nWHERE name = :name");
    orm::Result result =
        conn.execute(orm::text(sql).bind(QStringLiteral("name"), QStringLiteral("ed")));
    row = lastRow(model);
    QCOMPARE(cell(model, row, SqlLogModel::StatementColumn),
             QStringLiteral("SELECT name FROM users WHERE name = ?"));
    QCOMPARE(cell(model, row, SqlLogModel::StatementColumn, Qt::ToolTipRole),
             QStringLiteral("SELECT name\nFROM users\nWHERE name = ?"));
    QCOMPARE(cell(model, row, SqlLogModel::ParametersColumn), QStringLiteral("('ed',)"));
    QCOMPARE(cell(model, row, SqlLogModel::OriginColumn), QStringLiteral("query"));
    QVERIFY(entryAt(model, row).isSelect);
}

void TestUi::modelShowsExistingEntries()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    conn.exec(QStringLiteral("CREATE TABLE t (x INTEGER)"));
    conn.exec(QStringLiteral("INSERT INTO t (x) VALUES (?)"), {42});
    SqlLogModel model;
    QCOMPARE(model.rowCount(), 0);
    model.setLog(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<orm::LogEntry> entries = engine.log().entries();
    QCOMPARE(model.rowCount(), int(entries.size()));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(entryAt(model, row).id, entries.at(row).id);
    QCOMPARE(cell(model, lastRow(model), SqlLogModel::ParametersColumn), QStringLiteral("(42,)"));
    model.setLog(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestUi::rowsCellUpdatesWhenResultIsRead()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    conn.exec(QStringLiteral("CREATE TABLE t (x INTEGER)"));
    for (int i = 0; i < 3; ++i)
        conn.exec(QStringLiteral("INSERT INTO t (x) VALUES (?)"), {i});
    SqlLogModel model(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    orm::Result result = conn.execute(orm::text(QStringLiteral("SELECT x FROM t ORDER BY x")));
    const int row = lastRow(model);
    QCOMPARE(entryAt(model, row).rows, qint64(-1));
    QVERIFY(!model.index(row, SqlLogModel::RowsColumn).data().isValid()); // not known yet
    QCOMPARE(changed.count(), 0);

    QCOMPARE(result.all().size(), 3);
    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.first().at(0).value<QModelIndex>();
    const auto bottomRight = changed.first().at(1).value<QModelIndex>();
    QVERIFY(topLeft.row() <= row && bottomRight.row() >= row);
    QVERIFY(topLeft.column() <= SqlLogModel::RowsColumn &&
            bottomRight.column() >= SqlLogModel::RowsColumn);
    QCOMPARE(cell(model, row, SqlLogModel::RowsColumn), QStringLiteral("3"));
    QCOMPARE(entryAt(model, row).rows, qint64(3));
}

void TestUi::failedStatementIsRed()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogModel model(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int before = model.rowCount();
    QVERIFY_THROWS_EXCEPTION(orm::DatabaseError,
                             conn.exec(QStringLiteral("SELECT * FROM nowhere WHERE id = ?"), {7}));
    QCOMPARE(model.rowCount(), before + 1);
    const int row = lastRow(model);
    QVERIFY2(cell(model, row, SqlLogModel::ErrorColumn).contains(QStringLiteral("no such table")),
             qPrintable(cell(model, row, SqlLogModel::ErrorColumn)));
    QCOMPARE(cell(model, row, SqlLogModel::ParametersColumn), QStringLiteral("(7,)"));
    QVERIFY(model.index(row, 0).data(SqlLogModel::HasErrorRole).toBool());
    for (int column = 0; column < model.columnCount(); ++column)
        QCOMPARE(model.index(row, column).data(Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::red));
    QCOMPARE(cell(model, row, SqlLogModel::StatementColumn, Qt::ToolTipRole),
             QStringLiteral("SELECT * FROM nowhere WHERE id = ?"));
    QVERIFY(cell(model, row, SqlLogModel::ErrorColumn, Qt::ToolTipRole)
                .contains(QStringLiteral("no such table")));
    // A statement that works is not red.
    conn.exec(QStringLiteral("SELECT 1"));
    QVERIFY(!model.index(lastRow(model), 0).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(lastRow(model), 0).data(SqlLogModel::HasErrorRole).toBool());
}

void TestUi::modelKeepsAtMostTheLogCapacity()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"), {.logCapacity = 5});
    orm::Connection conn = engine.connect();
    SqlLogModel model(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < 12; ++i)
        conn.exec(QStringLiteral("SELECT ?"), {i});
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(removed.count() > 0);
    const QList<orm::LogEntry> entries = engine.log().entries();
    QCOMPARE(entries.size(), 5);
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(entryAt(model, row).id, entries.at(row).id);
        QCOMPARE(cell(model, row, SqlLogModel::ParametersColumn),
                 QStringLiteral("(%1,)").arg(7 + row));
    }
    // A smaller capacity takes effect with the next statement.
    engine.log().setCapacity(2);
    conn.exec(QStringLiteral("SELECT 'last'"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 1, SqlLogModel::StatementColumn), QStringLiteral("SELECT 'last'"));
}

void TestUi::clearEmptiesLogAndModel()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    conn.exec(QStringLiteral("SELECT 1"));
    SqlLogModel model(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.rowCount() > 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(engine.log().entries().isEmpty());
    conn.exec(QStringLiteral("SELECT 2"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, SqlLogModel::StatementColumn), QStringLiteral("SELECT 2"));
    // Clearing the log elsewhere empties the model too.
    engine.log().clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 2);
}

void TestUi::modelEmptiesWhenLogIsDestroyed()
{
    SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    {
        orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
        model.setLog(&engine.log());
        engine.connect().exec(QStringLiteral("SELECT 1"));
        QVERIFY(model.rowCount() > 0);
    }
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.log(), nullptr);
}

void TestUi::modelReceivesStatementsOfOtherThreads()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    orm::Engine engine(QStringLiteral("sqlite:///") + dir.filePath(QStringLiteral("threads.db")));
    engine.connect().exec(QStringLiteral("CREATE TABLE t (x INTEGER)"));
    SqlLogModel model(&engine.log());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int before = model.rowCount();
    constexpr int Count = 20;
    std::unique_ptr<QThread> worker(QThread::create([&engine] {
        orm::Connection conn = engine.connect();
        for (int i = 0; i < Count; ++i)
            conn.exec(QStringLiteral("INSERT INTO t (x) VALUES (?)"), {i});
    }));
    worker->start();
    QVERIFY(worker->wait(30000));
    // Delivered through the event loop, in order, each once.
    QTRY_COMPARE(model.rowCount(), int(engine.log().entries().size()));
    QVERIFY(model.rowCount() >= before + Count);
    quint64 previous = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        QVERIFY(entryAt(model, row).id > previous);
        previous = entryAt(model, row).id;
    }
    QCOMPARE(cell(model, lastRow(model), SqlLogModel::ParametersColumn),
             QStringLiteral("(%1,)").arg(Count - 1));
}

void TestUi::filterByOriginTextAndErrors()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    engine.log().clear();
    SqlLogModel model(&engine.log());
    SqlLogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    conn.exec(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"), {},
              orm::Origin::Ddl);
    conn.exec(QStringLiteral("INSERT INTO users (name) VALUES (?)"), {QStringLiteral("wendy")});
    conn.exec(QStringLiteral("SELECT * FROM users"), {}, orm::Origin::Query);
    QVERIFY_THROWS_EXCEPTION(orm::DatabaseError,
                             conn.exec(QStringLiteral("SELECT * FROM addresses")));
    QCOMPARE(filter.rowCount(), 4);

    filter.setOrigins({orm::Origin::Ddl});
    QCOMPARE(filter.rowCount(), 1);
    QVERIFY(
        cell(filter, 0, SqlLogModel::StatementColumn).startsWith(QStringLiteral("CREATE TABLE")));
    filter.setOrigins({orm::Origin::Ddl, orm::Origin::UserSql});
    QCOMPARE(filter.rowCount(), 3); // the failed SELECT is user SQL as well
    QCOMPARE(filter.origins(), (QList<orm::Origin>{orm::Origin::Ddl, orm::Origin::UserSql}));
    filter.setOrigins({});
    QCOMPARE(filter.rowCount(), 4);

    filter.setText(QStringLiteral("WENDY")); // parameters, case-insensitively
    QCOMPARE(filter.rowCount(), 1);
    QVERIFY(cell(filter, 0, SqlLogModel::StatementColumn).startsWith(QStringLiteral("INSERT")));
    filter.setText(QStringLiteral("no such table")); // errors
    QCOMPARE(filter.rowCount(), 1);
    filter.setText(QStringLiteral("users")); // SQL
    QCOMPARE(filter.rowCount(), 3);
    filter.setText({});

    filter.setErrorsOnly(true);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(cell(filter, 0, SqlLogModel::StatementColumn),
             QStringLiteral("SELECT * FROM addresses"));
    // New statements go through the filter as they arrive.
    conn.exec(QStringLiteral("SELECT 1"));
    QCOMPARE(filter.rowCount(), 1);
    QVERIFY_THROWS_EXCEPTION(orm::DatabaseError, conn.exec(QStringLiteral("SELEC 1")));
    QCOMPARE(filter.rowCount(), 2);
}

void TestUi::highlighterColoursTokens()
{
    QTextDocument document;
    SqlHighlighter highlighter(&document);
    const QString sql = QStringLiteral(
        "SELECT 'from', \"order items\".x FROM \"order items\" WHERE id = ? AND n > $2 AND "
        "k = :name AND v = 3.5 -- select all");
    document.setPlainText(sql);
    highlighter.rehighlight(); // a new highlighter's first pass waits for the event loop
    const QTextCharFormat keywordFormat = highlighter.tokenFormat(SqlHighlighter::Token::Keyword);
    const Look keyword = lookOf(keywordFormat);
    const Look string = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::String));
    const Look quoted = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::QuotedIdentifier));
    const Look placeholder = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::Placeholder));
    const Look number = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::Number));
    const Look comment = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::Comment));
    QCOMPARE(keywordFormat.fontWeight(), int(QFont::Bold));
    QVERIFY(keywordFormat.foreground().color().blue() > keywordFormat.foreground().color().red());

    const auto at = [&](const QString& needle, int occurrence = 0) {
        qsizetype position = -1;
        for (int i = 0; i <= occurrence; ++i)
            position = sql.indexOf(needle, position + 1);
        Q_ASSERT(position >= 0);
        return lookOf(formatAt(document, int(position)));
    };
    QCOMPARE(at(QStringLiteral("SELECT")), keyword);
    QCOMPARE(at(QStringLiteral("FROM")), keyword);
    QCOMPARE(at(QStringLiteral("WHERE")), keyword);
    QCOMPARE(at(QStringLiteral("'from'")), string); // a keyword inside a string is a string
    QCOMPARE(at(QStringLiteral("from'")), string);
    QCOMPARE(at(QStringLiteral("\"order items\"")), quoted);
    QCOMPARE(at(QStringLiteral("order items\"")), quoted); // not the keyword ORDER
    QCOMPARE(at(QStringLiteral("?")), placeholder);
    QCOMPARE(at(QStringLiteral("$2")), placeholder);
    QCOMPARE(at(QStringLiteral(":name")), placeholder);
    QCOMPARE(at(QStringLiteral("3.5")), number);
    QCOMPARE(at(QStringLiteral("-- select")), comment);
    QCOMPARE(at(QStringLiteral("select all")), comment);
    QCOMPARE(at(QStringLiteral("id")), lookOf(QTextCharFormat())); // a plain identifier
    QVERIFY(SqlHighlighter::isKeyword(QStringLiteral("returning")));
    QVERIFY(!SqlHighlighter::isKeyword(QStringLiteral("users")));
}

void TestUi::highlighterCarriesStringsAndCommentsAcrossLines()
{
    QTextDocument document;
    SqlHighlighter highlighter(&document);
    const QString sql =
        QStringLiteral("INSERT INTO t VALUES ('first\nSELECT it''s', 1)\n/* a\nFROM */ SELECT 2");
    document.setPlainText(sql);
    highlighter.rehighlight(); // a new highlighter's first pass waits for the event loop
    const Look string = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::String));
    const Look comment = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::Comment));
    const QTextCharFormat keywordFormat = highlighter.tokenFormat(SqlHighlighter::Token::Keyword);
    const Look keyword = lookOf(keywordFormat);
    const Look number = lookOf(highlighter.tokenFormat(SqlHighlighter::Token::Number));
    QCOMPARE(lookOf(formatAt(document, int(sql.indexOf(QStringLiteral("SELECT it"))))), string);
    QCOMPARE(lookOf(formatAt(document, int(sql.indexOf(QStringLiteral("s', 1"))))),
             string); // '' is an escaped quote
    QCOMPARE(lookOf(formatAt(document, int(sql.indexOf(QStringLiteral("1)"))))), number);
    QCOMPARE(lookOf(formatAt(document, int(sql.indexOf(QStringLiteral("FROM */"))))), comment);
    QCOMPARE(lookOf(formatAt(document, int(sql.indexOf(QStringLiteral("SELECT 2"))))), keyword);
    QCOMPARE(lookOf(formatAt(document, int(sql.indexOf(QStringLiteral("2"),
                                                       sql.indexOf(QStringLiteral("SELECT 2")))))),
             number);
}

void TestUi::viewShowsSelectedStatement()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogView view(&engine.log());
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    conn.exec(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"), {},
              orm::Origin::Ddl);
    conn.exec(QStringLiteral("INSERT INTO users (name) VALUES (?)"), {QStringLiteral("mary")});
    conn.exec(QStringLiteral("SELECT 1"));
    QCOMPARE(view.tableView()->model()->rowCount(), int(engine.log().entries().size()));
    QVERIFY(view.detailView()->isReadOnly());
    QVERIFY(view.detailView()->toPlainText().isEmpty());

    QSignalSpy current(&view, &SqlLogView::currentEntryChanged);
    const int row =
        view.model()->rowOf(engine.log().entries().at(engine.log().entries().size() - 2).id);
    QVERIFY(row >= 0);
    view.tableView()->setCurrentIndex(
        view.filterModel()->mapFromSource(view.model()->index(row, 0)));
    QCOMPARE(current.count(), 1);
    QCOMPARE(view.currentEntry().sql, QStringLiteral("INSERT INTO users (name) VALUES (?)"));
    const QString detail = view.detailView()->toPlainText();
    QVERIFY2(detail.startsWith(QStringLiteral("INSERT INTO users (name) VALUES (?)")),
             qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("-- parameters: ('mary',)")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("user SQL")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("1 row")), qPrintable(detail));
    QCOMPARE(detail, SqlLogView::detailText(view.currentEntry()));
    // The pane is highlighted: INSERT is a keyword there.
    QCOMPARE(formatAt(*view.detailView()->document(), 0).fontWeight(), int(QFont::Bold));

    // An error shows in the pane too.
    QVERIFY_THROWS_EXCEPTION(orm::DatabaseError, conn.exec(QStringLiteral("DELETE FROM nowhere")));
    view.tableView()->setCurrentIndex(
        view.filterModel()->index(view.filterModel()->rowCount() - 1, 0));
    QVERIFY(view.detailView()->toPlainText().contains(QStringLiteral("-- error: ")));

    const QPixmap picture = view.grab();
    QVERIFY(!picture.isNull());
    QVERIFY(picture.width() >= 900 && picture.height() >= 400);
}

void TestUi::viewClearButtonAndFilterField()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogView view(&engine.log());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    conn.exec(QStringLiteral("SELECT 'alpha'"));
    conn.exec(QStringLiteral("SELECT 'beta'"));
    QVERIFY(!view.clearButton()->accessibleName().isEmpty());
    QVERIFY(!view.filterEdit()->accessibleName().isEmpty());

    QTest::keyClicks(view.filterEdit(), QStringLiteral("beta"));
    QCOMPARE(view.tableView()->model()->rowCount(), 1);
    view.filterEdit()->clear();
    QVERIFY(view.tableView()->model()->rowCount() >= 2);

    view.tableView()->setCurrentIndex(view.tableView()->model()->index(0, 0));
    QVERIFY(!view.detailView()->toPlainText().isEmpty());
    QTest::mouseClick(view.clearButton(), Qt::LeftButton);
    QCOMPARE(view.tableView()->model()->rowCount(), 0);
    QVERIFY(engine.log().entries().isEmpty());
    QVERIFY(view.detailView()->toPlainText().isEmpty());
    QCOMPARE(view.currentEntry().id, quint64(0));
}

void TestUi::viewFollowsNewestOnlyAtBottom()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogView view(&engine.log());
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar* bar = view.tableView()->verticalScrollBar();
    for (int i = 0; i < 100; ++i)
        conn.exec(QStringLiteral("SELECT ?"), {i});
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    // Scrolled up: new statements leave the view where it is.
    bar->setValue(0);
    for (int i = 0; i < 20; ++i)
        conn.exec(QStringLiteral("SELECT ?"), {i});
    QTest::qWait(50);
    QCOMPARE(bar->value(), 0);
    // Back at the bottom: it follows again.
    bar->setValue(bar->maximum());
    const int maximum = bar->maximum();
    for (int i = 0; i < 20; ++i)
        conn.exec(QStringLiteral("SELECT ?"), {i});
    QTRY_VERIFY(bar->maximum() > maximum);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

int main(int argc, char* argv[])
{
    // Headless unless told otherwise; ctest sets the same.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestUi test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui.moc"
