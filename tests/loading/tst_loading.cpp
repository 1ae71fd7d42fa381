// Loading strategies and their statement counts: users -> orders (one-to-many) -> items
// (many-to-many) -> keywords (many-to-many). The counts are part of the contract; every
// strategy must give the same objects. Also: joined loading at any depth of a path, composite
// keys (tuple IN, 500 parents a statement), join depth of self-referential eager loading,
// dynamic collections, and containsEager along a query's own join.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QTest>

using namespace orm;
using qtorm::test::addBackendRows, qtorm::test::emails, qtorm::test::q, qtorm::test::resetSchema;

namespace loading {

struct Order;
struct Item;
struct Keyword;

struct User {
    qint64 id = 0;
    QString name;
    Collection<Order> orders;
};
struct Order {
    qint64 id = 0;
    QString description;
    std::optional<qint64> userId;
    Reference<User> user;
    Collection<Item> items;
};
struct Item {
    qint64 id = 0;
    QString description;
    Collection<Keyword> keywords;
};
struct Keyword {
    qint64 id = 0;
    QString name;
};

void mapping(Mapping<User>& m)
{
    m.table("load_users");
    m.column(&User::id, "id").primaryKey();
    m.column(&User::name, "name");
    m.relationship(&User::orders, "orders").backPopulates("user").orderBy({Expr(col(&Order::id))});
}
void mapping(Mapping<Order>& m)
{
    m.table("load_orders");
    m.column(&Order::id, "id").primaryKey();
    m.column(&Order::description, "description");
    m.column(&Order::userId, "user_id").references("load_users.id");
    m.relationship(&Order::user, "user").backPopulates("orders");
    m.relationship(&Order::items, "items")
        .secondary("load_order_items")
        .orderBy({Expr(col(&Item::id))});
}
void mapping(Mapping<Item>& m)
{
    m.table("load_items");
    m.column(&Item::id, "id").primaryKey();
    m.column(&Item::description, "description");
    m.relationship(&Item::keywords, "keywords")
        .secondary("load_item_keywords")
        .orderBy({Expr(col(&Keyword::id))});
}
void mapping(Mapping<Keyword>& m)
{
    m.table("load_keywords");
    m.column(&Keyword::id, "id").primaryKey();
    m.column(&Keyword::name, "name");
}

// The association tables, declared before the classes that refer to them are mapped.
void declareLinks()
{
    static bool done = false;
    if (done)
        return;
    done = true;
    MetaData& md = Registry::global().metadata();
    Table& orderItems = md.addTable("load_order_items");
    orderItems.addColumn("order_id", Integer()).references("load_orders.id");
    orderItems.addColumn("item_id", Integer()).references("load_items.id");
    orderItems.primaryKey({"order_id", "item_id"});
    Table& itemKeywords = md.addTable("load_item_keywords");
    itemKeywords.addColumn("item_id", Integer()).references("load_items.id");
    itemKeywords.addColumn("keyword_id", Integer()).references("load_keywords.id");
    itemKeywords.primaryKey({"item_id", "keyword_id"});
    mapper<User>();
    mapper<Order>();
    mapper<Item>();
    mapper<Keyword>();
}

// 4 users (2 without orders), 5 orders, 5 items shared between orders, keywords on some items.
void addData(Engine& engine)
{
    Session session(engine);
    QList<Ptr<Keyword>> keywords;
    for (const char* k : {"blue", "round", "big", "small"})
        keywords << make<Keyword>({.name = QString::fromLatin1(k)});
    QList<Ptr<Item>> items;
    for (int i = 0; i < 5; ++i) {
        auto item = make<Item>({.description = QStringLiteral("item %1").arg(i + 1)});
        for (int k = 0; k < i % 3; ++k)
            item->keywords.append(keywords[(i + k) % keywords.size()]);
        items << item;
    }
    QList<Ptr<User>> users;
    for (const char* name : {"jack", "ed", "fred", "chuck"})
        users << make<User>({.name = QString::fromLatin1(name)});
    const int owner[] = {0, 0, 0, 2, 2};
    for (int o = 0; o < 5; ++o) {
        auto order = make<Order>({.description = QStringLiteral("order %1").arg(o + 1)});
        for (int i = 0; i < 3; ++i)
            order->items.append(items[(o + i) % items.size()]);
        users[owner[o]]->orders.append(order);
    }
    for (const auto& u : users)
        session.add(u);
    session.commit();
}

// Every object of the graph, in traversal order; identical for every strategy.
QString touchAll(const QList<Ptr<User>>& users)
{
    QStringList out;
    for (const Ptr<User>& u : users) {
        out << u.get()->name;
        for (const Ptr<Order>& o : u->orders) {
            out << o.get()->description;
            for (const Ptr<Item>& i : o->items) {
                out << i.get()->description;
                for (const Ptr<Keyword>& k : i->keywords)
                    out << k.get()->name;
            }
        }
    }
    return out.join(u',');
}

// An item (or keyword) reached through several parents is one object, whatever loaded it; and
// each collection holds an object once.
bool sharedObjectsAreIdentical(const QList<Ptr<User>>& users)
{
    QHash<QString, const InstanceState*> seen;
    auto same = [&seen](const Object& o, const QString& name) {
        const auto it = seen.constFind(name);
        if (it != seen.constEnd())
            return it.value() == &o.state();
        seen.insert(name, &o.state());
        return true;
    };
    for (const Ptr<User>& u : users) {
        for (const Ptr<Order>& o : u->orders) {
            if (o.get()->user.get() != u || !same(o, o.get()->description))
                return false;
            QSet<const InstanceState*> inOrder;
            for (const Ptr<Item>& i : o->items) {
                if (!same(i, i.get()->description) || inOrder.contains(&i.state()))
                    return false;
                inOrder.insert(&i.state());
                for (const Ptr<Keyword>& k : i->keywords) {
                    if (!same(k, k.get()->name))
                        return false;
                }
            }
        }
    }
    return seen.size() == 5 + 5 + 4;
}

// The SQL sent since `before` (transaction statements aside).
QStringList sqlSince(const Engine& engine, quint64 before)
{
    QStringList out;
    for (const LogEntry& e : engine.log().entries()) {
        if (e.id > before && e.origin != Origin::Transaction)
            out << e.sql;
    }
    return out;
}

qint64 statementsSince(const Engine& engine, quint64 before)
{
    qint64 n = 0;
    for (const LogEntry& e : engine.log().entries())
        n += e.id > before && e.origin != Origin::Transaction ? 1 : 0;
    return n;
}

} // namespace loading

// ---- composite keys: books on shelves keyed by (region, number) -------------------------------

namespace composite {

struct Book;

struct Shelf {
    QString region;
    qint64 number = 0;
    QString label;
    Collection<Book> books;
};

struct Book {
    qint64 id = 0;
    QString title;
    std::optional<QString> shelfRegion;
    std::optional<qint64> shelfNumber;
    Reference<Shelf> shelf;
};

void mapping(Mapping<Shelf>& m)
{
    m.table("ck_shelves");
    m.column(&Shelf::region, "region").type(String(20)).primaryKey();
    m.column(&Shelf::number, "number").primaryKey();
    m.column(&Shelf::label, "label").type(String(50));
    m.relationship(&Shelf::books, "books").backPopulates("shelf").orderBy(QStringList{"id"});
}

void mapping(Mapping<Book>& m)
{
    m.table("ck_books");
    m.column(&Book::id, "id").primaryKey();
    m.column(&Book::title, "title").type(String(50));
    m.column(&Book::shelfRegion, "shelf_region").type(String(20));
    m.column(&Book::shelfNumber, "shelf_number");
    m.mapper().table().foreignKey({"shelf_region", "shelf_number"}, "ck_shelves",
                                  {"region", "number"});
    m.relationship(&Book::shelf, "shelf").backPopulates("books");
}

// Shelves (a, 1) with books 1 and 2, (a, 2) with book 3, (b, 1) empty; book 4 on no shelf.
// Rows are written with plain INSERTs: only loading is under test here.
void addShelves(Engine& engine)
{
    mapper<Shelf>();
    mapper<Book>();
    Session session(engine);
    const Table& shelves = mapper<Shelf>().table();
    const Table& books = mapper<Book>().table();
    QList<QVariantMap> shelfRows;
    for (const auto& [region, number] : {std::pair{"a", 1}, {"a", 2}, {"b", 1}})
        shelfRows << QVariantMap{{"region", QString::fromLatin1(region)},
                                 {"number", number},
                                 {"label", QStringLiteral("%1%2").arg(region).arg(number)}};
    session.execute(insert(shelves).values(shelfRows));
    QList<QVariantMap> bookRows;
    const QVariant none;
    bookRows << QVariantMap{{"id", 1}, {"title", "one"}, {"shelf_region", "a"}, {"shelf_number", 1}}
             << QVariantMap{{"id", 2}, {"title", "two"}, {"shelf_region", "a"}, {"shelf_number", 1}}
             << QVariantMap{{"id", 3},
                            {"title", "three"},
                            {"shelf_region", "a"},
                            {"shelf_number", 2}}
             << QVariantMap{
                    {"id", 4}, {"title", "four"}, {"shelf_region", none}, {"shelf_number", none}};
    session.execute(insert(books).values(bookRows));
    session.commit();
}

// "a1: one two; a2: three; b1:" for checking what a strategy loaded.
QString shelfContents(const QList<Ptr<Shelf>>& shelves)
{
    QStringList out;
    for (const Ptr<Shelf>& s : shelves) {
        QStringList titles;
        for (const Ptr<Book>& b : s->books)
            titles << b.get()->title;
        out << s.get()->label + u':' + (titles.isEmpty() ? QString() : u' ' + titles.join(u' '));
    }
    return out.join(QStringLiteral("; "));
}

} // namespace composite

// ---- dynamic relationships, containsEager, join depth ----------------------------------------

namespace more {

struct DynAddress;
struct DynUser {
    qint64 id = 0;
    QString name;
    Collection<DynAddress> addresses; // dynamic
};
struct DynAddress {
    qint64 id = 0;
    QString email;
    std::optional<qint64> userId;
    Reference<DynUser> user;
};

void mapping(Mapping<DynUser>& m)
{
    m.table("dyn_users");
    m.column(&DynUser::id, "id").primaryKey();
    m.column(&DynUser::name, "name");
    m.relationship(&DynUser::addresses, "addresses")
        .backPopulates("user")
        .lazy(Loading::Dynamic)
        .orderBy(QStringList{"email_address"});
}
void mapping(Mapping<DynAddress>& m)
{
    m.table("dyn_addresses");
    m.column(&DynAddress::id, "id").primaryKey();
    m.column(&DynAddress::email, "email_address");
    m.column(&DynAddress::userId, "user_id").references("dyn_users.id");
    m.relationship(&DynAddress::user, "user").backPopulates("addresses");
}

struct CeAddress;
struct CeUser {
    qint64 id = 0;
    QString name;
    QString fullname;
    Collection<CeAddress> addresses;
};
struct CeAddress {
    qint64 id = 0;
    QString email;
    std::optional<qint64> userId;
    Reference<CeUser> user;
};

void mapping(Mapping<CeUser>& m)
{
    m.table("ce_users");
    m.column(&CeUser::id, "id").primaryKey();
    m.column(&CeUser::name, "name");
    m.column(&CeUser::fullname, "fullname");
    m.relationship(&CeUser::addresses, "addresses")
        .backPopulates("user")
        .orderBy(QStringList{"id"});
}
void mapping(Mapping<CeAddress>& m)
{
    m.table("ce_addresses");
    m.column(&CeAddress::id, "id").primaryKey();
    m.column(&CeAddress::email, "email_address");
    m.column(&CeAddress::userId, "user_id").references("ce_users.id");
    m.relationship(&CeAddress::user, "user").backPopulates("addresses");
}

// Trees: SelNode loads its children with selectin two levels deep, JoinNode with joins two
// levels deep; EagerNode is mapped selectin without a join depth.
struct SelNode {
    qint64 id = 0;
    std::optional<qint64> parentId;
    QString name;
    Collection<SelNode> children;
};
struct JoinNode {
    qint64 id = 0;
    std::optional<qint64> parentId;
    QString name;
    Collection<JoinNode> children;
};
struct EagerNode {
    qint64 id = 0;
    std::optional<qint64> parentId;
    QString name;
    Collection<EagerNode> children;
};

template <class N>
void mapNode(Mapping<N>& m, const QString& table, Loading loading, int depth)
{
    m.table(table);
    m.column(&N::id, "id").primaryKey();
    m.column(&N::parentId, "parent_id").references(table + QStringLiteral(".id"));
    m.column(&N::name, "name");
    auto r = m.relationship(&N::children, "children");
    r.lazy(loading).orderBy(QStringList{"id"});
    if (depth > 0)
        r.joinDepth(depth);
}
void mapping(Mapping<SelNode>& m)
{
    mapNode(m, QStringLiteral("jd_sel_nodes"), Loading::Selectin, 2);
}
void mapping(Mapping<JoinNode>& m)
{
    mapNode(m, QStringLiteral("jd_join_nodes"), Loading::Joined, 2);
}
void mapping(Mapping<EagerNode>& m)
{
    mapNode(m, QStringLiteral("jd_eager_nodes"), Loading::Selectin, 0);
}

void mapAll()
{
    mapper<DynUser>();
    mapper<DynAddress>();
    mapper<CeUser>();
    mapper<CeAddress>();
    mapper<SelNode>();
    mapper<JoinNode>();
    mapper<EagerNode>();
}

// The nodes' names, depth first: "1(2(4(6) 5) 3)".
template <class N>
QString tree(const Ptr<N>& node)
{
    QStringList children;
    for (const Ptr<N>& c : node->children)
        children << tree(c);
    return node.get()->name + (children.isEmpty() ? QString() : u'(' + children.join(u' ') + u')');
}

// 1 -> 2, 3; 2 -> 4, 5; 4 -> 6.
template <class N>
void addTree(Engine& engine)
{
    Session session(engine);
    QList<QVariantMap> rows;
    const QVariant none;
    const std::pair<int, int> links[] = {{1, 0}, {2, 1}, {3, 1}, {4, 2}, {5, 2}, {6, 4}};
    for (const auto& [id, parent] : links)
        rows << QVariantMap{{"id", id},
                            {"parent_id", parent ? QVariant(parent) : none},
                            {"name", QString::number(id)}};
    session.execute(insert(mapper<N>().table()).values(rows));
    session.commit();
}

} // namespace more

using namespace loading;

class TestLoading : public QObject {
    Q_OBJECT

private slots:
    void statementCounts_data();
    void statementCounts();
    void raiseNoLoadImmediate_data() { addBackendRows(QStringLiteral("loading_options")); }
    void raiseNoLoadImmediate();
    void manyToOneFromIdentityMap_data() { addBackendRows(QStringLiteral("loading_m2o")); }
    void manyToOneFromIdentityMap();
    void joinedAtDepthStatements_data() { addBackendRows(QStringLiteral("loading_depth")); }
    void joinedAtDepthStatements();
    void compositeKeys_data() { addBackendRows(QStringLiteral("loading_composite")); }
    void compositeKeys();
    void compositeKeysInChunks_data() { addBackendRows(QStringLiteral("loading_chunks")); }
    void compositeKeysInChunks();
    void dynamicCollection_data() { addBackendRows(QStringLiteral("loading_dynamic")); }
    void dynamicCollection();
    void containsEagerManyToOne_data() { addBackendRows(QStringLiteral("loading_contains")); }
    void containsEagerManyToOne();
    void containsEagerCollection_data() { addBackendRows(QStringLiteral("loading_contains2")); }
    void containsEagerCollection();
    void joinDepth_data() { addBackendRows(QStringLiteral("loading_join_depth")); }
    void joinedLoadOverRepeatedRows_data() { addBackendRows(QStringLiteral("loading_repeats")); }
    void joinedLoadOverRepeatedRows();
    void joinedLoadLeavesNoCycles_data() { addBackendRows(QStringLiteral("loading_cycles")); }
    void joinedLoadLeavesNoCycles();
    void joinDepth();
};

void TestLoading::statementCounts_data()
{
    addBackendRows(QStringLiteral("loading"));
}

void TestLoading::statementCounts()
{
    QTORM_FETCH_URL();
    declareLinks();
    Engine engine(url);
    resetSchema(engine);
    addData(engine);

    struct Case {
        const char* name;
        std::function<Query<User>(Query<User>)> options;
        qint64 statements;
    };
    const std::vector<Case> cases = {
        {"all lazy", [](Query<User> q) { return q; }, 15},
        {"selectin/lazy/lazy", [](Query<User> q) { return q.options(selectinLoad(&User::orders)); },
         12},
        {"selectin/selectin/lazy",
         [](Query<User> q) {
             return q.options(selectinLoad(&User::orders).selectinLoad(&Order::items));
         },
         8},
        {"joined/selectin/lazy",
         [](Query<User> q) {
             return q.options(joinedLoad(&User::orders).selectinLoad(&Order::items));
         },
         7},
        {"selectin x3",
         [](Query<User> q) {
             return q.options(selectinLoad(&User::orders)
                                  .selectinLoad(&Order::items)
                                  .selectinLoad(&Item::keywords));
         },
         4},
        // Joined loading at any depth: the statement that loads the parents joins the children.
        {"selectin/selectin/joined",
         [](Query<User> q) {
             return q.options(selectinLoad(&User::orders)
                                  .selectinLoad(&Order::items)
                                  .joinedLoad(&Item::keywords));
         },
         3},
        {"selectin/joined/lazy",
         [](Query<User> q) {
             return q.options(selectinLoad(&User::orders).joinedLoad(&Order::items));
         },
         1 + 1 + 5},
        {"selectin/joined/joined",
         [](Query<User> q) {
             return q.options(
                 selectinLoad(&User::orders).joinedLoad(&Order::items).joinedLoad(&Item::keywords));
         },
         2},
        {"joined/joined/lazy",
         [](Query<User> q) {
             return q.options(joinedLoad(&User::orders).joinedLoad(&Order::items));
         },
         1 + 5},
        {"joined x3",
         [](Query<User> q) {
             return q.options(
                 joinedLoad(&User::orders).joinedLoad(&Order::items).joinedLoad(&Item::keywords));
         },
         1},
        {"joined/selectin/joined",
         [](Query<User> q) {
             return q.options(
                 joinedLoad(&User::orders).selectinLoad(&Order::items).joinedLoad(&Item::keywords));
         },
         2},
        {"joined/joined/selectin",
         [](Query<User> q) {
             return q.options(
                 joinedLoad(&User::orders).joinedLoad(&Order::items).selectinLoad(&Item::keywords));
         },
         2},
        // Subquery loading counts as selectin.
        {"subquery/lazy/lazy", [](Query<User> q) { return q.options(subqueryLoad(&User::orders)); },
         12},
        {"subquery x3",
         [](Query<User> q) {
             return q.options(subqueryLoad(&User::orders)
                                  .subqueryLoad(&Order::items)
                                  .subqueryLoad(&Item::keywords));
         },
         4},
        {"subquery/joined/lazy",
         [](Query<User> q) {
             return q.options(subqueryLoad(&User::orders).joinedLoad(&Order::items));
         },
         1 + 1 + 5},
        {"subquery/subquery/joined",
         [](Query<User> q) {
             return q.options(subqueryLoad(&User::orders)
                                  .subqueryLoad(&Order::items)
                                  .joinedLoad(&Item::keywords));
         },
         3},
        // Two options sharing a prefix load it once.
        {"selectin orders + selectin/joined",
         [](Query<User> q) {
             return q.options(selectinLoad(&User::orders))
                 .options(selectinLoad(&User::orders).joinedLoad(&Order::items));
         },
         1 + 1 + 5},
    };
    QString expectedGraph;
    for (const Case& c : cases) {
        Session session(engine);
        const quint64 before = engine.log().totalCount();
        const QList<Ptr<User>> users =
            c.options(session.query<User>().orderBy({col(&User::id)})).all();
        const QString graph = touchAll(users);
        // Touching everything again sends nothing: empty collections are loaded too.
        touchAll(users);
        QCOMPARE(users.size(), 4);
        QVERIFY2(sharedObjectsAreIdentical(users), c.name);
        QVERIFY2(statementsSince(engine, before) == c.statements,
                 qPrintable(QStringLiteral("%1: %2 statements, expected %3")
                                .arg(QLatin1String(c.name))
                                .arg(statementsSince(engine, before))
                                .arg(c.statements)));
        if (expectedGraph.isEmpty())
            expectedGraph = graph;
        QCOMPARE(graph, expectedGraph);
    }
    QVERIFY(expectedGraph.startsWith(
        QStringLiteral("jack,order 1,item 1,item 2,round,item 3,big,small,order 2")));

    // The subquery loader's second statement re-runs the query as a subquery, as the seed shows.
    Session session(engine);
    const quint64 before = engine.log().totalCount();
    session.query<User>()
        .filter(col(&User::name) != "ed")
        .options(subqueryLoad(&User::orders))
        .all();
    QStringList sql;
    for (const LogEntry& e : engine.log().entries()) {
        if (e.id > before && e.origin == Origin::EagerLoad)
            sql << e.sql;
    }
    const QString p = engine.dialect().placeholder(1);
    QCOMPARE(
        sql,
        QStringList(
            QStringLiteral(
                "SELECT load_orders.id, load_orders.description, load_orders.user_id, anon_1.id\n"
                "FROM (SELECT load_users.id, load_users.name\nFROM load_users\nWHERE "
                "load_users.name != %1) AS anon_1 JOIN load_orders ON anon_1.id = "
                "load_orders.user_id\nORDER BY anon_1.id, load_orders.id")
                .arg(p)));
}

void TestLoading::raiseNoLoadImmediate()
{
    QTORM_FETCH_URL();
    declareLinks();
    Engine engine(url);
    resetSchema(engine);
    addData(engine);
    const auto orderBy = std::vector<Expr>{col(&User::id)};
    {
        // raise: an unloaded relationship is an error naming it, and no SQL is sent for it.
        Session session(engine);
        const auto users =
            session.query<User>().orderBy(orderBy).options(raiseLoad(&User::orders)).all();
        const quint64 before = engine.log().totalCount();
        try {
            (void)users.front()->orders.size();
            QFAIL("lazy='raise' loaded anyway");
        } catch (const InvalidRequestError& e) {
            QCOMPARE(e.message(),
                     QStringLiteral("'User.orders' is not available due to lazy='raise'"));
        }
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // noload: empty, never loaded.
        Session session(engine);
        const auto users =
            session.query<User>().orderBy(orderBy).options(noLoad(&User::orders)).all();
        const quint64 before = engine.log().totalCount();
        QCOMPARE(users.front()->orders.size(), 0);
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // immediate: one SELECT per user right away, none on access.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto users =
            session.query<User>().orderBy(orderBy).options(immediateLoad(&User::orders)).all();
        QCOMPARE(statementsSince(engine, before), 1 + 4);
        before = engine.log().totalCount();
        QCOMPARE(users.front()->orders.size(), 3);
        QCOMPARE(statementsSince(engine, before), 0);
    }
}

void TestLoading::manyToOneFromIdentityMap()
{
    QTORM_FETCH_URL();
    declareLinks();
    Engine engine(url);
    resetSchema(engine);
    addData(engine);
    const auto byId = std::vector<Expr>{col(&Order::id)};
    Session session(engine);
    const auto users = session.query<User>().orderBy({col(&User::id)}).all();
    {
        // selectin of a many-to-one whose targets are all in the identity map: no statement.
        quint64 before = engine.log().totalCount();
        const auto orders =
            session.query<Order>().orderBy(byId).options(selectinLoad(&Order::user)).all();
        QCOMPARE(statementsSince(engine, before), 1);
        QCOMPARE(orders.size(), 5);
        for (const Ptr<Order>& o : orders)
            QVERIFY(o.get()->user.get() == users[o.get()->id <= 3 ? 0 : 2]);
        QCOMPARE(statementsSince(engine, before), 1);
    }
    session.expunge(users[0]);
    {
        // joined: the row's user columns give the object already in the Session, or a new one.
        quint64 before = engine.log().totalCount();
        const auto orders =
            session.query<Order>().orderBy(byId).options(joinedLoad(&Order::user)).all();
        QCOMPARE(statementsSince(engine, before), 1);
        const auto jack = orders[0].get()->user.get();
        QVERIFY(jack && jack != users[0]); // expunged: loaded again as a new object
        QCOMPARE(jack.get()->name, QStringLiteral("jack"));
        QVERIFY(orders[2].get()->user.get() == jack);
        QVERIFY(orders[3].get()->user.get() == users[2]);
        QCOMPARE(statementsSince(engine, before), 1);
    }
}

void TestLoading::joinedAtDepthStatements()
{
    QTORM_FETCH_URL();
    declareLinks();
    Engine engine(url);
    resetSchema(engine);
    addData(engine);
    const auto byId = std::vector<Expr>{col(&User::id)};
    {
        // selectin/selectin/joined: the selectin statement for items LEFT OUTER JOINs keywords.
        Session session(engine);
        const quint64 before = engine.log().totalCount();
        session.query<User>()
            .orderBy(byId)
            .options(
                selectinLoad(&User::orders).selectinLoad(&Order::items).joinedLoad(&Item::keywords))
            .all();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 3);
        QCOMPARE_SQL(sql[2],
                     q(engine,
                       "SELECT load_items.id, load_items.description, load_order_items.order_id, "
                       "load_keywords_1.id, load_keywords_1.name\n"
                       "FROM load_items JOIN load_order_items ON load_items.id = "
                       "load_order_items.item_id LEFT OUTER JOIN (load_item_keywords AS "
                       "load_item_keywords_1 JOIN load_keywords AS load_keywords_1 ON "
                       "load_keywords_1.id = load_item_keywords_1.keyword_id) ON load_items.id = "
                       "load_item_keywords_1.item_id\n"
                       "WHERE load_order_items.order_id IN (?, ?, ?, ?, ?)\n"
                       "ORDER BY load_items.id, load_keywords_1.id"));
        QCOMPARE_SQL(sql[1], q(engine, "SELECT load_orders.id, load_orders.description, "
                                       "load_orders.user_id\nFROM load_orders\n"
                                       "WHERE load_orders.user_id IN (?, ?, ?, ?)\n"
                                       "ORDER BY load_orders.id"));
    }
    {
        // joined x3: one statement, each level joined to the alias of the one above.
        Session session(engine);
        const quint64 before = engine.log().totalCount();
        session.query<User>()
            .orderBy(byId)
            .options(
                joinedLoad(&User::orders).joinedLoad(&Order::items).joinedLoad(&Item::keywords))
            .all();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 1);
        QCOMPARE_SQL(
            sql[0],
            q(engine,
              "SELECT load_users.id, load_users.name, load_orders_1.id, "
              "load_orders_1.description, load_orders_1.user_id, load_items_1.id, "
              "load_items_1.description, load_keywords_1.id, load_keywords_1.name\n"
              "FROM load_users LEFT OUTER JOIN load_orders AS load_orders_1 ON load_users.id = "
              "load_orders_1.user_id LEFT OUTER JOIN (load_order_items AS load_order_items_1 JOIN "
              "load_items AS load_items_1 ON load_items_1.id = load_order_items_1.item_id) ON "
              "load_orders_1.id = load_order_items_1.order_id LEFT OUTER JOIN (load_item_keywords "
              "AS load_item_keywords_1 JOIN load_keywords AS load_keywords_1 ON "
              "load_keywords_1.id = load_item_keywords_1.keyword_id) ON load_items_1.id = "
              "load_item_keywords_1.item_id\n"
              "ORDER BY load_users.id, load_orders_1.id, load_items_1.id, load_keywords_1.id"));
    }
    {
        // With LIMIT the limited query is wrapped, so the joins do not cut its children short.
        Session session(engine);
        const quint64 before = engine.log().totalCount();
        const auto jack = session.query<User>()
                              .orderBy(byId)
                              .options(joinedLoad(&User::orders).joinedLoad(&Order::items))
                              .first();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 1);
        QCOMPARE_SQL(
            sql[0],
            q(engine, "SELECT anon_1.id, anon_1.name, load_orders_1.id, load_orders_1.description, "
                      "load_orders_1.user_id, load_items_1.id, load_items_1.description\n"
                      "FROM (SELECT load_users.id, load_users.name\nFROM load_users\n"
                      "ORDER BY load_users.id\nLIMIT ?) AS anon_1 LEFT OUTER JOIN load_orders AS "
                      "load_orders_1 ON anon_1.id = load_orders_1.user_id LEFT OUTER JOIN "
                      "(load_order_items AS load_order_items_1 JOIN load_items AS load_items_1 ON "
                      "load_items_1.id = load_order_items_1.item_id) ON load_orders_1.id = "
                      "load_order_items_1.order_id\n"
                      "ORDER BY anon_1.id, load_orders_1.id, load_items_1.id"));
        QCOMPARE(jack.get()->orders.size(), 3);
        QCOMPARE(jack.get()->orders[0].get()->items.size(), 3);
        QCOMPARE(statementsSince(engine, before), 1);
    }
    {
        Session session(engine);
        const quint64 before = engine.log().totalCount();
        session.query<User>()
            .orderBy(byId)
            .options(subqueryLoad(&User::orders).joinedLoad(&Order::items))
            .all();
        const QStringList sql = sqlSince(engine, before);
        // subquery/joined: the subquery loader's statement joins the items.
        QCOMPARE(sql.size(), 2);
        QCOMPARE_SQL(sql[1],
                     q(engine, "SELECT load_orders.id, load_orders.description, "
                               "load_orders.user_id, anon_1.id, load_items_1.id, "
                               "load_items_1.description\n"
                               "FROM (SELECT load_users.id, load_users.name\nFROM load_users\n"
                               "ORDER BY load_users.id) AS anon_1 JOIN load_orders ON anon_1.id = "
                               "load_orders.user_id LEFT OUTER JOIN (load_order_items AS "
                               "load_order_items_1 JOIN load_items AS load_items_1 ON "
                               "load_items_1.id = load_order_items_1.item_id) ON load_orders.id = "
                               "load_order_items_1.order_id\n"
                               "ORDER BY anon_1.id, load_orders.id, load_items_1.id"));
    }
}

namespace {

void resetShelves(Engine& engine)
{
    using namespace composite;
    mapper<Shelf>();
    mapper<Book>();
    resetSchema(engine);
}

} // namespace

void TestLoading::compositeKeys()
{
    using namespace composite;
    QTORM_FETCH_URL();
    Engine engine(url);
    resetShelves(engine);
    addShelves(engine);
    const auto byKey = std::vector<Expr>{col(&Shelf::region), col(&Shelf::number)};
    const QString expected = QStringLiteral("a1: one two; a2: three; b1:");
    {
        // selectin, one-to-many: (a, b) IN ((?, ?), ...), one pair per parent.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto shelves =
            session.query<Shelf>().orderBy(byKey).options(selectinLoad(&Shelf::books)).all();
        const QList<LogEntry> log = engine.log().entries();
        QCOMPARE(sqlSince(engine, before).size(), 2);
        QCOMPARE_SQL(log.back().sql,
                     q(engine, "SELECT ck_books.id, ck_books.title, ck_books.shelf_region, "
                               "ck_books.shelf_number\nFROM ck_books\n"
                               "WHERE (ck_books.shelf_region, ck_books.shelf_number) IN "
                               "((?, ?), (?, ?), (?, ?))\nORDER BY ck_books.id"));
        QCOMPARE(log.back().params, (QVariantList{"a", 1, "a", 2, "b", 1}));
        before = engine.log().totalCount();
        QCOMPARE(shelfContents(shelves), expected);
        QCOMPARE(statementsSince(engine, before), 0); // the empty shelf is loaded too
    }
    {
        // selectin, many-to-one: the shelves' own key in the tuple; the shelf without books
        // and the book without a shelf cost nothing.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto books = session.query<Book>()
                               .orderBy({col(&Book::id)})
                               .options(selectinLoad(&Book::shelf))
                               .all();
        const QList<LogEntry> log = engine.log().entries();
        QCOMPARE(sqlSince(engine, before).size(), 2);
        QCOMPARE_SQL(log.back().sql,
                     q(engine, "SELECT ck_shelves.region, ck_shelves.number, ck_shelves.label\n"
                               "FROM ck_shelves\n"
                               "WHERE (ck_shelves.region, ck_shelves.number) IN ((?, ?), (?, ?))"));
        QCOMPARE(log.back().params, (QVariantList{"a", 1, "a", 2}));
        before = engine.log().totalCount();
        QCOMPARE(books.size(), 4);
        QVERIFY(books[0].get()->shelf.get() == books[1].get()->shelf.get()); // one object
        QCOMPARE(books[0].get()->shelf->label, QStringLiteral("a1"));
        QCOMPARE(books[2].get()->shelf->label, QStringLiteral("a2"));
        QVERIFY(!books[3].get()->shelf); // absent: null, not loaded again
        QVERIFY(!books[3].get()->shelf.get());
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // joined: the ON clause pairs both columns.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto shelves =
            session.query<Shelf>().orderBy(byKey).options(joinedLoad(&Shelf::books)).all();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 1);
        QCOMPARE_SQL(sql[0],
                     q(engine, "SELECT ck_shelves.region, ck_shelves.number, ck_shelves.label, "
                               "ck_books_1.id, ck_books_1.title, ck_books_1.shelf_region, "
                               "ck_books_1.shelf_number\n"
                               "FROM ck_shelves LEFT OUTER JOIN ck_books AS ck_books_1 ON "
                               "ck_shelves.region = ck_books_1.shelf_region AND ck_shelves.number "
                               "= ck_books_1.shelf_number\n"
                               "ORDER BY ck_shelves.region, ck_shelves.number, ck_books_1.id"));
        before = engine.log().totalCount();
        QCOMPARE(shelves.size(), 3);
        QCOMPARE(shelfContents(shelves), expected);
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // joined, many-to-one.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto books =
            session.query<Book>().orderBy({col(&Book::id)}).options(joinedLoad(&Book::shelf)).all();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 1);
        QCOMPARE_SQL(sql[0],
                     q(engine, "SELECT ck_books.id, ck_books.title, ck_books.shelf_region, "
                               "ck_books.shelf_number, ck_shelves_1.region, ck_shelves_1.number, "
                               "ck_shelves_1.label\n"
                               "FROM ck_books LEFT OUTER JOIN ck_shelves AS ck_shelves_1 ON "
                               "ck_shelves_1.region = ck_books.shelf_region AND "
                               "ck_shelves_1.number = ck_books.shelf_number\n"
                               "ORDER BY ck_books.id"));
        before = engine.log().totalCount();
        QVERIFY(books[0].get()->shelf.get() == books[1].get()->shelf.get());
        QCOMPARE(books[2].get()->shelf->label, QStringLiteral("a2"));
        QVERIFY(!books[3].get()->shelf);
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // subquery: the query runs again as a subquery joined on both columns.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto shelves =
            session.query<Shelf>().orderBy(byKey).options(subqueryLoad(&Shelf::books)).all();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 2);
        QCOMPARE_SQL(sql[1],
                     q(engine,
                       "SELECT ck_books.id, ck_books.title, ck_books.shelf_region, "
                       "ck_books.shelf_number, anon_1.region, anon_1.number\n"
                       "FROM (SELECT ck_shelves.region, ck_shelves.number, ck_shelves.label\n"
                       "FROM ck_shelves\nORDER BY ck_shelves.region, ck_shelves.number) AS anon_1 "
                       "JOIN ck_books ON anon_1.region = ck_books.shelf_region AND anon_1.number = "
                       "ck_books.shelf_number\n"
                       "ORDER BY anon_1.region, anon_1.number, ck_books.id"));
        before = engine.log().totalCount();
        QCOMPARE(shelfContents(shelves), expected);
        QCOMPARE(statementsSince(engine, before), 0);
    }
}

void TestLoading::compositeKeysInChunks()
{
    using namespace composite;
    QTORM_FETCH_URL();
    Engine engine(url);
    resetShelves(engine);
    {
        // 501 shelves with one book each.
        Session session(engine);
        QList<QVariantMap> shelves;
        QList<QVariantMap> books;
        for (int i = 1; i <= 501; ++i) {
            shelves << QVariantMap{{"region", "z"}, {"number", i}, {"label", QString::number(i)}};
            books << QVariantMap{{"id", i},
                                 {"title", QStringLiteral("book %1").arg(i)},
                                 {"shelf_region", "z"},
                                 {"shelf_number", i}};
        }
        session.execute(insert(mapper<Shelf>().table()).values(shelves));
        session.execute(insert(mapper<Book>().table()).values(books));
        session.commit();
    }
    Session session(engine);
    const quint64 before = engine.log().totalCount();
    const auto shelves = session.query<Shelf>()
                             .orderBy({col(&Shelf::number)})
                             .options(selectinLoad(&Shelf::books))
                             .all();
    QList<LogEntry> loads;
    for (const LogEntry& e : engine.log().entries()) {
        if (e.id > before && e.origin == Origin::EagerLoad)
            loads << e;
    }
    // At most 500 parents per statement: 500 pairs, then the last one.
    QCOMPARE(loads.size(), 2);
    QCOMPARE(loads[0].params.size(), 1000);
    QVERIFY(loads[1].sql.contains(q(engine, "IN ((?, ?))")));
    QCOMPARE(loads[1].params, (QVariantList{"z", 501}));
    const quint64 after = engine.log().totalCount();
    QCOMPARE(shelves.size(), 501);
    for (const Ptr<Shelf>& s : shelves) {
        QCOMPARE(s.get()->books.size(), 1);
        QCOMPARE(s.get()->books.at(0).get()->title, QStringLiteral("book %1").arg(s.get()->number));
    }
    QCOMPARE(statementsSince(engine, after), 0);
}

namespace {

void resetMore(Engine& engine)
{
    more::mapAll();
    resetSchema(engine);
}

} // namespace

void TestLoading::dynamicCollection()
{
    using namespace more;
    QTORM_FETCH_URL();
    Engine engine(url);
    resetMore(engine);
    {
        Session session(engine);
        auto jack = make<DynUser>({.name = "jack"});
        for (const char* e : {"c@x", "a@x", "b@x"})
            jack->addresses.append(make<DynAddress>({.email = QString::fromLatin1(e)}));
        session.add(jack);
        session.add(make<DynUser>({.name = "ed"}));
        session.commit();
    }
    Session session(engine);
    const auto jack = session.query<DynUser>().filterBy(&DynUser::name, "jack").one();

    // query(): filtered by the owner, ordered as mapped, refined further by the caller.
    quint64 before = engine.log().totalCount();
    QCOMPARE(emails(jack->addresses.query().all()), (QStringList{"a@x", "b@x", "c@x"}));
    QCOMPARE_SQL(sqlSince(engine, before).join(u'|'),
                 q(engine,
                   "SELECT dyn_addresses.id, dyn_addresses.email_address, "
                   "dyn_addresses.user_id\nFROM dyn_addresses\n"
                   "WHERE ? = dyn_addresses.user_id\nORDER BY dyn_addresses.email_address"));
    QCOMPARE(engine.log().entries().back().params, QVariantList{jack.get()->id});
    QCOMPARE(emails(jack->addresses.query().filter(col(&DynAddress::email).like("b%")).all()),
             QStringList{"b@x"});
    QCOMPARE(jack->addresses.query().count(), 3);
    QCOMPARE(emails(jack->addresses.query().limit(2).all()), (QStringList{"a@x", "b@x"}));

    // Never loaded whole: eager options are refused, by name.
    QVERIFY_THROWS_EXCEPTION(
        InvalidRequestError,
        session.query<DynUser>().options(selectinLoad(&DynUser::addresses)).all());

    // append() in memory sends nothing; the autoflush before the next query writes it.
    auto d = make<DynAddress>({.email = "d@x"});
    before = engine.log().totalCount();
    jack->addresses.append(d);
    QCOMPARE(statementsSince(engine, before), 0);
    QVERIFY(d.get()->user.get() == jack); // the other side, in memory
    QCOMPARE(jack->addresses.query().count(), 4);
    QStringList sql = sqlSince(engine, before);
    QCOMPARE(sql.size(), 2);
    QVERIFY(sql[0].startsWith(QStringLiteral("INSERT INTO dyn_addresses")));
    QCOMPARE(d.get()->userId, std::optional<qint64>(jack.get()->id));

    // Iterating runs the query, once per loop.
    before = engine.log().totalCount();
    QStringList seen;
    for (const Ptr<DynAddress>& a : jack->addresses)
        seen << a.get()->email;
    QCOMPARE(seen, (QStringList{"a@x", "b@x", "c@x", "d@x"}));
    QCOMPARE(statementsSince(engine, before), 1);

    // removeOne() of a child only in the database: let go at the next flush.
    const auto b = jack->addresses.query().filterBy(&DynAddress::email, "b@x").one();
    before = engine.log().totalCount();
    QVERIFY(jack->addresses.removeOne(b));
    QCOMPARE(statementsSince(engine, before), 0);
    QVERIFY(!b.get()->user);
    QCOMPARE(emails(jack->addresses.toList()), (QStringList{"a@x", "c@x", "d@x"}));
    sql = sqlSince(engine, before);
    QCOMPARE(sql.size(), 2);
    QVERIFY(sql[0].startsWith(QStringLiteral("UPDATE dyn_addresses SET user_id")));
    QCOMPARE(b.get()->userId, std::nullopt);
    session.commit();

    // A pending owner is flushed for its key.
    auto wendy = make<DynUser>({.name = "wendy"});
    wendy->addresses.append(make<DynAddress>({.email = "w@x"}));
    session.add(wendy);
    QCOMPARE(emails(wendy->addresses.query().all()), QStringList{"w@x"});
    session.commit();

    // Deleting the owner lets its children go, read through the query.
    const auto ed = session.query<DynUser>().filterBy(&DynUser::name, "ed").one();
    auto e = make<DynAddress>({.email = "e@x"});
    ed->addresses.append(e);
    session.commit();
    session.remove(ed);
    session.commit();
    QCOMPARE(e.get()->userId, std::nullopt);
    QCOMPARE(session.query<DynAddress>().filter(col(&DynAddress::userId).isNull()).count(), 2);

    // Detached: no query.
    session.close();
    QVERIFY_THROWS_EXCEPTION(DetachedInstanceError, (void)jack.get()->addresses.query());
    // A collection that is not dynamic has no query().
    Session other(engine);
    const auto ce = make<CeUser>({.name = "x"});
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError, (void)ce.get()->addresses.query());
}

namespace {

void addCeData(Engine& engine)
{
    using namespace more;
    Session session(engine);
    auto jack = make<CeUser>({.name = "jack", .fullname = "Jack Bean"});
    jack->addresses.append(make<CeAddress>({.email = "jack@google.com"}));
    jack->addresses.append(make<CeAddress>({.email = "j25@yahoo.com"}));
    jack->addresses.append(make<CeAddress>({.email = "jack2@google.com"}));
    auto wendy = make<CeUser>({.name = "wendy", .fullname = "Wendy Williams"});
    wendy->addresses.append(make<CeAddress>({.email = "wendy@google.com"}));
    auto ed = make<CeUser>({.name = "ed", .fullname = "Ed Jones"});
    session.addAll({jack, wendy, ed});
    session.commit();
}

} // namespace

void TestLoading::containsEagerManyToOne()
{
    using namespace more;
    QTORM_FETCH_URL();
    Engine engine(url);
    resetMore(engine);
    addCeData(engine);
    // The seed's example: addresses of the user named jack, each address's user filled from
    // the same row.
    Session session(engine);
    const quint64 before = engine.log().totalCount();
    const auto jacksAddresses = session.query<CeAddress>()
                                    .join(&CeAddress::user)
                                    .filter(col(&CeUser::name) == "jack")
                                    .orderBy({col(&CeAddress::id)})
                                    .options(containsEager(&CeAddress::user))
                                    .all();
    QCOMPARE_SQL(sqlSince(engine, before).join(u'|'),
                 q(engine, "SELECT ce_users.id, ce_users.name, ce_users.fullname, "
                           "ce_addresses.id, ce_addresses.email_address, ce_addresses.user_id\n"
                           "FROM ce_addresses JOIN ce_users ON ce_users.id = ce_addresses.user_id\n"
                           "WHERE ce_users.name = ?\nORDER BY ce_addresses.id"));
    QCOMPARE(engine.log().entries().back().params, QVariantList{"jack"});
    QCOMPARE(emails(jacksAddresses),
             (QStringList{"jack@google.com", "j25@yahoo.com", "jack2@google.com"}));
    const quint64 after = engine.log().totalCount();
    const auto jack = jacksAddresses[0].get()->user.get();
    QCOMPARE(jack.get()->fullname, QStringLiteral("Jack Bean"));
    QVERIFY(jacksAddresses[1].get()->user.get() == jack);
    QVERIFY(jacksAddresses[2].get()->user.get() == jack);
    QCOMPARE(statementsSince(engine, after), 0);

    // Without the join the option has nothing to read from.
    QVERIFY_THROWS_EXCEPTION(
        InvalidRequestError,
        session.query<CeAddress>().options(containsEager(&CeAddress::user)).all());
}

void TestLoading::containsEagerCollection()
{
    using namespace more;
    QTORM_FETCH_URL();
    Engine engine(url);
    resetMore(engine);
    addCeData(engine);
    const auto order = std::vector<Expr>{col(&CeUser::id), col(&CeAddress::id)};
    {
        // The collection holds the addresses the criteria kept; users come once each.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto users = session.query<CeUser>()
                               .join(&CeUser::addresses)
                               .filter(col(&CeAddress::email).like("%@google.com"))
                               .orderBy(order)
                               .options(containsEager(&CeUser::addresses))
                               .all();
        QCOMPARE_SQL(sqlSince(engine, before).join(u'|'),
                     q(engine, "SELECT ce_addresses.id, ce_addresses.email_address, "
                               "ce_addresses.user_id, ce_users.id, ce_users.name, "
                               "ce_users.fullname\n"
                               "FROM ce_users JOIN ce_addresses ON ce_users.id = "
                               "ce_addresses.user_id\n"
                               "WHERE ce_addresses.email_address LIKE ?\n"
                               "ORDER BY ce_users.id, ce_addresses.id"));
        before = engine.log().totalCount();
        QCOMPARE(users.size(), 2);
        QCOMPARE(users[0].get()->name, QStringLiteral("jack"));
        QCOMPARE(emails(users[0].get()->addresses.toList()),
                 (QStringList{"jack@google.com", "jack2@google.com"}));
        QCOMPARE(emails(users[1].get()->addresses.toList()), QStringList{"wendy@google.com"});
        QVERIFY(users[0].get()->addresses.at(0).get()->user.get() == users[0]);
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // outerJoin: a user without addresses comes with an empty collection, loaded.
        Session session(engine);
        const auto users = session.query<CeUser>()
                               .outerJoin(&CeUser::addresses)
                               .orderBy(order)
                               .options(containsEager(&CeUser::addresses))
                               .all();
        const quint64 before = engine.log().totalCount();
        QCOMPARE(users.size(), 3);
        QCOMPARE(users[0].get()->addresses.size(), 3);
        QCOMPARE(users[2].get()->name, QStringLiteral("ed"));
        QVERIFY(users[2].get()->addresses.isEmpty());
        QCOMPARE(statementsSince(engine, before), 0);
    }
    {
        // join() alone filters (users uniqued); the collection then loads whole, lazily.
        Session session(engine);
        const auto users = session.query<CeUser>()
                               .join(&CeUser::addresses)
                               .filter(col(&CeAddress::email).like("%@google.com"))
                               .orderBy(order)
                               .all();
        QCOMPARE(users.size(), 2);
        const quint64 before = engine.log().totalCount();
        QCOMPARE(users[0].get()->addresses.size(), 3);
        QCOMPARE(statementsSince(engine, before), 1);
        QCOMPARE(session.query<CeUser>().join(&CeUser::addresses).count(), 4); // rows, as SQL
    }
}

void TestLoading::joinDepth()
{
    using namespace more;
    QTORM_FETCH_URL();
    Engine engine(url);
    resetMore(engine);
    addTree<SelNode>(engine);
    addTree<JoinNode>(engine);
    addTree<EagerNode>(engine);
    const QString expected = QStringLiteral("1(2(4(6) 5) 3)");
    {
        // selectin, join depth 2: the query, then one SELECT per level for two levels.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto root = session.query<SelNode>().filter(col(&SelNode::parentId).isNull()).one();
        QCOMPARE(statementsSince(engine, before), 3);
        before = engine.log().totalCount();
        QCOMPARE(root->children.size(), 2);
        QCOMPARE(root->children[0]->children.size(), 2); // loaded
        QCOMPARE(statementsSince(engine, before), 0);
        // The third level is lazy: one SELECT per node of the second level (4, 5), then 6.
        QCOMPARE(tree(root), expected);
        QCOMPARE(statementsSince(engine, before), 2 + 1);
    }
    {
        // joined, join depth 2: one statement with two aliased self-joins.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto roots =
            session.query<JoinNode>().filter(col(&JoinNode::parentId).isNull()).all();
        const QStringList sql = sqlSince(engine, before);
        QCOMPARE(sql.size(), 1);
        QCOMPARE_SQL(
            sql[0],
            q(engine,
              "SELECT jd_join_nodes.id, jd_join_nodes.parent_id, jd_join_nodes.name, "
              "jd_join_nodes_1.id, jd_join_nodes_1.parent_id, jd_join_nodes_1.name, "
              "jd_join_nodes_2.id, jd_join_nodes_2.parent_id, jd_join_nodes_2.name\n"
              "FROM jd_join_nodes LEFT OUTER JOIN jd_join_nodes AS jd_join_nodes_1 ON "
              "jd_join_nodes.id = jd_join_nodes_1.parent_id LEFT OUTER JOIN jd_join_nodes AS "
              "jd_join_nodes_2 ON jd_join_nodes_1.id = jd_join_nodes_2.parent_id\n"
              "WHERE jd_join_nodes.parent_id IS NULL\n"
              "ORDER BY jd_join_nodes_1.id, jd_join_nodes_2.id"));
        QCOMPARE(roots.size(), 1);
        before = engine.log().totalCount();
        QCOMPARE(roots[0]->children[0]->children.size(), 2);
        QCOMPARE(statementsSince(engine, before), 0);
        QCOMPARE(tree(roots[0]), expected);
        QCOMPARE(statementsSince(engine, before), 2 + 1);
    }
    {
        // Without a join depth a self-referential eager relationship is not eager at all (it
        // would never end): everything loads lazily.
        Session session(engine);
        quint64 before = engine.log().totalCount();
        const auto root =
            session.query<EagerNode>().filter(col(&EagerNode::parentId).isNull()).one();
        QCOMPARE(statementsSince(engine, before), 1);
        QCOMPARE(tree(root), expected);
        QCOMPARE(statementsSince(engine, before), 1 + 6);
    }
    {
        // An option still loads it, one level: the mapped default does not go on from there.
        Session session(engine);
        const quint64 before = engine.log().totalCount();
        const auto root = session.query<EagerNode>()
                              .filter(col(&EagerNode::parentId).isNull())
                              .options(selectinLoad(&EagerNode::children))
                              .one();
        QCOMPARE(statementsSince(engine, before), 2);
        QCOMPARE(root->children.size(), 2);
        QCOMPARE(statementsSince(engine, before), 2);
        QCOMPARE(root->children[0]->children.size(), 2);
        QCOMPARE(statementsSince(engine, before), 3);
    }
}

QTEST_GUILESS_MAIN(TestLoading)
#include "tst_loading.moc"

void TestLoading::joinedLoadOverRepeatedRows()
{
    // The query's own join repeats each user once per order, and the joined load's join repeats
    // it again per order: every order is in its user's collection once, in order, whether the
    // order is loaded by this statement or was in the Session before.
    QTORM_FETCH_URL();
    declareLinks();
    Engine engine(url);
    resetSchema(engine);
    addData(engine);
    Session session(engine);
    const auto descriptions = [](const Ptr<User>& user) {
        QStringList out;
        for (const Ptr<Order>& o : user.get()->orders)
            out << o.get()->description;
        return out;
    };
    const auto load = [&] {
        return session.query<User>()
            .join(&User::orders)
            .orderBy({col(&User::id)})
            .options(joinedLoad(&User::orders).joinedLoad(&Order::items))
            .populateExisting()
            .all();
    };
    for (int round = 0; round < 2; ++round) { // round 1: every object is already loaded
        const quint64 before = engine.log().totalCount();
        const auto users = load();
        QCOMPARE(statementsSince(engine, before), 1);
        QCOMPARE(users.size(), 2); // the users with orders, once each
        QCOMPARE(descriptions(users[0]), QStringList({"order 1", "order 2", "order 3"}));
        QCOMPARE(descriptions(users[1]), QStringList({"order 4", "order 5"}));
        QCOMPARE(users[0].get()->orders[0].get()->items.size(), 3);
    }
}

void TestLoading::joinedLoadLeavesNoCycles()
{
    // After a joined load, children point back at their parent weakly (as after any load), so
    // a parent and its children are freed once nobody holds them: whether the children are new,
    // were loaded before with their reference to the parent, or get it from the same statement.
    QTORM_FETCH_URL();
    declareLinks();
    Engine engine(url);
    resetSchema(engine);
    addData(engine);
    Session session(engine);
    const auto jackFreed = [](QList<Ptr<User>> users, QList<Ptr<Order>> orders) {
        const std::weak_ptr<InstanceState> jack = users.value(0).shared();
        const std::weak_ptr<InstanceState> order = orders.value(0).shared();
        users.clear();
        orders.clear();
        return !jack.expired()    ? QStringLiteral("jack is alive")
               : !order.expired() ? QStringLiteral("order 1 is alive")
                                  : QString();
    };
    const auto jacksOrders = [](const Ptr<User>& jack) {
        QList<Ptr<Order>> out;
        for (const Ptr<Order>& o : jack.get()->orders)
            out << o;
        return out;
    };
    const Expr jackOnly = col(&User::name) == QStringLiteral("jack");

    // New children.
    QList<Ptr<User>> users =
        session.query<User>().filter(jackOnly).options(joinedLoad(&User::orders)).all();
    QCOMPARE(users.size(), 1);
    QList<Ptr<Order>> orders = jacksOrders(users[0]);
    QCOMPARE(orders.size(), 3);
    quint64 before = engine.log().totalCount();
    QCOMPARE(orders[0].get()->user.get(), users[0]); // from the identity map
    QCOMPARE(statementsSince(engine, before), 0);
    QCOMPARE(jackFreed(std::move(users), std::move(orders)), QString());

    // Children loaded before, with their reference to jack loaded first.
    orders = session.query<Order>().orderBy({col(&Order::id)}).all();
    QCOMPARE(orders.size(), 5);
    QCOMPARE(orders[0].get()->user.get().get()->name, QStringLiteral("jack"));
    users = session.query<User>().filter(jackOnly).options(joinedLoad(&User::orders)).all();
    QCOMPARE(jacksOrders(users.value(0)).size(), 3);
    QCOMPARE(orders[0].get()->user.get(), users[0]);
    QCOMPARE(jackFreed(std::move(users), std::move(orders)), QString());

    // The reference set by the same statement.
    users = session.query<User>()
                .filter(jackOnly)
                .options(joinedLoad(&User::orders).joinedLoad(&Order::user))
                .all();
    orders = jacksOrders(users.value(0));
    QCOMPARE(orders.size(), 3);
    before = engine.log().totalCount();
    QCOMPARE(orders[2].get()->user.get(), users[0]);
    QCOMPARE(statementsSince(engine, before), 0);
    QCOMPARE(jackFreed(std::move(users), std::move(orders)), QString());
}
