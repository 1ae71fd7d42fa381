// The SQL expression layer, compiled and never executed: for each construct, the exact text the
// SQLite and PostgreSQL dialects produce and the exact values bound to its placeholders.

#include "orm/errors.h"
#include "orm/sql/ddl.h"
#include "orm/sql/dml.h"
#include "orm/sql/metadata.h"
#include "orm/sql/postgresqldialect.h"
#include "orm/sql/select.h"
#include "orm/sql/sqlitedialect.h"

#include <QDateTime>
#include <QJsonValue>
#include <QTest>
#include <QUuid>

using namespace orm;

namespace {

// The tables of the seed's ORM tutorial: users with addresses, blog posts with keywords.
struct Tutorial {
    MetaData metadata;
    Table& users = metadata.addTable(QStringLiteral("users"));
    Table& addresses = metadata.addTable(QStringLiteral("addresses"));
    Table& keywords = metadata.addTable(QStringLiteral("keywords"));
    Table& posts = metadata.addTable(QStringLiteral("posts"));
    Table& postKeywords = metadata.addTable(QStringLiteral("post_keywords"));

    Tutorial()
    {
        users.addColumn("id", Integer()).primaryKey();
        users.addColumn("name", String(50)).notNull();
        users.addColumn("fullname", String(50));
        users.addColumn("nickname", String(50));

        addresses.addColumn("id", Integer()).primaryKey();
        addresses.addColumn("email_address", String(100)).notNull();
        addresses.addColumn("user_id", Integer()).references("users.id");

        keywords.addColumn("id", Integer()).primaryKey();
        keywords.addColumn("keyword", String(50)).notNull().unique();

        posts.addColumn("id", Integer()).primaryKey();
        posts.addColumn("user_id", Integer()).references("users.id");
        posts.addColumn("headline", String(255)).notNull();
        posts.addColumn("body", Text());

        postKeywords.addColumn("post_id", Integer());
        postKeywords.addColumn("keyword_id", Integer());
        postKeywords.primaryKey({"post_id", "keyword_id"});
        postKeywords.foreignKey({"post_id"}, "posts", {"id"}, ReferentialAction::Cascade);
        postKeywords.foreignKey({"keyword_id"}, "keywords", {"id"});
    }
};

// Type and value of each bound value: QTest (6.4) cannot print a NULL QVariant, and
// QVariant's == would take 1 (int) for 1 (qlonglong).
QString describe(const QVariantList& values)
{
    QStringList out;
    for (const QVariant& v : values) {
        out << (v.isValid() ? QString::fromLatin1(v.metaType().name()) + u'(' + v.toString() + u')'
                            : QStringLiteral("NULL"));
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

// Compiles `statement` with both dialects and compares the SQL text and the bound values
// (value and type); the remaining arguments are the expected values, in placeholder order.
#define COMPARE_SQL(statement, sqlite, postgresql, ...)                                            \
    do {                                                                                           \
        if (!compareSql(statement, sqlite, postgresql, QVariantList{__VA_ARGS__}, __FILE__,        \
                        __LINE__))                                                                 \
            return;                                                                                \
    } while (false)

class TestSql : public QObject {
    Q_OBJECT

private slots:
    void types();

    void createTableTypes();
    void createTableDefaults();
    void createTableCompositePrimaryKey();
    void autoincrementRules();
    void foreignKeys();
    void uniqueAndCheckConstraints();
    void indexes();
    void dropTable();
    void alterTableForeignKeys();
    void sortedTables();

    void selectColumns();
    void selectFrom();
    void joins();
    void joinErrors();
    void aliases();
    void derivedTables();
    void whereGroupByHaving();
    void orderBy();
    void limitOffset();
    void distinct();
    void exists();
    void unions();
    void scalarSubquery();
    void labels();

    void insertRow();
    void insertClientDefaults();
    void insertMultiRow();
    void insertFromSelect();
    void insertReturning();
    void insertDefaultValues();
    void insertUnknownColumn();
    void updateWhere();
    void deleteWhere();

    void aggregateFunctions();
    void scalarFunctions();
    void caseAndCast();

    void comparisons();
    void arithmeticPrecedence();
    void like();
    void inLists();
    void nullComparisons();
    void between();
    void booleanLogic();
    void startsEndsContains();

    void textPlaceholders();
    void textBindErrors();
    void bindParam();

    void quotedIdentifiers();
    void valuesNeverInSql();

    void cacheSameShape();
    void cacheDifferentShapes();
    void cacheAliasesAndSubqueries();

    void generativeSelect();

private:
    bool compareSql(const Statement& statement, const QString& sqlite, const QString& postgresql,
                    const QVariantList& values, const char* file, int line);
    // Expects `statement` to be rejected by `dialect` with an orm::ArgumentError.
    static bool rejects(const Dialect& dialect, const Statement& statement);

    SqliteDialect m_sqlite;
    PostgresqlDialect m_pg;
    Tutorial m_db;
};

bool TestSql::compareSql(const Statement& statement, const QString& sqlite,
                         const QString& postgresql, const QVariantList& values, const char* file,
                         int line)
{
    const struct {
        const Dialect& dialect;
        const QString& expected;
    } cases[] = {{m_sqlite, sqlite}, {m_pg, postgresql}};
    for (const auto& c : cases) {
        const BoundStatement bound = c.dialect.bind(statement);
        const QByteArray what = c.dialect.name().toUtf8();
        if (!QTest::qCompare(bound.compiled->sql, c.expected, (what + " SQL").constData(),
                             "expected", file, line))
            return false;
        if (!QTest::qCompare(describe(bound.values), describe(values),
                             (what + " values").constData(), "expected", file, line))
            return false;
    }
    return true;
}

bool TestSql::rejects(const Dialect& dialect, const Statement& statement)
{
    try {
        dialect.bind(statement);
    } catch (const ArgumentError&) {
        return true;
    }
    return false;
}

// ---- types ---------------------------------------------------------------------------------

void TestSql::types()
{
    QCOMPARE(Integer().metaType(), QMetaType::fromType<qlonglong>());
    QCOMPARE(String(20).metaType(), QMetaType::fromType<QString>());
    QCOMPARE(Numeric(10, 2).metaType(), QMetaType::fromType<double>());
    QCOMPARE(DateTime(true).metaType(), QMetaType::fromType<QDateTime>());
    QCOMPARE(Uuid().metaType(), QMetaType::fromType<QUuid>());
    QCOMPARE(Json().metaType(), QMetaType::fromType<QJsonValue>());
    QVERIFY(!SqlType().metaType().isValid());

    QCOMPARE(typeOfValue(42), Integer());
    QCOMPARE(typeOfValue(qlonglong(42)), BigInteger());
    QCOMPARE(typeOfValue(QStringLiteral("x")), String());
    QCOMPARE(typeOfValue(true), Boolean());
    QCOMPARE(typeOfValue(1.5), Float());
    QCOMPARE(typeOfValue(QDate(2024, 1, 2)), Date());
    QCOMPARE(typeOfValue(QDateTime(QDate(2024, 1, 2), QTime(3, 4))), DateTime(false));
    QCOMPARE(typeOfValue(QDateTime(QDate(2024, 1, 2), QTime(3, 4), Qt::UTC)), DateTime(true));
    QCOMPARE(typeOfValue(QByteArray("\x01")), LargeBinary());
    QCOMPARE(typeOfValue(QUuid::createUuid()), Uuid());
    QVERIFY(typeOfValue(QVariant()).isNull());
}

// ---- DDL -----------------------------------------------------------------------------------

void TestSql::createTableTypes()
{
    MetaData md;
    Table& t = md.addTable("everything");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("big", BigInteger());
    t.addColumn("name", String(40));
    t.addColumn("body", Text());
    t.addColumn("flag", Boolean());
    t.addColumn("ratio", Float());
    t.addColumn("price", Numeric(10, 2));
    t.addColumn("born", Date());
    t.addColumn("wakes", Time());
    t.addColumn("created", DateTime());
    t.addColumn("updated", DateTime(true));
    t.addColumn("data", LargeBinary());
    t.addColumn("token", Uuid());
    t.addColumn("doc", Json());

    COMPARE_SQL(createTable(t),
                "CREATE TABLE everything (\n"
                "    id INTEGER NOT NULL,\n"
                "    big BIGINT,\n"
                "    name VARCHAR(40),\n"
                "    body TEXT,\n"
                "    flag BOOLEAN,\n"
                "    ratio FLOAT,\n"
                "    price NUMERIC(10, 2),\n"
                "    born DATE,\n"
                "    wakes TIME,\n"
                "    created DATETIME,\n"
                "    updated DATETIME,\n"
                "    data BLOB,\n"
                "    token CHAR(36),\n"
                "    doc JSON,\n"
                "    PRIMARY KEY (id)\n"
                ")",
                "CREATE TABLE everything (\n"
                "    id SERIAL NOT NULL,\n"
                "    big BIGINT,\n"
                "    name VARCHAR(40),\n"
                "    body TEXT,\n"
                "    flag BOOLEAN,\n"
                "    ratio FLOAT,\n"
                "    price NUMERIC(10, 2),\n"
                "    born DATE,\n"
                "    wakes TIME WITHOUT TIME ZONE,\n"
                "    created TIMESTAMP WITHOUT TIME ZONE,\n"
                "    updated TIMESTAMP WITH TIME ZONE,\n"
                "    data BYTEA,\n"
                "    token UUID,\n"
                "    doc JSONB,\n"
                "    PRIMARY KEY (id)\n"
                ")");
    QVERIFY(m_pg.bind(createTable(t)).compiled->isDdl);
}

void TestSql::createTableDefaults()
{
    MetaData md;
    Table& t = md.addTable("accounts");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("name", String(50))
        .notNull()
        .serverDefault(ServerDefault::literal("it's; -- /* not a comment */"));
    t.addColumn("active", Boolean()).notNull().serverDefault(ServerDefault::literal(true));
    t.addColumn("tier", Integer()).defaultValue(1); // client-side: not part of the DDL
    t.addColumn("created", DateTime()).serverDefault(ServerDefault::text("CURRENT_TIMESTAMP"));
    t.addColumn("opened", Date()).serverDefault(ServerDefault::literal(QDate(2024, 2, 29)));
    t.addColumn("note", Text()).nullable(true);

    COMPARE_SQL(createTable(t),
                "CREATE TABLE accounts (\n"
                "    id INTEGER NOT NULL,\n"
                "    name VARCHAR(50) DEFAULT 'it''s; -- /* not a comment */' NOT NULL,\n"
                "    active BOOLEAN DEFAULT 1 NOT NULL,\n"
                "    tier INTEGER,\n"
                "    created DATETIME DEFAULT CURRENT_TIMESTAMP,\n"
                "    opened DATE DEFAULT '2024-02-29',\n"
                "    note TEXT,\n"
                "    PRIMARY KEY (id)\n"
                ")",
                "CREATE TABLE accounts (\n"
                "    id SERIAL NOT NULL,\n"
                "    name VARCHAR(50) DEFAULT 'it''s; -- /* not a comment */' NOT NULL,\n"
                "    active BOOLEAN DEFAULT true NOT NULL,\n"
                "    tier INTEGER,\n"
                "    created TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP,\n"
                "    opened DATE DEFAULT '2024-02-29',\n"
                "    note TEXT,\n"
                "    PRIMARY KEY (id)\n"
                ")");
}

void TestSql::createTableCompositePrimaryKey()
{
    COMPARE_SQL(createTable(m_db.postKeywords),
                "CREATE TABLE post_keywords (\n"
                "    post_id INTEGER NOT NULL,\n"
                "    keyword_id INTEGER NOT NULL,\n"
                "    PRIMARY KEY (post_id, keyword_id),\n"
                "    FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE,\n"
                "    FOREIGN KEY(keyword_id) REFERENCES keywords (id)\n"
                ")",
                "CREATE TABLE post_keywords (\n"
                "    post_id INTEGER NOT NULL,\n"
                "    keyword_id INTEGER NOT NULL,\n"
                "    PRIMARY KEY (post_id, keyword_id),\n"
                "    FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE,\n"
                "    FOREIGN KEY(keyword_id) REFERENCES keywords (id)\n"
                ")");
}

void TestSql::autoincrementRules()
{
    MetaData md;
    Table& people = md.addTable("people");
    const Column& id = people.addColumn("id", BigInteger()).primaryKey();
    Table& profiles = md.addTable("profiles");
    const Column& personId = profiles.addColumn("person_id", Integer()).primaryKey();
    profiles.foreignKey({"person_id"}, "people", {"id"});
    Table& codes = md.addTable("codes");
    const Column& code = codes.addColumn("code", String(8)).primaryKey();
    const Column& manual = md.addTable("manual")
                               .addColumn("id", Integer())
                               .primaryKey()
                               .autoincrement(Autoincrement::No);
    const Column& counter = codes.addColumn("counter", Integer()).autoincrement(Autoincrement::Yes);

    // The single integer key that is not a foreign key autoincrements; nothing else does unless
    // asked.
    QVERIFY(id.isAutoincrement());
    QVERIFY(!personId.isAutoincrement());
    QVERIFY(!code.isAutoincrement());
    QVERIFY(!manual.isAutoincrement());
    QVERIFY(counter.isAutoincrement());
    QVERIFY(!m_db.postKeywords.column("post_id").isAutoincrement()); // composite key

    // SQLite: only INTEGER PRIMARY KEY is the rowid, so a BIGINT key is declared INTEGER.
    QCOMPARE(m_sqlite.columnType(id), QStringLiteral("INTEGER"));
    QCOMPARE(m_pg.columnType(id), QStringLiteral("BIGSERIAL"));
    QCOMPARE(m_pg.columnType(personId), QStringLiteral("INTEGER"));
    QCOMPARE(m_pg.columnType(code), QStringLiteral("VARCHAR(8)"));
    QCOMPARE(m_pg.columnType(manual), QStringLiteral("INTEGER"));
    QCOMPARE(m_pg.columnType(counter), QStringLiteral("SERIAL"));
}

void TestSql::foreignKeys()
{
    MetaData md;
    Table& t = md.addTable("memberships");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("user_id", Integer()).notNull();
    t.addColumn("group_name", String(30));
    t.addColumn("sponsor_id", Integer())
        .references("users.id", ReferentialAction::SetDefault, ReferentialAction::NoAction);
    t.foreignKey({"user_id"}, "users", {"id"}, ReferentialAction::Cascade,
                 ReferentialAction::Cascade, "fk_membership_user");
    t.foreignKey({"group_name"}, "groups", {"name"}, ReferentialAction::SetNull,
                 ReferentialAction::Restrict);

    // "groups" is a keyword of SQLite only.
    COMPARE_SQL(createTable(t),
                "CREATE TABLE memberships (\n"
                "    id INTEGER NOT NULL,\n"
                "    user_id INTEGER NOT NULL,\n"
                "    group_name VARCHAR(30),\n"
                "    sponsor_id INTEGER,\n"
                "    PRIMARY KEY (id),\n"
                "    FOREIGN KEY(sponsor_id) REFERENCES users (id) ON DELETE SET DEFAULT,\n"
                "    CONSTRAINT fk_membership_user FOREIGN KEY(user_id) REFERENCES users (id) "
                "ON DELETE CASCADE ON UPDATE CASCADE,\n"
                "    FOREIGN KEY(group_name) REFERENCES \"groups\" (name) "
                "ON DELETE SET NULL ON UPDATE RESTRICT\n"
                ")",
                "CREATE TABLE memberships (\n"
                "    id SERIAL NOT NULL,\n"
                "    user_id INTEGER NOT NULL,\n"
                "    group_name VARCHAR(30),\n"
                "    sponsor_id INTEGER,\n"
                "    PRIMARY KEY (id),\n"
                "    FOREIGN KEY(sponsor_id) REFERENCES users (id) ON DELETE SET DEFAULT,\n"
                "    CONSTRAINT fk_membership_user FOREIGN KEY(user_id) REFERENCES users (id) "
                "ON DELETE CASCADE ON UPDATE CASCADE,\n"
                "    FOREIGN KEY(group_name) REFERENCES groups (name) "
                "ON DELETE SET NULL ON UPDATE RESTRICT\n"
                ")");
}

void TestSql::uniqueAndCheckConstraints()
{
    MetaData md;
    Table& t = md.addTable("products");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("sku", String(20)).notNull().unique();
    t.addColumn("status", String(10)).notNull();
    t.addColumn("price", Numeric(10, 2));
    t.addColumn("active", Boolean());
    t.addColumn("listed", DateTime());
    t.unique({"sku", "status"}, "uq_products_sku_status");
    // DDL takes no parameters: the values of an expression are written as literals.
    t.check(t.c("price") >= 0 && t.c("active") == true, "ck_products_price");
    t.check(t.c("status").in({"new", "it's", "sold"}));
    t.check(t.c("listed") >= QDateTime(QDate(2000, 1, 1), QTime(0, 0)));
    t.check("length(sku) > 3");

    COMPARE_SQL(createTable(t),
                "CREATE TABLE products (\n"
                "    id INTEGER NOT NULL,\n"
                "    sku VARCHAR(20) NOT NULL,\n"
                "    status VARCHAR(10) NOT NULL,\n"
                "    price NUMERIC(10, 2),\n"
                "    active BOOLEAN,\n"
                "    listed DATETIME,\n"
                "    PRIMARY KEY (id),\n"
                "    UNIQUE (sku),\n"
                "    CONSTRAINT uq_products_sku_status UNIQUE (sku, status),\n"
                "    CONSTRAINT ck_products_price CHECK (price >= 0 AND active = 1),\n"
                "    CHECK (status IN ('new', 'it''s', 'sold')),\n"
                "    CHECK (listed >= '2000-01-01 00:00:00.000'),\n"
                "    CHECK (length(sku) > 3)\n"
                ")",
                "CREATE TABLE products (\n"
                "    id SERIAL NOT NULL,\n"
                "    sku VARCHAR(20) NOT NULL,\n"
                "    status VARCHAR(10) NOT NULL,\n"
                "    price NUMERIC(10, 2),\n"
                "    active BOOLEAN,\n"
                "    listed TIMESTAMP WITHOUT TIME ZONE,\n"
                "    PRIMARY KEY (id),\n"
                "    UNIQUE (sku),\n"
                "    CONSTRAINT uq_products_sku_status UNIQUE (sku, status),\n"
                "    CONSTRAINT ck_products_price CHECK (price >= 0 AND active = true),\n"
                "    CHECK (status IN ('new', 'it''s', 'sold')),\n"
                "    CHECK (listed >= '2000-01-01 00:00:00.000'),\n"
                "    CHECK (length(sku) > 3)\n"
                ")");
}

void TestSql::indexes()
{
    MetaData md;
    Table& t = md.addTable("people");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("first", String(30));
    t.addColumn("last", String(30));
    t.addColumn("email", String(100)).unique().index();
    t.index("ix_people_names", {"last", "first"});
    t.index("ux_people_first", {"first"}, true);

    // Explicit indexes first, then one per indexed column; a unique indexed column gets a
    // unique index instead of a UNIQUE constraint. "first" and "last" are SQLite keywords.
    QCOMPARE(int(t.indexes().size()), 3);
    COMPARE_SQL(createIndex(t, 0), "CREATE INDEX ix_people_names ON people (\"last\", \"first\")",
                "CREATE INDEX ix_people_names ON people (last, first)");
    COMPARE_SQL(createIndex(t, 1), "CREATE UNIQUE INDEX ux_people_first ON people (\"first\")",
                "CREATE UNIQUE INDEX ux_people_first ON people (first)");
    COMPARE_SQL(createIndex(t, 2), "CREATE UNIQUE INDEX ix_people_email ON people (email)",
                "CREATE UNIQUE INDEX ix_people_email ON people (email)");
    COMPARE_SQL(dropIndex(t, 2), "DROP INDEX ix_people_email", "DROP INDEX ix_people_email");
    QVERIFY(!m_sqlite.sql(createTable(t)).contains(QStringLiteral("UNIQUE")));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, createIndex(t, 3));
}

void TestSql::dropTable()
{
    MetaData md;
    Table& order = md.addTable("order");
    order.addColumn("id", Integer()).primaryKey();

    COMPARE_SQL(orm::dropTable(m_db.users), "DROP TABLE users", "DROP TABLE users");
    COMPARE_SQL(orm::dropTable(m_db.users, true), "DROP TABLE IF EXISTS users",
                "DROP TABLE IF EXISTS users");
    COMPARE_SQL(orm::dropTable(order, true), "DROP TABLE IF EXISTS \"order\"",
                "DROP TABLE IF EXISTS \"order\"");
}

void TestSql::alterTableForeignKeys()
{
    MetaData md;
    Table& a = md.addTable("a");
    a.addColumn("id", Integer()).primaryKey();
    a.addColumn("b_id", Integer()).references("b.id");
    Table& b = md.addTable("b");
    b.addColumn("id", Integer()).primaryKey();
    b.addColumn("a_id", Integer()).references("a.id", ReferentialAction::SetNull);

    // PostgreSQL leaves a deferred foreign key out and adds it by ALTER TABLE once both tables
    // exist; SQLite cannot ALTER TABLE ADD CONSTRAINT and keeps it inline.
    COMPARE_SQL(createTable(b, {0}),
                "CREATE TABLE b (\n"
                "    id INTEGER NOT NULL,\n"
                "    a_id INTEGER,\n"
                "    PRIMARY KEY (id),\n"
                "    FOREIGN KEY(a_id) REFERENCES a (id) ON DELETE SET NULL\n"
                ")",
                "CREATE TABLE b (\n"
                "    id SERIAL NOT NULL,\n"
                "    a_id INTEGER,\n"
                "    PRIMARY KEY (id)\n"
                ")");
    QCOMPARE(m_pg.sql(addForeignKey(b, 0)),
             QStringLiteral("ALTER TABLE b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY(a_id) "
                            "REFERENCES a (id) ON DELETE SET NULL"));
    QCOMPARE(m_pg.sql(dropForeignKey(b, 0)),
             QStringLiteral("ALTER TABLE b DROP CONSTRAINT b_a_id_fkey"));
    QVERIFY(rejects(m_sqlite, addForeignKey(b, 0)));
    QVERIFY(rejects(m_sqlite, dropForeignKey(b, 0)));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, addForeignKey(b, 1));
}

void TestSql::sortedTables()
{
    // Declared children first: the sort still puts every referenced table before its referrers.
    MetaData md;
    Table& postKeywords = md.addTable("post_keywords");
    postKeywords.addColumn("post_id", Integer()).references("posts.id");
    postKeywords.addColumn("keyword_id", Integer()).references("keywords.id");
    Table& posts = md.addTable("posts");
    posts.addColumn("id", Integer()).primaryKey();
    posts.addColumn("user_id", Integer()).references("users.id");
    Table& keywords = md.addTable("keywords");
    keywords.addColumn("id", Integer()).primaryKey();
    Table& users = md.addTable("users");
    users.addColumn("id", Integer()).primaryKey();
    users.addColumn("manager_id", Integer()).references("users.id"); // to itself: no cycle

    std::vector<std::pair<const Table*, int>> cycles;
    const std::vector<const Table*> expected{&users, &posts, &keywords, &postKeywords};
    QCOMPARE(md.sortedTables(&cycles), expected);
    QVERIFY(cycles.empty());

    // a -> b -> a: one of the two foreign keys is reported as closing the cycle.
    MetaData cyclic;
    Table& a = cyclic.addTable("a");
    a.addColumn("id", Integer()).primaryKey();
    a.addColumn("b_id", Integer()).references("b.id");
    Table& b = cyclic.addTable("b");
    b.addColumn("id", Integer()).primaryKey();
    b.addColumn("a_id", Integer()).references("a.id");
    const std::vector<const Table*> order{&b, &a};
    const std::vector<std::pair<const Table*, int>> edges{{&b, 0}};
    QCOMPARE(cyclic.sortedTables(&cycles), order);
    QCOMPARE(cycles, edges);
}

// ---- SELECT --------------------------------------------------------------------------------

void TestSql::selectColumns()
{
    const Table& users = m_db.users;
    COMPARE_SQL(select({users.c("id"), users.c("name")}).where(users.c("name") == "ed"),
                "SELECT users.id, users.name\nFROM users\nWHERE users.name = ?",
                "SELECT users.id, users.name\nFROM users\nWHERE users.name = $1", "ed");
    // FROM lists every table the columns come from.
    COMPARE_SQL(select({users.c("name"), m_db.addresses.c("email_address")}),
                "SELECT users.name, addresses.email_address\nFROM users, addresses",
                "SELECT users.name, addresses.email_address\nFROM users, addresses");
    const Select s = select({users.c("id"), func::count().label("n")});
    QCOMPARE(s.columnNames(), (QStringList{"id", "n"}));
    QCOMPARE(m_sqlite.bind(s).compiled->columnTypes, (std::vector{Integer(), BigInteger()}));
}

void TestSql::selectFrom()
{
    COMPARE_SQL(select(m_db.users),
                "SELECT users.id, users.name, users.fullname, users.nickname\nFROM users",
                "SELECT users.id, users.name, users.fullname, users.nickname\nFROM users");
    COMPARE_SQL(select({func::count()}).selectFrom(m_db.addresses),
                "SELECT count(*)\nFROM addresses", "SELECT count(*)\nFROM addresses");
}

void TestSql::joins()
{
    const Table& users = m_db.users;
    const Table& addresses = m_db.addresses;
    // The ON clause comes from the one foreign key between the two tables.
    COMPARE_SQL(select({users.c("name"), addresses.c("email_address")}).join(addresses),
                "SELECT users.name, addresses.email_address\n"
                "FROM users JOIN addresses ON addresses.user_id = users.id",
                "SELECT users.name, addresses.email_address\n"
                "FROM users JOIN addresses ON addresses.user_id = users.id");
    COMPARE_SQL(select({users.c("name")})
                    .selectFrom(users.from().join(addresses,
                                                  users.c("id") == addresses.c("user_id") &&
                                                      addresses.c("email_address").like("%.org")))
                    .where(users.c("id") > 7),
                "SELECT users.name\n"
                "FROM users JOIN addresses ON users.id = addresses.user_id "
                "AND addresses.email_address LIKE ?\n"
                "WHERE users.id > ?",
                "SELECT users.name\n"
                "FROM users JOIN addresses ON users.id = addresses.user_id "
                "AND addresses.email_address LIKE $1\n"
                "WHERE users.id > $2",
                "%.org", 7LL);
    COMPARE_SQL(select({users.c("name"), func::count(addresses.c("id"))})
                    .outerJoin(addresses)
                    .groupBy({users.c("name")}),
                "SELECT users.name, count(addresses.id)\n"
                "FROM users LEFT OUTER JOIN addresses ON addresses.user_id = users.id\n"
                "GROUP BY users.name",
                "SELECT users.name, count(addresses.id)\n"
                "FROM users LEFT OUTER JOIN addresses ON addresses.user_id = users.id\n"
                "GROUP BY users.name");
    // Many-to-many through the association table; each step finds its own foreign key.
    COMPARE_SQL(select({m_db.posts.c("headline"), m_db.keywords.c("keyword")})
                    .selectFrom(m_db.posts.from().join(m_db.postKeywords).join(m_db.keywords)),
                "SELECT posts.headline, keywords.keyword\n"
                "FROM posts JOIN post_keywords ON post_keywords.post_id = posts.id "
                "JOIN keywords ON post_keywords.keyword_id = keywords.id",
                "SELECT posts.headline, keywords.keyword\n"
                "FROM posts JOIN post_keywords ON post_keywords.post_id = posts.id "
                "JOIN keywords ON post_keywords.keyword_id = keywords.id");
}

void TestSql::joinErrors()
{
    MetaData md;
    Table& people = md.addTable("people");
    people.addColumn("id", Integer()).primaryKey();
    Table& messages = md.addTable("messages");
    messages.addColumn("id", Integer()).primaryKey();
    messages.addColumn("sender_id", Integer()).references("people.id");
    messages.addColumn("recipient_id", Integer()).references("people.id");

    QVERIFY_THROWS_EXCEPTION(ArgumentError, m_db.users.from().join(m_db.keywords));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, people.from().join(messages));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, select({people.c("id")}).outerJoin(messages));
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError, select({func::count()}).join(m_db.users));
}

void TestSql::aliases()
{
    const Table& users = m_db.users;
    // Two aliases of the same table in one query, each joined on its own.
    const From a1 = alias(m_db.addresses, "a1");
    const From a2 = m_db.addresses.alias("a2");
    COMPARE_SQL(select({users.c("name")})
                    .join(a1)
                    .join(a2)
                    .where(a1.c("email_address") == "jack@google.com" &&
                           a2.c("email_address") == "j25@yahoo.com"),
                "SELECT users.name\n"
                "FROM users JOIN addresses AS a1 ON a1.user_id = users.id "
                "JOIN addresses AS a2 ON a2.user_id = users.id\n"
                "WHERE a1.email_address = ? AND a2.email_address = ?",
                "SELECT users.name\n"
                "FROM users JOIN addresses AS a1 ON a1.user_id = users.id "
                "JOIN addresses AS a2 ON a2.user_id = users.id\n"
                "WHERE a1.email_address = $1 AND a2.email_address = $2",
                "jack@google.com", "j25@yahoo.com");

    // Anonymous aliases are named after their table and numbered in order of appearance, as
    // SQLAlchemy names them (users_1, users_2); a self-join on an explicit ON.
    const From u1 = alias(users);
    const From u2 = alias(users);
    COMPARE_SQL(select({u1.c("name"), u2.c("name")})
                    .selectFrom(u1.join(u2, u1.c("nickname") == u2.c("name")))
                    .where(u1.c("id") != u2.c("id")),
                "SELECT users_1.name, users_2.name\n"
                "FROM users AS users_1 JOIN users AS users_2 ON users_1.nickname = users_2.name\n"
                "WHERE users_1.id != users_2.id",
                "SELECT users_1.name, users_2.name\n"
                "FROM users AS users_1 JOIN users AS users_2 ON users_1.nickname = users_2.name\n"
                "WHERE users_1.id != users_2.id");
    QVERIFY_THROWS_EXCEPTION(ArgumentError, a1.c("no_such_column"));
}

void TestSql::derivedTables()
{
    const Table& users = m_db.users;
    const Table& addresses = m_db.addresses;
    const From counts = select({addresses.c("user_id"), func::count().label("address_count")})
                            .groupBy({addresses.c("user_id")})
                            .having(func::count() > 1)
                            .subquery("address_counts");
    COMPARE_SQL(select({users.c("name"), counts.c("address_count")})
                    .selectFrom(users.from().join(counts, users.c("id") == counts.c("user_id")))
                    .where(users.c("name") != "admin"),
                "SELECT users.name, address_counts.address_count\n"
                "FROM users JOIN (SELECT addresses.user_id, count(*) AS address_count\n"
                "FROM addresses\n"
                "GROUP BY addresses.user_id\n"
                "HAVING count(*) > ?) AS address_counts ON users.id = address_counts.user_id\n"
                "WHERE users.name != ?",
                "SELECT users.name, address_counts.address_count\n"
                "FROM users JOIN (SELECT addresses.user_id, count(*) AS address_count\n"
                "FROM addresses\n"
                "GROUP BY addresses.user_id\n"
                "HAVING count(*) > $1) AS address_counts ON users.id = address_counts.user_id\n"
                "WHERE users.name != $2",
                1LL, "admin");

    // FROM inferred from the derived table's columns; its binds come before the outer WHERE's.
    const From recent =
        select({addresses.c("user_id")}).where(addresses.c("id") > 100).subquery("recent");
    COMPARE_SQL(
        select({recent.c("user_id")}).where(recent.c("user_id") < 5),
        "SELECT recent.user_id\n"
        "FROM (SELECT addresses.user_id\nFROM addresses\nWHERE addresses.id > ?) AS recent\n"
        "WHERE recent.user_id < ?",
        "SELECT recent.user_id\n"
        "FROM (SELECT addresses.user_id\nFROM addresses\nWHERE addresses.id > $1) AS recent\n"
        "WHERE recent.user_id < $2",
        100LL, 5LL);
    QVERIFY_THROWS_EXCEPTION(ArgumentError, recent.c("email_address"));
}

void TestSql::whereGroupByHaving()
{
    const Table& users = m_db.users;
    const Table& addresses = m_db.addresses;
    COMPARE_SQL(select({users.c("name"), func::count(addresses.c("id"))})
                    .join(addresses)
                    .where(users.c("name") != "wendy")
                    .where(addresses.c("email_address").like("%@example.com"))
                    .groupBy({users.c("id"), users.c("name")})
                    .having(func::count(addresses.c("id")) >= 2),
                "SELECT users.name, count(addresses.id)\n"
                "FROM users JOIN addresses ON addresses.user_id = users.id\n"
                "WHERE users.name != ? AND addresses.email_address LIKE ?\n"
                "GROUP BY users.id, users.name\n"
                "HAVING count(addresses.id) >= ?",
                "SELECT users.name, count(addresses.id)\n"
                "FROM users JOIN addresses ON addresses.user_id = users.id\n"
                "WHERE users.name != $1 AND addresses.email_address LIKE $2\n"
                "GROUP BY users.id, users.name\n"
                "HAVING count(addresses.id) >= $3",
                "wendy", "%@example.com", 2LL);
}

void TestSql::orderBy()
{
    const Table& users = m_db.users;
    COMPARE_SQL(select({users.c("name")})
                    .orderBy({users.c("name").asc(), users.c("nickname").desc().nullsLast(),
                              users.c("fullname").nullsFirst(), users.c("id")}),
                "SELECT users.name\nFROM users\nORDER BY users.name ASC, "
                "users.nickname DESC NULLS LAST, users.fullname NULLS FIRST, users.id",
                "SELECT users.name\nFROM users\nORDER BY users.name ASC, "
                "users.nickname DESC NULLS LAST, users.fullname NULLS FIRST, users.id");
    // orderBy() replaces the ordering.
    COMPARE_SQL(select({users.c("id")}).orderBy({users.c("name")}).orderBy({users.c("id").desc()}),
                "SELECT users.id\nFROM users\nORDER BY users.id DESC",
                "SELECT users.id\nFROM users\nORDER BY users.id DESC");
}

void TestSql::limitOffset()
{
    const Select q = select({m_db.users.c("id")});
    COMPARE_SQL(q.limit(10).offset(20), "SELECT users.id\nFROM users\nLIMIT ? OFFSET ?",
                "SELECT users.id\nFROM users\nLIMIT $1 OFFSET $2", 10LL, 20LL);
    COMPARE_SQL(q.limit(5), "SELECT users.id\nFROM users\nLIMIT ?",
                "SELECT users.id\nFROM users\nLIMIT $1", 5LL);
    // SQLite has no OFFSET without LIMIT.
    COMPARE_SQL(q.offset(3), "SELECT users.id\nFROM users\nLIMIT -1 OFFSET ?",
                "SELECT users.id\nFROM users\nOFFSET $1", 3LL);
    QVERIFY_THROWS_EXCEPTION(ArgumentError, q.limit(-1));
}

void TestSql::distinct()
{
    const Select q = select({m_db.users.c("name")}).distinct();
    COMPARE_SQL(q, "SELECT DISTINCT users.name\nFROM users",
                "SELECT DISTINCT users.name\nFROM users");
    COMPARE_SQL(q.distinct(false), "SELECT users.name\nFROM users",
                "SELECT users.name\nFROM users");
}

void TestSql::exists()
{
    const Table& users = m_db.users;
    const Table& addresses = m_db.addresses;
    // Correlated: users comes from the enclosing query and is not repeated in the inner FROM.
    const Select inner = select({addresses.c("id")})
                             .where(addresses.c("user_id") == users.c("id") &&
                                    addresses.c("email_address").like("%@google.com"));
    COMPARE_SQL(select({users.c("name")}).where(orm::exists(inner)),
                "SELECT users.name\nFROM users\nWHERE EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id "
                "AND addresses.email_address LIKE ?)",
                "SELECT users.name\nFROM users\nWHERE EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id "
                "AND addresses.email_address LIKE $1)",
                "%@google.com");
    COMPARE_SQL(select({users.c("name")}).where(!inner.exists() && users.c("id") > 1),
                "SELECT users.name\nFROM users\nWHERE NOT EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id "
                "AND addresses.email_address LIKE ?) AND users.id > ?",
                "SELECT users.name\nFROM users\nWHERE NOT EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id "
                "AND addresses.email_address LIKE $1) AND users.id > $2",
                "%@google.com", 1LL);
    // On its own the inner query names both of its tables.
    COMPARE_SQL(inner,
                "SELECT addresses.id\nFROM addresses, users\nWHERE addresses.user_id = users.id "
                "AND addresses.email_address LIKE ?",
                "SELECT addresses.id\nFROM addresses, users\nWHERE addresses.user_id = users.id "
                "AND addresses.email_address LIKE $1",
                "%@google.com");
}

void TestSql::unions()
{
    const Table& users = m_db.users;
    const Select low = select({users.c("name")}).where(users.c("id") < 5);
    const Select high = select({users.c("name")}).where(users.c("id") > 10);
    // ORDER BY and LIMIT of the compound name result columns, unqualified.
    const Select both = low.unionWith(high).orderBy({users.c("name").desc()}).limit(3);
    QVERIFY(both.isCompound());
    COMPARE_SQL(both,
                "SELECT users.name\nFROM users\nWHERE users.id < ?\n"
                "UNION\n"
                "SELECT users.name\nFROM users\nWHERE users.id > ?\n"
                "ORDER BY name DESC\nLIMIT ?",
                "SELECT users.name\nFROM users\nWHERE users.id < $1\n"
                "UNION\n"
                "SELECT users.name\nFROM users\nWHERE users.id > $2\n"
                "ORDER BY name DESC\nLIMIT $3",
                5LL, 10LL, 3LL);
    const Select middle = select({users.c("name")}).where(users.c("id") == 7);
    COMPARE_SQL(low.unionAll(high).unionAll(middle),
                "SELECT users.name\nFROM users\nWHERE users.id < ?\nUNION ALL\n"
                "SELECT users.name\nFROM users\nWHERE users.id > ?\nUNION ALL\n"
                "SELECT users.name\nFROM users\nWHERE users.id = ?",
                "SELECT users.name\nFROM users\nWHERE users.id < $1\nUNION ALL\n"
                "SELECT users.name\nFROM users\nWHERE users.id > $2\nUNION ALL\n"
                "SELECT users.name\nFROM users\nWHERE users.id = $3",
                5LL, 10LL, 7LL);
    // A member with its own LIMIT (here a whole limited compound) cannot stand bare in a UNION:
    // SQLite takes no parentheses there, so it becomes a derived table.
    COMPARE_SQL(both.unionWith(middle),
                "SELECT * FROM (SELECT users.name\nFROM users\nWHERE users.id < ?\n"
                "UNION\n"
                "SELECT users.name\nFROM users\nWHERE users.id > ?\n"
                "ORDER BY name DESC\nLIMIT ?) AS anon_1\n"
                "UNION\n"
                "SELECT users.name\nFROM users\nWHERE users.id = ?",
                "SELECT * FROM (SELECT users.name\nFROM users\nWHERE users.id < $1\n"
                "UNION\n"
                "SELECT users.name\nFROM users\nWHERE users.id > $2\n"
                "ORDER BY name DESC\nLIMIT $3) AS anon_1\n"
                "UNION\n"
                "SELECT users.name\nFROM users\nWHERE users.id = $4",
                5LL, 10LL, 3LL, 7LL);
    // x UNION (y UNION ALL z) keeps its grouping.
    COMPARE_SQL(middle.unionWith(low.unionAll(high)),
                "SELECT users.name\nFROM users\nWHERE users.id = ?\n"
                "UNION\n"
                "SELECT * FROM (SELECT users.name\nFROM users\nWHERE users.id < ?\n"
                "UNION ALL\n"
                "SELECT users.name\nFROM users\nWHERE users.id > ?) AS anon_1",
                "SELECT users.name\nFROM users\nWHERE users.id = $1\n"
                "UNION\n"
                "SELECT * FROM (SELECT users.name\nFROM users\nWHERE users.id < $2\n"
                "UNION ALL\n"
                "SELECT users.name\nFROM users\nWHERE users.id > $3) AS anon_1",
                7LL, 5LL, 10LL);
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError, both.where(users.c("id") > 0));
}

void TestSql::scalarSubquery()
{
    const Table& users = m_db.users;
    const Table& addresses = m_db.addresses;
    const Expr addressCount = select({func::count()})
                                  .where(addresses.c("user_id") == users.c("id"))
                                  .scalar()
                                  .label("address_count");
    COMPARE_SQL(select({users.c("name"), addressCount}).orderBy({addressCount.desc()}),
                "SELECT users.name, (SELECT count(*)\nFROM addresses\n"
                "WHERE addresses.user_id = users.id) AS address_count\n"
                "FROM users\nORDER BY address_count DESC",
                "SELECT users.name, (SELECT count(*)\nFROM addresses\n"
                "WHERE addresses.user_id = users.id) AS address_count\n"
                "FROM users\nORDER BY address_count DESC");
    // Uncorrelated in WHERE.
    COMPARE_SQL(select({users.c("name")})
                    .where(users.c("id") == select({func::max(addresses.c("user_id"))})
                                                .where(addresses.c("email_address") != "x")
                                                .scalar()),
                "SELECT users.name\nFROM users\nWHERE users.id = (SELECT max(addresses.user_id)\n"
                "FROM addresses\nWHERE addresses.email_address != ?)",
                "SELECT users.name\nFROM users\nWHERE users.id = (SELECT max(addresses.user_id)\n"
                "FROM addresses\nWHERE addresses.email_address != $1)",
                "x");
}

void TestSql::labels()
{
    const Table& users = m_db.users;
    const Expr n = func::count().label("n");
    const Expr upperName = func::upper(users.c("name")).label("order"); // a reserved word
    // AS only in the columns clause: HAVING repeats the expression, ORDER BY uses the name.
    COMPARE_SQL(select({upperName, n}).groupBy({upperName}).having(n > 1).orderBy({n.desc()}),
                "SELECT upper(users.name) AS \"order\", count(*) AS n\nFROM users\n"
                "GROUP BY upper(users.name)\nHAVING count(*) > ?\nORDER BY n DESC",
                "SELECT upper(users.name) AS \"order\", count(*) AS n\nFROM users\n"
                "GROUP BY upper(users.name)\nHAVING count(*) > $1\nORDER BY n DESC",
                1LL);
    // A label of an operation keeps its grouping where the expression is repeated.
    const Expr next = (users.c("id") + 1).label("next_id");
    COMPARE_SQL(select({next}).where(next * 2 > 10),
                "SELECT (users.id + ?) AS next_id\nFROM users\nWHERE (users.id + ?) * ? > ?",
                "SELECT (users.id + $1) AS next_id\nFROM users\nWHERE (users.id + $2) * $3 > $4",
                1LL, 1LL, 2LL, 10LL);
}

// ---- INSERT / UPDATE / DELETE --------------------------------------------------------------

void TestSql::insertRow()
{
    COMPARE_SQL(insert(m_db.users).values(Assignments{{"name", "ed"}, {"fullname", "Ed Jones"}}),
                "INSERT INTO users (name, fullname) VALUES (?, ?)",
                "INSERT INTO users (name, fullname) VALUES ($1, $2)", "ed", "Ed Jones");
    // Expressions are allowed as values; from a map, columns come in table order.
    COMPARE_SQL(insert(m_db.users).values(Assignments{{"name", func::lower("ED")}}),
                "INSERT INTO users (name) VALUES (lower(?))",
                "INSERT INTO users (name) VALUES (lower($1))", "ED");
    COMPARE_SQL(insert(m_db.addresses)
                    .values(QList<QVariantMap>{{{"user_id", 1}, {"email_address", "ed@x.org"}}}),
                "INSERT INTO addresses (email_address, user_id) VALUES (?, ?)",
                "INSERT INTO addresses (email_address, user_id) VALUES ($1, $2)", "ed@x.org", 1LL);
}

void TestSql::insertClientDefaults()
{
    MetaData md;
    Table& t = md.addTable("events");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("title", String(50));
    t.addColumn("status", String(10)).defaultValue("new");
    int calls = 0;
    t.addColumn("seq", Integer()).defaultFactory([&calls] { return ++calls; });

    COMPARE_SQL(insert(t).values(Assignments{{"title", "launch"}}),
                "INSERT INTO events (title, status, seq) VALUES (?, ?, ?)",
                "INSERT INTO events (title, status, seq) VALUES ($1, $2, $3)", "launch", "new",
                1LL);
    // A column that is given keeps its value; the factory runs once per statement.
    COMPARE_SQL(insert(t).values(Assignments{{"status", "old"}, {"title", "x"}}),
                "INSERT INTO events (status, title, seq) VALUES (?, ?, ?)",
                "INSERT INTO events (status, title, seq) VALUES ($1, $2, $3)", "old", "x", 2LL);
    QCOMPARE(calls, 2);
}

void TestSql::insertMultiRow()
{
    const QList<QVariantMap> rows{{{"name", "ed"}, {"fullname", "Ed Jones"}},
                                  {{"name", "wendy"}, {"fullname", QVariant()}}};
    COMPARE_SQL(insert(m_db.users).values(rows),
                "INSERT INTO users (name, fullname) VALUES (?, ?), (?, ?)",
                "INSERT INTO users (name, fullname) VALUES ($1, $2), ($3, $4)", "ed", "Ed Jones",
                "wendy", QVariant());
    QVERIFY_THROWS_EXCEPTION(
        ArgumentError,
        insert(m_db.users).values(QList<QVariantMap>{{{"name", "a"}}, {{"nickname", "b"}}}));
}

void TestSql::insertFromSelect()
{
    const Table& users = m_db.users;
    COMPARE_SQL(insert(m_db.addresses)
                    .fromSelect({"email_address", "user_id"},
                                select({users.c("name").concat("@example.com"), users.c("id")})
                                    .where(users.c("nickname").isNotNull())),
                "INSERT INTO addresses (email_address, user_id) SELECT users.name || ?, users.id\n"
                "FROM users\nWHERE users.nickname IS NOT NULL",
                "INSERT INTO addresses (email_address, user_id) SELECT users.name || $1, users.id\n"
                "FROM users\nWHERE users.nickname IS NOT NULL",
                "@example.com");
    QVERIFY_THROWS_EXCEPTION(ArgumentError,
                             insert(m_db.addresses).fromSelect({"email_address"}, select(users)));
}

void TestSql::insertReturning()
{
    const Insert stmt = insert(m_db.users)
                            .values(Assignments{{"name", "ed"}})
                            .returning({m_db.users.c("id"), m_db.users.c("name").label("who")});
    COMPARE_SQL(stmt, "INSERT INTO users (name) VALUES (?) RETURNING id, name AS who",
                "INSERT INTO users (name) VALUES ($1) RETURNING id, name AS who", "ed");
    QCOMPARE(m_pg.bind(stmt).compiled->columnNames, (QStringList{"id", "who"}));
}

void TestSql::insertDefaultValues()
{
    COMPARE_SQL(insert(m_db.users), "INSERT INTO users DEFAULT VALUES",
                "INSERT INTO users DEFAULT VALUES");
    COMPARE_SQL(insert(m_db.users).returning({m_db.users.c("id")}),
                "INSERT INTO users DEFAULT VALUES RETURNING id",
                "INSERT INTO users DEFAULT VALUES RETURNING id");
    // An empty row still gets the client-side defaults.
    MetaData md;
    Table& t = md.addTable("counters");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("value", Integer()).defaultValue(0);
    COMPARE_SQL(insert(t).values(Assignments{}), "INSERT INTO counters (value) VALUES (?)",
                "INSERT INTO counters (value) VALUES ($1)", 0LL);
}

void TestSql::insertUnknownColumn()
{
    QVERIFY_THROWS_EXCEPTION(ArgumentError,
                             insert(m_db.users).values(Assignments{{"no_such_column", 1}}));
    QVERIFY_THROWS_EXCEPTION(
        ArgumentError, insert(m_db.users).values(QList<QVariantMap>{{{"no_such_column", 1}}}));
    QVERIFY_THROWS_EXCEPTION(ArgumentError,
                             insert(m_db.users).fromSelect({"no_such_column"}, select(m_db.users)));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, update(m_db.users).set("no_such_column", 1));
}

void TestSql::updateWhere()
{
    const Table& users = m_db.users;
    COMPARE_SQL(update(users).set("nickname", "eddie").where(users.c("id") == 5),
                "UPDATE users SET nickname=? WHERE users.id = ?",
                "UPDATE users SET nickname=$1 WHERE users.id = $2", "eddie", 5LL);
    // set() of the same column again replaces its value; expressions refer to the row.
    COMPARE_SQL(update(users)
                    .values(Assignments{{"name", "x"}, {"fullname", func::upper(users.c("name"))}})
                    .set("name", "ed")
                    .where(users.c("name") == "ed" && users.c("id") > 1)
                    .returning({users.c("id"), users.c("fullname")}),
                "UPDATE users SET name=?, fullname=upper(users.name) "
                "WHERE users.name = ? AND users.id > ? RETURNING id, fullname",
                "UPDATE users SET name=$1, fullname=upper(users.name) "
                "WHERE users.name = $2 AND users.id > $3 RETURNING id, fullname",
                "ed", "ed", 1LL);
    // A subquery correlates to the table being updated.
    COMPARE_SQL(update(users)
                    .set("nickname", QVariant())
                    .where(select({m_db.addresses.c("id")})
                               .where(m_db.addresses.c("user_id") == users.c("id"))
                               .exists()),
                "UPDATE users SET nickname=? WHERE EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id)",
                "UPDATE users SET nickname=$1 WHERE EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id)",
                QVariant());
    // An UPDATE that sets nothing is refused rather than sent as "UPDATE users SET".
    QVERIFY_THROWS_EXCEPTION(ArgumentError,
                             SqliteDialect().sql(update(users).where(users.c("id") == 1)));
}

void TestSql::deleteWhere()
{
    const Table& addresses = m_db.addresses;
    COMPARE_SQL(deleteFrom(addresses).where(addresses.c("email_address") == "ed@x.org"),
                "DELETE FROM addresses WHERE addresses.email_address = ?",
                "DELETE FROM addresses WHERE addresses.email_address = $1", "ed@x.org");
    COMPARE_SQL(deleteFrom(addresses)
                    .where(addresses.c("user_id").notIn(select({m_db.users.c("id")})))
                    .returning({addresses.c("id")}),
                "DELETE FROM addresses WHERE addresses.user_id NOT IN (SELECT users.id\n"
                "FROM users) RETURNING id",
                "DELETE FROM addresses WHERE addresses.user_id NOT IN (SELECT users.id\n"
                "FROM users) RETURNING id");
    // A subquery correlates to the table rows are deleted from.
    COMPARE_SQL(deleteFrom(m_db.users)
                    .where(!select({addresses.c("id")})
                                .where(addresses.c("user_id") == m_db.users.c("id"))
                                .exists()),
                "DELETE FROM users WHERE NOT EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id)",
                "DELETE FROM users WHERE NOT EXISTS (SELECT addresses.id\n"
                "FROM addresses\nWHERE addresses.user_id = users.id)");
    COMPARE_SQL(deleteFrom(m_db.users), "DELETE FROM users", "DELETE FROM users");
}

// ---- functions -----------------------------------------------------------------------------

void TestSql::aggregateFunctions()
{
    const Expr id = m_db.addresses.c("id");
    COMPARE_SQL(select({func::count(), func::count(id), func::sum(id), func::min(id), func::max(id),
                        func::avg(id)}),
                "SELECT count(*), count(addresses.id), sum(addresses.id), min(addresses.id), "
                "max(addresses.id), avg(addresses.id)\nFROM addresses",
                "SELECT count(*), count(addresses.id), sum(addresses.id), min(addresses.id), "
                "max(addresses.id), avg(addresses.id)\nFROM addresses");
    QCOMPARE(func::count().type(), BigInteger());
    QCOMPARE(func::max(id).type(), Integer());
    QCOMPARE(func::avg(id).type(), Float());
}

void TestSql::scalarFunctions()
{
    const Table& users = m_db.users;
    COMPARE_SQL(select({func::lower(users.c("name")), func::upper("x"),
                        func::coalesce({users.c("nickname"), users.c("name"), "nobody"}),
                        func::length(users.c("name")),
                        func::call("replace", {users.c("name"), "a", "b"}, String())}),
                "SELECT lower(users.name), upper(?), coalesce(users.nickname, users.name, ?), "
                "length(users.name), replace(users.name, ?, ?)\nFROM users",
                "SELECT lower(users.name), upper($1), coalesce(users.nickname, users.name, $2), "
                "length(users.name), replace(users.name, $3, $4)\nFROM users",
                "x", "nobody", "a", "b");
    COMPARE_SQL(select({func::now()}), "SELECT CURRENT_TIMESTAMP", "SELECT now()");
}

void TestSql::caseAndCast()
{
    const Table& users = m_db.users;
    COMPARE_SQL(select({caseWhen({{users.c("name") == "ed", 1}, {users.c("name") == "wendy", 2}}, 0)
                            .label("rank"),
                        caseWhen({{users.c("nickname").isNull(), users.c("name")}})}),
                "SELECT CASE WHEN users.name = ? THEN ? WHEN users.name = ? THEN ? ELSE ? END "
                "AS rank, CASE WHEN users.nickname IS NULL THEN users.name END\nFROM users",
                "SELECT CASE WHEN users.name = $1 THEN $2 WHEN users.name = $3 THEN $4 ELSE $5 "
                "END AS rank, CASE WHEN users.nickname IS NULL THEN users.name END\nFROM users",
                "ed", 1LL, "wendy", 2LL, 0LL);
    COMPARE_SQL(select({cast(users.c("id"), String(20)), users.c("name").cast(Numeric(10, 2)),
                        cast("2024-01-02", DateTime(true))}),
                "SELECT CAST(users.id AS VARCHAR(20)), CAST(users.name AS NUMERIC(10, 2)), "
                "CAST(? AS DATETIME)\nFROM users",
                "SELECT CAST(users.id AS VARCHAR(20)), CAST(users.name AS NUMERIC(10, 2)), "
                "CAST($1 AS TIMESTAMP WITH TIME ZONE)\nFROM users",
                "2024-01-02");
    QVERIFY_THROWS_EXCEPTION(ArgumentError, caseWhen({}));
}

// ---- operators -----------------------------------------------------------------------------

void TestSql::comparisons()
{
    const Expr id = m_db.users.c("id");
    COMPARE_SQL(select({id}).where(and_({id == 1, id != 2, id<3, id <= 4, id> 5, id >= 6})),
                "SELECT users.id\nFROM users\nWHERE users.id = ? AND users.id != ? AND "
                "users.id < ? AND users.id <= ? AND users.id > ? AND users.id >= ?",
                "SELECT users.id\nFROM users\nWHERE users.id = $1 AND users.id != $2 AND "
                "users.id < $3 AND users.id <= $4 AND users.id > $5 AND users.id >= $6",
                1LL, 2LL, 3LL, 4LL, 5LL, 6LL);
    // A value on the left is bound with the type of the column on the right; comparisons
    // do not chain without parentheses (PostgreSQL rejects a > b = c).
    COMPARE_SQL(select({id}).where(5 < id && (id > 1) == true),
                "SELECT users.id\nFROM users\nWHERE ? < users.id AND (users.id > ?) = ?",
                "SELECT users.id\nFROM users\nWHERE $1 < users.id AND (users.id > $2) = $3", 5LL,
                1LL, true);
    QVERIFY_THROWS_EXCEPTION(ArgumentError, binaryExpr(BinaryOp::Eq, 1, 2));
}

void TestSql::arithmeticPrecedence()
{
    const Table& users = m_db.users;
    const Expr a = users.c("id");
    COMPARE_SQL(
        select({a - (a - 1), (a - a) - 1, a - (a + 1), a / (a * 2), (a + 1) * 2, a * 2 + 1}),
        "SELECT users.id - (users.id - ?), users.id - users.id - ?, "
        "users.id - (users.id + ?), users.id / (users.id * ?), (users.id + ?) * ?, "
        "users.id * ? + ?\nFROM users",
        "SELECT users.id - (users.id - $1), users.id - users.id - $2, "
        "users.id - (users.id + $3), users.id / (users.id * $4), (users.id + $5) * $6, "
        "users.id * $7 + $8\nFROM users",
        1LL, 1LL, 1LL, 2LL, 1LL, 2LL, 2LL, 1LL);
    // Negation never writes "--" (a comment); || is grouped against arithmetic, which SQLite
    // binds looser and PostgreSQL tighter.
    COMPARE_SQL(select({-(-a), -(a + 1), a - -a,
                        users.c("name").concat(" (").concat(users.c("fullname")).concat(")"),
                        users.c("name").concat(a + 1)}),
                "SELECT -(-users.id), -(users.id + ?), users.id - -users.id, "
                "users.name || ? || users.fullname || ?, users.name || (users.id + ?)\nFROM users",
                "SELECT -(-users.id), -(users.id + $1), users.id - -users.id, "
                "users.name || $2 || users.fullname || $3, users.name || (users.id + $4)\n"
                "FROM users",
                1LL, " (", ")", 1LL);
}

void TestSql::like()
{
    const Expr name = m_db.users.c("name");
    COMPARE_SQL(select({name}).where(name.like("%ed%") && name.notLike("x!%%", u'!')),
                "SELECT users.name\nFROM users\nWHERE users.name LIKE ? AND "
                "users.name NOT LIKE ? ESCAPE '!'",
                "SELECT users.name\nFROM users\nWHERE users.name LIKE $1 AND "
                "users.name NOT LIKE $2 ESCAPE '!'",
                "%ed%", "x!%%");
    // SQLite has no ILIKE.
    COMPARE_SQL(select({name}).where(name.ilike("ED%") || name.notIlike("W%")),
                "SELECT users.name\nFROM users\nWHERE lower(users.name) LIKE lower(?) OR "
                "lower(users.name) NOT LIKE lower(?)",
                "SELECT users.name\nFROM users\nWHERE users.name ILIKE $1 OR "
                "users.name NOT ILIKE $2",
                "ED%", "W%");
}

void TestSql::inLists()
{
    const Expr id = m_db.users.c("id");
    const Expr name = m_db.users.c("name");
    COMPARE_SQL(select({id}).where(id.in({1, 2, 3}) && name.notIn({"a", "b"})),
                "SELECT users.id\nFROM users\nWHERE users.id IN (?, ?, ?) AND "
                "users.name NOT IN (?, ?)",
                "SELECT users.id\nFROM users\nWHERE users.id IN ($1, $2, $3) AND "
                "users.name NOT IN ($4, $5)",
                1LL, 2LL, 3LL, "a", "b");
    const Select owners = select({m_db.addresses.c("user_id")})
                              .where(m_db.addresses.c("email_address").like("%.org"));
    COMPARE_SQL(select({id}).where(id.in(owners) || id.notIn(owners)),
                "SELECT users.id\nFROM users\nWHERE users.id IN (SELECT addresses.user_id\n"
                "FROM addresses\nWHERE addresses.email_address LIKE ?) OR "
                "users.id NOT IN (SELECT addresses.user_id\n"
                "FROM addresses\nWHERE addresses.email_address LIKE ?)",
                "SELECT users.id\nFROM users\nWHERE users.id IN (SELECT addresses.user_id\n"
                "FROM addresses\nWHERE addresses.email_address LIKE $1) OR "
                "users.id NOT IN (SELECT addresses.user_id\n"
                "FROM addresses\nWHERE addresses.email_address LIKE $2)",
                "%.org", "%.org");
    // An empty list is valid SQL nowhere: its truth value is written instead, with no binds.
    COMPARE_SQL(select({id}).where(id.in({}) || id.notIn(QVariantList{})),
                "SELECT users.id\nFROM users\nWHERE 1 != 1 OR 1 = 1",
                "SELECT users.id\nFROM users\nWHERE 1 != 1 OR 1 = 1");
}

void TestSql::nullComparisons()
{
    const Expr nick = m_db.users.c("nickname");
    COMPARE_SQL(select({nick}).where(and_({nick == nullptr, nick == std::nullopt,
                                           nick == QVariant(), nick == null(), nick.isNull()})),
                "SELECT users.nickname\nFROM users\nWHERE users.nickname IS NULL AND "
                "users.nickname IS NULL AND users.nickname IS NULL AND users.nickname IS NULL "
                "AND users.nickname IS NULL",
                "SELECT users.nickname\nFROM users\nWHERE users.nickname IS NULL AND "
                "users.nickname IS NULL AND users.nickname IS NULL AND users.nickname IS NULL "
                "AND users.nickname IS NULL");
    const std::optional<QString> none;
    COMPARE_SQL(select({nick}).where(or_({nick != QVariant(), nick != none, nick.isNotNull(),
                                          !nick.isNull(), !nick.isNotNull()})),
                "SELECT users.nickname\nFROM users\nWHERE users.nickname IS NOT NULL OR "
                "users.nickname IS NOT NULL OR users.nickname IS NOT NULL OR "
                "users.nickname IS NOT NULL OR users.nickname IS NULL",
                "SELECT users.nickname\nFROM users\nWHERE users.nickname IS NOT NULL OR "
                "users.nickname IS NOT NULL OR users.nickname IS NOT NULL OR "
                "users.nickname IS NOT NULL OR users.nickname IS NULL");
    // An optional with a value is an ordinary bound value.
    COMPARE_SQL(select({nick}).where(nick == std::optional<QString>(QStringLiteral("ed"))),
                "SELECT users.nickname\nFROM users\nWHERE users.nickname = ?",
                "SELECT users.nickname\nFROM users\nWHERE users.nickname = $1", "ed");
}

void TestSql::between()
{
    const Expr id = m_db.users.c("id");
    COMPARE_SQL(select({id}).where(id.between(1, 10) || id.notBetween(id - 5, 20)),
                "SELECT users.id\nFROM users\nWHERE users.id BETWEEN ? AND ? OR "
                "users.id NOT BETWEEN users.id - ? AND ?",
                "SELECT users.id\nFROM users\nWHERE users.id BETWEEN $1 AND $2 OR "
                "users.id NOT BETWEEN users.id - $3 AND $4",
                1LL, 10LL, 5LL, 20LL);
}

void TestSql::booleanLogic()
{
    const Expr id = m_db.users.c("id");
    const Expr name = m_db.users.c("name");
    const Expr a = id == 1, b = id == 2, c = name == "c";
    COMPARE_SQL(select({id}).where((a || b) && c),
                "SELECT users.id\nFROM users\nWHERE (users.id = ? OR users.id = ?) AND "
                "users.name = ?",
                "SELECT users.id\nFROM users\nWHERE (users.id = $1 OR users.id = $2) AND "
                "users.name = $3",
                1LL, 2LL, "c");
    COMPARE_SQL(select({id}).where(a || (b && c)),
                "SELECT users.id\nFROM users\nWHERE users.id = ? OR users.id = ? AND "
                "users.name = ?",
                "SELECT users.id\nFROM users\nWHERE users.id = $1 OR users.id = $2 AND "
                "users.name = $3",
                1LL, 2LL, "c");
    // NOT of NOT cancels; invalid expressions are skipped, so conditions can be accumulated.
    COMPARE_SQL(select({id}).where(not_(a && b) && !!c && Expr()),
                "SELECT users.id\nFROM users\nWHERE NOT (users.id = ? AND users.id = ?) AND "
                "users.name = ?",
                "SELECT users.id\nFROM users\nWHERE NOT (users.id = $1 AND users.id = $2) AND "
                "users.name = $3",
                1LL, 2LL, "c");
}

void TestSql::startsEndsContains()
{
    const Expr name = m_db.users.c("name");
    // % _ and the escape character itself match literally.
    COMPARE_SQL(select({name}).where(name.startsWith("50%_off") && name.endsWith("a/b") &&
                                     name.contains("x_y")),
                "SELECT users.name\nFROM users\nWHERE users.name LIKE ? ESCAPE '/' AND "
                "users.name LIKE ? ESCAPE '/' AND users.name LIKE ? ESCAPE '/'",
                "SELECT users.name\nFROM users\nWHERE users.name LIKE $1 ESCAPE '/' AND "
                "users.name LIKE $2 ESCAPE '/' AND users.name LIKE $3 ESCAPE '/'",
                "50/%/_off%", "%a//b", "%x/_y%");
}

// ---- text() --------------------------------------------------------------------------------

void TestSql::textPlaceholders()
{
    const TextClause t = text("SELECT id FROM users WHERE name = :name AND (nickname = :name OR "
                              "id > :min) AND note != ':quoted' AND id::text != '' AND "
                              "tag = \\:plain");
    QCOMPARE(t.parameterNames(), (QStringList{"name", "min"}));
    COMPARE_SQL(t.bind("name", "ed").bind("min", 5),
                "SELECT id FROM users WHERE name = ? AND (nickname = ? OR id > ?) AND "
                "note != ':quoted' AND id::text != '' AND tag = :plain",
                "SELECT id FROM users WHERE name = $1 AND (nickname = $2 OR id > $3) AND "
                "note != ':quoted' AND id::text != '' AND tag = :plain",
                "ed", "ed", 5LL);
    // As a WHERE fragment, numbered together with the statement's own binds.
    const Expr id = m_db.users.c("id");
    COMPARE_SQL(select({id}).where(id > 1 && text("length(name) < :n").bind("n", 9)),
                "SELECT users.id\nFROM users\nWHERE users.id > ? AND length(name) < ?",
                "SELECT users.id\nFROM users\nWHERE users.id > $1 AND length(name) < $2", 1LL, 9LL);
}

void TestSql::textBindErrors()
{
    const TextClause t = text("SELECT * FROM users WHERE id = :id");
    QVERIFY(rejects(m_sqlite, t));                                   // no value at bind time
    QVERIFY_THROWS_EXCEPTION(ArgumentError, t.bind("idd", 1));       // no such parameter
    QCOMPARE(m_pg.bind(t, {{"id", 3}}).values, (QVariantList{3LL})); // given at execution
}

void TestSql::bindParam()
{
    const Expr name = m_db.users.c("name");
    const Expr who = orm::bindParam("who");
    const Select q =
        select({m_db.users.c("id")}).where(name == who || m_db.users.c("nickname") == who);
    const BoundStatement bound = m_pg.bind(q, {{"who", "ed"}});
    QCOMPARE(bound.compiled->sql,
             QStringLiteral("SELECT users.id\nFROM users\nWHERE users.name = $1 OR "
                            "users.nickname = $2"));
    QCOMPARE(bound.values, (QVariantList{"ed", "ed"}));
    QVERIFY(rejects(m_sqlite, q));
}

// ---- quoting and injection -----------------------------------------------------------------

void TestSql::quotedIdentifiers()
{
    MetaData md;
    Table& t = md.addTable("order");
    t.addColumn("id", Integer()).primaryKey();
    t.addColumn("select", Integer());
    t.addColumn("user", String(20));
    t.addColumn("MixedCase", String(20));
    t.addColumn("with space", String(20));
    t.addColumn("has\"quote", String(20));
    t.addColumn("名前", String(20));

    // "user" is reserved in PostgreSQL only; embedded double quotes are doubled.
    COMPARE_SQL(select(t).where(t.c("名前") == "x"),
                "SELECT \"order\".id, \"order\".\"select\", \"order\".user, "
                "\"order\".\"MixedCase\", \"order\".\"with space\", \"order\".\"has\"\"quote\", "
                "\"order\".\"名前\"\nFROM \"order\"\nWHERE \"order\".\"名前\" = ?",
                "SELECT \"order\".id, \"order\".\"select\", \"order\".\"user\", "
                "\"order\".\"MixedCase\", \"order\".\"with space\", \"order\".\"has\"\"quote\", "
                "\"order\".\"名前\"\nFROM \"order\"\nWHERE \"order\".\"名前\" = $1",
                "x");
    COMPARE_SQL(insert(t).values(Assignments{{"select", 1}, {"has\"quote", "q"}}),
                "INSERT INTO \"order\" (\"select\", \"has\"\"quote\") VALUES (?, ?)",
                "INSERT INTO \"order\" (\"select\", \"has\"\"quote\") VALUES ($1, $2)", 1LL, "q");
    COMPARE_SQL(createTable(t),
                "CREATE TABLE \"order\" (\n"
                "    id INTEGER NOT NULL,\n"
                "    \"select\" INTEGER,\n"
                "    user VARCHAR(20),\n"
                "    \"MixedCase\" VARCHAR(20),\n"
                "    \"with space\" VARCHAR(20),\n"
                "    \"has\"\"quote\" VARCHAR(20),\n"
                "    \"名前\" VARCHAR(20),\n"
                "    PRIMARY KEY (id)\n"
                ")",
                "CREATE TABLE \"order\" (\n"
                "    id SERIAL NOT NULL,\n"
                "    \"select\" INTEGER,\n"
                "    \"user\" VARCHAR(20),\n"
                "    \"MixedCase\" VARCHAR(20),\n"
                "    \"with space\" VARCHAR(20),\n"
                "    \"has\"\"quote\" VARCHAR(20),\n"
                "    \"名前\" VARCHAR(20),\n"
                "    PRIMARY KEY (id)\n"
                ")");
    QVERIFY(!m_sqlite.requiresQuotes("snake_case_1"));
    QVERIFY(m_sqlite.requiresQuotes("1st"));
}

void TestSql::valuesNeverInSql()
{
    const Table& users = m_db.users;
    const QString evil = QStringLiteral("x'); DROP TABLE users; -- /* \"名前\" */ ' OR '1'='1");
    const Expr name = users.c("name");
    const std::vector<Statement> statements{
        select({name}).where(name == evil || name.like(evil) || name.startsWith(evil)),
        select({name}).where(name.in({evil, evil}) || name.ilike(evil)),
        select({func::coalesce({name, evil}), caseWhen({{name == evil, evil}}, evil)}),
        insert(users).values(Assignments{{"name", evil}, {"nickname", evil}}),
        update(users).set("fullname", evil).where(users.c("nickname") != evil),
        deleteFrom(users).where(name.contains(evil)),
        text("SELECT * FROM users WHERE name = :v").bind("v", evil),
    };
    const QStringList pieces{"DROP", "--", "/*", "名前", "'1'", ";"};
    for (const Statement& statement : statements) {
        for (const Dialect* dialect :
             {static_cast<const Dialect*>(&m_sqlite), static_cast<const Dialect*>(&m_pg)}) {
            const BoundStatement bound = dialect->bind(statement);
            for (const QString& piece : pieces)
                QVERIFY2(!bound.compiled->sql.contains(piece), qPrintable(bound.compiled->sql));
            QVERIFY(!bound.values.isEmpty());
            for (const QVariant& value : bound.displayValues)
                QVERIFY2(value.toString().contains(QStringLiteral("DROP TABLE users; --")),
                         qPrintable(value.toString()));
        }
    }
}

// ---- compiled-statement cache --------------------------------------------------------------

void TestSql::cacheSameShape()
{
    const Expr id = m_db.users.c("id");
    SqliteDialect sqlite;
    PostgresqlDialect pg;
    for (const Dialect* dialect :
         {static_cast<const Dialect*>(&sqlite), static_cast<const Dialect*>(&pg)}) {
        const BoundStatement first = dialect->bind(select({id}).where(id == 1));
        QCOMPARE(dialect->cacheSize(), 1);
        QCOMPARE(dialect->cacheHits(), qint64(0));
        const BoundStatement second = dialect->bind(select({id}).where(id == 2));
        QCOMPARE(dialect->cacheSize(), 1);
        QCOMPARE(dialect->cacheHits(), qint64(1));
        QCOMPARE(second.compiled, first.compiled); // the very same compilation
        QCOMPARE(first.values, (QVariantList{1LL}));
        QCOMPARE(second.values, (QVariantList{2LL}));
        // DDL is never cached.
        dialect->bind(createTable(m_db.users));
        QCOMPARE(dialect->cacheSize(), 1);
    }
}

void TestSql::cacheDifferentShapes()
{
    const Expr id = m_db.users.c("id");
    SqliteDialect dialect;
    dialect.bind(select({id}).where(id.in({1, 2})));
    dialect.bind(select({id}).where(id.in({1, 2, 3})));
    QCOMPARE(dialect.cacheSize(), 2);
    QCOMPARE(dialect.cacheHits(), qint64(0));
    dialect.bind(select({id}).where(id == 1));
    QCOMPARE(dialect.cacheSize(), 3);
    const BoundStatement again = dialect.bind(select({id}).where(id.in({7, 8})));
    QCOMPARE(dialect.cacheSize(), 3);
    QCOMPARE(dialect.cacheHits(), qint64(1));
    QCOMPARE(again.compiled->sql,
             QStringLiteral("SELECT users.id\nFROM users\nWHERE users.id IN (?, ?)"));
    QCOMPARE(again.values, (QVariantList{7LL, 8LL}));
}

void TestSql::cacheAliasesAndSubqueries()
{
    // Same alias name over different tables, and derived tables of one name over different
    // queries, are different shapes.
    PostgresqlDialect dialect;
    const From u = alias(m_db.users, "t");
    const From a = alias(m_db.addresses, "t");
    QCOMPARE(dialect.sql(select({u.c("id")})), QStringLiteral("SELECT t.id\nFROM users AS t"));
    QCOMPARE(dialect.sql(select({a.c("id")})), QStringLiteral("SELECT t.id\nFROM addresses AS t"));

    const From byName =
        select({m_db.users.c("id")}).where(m_db.users.c("name") == "ed").subquery("s");
    const From byEmail = select({m_db.addresses.c("id")})
                             .where(m_db.addresses.c("email_address") == "e")
                             .subquery("s");
    const BoundStatement first = dialect.bind(select({byName.c("id")}).where(byName.c("id") > 1));
    const BoundStatement second =
        dialect.bind(select({byEmail.c("id")}).where(byEmail.c("id") > 2));
    QCOMPARE(first.compiled->sql, QStringLiteral("SELECT s.id\nFROM (SELECT users.id\nFROM users\n"
                                                 "WHERE users.name = $1) AS s\nWHERE s.id > $2"));
    QCOMPARE(second.compiled->sql,
             QStringLiteral("SELECT s.id\nFROM (SELECT addresses.id\nFROM addresses\n"
                            "WHERE addresses.email_address = $1) AS s\nWHERE s.id > $2"));
    QCOMPARE(second.values, (QVariantList{"e", 2LL}));
    QCOMPARE(dialect.cacheHits(), qint64(0));
}

// ---- generative API ------------------------------------------------------------------------

void TestSql::generativeSelect()
{
    const Table& users = m_db.users;
    const Select base = select({users.c("name")});
    const Select filtered = base.where(users.c("id") > 1);
    const Select narrower = filtered.where(users.c("name").like("e%"));
    const Select ordered = narrower.orderBy({users.c("name")}).limit(2);
    Q_UNUSED(ordered);
    COMPARE_SQL(base, "SELECT users.name\nFROM users", "SELECT users.name\nFROM users");
    COMPARE_SQL(filtered, "SELECT users.name\nFROM users\nWHERE users.id > ?",
                "SELECT users.name\nFROM users\nWHERE users.id > $1", 1LL);
    COMPARE_SQL(narrower, "SELECT users.name\nFROM users\nWHERE users.id > ? AND users.name LIKE ?",
                "SELECT users.name\nFROM users\nWHERE users.id > $1 AND users.name LIKE $2", 1LL,
                "e%");
}

QTEST_APPLESS_MAIN(TestSql)
#include "tst_sql.moc"
