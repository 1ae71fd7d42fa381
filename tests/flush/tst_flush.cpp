// The unit of work's harder orderings against real databases (SQLite file, SQLite in memory,
// PostgreSQL), as SQLAlchemy's unitofwork/persistence/dependency modules do them:
//   - post_update: two rows that point at each other are INSERTed with the post_update foreign
//     key NULL and an UPDATE sets it afterwards; before a DELETE an UPDATE sets it to NULL; a
//     change of only that reference is one UPDATE. Without post_update, rows that really point
//     at each other fail the flush before any SQL, while rows of tables that merely could are
//     saved in row order.
//   - passive_deletes: deleting a parent whose collection is not loaded sends just its DELETE
//     and the database's ON DELETE CASCADE removes the children; loaded children are still
//     deleted by the ORM.
//   - composite foreign keys: both columns follow the parent at flush, both become NULL when
//     the child is let go, and lazy loading matches both.
// After a failed flush in each of these paths every pending change is still there and the
// same flush, fixed, goes through.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QTest>

using namespace orm;
using qtorm::test::addBackendRows, qtorm::test::dbRows, qtorm::test::insertSql,
    qtorm::test::isPostgres, qtorm::test::LogWatch, qtorm::test::metadata, qtorm::test::q,
    qtorm::test::resetSchema, qtorm::test::sameObjects;

namespace model {

// ---- post_update: SQLAlchemy's Widget/Entry example ---------------------------------------------

struct FlEntry;

struct FlWidget {
    qint64 id = 0;
    QString name;
    std::optional<qint64> favoriteEntryId;
    Collection<FlEntry> entries;
    Reference<FlEntry> favoriteEntry;
};

struct FlEntry {
    qint64 id = 0;
    QString name; // unique, for failing INSERTs
    std::optional<qint64> widgetId;
    Reference<FlWidget> widget;
};

void mapping(Mapping<FlWidget>& m)
{
    m.table("fl_widgets");
    m.column(&FlWidget::id, "id").primaryKey();
    m.column(&FlWidget::name, "name").type(String(50));
    m.column(&FlWidget::favoriteEntryId, "favorite_entry_id").references("fl_entries.id");
    m.relationship(&FlWidget::entries, "entries")
        .backPopulates("widget")
        .cascade("all, delete-orphan")
        .orderBy(QStringList{"id"});
    m.relationship(&FlWidget::favoriteEntry, "favoriteEntry").postUpdate();
}

void mapping(Mapping<FlEntry>& m)
{
    m.table("fl_entries");
    m.column(&FlEntry::id, "id").primaryKey();
    m.column(&FlEntry::name, "name").type(String(50)).unique();
    m.column(&FlEntry::widgetId, "widget_id").references("fl_widgets.id");
    m.relationship(&FlEntry::widget, "widget").backPopulates("entries");
}

// ---- the same cycle of tables without post_update --------------------------------------------

struct FlAddress;

struct FlPerson {
    qint64 id = 0;
    QString name;
    std::optional<qint64> mainAddressId;
    Collection<FlAddress> addresses;
    Reference<FlAddress> mainAddress;
};

struct FlAddress {
    qint64 id = 0;
    QString email;
    std::optional<qint64> personId;
    Reference<FlPerson> person;
};

void mapping(Mapping<FlPerson>& m)
{
    m.table("fl_persons");
    m.column(&FlPerson::id, "id").primaryKey();
    m.column(&FlPerson::name, "name").type(String(50));
    m.column(&FlPerson::mainAddressId, "main_address_id").references("fl_addresses.id");
    m.relationship(&FlPerson::addresses, "addresses")
        .backPopulates("person")
        .orderBy(QStringList{"id"});
    m.relationship(&FlPerson::mainAddress, "mainAddress");
}

void mapping(Mapping<FlAddress>& m)
{
    m.table("fl_addresses");
    m.column(&FlAddress::id, "id").primaryKey();
    m.column(&FlAddress::email, "email").type(String(100));
    m.column(&FlAddress::personId, "person_id").references("fl_persons.id");
    m.relationship(&FlAddress::person, "person").backPopulates("addresses");
}

// A tree in one table.
struct FlNode {
    qint64 id = 0;
    QString name;
    std::optional<qint64> parentId;
    Reference<FlNode> parent;
    Collection<FlNode> children;
};

void mapping(Mapping<FlNode>& m)
{
    m.table("fl_nodes");
    m.column(&FlNode::id, "id").primaryKey();
    m.column(&FlNode::name, "name").type(String(50));
    m.column(&FlNode::parentId, "parent_id").references("fl_nodes.id");
    m.relationship(&FlNode::parent, "parent").backPopulates("children");
    m.relationship(&FlNode::children, "children")
        .backPopulates("parent")
        .orderBy(QStringList{"id"});
}

// ---- passive_deletes with ON DELETE CASCADE
// ------------------------------------------------------

struct FlChild;

struct FlParent {
    qint64 id = 0;
    QString name;
    Collection<FlChild> children;
};

struct FlChild {
    qint64 id = 0;
    QString name; // unique, for failing INSERTs
    std::optional<qint64> parentId;
    Reference<FlParent> parent;
};

void mapping(Mapping<FlParent>& m)
{
    m.table("fl_parents");
    m.column(&FlParent::id, "id").primaryKey();
    m.column(&FlParent::name, "name").type(String(50));
    m.relationship(&FlParent::children, "children")
        .backPopulates("parent")
        .cascade("all, delete-orphan")
        .passiveDeletes()
        .orderBy(QStringList{"id"});
}

void mapping(Mapping<FlChild>& m)
{
    m.table("fl_children");
    m.column(&FlChild::id, "id").primaryKey();
    m.column(&FlChild::name, "name").type(String(50)).unique();
    m.column(&FlChild::parentId, "parent_id")
        .references("fl_parents.id", ReferentialAction::Cascade);
    m.relationship(&FlChild::parent, "parent").backPopulates("children");
}

// ---- a composite foreign key: books on shelves keyed by (region, number) ------------------------

struct FlBook;

struct FlShelf {
    QString region;
    qint64 number = 0;
    QString label;
    Collection<FlBook> books;
};

struct FlBook {
    qint64 id = 0;
    QString title; // unique, for failing INSERTs
    std::optional<QString> shelfRegion;
    std::optional<qint64> shelfNumber;
    Reference<FlShelf> shelf;
};

void mapping(Mapping<FlShelf>& m)
{
    m.table("fl_shelves");
    m.column(&FlShelf::region, "region").type(String(20)).primaryKey();
    m.column(&FlShelf::number, "number").primaryKey();
    m.column(&FlShelf::label, "label").type(String(50));
    m.relationship(&FlShelf::books, "books").backPopulates("shelf").orderBy(QStringList{"id"});
}

void mapping(Mapping<FlBook>& m)
{
    m.table("fl_books");
    m.column(&FlBook::id, "id").primaryKey();
    m.column(&FlBook::title, "title").type(String(50)).unique();
    m.column(&FlBook::shelfRegion, "shelf_region").type(String(20));
    m.column(&FlBook::shelfNumber, "shelf_number");
    // A table-level foreign key over two columns, through the mapped Table.
    m.mapper().table().foreignKey({"shelf_region", "shelf_number"}, "fl_shelves",
                                  {"region", "number"});
    m.relationship(&FlBook::shelf, "shelf").backPopulates("books");
}

// The same key named in the other order: the foreign key lists (number, region).
struct FlNote {
    qint64 id = 0;
    std::optional<qint64> shelfNumber;
    std::optional<QString> shelfRegion;
    Reference<FlShelf> shelf;
};

void mapping(Mapping<FlNote>& m)
{
    m.table("fl_notes");
    m.column(&FlNote::id, "id").primaryKey();
    m.column(&FlNote::shelfNumber, "shelf_number");
    m.column(&FlNote::shelfRegion, "shelf_region").type(String(20));
    m.mapper().table().foreignKey({"shelf_number", "shelf_region"}, "fl_shelves",
                                  {"number", "region"});
    m.relationship(&FlNote::shelf, "shelf");
}

} // namespace model

using model::FlAddress;
using model::FlBook;
using model::FlChild;
using model::FlEntry;
using model::FlNode;
using model::FlParent;
using model::FlPerson;
using model::FlShelf;
using model::FlWidget;

namespace {

QList<QVariantList> widgetRows(Engine& engine)
{
    return dbRows(engine, mapper<FlWidget>().table(), {"id", "name", "favorite_entry_id"});
}

QList<QVariantList> entryRows(Engine& engine)
{
    return dbRows(engine, mapper<FlEntry>().table(), {"id", "name", "widget_id"});
}

QList<QVariantList> bookRows(Engine& engine)
{
    return dbRows(engine, mapper<FlBook>().table(),
                  {"id", "title", "shelf_region", "shelf_number"});
}

const QString insertWidget =
    QStringLiteral("INSERT INTO fl_widgets (name, favorite_entry_id) VALUES (?, ?)");
const QString insertEntry =
    QStringLiteral("INSERT INTO fl_entries (name, widget_id) VALUES (?, ?)");
const QString postUpdateWidget =
    QStringLiteral("UPDATE fl_widgets SET favorite_entry_id=? WHERE fl_widgets.id = ?");
const QString deleteEntry = QStringLiteral("DELETE FROM fl_entries WHERE fl_entries.id = ?");
const QString deleteWidget = QStringLiteral("DELETE FROM fl_widgets WHERE fl_widgets.id = ?");
const QString lazyEntries =
    QStringLiteral("SELECT fl_entries.id, fl_entries.name, fl_entries.widget_id\nFROM "
                   "fl_entries\nWHERE ? = fl_entries.widget_id\nORDER BY fl_entries.id");
const QString updateBookShelf =
    QStringLiteral("UPDATE fl_books SET shelf_region=?, shelf_number=? WHERE fl_books.id = ?");

// Widget 1 "w" with entries 1 "e1" and 2 "e2", e1 its favorite.
void addWidget(Engine& engine)
{
    Session s(engine);
    auto w = make<FlWidget>({.name = "w"});
    auto e1 = make<FlEntry>({.name = "e1"});
    w->entries.append(e1);
    w->entries.append(make<FlEntry>({.name = "e2"}));
    w->favoriteEntry = e1;
    s.add(w);
    s.commit();
}

} // namespace

class TestFlush : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void postUpdateInsertsThenUpdates_data() { addBackendRows("flush"); }
    void postUpdateInsertsThenUpdates();
    void postUpdateOfPersistentObjects_data() { addBackendRows("flush"); }
    void postUpdateOfPersistentObjects();
    void postUpdateDeleteNullsFirst_data() { addBackendRows("flush"); }
    void postUpdateDeleteNullsFirst();
    void failedPostUpdateInsertKeepsChanges_data() { addBackendRows("flush"); }
    void failedPostUpdateInsertKeepsChanges();
    void failedPostUpdateDeleteKeepsChanges_data() { addBackendRows("flush"); }
    void failedPostUpdateDeleteKeepsChanges();
    void rowCycleWithoutPostUpdateFails_data() { addBackendRows("flush"); }
    void rowCycleWithoutPostUpdateFails();
    void tableCycleSavedRowByRow_data() { addBackendRows("flush"); }
    void tableCycleSavedRowByRow();
    void rowCycleInOneTableFails_data() { addBackendRows("flush"); }
    void rowCycleInOneTableFails();
    void passiveDeleteOfUnloadedCollection_data() { addBackendRows("flush"); }
    void passiveDeleteOfUnloadedCollection();
    void passiveDeleteOfLoadedCollection_data() { addBackendRows("flush"); }
    void passiveDeleteOfLoadedCollection();
    void failedPassiveDeleteKeepsChanges_data() { addBackendRows("flush"); }
    void failedPassiveDeleteKeepsChanges();
    void compositeForeignKey_data() { addBackendRows("flush"); }
    void compositeForeignKey();
    void failedCompositeFlushKeepsChanges_data() { addBackendRows("flush"); }
    void failedCompositeFlushKeepsChanges();
    void compositeForeignKeyInOtherOrder_data() { addBackendRows("flush"); }
    void compositeForeignKeyInOtherOrder();
};

void TestFlush::initTestCase()
{
    // Mappers are built on first use; every table must be in the MetaData before createAll.
    mapper<FlWidget>();
    mapper<FlEntry>();
    mapper<FlPerson>();
    mapper<FlAddress>();
    mapper<FlNode>();
    mapper<FlParent>();
    mapper<FlChild>();
    mapper<FlShelf>();
    mapper<FlBook>();
    mapper<model::FlNote>();
}

// ---- post_update -------------------------------------------------------------------------------

void TestFlush::postUpdateInsertsThenUpdates()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto w = make<FlWidget>({.name = "w"});
    auto e1 = make<FlEntry>({.name = "e1"});
    auto e2 = make<FlEntry>({.name = "e2"});
    w->entries.append(e1);
    w->entries.append(e2);
    w->favoriteEntry = e2;
    session.add(w);
    LogWatch log(engine);
    session.commit();
    // The widget first with no favorite, its entries, then the favorite by an UPDATE.
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN", insertSql(engine, insertWidget), insertSql(engine, insertEntry),
                     insertSql(engine, insertEntry), q(engine, postUpdateWidget), "COMMIT"}));
    QCOMPARE(log.params(),
             QList<QVariantList>({{}, {"w", QVariant()}, {"e1", 1}, {"e2", 1}, {2, 1}, {}}));
    QCOMPARE(widgetRows(engine), QList<QVariantList>({{1, "w", 2}}));
    QCOMPARE(entryRows(engine), QList<QVariantList>({{1, "e1", 1}, {2, "e2", 1}}));
    QCOMPARE(w.status(), ObjectState::Persistent);
    QCOMPARE(w.get()->favoriteEntryId, 2);
    QVERIFY(w.get()->favoriteEntry == e2);
    // Nothing is left to write.
    log.reset();
    session.flush();
    QVERIFY(log.sql().isEmpty());
}

void TestFlush::postUpdateOfPersistentObjects()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addWidget(engine);
    Session session(engine);
    auto w = session.get<FlWidget>(1);
    auto e2 = session.get<FlEntry>(2);
    QVERIFY(w.get()->favoriteEntry.get()->name == u"e1");

    // Only the post_update reference changed: one UPDATE.
    LogWatch log(engine);
    w->favoriteEntry = e2;
    session.flush();
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, postUpdateWidget)}));
    QCOMPARE(log.params(), QList<QVariantList>({{2, 1}}));
    QCOMPARE(w.get()->favoriteEntryId, 2);
    QVERIFY(!session.isModified(w));

    // A column and the reference: the row's UPDATE, then the post_update one (as SQLAlchemy).
    log.reset();
    w->name = "renamed";
    w->favoriteEntry = nullptr;
    session.flush();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"SAVEPOINT sp_1",
                              q(engine, "UPDATE fl_widgets SET name=? WHERE fl_widgets.id = ?"),
                              q(engine, postUpdateWidget), "RELEASE SAVEPOINT sp_1"}));
    QCOMPARE(log.params(), QList<QVariantList>({{}, {"renamed", 1}, {QVariant(), 1}, {}}));

    // A new favorite in the same flush: INSERT, then UPDATE with its new key.
    log.reset();
    auto e3 = make<FlEntry>({.name = "e3"});
    w->entries.append(e3);
    w->favoriteEntry = e3;
    session.commit();
    // (Appending loads the collection first.)
    QCOMPARE_SQL(
        log.sql(),
        QStringList({q(engine, lazyEntries), "SAVEPOINT sp_2", insertSql(engine, insertEntry),
                     q(engine, postUpdateWidget), "RELEASE SAVEPOINT sp_2", "COMMIT"}));
    QCOMPARE(log.params()[3], QVariantList({3, 1}));
    QCOMPARE(widgetRows(engine), QList<QVariantList>({{1, "renamed", 3}}));
}

void TestFlush::postUpdateDeleteNullsFirst()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addWidget(engine);
    Session session(engine);
    auto w = session.get<FlWidget>(1);
    LogWatch log(engine);
    session.remove(w);
    session.commit();
    // The entries are loaded for the cascade; the widget lets go of its favorite before the
    // entries go, then the widget itself.
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, lazyEntries), q(engine, postUpdateWidget),
                                         q(engine, deleteEntry), q(engine, deleteEntry),
                                         q(engine, deleteWidget), "COMMIT"}));
    QCOMPARE(log.params(), QList<QVariantList>({{1}, {QVariant(), 1}, {1}, {2}, {1}, {}}));
    QCOMPARE(w.status(), ObjectState::Detached);
    QVERIFY(widgetRows(engine).isEmpty());
    QVERIFY(entryRows(engine).isEmpty());
}

void TestFlush::failedPostUpdateInsertKeepsChanges()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addWidget(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto w = make<FlWidget>({.name = "w2"});
    auto good = make<FlEntry>({.name = "e3"});
    auto bad = make<FlEntry>({.name = "e1"}); // taken
    w->entries.append(good);
    w->entries.append(bad);
    w->favoriteEntry = bad;
    session.add(w);
    LogWatch log(engine);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", insertSql(engine, insertWidget),
                                         insertSql(engine, insertEntry),
                                         insertSql(engine, insertEntry), "ROLLBACK"}));
    // Everything pending as before, the keys the flush assigned taken back.
    QVERIFY(sameObjects(session.newObjects(), {w, good, bad}));
    for (const Object& o : {Object(w), Object(good), Object(bad)})
        QCOMPARE(o.status(), ObjectState::Pending);
    QCOMPARE(w.get()->id, 0);
    QCOMPARE(good.get()->id, 0);
    QCOMPARE(w.get()->favoriteEntryId, std::nullopt);
    QVERIFY(w.get()->favoriteEntry == bad);
    QCOMPARE(w.get()->entries.size(), 2);

    bad->name = "e4";
    log.reset();
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN", insertSql(engine, insertWidget), insertSql(engine, insertEntry),
                     insertSql(engine, insertEntry), q(engine, postUpdateWidget), "COMMIT"}));
    // (PostgreSQL's sequences do not roll back: the keys are read from the objects.)
    const qint64 wid = w.get()->id;
    QCOMPARE(log.params()[4], QVariantList({bad.get()->id, wid}));
    QCOMPARE(widgetRows(engine), QList<QVariantList>({{1, "w", 1}, {wid, "w2", bad.get()->id}}));
    QCOMPARE(
        entryRows(engine),
        QList<QVariantList>(
            {{1, "e1", 1}, {2, "e2", 1}, {good.get()->id, "e3", wid}, {bad.get()->id, "e4", wid}}));
}

void TestFlush::failedPostUpdateDeleteKeepsChanges()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addWidget(engine);
    {
        // A second widget whose favorite is the first widget's entry 1.
        Session s(engine);
        auto other = make<FlWidget>({.name = "other"});
        other->favoriteEntry = s.get<FlEntry>(1);
        s.add(other);
        s.commit();
    }
    Session session(engine);
    auto w = session.get<FlWidget>(1);
    const auto e1 = w.get()->entries[0];
    const auto e2 = w.get()->entries[1];
    QVERIFY(w.get()->favoriteEntry == e1);
    auto other = session.get<FlWidget>(2); // (loaded now: a query would autoflush)
    session.remove(w);
    LogWatch log(engine);
    // Entry 1 cannot go while the other widget names it.
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, postUpdateWidget), q(engine, deleteEntry), "ROLLBACK"}));
    // (The entries were marked deleted by the cascade, as session.delete() does in SQLAlchemy.)
    QVERIFY(sameObjects(session.deletedObjects(), {w, e1, e2}));
    QCOMPARE(w.status(), ObjectState::Persistent);
    QCOMPARE(e1.status(), ObjectState::Persistent);
    QCOMPARE(e2.status(), ObjectState::Persistent);
    QCOMPARE(w.get()->favoriteEntryId, 1);
    QVERIFY(w.get()->favoriteEntry == e1);
    QCOMPARE(widgetRows(engine), QList<QVariantList>({{1, "w", 1}, {2, "other", 1}}));

    // The other widget lets go of it: the same delete goes through after its UPDATE.
    other->favoriteEntry = nullptr;
    log.reset();
    session.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, postUpdateWidget), q(engine, postUpdateWidget),
                              q(engine, deleteEntry), q(engine, deleteEntry),
                              q(engine, deleteWidget), "COMMIT"}));
    // The other widget's post_update (a save), then the deleted widget's NULL, then DELETEs.
    QCOMPARE(log.params()[1], QVariantList({QVariant(), 2}));
    QCOMPARE(log.params()[2], QVariantList({QVariant(), 1}));
    QCOMPARE(widgetRows(engine), QList<QVariantList>({{2, "other", QVariant()}}));
    QVERIFY(entryRows(engine).isEmpty());
}

// ---- cycles without post_update ------------------------------------------------------------

void TestFlush::rowCycleWithoutPostUpdateFails()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    auto ann = make<FlPerson>({.name = "ann"});
    auto home = make<FlAddress>({.email = "home@example.com"});
    ann->addresses.append(home);
    ann->mainAddress = home; // each row needs the other's key first
    session.add(ann);
    LogWatch log(engine);
    try {
        session.flush();
        QFAIL("the flush of a cycle between rows went through");
    } catch (const FlushError& e) {
        QVERIFY2(e.message().contains(u"Circular dependency"), qPrintable(e.message()));
        QVERIFY2(e.message().contains(u"postUpdate()"), qPrintable(e.message()));
        QVERIFY2(e.message().contains(u"FlPerson") && e.message().contains(u"FlAddress"),
                 qPrintable(e.message()));
    }
    QVERIFY(log.sql().isEmpty()); // found before any SQL
    QVERIFY(sameObjects(session.newObjects(), {ann, home}));
    QCOMPARE(home.get()->personId, std::nullopt);

    // Without the cycle the same objects are saved.
    ann->mainAddress = nullptr;
    session.commit();
    QCOMPARE(dbRows(engine, mapper<FlPerson>().table(), {"id", "name", "main_address_id"}),
             QList<QVariantList>({{1, "ann", QVariant()}}));
    QCOMPARE(dbRows(engine, mapper<FlAddress>().table(), {"id", "person_id"}),
             QList<QVariantList>({{1, 1}}));

    // Two persisted rows pointing at each other cannot be deleted one after the other either.
    Session other(engine);
    auto p = other.get<FlPerson>(1);
    auto a = other.get<FlAddress>(1);
    p->mainAddress = a;
    other.commit();
    other.remove(p);
    other.remove(a);
    log.reset();
    QVERIFY_THROWS_EXCEPTION(FlushError, other.flush());
    // Only the SELECT of the addresses a deleted person lets go: no INSERT, UPDATE or DELETE.
    QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", q(engine, "SELECT fl_addresses.id, "
                                                            "fl_addresses.email, "
                                                            "fl_addresses.person_id\nFROM "
                                                            "fl_addresses\nWHERE ? = "
                                                            "fl_addresses.person_id\nORDER BY "
                                                            "fl_addresses.id")}));
    QVERIFY(sameObjects(other.deletedObjects(), {p, a}));
    QCOMPARE(p.status(), ObjectState::Persistent);
}

void TestFlush::tableCycleSavedRowByRow()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto ann = make<FlPerson>({.name = "ann"});
    session.add(ann);
    session.flush();
    // Tables that refer to each other, rows that do not: the new address first, then the
    // person's UPDATE that points at it.
    auto home = make<FlAddress>({.email = "home@example.com"});
    ann->addresses.append(home);
    ann->mainAddress = home;
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"SAVEPOINT sp_1",
                     insertSql(engine, "INSERT INTO fl_addresses (email, person_id) VALUES (?, ?)"),
                     q(engine, "UPDATE fl_persons SET main_address_id=? WHERE fl_persons.id = ?"),
                     "RELEASE SAVEPOINT sp_1", "COMMIT"}));
    QCOMPARE(log.params()[1], QVariantList({"home@example.com", 1}));
    QCOMPARE(log.params()[2], QVariantList({1, 1}));
    QCOMPARE(dbRows(engine, mapper<FlPerson>().table(), {"id", "main_address_id"}),
             QList<QVariantList>({{1, 1}}));
}

void TestFlush::rowCycleInOneTableFails()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto a = make<FlNode>({.name = "a"});
    auto b = make<FlNode>({.name = "b"});
    a->parent = b;
    b->parent = a; // each the other's parent
    session.add(a);
    LogWatch log(engine);
    QVERIFY_THROWS_EXCEPTION(FlushError, session.flush());
    QVERIFY(log.sql().isEmpty());
    QVERIFY(sameObjects(session.newObjects(), {a, b}));

    // A tree is saved root first, whatever order the objects were added in.
    b->parent = nullptr;
    session.commit();
    const QString insertNode =
        insertSql(engine, "INSERT INTO fl_nodes (name, parent_id) VALUES (?, ?)");
    QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", insertNode, insertNode, "COMMIT"}));
    QCOMPARE(log.params()[1], QVariantList({"b", QVariant()}));
    QCOMPARE(log.params()[2], QVariantList({"a", 1}));
    QCOMPARE(dbRows(engine, mapper<FlNode>().table(), {"id", "name", "parent_id"}),
             QList<QVariantList>({{1, "b", QVariant()}, {2, "a", 1}}));
}

// ---- passive_deletes ---------------------------------------------------------------------------

namespace {

// Parent 1 "p" with children 1..3; parent 2 "q" with child 4.
void addFamilies(Engine& engine)
{
    Session s(engine);
    auto p = make<FlParent>({.name = "p"});
    for (const char* name : {"c1", "c2", "c3"})
        p->children.append(make<FlChild>({.name = name}));
    auto q = make<FlParent>({.name = "q"});
    q->children.append(make<FlChild>({.name = "c4"}));
    s.addAll({p, q});
    s.commit();
}

QList<QVariantList> childRows(Engine& engine)
{
    return dbRows(engine, mapper<FlChild>().table(), {"id", "parent_id"});
}

const QString deleteParent = QStringLiteral("DELETE FROM fl_parents WHERE fl_parents.id = ?");
const QString deleteChild = QStringLiteral("DELETE FROM fl_children WHERE fl_children.id = ?");

} // namespace

void TestFlush::passiveDeleteOfUnloadedCollection()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addFamilies(engine);
    Session session(engine);
    auto p = session.get<FlParent>(1);
    LogWatch log(engine);
    session.remove(p);
    session.commit();
    // No SELECT of the children: the database's ON DELETE CASCADE removes them.
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, deleteParent), "COMMIT"}));
    QCOMPARE(log.params()[0], QVariantList{1});
    QCOMPARE(p.status(), ObjectState::Detached);
    QCOMPARE(childRows(engine), QList<QVariantList>({{4, 2}}));
}

void TestFlush::passiveDeleteOfLoadedCollection()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addFamilies(engine);
    Session session(engine);
    auto p = session.get<FlParent>(1);
    const QList<Ptr<FlChild>> children = p.get()->children.toList(); // loaded
    QCOMPARE(children.size(), 3);
    LogWatch log(engine);
    session.remove(p);
    session.flush();
    // Children in memory are deleted by the ORM, as SQLAlchemy does, before their parent.
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, deleteChild), q(engine, deleteChild),
                                         q(engine, deleteChild), q(engine, deleteParent)}));
    QCOMPARE(log.params(), QList<QVariantList>({{1}, {2}, {3}, {1}}));
    for (const auto& c : children)
        QCOMPARE(c.status(), ObjectState::Deleted);
    session.commit();
    QCOMPARE(childRows(engine), QList<QVariantList>({{4, 2}}));
}

void TestFlush::failedPassiveDeleteKeepsChanges()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addFamilies(engine);
    Session session(engine);
    auto p = session.get<FlParent>(1);
    auto q2 = session.get<FlParent>(2);
    QCOMPARE(q2.get()->children.size(), 1); // loaded now: a lazy load would autoflush
    session.remove(p);
    auto bad = make<FlChild>({.name = "c4"}); // taken
    q2->children.append(bad);
    const QString insertChild =
        insertSql(engine, "INSERT INTO fl_children (name, parent_id) VALUES (?, ?)");
    LogWatch log(engine);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    QCOMPARE_SQL(log.sql(), QStringList({insertChild, "ROLLBACK"}));
    QVERIFY(sameObjects(session.deletedObjects(), {p}));
    QVERIFY(sameObjects(session.newObjects(), {bad}));
    QCOMPARE(p.status(), ObjectState::Persistent);
    QCOMPARE(childRows(engine).size(), 4);

    bad->name = "c5";
    log.reset();
    session.commit();
    QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", insertChild, q(engine, deleteParent), "COMMIT"}));
    QCOMPARE(childRows(engine), QList<QVariantList>({{4, 2}, {bad.get()->id, 2}}));
}

// ---- composite foreign keys --------------------------------------------------------------------

void TestFlush::compositeForeignKey()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine, {.insertBatchSize = 1});
        auto north = make<FlShelf>({.region = "north", .number = 1, .label = "N1"});
        auto south = make<FlShelf>({.region = "south", .number = 2, .label = "S2"});
        auto b1 = make<FlBook>({.title = "b1"});
        auto b2 = make<FlBook>({.title = "b2"});
        north->books.append(b1); // one-to-many
        b2->shelf = south;       // many-to-one
        s.addAll({north, south, b1, b2});
        LogWatch log(engine);
        s.commit();
        const QString insertBook = QStringLiteral(
            "INSERT INTO fl_books (title, shelf_region, shelf_number) VALUES (?, ?, ?)");
        QCOMPARE_SQL(
            log.sql(),
            QStringList(
                {"BEGIN",
                 q(engine, "INSERT INTO fl_shelves (region, number, label) VALUES (?, ?, ?)"),
                 q(engine, "INSERT INTO fl_shelves (region, number, label) VALUES (?, ?, ?)"),
                 insertSql(engine, insertBook), insertSql(engine, insertBook), "COMMIT"}));
        QCOMPARE(log.params()[3], QVariantList({"b1", "north", 1}));
        QCOMPARE(log.params()[4], QVariantList({"b2", "south", 2}));
    }
    QCOMPARE(bookRows(engine), QList<QVariantList>({{1, "b1", "north", 1}, {2, "b2", "south", 2}}));

    // Lazy loading matches both columns, both ways.
    Session session(engine);
    auto north = session.get<FlShelf>(QVariantList{"north", 1});
    LogWatch log(engine);
    QCOMPARE(north.get()->books.size(), 1);
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, "SELECT fl_books.id, fl_books.title, "
                                        "fl_books.shelf_region, fl_books.shelf_number\nFROM "
                                        "fl_books\nWHERE ? = fl_books.shelf_region AND ? = "
                                        "fl_books.shelf_number\nORDER BY fl_books.id")}));
    QCOMPARE(log.params()[0], QVariantList({"north", 1}));
    auto b1 = north.get()->books[0];
    QVERIFY(b1.get()->shelf == north);
    auto b2 = session.get<FlBook>(2);
    log.reset();
    auto south = b2.get()->shelf.get();
    QVERIFY(south);
    QCOMPARE(south.get()->label, "S2");
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, "SELECT fl_shelves.region, fl_shelves.number, "
                                                   "fl_shelves.label\nFROM fl_shelves\nWHERE "
                                                   "fl_shelves.region = ? AND fl_shelves.number = "
                                                   "?")}));

    // Moving a book sets both columns; taking one out of its shelf sets both to NULL.
    south->books.append(b1);
    QVERIFY(b1.get()->shelf == south);
    log.reset();
    session.flush();
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, updateBookShelf)}));
    QCOMPARE(log.params()[0], QVariantList({"south", 2, 1}));
    QVERIFY(south->books.removeOne(b2));
    log.reset();
    session.flush();
    QCOMPARE_SQL(log.sql(), QStringList({"SAVEPOINT sp_1", q(engine, updateBookShelf),
                                         "RELEASE SAVEPOINT sp_1"}));
    QCOMPARE(log.params()[1], QVariantList({QVariant(), QVariant(), 2}));
    QCOMPARE(b2.get()->shelfRegion, std::nullopt);
    QCOMPARE(b2.get()->shelfNumber, std::nullopt);
    session.commit();
    QCOMPARE(bookRows(engine),
             QList<QVariantList>({{1, "b1", "south", 2}, {2, "b2", QVariant(), QVariant()}}));

    // Deleting a shelf lets its books go: both columns NULL, before the shelf's DELETE.
    south = session.get<FlShelf>(QVariantList{"south", 2});
    session.remove(south);
    log.reset();
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN",
                     q(engine, "SELECT fl_books.id, fl_books.title, fl_books.shelf_region, "
                               "fl_books.shelf_number\nFROM fl_books\nWHERE ? = "
                               "fl_books.shelf_region AND ? = fl_books.shelf_number\nORDER BY "
                               "fl_books.id"),
                     q(engine, updateBookShelf),
                     q(engine, "DELETE FROM fl_shelves WHERE fl_shelves.region = ? AND "
                               "fl_shelves.number = ?"),
                     "COMMIT"}));
    QCOMPARE(log.params()[2], QVariantList({QVariant(), QVariant(), 1}));
    QCOMPARE(log.params()[3], QVariantList({"south", 2}));
    QCOMPARE(bookRows(engine), QList<QVariantList>({{1, "b1", QVariant(), QVariant()},
                                                    {2, "b2", QVariant(), QVariant()}}));
}

void TestFlush::compositeForeignKeyInOtherOrder()
{
    // A many-to-one finds its target by the target's key order, whatever order the foreign key
    // lists its columns in: from the identity map without SQL, else by one SELECT.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine);
        auto east = make<model::FlNote>();
        east->shelf = make<FlShelf>({.region = "east", .number = 7, .label = "E7"});
        s.add(east);
        s.commit();
    }
    QCOMPARE(
        dbRows(engine, mapper<model::FlNote>().table(), {"id", "shelf_number", "shelf_region"}),
        QList<QVariantList>({{1, 7, "east"}}));
    {
        Session s(engine);
        auto shelf = s.get<FlShelf>(QVariantList{"east", 7});
        QVERIFY(shelf);
        auto note = s.get<model::FlNote>(1);
        LogWatch log(engine);
        QVERIFY(note.get()->shelf == shelf);
        QCOMPARE(log.sql(), QStringList());
    }
    {
        Session s(engine);
        auto note = s.get<model::FlNote>(1);
        LogWatch log(engine);
        QCOMPARE(note.get()->shelf.get()->label, QStringLiteral("E7"));
        QCOMPARE(log.sql().size(), 1);
        QCOMPARE(log.params().front(), QVariantList({"east", 7}));
    }
}

void TestFlush::failedCompositeFlushKeepsChanges()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto north = make<FlShelf>({.region = "north", .number = 1, .label = "N1"});
    north->books.append(make<FlBook>({.title = "b1"}));
    session.add(north);
    session.commit();
    auto book = session.get<FlBook>(1);
    auto south = make<FlShelf>({.region = "south", .number = 2, .label = "S2"});
    south->books.append(book);                // moved to a new shelf
    auto bad = make<FlBook>({.title = "b1"}); // taken
    south->books.append(bad);
    session.add(south);
    LogWatch log(engine);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    QCOMPARE(log.sql().last(), QStringLiteral("ROLLBACK"));
    // The moved book's key columns are back as they were, its move still pending.
    QCOMPARE(book.get()->shelfRegion, "north");
    QCOMPARE(book.get()->shelfNumber, 1);
    QVERIFY(book.get()->shelf == south);
    QVERIFY(sameObjects(session.newObjects(), {south, bad}));
    QCOMPARE(bad.get()->id, 0);

    bad->title = "b2";
    session.commit();
    QCOMPARE(bookRows(engine),
             QList<QVariantList>({{1, "b1", "south", 2}, {bad.get()->id, "b2", "south", 2}}));
}

QTEST_GUILESS_MAIN(TestFlush)
#include "tst_flush.moc"
