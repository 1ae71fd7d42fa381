// The Engine against real databases: URLs and connection errors, round trips of every type,
// injection-proof values and identifiers, DDL order, transactions and savepoints, error
// translation, and the statement log. Each data-driven test runs on a SQLite file, SQLite in
// memory and PostgreSQL.

#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>

using namespace orm;
using qtorm::test::addBackendRows;

namespace {

// users <- addresses, declared child first so createAll must sort them.
struct Schema {
    MetaData md;
    Table& addresses = md.addTable(QStringLiteral("addresses"));
    Table& users = md.addTable(QStringLiteral("users"));

    Schema()
    {
        addresses.addColumn(QStringLiteral("id"), Integer()).primaryKey();
        addresses.addColumn(QStringLiteral("email"), String(100)).notNull();
        addresses.addColumn(QStringLiteral("user_id"), Integer())
            .references(QStringLiteral("users.id"), ReferentialAction::Cascade);
        users.addColumn(QStringLiteral("id"), Integer()).primaryKey();
        users.addColumn(QStringLiteral("name"), String(50)).notNull().unique();
        users.addColumn(QStringLiteral("fullname"), String(100));
        users.addColumn(QStringLiteral("age"), Integer()).defaultValue(30);
    }

    void reset(Engine& engine)
    {
        md.dropAll(engine);
        md.createAll(engine);
    }

    void addUsers(Connection& conn)
    {
        conn.execute(insert(users).values(QList<QVariantMap>{
            {{"name", "ed"}, {"fullname", "Ed Jones"}, {"age", 41}},
            {{"name", "wendy"}, {"fullname", "Wendy Williams"}, {"age", 35}},
            {{"name", "mary"}, {"fullname", "Mary Contrary"}, {"age", 29}},
            {{"name", "fred"}, {"fullname", QVariant()}, {"age", 52}},
        }));
    }
};

QStringList sqlSince(const Engine& engine, quint64 before)
{
    QStringList out;
    for (const LogEntry& e : engine.log().entries()) {
        if (e.id > before)
            out << e.sql;
    }
    return out;
}

qint64 countRows(Connection& conn, const Table& table)
{
    return conn.execute(select({func::count()}).selectFrom(table)).scalar().toLongLong();
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32*>(bytes.data()), size / 4);
    bytes[0] = '\0';
    bytes[1] = '\'';
    return bytes;
}

// Messages of the "qtorm.sql" category, captured while echo is on.
QStringList g_echoed;
void captureEcho(QtMsgType, const QMessageLogContext& context, const QString& message)
{
    if (QByteArray(context.category) == "qtorm.sql")
        g_echoed << message;
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private slots:
    void urlParsing();
    void urlErrors();
    void missingDriverOrBackend();
    void sqliteFileErrors();
    void postgresConnectionErrors();

    void roundTripTypes_data() { addBackendRows(QStringLiteral("types")); }
    void roundTripTypes();
    void hostileValuesAndIdentifiers_data() { addBackendRows(QStringLiteral("hostile")); }
    void hostileValuesAndIdentifiers();
    void ddlOrder_data() { addBackendRows(QStringLiteral("ddl")); }
    void ddlOrder();
    void ddlCycle_data() { addBackendRows(QStringLiteral("cycle")); }
    void ddlCycle();
    void transactions_data() { addBackendRows(QStringLiteral("tx")); }
    void transactions();
    void failedCommitEndsTransaction();
    void savepoints_data() { addBackendRows(QStringLiteral("savepoints")); }
    void savepoints();
    void errorTranslation_data() { addBackendRows(QStringLiteral("errors")); }
    void errorTranslation();
    void statementLog_data() { addBackendRows(QStringLiteral("log")); }
    void statementLog();
    void echo();
    void queries_data() { addBackendRows(QStringLiteral("queries")); }
    void queries();
    void returningAndInsertSelect_data() { addBackendRows(QStringLiteral("returning")); }
    void returningAndInsertSelect();
    void compiledStatementsAreReused_data() { addBackendRows(QStringLiteral("cache")); }
    void compiledStatementsAreReused();
    void textStatements_data() { addBackendRows(QStringLiteral("text")); }
    void textStatements();
    void connectionPerThread_data() { addBackendRows(QStringLiteral("threads")); }
    void connectionPerThread();
};

void TestEngine::urlParsing()
{
    Url u = Url::parse(QStringLiteral("sqlite:///relative.db"));
    QCOMPARE(u.backend, QStringLiteral("sqlite"));
    QCOMPARE(u.database, QStringLiteral("relative.db"));
    QCOMPARE(Url::parse(QStringLiteral("sqlite:////abs/path/x.db")).database,
             QStringLiteral("/abs/path/x.db"));
    QVERIFY(Url::parse(QStringLiteral("sqlite:///:memory:")).isMemory());
    QVERIFY(Url::parse(QStringLiteral("sqlite://")).isMemory());
    QCOMPARE(
        Url::parse(QStringLiteral("sqlite:///a.db?mode=ro")).query.value(QStringLiteral("mode")),
        QStringLiteral("ro"));

    u = Url::parse(QStringLiteral(
        "postgresql://scott:ti%40ger@db.example:5433/test?connect_timeout=3&sslmode=disable"));
    QCOMPARE(u.backend, QStringLiteral("postgresql"));
    QCOMPARE(u.user, QStringLiteral("scott"));
    QCOMPARE(u.password, QStringLiteral("ti@ger"));
    QCOMPARE(u.host, QStringLiteral("db.example"));
    QCOMPARE(u.port, 5433);
    QCOMPARE(u.database, QStringLiteral("test"));
    QCOMPARE(u.query.value(QStringLiteral("connect_timeout")), QStringLiteral("3"));
    QCOMPARE(u.query.value(QStringLiteral("sslmode")), QStringLiteral("disable"));
    QCOMPARE(u.toDisplayString(), QStringLiteral("postgresql://scott:***@db.example:5433/test"));
    QCOMPARE(Url::parse(QStringLiteral("postgres://u@h/d")).backend, QStringLiteral("postgresql"));
}

void TestEngine::urlErrors()
{
    const auto messageOf = [](const QString& url) {
        try {
            Url::parse(url);
        } catch (const ArgumentError& e) {
            return e.message();
        }
        return QString();
    };
    QVERIFY(
        messageOf(QStringLiteral("not a url")).contains(QStringLiteral("is not a database URL")));
    QVERIFY(messageOf(QStringLiteral("oracle://x/y"))
                .contains(QStringLiteral("unknown database \"oracle\"")));
    QVERIFY(messageOf(QStringLiteral("mysql://u:p@h/db"))
                .contains(QStringLiteral("not supported yet")));
    QVERIFY(messageOf(QStringLiteral("mariadb://h/db")).contains(QStringLiteral("MySQL/MariaDB")));
    QVERIFY(messageOf(QStringLiteral("sqlite://relative.db"))
                .contains(QStringLiteral("three slashes")));
    QVERIFY(messageOf(QStringLiteral("sqlite:///a.db?mode=write"))
                .contains(QStringLiteral("mode=write")));
    QVERIFY(!messageOf(QStringLiteral("postgresql://u@h:notaport/db")).isEmpty());
}

void TestEngine::missingDriverOrBackend()
{
    QVERIFY_THROWS_EXCEPTION(ArgumentError, Engine(QStringLiteral("mysql://localhost/db")));
    // Both drivers are installed by scripts/install-deps.sh; an Engine checks at construction.
    Engine sqlite(QStringLiteral("sqlite:///:memory:"));
    QCOMPARE(sqlite.dialect().name(), QStringLiteral("sqlite"));
}

void TestEngine::sqliteFileErrors()
{
    const auto connectError = [](const QString& url) {
        try {
            Engine engine(url);
            engine.connect();
        } catch (const OperationalError& e) {
            return e.message();
        }
        return QString();
    };
    const QString missing = qtorm::test::scratchFile(QStringLiteral("does-not-exist.db"));
    QString message =
        connectError(QStringLiteral("sqlite:///") + missing + QStringLiteral("?mode=rw"));
    QVERIFY2(message.contains(QStringLiteral("does not exist")) && message.contains(missing),
             qPrintable(message));
    QVERIFY(!QFile::exists(missing)); // mode=rw never creates the file

    message = connectError(QStringLiteral("sqlite:///") +
                           qtorm::test::scratchFile(QStringLiteral("no/such/folder/x.db")));
    QVERIFY2(message.contains(QStringLiteral("does not exist")), qPrintable(message));

    const QString garbage = qtorm::test::scratchFile(QStringLiteral("garbage.db"));
    {
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    }
    message = connectError(QStringLiteral("sqlite:///") + garbage);
    QVERIFY2(message.contains(QStringLiteral("not a usable SQLite database")) &&
                 message.contains(QStringLiteral("not a database")),
             qPrintable(message));

    // A database file whose header survives but whose schema page is corrupt.
    const QString corrupt = qtorm::test::scratchFile(QStringLiteral("corrupt.db"));
    {
        Engine engine(QStringLiteral("sqlite:///") + corrupt);
        Schema schema;
        schema.md.createAll(engine);
    }
    {
        QFile f(corrupt);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(100);
        f.write(QByteArray(3000, '\xff'));
    }
    message = connectError(QStringLiteral("sqlite:///") + corrupt);
    QVERIFY2(message.contains(QStringLiteral("not a usable SQLite database")), qPrintable(message));

    // Read-only mode refuses writes with a clear OperationalError.
    const QString readonly = qtorm::test::scratchFile(QStringLiteral("readonly.db"));
    {
        Engine engine(QStringLiteral("sqlite:///") + readonly);
        Schema schema;
        schema.md.createAll(engine);
    }
    Engine ro(QStringLiteral("sqlite:///") + readonly + QStringLiteral("?mode=ro"));
    Schema schema;
    Connection conn = ro.connect();
    QVERIFY_THROWS_EXCEPTION(OperationalError,
                             conn.execute(insert(schema.users).values({{"name", "x"}})));
}

void TestEngine::postgresConnectionErrors()
{
    const QString admin = qtorm::test::postgresAdminUrl();
    if (admin.isEmpty()) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("PostgreSQL is required under CI=true");
        QSKIP("PostgreSQL not available");
    }
    QUrl wrong(admin);
    wrong.setPassword(QStringLiteral("definitely-wrong-password"));
    try {
        Engine engine(wrong.toString());
        engine.connect();
        QFAIL("a wrong password was accepted");
    } catch (const OperationalError& e) {
        QVERIFY2(e.message().contains(QStringLiteral("password authentication failed")),
                 qPrintable(e.message()));
        QVERIFY(!e.message().contains(QStringLiteral("definitely-wrong-password")));
        QVERIFY(e.message().contains(QStringLiteral("***")));
    }
    QUrl refused(admin);
    refused.setPort(1); // nothing listens on port 1
    try {
        Engine engine(refused.toString());
        engine.connect();
        QFAIL("a refused connection succeeded");
    } catch (const OperationalError& e) {
        QVERIFY2(e.message().contains(QStringLiteral("could not connect")),
                 qPrintable(e.message()));
    }
    QUrl noDatabase(admin);
    noDatabase.setPath(QStringLiteral("/no_such_database"));
    try {
        Engine engine(noDatabase.toString());
        engine.connect();
        QFAIL("a missing database was opened");
    } catch (const OperationalError& e) {
        QVERIFY2(e.message().contains(QStringLiteral("no_such_database")), qPrintable(e.message()));
    }
}

void TestEngine::roundTripTypes()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    MetaData md;
    Table& t = md.addTable(QStringLiteral("everything"));
    t.addColumn(QStringLiteral("id"), Integer()).primaryKey();
    t.addColumn(QStringLiteral("i"), Integer());
    t.addColumn(QStringLiteral("bi"), BigInteger());
    t.addColumn(QStringLiteral("s"), String(40));
    t.addColumn(QStringLiteral("t"), Text());
    t.addColumn(QStringLiteral("b"), Boolean());
    t.addColumn(QStringLiteral("f"), Float());
    t.addColumn(QStringLiteral("n"), Numeric(10, 2));
    t.addColumn(QStringLiteral("d"), Date());
    t.addColumn(QStringLiteral("tm"), Time());
    t.addColumn(QStringLiteral("dt"), DateTime());
    t.addColumn(QStringLiteral("dtz"), DateTime(true));
    t.addColumn(QStringLiteral("blob"), LargeBinary());
    t.addColumn(QStringLiteral("u"), Uuid());
    t.addColumn(QStringLiteral("j"), Json());
    md.dropAll(engine);
    md.createAll(engine);

    const QByteArray blob = randomBytes(10 * 1024 * 1024);
    const QUuid uuid = QUuid::createUuid();
    const QJsonObject json{{"a", 1}, {"list", QJsonArray{1, "two", true}}, {"quote", "x\"y'z"}};
    const QDateTime naive(QDate(2024, 3, 10), QTime(2, 30, 0, 125));
    const QDateTime aware(QDate(2024, 6, 1), QTime(10, 0, 0, 500), QTimeZone(2 * 3600));
    const QString unicode = QStringLiteral("naïve 名前 ✓ ё");
    Connection conn = engine.connect();
    conn.execute(
        insert(t).values({{"id", 1},
                          {"i", -2147483647},
                          {"bi", Q_INT64_C(9007199254740993)},
                          {"s", unicode},
                          {"t", QStringLiteral("it's \"quoted\"; DROP TABLE everything; --")},
                          {"b", true},
                          {"f", 3.25},
                          {"n", 12.5},
                          {"d", QDate(2024, 2, 29)},
                          {"tm", QTime(13, 45, 30, 250)},
                          {"dt", naive},
                          {"dtz", aware},
                          {"blob", blob},
                          {"u", uuid},
                          {"j", QVariant::fromValue(QJsonValue(json))}}));
    conn.execute(insert(t).values(QList<QVariantMap>{{{"id", 2}}}));
    conn.execute(insert(t).values(
        {{"id", 3}, {"b", false}, {"j", QVariant::fromValue(QJsonValue(7))}, {"s", QString("")}}));

    Result r = conn.execute(select(t.from()).where(t.c("id") == 1));
    QVERIFY(r.next());
    QCOMPARE(r.value("i"), QVariant(qlonglong(-2147483647)));
    QCOMPARE(r.value("bi"), QVariant(Q_INT64_C(9007199254740993)));
    QCOMPARE(r.value("s").toString(), unicode);
    QCOMPARE(r.value("t").toString(), QStringLiteral("it's \"quoted\"; DROP TABLE everything; --"));
    QCOMPARE(r.value("b"), QVariant(true));
    QCOMPARE(r.value("f").toDouble(), 3.25);
    QCOMPARE(r.value("n").toDouble(), 12.5);
    QCOMPARE(r.value("d"), QVariant(QDate(2024, 2, 29)));
    QCOMPARE(r.value("tm"), QVariant(QTime(13, 45, 30, 250)));
    QCOMPARE(r.value("dt").toDateTime(), naive);
    QCOMPARE(r.value("dt").toDateTime().time(), QTime(2, 30, 0, 125)); // wall clock kept
    const QDateTime readAware = r.value("dtz").toDateTime();
    QCOMPARE(readAware.toUTC(),
             aware.toUTC()); // the same instant, whatever the offset it comes back in
    QCOMPARE(readAware.toUTC().time(), QTime(8, 0, 0, 500));
    QCOMPARE(r.value("blob").toByteArray().size(), blob.size());
    QVERIFY(r.value("blob").toByteArray() == blob);
    QCOMPARE(r.value("u").toUuid(), uuid);
    QCOMPARE(r.value("j").toJsonValue(), QJsonValue(json));
    QVERIFY(!r.next());

    r = conn.execute(select(t.from()).where(t.c("id") == 2));
    QVERIFY(r.next());
    const QVariantList row = r.row();
    for (qsizetype i = 1; i < row.size(); ++i)
        QVERIFY2(!row[i].isValid(),
                 qPrintable(r.columns()[i])); // NULL is an invalid QVariant for every type

    r = conn.execute(select({t.c("b"), t.c("j"), t.c("s")}).where(t.c("id") == 3));
    QVERIFY(r.next());
    QCOMPARE(r.value(0), QVariant(false));
    QCOMPARE(r.value(1).toJsonValue(), QJsonValue(7));
    QVERIFY(r.value(2).isValid()); // an empty string is not NULL
    QCOMPARE(r.value(2).toString(), QString());

    // Comparisons bind values with the column's type: a date, a UUID, a timestamp.
    QCOMPARE(conn.execute(select({t.c("id")}).where(t.c("d") == QDate(2024, 2, 29))).scalar(),
             QVariant(qlonglong(1)));
    QCOMPARE(conn.execute(select({t.c("id")}).where(t.c("u") == uuid)).scalar(),
             QVariant(qlonglong(1)));
    QCOMPARE(conn.execute(select({t.c("id")}).where(t.c("dtz") > aware.addSecs(-1))).scalar(),
             QVariant(qlonglong(1)));
}

void TestEngine::hostileValuesAndIdentifiers()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    MetaData md;
    // Names that need quoting: reserved words, mixed case, spaces, quotes, unicode.
    Table& t = md.addTable(QStringLiteral("order \"items\"; --"));
    t.addColumn(QStringLiteral("select"), Integer()).primaryKey();
    t.addColumn(QStringLiteral("User Name"), String(200));
    t.addColumn(QStringLiteral("名前"), Text());
    t.addColumn(QStringLiteral("MixedCase"), Text());
    t.index(QStringLiteral("ix \"odd\""), {QStringLiteral("User Name")});
    md.dropAll(engine);
    md.createAll(engine);

    const QStringList values{
        QStringLiteral("Robert'); DROP TABLE students;--"),
        QStringLiteral("\"double\" 'single' `back`"),
        QStringLiteral("/* comment */ -- line comment"),
        QStringLiteral("semi;colon;; and \\ backslash \\' escape"),
        QStringLiteral("ünïcödé 日本語 🎉"),
        QStringLiteral(":name ? $1 %s %(x)s"),
    };
    Connection conn = engine.connect();
    for (int i = 0; i < values.size(); ++i)
        conn.execute(insert(t).values({{"select", i},
                                       {"User Name", values[i]},
                                       {"名前", values[i]},
                                       {"MixedCase", values[i]}}));
    for (const LogEntry& e : engine.log().entries()) {
        for (const QString& v : values)
            QVERIFY2(!e.sql.contains(v),
                     qPrintable(e.sql)); // values only ever travel as parameters
    }
    Result r = conn.execute(select({t.c("select"), t.c("User Name"), t.c("名前"), t.c("MixedCase")})
                                .orderBy({t.c("select")}));
    int i = 0;
    while (r.next()) {
        QCOMPARE(r.value(1).toString(), values[i]);
        QCOMPARE(r.value(2).toString(), values[i]);
        QCOMPARE(r.value(3).toString(), values[i]);
        ++i;
    }
    QCOMPARE(i, values.size());
    // Looking a row up by a hostile value finds exactly that row.
    QCOMPARE(conn.execute(select({t.c("select")}).where(t.c("User Name") == values[0])).scalar(),
             QVariant(qlonglong(0)));
    QCOMPARE(conn.execute(select({func::count()})
                              .selectFrom(t)
                              .where(t.c("MixedCase").contains(QStringLiteral("%s %("))))
                 .scalar(),
             QVariant(qlonglong(1)));
    md.dropAll(engine);
}

void TestEngine::ddlOrder()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.md.dropAll(engine);
    quint64 before = engine.log().totalCount();
    schema.md.createAll(engine);
    QStringList sql = sqlSince(engine, before);
    const auto indexOfPrefix = [&sql](const QString& prefix) {
        const auto it = std::find_if(sql.begin(), sql.end(),
                                     [&](const QString& s) { return s.startsWith(prefix); });
        return it == sql.end() ? -1 : it - sql.begin();
    };
    const qsizetype createUsers = indexOfPrefix(QStringLiteral("CREATE TABLE users "));
    const qsizetype createAddresses = indexOfPrefix(QStringLiteral("CREATE TABLE addresses "));
    QVERIFY2(createUsers >= 0 && createAddresses > createUsers, qPrintable(sql.join(u'\n')));
    QCOMPARE(sql.first(), QStringLiteral("BEGIN"));
    QCOMPARE(sql.last(), QStringLiteral("COMMIT"));
    for (const LogEntry& e : engine.log().entries()) {
        if (e.id > before && e.sql.startsWith(QStringLiteral("CREATE")))
            QCOMPARE(e.origin, Origin::Ddl);
    }

    // Check-first: a second createAll only looks.
    before = engine.log().totalCount();
    schema.md.createAll(engine);
    sql = sqlSince(engine, before);
    QCOMPARE(sql.filter(QStringLiteral("CREATE")).size(), 0);
    QCOMPARE(sql.size(), 2 + 2); // BEGIN, two existence checks, COMMIT

    // Without check-first, creating an existing table is the database's error.
    QVERIFY_THROWS_EXCEPTION(DatabaseError, schema.md.createAll(engine, CheckFirst::No));

    // The foreign key is real: ON DELETE CASCADE removes addresses with their user.
    Connection conn = engine.connect();
    schema.addUsers(conn);
    const qlonglong edId =
        conn.execute(select({schema.users.c("id")}).where(schema.users.c("name") == "ed"))
            .scalar()
            .toLongLong();
    conn.execute(insert(schema.addresses).values({{"email", "ed@example.com"}, {"user_id", edId}}));
    conn.execute(deleteFrom(schema.users).where(schema.users.c("id") == edId));
    QCOMPARE(countRows(conn, schema.addresses), 0);

    before = engine.log().totalCount();
    schema.md.dropAll(engine);
    sql = sqlSince(engine, before);
    const qsizetype dropUsers = sql.indexOf(QStringLiteral("DROP TABLE users"));
    const qsizetype dropAddresses = sql.indexOf(QStringLiteral("DROP TABLE addresses"));
    QVERIFY2(dropAddresses >= 0 && dropUsers > dropAddresses, qPrintable(sql.join(u'\n')));
    // Dropping what is not there is skipped with check-first.
    before = engine.log().totalCount();
    schema.md.dropAll(engine);
    QCOMPARE(sqlSince(engine, before).filter(QStringLiteral("DROP")).size(), 0);

    // Some tables only (create_all(tables=[...])): those, in dependency order whatever order
    // they are given in; a table of another MetaData is refused before any SQL.
    before = engine.log().totalCount();
    schema.md.createAll(engine, {&schema.addresses, &schema.users});
    sql = sqlSince(engine, before);
    QVERIFY2(indexOfPrefix(QStringLiteral("CREATE TABLE users ")) >= 0 &&
                 indexOfPrefix(QStringLiteral("CREATE TABLE addresses ")) >
                     indexOfPrefix(QStringLiteral("CREATE TABLE users ")),
             qPrintable(sql.join(u'\n')));
    Schema other;
    before = engine.log().totalCount();
    QVERIFY_THROWS_EXCEPTION(ArgumentError, schema.md.createAll(engine, {&other.users}));
    QCOMPARE(engine.log().totalCount(), before);
    schema.md.dropAll(engine);
}

void TestEngine::ddlCycle()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    MetaData md;
    Table& a = md.addTable(QStringLiteral("cycle_a"));
    a.addColumn(QStringLiteral("id"), Integer()).primaryKey();
    a.addColumn(QStringLiteral("b_id"), Integer()).references(QStringLiteral("cycle_b.id"));
    Table& b = md.addTable(QStringLiteral("cycle_b"));
    b.addColumn(QStringLiteral("id"), Integer()).primaryKey();
    b.addColumn(QStringLiteral("a_id"), Integer()).references(QStringLiteral("cycle_a.id"));
    md.dropAll(engine);
    const quint64 before = engine.log().totalCount();
    md.createAll(engine);
    const QStringList sql = sqlSince(engine, before);
    if (engine.dialect().supportsAlterForeignKey()) {
        QVERIFY2(sql.contains(QStringLiteral(
                     "ALTER TABLE cycle_b ADD CONSTRAINT cycle_b_a_id_fkey FOREIGN KEY(a_id) "
                     "REFERENCES cycle_a (id)")),
                 qPrintable(sql.join(u'\n')));
    } else {
        QCOMPARE(sql.filter(QStringLiteral("ALTER")).size(), 0);
    }
    // Both directions are enforced.
    Connection conn = engine.connect();
    conn.execute(insert(a).values({{"id", 1}}));
    conn.execute(insert(b).values({{"id", 1}, {"a_id", 1}}));
    QVERIFY_THROWS_EXCEPTION(IntegrityError,
                             conn.execute(insert(b).values({{"id", 2}, {"a_id", 99}})));
    QVERIFY_THROWS_EXCEPTION(IntegrityError, conn.execute(update(a).set("b_id", 99)));
    conn.execute(update(a).set("b_id", QVariant()));
    conn.execute(deleteFrom(b));
    md.dropAll(engine);
    QVERIFY(!conn.execute(engine.dialect().hasTableQuery({}, QStringLiteral("cycle_a"))).next());
}

void TestEngine::transactions()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    {
        Transaction tx = conn.begin();
        QVERIFY(conn.inTransaction());
        QVERIFY_THROWS_EXCEPTION(InvalidRequestError, conn.begin());
        schema.addUsers(conn);
        tx.commit();
        QVERIFY(!tx.isActive());
    }
    QVERIFY(!conn.inTransaction());
    QCOMPARE(countRows(conn, schema.users), 4);
    {
        Transaction tx = conn.begin();
        conn.execute(deleteFrom(schema.users));
        QCOMPARE(countRows(conn, schema.users), 0);
        tx.rollback();
    }
    QCOMPARE(countRows(conn, schema.users), 4);
    try {
        // An exception unwinding through a Transaction rolls it back.
        Transaction tx = conn.begin();
        conn.execute(update(schema.users).set("age", 1));
        throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    QVERIFY(!conn.inTransaction());
    QCOMPARE(conn.execute(select({func::sum(schema.users.c("age"))})).scalar().toLongLong(),
             41 + 35 + 29 + 52);

    // A connection returned to the pool with an open transaction is rolled back.
    if (!engine.url().isMemory()) {
        {
            Connection other = engine.connect();
            other.beginTransaction();
            other.execute(deleteFrom(schema.users));
        }
        QCOMPARE(countRows(conn, schema.users), 4);
        QCOMPARE(sqlSince(engine, engine.log().totalCount() - 2).first(),
                 QStringLiteral("ROLLBACK"));
    }
}

void TestEngine::failedCommitEndsTransaction()
{
    // SQLite keeps a transaction open when COMMIT fails (here: a deferred foreign key); the
    // connection must still end it, so nothing half-done survives and BEGIN works again.
    Engine engine(QStringLiteral("sqlite:///") +
                  qtorm::test::scratchFile(QStringLiteral("failed-commit.db")));
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    {
        Transaction tx = conn.begin();
        conn.exec(QStringLiteral("PRAGMA defer_foreign_keys = ON"));
        conn.execute(insert(schema.addresses).values({{"email", "orphan@x"}, {"user_id", 99}}));
        QVERIFY_THROWS_EXCEPTION(IntegrityError, tx.commit());
    }
    QVERIFY(!conn.inTransaction());
    QCOMPARE(engine.log().entries().last().sql, QStringLiteral("ROLLBACK"));
    QCOMPARE(countRows(conn, schema.addresses), 0);
    Transaction again = conn.begin();
    conn.execute(insert(schema.users).values({{"name", "ed"}}));
    again.commit();
    QCOMPARE(countRows(conn, schema.users), 1);
}

void TestEngine::savepoints()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    const quint64 before = engine.log().totalCount();
    Transaction tx = conn.begin();
    conn.execute(insert(schema.users).values({{"name", "outer"}}));
    {
        Savepoint sp = conn.beginNested();
        QCOMPARE(sp.name(), QStringLiteral("sp_1"));
        conn.execute(insert(schema.users).values({{"name", "inner-kept"}}));
        {
            Savepoint sp2 = conn.beginNested();
            conn.execute(insert(schema.users).values({{"name", "inner-dropped"}}));
            sp2.rollback();
        }
        sp.commit();
    }
    {
        Savepoint sp = conn.beginNested();
        // A failing statement inside a savepoint leaves the outer transaction usable after ROLLBACK
        // TO (PostgreSQL aborts the whole transaction otherwise).
        QVERIFY_THROWS_EXCEPTION(IntegrityError,
                                 conn.execute(insert(schema.users).values({{"name", "outer"}})));
        sp.rollback();
    }
    tx.commit();
    QStringList names;
    Result r = conn.execute(select({schema.users.c("name")}).orderBy({schema.users.c("name")}));
    while (r.next())
        names << r.value(0).toString();
    QCOMPARE(names, QStringList({QStringLiteral("inner-kept"), QStringLiteral("outer")}));
    const QStringList control =
        sqlSince(engine, before)
            .filter(
                QRegularExpression(QStringLiteral("^(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)")));
    QCOMPARE(
        control,
        QStringList({QStringLiteral("BEGIN"), QStringLiteral("SAVEPOINT sp_1"),
                     QStringLiteral("SAVEPOINT sp_2"), QStringLiteral("ROLLBACK TO SAVEPOINT sp_2"),
                     QStringLiteral("RELEASE SAVEPOINT sp_2"),
                     QStringLiteral("RELEASE SAVEPOINT sp_1"), QStringLiteral("SAVEPOINT sp_3"),
                     QStringLiteral("ROLLBACK TO SAVEPOINT sp_3"),
                     QStringLiteral("RELEASE SAVEPOINT sp_3"), QStringLiteral("COMMIT")}));
}

void TestEngine::errorTranslation()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    schema.addUsers(conn);

    try {
        conn.execute(insert(schema.users).values({{"name", "ed"}, {"fullname", "Another Ed"}}));
        QFAIL("duplicate name accepted");
    } catch (const IntegrityError& e) {
        QVERIFY(e.statement().startsWith(
            QStringLiteral("INSERT INTO users (name, fullname, age) VALUES")));
        QCOMPARE(e.params(),
                 QVariantList({QStringLiteral("ed"), QStringLiteral("Another Ed"), 30}));
        QVERIFY2(e.driverMessage().contains(QStringLiteral("unique"), Qt::CaseInsensitive),
                 qPrintable(e.message()));
        QVERIFY(e.message().contains(QStringLiteral("[SQL: INSERT INTO users")));
        QVERIFY(e.message().contains(QStringLiteral("[parameters: ('ed', 'Another Ed', 30)]")));
    }
    QVERIFY_THROWS_EXCEPTION(IntegrityError,
                             conn.execute(insert(schema.users).values({{"fullname", "no name"}})));
    QVERIFY_THROWS_EXCEPTION(
        IntegrityError,
        conn.execute(insert(schema.addresses).values({{"email", "x@y"}, {"user_id", 9999}})));
    // A table that does not exist, and broken SQL.
    try {
        conn.execute(text(QStringLiteral("SELECT * FROM no_such_table")));
        QFAIL("missing table accepted");
    } catch (const DatabaseError& e) {
        QVERIFY(e.driverMessage().contains(QStringLiteral("no_such_table")));
        if (engine.dialect().name() == u"postgresql")
            QVERIFY(dynamic_cast<const ProgrammingError*>(&e));
        else
            QVERIFY(dynamic_cast<const OperationalError*>(&e));
    }
    QVERIFY_THROWS_EXCEPTION(DatabaseError, conn.execute(text(QStringLiteral("SELEC 1"))));
    // The failed statements are in the log with their error.
    int errors = 0;
    for (const LogEntry& e : engine.log().entries())
        errors += e.error.isEmpty() ? 0 : 1;
    QCOMPARE(errors, 5);
    // Nothing was lost and the connection still works.
    QCOMPARE(countRows(conn, schema.users), 4);
}

void TestEngine::statementLog()
{
    QTORM_FETCH_URL();
    Engine engine(url, {.logCapacity = 50});
    Schema schema;
    schema.reset(engine);
    QSignalSpy executed(&engine.log(), &StatementLog::statementExecuted);
    QSignalSpy updated(&engine.log(), &StatementLog::entryUpdated);
    Connection conn = engine.connect();
    conn.execute(insert(schema.users).values({{"name", "ed"}, {"fullname", "Ed Jones"}}));
    QCOMPARE(executed.size(), 1);
    LogEntry entry = executed.takeFirst().at(0).value<LogEntry>();
    const auto p = [&engine](int n) { return engine.dialect().placeholder(n); };
    QCOMPARE(entry.sql,
             QStringLiteral("INSERT INTO users (name, fullname, age) VALUES (%1, %2, %3)")
                 .arg(p(1), p(2), p(3)));
    QCOMPARE(entry.params, QVariantList({QStringLiteral("ed"), QStringLiteral("Ed Jones"), 30}));
    QCOMPARE(entry.rows, 1);
    QCOMPARE(entry.origin, Origin::Query);
    QVERIFY(entry.durationNs > 0);
    QVERIFY(entry.error.isEmpty());

    {
        OriginScope scope(conn, Origin::Flush);
        conn.execute(update(schema.users).set("age", 40).where(schema.users.c("name") == "ed"));
    }
    entry = executed.takeFirst().at(0).value<LogEntry>();
    QCOMPARE(entry.origin, Origin::Flush);
    QCOMPARE(entry.sql,
             QStringLiteral("UPDATE users SET age=%1 WHERE users.name = %2").arg(p(1), p(2)));
    QCOMPARE(entry.rows, 1);

    // Rows returned are known once the result is read to the end.
    Result r = conn.execute(select({schema.users.c("name")}));
    entry = executed.takeFirst().at(0).value<LogEntry>();
    QVERIFY(entry.isSelect);
    // Known up front where the driver fetches whole results; otherwise once read to the end.
    QCOMPARE(entry.rows, engine.dialect().streamsResults() ? -1 : 1);
    while (r.next()) {
    }
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.takeFirst().at(0).value<LogEntry>().rows, 1);
    QCOMPARE(engine.log().entries().last().rows, 1);

    conn.exec(QStringLiteral("SELECT 1"));
    QCOMPARE(executed.takeFirst().at(0).value<LogEntry>().origin, Origin::UserSql);

    // The buffer is bounded; the count of statements ever sent is not.
    for (int i = 0; i < 60; ++i)
        conn.execute(select({schema.users.c("id")}).where(schema.users.c("id") == i)).scalar();
    QCOMPARE(engine.log().entries().size(), 50);
    QVERIFY(engine.log().totalCount() >= 64);
    QCOMPARE(engine.log().entries().last().params, QVariantList({59}));
    engine.log().clear();
    QCOMPARE(engine.log().entries().size(), 0);
}

void TestEngine::echo()
{
    g_echoed.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureEcho);
    {
        Engine engine(QStringLiteral("sqlite:///:memory:"), {.echo = true});
        Schema schema;
        schema.md.createAll(engine);
        Connection conn = engine.connect();
        conn.execute(insert(schema.users).values({{"name", "ed"}, {"fullname", "Ed Jones"}}));
        engine.setEcho(false);
        conn.execute(insert(schema.users).values({{"name", "wendy"}}));
    }
    qInstallMessageHandler(previous);
    QVERIFY(g_echoed.contains(
        QStringLiteral("INSERT INTO users (name, fullname, age) VALUES (?, ?, ?)")));
    QVERIFY(g_echoed.contains(QStringLiteral("('ed', 'Ed Jones', 30)")));
    QVERIFY(g_echoed.contains(QStringLiteral("COMMIT")));
    QVERIFY(!g_echoed.join(u'\n').contains(QStringLiteral("wendy")));
}

void TestEngine::queries()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    schema.addUsers(conn);
    const Table& users = schema.users;
    const Table& addresses = schema.addresses;
    const auto idOf = [&](const char* name) {
        return conn
            .execute(select({users.c("id")}).where(users.c("name") == QString::fromLatin1(name)))
            .scalar();
    };
    conn.execute(insert(addresses).values(QList<QVariantMap>{
        {{"email", "ed@google.com"}, {"user_id", idOf("ed")}},
        {{"email", "ed_100%@yahoo.com"}, {"user_id", idOf("ed")}},
        {{"email", "wendy@example.com"}, {"user_id", idOf("wendy")}},
    }));
    const auto names = [&](const Select& s) {
        QStringList out;
        Result r = conn.execute(s);
        while (r.next())
            out << r.value(0).toString();
        return out;
    };
    const Select byName = select({users.c("name")}).orderBy({users.c("name")});
    QCOMPARE(names(byName.where(users.c("name").ilike("%E%"))),
             QStringList({"ed", "fred", "wendy"}));
    QCOMPARE(names(byName.where(users.c("name").in({"ed", "mary", "nobody"}))),
             QStringList({"ed", "mary"}));
    QCOMPARE(names(byName.where(users.c("name").in(QVariantList()))), QStringList());
    QCOMPARE(names(byName.where(users.c("name").notIn(QVariantList()))).size(), 4);
    QCOMPARE(names(byName.where(users.c("fullname") == nullptr)), QStringList({"fred"}));
    QCOMPARE(names(byName.where(users.c("age").between(30, 45))), QStringList({"ed", "wendy"}));
    QCOMPARE(names(byName.where(!(users.c("age") > 40) || users.c("name") == "fred")),
             QStringList({"fred", "mary", "wendy"}));
    QCOMPARE(names(byName.limit(2).offset(1)), QStringList({"fred", "mary"}));
    QCOMPARE(names(byName.offset(3)), QStringList({"wendy"}));
    // % and _ in startsWith/contains match literally.
    QCOMPARE(names(select({addresses.c("email")})
                       .where(addresses.c("email").contains(QStringLiteral("100%")))),
             QStringList({"ed_100%@yahoo.com"}));
    QCOMPARE(names(select({addresses.c("email")})
                       .where(addresses.c("email").startsWith(QStringLiteral("ed_")))),
             QStringList({"ed_100%@yahoo.com"}));
    // Join inferred from the foreign key, GROUP BY / HAVING.
    Result r = conn.execute(
        select({users.c("name"), func::count(addresses.c("id")).label(QStringLiteral("n"))})
            .join(addresses)
            .groupBy({users.c("name")})
            .having(func::count(addresses.c("id")) > 1));
    QVERIFY(r.next());
    QCOMPARE(r.value("name").toString(), QStringLiteral("ed"));
    QCOMPARE(r.value("n"), QVariant(qlonglong(2)));
    QVERIFY(!r.next());
    // Outer join keeps users without addresses.
    QCOMPARE(names(select({users.c("name")})
                       .outerJoin(addresses)
                       .where(addresses.c("id").isNull())
                       .orderBy({users.c("name")})),
             QStringList({"fred", "mary"}));
    // Correlated EXISTS.
    QCOMPARE(names(byName.where(exists(
                 select({addresses.c("id")}).where(addresses.c("user_id") == users.c("id"))))),
             QStringList({"ed", "wendy"}));
    // Aliases: pairs of users where one is older than the other and named after it alphabetically.
    const From u1 = users.alias(QStringLiteral("u1"));
    const From u2 = users.alias();
    r = conn.execute(select({u1.c("name"), u2.c("name")})
                         .where(u1.c("age") > u2.c("age") && u1.c("name") < u2.c("name") &&
                                u2.c("name") == "mary"));
    QVERIFY(r.next());
    QCOMPARE(r.row(), QVariantList({QStringLiteral("ed"), QStringLiteral("mary")}));
    QVERIFY(r.next());
    QCOMPARE(r.row(), QVariantList({QStringLiteral("fred"), QStringLiteral("mary")}));
    QVERIFY(!r.next());
    // Derived table and scalar subquery.
    const From counts = select({addresses.c("user_id"), func::count().label(QStringLiteral("n"))})
                            .groupBy({addresses.c("user_id")})
                            .subquery(QStringLiteral("counts"));
    r = conn.execute(select({users.c("name"), counts.c("n")})
                         .join(counts, users.c("id") == counts.c("user_id"))
                         .orderBy({counts.c("n").desc()}));
    QVERIFY(r.next());
    QCOMPARE(r.row(), QVariantList({QStringLiteral("ed"), qlonglong(2)}));
    const Expr maxAge = select({func::max(users.c("age"))}).scalar();
    QCOMPARE(names(byName.where(users.c("age") == maxAge)), QStringList({"fred"}));
    // UNION, CASE, CAST, COALESCE, arithmetic, concatenation.
    QCOMPARE(names(select({users.c("name")})
                       .where(users.c("age") < 30)
                       .unionAll(select({users.c("name")}).where(users.c("age") > 50))
                       .orderBy({users.c("name")})),
             QStringList({"fred", "mary"}));
    r = conn.execute(
        select({caseWhen({{users.c("age") > 40, "old"}}, "young").label(QStringLiteral("c")),
                cast(users.c("age"), String()).concat("y").label(QStringLiteral("a")),
                func::coalesce({users.c("fullname"), "?"}), (users.c("age") + 1) * 2,
                func::upper(users.c("name")), func::length(users.c("name"))})
            .where(users.c("name") == "fred"));
    QVERIFY(r.next());
    QCOMPARE(r.row(),
             QVariantList({QStringLiteral("old"), QStringLiteral("52y"), QStringLiteral("?"), 106,
                           QStringLiteral("FRED"), qlonglong(4)}));
    // now() gives a date-time close to the present.
    const QDateTime now = conn.execute(select({func::now()})).scalar().toDateTime();
    QVERIFY2(qAbs(now.secsTo(QDateTime::currentDateTimeUtc())) < 120,
             qPrintable(now.toString(Qt::ISODate)));
    // Bound parameters given at execution.
    r = conn.execute(
        select({users.c("fullname")}).where(users.c("name") == bindParam(QStringLiteral("n"))),
        {{"n", "wendy"}});
    QVERIFY(r.next());
    QCOMPARE(r.value(0).toString(), QStringLiteral("Wendy Williams"));
    QVERIFY_THROWS_EXCEPTION(
        ArgumentError,
        conn.execute(
            select({users.c("id")}).where(users.c("name") == bindParam(QStringLiteral("n")))));
}

void TestEngine::returningAndInsertSelect()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    Result r = conn.execute(insert(schema.users)
                                .values({{"name", "ed"}})
                                .returning({schema.users.c("id"), schema.users.c("age")}));
    QVERIFY(r.next());
    const qlonglong id = r.value("id").toLongLong();
    QVERIFY(id > 0);
    QCOMPARE(r.value("age"), QVariant(qlonglong(30)));
    r.close();
    r = conn.execute(
        insert(schema.users)
            .values(QList<QVariantMap>{{{"name", "a"}}, {{"name", "b"}}, {{"name", "c"}}})
            .returning({schema.users.c("id")}));
    QList<QVariantList> ids = r.all();
    QCOMPARE(ids.size(), 3);
    QVERIFY(ids[0][0].toLongLong() > id);
    r = conn.execute(update(schema.users)
                         .set("age", schema.users.c("age") + 1)
                         .where(schema.users.c("name") == "ed")
                         .returning({schema.users.c("age")}));
    QCOMPARE(r.scalar(), QVariant(qlonglong(31)));
    r = conn.execute(deleteFrom(schema.users)
                         .where(schema.users.c("name") == "c")
                         .returning({schema.users.c("name")}));
    QCOMPARE(r.scalar(), QVariant(QStringLiteral("c")));
    // INSERT ... SELECT copies rows.
    r = conn.execute(insert(schema.addresses)
                         .fromSelect({QStringLiteral("email"), QStringLiteral("user_id")},
                                     select({schema.users.c("name").concat("@example.com"),
                                             schema.users.c("id")})));
    QCOMPARE(r.rowsAffected(), 3);
    QCOMPARE(countRows(conn, schema.addresses), 3);
    // Rows affected by UPDATE and DELETE.
    QCOMPARE(conn.execute(update(schema.users).set("fullname", "x")).rowsAffected(), 3);
    QCOMPARE(
        conn.execute(deleteFrom(schema.addresses).where(schema.addresses.c("email").like("a%")))
            .rowsAffected(),
        1);
}

void TestEngine::compiledStatementsAreReused()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    const int sizeBefore = engine.dialect().cacheSize();
    const qint64 hitsBefore = engine.dialect().cacheHits();
    for (int i = 0; i < 20; ++i)
        conn.execute(insert(schema.users).values({{"name", QStringLiteral("user%1").arg(i)}}));
    QCOMPARE(engine.dialect().cacheSize(), sizeBefore + 1);
    QCOMPARE(engine.dialect().cacheHits(), hitsBefore + 19);
    QCOMPARE(countRows(conn, schema.users), 20);
    // A result still being read does not block the same statement from running again.
    const Select byId = select({schema.users.c("name")})
                            .where(schema.users.c("id") > bindParam(QStringLiteral("min")));
    Result outer = conn.execute(byId, {{"min", 0}});
    int rows = 0;
    while (outer.next()) {
        Result inner = conn.execute(byId, {{"min", 10}});
        QCOMPARE(inner.all().size(), 10);
        ++rows;
    }
    QCOMPARE(rows, 20);
}

void TestEngine::textStatements()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection conn = engine.connect();
    schema.addUsers(conn);
    Result r = conn.execute(
        text(QStringLiteral(
                 "SELECT name, age FROM users WHERE age > :min AND name != :skip ORDER BY name"))
            .bind({{"min", 30}, {"skip", "fred"}}));
    QCOMPARE(r.columns(), QStringList({"name", "age"}));
    QCOMPARE(r.all(),
             QList<QVariantList>({{QStringLiteral("ed"), 41}, {QStringLiteral("wendy"), 35}}));
    // A text fragment inside a typed statement.
    QCOMPARE(conn.execute(select({func::count()})
                              .selectFrom(schema.users)
                              .where(text(QStringLiteral("age < :a")).bind("a", 36)))
                 .scalar(),
             QVariant(qlonglong(2)));
}

void TestEngine::connectionPerThread()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    Schema schema;
    schema.reset(engine);
    Connection mine = engine.connect();
    schema.addUsers(mine);
    QString workerName;
    qint64 workerCount = -1;
    QString misuse;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        // Qt allows a QSqlDatabase only in the thread that opened it: the worker gets its own.
        Connection theirs = engine.connect();
        workerName = theirs.name();
        try {
            workerCount = countRows(theirs, schema.users);
        } catch (const OperationalError&) {
        }
        try {
            mine.execute(select({func::count()}).selectFrom(schema.users));
        } catch (const InvalidRequestError& e) {
            misuse = e.message();
        }
    }));
    worker->start();
    QVERIFY(worker->wait(30000));
    QVERIFY(!workerName.isEmpty());
    QVERIFY(workerName != mine.name());
    // An in-memory database belongs to its connection, so another thread sees its own, empty one.
    if (engine.url().isMemory())
        QCOMPARE(workerCount, -1); // the table does not exist there: countRows threw
    else
        QCOMPARE(workerCount, 4);
    QVERIFY2(misuse.contains(QStringLiteral("another thread")), qPrintable(misuse));
    // The convenience Engine::execute uses a pooled connection of the calling thread.
    QCOMPARE(engine.execute(select({func::count()}).selectFrom(schema.users)).scalar(),
             QVariant(qlonglong(4)));
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
