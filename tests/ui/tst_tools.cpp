// QtOrm::Ui tools of the browser: CSV export of a filtered, sorted EntityTableModel (every row,
// read in bounded pages, edits and new rows as the view shows them), copying cells as
// spreadsheet text and rows as INSERT statements (exact text per dialect, and the text run on a
// fresh table gives back the same rows), and the query plan of a logged SELECT with its values
// bound again. Every test runs on a SQLite file, SQLite in memory and PostgreSQL.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"
#include "ui/entitytablemodel.h"
#include "ui/explain.h"
#include "ui/tableexport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBuffer>
#include <QItemSelectionModel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace orm;
using orm::ui::EntityTableModel;
using qtorm::test::addBackendRows;
using qtorm::test::dbRows;
using qtorm::test::isPostgres;
using qtorm::test::LogWatch;
using qtorm::test::q;
using qtorm::test::resetSchema;

namespace tools {

// A row with a value of every kind a literal or a CSV field has to get right.
struct Contact {
    qint64 id = 0;
    QString name;
    std::optional<QString> note;
    std::optional<double> score;
    std::optional<bool> active;
    std::optional<QDate> born;
    std::optional<QByteArray> photo;
    std::optional<QDateTime> seen;
};

void mapping(Mapping<Contact>& m)
{
    m.table("contacts");
    m.column(&Contact::id, "id").primaryKey();
    m.column(&Contact::name, "name").type(String(50));
    m.column(&Contact::note, "note");
    m.column(&Contact::score, "score");
    m.column(&Contact::active, "active");
    m.column(&Contact::born, "born");
    m.column(&Contact::photo, "photo");
    m.column(&Contact::seen, "seen");
}

} // namespace tools

using tools::Contact;

namespace {

const QString ContactColumns =
    QStringLiteral("contacts.id, contacts.name, contacts.note, contacts.score, contacts.active, "
                   "contacts.born, contacts.photo, contacts.seen");
const QStringList ColumnNames{QStringLiteral("id"),     QStringLiteral("name"),
                              QStringLiteral("note"),   QStringLiteral("score"),
                              QStringLiteral("active"), QStringLiteral("born"),
                              QStringLiteral("photo"),  QStringLiteral("seen")};

struct Db {
    explicit Db(const QString& url) : engine(url), session(engine) { resetSchema(engine); }
    orm::Engine engine;
    orm::Session session;
};

// Six committed contacts, ids 1 to 6: commas, quotes, line breaks, NULLs, non-ASCII text. The
// names start with distinct lower-case letters: sorted alike by any collation.
void addContacts(orm::Session& session)
{
    const QDateTime seen(QDate(2024, 1, 2), QTime(3, 4, 5));
    session.add(make<Contact>({.name = QStringLiteral("ed, jr."),
                               .note = QStringLiteral("say \"hi\""),
                               .score = 1.5,
                               .active = true,
                               .born = QDate(1990, 5, 17),
                               .photo = QByteArray("\x00\xff", 2),
                               .seen = seen}));
    session.add(make<Contact>({.name = QStringLiteral("zoë 名前"),
                               .note = QStringLiteral("line 1\nline 2"),
                               .active = false}));
    session.add(make<Contact>({.name = QStringLiteral("hidden"), .score = 7}));
    session.add(make<Contact>({.name = QStringLiteral("o'brien"),
                               .note = QStringLiteral("tab\there"),
                               .score = 0.1 + 0.2,
                               .seen = seen.addMSecs(250)}));
    session.add(make<Contact>({.name = QStringLiteral("anne"), .score = -2}));
    session.add(make<Contact>({.name = QStringLiteral("bob")}));
    session.commit();
}

bool waitForCount(EntityTableModel& model)
{
    if (model.isRowCountKnown())
        return true;
    QSignalSpy spy(&model, &EntityTableModel::rowCountKnown);
    return spy.wait(30000);
}

// The SELECT of one page of the model's query.
QString pageSql(const orm::Engine& engine, const QString& where, const QString& order)
{
    return q(engine, QStringLiteral("SELECT %1\nFROM contacts\nWHERE %2\nORDER BY %3\nLIMIT ? "
                                    "OFFSET ?")
                         .arg(ContactColumns, where, order));
}

// The page queries among `entries`: not the row counts, which run on a connection of their own
// at their own time (a count started before the filter changed may log late).
QList<orm::LogEntry> pageEntries(const QList<orm::LogEntry>& entries)
{
    QList<orm::LogEntry> out;
    for (const orm::LogEntry& entry : entries) {
        if (entry.sql.startsWith(QLatin1String("SELECT")) &&
            !entry.sql.startsWith(QLatin1String("SELECT count(*)")))
            out << entry;
    }
    return out;
}

QStringList selects(const QList<orm::LogEntry>& entries)
{
    QStringList out;
    for (const orm::LogEntry& entry : pageEntries(entries))
        out << entry.sql;
    return out;
}

// Every cell of `rows` x `columns` of the model.
QModelIndexList cellsOf(const QAbstractItemModel& model, const QList<int>& rows,
                        const QList<int>& columns)
{
    QModelIndexList cells;
    for (int row : rows) {
        for (int column : columns)
            cells << model.index(row, column);
    }
    return cells;
}

} // namespace

class TestTools : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void exportCsv_data() { addBackendRows(QStringLiteral("tst_tools")); }
    void exportCsv();
    void exportCsvDeviceErrors();
    void cellsAsText_data() { addBackendRows(QStringLiteral("tst_tools")); }
    void cellsAsText();
    void cellsAsTextOfAnyModel();
    void rowsAsSqlInsert_data() { addBackendRows(QStringLiteral("tst_tools")); }
    void rowsAsSqlInsert();
    void literals_data() { addBackendRows(QStringLiteral("tst_tools")); }
    void literals();
    void explainSelect_data() { addBackendRows(QStringLiteral("tst_tools")); }
    void explainSelect();
    void explainRefusals_data() { addBackendRows(QStringLiteral("tst_tools")); }
    void explainRefusals();
};

void TestTools::initTestCase()
{
    orm::mapper<Contact>();
}

// The CSV is the whole filtered, sorted view: every page of the query (read two rows at a time
// here, so three pages), an edit not committed yet, and the new row after the others, without
// writing anything to the database.
void TestTools::exportCsv()
{
    QTORM_FETCH_URL();
    Db db(url);
    addContacts(db.session);
    EntityTableModel model(db.session, orm::mapper<Contact>());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(2);
    QVERIFY(model.setFilter(model.columnOf(QStringLiteral("name")),
                            {EntityTableModel::Filter::NotEquals, QStringLiteral("hidden")}));
    model.sort(model.columnOf(QStringLiteral("name")), Qt::DescendingOrder);
    QVERIFY(waitForCount(model));
    QCOMPARE(model.totalRowCount(), 5);

    // An edit and a new row, not flushed: the view shows them, so does the file.
    const Ptr<Contact> bob =
        db.session.query<Contact>().filterBy(&Contact::name, QStringLiteral("bob")).one();
    db.session.setValue(bob, QStringLiteral("note"), QStringLiteral("edited, not saved"));
    QVERIFY(model.insertRows(model.rowCount(), 1));
    const Object added = model.objectAt(model.rowCount() - 1);
    db.session.setValue(added, QStringLiteral("name"), QStringLiteral("new one"));

    QVERIFY(model.index(0, 0).data().isValid()); // the view has the first page
    const int cachedPages = model.cachedPageCount();
    LogWatch log(db.engine);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY2(orm::ui::exportCsv(model, buffer, &error), qPrintable(error));
    QVERIFY(error.isEmpty());

    const QString expected = QStringLiteral(
        "id,name,note,score,active,born,photo,seen\r\n"
        "2,zoë 名前,\"line 1\nline 2\",,false,,,\r\n"
        "4,o'brien,tab\there,0.30000000000000004,,,,2024-01-02 03:04:05.250\r\n"
        "1,\"ed, jr.\",\"say \"\"hi\"\"\",1.5,true,1990-05-17,00ff,2024-01-02 03:04:05\r\n"
        "6,bob,\"edited, not saved\",,,,,\r\n"
        "5,anne,,-2,,,,\r\n"
        ",new one,,,,,,\r\n");
    QCOMPARE(QString::fromUtf8(buffer.data()), expected);
    QCOMPARE(buffer.data(), expected.toUtf8());

    // Three pages of at most two rows, and nothing written: the edit and the new row are still
    // pending.
    const QString page = pageSql(db.engine, QStringLiteral("contacts.name != ?"),
                                 QStringLiteral("contacts.name DESC, contacts.id"));
    QCOMPARE_SQL(selects(log.entries()), (QStringList{page, page, page}));
    QList<QVariantList> params;
    for (const orm::LogEntry& entry : pageEntries(log.entries()))
        params << entry.params;
    const QString hidden = QStringLiteral("hidden");
    QCOMPARE(params, (QList<QVariantList>{{hidden, 2, 0}, {hidden, 2, 2}, {hidden, 2, 4}}));
    for (const QString& sql : log.sql())
        QVERIFY2(!sql.startsWith(QLatin1String("INSERT")) &&
                     !sql.startsWith(QLatin1String("UPDATE")),
                 qPrintable(sql));
    QCOMPARE(model.cachedPageCount(), cachedPages); // the model's own pages were not touched
    QCOMPARE(added.status(), ObjectState::Pending);
    QVERIFY(db.session.isModified(bob));
}

// A device that cannot be written gives false and a message.
void TestTools::exportCsvDeviceErrors()
{
    Db db(QStringLiteral("sqlite:///:memory:"));
    addContacts(db.session);
    EntityTableModel model(db.session, orm::mapper<Contact>());
    QBuffer closed;
    QString error;
    QVERIFY(!orm::ui::exportCsv(model, closed, &error));
    QVERIFY(!error.isEmpty());

    QByteArray bytes;
    QBuffer readOnly(&bytes);
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    error.clear();
    QVERIFY(!orm::ui::exportCsv(model, readOnly, &error));
    QVERIFY(!error.isEmpty());
}

// Selected cells of a table view become tab-separated lines in row and column order; a field
// with a line break, a tab or a quote is quoted; a cell not selected in the block is empty.
void TestTools::cellsAsText()
{
    QTORM_FETCH_URL();
    Db db(url);
    addContacts(db.session);
    EntityTableModel model(db.session, orm::mapper<Contact>());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(waitForCount(model));
    QTableView view;
    view.setModel(&model);
    const int name = model.columnOf(QStringLiteral("name"));
    const int note = model.columnOf(QStringLiteral("note"));
    const int score = model.columnOf(QStringLiteral("score"));
    QItemSelectionModel* selection = view.selectionModel();
    // Rows 4, 2 and 1 (0-based: 3, 1, 0) by name and note, selected out of order, and the score
    // of the last row alone, which is NULL: an empty field, like a cell not selected.
    selection->select(QItemSelection(model.index(3, name), model.index(3, note)),
                      QItemSelectionModel::Select);
    selection->select(QItemSelection(model.index(0, name), model.index(1, note)),
                      QItemSelectionModel::Select);
    selection->select(model.index(5, score), QItemSelectionModel::Select);

    QCOMPARE(orm::ui::cellsAsText(selection->selectedIndexes()),
             QStringLiteral("ed, jr.\t\"say \"\"hi\"\"\"\t\n"
                            "zoë 名前\t\"line 1\nline 2\"\t\n"
                            "o'brien\t\"tab\there\"\t\n"
                            "\t\t"));
    // Cells given in any order come out in row and column order.
    QCOMPARE(orm::ui::cellsAsText(cellsOf(model, {4, 3}, {score, name})),
             QStringLiteral("o'brien\t0.30000000000000004\nanne\t-2"));
    QCOMPARE(orm::ui::cellsAsText({}), QString());
}

void TestTools::cellsAsTextOfAnyModel()
{
    QStandardItemModel model(3, 3);
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column)
            model.setItem(row, column,
                          new QStandardItem(QStringLiteral("r%1c%2").arg(row).arg(column)));
    }
    model.item(2, 2)->setData(QDate(2024, 2, 29), Qt::DisplayRole);
    model.item(2, 1)->setData(2.5, Qt::DisplayRole);
    QCOMPARE(orm::ui::cellsAsText({model.index(2, 2), model.index(0, 1), model.index(2, 1)}),
             QStringLiteral("r0c1\t\n2.5\t2024-02-29"));
}

// Selected rows become INSERT statements in the dialect's spelling, a new row without its
// generated key; the text run on a fresh table gives back exactly the same rows.
void TestTools::rowsAsSqlInsert()
{
    QTORM_FETCH_URL();
    Db db(url);
    addContacts(db.session);
    const bool pg = isPostgres(db.engine);
    const orm::Table& table = orm::mapper<Contact>().table();
    const QList<QVariantList> before = dbRows(db.engine, table, ColumnNames);
    QCOMPARE(before.size(), 6);

    QString text;
    {
        EntityTableModel model(db.session, orm::mapper<Contact>());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitForCount(model));
        const int name = model.columnOf(QStringLiteral("name"));
        const int note = model.columnOf(QStringLiteral("note"));

        // Rows 1 and 4 (ids 1 and 4), from cells given out of order and twice for a row.
        const QString one = orm::ui::rowsAsSqlInsert(
            model, {model.index(3, note), model.index(0, name), model.index(3, name)});
        const QString expected =
            pg ? QStringLiteral(
                     "INSERT INTO contacts (id, name, note, score, active, born, photo, "
                     "seen) VALUES (1, 'ed, jr.', 'say \"hi\"', 1.5, true, '1990-05-17', "
                     "'\\x00ff'::bytea, '2024-01-02 03:04:05.000');\n"
                     "INSERT INTO contacts (id, name, note, score, active, born, photo, "
                     "seen) VALUES (4, 'o''brien', 'tab\there', 0.30000000000000004, "
                     "NULL, NULL, NULL, '2024-01-02 03:04:05.250');\n")
               : QStringLiteral("INSERT INTO contacts (id, name, note, score, active, born, photo, "
                                "seen) VALUES (1, 'ed, jr.', 'say \"hi\"', 1.5, 1, '1990-05-17', "
                                "X'00ff', '2024-01-02 03:04:05.000');\n"
                                "INSERT INTO contacts (id, name, note, score, active, born, photo, "
                                "seen) VALUES (4, 'o''brien', 'tab\there', 0.30000000000000004, "
                                "NULL, NULL, NULL, '2024-01-02 03:04:05.250');\n");
        QCOMPARE(one, expected);

        // A new row: the database generates its key.
        QVERIFY(model.insertRows(model.rowCount(), 1));
        const int last = model.rowCount() - 1;
        QVERIFY(model.setData(model.index(last, name), QStringLiteral("new")));
        QCOMPARE(orm::ui::rowsAsSqlInsert(model, {model.index(last, note)}),
                 QStringLiteral("INSERT INTO contacts (name, note, score, active, born, photo, "
                                "seen) VALUES ('new', NULL, NULL, NULL, NULL, NULL, NULL);\n"));
        QCOMPARE(orm::ui::rowsAsSqlInsert(model, {}), QString());

        // Every committed row.
        QList<int> rows;
        for (int row = 0; row < last; ++row)
            rows << row;
        text = orm::ui::rowsAsSqlInsert(model, cellsOf(model, rows, {name}));
        QCOMPARE(text.count(QStringLiteral("INSERT INTO")), 6);
    }
    db.session.rollback();
    db.session.close();

    // The statements run (here only, as text, as a person would) on a fresh table.
    resetSchema(db.engine);
    QVERIFY(dbRows(db.engine, table, ColumnNames).isEmpty());
    {
        orm::Connection conn = db.engine.connect();
        // One statement per line, but a value with a line break spans lines.
        static const QRegularExpression end(QStringLiteral(";\n(?=INSERT INTO |$)"));
        for (const QString& statement : text.split(end, Qt::SkipEmptyParts))
            conn.exec(statement);
    }
    QCOMPARE(dbRows(db.engine, table, ColumnNames), before);
}

// Dialect::literal() on its own: every kind of value, in each dialect's spelling, read back by
// the database as the same value.
void TestTools::literals()
{
    QTORM_FETCH_URL();
    orm::Engine engine(url);
    const bool pg = isPostgres(engine);
    const Dialect& d = engine.dialect();
    QCOMPARE(d.literal(QVariant()), QStringLiteral("NULL"));
    QCOMPARE(d.literal(QVariant(), Integer()), QStringLiteral("NULL"));
    QCOMPARE(d.literal(42), QStringLiteral("42"));
    QCOMPARE(d.literal(QStringLiteral("12.50"), Numeric(10, 2)), QStringLiteral("12.50"));
    QCOMPARE(d.literal(QStringLiteral("12; DROP TABLE x"), Integer()),
             QStringLiteral("'12; DROP TABLE x'"));
    QCOMPARE(d.literal(QStringLiteral("it's")), QStringLiteral("'it''s'"));
    QCOMPARE(d.literal(QStringLiteral("back\\slash")), QStringLiteral("'back\\slash'"));
    QCOMPARE(d.literal(true), pg ? QStringLiteral("true") : QStringLiteral("1"));
    QCOMPARE(d.literal(0.1), QStringLiteral("0.1"));
    QCOMPARE(d.literal(1e300), QStringLiteral("1e+300"));
    QCOMPARE(d.literal(QByteArray("\x01'", 2)),
             pg ? QStringLiteral("'\\x0127'::bytea") : QStringLiteral("X'0127'"));
    QCOMPARE(d.literal(QDate(2024, 2, 29)), QStringLiteral("'2024-02-29'"));
    QCOMPARE(d.literal(QTime(13, 5, 7)), QStringLiteral("'13:05:07.000'"));
    QCOMPARE(d.literal(QUuid(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}")), Uuid()),
             QStringLiteral("'67c8770b-44f1-410a-ab9a-f9b5446f13ee'"));
    QCOMPARE(
        d.literal(QVariant::fromValue(QJsonValue(QJsonObject{{QStringLiteral("a"), 1}})), Json()),
        QStringLiteral("'{\"a\":1}'"));
    QCOMPARE(d.literal(std::numeric_limits<double>::infinity()),
             pg ? QStringLiteral("'Infinity'::float8") : QStringLiteral("9e999"));

    // What the database makes of them: the same values.
    orm::Connection conn = engine.connect();
    const QVariantList values{QStringLiteral("it's \"quoted\"\nback\\slash ünï"), 0.1 + 0.2, -7,
                              QByteArray("\x00\x01'\xff", 4),
                              std::numeric_limits<double>::infinity()};
    for (const QVariant& value : values) {
        const QString sql = QStringLiteral("SELECT ") + d.literal(value);
        QVariant back = conn.exec(sql).scalar();
        if (value.typeId() == QMetaType::QByteArray)
            QCOMPARE(back.toByteArray(), value.toByteArray());
        else if (value.typeId() == QMetaType::Double)
            QCOMPARE(back.toDouble(), value.toDouble());
        else
            QCOMPARE(back.toString(), value.toString());
    }
}

// The plan of a logged SELECT with values: they are bound again (PostgreSQL's plan shows
// them), never written into the SQL, and the EXPLAIN goes to the log as user SQL.
void TestTools::explainSelect()
{
    QTORM_FETCH_URL();
    Db db(url);
    addContacts(db.session);
    const bool pg = isPostgres(db.engine);
    LogWatch log(db.engine);
    const QString name = QStringLiteral("ed, jr.");
    const auto found =
        db.session.query<Contact>()
            .filter(col(&Contact::name) == name && col(&Contact::born) > QDate(1980, 1, 1))
            .all();
    QCOMPARE(found.size(), 1);
    orm::LogEntry select;
    for (const orm::LogEntry& entry : log.entries()) {
        if (entry.sql.startsWith(QLatin1String("SELECT")))
            select = entry;
    }
    QCOMPARE(select.params.size(), 2);

    log.reset();
    const QString plan = orm::ui::explainQueryPlan(db.engine, select);
    QVERIFY2(plan.contains(QLatin1String("contacts")), qPrintable(plan));
    if (pg) {
        // A custom plan for these values: the filter shows them, typed.
        QVERIFY2(plan.contains(QLatin1String("'ed, jr.'::text")), qPrintable(plan));
        QVERIFY2(plan.contains(QLatin1String("'1980-01-01'::date")), qPrintable(plan));
    } else {
        QVERIFY2(plan.startsWith(QLatin1String("QUERY PLAN\n`--")), qPrintable(plan));
    }
    bool explained = false;
    for (const orm::LogEntry& entry : log.entries()) {
        QVERIFY2(!entry.sql.contains(name), qPrintable(entry.sql));
        QVERIFY(entry.error.isEmpty());
        if (entry.sql.startsWith(QLatin1String("EXPLAIN"))) {
            explained = true;
            QCOMPARE(entry.origin, Origin::UserSql);
            if (!pg) {
                QCOMPARE(entry.sql, QStringLiteral("EXPLAIN QUERY PLAN ") + select.sql);
                QCOMPARE(entry.params, (QVariantList{name, QStringLiteral("1980-01-01")}));
            }
        }
        if (pg && entry.sql.startsWith(QLatin1String("SELECT set_config")))
            QCOMPARE(entry.params, (QVariantList{name, QStringLiteral("1980-01-01")}));
    }
    QVERIFY(explained);

    // Again on the same connections: nothing was left behind (PostgreSQL: the prepared statement).
    QCOMPARE(orm::ui::explainQueryPlan(db.engine, select), plan);
    if (pg) {
        orm::Connection conn = db.engine.connect();
        QCOMPARE(conn.exec(QStringLiteral("SELECT count(*) FROM pg_prepared_statements WHERE name "
                                          "LIKE 'qtorm_explain%'"))
                     .scalar()
                     .toInt(),
                 0);
    }

    // A SELECT without values, whose plan has steps within steps: SQLite's are drawn as a tree.
    orm::LogEntry nested;
    nested.sql = QStringLiteral("SELECT name FROM contacts WHERE score > (SELECT avg(score) FROM "
                                "contacts) ORDER BY note");
    const QString tree = orm::ui::explainQueryPlan(db.engine, nested);
    if (pg) {
        QVERIFY2(tree.contains(QLatin1String("InitPlan")), qPrintable(tree));
    } else {
        // QUERY PLAN
        // |--SCAN contacts
        // |--SCALAR SUBQUERY 1
        // |  `--SCAN contacts
        // `--USE TEMP B-TREE FOR ORDER BY
        const QStringList lines = tree.split(u'\n');
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0], QStringLiteral("QUERY PLAN"));
        QVERIFY2(lines[1].startsWith(QLatin1String("|--SCAN contacts")), qPrintable(tree));
        QVERIFY2(lines[2].startsWith(QLatin1String("|--SCALAR SUBQUERY")), qPrintable(tree));
        QVERIFY2(lines[3].startsWith(QLatin1String("|  `--SCAN contacts")), qPrintable(tree));
        QVERIFY2(lines[4].startsWith(QLatin1String("`--USE TEMP B-TREE")), qPrintable(tree));
    }
}

// Only one SELECT is explained; the database's own error comes through, and the connection
// stays usable.
void TestTools::explainRefusals()
{
    QTORM_FETCH_URL();
    Db db(url);
    addContacts(db.session);
    LogWatch log(db.engine);
    const Ptr<Contact> anne =
        db.session.query<Contact>().filterBy(&Contact::name, QStringLiteral("anne")).one();
    anne->score = 3;
    db.session.commit();
    orm::LogEntry update;
    for (const orm::LogEntry& entry : log.entries()) {
        if (entry.sql.startsWith(QLatin1String("UPDATE")))
            update = entry;
    }
    QVERIFY(!update.sql.isEmpty());

    log.reset();
    try {
        orm::ui::explainQueryPlan(db.engine, update);
        QFAIL("an UPDATE was explained");
    } catch (const InvalidRequestError& e) {
        QCOMPARE(e.message(), QStringLiteral("Only SELECT statements can be explained"));
    }
    orm::LogEntry twoStatements;
    twoStatements.sql = QStringLiteral("SELECT 1; DELETE FROM contacts");
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError,
                             orm::ui::explainQueryPlan(db.engine, twoStatements));
    orm::LogEntry commentedDelete;
    commentedDelete.sql = QStringLiteral("/* SELECT */ -- SELECT\n DELETE FROM contacts");
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError,
                             orm::ui::explainQueryPlan(db.engine, commentedDelete));
    QVERIFY(log.entries().isEmpty()); // refused before anything was sent

    // A semicolon in a string is not a second statement, nor is a final one.
    orm::LogEntry quoted;
    quoted.sql = QStringLiteral("SELECT name FROM contacts WHERE note = 'a; b';");
    QVERIFY(orm::ui::explainQueryPlan(db.engine, quoted).contains(QLatin1String("contacts")));

    orm::LogEntry missing;
    missing.sql = QStringLiteral("SELECT * FROM no_such_table WHERE id = ?");
    missing.sql = q(db.engine, missing.sql);
    missing.params = {1};
    try {
        orm::ui::explainQueryPlan(db.engine, missing);
        QFAIL("a missing table was explained");
    } catch (const DatabaseError& e) {
        QVERIFY2(e.message().contains(QLatin1String("no_such_table")), qPrintable(e.message()));
    }
    // The connection is fine afterwards.
    orm::LogEntry plain;
    plain.sql = QStringLiteral("SELECT name FROM contacts");
    QVERIFY(orm::ui::explainQueryPlan(db.engine, plain).contains(QLatin1String("contacts")));
    QCOMPARE(db.session.query<Contact>().count(), 6);
}

QTEST_MAIN(TestTools)
#include "tst_tools.moc"
