// QtOrm::Ui: the SQL log model follows a real Engine's StatementLog (appends, Rows updates,
// errors, capacity, clear, other threads), the filter proxy, the SQL highlighter and the log view
// (inlined values, copy, save, clear, the N+1 hint, statements highlighted in the table), the
// translatable origin and state names; EntityDelegate's editors driven with keys in a QTableView
// (dates, times, timestamps, NULL versus empty text, the foreign key picker's bounded search,
// booleans, blobs) on SQLite and PostgreSQL.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"
#include "ui/displaynames.h"
#include "ui/entitydelegate.h"
#include "ui/entitytablemodel.h"
#include "ui/foreignkeypicker.h"
#include "ui/sqlhighlighter.h"
#include "ui/sqllogfiltermodel.h"
#include "ui/sqllogmodel.h"
#include "ui/sqllogview.h"
#include "ui/sqlstatementdelegate.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QThread>
#include <QTimeEdit>
#include <QTranslator>

using orm::ui::SqlHighlighter;
using orm::ui::SqlLogFilterModel;
using orm::ui::SqlLogModel;
using orm::ui::SqlLogView;
using qtorm::test::addBackendRows;
using qtorm::test::dbRows;
using qtorm::test::LogWatch;
using qtorm::test::q;
using qtorm::test::resetSchema;

namespace people {

struct Person;

struct Team {
    qint64 id = 0;
    QString name;
};

struct Person {
    qint64 id = 0;
    QString name;
    std::optional<QString> nickname;
    std::optional<QDate> born;
    bool active = false;
    std::optional<QString> bio;
    std::optional<QByteArray> photo;
    std::optional<qint64> teamId;
    orm::Reference<Team> team;
};

void mapping(orm::Mapping<Team>& m)
{
    m.table("ui_teams");
    m.column(&Team::id, "id").primaryKey();
    m.column(&Team::name, "name").type(orm::String(50));
}

void mapping(orm::Mapping<Person>& m)
{
    m.table("ui_people");
    m.column(&Person::id, "id").primaryKey();
    m.column(&Person::name, "name").type(orm::String(50));
    m.column(&Person::nickname, "nickname").type(orm::String(50));
    m.column(&Person::born, "born");
    m.column(&Person::active, "active");
    m.column(&Person::bio, "bio").type(orm::Text());
    m.column(&Person::photo, "photo");
    m.column(&Person::teamId, "team_id").references("ui_teams.id");
    m.relationship(&Person::team, "team");
}

// Times of day and timestamps, for their editors.
struct Meeting {
    qint64 id = 0;
    QString title;
    std::optional<QTime> alarm;
    QDateTime starts;
};

void mapping(orm::Mapping<Meeting>& m)
{
    m.table("ui_meetings");
    m.column(&Meeting::id, "id").primaryKey();
    m.column(&Meeting::title, "title").type(orm::String(50));
    m.column(&Meeting::alarm, "alarm");
    m.column(&Meeting::starts, "starts");
}

} // namespace people

using people::Meeting;
using people::Person;
using people::Team;

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

// The delegate with its drawing options open to the tests.
struct TestDelegate : orm::ui::EntityDelegate {
    using EntityDelegate::EntityDelegate;
    using EntityDelegate::initStyleOption;
    QStyleOptionViewItem look(const QModelIndex& index) const
    {
        QStyleOptionViewItem option;
        initStyleOption(&option, index);
        return option;
    }
};

// A table view of every Person with the delegate installed, shown.
struct PeopleView {
    explicit PeopleView(orm::Session& session)
        : model(session, orm::mapper<Person>()), delegate(new TestDelegate(session, &view))
    {
        view.setModel(&model);
        view.setItemDelegate(delegate);
        view.resize(900, 300);
        view.show();
    }
    int column(const QString& name) const { return model.columnOf(name); }
    QModelIndex index(int row, const QString& name) const { return model.index(row, column(name)); }
    // Makes `index` current and opens its editor with F2.
    QWidget* edit(const QModelIndex& index)
    {
        view.setCurrentIndex(index);
        QTest::keyClick(&view, Qt::Key_F2);
        return view.indexWidget(index);
    }

    orm::ui::EntityTableModel model;
    QTableView view;
    TestDelegate* delegate;
};

// An empty schema with teams red, green, blue, greenish and one person in red.
struct PeopleDb {
    explicit PeopleDb(const QString& url) : engine(url), session(engine)
    {
        resetSchema(engine);
        for (const char* name : {"red", "green", "blue", "greenish"})
            session.add(orm::make<Team>({.name = QString::fromLatin1(name)}));
        session.commit();
        auto mary = orm::make<Person>({.name = QStringLiteral("mary"),
                                       .nickname = QStringLiteral("m"),
                                       .born = QDate(2000, 1, 15),
                                       .photo = QByteArray(2150, 'x'),
                                       .teamId = 1});
        session.add(mary);
        session.commit();
    }
    orm::Engine engine;
    orm::Session session;
};

class TestUi : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void delegateEditsDate_data() { addBackendRows(QStringLiteral("tst_ui")); }
    void delegateEditsDate();
    void delegateSetsNullAndEmptyText_data() { addBackendRows(QStringLiteral("tst_ui")); }
    void delegateSetsNullAndEmptyText();
    void delegatePicksForeignKey_data() { addBackendRows(QStringLiteral("tst_ui")); }
    void delegatePicksForeignKey();
    void delegateShowsBlobsAndTogglesBooleans_data() { addBackendRows(QStringLiteral("tst_ui")); }
    void delegateShowsBlobsAndTogglesBooleans();
    void viewInlinesCopiesSavesAndClears();
    void viewHintsNPlusOne();
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
    void delegateEditsTimeAndDateTime_data() { addBackendRows(QStringLiteral("tst_ui")); }
    void delegateEditsTimeAndDateTime();
    void viewHighlightsStatementsInTable();
    void originAndStateNamesAreTranslatable();
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

void TestUi::initTestCase()
{
    orm::mapper<Team>();
    orm::mapper<Person>();
    orm::mapper<Meeting>();
}

// A date is edited in a date editor with keys; Return stores it.
void TestUi::delegateEditsDate()
{
    QTORM_FETCH_URL();
    PeopleDb db(url);
    PeopleView people(db.session);
    QVERIFY(QTest::qWaitForWindowExposed(&people.view));
    const QModelIndex born = people.index(0, QStringLiteral("born"));
    QCOMPARE(people.delegate->look(born).text, QStringLiteral("2000-01-15"));

    auto* editor = qobject_cast<QDateEdit*>(people.edit(born));
    QVERIFY(editor);
    QCOMPARE(editor->date(), QDate(2000, 1, 15));
    editor->setCurrentSection(QDateTimeEdit::DaySection);
    QTest::keyClick(editor, Qt::Key_Up);
    QTest::keyClick(editor, Qt::Key_Up);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(born.data(Qt::EditRole).toDate(), QDate(2000, 1, 17));
    QVERIFY(born.data(orm::ui::ObjectTableModel::ModifiedRole).toBool());
    db.session.commit();
    QCOMPARE(dbRows(db.engine, orm::mapper<Person>().table(), {QStringLiteral("born")})
                 .at(0)
                 .at(0)
                 .toDate(),
             QDate(2000, 1, 17));
}

// NULL shows greyed as "NULL" and is set with Ctrl+Delete; an emptied text is an empty string.
void TestUi::delegateSetsNullAndEmptyText()
{
    QTORM_FETCH_URL();
    PeopleDb db(url);
    PeopleView people(db.session);
    QVERIFY(QTest::qWaitForWindowExposed(&people.view));
    const QModelIndex nickname = people.index(0, QStringLiteral("nickname"));
    const QModelIndex bio = people.index(0, QStringLiteral("bio"));
    QStyleOptionViewItem look = people.delegate->look(bio);
    QCOMPARE(look.text, QStringLiteral("NULL"));
    QVERIFY(look.font.italic());
    QCOMPARE(look.palette.color(QPalette::Text),
             look.palette.color(QPalette::Disabled, QPalette::Text));

    auto* line = qobject_cast<QLineEdit*>(people.edit(nickname));
    QVERIFY(line);
    QCOMPARE(line->text(), QStringLiteral("m"));
    QTest::keyClick(line, Qt::Key_Delete, Qt::ControlModifier);
    QCOMPARE(line->placeholderText(), QStringLiteral("NULL"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY(!nickname.data(Qt::EditRole).isValid());
    QCOMPARE(people.delegate->look(nickname).text, QStringLiteral("NULL"));

    // Long text has a multi-line editor; emptied, it is an empty string, not NULL.
    auto* text = qobject_cast<QPlainTextEdit*>(people.edit(bio));
    QVERIFY(text);
    QTest::keyClicks(text, QStringLiteral("line one"));
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("line two"));
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(bio.data(Qt::EditRole).toString(), QStringLiteral("line one\nline two"));
    text = qobject_cast<QPlainTextEdit*>(people.edit(bio));
    QVERIFY(text);
    text->selectAll();
    QTest::keyClick(text, Qt::Key_Backspace);
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(bio.data(Qt::EditRole), QVariant(QString()));
    QVERIFY(bio.data(Qt::EditRole).isValid());
    QCOMPARE(people.delegate->look(bio).text, QString());

    db.session.commit();
    const QList<QVariantList> rows = dbRows(db.engine, orm::mapper<Person>().table(),
                                            {QStringLiteral("nickname"), QStringLiteral("bio")});
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows[0][0].isNull());
    QCOMPARE(rows[0][1].toString(), QString());
    QVERIFY(!rows[0][1].isNull());
}

// The team is picked by typing: one bounded SELECT with the text bound, then Down and Return.
void TestUi::delegatePicksForeignKey()
{
    QTORM_FETCH_URL();
    PeopleDb db(url);
    PeopleView people(db.session);
    QVERIFY(QTest::qWaitForWindowExposed(&people.view));
    const QModelIndex team = people.index(0, QStringLiteral("team"));
    QCOMPARE(team.data().toString(), QStringLiteral("red"));
    QVERIFY(team.flags() & Qt::ItemIsEditable);

    auto* picker = qobject_cast<orm::ui::ForeignKeyPicker*>(people.edit(team));
    QVERIFY(picker);
    QCOMPARE(picker->text(), QStringLiteral("red"));
    QCOMPARE(picker->key().toLongLong(), 1);
    LogWatch log(db.engine);
    picker->selectAll();
    QTest::keyClicks(picker, QStringLiteral("gree"));
    QTRY_COMPARE(picker->resultCount(), 2);
    const QString matches = qtorm::test::isPostgres(db.engine)
                                ? QStringLiteral("ui_teams.name ILIKE ? ESCAPE '/'")
                                : QStringLiteral("lower(ui_teams.name) LIKE lower(?) ESCAPE '/'");
    // (The model's row count may still arrive from its own connection: only the teams count.)
    const auto teamQueries = [&log] {
        QList<orm::LogEntry> out;
        for (const orm::LogEntry& entry : log.entries()) {
            if (entry.sql.contains(QLatin1String("ui_teams")))
                out << entry;
        }
        return out;
    };
    QCOMPARE(teamQueries().size(), 1);
    QCOMPARE_SQL(teamQueries().at(0).sql,
                 q(db.engine, QStringLiteral("SELECT ui_teams.id, ui_teams.name\nFROM "
                                             "ui_teams\nWHERE %1\nORDER BY "
                                             "ui_teams.name, ui_teams.id\nLIMIT ?")
                                  .arg(matches)));
    QCOMPARE(teamQueries().at(0).params, (QVariantList{QStringLiteral("%gree%"), 20}));
    QCOMPARE(picker->resultList()->item(0)->text(), QStringLiteral("green (#2)"));
    QCOMPARE(picker->resultList()->item(1)->text(), QStringLiteral("greenish (#4)"));
    QVERIFY(picker->resultList()->isVisible());

    QTest::keyClick(picker, Qt::Key_Down);
    QTest::keyClick(picker, Qt::Key_Return);
    QTRY_COMPARE(team.data().toString(), QStringLiteral("greenish"));
    const auto mary = orm::Ptr<Person>::cast(
        team.data(orm::ui::ObjectTableModel::ObjectRole).value<orm::Object>());
    QCOMPARE(mary.get()->team.get()->name, QStringLiteral("greenish"));
    QCOMPARE(mary.get()->teamId, std::optional<qint64>(4));
    QCOMPARE(people.index(0, QStringLiteral("team_id")).data().toLongLong(), 4);
    // Picking loaded the team by its key, nothing else.
    QCOMPARE(teamQueries().size(), 2);
    QCOMPARE(teamQueries().at(1).params, QVariantList{4});

    db.session.commit();
    QCOMPARE(dbRows(db.engine, orm::mapper<Person>().table(), {QStringLiteral("team_id")}),
             (QList<QVariantList>{{4}}));
}

// A blob shows its size and opens no editor; a boolean toggles with Space.
void TestUi::delegateShowsBlobsAndTogglesBooleans()
{
    QTORM_FETCH_URL();
    PeopleDb db(url);
    PeopleView people(db.session);
    QVERIFY(QTest::qWaitForWindowExposed(&people.view));
    const QModelIndex photo = people.index(0, QStringLiteral("photo"));
    QCOMPARE(people.delegate->look(photo).text, QStringLiteral("2.1 KiB blob"));
    QCOMPARE(people.edit(photo), nullptr);

    const QModelIndex active = people.index(0, QStringLiteral("active"));
    QStyleOptionViewItem look = people.delegate->look(active);
    QVERIFY(look.features & QStyleOptionViewItem::HasCheckIndicator);
    QCOMPARE(look.checkState, Qt::Unchecked);
    people.view.setCurrentIndex(active);
    QTest::keyClick(&people.view, Qt::Key_Space);
    QCOMPARE(active.data(Qt::EditRole).toBool(), true);
    QCOMPARE(people.delegate->look(active).checkState, Qt::Checked);
    QCOMPARE(people.view.indexWidget(active), nullptr);
    db.session.commit();
    QCOMPARE(dbRows(db.engine, orm::mapper<Person>().table(), {QStringLiteral("active")})
                 .at(0)
                 .at(0)
                 .toBool(),
             true);
}

// Values are shown apart or inlined (quoted) for copying; copy, save and clear act on the log.
void TestUi::viewInlinesCopiesSavesAndClears()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogView view(&engine.log());
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    conn.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, n INTEGER, "
                             "at TEXT)"),
              {}, orm::Origin::Ddl);
    conn.exec(QStringLiteral("INSERT INTO notes (body, n, at) VALUES (?, ?, ?) -- why?"),
              {QStringLiteral("it's"), 42, QVariant()});
    view.tableView()->setCurrentIndex(
        view.filterModel()->index(view.filterModel()->rowCount() - 1, 0));
    QVERIFY(view.detailView()->toPlainText().startsWith(
        QStringLiteral("INSERT INTO notes (body, n, at) VALUES (?, ?, ?) -- why?\n")));
    QVERIFY(view.detailView()->toPlainText().contains(QStringLiteral("-- parameters: ")));

    QVERIFY(!view.inlineValuesAction()->isChecked());
    view.inlineValuesAction()->trigger();
    const QString inlined =
        QStringLiteral("INSERT INTO notes (body, n, at) VALUES ('it''s', 42, NULL) -- why?");
    QVERIFY2(view.detailView()->toPlainText().startsWith(inlined + u'\n'),
             qPrintable(view.detailView()->toPlainText()));
    view.copyAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), inlined);
    view.inlineValuesAction()->trigger();
    view.copyAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("INSERT INTO notes (body, n, at) VALUES (?, ?, ?) -- why?"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.sql"));
    view.filterEdit()->setText(QStringLiteral("notes"));
    QVERIFY(view.saveToFile(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString saved = QString::fromUtf8(file.readAll());
    QCOMPARE(saved.count(QStringLiteral(";\n\n")), 2);
    QVERIFY(saved.contains(QStringLiteral("-- parameters: ('it''s', 42, NULL)")));
    QVERIFY(saved.contains(
        QStringLiteral("\nINSERT INTO notes (body, n, at) VALUES (?, ?, ?) -- why?;\n")));
    QVERIFY(!view.saveToFile(dir.filePath(QStringLiteral("missing/folder/log.sql"))));
    QVERIFY(!view.errorString().isEmpty());

    view.clearAction()->trigger();
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(engine.log().entries().isEmpty());
}

// The same lazy load many times in a row shows the N+1 hint; fewer, or other loads, do not.
void TestUi::viewHintsNPlusOne()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogView view(&engine.log());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QLabel* hint = view.nPlusOneLabel();
    QCOMPARE(view.nPlusOneThreshold(), 5);
    const QString load = QStringLiteral("SELECT ? AS parent");
    for (int i = 1; i <= 4; ++i)
        conn.exec(load, {i}, orm::Origin::LazyLoad);
    QVERIFY(hint->isHidden());
    conn.exec(QStringLiteral("SELECT 'other'"), {}, orm::Origin::Query); // breaks the run
    for (int i = 1; i <= 4; ++i)
        conn.exec(load, {i}, orm::Origin::LazyLoad);
    conn.exec(QStringLiteral("SELECT ? AS other_load"), {1}, orm::Origin::LazyLoad);
    QVERIFY(hint->isHidden());
    for (int i = 1; i <= 12; ++i)
        conn.exec(load, {i}, orm::Origin::LazyLoad);
    QVERIFY(!hint->isHidden());
    QCOMPARE(hint->text(),
             QStringLiteral("N+1: the same lazy load ran 12 times — consider selectinLoad"));
    QCOMPARE(hint->toolTip(), load);
    view.clearAction()->trigger();
    QVERIFY(hint->isHidden());
}

// A time of day and a timestamp are edited in their editors with keys: the object holds the new
// value, the cell is marked with the committed value in its tooltip, and the commit writes it.
// Ctrl+Delete makes the nullable time NULL.
void TestUi::delegateEditsTimeAndDateTime()
{
    QTORM_FETCH_URL();
    orm::Engine engine(url);
    resetSchema(engine);
    orm::Session session(engine);
    const QDateTime starts(QDate(2024, 3, 1), QTime(10, 0));
    auto meeting = orm::make<Meeting>(
        {.title = QStringLiteral("standup"), .alarm = QTime(9, 30), .starts = starts});
    session.add(meeting);
    session.commit();

    orm::ui::EntityTableModel model(session, orm::mapper<Meeting>());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTableView view;
    auto* delegate = new TestDelegate(session, &view);
    view.setModel(&model);
    view.setItemDelegate(delegate);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(model.rowCount(), 1);
    const QModelIndex alarm = model.index(0, model.columnOf(QStringLiteral("alarm")));
    const QModelIndex startsAt = model.index(0, model.columnOf(QStringLiteral("starts")));
    QCOMPARE(delegate->look(alarm).text, QStringLiteral("09:30:00"));
    QCOMPARE(delegate->look(startsAt).text, QStringLiteral("2024-03-01 10:00:00"));

    // The time: minutes up twice.
    view.setCurrentIndex(alarm);
    QTest::keyClick(&view, Qt::Key_F2);
    auto* time = qobject_cast<QTimeEdit*>(view.indexWidget(alarm));
    QVERIFY(time);
    QCOMPARE(time->time(), QTime(9, 30));
    time->setCurrentSection(QDateTimeEdit::MinuteSection);
    QTest::keyClick(time, Qt::Key_Up);
    QTest::keyClick(time, Qt::Key_Up);
    QTest::keyClick(time, Qt::Key_Return);
    QTRY_COMPARE(alarm.data(Qt::EditRole).toTime(), QTime(9, 32));
    QCOMPARE(meeting.get()->alarm, std::optional<QTime>(QTime(9, 32)));
    QVERIFY(alarm.data(orm::ui::ObjectTableModel::ModifiedRole).toBool());
    QCOMPARE(alarm.data(orm::ui::ObjectTableModel::CommittedValueRole).toTime(), QTime(9, 30));

    // The timestamp: the hour up, then the day up.
    view.setCurrentIndex(startsAt);
    QTest::keyClick(&view, Qt::Key_F2);
    auto* stamp = qobject_cast<QDateTimeEdit*>(view.indexWidget(startsAt));
    QVERIFY(stamp);
    QVERIFY(!qobject_cast<QTimeEdit*>(stamp) && !qobject_cast<QDateEdit*>(stamp));
    QCOMPARE(stamp->dateTime(), starts);
    stamp->setCurrentSection(QDateTimeEdit::HourSection);
    QTest::keyClick(stamp, Qt::Key_Up);
    stamp->setCurrentSection(QDateTimeEdit::DaySection);
    QTest::keyClick(stamp, Qt::Key_Up);
    QTest::keyClick(stamp, Qt::Key_Return);
    const QDateTime moved(QDate(2024, 3, 2), QTime(11, 0));
    QTRY_COMPARE(startsAt.data(Qt::EditRole).toDateTime(), moved);
    QCOMPARE(meeting.get()->starts, moved);
    QVERIFY(startsAt.data(orm::ui::ObjectTableModel::ModifiedRole).toBool());
    QCOMPARE(startsAt.data(orm::ui::ObjectTableModel::CommittedValueRole).toDateTime(), starts);
    QCOMPARE(delegate->look(startsAt).text, QStringLiteral("2024-03-02 11:00:00"));

    session.commit();
    QVERIFY(!alarm.data(orm::ui::ObjectTableModel::ModifiedRole).toBool());
    QVERIFY(!startsAt.data(orm::ui::ObjectTableModel::ModifiedRole).toBool());
    {
        orm::Session other(engine);
        const auto stored = other.get<Meeting>(meeting.get()->id);
        QVERIFY(stored);
        QCOMPARE(stored.get()->alarm, std::optional<QTime>(QTime(9, 32)));
        QCOMPARE(stored.get()->starts.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 QStringLiteral("2024-03-02 11:00:00"));
    }

    // NULL for the nullable time, with Ctrl+Delete.
    view.setCurrentIndex(alarm);
    QTest::keyClick(&view, Qt::Key_F2);
    time = qobject_cast<QTimeEdit*>(view.indexWidget(alarm));
    QVERIFY(time);
    QTest::keyClick(time, Qt::Key_Delete, Qt::ControlModifier);
    QCOMPARE(time->text(), QStringLiteral("NULL"));
    QTest::keyClick(time, Qt::Key_Return);
    QTRY_VERIFY(!alarm.data(Qt::EditRole).isValid());
    QVERIFY(!meeting.get()->alarm);
    QCOMPARE(delegate->look(alarm).text, QStringLiteral("NULL"));
    session.commit();
    {
        orm::Session other(engine);
        QVERIFY(!other.get<Meeting>(meeting.get()->id).get()->alarm);
    }

    // Midnight is a time, not NULL: typed over NULL, it is stored as 00:00:00.
    view.setCurrentIndex(alarm);
    QTest::keyClick(&view, Qt::Key_F2);
    time = qobject_cast<QTimeEdit*>(view.indexWidget(alarm));
    QVERIFY(time);
    QCOMPARE(time->text(), QStringLiteral("NULL"));
    QTest::keyClick(time, Qt::Key_Up);   // 01:00:00, out of NULL
    QTest::keyClick(time, Qt::Key_Down); // 00:00:00
    QCOMPARE(time->text(), QStringLiteral("00:00:00"));
    QTest::keyClick(time, Qt::Key_Return);
    QTRY_COMPARE(alarm.data(Qt::EditRole).toTime(), QTime(0, 0));
    QCOMPARE(meeting.get()->alarm, std::optional<QTime>(QTime(0, 0)));
    QCOMPARE(delegate->look(alarm).text, QStringLiteral("00:00:00"));
    session.commit();
    orm::Session other(engine);
    QCOMPARE(other.get<Meeting>(meeting.get()->id).get()->alarm, std::optional<QTime>(QTime(0, 0)));
}

// The table's Statement column is painted with the highlighter's formats: the delegate's ranges
// are the highlighter's for the cell's text, keywords and literals among them, they follow the
// highlighter's formats, and the painted cell shows the keyword colour.
void TestUi::viewHighlightsStatementsInTable()
{
    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    SqlLogView view(&engine.log());
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    conn.exec(QStringLiteral("SELECT 'some text', 42 -- a note"));
    orm::ui::SqlStatementDelegate* delegate = view.statementDelegate();
    QVERIFY(delegate);
    QCOMPARE(view.tableView()->itemDelegateForColumn(SqlLogModel::StatementColumn), delegate);
    const QModelIndex index =
        view.filterModel()->index(lastRow(*view.filterModel()), SqlLogModel::StatementColumn);
    const QString text = index.data().toString();
    QCOMPARE(text, QStringLiteral("SELECT 'some text', 42 -- a note"));

    const QList<QTextLayout::FormatRange> ranges = delegate->formatRanges(index);
    QCOMPARE(ranges, view.highlighter()->formatRanges(text));
    const auto rangeAt = [&](const QString& needle) -> QTextLayout::FormatRange {
        const int position = int(text.indexOf(needle));
        for (const QTextLayout::FormatRange& range : ranges) {
            if (position >= range.start && position < range.start + range.length)
                return range;
        }
        return {};
    };
    const auto tokenLook = [&](SqlHighlighter::Token token) {
        return lookOf(view.highlighter()->tokenFormat(token));
    };
    QCOMPARE(rangeAt(QStringLiteral("SELECT")).start, 0);
    QCOMPARE(rangeAt(QStringLiteral("SELECT")).length, 6);
    QCOMPARE(lookOf(rangeAt(QStringLiteral("SELECT")).format),
             tokenLook(SqlHighlighter::Token::Keyword));
    const QTextLayout::FormatRange literal = rangeAt(QStringLiteral("'some text'"));
    QCOMPARE(text.mid(literal.start, literal.length), QStringLiteral("'some text'"));
    QCOMPARE(lookOf(literal.format), tokenLook(SqlHighlighter::Token::String));
    QCOMPARE(lookOf(rangeAt(QStringLiteral("42")).format),
             tokenLook(SqlHighlighter::Token::Number));
    QCOMPARE(lookOf(rangeAt(QStringLiteral("-- a note")).format),
             tokenLook(SqlHighlighter::Token::Comment));
    QCOMPARE(ranges.size(), 4);

    // The painted cell is not blank and shows the keyword's colour, which a plain delegate
    // (black text) would not.
    const QColor keyword =
        view.highlighter()->tokenFormat(SqlHighlighter::Token::Keyword).foreground().color();
    const auto pixelsOf = [&](const QColor& colour) {
        view.tableView()->scrollTo(index);
        const QImage image = view.tableView()->viewport()->grab().toImage();
        const QRect cellRect = view.tableView()->visualRect(index);
        int count = 0;
        for (int y = cellRect.top(); y <= cellRect.bottom(); ++y) {
            for (int x = cellRect.left(); x <= cellRect.right(); ++x)
                count += image.pixelColor(x, y) == colour ? 1 : 0;
        }
        return count;
    };
    QVERIFY(pixelsOf(keyword) > 0);
    // The delegate reads the highlighter's formats at each paint.
    QTextCharFormat red = view.highlighter()->tokenFormat(SqlHighlighter::Token::Keyword);
    red.setForeground(QColor(0xd0, 0x10, 0x10));
    view.highlighter()->setTokenFormat(SqlHighlighter::Token::Keyword, red);
    QCOMPARE(lookOf(delegate->formatRanges(index).first().format), lookOf(red));
    QVERIFY(pixelsOf(QColor(0xd0, 0x10, 0x10)) > 0);
    QCOMPARE(pixelsOf(keyword), 0);
}

namespace {

// A translation of two display names, as a .qm file would give them.
struct FrenchNames : QTranslator {
    QString translate(const char* context, const char* sourceText, const char* = nullptr,
                      int = -1) const override
    {
        if (qstrcmp(context, "orm::ui::DisplayNames") != 0)
            return {};
        if (qstrcmp(sourceText, "user SQL") == 0)
            return QStringLiteral("SQL utilisateur");
        if (qstrcmp(sourceText, "persistent") == 0)
            return QStringLiteral("persistant");
        return {};
    }
    bool isEmpty() const override { return false; }
};

} // namespace

// Origins and object states are shown through orm::ui's display names, in English by default
// and translated by an installed translator: in the log's Origin column, the origin menu and
// the detail pane.
void TestUi::originAndStateNamesAreTranslatable()
{
    using orm::ObjectState;
    using orm::Origin;
    using orm::ui::originDisplayName;
    using orm::ui::stateDisplayName;
    const QList<std::pair<Origin, const char*>> origins = {{Origin::Query, "query"},
                                                           {Origin::Flush, "flush"},
                                                           {Origin::Autoflush, "autoflush"},
                                                           {Origin::LazyLoad, "lazy load"},
                                                           {Origin::EagerLoad, "eager load"},
                                                           {Origin::Ddl, "DDL"},
                                                           {Origin::Transaction, "transaction"},
                                                           {Origin::Reflection, "reflection"},
                                                           {Origin::UserSql, "user SQL"},
                                                           {Origin::Internal, "internal"}};
    for (const auto& [origin, name] : origins)
        QCOMPARE(originDisplayName(origin), QString::fromLatin1(name));
    QCOMPARE(stateDisplayName(ObjectState::Transient), QStringLiteral("transient"));
    QCOMPARE(stateDisplayName(ObjectState::Pending), QStringLiteral("pending"));
    QCOMPARE(stateDisplayName(ObjectState::Persistent), QStringLiteral("persistent"));
    QCOMPARE(stateDisplayName(ObjectState::Deleted), QStringLiteral("deleted"));
    QCOMPARE(stateDisplayName(ObjectState::Detached), QStringLiteral("detached"));

    FrenchNames french;
    QVERIFY(QCoreApplication::installTranslator(&french));
    const auto uninstall = qScopeGuard([&] { QCoreApplication::removeTranslator(&french); });
    QCOMPARE(originDisplayName(Origin::UserSql), QStringLiteral("SQL utilisateur"));
    QCOMPARE(originDisplayName(Origin::Query), QStringLiteral("query")); // not translated
    QCOMPARE(stateDisplayName(ObjectState::Persistent), QStringLiteral("persistant"));

    orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
    orm::Connection conn = engine.connect();
    conn.exec(QStringLiteral("SELECT 1"));
    SqlLogModel model(&engine.log());
    QCOMPARE(cell(model, lastRow(model), SqlLogModel::OriginColumn),
             QStringLiteral("SQL utilisateur"));
    SqlLogView view(&engine.log());
    QStringList menuTexts;
    for (const QMenu* menu : view.findChildren<QMenu*>()) {
        for (const QAction* action : menu->actions())
            menuTexts << action->text();
    }
    QVERIFY2(menuTexts.contains(QStringLiteral("SQL utilisateur")),
             qPrintable(menuTexts.join(u',')));
    QVERIFY2(!menuTexts.contains(QStringLiteral("user SQL")), qPrintable(menuTexts.join(u',')));
    view.tableView()->setCurrentIndex(view.filterModel()->index(lastRow(*view.filterModel()), 0));
    QVERIFY2(view.detailView()->toPlainText().contains(QStringLiteral("SQL utilisateur")),
             qPrintable(view.detailView()->toPlainText()));
}
