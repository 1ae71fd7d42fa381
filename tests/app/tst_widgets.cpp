// The browser's widgets one by one, on a copy of the sample database automapped from a SQLite
// file: the schema tree, the filter row of the table header, the detail pane of a row and the
// back/forward history. Each test asserts the SQL the widget caused (or that it caused none).

#include "tst_widgets.h"

#include "app/databaseurl.h"
#include "app/detailpane.h"
#include "app/filterheader.h"
#include "app/navigationhistory.h"
#include "app/sampledatabase.h"
#include "app/schematree.h"
#include "common/sqlassert.h"
#include "common/testdatabases.h"
#include "orm/orm.h"
#include "ui/entitytablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using browser::DetailPane;
using browser::FilterHeader;
using browser::Location;
using browser::NavigationHistory;
using browser::SchemaTree;
using Filter = orm::ui::EntityTableModel::Filter;
using qtorm::test::isPostgres;
using qtorm::test::LogWatch;
using qtorm::test::q;

namespace {

// The sample database automapped: Records for every table, relationships from the foreign
// keys, post_keywords as the many-to-many between posts and keywords.
struct Sample {
    explicit Sample(const QString& url)
        : engine(url), map(orm::automap(engine, registry)), session(engine)
    {}
    QList<const orm::Mapper*> mappers() const { return {map.mappers.begin(), map.mappers.end()}; }
    const orm::Mapper& mapper(const QString& name) const { return map.mapper(name); }
    orm::Object get(const QString& table, qint64 id) { return session.get(mapper(table), {id}); }

    orm::Engine engine;
    orm::Registry registry;
    orm::AutomapResult map;
    orm::Session session;
};

const QString UsersColumns =
    QStringLiteral("SELECT users.id, users.name, users.fullname, users.nickname\nFROM users");

const QString CreateView =
    QStringLiteral("CREATE VIEW user_emails AS SELECT u.name, a.email_address "
                   "FROM users u JOIN addresses a ON a.user_id = u.id");

// The page query of an EntityTableModel over users with this WHERE clause.
QString usersPage(const orm::Engine& engine, const QString& where)
{
    return q(engine, UsersColumns + QStringLiteral("\nWHERE ") + where +
                         QStringLiteral("\nORDER BY users.id\nLIMIT ? OFFSET ?"));
}

// A text column contains a value, case-insensitively.
QString contains(const orm::Engine& engine, const QString& column)
{
    return isPostgres(engine) ? column + QStringLiteral(" ILIKE ? ESCAPE '/'")
                              : QStringLiteral("lower(%1) LIKE lower(?) ESCAPE '/'").arg(column);
}

// The statements that loaded rows of `table` (not the count, not the rows of a many-to-one
// column, not BEGIN).
QList<orm::LogEntry> pageQueries(const LogWatch& log,
                                 const QString& table = QStringLiteral("users"))
{
    QList<orm::LogEntry> out;
    for (const orm::LogEntry& entry : log.entries()) {
        if (entry.sql.startsWith(QStringLiteral("SELECT %1.").arg(table)))
            out << entry;
    }
    return out;
}

// The child of `parent` whose first column reads `text`, or nullptr.
QStandardItem* child(const QStandardItem* parent, const QString& text)
{
    for (int row = 0; row < parent->rowCount(); ++row) {
        if (parent->child(row)->text() == text)
            return parent->child(row);
    }
    return nullptr;
}

QString details(const QStandardItem* item)
{
    const QStandardItem* parent = item->parent();
    return parent ? parent->child(item->row(), 1)->text() : QString();
}

QStringList childTexts(const QStandardItem* parent, int column = 0)
{
    QStringList out;
    for (int row = 0; row < parent->rowCount(); ++row)
        out << parent->child(row, column)->text();
    return out;
}

// Replaces what the line holds by typing, then presses Return.
void typeFilter(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

QStringList columnTexts(const QAbstractItemModel& model, int column)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, column).data().toString();
    return out;
}

// The row of the list whose first column reads `text`, or -1.
int rowOf(const QAbstractItemModel& model, const QString& text)
{
    return int(columnTexts(model, 0).indexOf(text));
}

} // namespace

QString TestWidgets::widgetSamplePath()
{
    if (m_widgetSample.isEmpty()) {
        const QString path = m_widgetDir.filePath(QStringLiteral("widgets-template.db"));
        browser::SampleDatabase::create(path);
        orm::Engine engine(browser::sqliteUrl(path));
        engine.connect().exec(CreateView);
        m_widgetSample = path;
    }
    // Each test gets its own copy, so that what one commits does not change the next.
    static int copies = 0;
    const QString copy =
        m_widgetDir.filePath(QStringLiteral("widgets-%1.db").arg(QString::number(++copies)));
    if (!QFile::copy(m_widgetSample, copy))
        qFatal("cannot copy the sample database");
    return browser::sqliteUrl(copy);
}

void TestWidgets::sampleBackendRows()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("sqlite-file") << widgetSamplePath();
    // The sample script is plain SQL PostgreSQL runs too; loaded once per run.
    static const QString postgres = [] {
        const QString url = qtorm::test::postgresUrl(QStringLiteral("app_widgets"));
        if (!url.isEmpty()) {
            orm::Engine engine(url);
            orm::Connection connection = engine.connect();
            connection.exec(QStringLiteral("DROP VIEW IF EXISTS user_emails"));
            connection.exec(QStringLiteral(
                "DROP TABLE IF EXISTS post_keywords, keywords, posts, addresses, users"));
            browser::SampleDatabase::populate(connection);
            connection.exec(CreateView);
        }
        return url;
    }();
    QTest::newRow("postgresql") << postgres;
}

void TestWidgets::schemaTreeListsTheSchema_data()
{
    sampleBackendRows();
}

void TestWidgets::filterHeaderFiltersTheRows_data()
{
    sampleBackendRows();
}

void TestWidgets::filterHeaderShowsNonsenseAsError_data()
{
    sampleBackendRows();
}

// ---- SchemaTree ---------------------------------------------------------------------------

void TestWidgets::schemaTreeListsTheSchema()
{
    QTORM_FETCH_URL();
    Sample db(url);
    SchemaTree tree;
    QAbstractItemModelTester tester(tree.schemaModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogWatch log(db.engine);
    tree.setSchema(db.registry.metadata(), db.mappers());
    QVERIFY(log.sql().isEmpty()); // all of it from the MetaData and the mappers

    const QStandardItemModel* model = tree.schemaModel();
    QCOMPARE(model->rowCount(), 2);
    const QStandardItem* tables = model->item(0);
    const QStandardItem* views = model->item(1);
    QCOMPARE(tables->text(), QStringLiteral("Tables"));
    QCOMPARE(views->text(), QStringLiteral("Views"));
    // The link table is a table too, though automap maps it as a many-to-many.
    QCOMPARE(childTexts(tables),
             (QStringList{QStringLiteral("addresses"), QStringLiteral("keywords"),
                          QStringLiteral("post_keywords"), QStringLiteral("posts"),
                          QStringLiteral("users")}));
    QCOMPARE(childTexts(views), QStringList{QStringLiteral("user_emails")});
    QCOMPARE(model->item(0, 1)->text(), QStringLiteral("5"));
    QCOMPARE(tree.tableItem(QStringLiteral("users"))->data(SchemaTree::KindRole).toInt(),
             int(SchemaTree::Kind::Table));
    QCOMPARE(tree.tableItem(QStringLiteral("user_emails"))->data(SchemaTree::KindRole).toInt(),
             int(SchemaTree::Kind::View));
    QCOMPARE(tree.tableItem(QStringLiteral("nothing")), nullptr);

    // Columns with their type and markers, then the keys, then the relationships.
    const QStandardItem* addresses = tree.tableItem(QStringLiteral("addresses"));
    QCOMPARE(childTexts(addresses),
             (QStringList{QStringLiteral("id"), QStringLiteral("email_address"),
                          QStringLiteral("user_id"), QStringLiteral("Keys"),
                          QStringLiteral("Relationships")}));
    QCOMPARE(childTexts(addresses, 1),
             (QStringList{QStringLiteral("Integer · PK"), QStringLiteral("String(100) · NOT NULL"),
                          QStringLiteral("Integer · FK → users.id"), QStringLiteral("3"),
                          QStringLiteral("1")}));
    const QStandardItem* keys = child(addresses, QStringLiteral("Keys"));
    QCOMPARE(childTexts(keys, 1),
             (QStringList{QStringLiteral("(id)"), QStringLiteral("(user_id) → users (id)"),
                          QStringLiteral("index (user_id)")}));
    QCOMPARE(keys->child(2)->text(), QStringLiteral("ix_addresses_user_id"));
    QCOMPARE(keys->child(1)->data(SchemaTree::TargetRole).toString(), QStringLiteral("users"));
    const QStandardItem* user =
        child(child(addresses, QStringLiteral("Relationships")), QStringLiteral("user"));
    QVERIFY(user);
    QCOMPARE(details(user), QStringLiteral("many-to-one → users"));
    QCOMPARE(user->data(SchemaTree::TargetRole).toString(), QStringLiteral("users"));
    QCOMPARE(user->data(SchemaTree::TableRole).toString(), QStringLiteral("addresses"));

    const QStandardItem* users = tree.tableItem(QStringLiteral("users"));
    const QStandardItem* userRelationships = child(users, QStringLiteral("Relationships"));
    QCOMPARE(childTexts(userRelationships),
             (QStringList{QStringLiteral("addresses"), QStringLiteral("posts")}));
    QCOMPARE(childTexts(userRelationships, 1),
             (QStringList{QStringLiteral("one-to-many → addresses"),
                          QStringLiteral("one-to-many → posts")}));
    const QStandardItem* keywords =
        child(child(tree.tableItem(QStringLiteral("posts")), QStringLiteral("Relationships")),
              QStringLiteral("keywords"));
    QCOMPARE(details(keywords), QStringLiteral("many-to-many → keywords via post_keywords"));

    // A composite primary key and two foreign keys; no class, so no relationships.
    const QStandardItem* link = tree.tableItem(QStringLiteral("post_keywords"));
    QCOMPARE(childTexts(child(link, QStringLiteral("Keys")), 1),
             (QStringList{QStringLiteral("(post_id, keyword_id)"),
                          QStringLiteral("(keyword_id) → keywords (id)"),
                          QStringLiteral("(post_id) → posts (id)")}));
    QVERIFY(!child(link, QStringLiteral("Relationships")));
    // keywords.keyword is UNIQUE (SQLite reports it as a unique constraint of its own naming).
    const QStandardItem* keywordTable = tree.tableItem(QStringLiteral("keywords"));
    QCOMPARE(details(child(keywordTable, QStringLiteral("keyword"))),
             QStringLiteral("String(50) · NOT NULL · UNIQUE"));
    QVERIFY(childTexts(child(keywordTable, QStringLiteral("Keys")), 1)
                .contains(QStringLiteral("(keyword)")));

    // A view: columns only (no keys), read-only class without relationships.
    const QStandardItem* view = tree.tableItem(QStringLiteral("user_emails"));
    QCOMPARE(childTexts(view),
             (QStringList{QStringLiteral("name"), QStringLiteral("email_address")}));

    QVERIFY(!tree.accessibleName().isEmpty());
    QVERIFY(!users->accessibleText().isEmpty());
    tree.clear();
    QCOMPARE(tree.schemaModel()->rowCount(), 0);
    QVERIFY(tree.currentTable().isEmpty());
}

void TestWidgets::schemaTreeIsKeyboardDriven()
{
    Sample db(widgetSamplePath());
    SchemaTree tree;
    QAbstractItemModelTester tester(tree.schemaModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    tree.setSchema(db.registry.metadata(), db.mappers());
    tree.resize(400, 600);
    tree.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tree));
    tree.setFocus();
    QSignalSpy activated(&tree, &SchemaTree::tableActivated);

    // Selecting from code does not signal.
    QVERIFY(tree.selectTable(QStringLiteral("addresses")));
    QVERIFY(!tree.selectTable(QStringLiteral("nothing")));
    QCOMPARE(tree.currentTable(), QStringLiteral("addresses"));
    QCOMPARE(activated.count(), 0);

    // Moving onto a table selects it.
    QTest::keyClick(&tree, Qt::Key_Down);
    QCOMPARE(tree.currentTable(), QStringLiteral("keywords"));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.takeFirst().first().toString(), QStringLiteral("keywords"));
    // Return activates it.
    QTest::keyClick(&tree, Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.takeFirst().first().toString(), QStringLiteral("keywords"));
    // Into its columns: no signal for moving onto a column, Return opens the column's table.
    QTest::keyClick(&tree, Qt::Key_Right);
    QVERIFY(tree.isExpanded(tree.currentIndex()));
    QTest::keyClick(&tree, Qt::Key_Down);
    QCOMPARE(tree.currentIndex().data().toString(), QStringLiteral("id"));
    QCOMPARE(tree.currentTable(), QStringLiteral("keywords"));
    QCOMPARE(activated.count(), 0);
    QTest::keyClick(&tree, Qt::Key_Enter);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.takeFirst().first().toString(), QStringLiteral("keywords"));

    // Double-click on a view.
    const QModelIndex view = tree.tableItem(QStringLiteral("user_emails"))->index();
    tree.scrollTo(view);
    const QPoint centre = tree.visualRect(view).center();
    QTest::mouseClick(tree.viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(tree.viewport(), Qt::LeftButton, {}, centre);
    QVERIFY(activated.count() >= 2); // selected, then activated
    QCOMPARE(activated.constLast().first().toString(), QStringLiteral("user_emails"));
    QCOMPARE(tree.currentTable(), QStringLiteral("user_emails"));

    // Groups open nothing.
    activated.clear();
    tree.setCurrentIndex(tree.schemaModel()->index(0, 0));
    QTest::keyClick(&tree, Qt::Key_Return);
    QCOMPARE(activated.count(), 0);
    QVERIFY(tree.currentTable().isEmpty());
}

// ---- FilterHeader -------------------------------------------------------------------------

void TestWidgets::filterHeaderParsesEveryForm()
{
    const auto parse = [](const QString& text) {
        QString error = QStringLiteral("stale");
        const std::optional<Filter> filter = FilterHeader::parseFilter(text, &error);
        if (filter)
            [&] { QVERIFY2(error.isEmpty(), qPrintable(error)); }();
        return filter;
    };
    const auto is = [&](const QString& text, Filter::Op op, const QVariant& value = {},
                        const QVariant& upper = {}) {
        const std::optional<Filter> filter = parse(text);
        return filter && filter->op == op && filter->value == value && filter->upperValue == upper;
    };
    QVERIFY(is(QStringLiteral("ed"), Filter::Contains, QStringLiteral("ed")));
    QVERIFY(is(QStringLiteral("  Ed Jones "), Filter::Contains, QStringLiteral("Ed Jones")));
    QVERIFY(is(QStringLiteral("=ed"), Filter::Equals, QStringLiteral("ed")));
    QVERIFY(is(QStringLiteral("= ed"), Filter::Equals, QStringLiteral("ed")));
    QVERIFY(is(QStringLiteral("<>ed"), Filter::NotEquals, QStringLiteral("ed")));
    QVERIFY(is(QStringLiteral("!=ed"), Filter::NotEquals, QStringLiteral("ed")));
    QVERIFY(is(QStringLiteral(">5"), Filter::Greater, QStringLiteral("5")));
    QVERIFY(is(QStringLiteral(">=5"), Filter::GreaterOrEqual, QStringLiteral("5")));
    QVERIFY(is(QStringLiteral("<5"), Filter::Less, QStringLiteral("5")));
    QVERIFY(is(QStringLiteral("<=5"), Filter::LessOrEqual, QStringLiteral("5")));
    QVERIFY(
        is(QStringLiteral("10..20"), Filter::Between, QStringLiteral("10"), QStringLiteral("20")));
    QVERIFY(is(QStringLiteral("1.5 .. 2.5"), Filter::Between, QStringLiteral("1.5"),
               QStringLiteral("2.5")));
    QVERIFY(is(QStringLiteral("NULL"), Filter::IsNull));
    QVERIFY(is(QStringLiteral("null"), Filter::IsNull));
    QVERIFY(is(QStringLiteral("NOT NULL"), Filter::IsNotNull));
    QVERIFY(is(QStringLiteral("not  null"), Filter::IsNotNull));
    QVERIFY(is(QStringLiteral("!NULL"), Filter::IsNotNull));
    QVERIFY(is(QStringLiteral("=NULL"), Filter::Equals, QStringLiteral("NULL")));
    QVERIFY(is(QStringLiteral("nullable"), Filter::Contains, QStringLiteral("nullable")));

    // Nothing: no filter, no error.
    QString error = QStringLiteral("stale");
    QVERIFY(!FilterHeader::parseFilter(QString(), &error));
    QVERIFY(error.isEmpty());
    QVERIFY(!FilterHeader::parseFilter(QStringLiteral("   "), &error));
    QVERIFY(error.isEmpty());
    QVERIFY(!FilterHeader::parseFilter(QStringLiteral("   "), nullptr));
    // An operator without a value, a range without an end: an error saying so.
    for (const QString& bad : {QStringLiteral(">"), QStringLiteral(">= "), QStringLiteral("<>"),
                               QStringLiteral("="), QStringLiteral("..5"), QStringLiteral("5..")}) {
        QVERIFY2(!FilterHeader::parseFilter(bad, &error), qPrintable(bad));
        QVERIFY2(!error.isEmpty(), qPrintable(bad));
    }
    QVERIFY(!FilterHeader::parseFilter(QStringLiteral(">"), nullptr));

    // filterText() writes what parseFilter() reads.
    for (const QString& text :
         {QStringLiteral("ed"), QStringLiteral("=ed"), QStringLiteral("<>ed"), QStringLiteral(">5"),
          QStringLiteral(">=5"), QStringLiteral("<5"), QStringLiteral("<=5"),
          QStringLiteral("10..20"), QStringLiteral("NULL"), QStringLiteral("NOT NULL")}) {
        QCOMPARE(FilterHeader::filterText(*FilterHeader::parseFilter(text, nullptr)), text);
    }
}

void TestWidgets::filterHeaderFiltersTheRows()
{
    QTORM_FETCH_URL();
    Sample db(url);
    orm::ui::EntityTableModel model(db.session, db.mapper(QStringLiteral("users")));
    model.setCountInBackground(false);
    model.select();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTableView view;
    auto* header = new FilterHeader(&view);
    QCOMPARE(view.horizontalHeader(), header);
    view.setModel(&model);
    view.resize(700, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int id = model.columnOf(QStringLiteral("id"));
    const int name = model.columnOf(QStringLiteral("name"));
    const int fullname = model.columnOf(QStringLiteral("fullname"));
    const int nickname = model.columnOf(QStringLiteral("nickname"));
    QCOMPARE(model.columnCount(), 4); // users has collections only: no relationship columns
    for (int column = 0; column < 4; ++column) {
        QVERIFY(header->editor(column));
        QVERIFY(header->editor(column)->isEnabled());
        QVERIFY(header->editor(column)->isVisible());
        QVERIFY(!header->editor(column)->accessibleName().isEmpty());
    }
    QVERIFY(!header->editor(4));
    QVERIFY(!header->editor(-1));
    QSignalSpy errors(header, &FilterHeader::filterError);
    LogWatch log(db.engine);
    const auto rows = [&](int column) { return columnTexts(model, column); };

    // Text: contains, case-insensitive, the value bound with its wildcards.
    typeFilter(header->editor(name), QStringLiteral("ED"));
    QCOMPARE(rows(name), (QStringList{QStringLiteral("ed"), QStringLiteral("fred")}));
    QCOMPARE(pageQueries(log).size(), 1);
    QCOMPARE_SQL(pageQueries(log).first().sql,
                 usersPage(db.engine, contains(db.engine, QStringLiteral("users.name"))));
    QCOMPARE(pageQueries(log).first().params, (QVariantList{QStringLiteral("%ED%"), 256, 0}));
    QCOMPARE(model.filter(name)->op, Filter::Contains);

    // Return again with the same text: the same filter, no query.
    log.reset();
    QTest::keyClick(header->editor(name), Qt::Key_Return);
    QVERIFY(log.sql().isEmpty());

    // Each comparison on the integer key, with the other filter still there.
    typeFilter(header->editor(name), QString());
    QVERIFY(!model.filter(name));
    const struct {
        QString text;
        QString where;
        QVariantList params;
        QStringList names;
    } cases[] = {
        {QStringLiteral("5"), QStringLiteral("users.id = ?"), {5}, {QStringLiteral("jack")}},
        {QStringLiteral("=5"), QStringLiteral("users.id = ?"), {5}, {QStringLiteral("jack")}},
        {QStringLiteral(">8"),
         QStringLiteral("users.id > ?"),
         {8},
         {QStringLiteral("pebbles"), QStringLiteral("ada")}},
        {QStringLiteral(">=9"),
         QStringLiteral("users.id >= ?"),
         {9},
         {QStringLiteral("pebbles"), QStringLiteral("ada")}},
        {QStringLiteral("<2"), QStringLiteral("users.id < ?"), {2}, {QStringLiteral("ed")}},
        {QStringLiteral("<=2"),
         QStringLiteral("users.id <= ?"),
         {2},
         {QStringLiteral("ed"), QStringLiteral("wendy")}},
        {QStringLiteral("3..5"),
         QStringLiteral("users.id BETWEEN ? AND ?"),
         {3, 5},
         {QStringLiteral("mary"), QStringLiteral("fred"), QStringLiteral("jack")}},
    };
    for (const auto& c : cases) {
        typeFilter(header->editor(id), QString());
        log.reset();
        typeFilter(header->editor(id), c.text);
        QCOMPARE(rows(name), c.names);
        QCOMPARE(pageQueries(log).size(), 1);
        QCOMPARE_SQL(pageQueries(log).first().sql, usersPage(db.engine, c.where));
        QCOMPARE(pageQueries(log).first().params, c.params + QVariantList({256, 0}));
        QVERIFY(!header->hasError(id));
    }
    log.reset();
    typeFilter(header->editor(id), QStringLiteral("!=5"));
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(pageQueries(log).first().params, (QVariantList{5, 256, 0}));
    const QString notEquals = pageQueries(log).first().sql;
    log.reset();
    typeFilter(header->editor(id), QStringLiteral("<>5"));
    QCOMPARE(model.rowCount(), 9);
    QVERIFY(log.sql().isEmpty()); // the same filter as !=5
    QVERIFY2(notEquals == usersPage(db.engine, QStringLiteral("users.id != ?")) ||
                 notEquals == usersPage(db.engine, QStringLiteral("users.id <> ?")),
             qPrintable(notEquals));

    // NULL and NOT NULL, together with a second column's filter.
    log.reset();
    typeFilter(header->editor(id), QString());
    typeFilter(header->editor(nickname), QStringLiteral("NULL"));
    QCOMPARE(rows(name), (QStringList{QStringLiteral("betty"), QStringLiteral("pebbles")}));
    QCOMPARE_SQL(pageQueries(log).constLast().sql,
                 usersPage(db.engine, QStringLiteral("users.nickname IS NULL")));
    QCOMPARE(pageQueries(log).constLast().params, (QVariantList{256, 0}));
    for (const QString& notNull : {QStringLiteral("NOT NULL"), QStringLiteral("!null")}) {
        log.reset();
        typeFilter(header->editor(nickname), notNull);
        typeFilter(header->editor(fullname), QStringLiteral("flint"));
        QCOMPARE(rows(name), (QStringList{QStringLiteral("fred"), QStringLiteral("wilma")}));
        QCOMPARE_SQL(pageQueries(log).constLast().sql,
                     usersPage(db.engine, contains(db.engine, QStringLiteral("users.fullname")) +
                                              QStringLiteral(" AND users.nickname IS NOT NULL")));
        QCOMPARE(pageQueries(log).constLast().params,
                 (QVariantList{QStringLiteral("%flint%"), 256, 0}));
        typeFilter(header->editor(fullname), QString());
    }

    // Typing without Return: applied a moment after the last key.
    header->clearFilters();
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(header->editor(nickname)->text().isEmpty());
    header->setDelay(10);
    header->editor(name)->setFocus();
    QTest::keyClicks(header->editor(name), QStringLiteral("wil"));
    QVERIFY(!model.filter(name)); // not yet
    QTRY_VERIFY(model.filter(name).has_value());
    QCOMPARE(rows(name), QStringList{QStringLiteral("wilma")});
    // The clear button empties the line: no filter.
    header->editor(name)->clear();
    QTest::keyClick(header->editor(name), Qt::Key_Return);
    QVERIFY(!model.filter(name));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(errors.count(), 0);

    // A model filtered before the header met it shows its filters in the lines.
    QVERIFY(model.setFilter(id, {Filter::Between, 2, 4}));
    QTableView second;
    auto* secondHeader = new FilterHeader(&second);
    second.setModel(&model);
    QCOMPARE(secondHeader->editor(id)->text(), QStringLiteral("2..4"));
}

void TestWidgets::filterHeaderShowsNonsenseAsError()
{
    QTORM_FETCH_URL();
    Sample db(url);
    orm::ui::EntityTableModel model(db.session, db.mapper(QStringLiteral("addresses")));
    model.setCountInBackground(false);
    model.select();
    QTableView view;
    auto* header = new FilterHeader(&view);
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int id = model.columnOf(QStringLiteral("id"));
    const int email = model.columnOf(QStringLiteral("email_address"));
    const int user = model.columnOf(QStringLiteral("user"));
    QVERIFY(user >= 0);
    // The many-to-one's column cannot be filtered.
    QVERIFY(!header->editor(user)->isEnabled());
    QSignalSpy errors(header, &FilterHeader::filterError);
    QSignalSpy modelErrors(&model, &orm::ui::ObjectTableModel::errorOccurred);
    const QColor normalBase = header->editor(id)->palette().color(QPalette::Base);

    typeFilter(header->editor(email), QStringLiteral("google"));
    QCOMPARE(model.rowCount(), 2);
    typeFilter(header->editor(id), QStringLiteral(">2"));
    QCOMPARE(model.rowCount(), 1);
    LogWatch log(db.engine);

    // Not a number: the line turns red with the reason, the column is unfiltered, the other
    // column's filter stays.
    typeFilter(header->editor(id), QStringLiteral(">abc"));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.first().at(0).toInt(), id);
    const QString message = errors.first().at(1).toString();
    QVERIFY(!message.isEmpty());
    QVERIFY(header->hasError(id));
    QCOMPARE(header->errorText(id), message);
    QCOMPARE(header->editor(id)->toolTip(), message);
    QVERIFY(header->editor(id)->palette().color(QPalette::Base) != normalBase);
    QCOMPARE(header->editor(id)->palette().color(QPalette::Base).red(), 255);
    QVERIFY(!model.filter(id));
    QVERIFY(model.filter(email));
    QCOMPARE(columnTexts(model, email),
             (QStringList{QStringLiteral("jack@google.com"), QStringLiteral("ed@google.com")}));
    QCOMPARE(pageQueries(log, QStringLiteral("addresses")).size(), 1);
    QCOMPARE_SQL(pageQueries(log, QStringLiteral("addresses")).first().sql,
                 q(db.engine, QStringLiteral("SELECT addresses.id, addresses.email_address, "
                                             "addresses.user_id\nFROM addresses\nWHERE ") +
                                  contains(db.engine, QStringLiteral("addresses.email_address")) +
                                  QStringLiteral("\nORDER BY addresses.id\nLIMIT ? OFFSET ?")));
    QCOMPARE(modelErrors.count(), 0); // the header said it; the model was not asked
    QCOMPARE(header->editor(id)->text(), QStringLiteral(">abc")); // kept to be corrected

    // A range with a bad end, and an operator without a value.
    typeFilter(header->editor(id), QStringLiteral("1..x"));
    QCOMPARE(errors.count(), 2);
    QVERIFY(!model.filter(id));
    typeFilter(header->editor(id), QStringLiteral(">="));
    QCOMPARE(errors.count(), 3);
    QVERIFY(header->errorText(id).contains(QStringLiteral(">=")));

    // Corrected: the error goes.
    log.reset();
    typeFilter(header->editor(id), QStringLiteral("<=2"));
    QVERIFY(!header->hasError(id));
    QCOMPARE(header->editor(id)->palette().color(QPalette::Base), normalBase);
    QVERIFY(header->editor(id)->toolTip() != message);
    QCOMPARE(columnTexts(model, email), QStringList{QStringLiteral("jack@google.com")});
    QCOMPARE(pageQueries(log, QStringLiteral("addresses")).constLast().params,
             (QVariantList{2, QStringLiteral("%google%"), 256, 0}));
    QCOMPARE(errors.count(), 3);

    // A NOT NULL column cannot equal nothing; clearing the line clears the error too.
    typeFilter(header->editor(id), QStringLiteral("= "));
    QVERIFY(header->hasError(id));
    typeFilter(header->editor(id), QString());
    QVERIFY(!header->hasError(id));
    header->clearFilters();
    QCOMPARE(model.rowCount(), 13);
}

void TestWidgets::filterHeaderFollowsTheSections()
{
    Sample db(widgetSamplePath());
    orm::ui::EntityTableModel model(db.session, db.mapper(QStringLiteral("users")));
    model.setCountInBackground(false);
    QTableView view;
    auto* header = new FilterHeader(&view);
    view.setModel(&model);
    view.resize(260, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // The header makes room for the lines below the labels.
    QVERIFY(header->height() >= header->editor(0)->height() * 2 - 4);
    const auto placed = [&](int section) {
        const QLineEdit* edit = header->editor(section);
        return edit->x() == header->sectionViewportPosition(section) &&
               edit->width() == header->sectionSize(section) &&
               edit->geometry().bottom() < header->height() && edit->y() > 0;
    };
    for (int section = 0; section < model.columnCount(); ++section)
        QVERIFY(placed(section));

    header->resizeSection(1, 180);
    QCOMPARE(header->editor(1)->width(), 180);
    QVERIFY(placed(1));
    QVERIFY(placed(2));
    header->moveSection(0, 3);
    for (int section = 0; section < model.columnCount(); ++section)
        QVERIFY(placed(section));
    QVERIFY(header->editor(0)->x() > header->editor(3)->x());
    // Tab follows the columns as they show: id is last now.
    const auto nextTab = [](QWidget* widget) {
        do
            widget = widget->nextInFocusChain();
        while (!(widget->focusPolicy() & Qt::TabFocus));
        return widget;
    };
    QCOMPARE(nextTab(header->editor(3)), header->editor(0));
    QCOMPARE(nextTab(header->editor(2)), header->editor(3));
    QCOMPARE(nextTab(header->editor(1)), header->editor(2));

    // Scrolled to the right: the lines move with their columns.
    QScrollBar* bar = view.horizontalScrollBar();
    QVERIFY(bar->maximum() > 0);
    const int before = header->editor(1)->x();
    bar->setValue(bar->maximum());
    QVERIFY(header->editor(1)->x() < before);
    for (int section = 0; section < model.columnCount(); ++section)
        QVERIFY(placed(section));

    header->hideSection(2);
    QVERIFY(!header->editor(2)->isVisible());
    header->showSection(2);
    QVERIFY(header->editor(2)->isVisible());

    // The labels above the lines still sort on a click.
    view.setSortingEnabled(true);
    const int nameSection = model.columnOf(QStringLiteral("name"));
    bar->setValue(0);
    const QPoint label(header->sectionViewportPosition(nameSection) +
                           header->sectionSize(nameSection) / 2,
                       header->viewport()->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, label);
    QCOMPARE(model.sortColumn(), nameSection);
    QCOMPARE(model.index(0, nameSection).data().toString(), QStringLiteral("ada"));

    // Filtering (a model reset) keeps the lines, and the focus in the line typed into.
    QLineEdit* edit = header->editor(1);
    typeFilter(edit, QStringLiteral("a"));
    QCOMPARE(header->editor(1), edit);
    QVERIFY(edit->hasFocus());
    // Another model: new lines, empty.
    orm::ui::EntityTableModel other(db.session, db.mapper(QStringLiteral("keywords")));
    view.setModel(&other);
    QCOMPARE(other.columnCount(), 2);
    QVERIFY(header->editor(1));
    QVERIFY(header->editor(1)->text().isEmpty());
    QVERIFY(!header->editor(2));
}

// ---- DetailPane ---------------------------------------------------------------------------

void TestWidgets::detailPaneShowsObjectWithoutSql()
{
    Sample db(widgetSamplePath());
    DetailPane pane;
    QAbstractItemModelTester values(pane.valuesView()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester relationships(pane.relationshipView()->model(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(pane.valuesView()->model()->rowCount(), 0);
    QVERIFY(!pane.openButton()->isEnabled());
    const orm::Object jack = db.get(QStringLiteral("users"), 5);
    const orm::Object betty = db.get(QStringLiteral("users"), 7);
    LogWatch log(db.engine);

    pane.setObject(&db.session, jack);
    QCOMPARE(pane.object(), jack);
    const QAbstractItemModel& valueList = *pane.valuesView()->model();
    QCOMPARE(columnTexts(valueList, 0),
             (QStringList{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("fullname"),
                          QStringLiteral("nickname")}));
    QCOMPARE(columnTexts(valueList, 1),
             (QStringList{QStringLiteral("5"), QStringLiteral("jack"), QStringLiteral("Jack Bean"),
                          QStringLiteral("gjffdd")}));
    QCOMPARE(valueList.index(0, 1).data(DetailPane::ValueRole), QVariant(qint64(5)));
    QCOMPARE(pane.title(), QStringLiteral("users 5")); // a clean row: its table and key
    // Collections not loaded: their size would take a query.
    const QAbstractItemModel& relationList = *pane.relationshipView()->model();
    QCOMPARE(columnTexts(relationList, 0),
             (QStringList{QStringLiteral("addresses"), QStringLiteral("posts")}));
    QCOMPARE(columnTexts(relationList, 1),
             (QStringList{QStringLiteral("one-to-many"), QStringLiteral("one-to-many")}));
    QCOMPARE(columnTexts(relationList, 2), (QStringList{QStringLiteral("…"), QStringLiteral("…")}));
    QVERIFY(log.sql().isEmpty());

    // NULL shows as NULL.
    pane.setObject(&db.session, betty);
    QCOMPARE(valueList.index(3, 1).data().toString(), QStringLiteral("NULL"));
    QVERIFY(!valueList.index(3, 1).data(DetailPane::ValueRole).isValid());
    QVERIFY(valueList.index(3, 1).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(log.sql().isEmpty());

    // Loaded collections show their size.
    const orm::Record& jackRecord = *static_cast<const orm::Record*>(jack.state().object());
    QCOMPARE(jackRecord.collection(QStringLiteral("addresses")).objects().size(), 2);
    log.reset();
    pane.setObject(&db.session, jack);
    QCOMPARE(columnTexts(relationList, 2),
             (QStringList{QStringLiteral("2 rows"), QStringLiteral("…")}));
    QVERIFY(log.sql().isEmpty());

    // Many-to-one: the loaded parent, nothing for a NULL key, "…" when it would need a query.
    const orm::Object jacksAddress = db.get(QStringLiteral("addresses"), 1);
    const orm::Object nobodys = db.get(QStringLiteral("addresses"), 13);
    const orm::Object postOfWendy = db.get(QStringLiteral("posts"), 1);
    log.reset();
    pane.setObject(&db.session, jacksAddress);
    QCOMPARE(relationList.index(0, 0).data().toString(), QStringLiteral("user"));
    QCOMPARE(relationList.index(0, 1).data().toString(), QStringLiteral("many-to-one"));
    QCOMPARE(relationList.index(0, 2).data().toString(), QStringLiteral("…"));
    // Loaded (from the identity map: jack is there), it names the parent.
    const orm::Record& addressRecord =
        *static_cast<const orm::Record*>(jacksAddress.state().object());
    QCOMPARE(addressRecord.reference(QStringLiteral("user")).object(), jack);
    pane.setObject(&db.session, jacksAddress);
    QCOMPARE(relationList.index(0, 2).data().toString(), jack.state().describe());
    pane.setObject(&db.session, nobodys);
    QCOMPARE(relationList.index(0, 2).data().toString(), QStringLiteral("none"));
    QCOMPARE(valueList.index(2, 1).data().toString(), QStringLiteral("NULL"));
    pane.setObject(&db.session, postOfWendy);
    QCOMPARE(columnTexts(relationList, 0),
             (QStringList{QStringLiteral("user"), QStringLiteral("keywords")}));
    QCOMPARE(columnTexts(relationList, 1),
             (QStringList{QStringLiteral("many-to-one"), QStringLiteral("many-to-many")}));
    QCOMPARE(columnTexts(relationList, 2), (QStringList{QStringLiteral("…"), QStringLiteral("…")}));
    QVERIFY(log.sql().isEmpty());

    pane.clear();
    QVERIFY(!pane.object());
    QCOMPARE(valueList.rowCount(), 0);
    QCOMPARE(relationList.rowCount(), 0);
    QVERIFY(!pane.relationshipView()->accessibleName().isEmpty());
    QVERIFY(!pane.openButton()->accessibleName().isEmpty());
}

void TestWidgets::detailPaneOpensRelationships()
{
    Sample db(widgetSamplePath());
    DetailPane pane;
    pane.resize(400, 500);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const orm::Object jack = db.get(QStringLiteral("users"), 5);
    pane.setObject(&db.session, jack);
    QSignalSpy opened(&pane, &DetailPane::openRelated);
    LogWatch log(db.engine);
    QAbstractItemView* list = pane.relationshipView();
    QVERIFY(!pane.openButton()->isEnabled()); // nothing chosen yet
    const auto openedName = [&] {
        const QList<QVariant> args = opened.takeFirst();
        [&] { QCOMPARE(args.at(0).value<orm::Object>(), jack); }();
        return args.at(1).toString();
    };

    // Keyboard: into the list, down to posts, Return.
    list->setFocus();
    list->setCurrentIndex(list->model()->index(0, 0));
    QTest::keyClick(list, Qt::Key_Down);
    QVERIFY(pane.openButton()->isEnabled());
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(openedName(), QStringLiteral("posts"));

    // Double-click on addresses.
    const QRect rect = list->visualRect(
        list->model()->index(rowOf(*list->model(), QStringLiteral("addresses")), 1));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(opened.count(), 1);
    QCOMPARE(openedName(), QStringLiteral("addresses"));

    // The button opens the current one.
    QTest::mouseClick(pane.openButton(), Qt::LeftButton);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(openedName(), QStringLiteral("addresses"));
    QVERIFY(log.sql().isEmpty()); // opening is the browser's business: no loading here

    // The current relationship stays current when the pane refreshes.
    pane.setObject(&db.session, jack);
    QCOMPARE(list->currentIndex().data().toString(), QStringLiteral("addresses"));
    pane.clear();
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(opened.count(), 0);
}

void TestWidgets::detailPaneFollowsTheSession()
{
    Sample db(widgetSamplePath());
    DetailPane pane;
    const orm::Object jack = db.get(QStringLiteral("users"), 5);
    pane.setObject(&db.session, jack);
    const QAbstractItemModel& valueList = *pane.valuesView()->model();
    LogWatch log(db.engine);

    // An edit shows at once, without SQL; the chosen attribute stays chosen.
    pane.valuesView()->setCurrentIndex(valueList.index(2, 0));
    db.session.setValue(jack, QStringLiteral("fullname"), QStringLiteral("Jack Sprat"));
    QTRY_COMPARE(valueList.index(2, 1).data().toString(), QStringLiteral("Jack Sprat"));
    QVERIFY(log.sql().isEmpty());
    QCOMPARE(pane.valuesView()->currentIndex().siblingAtColumn(0).data().toString(),
             QStringLiteral("fullname"));

    // A child added to the loaded collection is counted.
    const orm::Record& jackRecord = *static_cast<const orm::Record*>(jack.state().object());
    QCOMPARE(jackRecord.collection(QStringLiteral("addresses")).objects().size(), 2);
    pane.setObject(&db.session, jack);
    log.reset();
    const orm::Object address(db.mapper(QStringLiteral("addresses")).create());
    address.setValue(QStringLiteral("email_address"), QStringLiteral("jack@example.com"));
    jackRecord.collection(QStringLiteral("addresses")).append(address);
    db.session.add(address);
    QTRY_COMPARE(pane.relationshipView()->model()->index(0, 2).data().toString(),
                 QStringLiteral("3 rows"));
    QVERIFY(log.sql().isEmpty());

    // After the commit everything is expired: one SELECT of the row shows it again.
    db.session.commit();
    log.reset();
    QTRY_COMPARE(log.sql().filter(QStringLiteral("SELECT")).size(), 1);
    QCOMPARE_SQL(log.sql().filter(QStringLiteral("SELECT")).first(),
                 UsersColumns + QStringLiteral("\nWHERE users.id = ?"));
    QCOMPARE(valueList.index(2, 1).data().toString(), QStringLiteral("Jack Sprat"));
    QCOMPARE(pane.relationshipView()->model()->index(0, 2).data().toString(),
             QStringLiteral("…")); // unloaded by the commit
    QCOMPARE(pane.title(), QStringLiteral("users 5"));

    // Deleted behind its back: the pane says so instead of failing.
    const orm::Object unclaimed = db.get(QStringLiteral("addresses"), 13);
    pane.setObject(&db.session, unclaimed);
    db.session.rollback(); // SQLite: no read transaction in the way of the DELETE
    orm::Engine other(browser::sqliteUrl(db.engine.url().database));
    other.connect().exec(QStringLiteral("DELETE FROM addresses WHERE id = 13"));
    db.session.expire(unclaimed);
    QTRY_VERIFY2(pane.title().contains(QStringLiteral("deleted")), qPrintable(pane.title()));
    QCOMPARE(valueList.index(1, 1).data().toString(), QStringLiteral("…"));
}

// ---- NavigationHistory --------------------------------------------------------------------

void TestWidgets::navigationHistoryGoesBackAndForward()
{
    Sample db(widgetSamplePath());
    const orm::Object jack = db.get(QStringLiteral("users"), 5);
    NavigationHistory history;
    QSignalSpy navigated(&history, &NavigationHistory::navigated);
    QAction* back = history.backAction();
    QAction* forward = history.forwardAction();
    QCOMPARE(back->shortcuts(), QKeySequence::keyBindings(QKeySequence::Back));
    QCOMPARE(forward->shortcuts(), QKeySequence::keyBindings(QKeySequence::Forward));
    QVERIFY(!back->icon().isNull());
    QVERIFY(!forward->icon().isNull());
    QVERIFY(history.current().isNull());
    QVERIFY(!back->isEnabled());
    QVERIFY(!forward->isEnabled());

    const Location users{QStringLiteral("users"), {}, {}};
    const Location jacksAddresses{QStringLiteral("addresses"), jack, QStringLiteral("addresses")};
    const Location posts{QStringLiteral("posts"), {}, {}};
    history.visit(users);
    QCOMPARE(history.current(), users);
    QVERIFY(!history.canGoBack());
    QVERIFY(!back->isEnabled());
    history.visit(jacksAddresses);
    history.visit(jacksAddresses); // the same place again: nothing new
    QVERIFY(history.canGoBack());
    QVERIFY(back->isEnabled());
    QVERIFY(!forward->isEnabled());
    QCOMPARE(history.backList(), QList<Location>{users});
    QCOMPARE(back->toolTip(), QStringLiteral("Back to users"));
    QCOMPARE(navigated.count(), 0); // visiting is the browser's own doing

    QCOMPARE(history.back(), users);
    QCOMPARE(navigated.count(), 1);
    QCOMPARE(navigated.takeFirst().first().value<Location>(), users);
    QVERIFY(!back->isEnabled());
    QVERIFY(forward->isEnabled());
    QCOMPARE(forward->toolTip(),
             QStringLiteral("Forward to addresses of %1").arg(jack.state().describe()));
    // Nowhere further back: nothing happens.
    QCOMPARE(history.back(), users);
    QCOMPARE(navigated.count(), 0);

    // The actions do the same.
    forward->trigger();
    QCOMPARE(navigated.count(), 1);
    const Location arrived = navigated.takeFirst().first().value<Location>();
    QCOMPARE(arrived, jacksAddresses);
    QCOMPARE(arrived.parent, jack);
    QCOMPARE(history.current(), jacksAddresses);
    QVERIFY(!forward->isEnabled());
    back->trigger();
    QCOMPARE(history.current(), users);

    // A new place drops the forward list.
    history.visit(posts);
    QVERIFY(!history.canGoForward());
    QVERIFY(!forward->isEnabled());
    QCOMPARE(history.backList(), QList<Location>{users});
    QCOMPARE(history.forward(), posts);
    QCOMPARE(navigated.count(), 1); // the back action's

    // The shortcut, in a window that has the actions.
    navigated.clear();
    QWidget window;
    window.addAction(back);
    window.addAction(forward);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keySequence(&window, QKeySequence::keyBindings(QKeySequence::Back).first());
    QCOMPARE(navigated.count(), 1);
    QCOMPARE(history.current(), users);
    QTest::keySequence(&window, QKeySequence::keyBindings(QKeySequence::Forward).first());
    QCOMPARE(history.current(), posts);

    history.clear();
    QVERIFY(history.current().isNull());
    QVERIFY(!back->isEnabled());
    QVERIFY(!forward->isEnabled());
}
