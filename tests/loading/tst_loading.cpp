// Loading strategies and their statement counts: users -> orders (one-to-many) -> items
// (many-to-many) -> keywords (many-to-many). The counts are part of the contract; every
// strategy must give the same objects.

#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QTest>

using namespace orm;
using qtorm::test::addBackendRows;

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

qint64 statementsSince(const Engine& engine, quint64 before)
{
    qint64 n = 0;
    for (const LogEntry& e : engine.log().entries())
        n += e.id > before && e.origin != Origin::Transaction ? 1 : 0;
    return n;
}

} // namespace loading

using namespace loading;

class TestLoading : public QObject {
    Q_OBJECT

private slots:
    void statementCounts_data();
    void statementCounts();
    void raiseNoLoadImmediate_data() { addBackendRows(QStringLiteral("loading_options")); }
    void raiseNoLoadImmediate();
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
    Registry::global().metadata().dropAll(engine);
    Registry::global().metadata().createAll(engine);
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
    Registry::global().metadata().dropAll(engine);
    Registry::global().metadata().createAll(engine);
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

QTEST_GUILESS_MAIN(TestLoading)
#include "tst_loading.moc"
