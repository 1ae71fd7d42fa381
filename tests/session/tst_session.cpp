// The ORM Session against real databases: object states and their transitions, the identity
// map, the Session API, dirty tracking, the unit of work (dependency order, batching, row-count
// checks), optimistic versioning, failed flushes that lose nothing, savepoints, merge, the
// basic Query and Query::get, dynamic Records, a round trip of every mappable member type, the
// column options (defaultValue, serverDefault, nullable) and a dialect without RETURNING. Every
// test that touches a database runs on a SQLite file, SQLite in memory and PostgreSQL.
//
// Deliberate differences from the SQL the seed (SQLAlchemy's ORM tutorial) shows, asserted below:
//  (a) with the default insertBatchSize the seed's three INSERTs become one multi-row INSERT
//      (RETURNING the keys); with insertBatchSize = 1 the seed's exact three INSERTs are sent;
//  (b) a flush inside a transaction that already wrote runs between SAVEPOINT sp_N and
//      RELEASE SAVEPOINT sp_N, so that a failure undoes only that flush; a flush at the start of
//      a transaction has no savepoint;
//  (c) SELECT lists columns without "AS users_id" labels, and first() sends LIMIT ? without
//      OFFSET.

#include "common/sqlassert.h"
#include "common/testdatabases.h"

#include "orm/orm.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <limits>

using namespace orm;
using qtorm::test::addBackendRows, qtorm::test::dbRows, qtorm::test::isPostgres,
    qtorm::test::LogWatch, qtorm::test::metadata, qtorm::test::q, qtorm::test::resetSchema,
    qtorm::test::returningSingle, qtorm::test::sameObjects;

// ---- the mapped classes of this suite -----------------------------------------------------------

namespace model {

struct User {
    qint64 id = 0;
    QString name;
    QString fullname;
    std::optional<QString> nickname;
};

void mapping(Mapping<User>& m)
{
    m.table("users");
    m.column(&User::id, "id").primaryKey();
    m.column(&User::name, "name").type(String(50)).unique();
    m.column(&User::fullname, "fullname").type(String(100));
    m.column(&User::nickname, "nickname").type(String(50));
}

// A child of users through a foreign key (no relationship: the key is set by hand).
struct Address {
    qint64 id = 0;
    QString email;
    std::optional<qint64> userId;
};

void mapping(Mapping<Address>& m)
{
    m.table("addresses");
    m.column(&Address::id, "id").primaryKey();
    m.column(&Address::email, "email").type(String(100));
    m.column(&Address::userId, "user_id").references("users.id");
}

// Optimistic locking through a version counter.
struct Document {
    qint64 id = 0;
    QString title;
    QString body;
    qint64 version = 0;
};

void mapping(Mapping<Document>& m)
{
    m.table("documents");
    m.column(&Document::id, "id").primaryKey();
    m.column(&Document::title, "title").type(String(100));
    m.column(&Document::body, "body");
    m.column(&Document::version, "version").version();
}

// A natural (not generated) primary key.
struct Tag {
    QString code;
    QString label;
};

void mapping(Mapping<Tag>& m)
{
    m.table("tags");
    m.column(&Tag::code, "code").type(String(20)).primaryKey();
    m.column(&Tag::label, "label").type(String(50));
}

// Every supported member type, plain (NOT NULL) and optional (nullable).
struct AllTypes {
    qint64 id = 0;
    bool flag = false;
    short small = 0;
    int number = 0;
    qint64 big = 0;
    double real = 0;
    QString text;
    QByteArray bytes;
    QDate date;
    QTime time;
    QDateTime stamp;
    QUuid uuid;
    QJsonValue json;
    QJsonDocument document;
    std::optional<bool> oflag;
    std::optional<int> onumber;
    std::optional<qint64> obig;
    std::optional<double> oreal;
    std::optional<QString> otext;
    std::optional<QByteArray> obytes;
    std::optional<QDate> odate;
    std::optional<QTime> otime;
    std::optional<QDateTime> ostamp;
    std::optional<QUuid> ouuid;
    std::optional<QJsonValue> ojson;
    std::optional<QJsonDocument> odocument;
};

void mapping(Mapping<AllTypes>& m)
{
    m.table("all_types");
    m.column(&AllTypes::id, "id").primaryKey();
    m.column(&AllTypes::flag, "flag");
    m.column(&AllTypes::small, "small");
    m.column(&AllTypes::number, "number");
    m.column(&AllTypes::big, "big");
    m.column(&AllTypes::real, "real");
    m.column(&AllTypes::text, "text");
    m.column(&AllTypes::bytes, "bytes");
    m.column(&AllTypes::date, "date");
    m.column(&AllTypes::time, "time");
    m.column(&AllTypes::stamp, "stamp");
    m.column(&AllTypes::uuid, "uuid");
    m.column(&AllTypes::json, "json");
    m.column(&AllTypes::document, "document");
    m.column(&AllTypes::oflag, "oflag");
    m.column(&AllTypes::onumber, "onumber");
    m.column(&AllTypes::obig, "obig");
    m.column(&AllTypes::oreal, "oreal");
    m.column(&AllTypes::otext, "otext");
    m.column(&AllTypes::obytes, "obytes");
    m.column(&AllTypes::odate, "odate");
    m.column(&AllTypes::otime, "otime");
    m.column(&AllTypes::ostamp, "ostamp");
    m.column(&AllTypes::ouuid, "ouuid");
    m.column(&AllTypes::ojson, "ojson");
    m.column(&AllTypes::odocument, "odocument");
}

// Column options: a default the ORM fills in, defaults the database fills in, and
// nullability set against what the member type implies.
struct Ticket {
    qint64 id = 0;
    QString title;
    std::optional<int> priority;   // an empty one is given the mapping's defaultValue
    std::optional<int> points;     // an empty one is left to the server default
    std::optional<QString> status; // likewise, a SQL expression
    QString note;                  // a plain member over a column that allows NULL
    std::optional<QString> owner;  // an optional member over a NOT NULL column
};

void mapping(Mapping<Ticket>& m)
{
    m.table("tickets");
    m.column(&Ticket::id, "id").primaryKey();
    m.column(&Ticket::title, "title").type(String(50));
    m.column(&Ticket::priority, "priority").defaultValue(3);
    m.column(&Ticket::points, "points").serverDefault(ServerDefault::literal(5));
    m.column(&Ticket::status, "status")
        .type(String(20))
        .serverDefault(ServerDefault::text("'open'"));
    m.column(&Ticket::note, "note").type(String(50)).nullable();
    m.column(&Ticket::owner, "owner").type(String(50)).nullable(false);
}

// Unsigned and character members (bool is in AllTypes).
struct Widths {
    qint64 id = 0;
    quint8 u8 = 0;
    quint16 u16 = 0;
    quint32 u32 = 0;
    quint64 u64 = 0;
    char letter = 0;
    signed char tiny = 0;
    std::optional<quint32> ou32;
};

void mapping(Mapping<Widths>& m)
{
    m.table("widths");
    m.column(&Widths::id, "id").primaryKey();
    m.column(&Widths::u8, "u8");
    m.column(&Widths::u16, "u16");
    m.column(&Widths::u32, "u32");
    m.column(&Widths::u64, "u64");
    m.column(&Widths::letter, "letter");
    m.column(&Widths::tiny, "tiny");
    m.column(&Widths::ou32, "ou32");
}

// A composite primary key.
struct Seat {
    QString hall;
    qint64 number = 0;
    QString holder;
};

void mapping(Mapping<Seat>& m)
{
    m.table("seats");
    m.column(&Seat::hall, "hall").type(String(20)).primaryKey();
    m.column(&Seat::number, "number").primaryKey();
    m.column(&Seat::holder, "holder").type(String(50));
}

} // namespace model

using model::Address;
using model::AllTypes;
using model::Document;
using model::Seat;
using model::Tag;
using model::Ticket;
using model::User;
using model::Widths;

// SQLite as if built without RETURNING: generated keys can only be read per row.
class SqliteWithoutReturning : public SqliteDialect {
public:
    bool supportsReturning() const override { return false; }
};

// PostgreSQL without RETURNING: no way at all to read a generated key.
class PostgresqlWithoutReturning : public PostgresqlDialect {
public:
    bool supportsReturning() const override { return false; }
};

namespace {

// The dynamic mapper over the hand-made "things" table (built in initTestCase).
Mapper* g_thing = nullptr;

const Table& usersTable()
{
    return mapper<User>().table();
}

const QString selectUsers =
    QStringLiteral("SELECT users.id, users.name, users.fullname, users.nickname\nFROM users");

Ptr<User> newUser(const QString& name, const QString& fullname,
                  const std::optional<QString>& nickname = std::nullopt, qint64 id = 0)
{
    User u;
    u.id = id;
    u.name = name;
    u.fullname = fullname;
    u.nickname = nickname;
    return make<User>(std::move(u));
}

Ptr<Address> newAddress(const QString& email, std::optional<qint64> userId)
{
    Address a;
    a.email = email;
    a.userId = userId;
    return make<Address>(std::move(a));
}

Ptr<Document> newDocument(const QString& title, const QString& body)
{
    Document d;
    d.title = title;
    d.body = body;
    return make<Document>(std::move(d));
}

Ptr<Tag> newTag(const QString& code, const QString& label)
{
    Tag t;
    t.code = code;
    t.label = label;
    return make<Tag>(std::move(t));
}

QStringList userNames(Engine& engine)
{
    QStringList names;
    for (const QVariantList& row : dbRows(engine, usersTable(), {"name"}))
        names << row[0].toString();
    return names;
}

// The four users of the seed, committed; ids 1..4.
void addSeedUsers(Engine& engine)
{
    Session s(engine);
    s.addAll({newUser("ed", "Ed Jones", "eddie"), newUser("wendy", "Wendy Williams", "windy"),
              newUser("mary", "Mary Contrary", "mary"),
              newUser("fred", "Fred Flintstone", "freddy")});
    s.commit();
}

template <class T>
QList<Object> objects(const QList<Ptr<T>>& list)
{
    return QList<Object>(list.begin(), list.end());
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void stateTransitions_data() { addBackendRows("session_states"); }
    void stateTransitions();
    void rollbackRestoresStates_data() { addBackendRows("session_rollback"); }
    void rollbackRestoresStates();
    void closeLeavesUsableDetachedObjects_data() { addBackendRows("session_close"); }
    void closeLeavesUsableDetachedObjects();
    void misuseIsInvalidRequest_data() { addBackendRows("session_misuse"); }
    void misuseIsInvalidRequest();
    void identityMap_data() { addBackendRows("session_identity"); }
    void identityMap();

    void seedAddingAndUpdatingBatched_data() { addBackendRows("session_seed_batched"); }
    void seedAddingAndUpdatingBatched();
    void seedAddingAndUpdatingOneRowPerInsert_data() { addBackendRows("session_seed_single"); }
    void seedAddingAndUpdatingOneRowPerInsert();
    void seedRollingBack_data() { addBackendRows("session_seed_rollback"); }
    void seedRollingBack();

    void onlyChangedColumns_data() { addBackendRows("session_changed"); }
    void onlyChangedColumns();
    void setterApiAndSignals_data() { addBackendRows("session_signals"); }
    void setterApiAndSignals();
    void newDirtyDeletedSets_data() { addBackendRows("session_sets"); }
    void newDirtyDeletedSets();
    void expireAndRefresh_data() { addBackendRows("session_expire"); }
    void expireAndRefresh();
    void autobeginAutoflushNoAutoflush_data() { addBackendRows("session_autoflush"); }
    void autobeginAutoflushNoAutoflush();
    void expireOnCommitOption_data() { addBackendRows("session_expire_on_commit"); }
    void expireOnCommitOption();

    void foreignKeyOrder_data() { addBackendRows("session_fk_order"); }
    void foreignKeyOrder();
    void insertBatching_data() { addBackendRows("session_batching"); }
    void insertBatching();
    void updatesGroupedByColumnSet_data() { addBackendRows("session_update_groups"); }
    void updatesGroupedByColumnSet();
    void deleteAndReAddSameKey_data() { addBackendRows("session_readd"); }
    void deleteAndReAddSameKey();
    void staleRows_data() { addBackendRows("session_stale"); }
    void staleRows();
    void versionConflict_data() { addBackendRows("session_versions"); }
    void versionConflict();

    void failedFlushLosesNothing_data() { addBackendRows("session_failed_flush"); }
    void failedFlushLosesNothing();
    void failedBatchNamesEveryObject_data() { addBackendRows("session_batch_fail"); }
    void failedBatchNamesEveryObject();
    void failedFlushAtTransactionStart_data() { addBackendRows("session_failed_start"); }
    void failedFlushAtTransactionStart();
    void failedFlushKeepsExecutedStatements_data() { addBackendRows("session_failed_exec"); }
    void failedFlushKeepsExecutedStatements();
    void failedCommitNeedsRollback_data() { addBackendRows("session_failed_commit"); }
    void failedCommitNeedsRollback();

    void savepoints_data() { addBackendRows("session_savepoints"); }
    void savepoints();
    void savepointSurvivesFailedFlush_data() { addBackendRows("session_sp_failed"); }
    void savepointSurvivesFailedFlush();
    void savepointAfterSessionRollback_data() { addBackendRows("session_sp_outer"); }
    void savepointAfterSessionRollback();

    void mergeDetachedAndTransient_data() { addBackendRows("session_merge"); }
    void mergeDetachedAndTransient();

    void queryBasics_data() { addBackendRows("session_query"); }
    void queryBasics();
    void queryIterationStreams_data() { addBackendRows("session_iteration"); }
    void queryIterationStreams();

    void records_data() { addBackendRows("session_records"); }
    void records();
    void roundTripEveryMemberType_data() { addBackendRows("session_types"); }
    void roundTripEveryMemberType();
    void readsOutsideTransaction_data() { addBackendRows("session_reads"); }
    void readsOutsideTransaction();

    void columnDefaults_data() { addBackendRows("session_defaults"); }
    void columnDefaults();
    void nullableOverride_data() { addBackendRows("session_nullable"); }
    void nullableOverride();
    void roundTripUnsignedAndChar_data() { addBackendRows("session_unsigned"); }
    void roundTripUnsignedAndChar();
    void queryGet_data() { addBackendRows("session_query_get"); }
    void queryGet();
    void versionConflictTwoConnections_data() { addBackendRows("session_versions_two"); }
    void versionConflictTwoConnections();
    void insertWithoutReturning_data() { addBackendRows("session_no_returning"); }
    void insertWithoutReturning();
};

void TestSession::initTestCase()
{
    // Mappers are built on first use; every table must be in the MetaData before createAll.
    mapper<User>();
    mapper<Address>();
    mapper<Document>();
    mapper<Tag>();
    mapper<AllTypes>();
    mapper<Ticket>();
    mapper<Widths>();
    mapper<Seat>();
    Table& things = metadata().addTable("things");
    things.addColumn("id", Integer()).primaryKey();
    things.addColumn("name", String(50)).notNull();
    things.addColumn("score", Integer());
    g_thing = &Registry::global().mapTable(things, "Thing");
}

// ---- object states ------------------------------------------------------------------------------

void TestSession::stateTransitions()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);

    // transient -> pending -> persistent (flush) -> persistent (commit)
    auto ed = newUser("ed", "Ed Jones");
    QCOMPARE(ed.status(), ObjectState::Transient);
    QVERIFY(!session.contains(ed));
    session.add(ed);
    QCOMPARE(ed.status(), ObjectState::Pending);
    QVERIFY(session.contains(ed));
    QVERIFY(ed.state().session() == &session);
    session.flush();
    QCOMPARE(ed.status(), ObjectState::Persistent);
    QCOMPARE(ed.get()->id, 1);
    QCOMPARE(ed.state().identity(), QVariantList{1});
    session.commit();
    QCOMPARE(ed.status(), ObjectState::Persistent);
    QVERIFY(session.contains(ed));

    // persistent -> (marked) -> deleted (flush) -> detached (commit)
    session.remove(ed);
    QCOMPARE(ed.status(), ObjectState::Persistent);
    QVERIFY(sameObjects(session.deletedObjects(), {ed}));
    session.flush();
    QCOMPARE(ed.status(), ObjectState::Deleted);
    QVERIFY(session.deletedObjects().isEmpty());
    QVERIFY(!session.get<User>(1));
    session.commit();
    QCOMPARE(ed.status(), ObjectState::Detached);
    QVERIFY(!session.contains(ed));
    QVERIFY(userNames(engine).isEmpty());

    // persistent -> detached (expunge) -> persistent (add) -> transient (makeTransient)
    auto wendy = newUser("wendy", "Wendy Williams");
    session.add(wendy);
    session.commit();
    session.expunge(wendy);
    QCOMPARE(wendy.status(), ObjectState::Detached);
    QVERIFY(!session.contains(wendy));
    session.add(wendy);
    QCOMPARE(wendy.status(), ObjectState::Persistent);
    QVERIFY(session.get<User>(wendy.state().identity()) == wendy);
    session.makeTransient(wendy);
    QCOMPARE(wendy.status(), ObjectState::Transient);
    QVERIFY(!wendy.state().hasIdentity());
    QVERIFY(!session.contains(wendy));

    // pending -> transient, by expunge and by remove (a pending object is simply expunged)
    auto mary = newUser("mary", "Mary Contrary");
    session.add(mary);
    session.expunge(mary);
    QCOMPARE(mary.status(), ObjectState::Transient);
    session.add(mary);
    session.remove(mary);
    QCOMPARE(mary.status(), ObjectState::Transient);
    QVERIFY(session.newObjects().isEmpty());

    // persistent -> detached, pending -> transient (expungeAll)
    auto jack = newUser("jack", "Jack");
    auto jill = newUser("jill", "Jill");
    session.add(jack);
    session.commit();
    session.add(jill);
    session.expungeAll();
    QCOMPARE(jack.status(), ObjectState::Detached);
    QCOMPARE(jill.status(), ObjectState::Transient);
    QCOMPARE(session.identityCount(), 0);
    QVERIFY(session.newObjects().isEmpty());
    session.add(jack);
    session.remove(jack);
    session.commit();

    // persistent -> detached (close)
    auto fred = newUser("fred", "Fred Flintstone");
    session.add(fred);
    session.commit();
    QCOMPARE(fred.get()->name, "fred");
    session.close();
    QCOMPARE(fred.status(), ObjectState::Detached);
    QVERIFY(!session.contains(fred));
    QCOMPARE(userNames(engine), QStringList({"fred", "wendy"}));
}

void TestSession::rollbackRestoresStates()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    auto ed = session.get<User>(1);
    auto wendy = session.get<User>(2);
    auto mary = session.get<User>(3);

    ed->name = "Edwardo";
    session.remove(wendy);
    session.flush();
    QCOMPARE(wendy.status(), ObjectState::Deleted);
    auto fake = newUser("fakeuser", "Invalid", "12345");
    session.add(fake);
    session.flush();
    QCOMPARE(fake.status(), ObjectState::Persistent);
    session.remove(mary); // marked, not flushed
    auto pending = newUser("pending", "Never Flushed");
    session.add(pending);

    // A deleted object expunged before the rollback stays out of the Session.
    auto fred = session.get<User>(4);
    session.remove(fred);
    session.flush();
    session.expunge(fred);
    QCOMPARE(fred.status(), ObjectState::Detached);

    QSignalSpy rolledBack(&session, &Session::rolledBack);
    session.rollback();
    QCOMPARE(rolledBack.size(), 1);
    QVERIFY(!session.inTransaction());
    // Loaded objects are expired and load the old row; the deleted one is back; what was added
    // in the transaction (flushed or not) is out of the Session.
    QCOMPARE(ed.status(), ObjectState::Persistent);
    QVERIFY(ed.state().hasExpired());
    QCOMPARE(ed.get()->name, "ed");
    QCOMPARE(wendy.status(), ObjectState::Persistent);
    QVERIFY(session.get<User>(2) == wendy);
    QCOMPARE(wendy.get()->name, "wendy");
    QCOMPARE(mary.status(), ObjectState::Persistent); // no longer marked for deletion
    QVERIFY(session.deletedObjects().isEmpty());
    QCOMPARE(fake.status(), ObjectState::Transient);
    QVERIFY(!session.contains(fake));
    QCOMPARE(pending.status(), ObjectState::Transient);
    QVERIFY(session.newObjects().isEmpty());
    QCOMPARE(fred.status(), ObjectState::Detached);
    QVERIFY(!session.contains(fred));
    QVERIFY(session.get<User>(4) != fred);
    // ... and is persistent (not deleted) when added to another Session.
    Session other(engine);
    other.add(fred);
    QCOMPARE(fred.status(), ObjectState::Persistent);
    other.expunge(fred);
    session.commit(); // nothing left to do
    QCOMPARE(userNames(engine), QStringList({"ed", "fred", "mary", "wendy"}));
}

void TestSession::closeLeavesUsableDetachedObjects()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Ptr<User> ed;
    Ptr<User> added;
    {
        Session session(engine);
        ed = session.get<User>(1);
        added = newUser("pending", "Pending");
        session.add(added);
        session.close();
        QCOMPARE(ed.status(), ObjectState::Detached);
        QCOMPARE(added.status(), ObjectState::Transient);
        QVERIFY(session.newObjects().isEmpty());
        QCOMPARE(session.identityCount(), 0);
        // As in SQLAlchemy, close() expunges without expiring: what was loaded stays readable.
        QCOMPARE(ed.get()->fullname, "Ed Jones");
        auto wendy = session.get<User>(2); // a closed Session can be used again
        QCOMPARE(wendy.get()->name, "wendy");
    }
    // The object outlives its Session (destroyed above), detached with its values.
    QCOMPARE(ed.status(), ObjectState::Detached);
    QCOMPARE(ed.get()->name, "ed");
    ed->nickname = "changed while detached";
    QCOMPARE(ed.get()->nickname, "changed while detached");
    QCOMPARE(userNames(engine), QStringList({"ed", "fred", "mary", "wendy"}));
    // Added to a new Session it is persistent again, and what changed meanwhile is flushed.
    Session again(engine);
    again.add(ed);
    QCOMPARE(ed.status(), ObjectState::Persistent);
    QVERIFY(again.isModified(ed));
    LogWatch log(engine);
    again.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, "UPDATE users SET nickname=? WHERE users.id = ?"),
                              "COMMIT"}));
    QCOMPARE(log.params()[1], QVariantList({"changed while detached", 1}));
}

void TestSession::misuseIsInvalidRequest()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session a(engine);
    Session b(engine);
    auto ed = newUser("ed", "Ed Jones");
    a.add(ed);
    const auto messageOf = [](const auto& call) -> QString {
        try {
            call();
        } catch (const InvalidRequestError& e) {
            return e.message();
        }
        return QStringLiteral("(no InvalidRequestError)");
    };
    QCOMPARE(messageOf([&] { b.add(ed); }),
             "Object 'User(id=None, name='ed', fullname='Ed Jones', nickname=None)' is already "
             "attached to another Session; expunge it there "
             "first or merge() it into this one");
    QCOMPARE(
        messageOf([&] { b.remove(newUser("x", "Transient")); }),
        "Instance 'User(id=None, name='x', fullname='Transient', nickname=None)' is not persisted");
    a.commit();
    QCOMPARE(messageOf([&] { b.remove(ed); }),
             "Object 'User(id=1)' is attached to another Session");
    QCOMPARE(messageOf([&] { b.expunge(ed); }),
             "Instance User(id=1) is not present in this Session");

    // Attaching a detached object whose row another object already represents here.
    a.expunge(ed);
    auto loaded = a.get<User>(1);
    QVERIFY(loaded && loaded != ed);
    QCOMPARE(messageOf([&] { a.add(ed); }),
             "Can't attach instance User(id=1); another instance with the same identity key is "
             "already present in this Session (use merge())");
    QCOMPARE(ed.status(), ObjectState::Detached);
    QVERIFY(a.get<User>(1) == loaded);
    QCOMPARE(messageOf([&] { a.expire(newUser("t", "T")); }),
             "Instance User(id=None, name='t', fullname='T', nickname=None) is not persistent "
             "within this Session");
    QVERIFY_THROWS_EXCEPTION(ArgumentError, a.expire(loaded, {"nope"}));
}

void TestSession::identityMap()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    LogWatch log(engine);
    auto ed = session.get<User>(1);
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, selectUsers + "\nWHERE users.id = ?")}));

    // get() of a loaded identity sends nothing, whatever integer type the key comes in.
    log.reset();
    QVERIFY(session.get<User>(1) == ed);
    QVERIFY(session.get<User>(QVariant(qint64(1))) == ed);
    QVERIFY(session.get<User>(QVariantList{QVariant(short(1))}) == ed);
    QVERIFY(session.get(mapper<User>(), {1}) == ed);
    QVERIFY(log.sql().isEmpty());

    // A query returning the row gives the same object.
    QVERIFY(session.query<User>().filterBy(&User::name, "ed").one() == ed);
    const auto all = session.query<User>().orderBy({col(&User::id)}).all();
    QCOMPARE(all.size(), 4);
    QVERIFY(all[0] == ed);
    QVERIFY(session.get<User>(2) == all[1]);
    QCOMPARE(session.identityCount(), 4);

    // Unflushed changes survive a query returning the row; populateExisting overwrites them.
    {
        Session::NoAutoflush noAutoflush(session);
        ed->fullname = "Changed, not flushed";
        log.reset();
        QVERIFY(session.query<User>().filterBy(&User::name, "ed").one() == ed);
        QCOMPARE(log.sql().size(), 1); // the SELECT, no UPDATE
        QCOMPARE(ed.get()->fullname, "Changed, not flushed");
        QVERIFY(session.isModified(ed));
        QVERIFY(session.query<User>().filterBy(&User::name, "ed").populateExisting().one() == ed);
        QCOMPARE(ed.get()->fullname, "Ed Jones");
        QVERIFY(!session.isModified(ed));
    }

    // Another Session has its own object for the same row.
    Session other(engine);
    auto otherEd = other.get<User>(1);
    QVERIFY(otherEd && otherEd != ed);
    QCOMPARE(otherEd.get()->name, "ed");

    // A missing row is a null handle after one SELECT, not cached as anything.
    log.reset();
    QVERIFY(!session.get<User>(99));
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, session.get<User>(QVariantList{1, 2}));
}

// ---- the seed's tutorial steps ------------------------------------------------------------------

namespace {

// "Adding and updating objects": ed is added and found by a query (autoflush), three more users
// are added, ed's nickname changes, commit. Returns the users.
void seedAddingAndUpdating(Engine& engine, Session& session, bool oneRowPerInsert,
                           QList<Ptr<User>>* users = nullptr)
{
    const QString insertUser =
        q(engine, "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?)");
    LogWatch log(engine);
    auto ed = newUser("ed", "Ed Jones", "edsnickname");
    session.add(ed);
    QCOMPARE(ed.status(), ObjectState::Pending);
    QVERIFY(log.sql().isEmpty());
    auto ourUser = session.query<User>().filterBy(&User::name, "ed").first();
    QVERIFY(ourUser == ed); // the identity map: the same object
    // (c): no column labels, LIMIT without OFFSET.
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", insertUser + returningSingle(engine),
                              q(engine, selectUsers + "\nWHERE users.name = ?\nLIMIT ?")}));
    QCOMPARE(log.params()[1], QVariantList({"ed", "Ed Jones", "edsnickname"}));
    QCOMPARE(log.params()[2], QVariantList({"ed", 1}));
    QCOMPARE(log.origins(), QList<Origin>({Origin::Transaction, Origin::Autoflush, Origin::Query}));

    auto wendy = newUser("wendy", "Wendy Williams", "windy");
    auto mary = newUser("mary", "Mary Contrary", "mary");
    auto fred = newUser("fred", "Fred Flintstone", "freddy");
    session.addAll({wendy, mary, fred});
    ed->nickname = "eddie";
    QVERIFY(sameObjects(session.dirtyObjects(), {ed}));
    QVERIFY(session.newObjects() == QList<Object>({wendy, mary, fred})); // in add() order

    log.reset();
    session.commit();
    QStringList expected{"SAVEPOINT sp_1", // (b): the transaction already wrote ed's INSERT
                         q(engine, "UPDATE users SET nickname=? WHERE users.id = ?")};
    QList<QVariantList> params{{}, {"eddie", 1}};
    if (oneRowPerInsert) {
        // The seed's exact statements.
        expected << insertUser + returningSingle(engine) << insertUser + returningSingle(engine)
                 << insertUser + returningSingle(engine);
        params << QVariantList{"wendy", "Wendy Williams", "windy"}
               << QVariantList{"mary", "Mary Contrary", "mary"}
               << QVariantList{"fred", "Fred Flintstone", "freddy"};
    } else {
        // (a): one multi-row INSERT, the keys read back with RETURNING.
        expected << q(engine, "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?), "
                              "(?, ?, ?), (?, ?, ?) RETURNING id");
        params << QVariantList{"wendy", "Wendy Williams",  "windy", "mary", "Mary Contrary", "mary",
                               "fred",  "Fred Flintstone", "freddy"};
    }
    expected << "RELEASE SAVEPOINT sp_1"
             << "COMMIT";
    params << QVariantList{} << QVariantList{};
    QCOMPARE_SQL(log.sql(), expected);
    QCOMPARE(log.params(), params);
    QCOMPARE(wendy.status(), ObjectState::Persistent);

    // After commit everything is expired: reading ed's id loads the row in a new transaction.
    log.reset();
    const qint64 id = ed.get()->id;
    QCOMPARE(id, 1);
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QCOMPARE(log.params()[1], QVariantList{1});
    QCOMPARE(wendy.get()->id, 2);
    QCOMPARE(mary.get()->id, 3);
    QCOMPARE(fred.get()->id, 4);
    if (users)
        *users = {ed, wendy, mary, fred};
}

} // namespace

void TestSession::seedAddingAndUpdatingBatched()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    seedAddingAndUpdating(engine, session, false);
    QCOMPARE(dbRows(engine, usersTable(), {"id", "name", "nickname"}),
             QList<QVariantList>({{1, "ed", "eddie"},
                                  {2, "wendy", "windy"},
                                  {3, "mary", "mary"},
                                  {4, "fred", "freddy"}}));
}

void TestSession::seedAddingAndUpdatingOneRowPerInsert()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    seedAddingAndUpdating(engine, session, true);
    QCOMPARE(dbRows(engine, usersTable(), {"id", "name", "nickname"}),
             QList<QVariantList>({{1, "ed", "eddie"},
                                  {2, "wendy", "windy"},
                                  {3, "mary", "mary"},
                                  {4, "fred", "freddy"}}));
}

void TestSession::seedRollingBack()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine, {.insertBatchSize = 1});
    QList<Ptr<User>> users;
    seedAddingAndUpdating(engine, session, true, &users);
    if (QTest::currentTestFailed())
        return;
    const Ptr<User>& ed = users[0];

    LogWatch log(engine);
    ed->name = "Edwardo"; // loaded already: no SQL
    auto fakeUser = newUser("fakeuser", "Invalid", "12345");
    session.add(fakeUser);
    QVERIFY(log.sql().isEmpty());
    const auto found =
        session.query<User>().filter(col(&User::name).in({"Edwardo", "fakeuser"})).all();
    QVERIFY(sameObjects(objects(found), {ed, fakeUser}));
    // The seed's statements; this flush is the first write of the transaction: no savepoint.
    QCOMPARE_SQL(
        log.sql(),
        QStringList({q(engine, "UPDATE users SET name=? WHERE users.id = ?"),
                     q(engine, "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?)") +
                         returningSingle(engine),
                     q(engine, selectUsers + "\nWHERE users.name IN (?, ?)")}));
    QCOMPARE(log.params(),
             QList<QVariantList>(
                 {{"Edwardo", 1}, {"fakeuser", "Invalid", "12345"}, {"Edwardo", "fakeuser"}}));

    log.reset();
    session.rollback();
    QCOMPARE_SQL(log.sql(), QStringList{"ROLLBACK"});

    log.reset();
    QCOMPARE(ed.get()->name, "ed");
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QCOMPARE(log.params()[1], QVariantList{1});
    QVERIFY(!session.contains(fakeUser));
    QCOMPARE(fakeUser.status(), ObjectState::Transient);

    log.reset();
    const auto after = session.query<User>().filter(col(&User::name).in({"ed", "fakeuser"})).all();
    QCOMPARE(after.size(), 1);
    QVERIFY(after[0] == ed);
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, selectUsers + "\nWHERE users.name IN (?, ?)")}));
    QCOMPARE(log.params()[0], QVariantList({"ed", "fakeuser"}));
}

// ---- dirty tracking and the Session API ---------------------------------------------------------

void TestSession::onlyChangedColumns()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);

    // A Session that was never used sends nothing at all on flush and commit.
    {
        LogWatch log(engine);
        Session fresh(engine);
        fresh.flush();
        fresh.commit();
        QVERIFY(!fresh.inTransaction());
        QVERIFY(log.sql().isEmpty());
    }

    Session session(engine);
    auto ed = session.get<User>(1);
    LogWatch log(engine);
    ed->fullname = "Ed Jones"; // the same value: not a change
    ed->nickname = "eddie";
    QVERIFY(!session.isModified(ed));
    QVERIFY(session.dirtyObjects().isEmpty());
    session.flush();
    session.commit(); // only the read transaction's COMMIT
    QCOMPARE_SQL(log.sql(), QStringList{"COMMIT"});

    ed = session.get<User>(1); // from the identity map, expired by the commit
    QCOMPARE(ed.get()->fullname, "Ed Jones");
    log.reset();
    ed->fullname = "Edward Jones";
    QVERIFY(session.isModified(ed)); // detected without SQL
    QVERIFY(log.sql().isEmpty());
    session.flush();
    QCOMPARE_SQL(log.sql(),
                 QStringList{q(engine, "UPDATE users SET fullname=? WHERE users.id = ?")});
    QCOMPARE(log.params()[0], QVariantList({"Edward Jones", 1}));
    QCOMPARE(log.origins(), QList<Origin>{Origin::Flush});
    QVERIFY(!session.isModified(ed));

    // Two columns, one of them to NULL; the transaction has written, so a savepoint (b).
    log.reset();
    ed->nickname = std::nullopt;
    ed->name = "eddie";
    session.flush();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"SAVEPOINT sp_1",
                              q(engine, "UPDATE users SET name=?, nickname=? WHERE users.id = ?"),
                              "RELEASE SAVEPOINT sp_1"}));
    QCOMPARE(log.params()[1], QVariantList({"eddie", QVariant(), 1}));

    // Changed and changed back: nothing to send.
    log.reset();
    ed->name = "something else";
    ed->name = "eddie";
    QVERIFY(!session.isModified(ed));
    session.flush();
    QVERIFY(log.sql().isEmpty());
    session.commit();
    QCOMPARE(dbRows(engine, usersTable(), {"id", "name", "fullname", "nickname"})[0],
             QVariantList({1, "eddie", "Edward Jones", QVariant()}));
}

void TestSession::setterApiAndSignals()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    QSignalSpy added(&session, &Session::objectAdded);
    QSignalSpy changed(&session, &Session::objectChanged);
    QSignalSpy deleted(&session, &Session::objectDeleted);
    QSignalSpy expired(&session, &Session::objectExpired);
    QSignalSpy flushed(&session, &Session::flushed);
    QSignalSpy committed(&session, &Session::committed);
    QSignalSpy rolledBack(&session, &Session::rolledBack);

    auto ed = newUser("ed", "Ed Jones");
    session.add(ed);
    QCOMPARE(added.size(), 1);
    QVERIFY(added[0][0].value<Object>() == ed);
    session.commit();
    QCOMPARE(flushed.size(), 1);
    QCOMPARE(committed.size(), 1);
    QCOMPARE(expired.size(), 1); // expire on commit
    QVERIFY(expired[0][0].value<Object>() == ed);

    // The setter path signals each real change at once.
    const Object o = ed;
    o.setValue("fullname", "Edward Jones");
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed[0][0].value<Object>() == ed);
    QCOMPARE(changed[0][1].toString(), "fullname");
    session.setValue(o, "fullname", "Edward Jones"); // equal: no change, no signal
    session.setValue(o, "nickname", QVariant());     // NULL already: no change
    QCOMPARE(changed.size(), 1);
    session.setValue(o, "nickname", "eddie");
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed[1][1].toString(), "nickname");
    QCOMPARE(session.value(o, "nickname").toString(), "eddie");
    QCOMPARE(ed.get()->nickname, "eddie");
    QVERIFY(session.isModified(ed));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, o.setValue("nope", 1));

    // A change made directly to a member is not signalled, but found by isModified and flush.
    ed->name = "eddie";
    QCOMPARE(changed.size(), 2);
    LogWatch log(engine);
    session.flush();
    QCOMPARE_SQL(
        log.sql(),
        QStringList{
            q(engine, "UPDATE users SET name=?, fullname=?, nickname=? WHERE users.id = ?")});
    QCOMPARE(flushed.size(), 2);

    session.remove(ed);
    QCOMPARE(deleted.size(), 1);
    QVERIFY(deleted[0][0].value<Object>() == ed);
    session.rollback();
    QCOMPARE(rolledBack.size(), 1);
    QCOMPARE(committed.size(), 1);

    // A detached object's setter just sets the value.
    session.expunge(ed);
    const int before = int(changed.size());
    Object(ed).setValue("fullname", "Detached");
    QCOMPARE(int(changed.size()), before);
}

void TestSession::newDirtyDeletedSets()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    auto ed = session.get<User>(1);
    auto wendy = session.get<User>(2);
    auto mary = session.get<User>(3);
    auto jack = newUser("jack", "Jack");
    session.add(jack);
    ed->fullname = "Dirty";
    wendy->fullname = "Wendy Williams"; // touched, not changed
    session.remove(mary);
    mary->fullname = "Dirty and deleted"; // deleted wins
    QVERIFY(session.newObjects() == QList<Object>{jack});
    QVERIFY(session.dirtyObjects() == QList<Object>{ed});
    QVERIFY(session.deletedObjects() == QList<Object>{mary});
    QVERIFY(session.isModified(jack));
    QVERIFY(!session.isModified(wendy));
    session.flush();
    QVERIFY(session.newObjects().isEmpty());
    QVERIFY(session.dirtyObjects().isEmpty());
    QVERIFY(session.deletedObjects().isEmpty());
    session.commit();
    QCOMPARE(userNames(engine), QStringList({"ed", "fred", "jack", "wendy"}));
}

void TestSession::expireAndRefresh()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    auto ed = session.get<User>(1);
    const int fullname = mapper<User>().property("fullname").index;
    const int name = mapper<User>().property("name").index;

    // Expiring named attributes: only those are loaded again, on first access.
    session.expire(ed, {"fullname"});
    QVERIFY(ed.state().isExpired(fullname));
    QVERIFY(!ed.state().isExpired(name));
    // The row changes behind the object's back, in the Session's own transaction.
    session.connection().execute(update(usersTable())
                                     .set("fullname", "Changed Outside")
                                     .set("nickname", "outside")
                                     .where(usersTable().c("id") == 1));
    LogWatch log(engine);
    QCOMPARE(ed.get()->name, "ed"); // any access loads what is expired
    QCOMPARE(ed.get()->fullname, "Changed Outside");
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QCOMPARE(log.origins(), QList<Origin>{Origin::LazyLoad});
    QCOMPARE(ed.get()->nickname, "eddie"); // not expired: the loaded value stays

    // Expiring the whole object.
    session.expire(ed);
    QVERIFY(ed.state().isExpired(name));
    QCOMPARE(ed.get()->nickname, "outside");

    // refresh() loads now and discards unflushed changes of that object (no UPDATE).
    ed->fullname = "Unsaved";
    log.reset();
    session.refresh(ed);
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QCOMPARE(ed.get()->fullname, "Changed Outside");
    QVERIFY(!session.isModified(ed));

    // expireAll
    auto wendy = session.get<User>(2);
    QSignalSpy expired(&session, &Session::objectExpired);
    session.expireAll();
    QCOMPARE(expired.size(), 2);
    QVERIFY(ed.state().hasExpired());
    QVERIFY(wendy.state().hasExpired());
    log.reset();
    QCOMPARE(wendy.get()->fullname, "Wendy Williams");
    QCOMPARE(log.sql().size(), 1);
    session.rollback();
    QCOMPARE(ed.get()->fullname, "Ed Jones");
}

void TestSession::autobeginAutoflushNoAutoflush()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    QVERIFY(!session.inTransaction());
    LogWatch log(engine);
    auto ed = newUser("ed", "Ed Jones");
    session.add(ed);
    QVERIFY(!session.inTransaction());
    QVERIFY(log.sql().isEmpty());

    // The first query begins the transaction (autobegin) after flushing (autoflush).
    QCOMPARE(session.query<User>().count(), 1);
    QVERIFY(session.inTransaction());
    QCOMPARE(log.sql().size(), 3);
    QCOMPARE(log.sql()[0], "BEGIN");
    QCOMPARE(log.origins(), QList<Origin>({Origin::Transaction, Origin::Autoflush, Origin::Query}));
    QCOMPARE(log.sql()[2],
             q(engine, "SELECT count(*) AS count_1\nFROM (" + selectUsers + ") AS anon_1"));

    // No autoflush inside the scope; back on after it.
    auto wendy = newUser("wendy", "Wendy Williams");
    {
        Session::NoAutoflush noAutoflush(session);
        session.add(wendy);
        log.reset();
        QCOMPARE(session.query<User>().count(), 1);
        QCOMPARE(log.sql().size(), 1);
        QCOMPARE(wendy.status(), ObjectState::Pending);
        QVERIFY(!session.options().autoflush);
    }
    QVERIFY(session.options().autoflush);
    QCOMPARE(session.query<User>().count(), 2);
    QCOMPARE(wendy.status(), ObjectState::Persistent);

    // A Session without autoflush.
    session.commit();
    Session manual(engine, {.autoflush = false});
    auto mary = newUser("mary", "Mary Contrary");
    manual.add(mary);
    QCOMPARE(manual.query<User>().count(), 2);
    QCOMPARE(mary.status(), ObjectState::Pending);
    manual.flush();
    QCOMPARE(manual.query<User>().count(), 3);
    manual.commit();
}

void TestSession::expireOnCommitOption()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session session(engine, {.expireOnCommit = false});
        auto ed = newUser("ed", "Ed Jones");
        session.add(ed);
        session.commit();
        LogWatch log(engine);
        QVERIFY(!ed.state().hasExpired());
        QCOMPARE(ed.get()->fullname, "Ed Jones");
        QCOMPARE(ed.get()->id, 1);
        QVERIFY(log.sql().isEmpty());
        QVERIFY(!session.inTransaction());
    }
    {
        Session session(engine);
        auto ed = session.get<User>(1);
        session.commit();
        QVERIFY(ed.state().hasExpired());
        LogWatch log(engine);
        QCOMPARE(ed.get()->fullname, "Ed Jones");
        QCOMPARE(log.sql().size(), 2); // BEGIN, SELECT
        session.setExpireOnCommit(false);
        session.commit();
        QVERIFY(!ed.state().hasExpired());
    }
}

// ---- the unit of work ---------------------------------------------------------------------------

void TestSession::foreignKeyOrder()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    // Children added before their parent: the INSERTs still go parents first (the database
    // checks the foreign key on every statement).
    auto home = newAddress("ed@home", 10);
    auto ed = newUser("ed", "Ed Jones", std::nullopt, 10);
    auto work = newAddress("ed@work", 10);
    session.add(home);
    session.add(ed);
    session.add(work);
    LogWatch log(engine);
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList(
            {"BEGIN",
             q(engine, "INSERT INTO users (id, name, fullname, nickname) VALUES (?, ?, ?, ?)"),
             q(engine, "INSERT INTO addresses (email, user_id) VALUES (?, ?), (?, ?) "
                       "RETURNING id"),
             "COMMIT"}));
    QCOMPARE(log.params()[2], QVariantList({"ed@home", 10, "ed@work", 10}));
    QCOMPARE(dbRows(engine, mapper<Address>().table(), {"id", "email"}),
             QList<QVariantList>({{1, "ed@home"}, {2, "ed@work"}}));

    // A new parent and a child moved to it: the parent's INSERT comes before the child's UPDATE.
    QCOMPARE(work.get()->email, "ed@work"); // loaded first: expired by the commit
    auto wendy = newUser("wendy", "Wendy Williams", std::nullopt, 20);
    session.add(wendy);
    work->userId = 20;
    log.reset();
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({q(engine, "INSERT INTO users (id, name, fullname, nickname) VALUES (?, ?, "
                               "?, ?)"),
                     q(engine, "UPDATE addresses SET user_id=? WHERE addresses.id = ?"),
                     "COMMIT"}));
    // A parent deleted while its child moves away: the child's UPDATE comes before the DELETE.
    QCOMPARE(work.get()->userId, 20);
    session.remove(wendy);
    work->userId = 10;
    log.reset();
    session.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, "UPDATE addresses SET user_id=? WHERE addresses.id = ?"),
                              q(engine, "DELETE FROM users WHERE users.id = ?"), "COMMIT"}));

    // A parent whose children still refer to it cannot go; the DELETE stays scheduled.
    session.remove(ed);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.commit());
    QVERIFY(session.deletedObjects() == QList<Object>{ed});
    QCOMPARE(ed.status(), ObjectState::Persistent);

    // Deleted parent first: the DELETEs still go children first, in the order they were marked.
    session.remove(work);
    session.remove(home);
    log.reset();
    session.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, "DELETE FROM addresses WHERE addresses.id = ?"),
                              q(engine, "DELETE FROM addresses WHERE addresses.id = ?"),
                              q(engine, "DELETE FROM users WHERE users.id = ?"), "COMMIT"}));
    QCOMPARE(log.params()[1], QVariantList{2});
    QCOMPARE(log.params()[2], QVariantList{1});
    QCOMPARE(log.params()[3], QVariantList{10});
    QVERIFY(userNames(engine).isEmpty());
    QVERIFY(dbRows(engine, mapper<Address>().table(), {"id"}).isEmpty());
    QCOMPARE(ed.status(), ObjectState::Detached);
}

void TestSession::insertBatching()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    const QString insert3 = "INSERT INTO users (name, fullname, nickname) VALUES ";
    {
        // Batches of at most two rows; a row with its own key has another column set and so
        // another statement; order of addition is kept.
        Session session(engine, {.insertBatchSize = 2});
        QList<Ptr<User>> users{newUser("u1", "One"),   newUser("u2", "Two"),
                               newUser("u3", "Three"), newUser("u4", "Four", std::nullopt, 100),
                               newUser("u5", "Five"),  newUser("u6", "Six")};
        session.addAll(objects(users));
        LogWatch log(engine);
        session.flush();
        QCOMPARE_SQL(
            log.sql(),
            QStringList({"BEGIN", q(engine, insert3 + "(?, ?, ?), (?, ?, ?) RETURNING id"),
                         q(engine, insert3 + "(?, ?, ?)") + returningSingle(engine),
                         q(engine, "INSERT INTO users (id, name, fullname, nickname) VALUES "
                                   "(?, ?, ?, ?)"),
                         q(engine, insert3 + "(?, ?, ?), (?, ?, ?) RETURNING id")}));
        QCOMPARE(log.params()[1], QVariantList({"u1", "One", QVariant(), "u2", "Two", QVariant()}));
        QCOMPARE(log.params()[3], QVariantList({100, "u4", "Four", QVariant()}));
        QCOMPARE(log.params()[4],
                 QVariantList({"u5", "Five", QVariant(), "u6", "Six", QVariant()}));
        session.commit();
        // Every object got the key of its own row.
        QHash<qint64, QString> byId;
        for (const QVariantList& row : dbRows(engine, usersTable(), {"id", "name"}))
            byId.insert(row[0].toLongLong(), row[1].toString());
        QCOMPARE(byId.size(), 6);
        for (const Ptr<User>& u : users)
            QCOMPARE(byId.value(u.get()->id), u.get()->name);
        QCOMPARE(users[3].get()->id, 100);
        QVERIFY(users[0].get()->id < users[1].get()->id);
        QVERIFY(users[4].get()->id < users[5].get()->id);
    }
    {
        // The default batch: one statement for all rows of one column set.
        Session session(engine);
        QList<Ptr<User>> users;
        for (int i = 0; i < 5; ++i)
            users << newUser(QStringLiteral("batch%1").arg(i), "Batch");
        session.addAll(objects(users));
        LogWatch log(engine);
        session.commit();
        QCOMPARE_SQL(log.sql(),
                     QStringList({"BEGIN",
                                  q(engine, insert3 + "(?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?), "
                                                      "(?, ?, ?) RETURNING id"),
                                  "COMMIT"}));
        for (const Ptr<User>& u : users) {
            const auto row = dbRows(engine, usersTable(), {"id", "name"});
            QVERIFY(row.contains(QVariantList({u.get()->id, u.get()->name})));
        }
    }
}

void TestSession::updatesGroupedByColumnSet()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    const auto users = session.query<User>().orderBy({col(&User::id)}).all();
    users[0]->fullname = "A";
    users[1]->nickname = "b";
    users[2]->fullname = "C";
    users[3]->nickname = "d";
    LogWatch log(engine);
    session.flush();
    // One statement shape per changed-column set, in the order the sets first appear.
    const QString setFullname = q(engine, "UPDATE users SET fullname=? WHERE users.id = ?");
    const QString setNickname = q(engine, "UPDATE users SET nickname=? WHERE users.id = ?");
    QCOMPARE_SQL(log.sql(), QStringList({setFullname, setFullname, setNickname, setNickname}));
    QCOMPARE(log.params(), QList<QVariantList>({{"A", 1}, {"C", 3}, {"b", 2}, {"d", 4}}));
    session.commit();
    QCOMPARE(dbRows(engine, usersTable(), {"id", "fullname", "nickname"}),
             QList<QVariantList>({{1, "A", "eddie"},
                                  {2, "Wendy Williams", "b"},
                                  {3, "C", "mary"},
                                  {4, "Fred Flintstone", "d"}}));
}

void TestSession::deleteAndReAddSameKey()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    session.addAll({newTag("a", "Alpha"), newTag("b", "Beta")});
    session.commit();

    auto old = session.get<Tag>("a");
    QCOMPARE(old.get()->label, "Alpha");
    session.remove(old);
    auto replacement = newTag("a", "Alpha again");
    session.add(replacement);
    LogWatch log(engine);
    session.flush();
    QCOMPARE_SQL(log.sql(),
                 QStringList({q(engine, "DELETE FROM tags WHERE tags.code = ?"),
                              q(engine, "INSERT INTO tags (code, label) VALUES (?, ?)")}));
    QCOMPARE(old.status(), ObjectState::Deleted);
    QCOMPARE(replacement.status(), ObjectState::Persistent);
    log.reset();
    QVERIFY(session.get<Tag>("a") == replacement);
    QVERIFY(log.sql().isEmpty());
    session.commit();
    QCOMPARE(dbRows(engine, mapper<Tag>().table(), {"code", "label"}),
             QList<QVariantList>({{"a", "Alpha again"}, {"b", "Beta"}}));

    // The same with a generated integer key given explicitly.
    auto ed = newUser("ed", "Ed Jones");
    session.add(ed);
    session.commit();
    session.remove(ed);
    auto ed2 = newUser("ed", "Ed Again", std::nullopt, 1);
    session.add(ed2);
    session.commit();
    QCOMPARE(dbRows(engine, usersTable(), {"id", "fullname"}),
             QList<QVariantList>({{1, "Ed Again"}}));
    QCOMPARE(ed.status(), ObjectState::Detached);
    QCOMPARE(ed2.status(), ObjectState::Persistent);
}

void TestSession::staleRows()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    // Loaded, then the transaction ends (a SQLite reader would otherwise block the writer below).
    Session session(engine, {.expireOnCommit = false});
    auto ed = session.get<User>(1);
    auto wendy = session.get<User>(2);
    session.commit();
    // Someone else deletes the rows.
    engine.execute(deleteFrom(usersTable()).where(usersTable().c("id").in({1, 2})));

    ed->fullname = "Gone";
    try {
        session.flush();
        QFAIL("no StaleDataError");
    } catch (const StaleDataError& e) {
        QCOMPARE(e.message(), "UPDATE statement on table 'users' expected to update 1 row(s); 0 "
                              "were matched.\n[object: User(id=1)]");
    }
    QVERIFY(session.isModified(ed));
    QVERIFY(session.dirtyObjects() == QList<Object>{ed});

    session.expunge(ed);
    session.remove(wendy);
    try {
        session.commit();
        QFAIL("no StaleDataError");
    } catch (const StaleDataError& e) {
        QCOMPARE(e.message(), "DELETE statement on table 'users' expected to delete 1 row(s); 0 "
                              "were matched.\n[object: User(id=2)]");
    }
    QVERIFY(session.deletedObjects() == QList<Object>{wendy});
    QCOMPARE(wendy.status(), ObjectState::Persistent);
    QCOMPARE(userNames(engine), QStringList({"fred", "mary"}));
}

void TestSession::versionConflict()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    qint64 id = 0;
    {
        Session session(engine);
        auto doc = newDocument("Draft", "text");
        session.add(doc);
        LogWatch log(engine);
        session.commit();
        QCOMPARE(log.sql()[1],
                 q(engine, "INSERT INTO documents (title, body, version) VALUES (?, ?, ?)") +
                     returningSingle(engine));
        QCOMPARE(log.params()[1], QVariantList({"Draft", "text", 1})); // versions start at 1
        id = doc.get()->id;
        QCOMPARE(doc.get()->version, 1);
    }

    // Two Sessions on two connections edit the same row. B loaded it first; its read
    // transaction ended (as a UI's does) so that SQLite lets A write.
    Session a(engine, {.expireOnCommit = false});
    Session b(engine, {.expireOnCommit = false});
    auto docB = b.get<Document>(id);
    b.commit();
    auto docA = a.get<Document>(id);
    QVERIFY(docA != docB);
    docA->title = "A's title";
    LogWatch log(engine);
    a.commit();
    QCOMPARE_SQL(log.sql(), QStringList({q(engine, "UPDATE documents SET title=?, version=? WHERE "
                                                   "documents.id = ? AND documents.version = ?"),
                                         "COMMIT"}));
    QCOMPARE(log.params()[0], QVariantList({"A's title", 2, id, 1}));
    QCOMPARE(docA.get()->version, 2);

    docB->body = "B's body";
    try {
        b.commit();
        QFAIL("B overwrote A's change");
    } catch (const StaleDataError& e) {
        QCOMPARE(e.message(),
                 QStringLiteral("UPDATE statement on table 'documents' expected to update "
                                "1 row(s); 0 were matched.\n[object: Document(id=%1)]")
                     .arg(id));
    }
    // Nothing was overwritten, and B still has its change.
    QCOMPARE(dbRows(engine, mapper<Document>().table(), {"id", "title", "body", "version"}),
             QList<QVariantList>({{id, "A's title", "text", 2}}));
    QVERIFY(b.isModified(docB));
    QCOMPARE(docB.get()->version, 1);

    // B starts over from the current row and wins the next round.
    b.rollback();
    QCOMPARE(docB.get()->title, "A's title");
    docB->body = "B's body";
    b.commit();
    QCOMPARE(docB.get()->version, 3);

    // A DELETE checks the version too.
    a.remove(docA);
    log.reset();
    try {
        a.commit();
        QFAIL("A deleted a row it has not seen");
    } catch (const StaleDataError& e) {
        QCOMPARE(e.message(),
                 QStringLiteral("DELETE statement on table 'documents' expected to delete "
                                "1 row(s); 0 were matched.\n[object: Document(id=%1)]")
                     .arg(id));
    }
    QCOMPARE(log.sql()[1], q(engine, "DELETE FROM documents WHERE documents.id = ? AND "
                                     "documents.version = ?"));
    QCOMPARE(log.params()[1], QVariantList({id, 2}));
    QCOMPARE(dbRows(engine, mapper<Document>().table(), {"id", "title", "body", "version"}),
             QList<QVariantList>({{id, "A's title", "B's body", 3}}));
}

// ---- failed flushes -----------------------------------------------------------------------------

void TestSession::failedBatchNamesEveryObject()
{
    // A multi-row INSERT cannot tell which row failed, so the error names the whole batch.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    auto jack = newUser("jack", "Jack");
    auto second = newUser("ed", "Second Ed");
    session.addAll({jack, second});
    try {
        session.flush();
        QFAIL("duplicate name accepted");
    } catch (const IntegrityError& e) {
        QVERIFY2(e.message().endsWith(
                     "\n[objects: User(id=None, name='jack', fullname='Jack', nickname=None), "
                     "User(id=None, name='ed', fullname='Second Ed', nickname=None)]"),
                 qPrintable(e.message()));
    }
    QCOMPARE(jack.status(), ObjectState::Pending);
    QCOMPARE(second.status(), ObjectState::Pending);
}

void TestSession::failedFlushLosesNothing()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine, {.insertBatchSize = 1});
    auto ed = session.get<User>(1);
    ed->fullname = "Ed Flushed";
    session.flush(); // the transaction has written: the next flush runs in a savepoint
    auto wendy = session.get<User>(2);
    auto mary = session.get<User>(3); // (before changing wendy: a query would autoflush her)
    wendy->fullname = "Wendy Dirty";
    session.remove(mary);
    auto jack = newUser("jack", "Jack");
    auto second = newUser("ed", "Second Ed"); // name is unique
    session.add(jack);
    session.add(second);

    const QString insertSql =
        q(engine, "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?)") +
        returningSingle(engine);
    LogWatch log(engine);
    try {
        session.flush();
        QFAIL("duplicate name accepted");
    } catch (const IntegrityError& e) {
        // The error names the statement, its values and the object.
        QCOMPARE(e.statement(), insertSql);
        QCOMPARE(e.params(), QVariantList({"ed", "Second Ed", QVariant()}));
        QVERIFY2(e.message().contains("[SQL: " + insertSql + "]"), qPrintable(e.message()));
        QVERIFY2(e.message().contains("[parameters: ('ed', 'Second Ed', NULL)]"),
                 qPrintable(e.message()));
        QVERIFY2(e.message().endsWith(
                     "\n[object: User(id=None, name='ed', fullname='Second Ed', nickname=None)]"),
                 qPrintable(e.message()));
    }
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"SAVEPOINT sp_1", q(engine, "UPDATE users SET fullname=? WHERE users.id = ?"),
                     insertSql, insertSql, "ROLLBACK TO SAVEPOINT sp_1",
                     "RELEASE SAVEPOINT sp_1"}));
    QVERIFY(!log.entries()[3].error.isEmpty());

    // Every object is as it was before the flush.
    QCOMPARE(jack.status(), ObjectState::Pending);
    QCOMPARE(jack.get()->id, 0);
    QCOMPARE(second.status(), ObjectState::Pending);
    QCOMPARE(second.get()->id, 0);
    QVERIFY(session.newObjects() == QList<Object>({jack, second}));
    QVERIFY(session.dirtyObjects() == QList<Object>{wendy});
    QVERIFY(session.deletedObjects() == QList<Object>{mary});
    QCOMPARE(mary.status(), ObjectState::Persistent);
    QVERIFY(!session.isModified(ed));
    // The transaction is as before the flush: ed's earlier UPDATE is kept, the rest undone.
    QVERIFY(session.inTransaction());
    {
        Result r = session.connection().execute(
            select({usersTable().c("name"), usersTable().c("fullname")})
                .orderBy({usersTable().c("id")}));
        QCOMPARE(r.all(), QList<QVariantList>({{"ed", "Ed Flushed"},
                                               {"wendy", "Wendy Williams"},
                                               {"mary", "Mary Contrary"},
                                               {"fred", "Fred Flintstone"}}));
    }

    // Fix the object and commit: nothing was lost.
    second->name = "ed2";
    log.reset();
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"SAVEPOINT sp_2", q(engine, "UPDATE users SET fullname=? WHERE users.id = ?"),
                     insertSql, insertSql, q(engine, "DELETE FROM users WHERE users.id = ?"),
                     "RELEASE SAVEPOINT sp_2", "COMMIT"}));
    QCOMPARE(jack.status(), ObjectState::Persistent);
    // (PostgreSQL's sequence does not roll back: the keys are not 5 and 6 there.)
    QCOMPARE(dbRows(engine, usersTable(), {"id", "name", "fullname"}),
             QList<QVariantList>({{1, "ed", "Ed Flushed"},
                                  {2, "wendy", "Wendy Dirty"},
                                  {4, "fred", "Fred Flintstone"},
                                  {jack.get()->id, "jack", "Jack"},
                                  {second.get()->id, "ed2", "Second Ed"}}));
    QVERIFY(jack.get()->id > 4);
    QVERIFY(second.get()->id > jack.get()->id);
    QCOMPARE(mary.status(), ObjectState::Detached);
}

void TestSession::failedFlushAtTransactionStart()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    auto first = newUser("new", "New");
    auto second = newUser("ed", "Duplicate");
    session.addAll({first, second});
    LogWatch log(engine);
    // One multi-row INSERT: which row failed is unknown, so no object is named.
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.commit());
    // No savepoint at the start of a transaction: rolling it back restores the same state.
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN",
                     q(engine, "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?), "
                               "(?, ?, ?) RETURNING id"),
                     "ROLLBACK"}));
    QVERIFY(!session.inTransaction());
    QCOMPARE(first.status(), ObjectState::Pending);
    QCOMPARE(second.status(), ObjectState::Pending);
    QCOMPARE(first.get()->id, 0);

    // Or roll back: pending objects leave the Session.
    second->name = "eddie";
    session.commit();
    QCOMPARE(first.status(), ObjectState::Persistent);
    QCOMPARE(userNames(engine), QStringList({"ed", "eddie", "fred", "mary", "new", "wendy"}));

    auto third = newUser("ed", "Duplicate again");
    session.add(third);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    session.rollback();
    QCOMPARE(third.status(), ObjectState::Transient);
    QCOMPARE(third.get()->name, "ed");
}

void TestSession::failedFlushKeepsExecutedStatements()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    // A statement the user ran in the Session's transaction is part of that transaction.
    session.execute(insert(usersTable()).values({{"name", "raw"}, {"fullname", "Raw Insert"}}));
    auto duplicate = newUser("ed", "Duplicate");
    session.add(duplicate);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    QVERIFY(session.inTransaction());
    const auto raw = session.connection()
                         .execute(select({func::count()})
                                      .selectFrom(usersTable())
                                      .where(usersTable().c("name") == "raw"))
                         .scalar();
    QCOMPARE(raw.toLongLong(), 1);
    duplicate->name = "not a duplicate";
    session.commit();
    QCOMPARE(userNames(engine),
             QStringList({"ed", "fred", "mary", "not a duplicate", "raw", "wendy"}));
}

void TestSession::failedCommitNeedsRollback()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    // A foreign key checked at COMMIT, so that the COMMIT itself fails.
    if (isPostgres(engine)) {
        Connection conn = engine.connect();
        const QString fk = conn.exec("SELECT conname FROM pg_constraint WHERE conrelid = "
                                     "'addresses'::regclass AND contype = 'f'")
                               .scalar()
                               .toString();
        QVERIFY(!fk.isEmpty());
        conn.exec("ALTER TABLE addresses ALTER CONSTRAINT " + conn.dialect().quoteIdentifier(fk) +
                  " DEFERRABLE INITIALLY DEFERRED");
    }
    Session session(engine);
    if (!isPostgres(engine))
        session.connection().exec("PRAGMA defer_foreign_keys = ON");
    auto orphan = newAddress("nobody@example.com", 999);
    session.add(orphan);
    LogWatch log(engine);
    try {
        session.commit();
        QFAIL("COMMIT accepted a dangling foreign key");
    } catch (const IntegrityError& e) {
        QCOMPARE(e.statement(), "COMMIT");
    }
    const QString message = "This Session's transaction has been rolled back due to a previous "
                            "exception during commit. To begin a new transaction with this "
                            "Session, first issue Session::rollback().";
    const auto pendingRollback = [&](const auto& call) -> QString {
        try {
            call();
        } catch (const PendingRollbackError& e) {
            return e.message();
        }
        return QStringLiteral("(no PendingRollbackError)");
    };
    QCOMPARE(pendingRollback([&] { session.query<User>().all(); }), message);
    QCOMPARE(pendingRollback([&] { session.flush(); }), message);
    QCOMPARE(pendingRollback([&] { session.commit(); }), message);
    QCOMPARE(pendingRollback([&] { session.add(newUser("x", "X")); }), message);
    QCOMPARE(pendingRollback([&] { session.get<User>(1); }), message);
    session.rollback();
    QCOMPARE(orphan.status(), ObjectState::Transient);
    QCOMPARE(session.query<User>().count(), 4);
    session.commit();
    QVERIFY(dbRows(engine, mapper<Address>().table(), {"id"}).isEmpty());
    // The connection is clean for the next user.
    Session next(engine);
    next.add(newUser("next", "Next"));
    next.commit();
    QCOMPARE(userNames(engine), QStringList({"ed", "fred", "mary", "next", "wendy"}));
}

// ---- savepoints ---------------------------------------------------------------------------------

void TestSession::savepoints()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    auto ed = newUser("ed", "Ed Jones");
    session.add(ed);
    session.commit();

    LogWatch log(engine);
    {
        NestedTransaction sp = session.beginNested();
        ed->fullname = "Changed in the savepoint"; // loads ed (expired by the commit)
        auto wendy = newUser("wendy", "Wendy Williams");
        session.add(wendy);
        session.flush();
        QCOMPARE(wendy.status(), ObjectState::Persistent);
        sp.rollback();
        QVERIFY(!sp.isActive());
        // What the savepoint did is undone, in the database and on the objects.
        QCOMPARE(wendy.status(), ObjectState::Transient);
        QVERIFY(!session.contains(wendy));
        QCOMPARE(ed.get()->fullname, "Ed Jones");
        QVERIFY(session.inTransaction());
    }
    // A flush inside the user's savepoint has its own (b), so that a failure cannot end the
    // user's savepoint.
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN", "SAVEPOINT sp_1", q(engine, selectUsers + "\nWHERE users.id = ?"),
                     "SAVEPOINT sp_2", q(engine, "UPDATE users SET fullname=? WHERE users.id = ?"),
                     q(engine, "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?)") +
                         returningSingle(engine),
                     "RELEASE SAVEPOINT sp_2", "ROLLBACK TO SAVEPOINT sp_1",
                     "RELEASE SAVEPOINT sp_1", q(engine, selectUsers + "\nWHERE users.id = ?")}));

    // Nested twice: the inner one rolls back, the outer one is committed.
    auto mary = newUser("mary", "Mary Contrary");
    auto fred = newUser("fred", "Fred Flintstone");
    auto zed = newUser("zed", "Zed");
    {
        NestedTransaction outer = session.beginNested();
        session.add(mary);
        {
            NestedTransaction inner = session.beginNested(); // flushes mary first
            QCOMPARE(mary.status(), ObjectState::Persistent);
            session.add(fred);
            session.remove(ed);
            session.flush();
            QCOMPARE(ed.status(), ObjectState::Deleted);
            // leaving the scope without commit() rolls back
        }
        QCOMPARE(fred.status(), ObjectState::Transient);
        QCOMPARE(ed.status(), ObjectState::Persistent);
        QCOMPARE(mary.status(), ObjectState::Persistent);
        {
            NestedTransaction inner = session.beginNested();
            session.add(zed);
            inner.commit();
        }
        QCOMPARE(zed.status(), ObjectState::Persistent);
        outer.commit();
        QVERIFY_THROWS_EXCEPTION(InvalidRequestError, outer.commit());
    }
    session.commit();
    QCOMPARE(userNames(engine), QStringList({"ed", "mary", "zed"}));
    const QStringList control =
        log.sql().filter(QRegularExpression("^(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)"));
    QCOMPARE_SQL(
        control,
        QStringList({"BEGIN", "SAVEPOINT sp_1", "SAVEPOINT sp_2", "RELEASE SAVEPOINT sp_2",
                     "ROLLBACK TO SAVEPOINT sp_1", "RELEASE SAVEPOINT sp_1",
                     // outer; the flush of mary at the inner begin; inner
                     "SAVEPOINT sp_3", "SAVEPOINT sp_4", "RELEASE SAVEPOINT sp_4", "SAVEPOINT sp_5",
                     // the flush of fred and the delete of ed; the inner rollback
                     "SAVEPOINT sp_6", "RELEASE SAVEPOINT sp_6", "ROLLBACK TO SAVEPOINT sp_5",
                     "RELEASE SAVEPOINT sp_5",
                     // the second inner one, its commit flushing zed; the outer commit
                     "SAVEPOINT sp_7", "SAVEPOINT sp_8", "RELEASE SAVEPOINT sp_8",
                     "RELEASE SAVEPOINT sp_7", "RELEASE SAVEPOINT sp_3", "COMMIT"}));
}

void TestSession::savepointSurvivesFailedFlush()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    // The savepoint is the first thing of the transaction: a failed flush inside it must undo
    // only the flush, not the savepoint with the transaction.
    NestedTransaction sp = session.beginNested();
    auto duplicate = newUser("ed", "Duplicate");
    session.add(duplicate);
    QVERIFY_THROWS_EXCEPTION(IntegrityError, session.flush());
    QVERIFY(session.inTransaction());
    QCOMPARE(duplicate.status(), ObjectState::Pending);
    duplicate->name = "eddie";
    sp.commit();
    session.commit();
    QCOMPARE(userNames(engine), QStringList({"ed", "eddie", "fred", "mary", "wendy"}));
}

void TestSession::savepointAfterSessionRollback()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    Session session(engine);
    {
        NestedTransaction sp = session.beginNested();
        session.add(newUser("ed", "Ed Jones"));
        session.flush();
        session.rollback(); // rolls back everything, the savepoint included
        QVERIFY(!session.inTransaction());
        QVERIFY_THROWS_EXCEPTION(InvalidRequestError, sp.commit());
        sp.rollback(); // nothing left to do
    }                  // nor here
    session.add(newUser("wendy", "Wendy Williams"));
    session.commit();
    QCOMPARE(userNames(engine), QStringList{"wendy"});

    // Rolling back an outer savepoint ends the ones inside it too.
    auto mary = newUser("mary", "Mary Contrary");
    auto fred = newUser("fred", "Fred Flintstone");
    {
        NestedTransaction outer = session.beginNested();
        session.add(mary);
        NestedTransaction inner = session.beginNested();
        session.add(fred);
        session.flush();
        QCOMPARE(fred.status(), ObjectState::Persistent);
        outer.rollback();
        QCOMPARE(mary.status(), ObjectState::Transient);
        QCOMPARE(fred.status(), ObjectState::Transient);
        QVERIFY_THROWS_EXCEPTION(InvalidRequestError, inner.commit());
    }
    // Committing an outer savepoint keeps what the ones inside it did.
    {
        NestedTransaction outer = session.beginNested();
        session.add(mary);
        NestedTransaction inner = session.beginNested();
        session.add(fred);
        outer.commit();
        QCOMPARE(mary.status(), ObjectState::Persistent);
        QCOMPARE(fred.status(), ObjectState::Persistent);
    }
    session.commit();
    QCOMPARE(userNames(engine), QStringList({"fred", "mary", "wendy"}));
}

// ---- merge --------------------------------------------------------------------------------------

void TestSession::mergeDetachedAndTransient()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Ptr<User> detached;
    {
        Session first(engine);
        detached = first.get<User>(1);
    }
    QCOMPARE(detached.status(), ObjectState::Detached);
    detached->fullname = "Ed Merged";

    Session session(engine);
    LogWatch log(engine);
    auto merged = session.merge(detached);
    QVERIFY(merged && merged != detached);
    QCOMPARE(merged.status(), ObjectState::Persistent);
    QCOMPARE(detached.status(), ObjectState::Detached);
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QCOMPARE(merged.get()->fullname, "Ed Merged");
    QVERIFY(session.isModified(merged));
    QVERIFY(session.dirtyObjects() == QList<Object>{merged});
    log.reset();
    session.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({q(engine, "UPDATE users SET fullname=? WHERE users.id = ?"), "COMMIT"}));
    QCOMPARE(log.params()[0], QVariantList({"Ed Merged", 1}));

    // Merging into a Session that has the row loaded sends nothing and returns its object.
    Session other(engine);
    auto loaded = other.get<User>(1);
    detached->nickname = "merged nickname";
    log.reset();
    QVERIFY(other.merge(detached) == loaded);
    QVERIFY(log.sql().isEmpty());
    QCOMPARE(loaded.get()->nickname, "merged nickname");
    other.rollback();

    // A transient object without key becomes a new pending copy.
    auto transient = newUser("newbie", "New Bie");
    auto copy = session.merge(transient);
    QVERIFY(copy != transient);
    QCOMPARE(copy.status(), ObjectState::Pending);
    QCOMPARE(transient.status(), ObjectState::Transient);
    // A transient object with a key not in the database: loaded (nothing), then a pending copy.
    auto keyed = newUser("fifty", "Fifty", std::nullopt, 50);
    auto keyedCopy = session.merge(keyed);
    QCOMPARE(keyedCopy.status(), ObjectState::Pending);
    // Merging an object of this Session returns it.
    QVERIFY(session.merge(copy) == copy);
    session.commit();
    QCOMPARE(keyedCopy.get()->id, 50);
    QCOMPARE(dbRows(engine, usersTable(), {"id", "name", "fullname"}).last(),
             QVariantList({50, "fifty", "Fifty"}));
    QVERIFY(userNames(engine).contains("newbie"));
}

// ---- Query --------------------------------------------------------------------------------------

void TestSession::queryBasics()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    Session session(engine);
    const auto names = [](const QList<Ptr<User>>& users) {
        QStringList out;
        for (const auto& u : users)
            out << u.get()->name;
        return out;
    };
    LogWatch log(engine);

    auto ed = session.query<User>().filterBy(&User::name, "ed").first();
    QCOMPARE(ed.get()->fullname, "Ed Jones");
    QCOMPARE(log.sql().last(), q(engine, selectUsers + "\nWHERE users.name = ?\nLIMIT ?"));
    QCOMPARE(log.params().last(), QVariantList({"ed", 1}));
    QVERIFY(!session.query<User>().filterBy(&User::name, "nobody").first());

    log.reset();
    QCOMPARE(names(session.query<User>()
                       .filter(col(&User::name).like("%r%"))
                       .orderBy({col(&User::id).desc()})
                       .all()),
             QStringList({"fred", "mary"}));
    QCOMPARE_SQL(
        log.sql(),
        QStringList{q(engine, selectUsers + "\nWHERE users.name LIKE ?\nORDER BY users.id DESC")});

    log.reset();
    QCOMPARE(names(session.query<User>().orderBy({col(&User::id)}).limit(2).offset(1).all()),
             QStringList({"wendy", "mary"}));
    QCOMPARE_SQL(log.sql(),
                 QStringList{q(engine, selectUsers + "\nORDER BY users.id\nLIMIT ? OFFSET ?")});
    QCOMPARE(log.params()[0], QVariantList({2, 1}));

    // Criteria combine with AND; filterBy by attribute name too.
    QCOMPARE(names(session.query<User>()
                       .filter(col(&User::id) > 1)
                       .filter(col(&User::name) == "wendy" || col(&User::name) == "fred")
                       .orderBy({col(&User::name)})
                       .all()),
             QStringList({"fred", "wendy"}));
    QVERIFY(session.query<User>().filterBy("fullname", "Mary Contrary").one() ==
            session.get<User>(3));

    // one / oneOrNone with the seed's messages.
    QVERIFY(session.query<User>().filterBy(&User::name, "ed").one() == ed);
    try {
        session.query<User>().filterBy(&User::name, "nobody").one();
        QFAIL("no NoResultFound");
    } catch (const NoResultFound& e) {
        QCOMPARE(e.message(), "No row was found for one()");
    }
    try {
        session.query<User>().filter(col(&User::id) > 1).one();
        QFAIL("no MultipleResultsFound");
    } catch (const MultipleResultsFound& e) {
        QCOMPARE(e.message(), "Multiple rows were found for one()");
    }
    QVERIFY(!session.query<User>().filterBy(&User::name, "nobody").oneOrNone());
    QVERIFY(session.query<User>().filterBy(&User::name, "ed").oneOrNone() == ed);
    try {
        session.query<User>().oneOrNone();
        QFAIL("no MultipleResultsFound");
    } catch (const MultipleResultsFound& e) {
        QCOMPARE(e.message(), "Multiple rows were found for one_or_none()");
    }

    QCOMPARE(session.query<User>().count(), 4);
    QCOMPARE(session.query<User>().filter(col(&User::name).in({"ed", "mary", "nobody"})).count(),
             2);
    QCOMPARE(session.query<User>().filter(col(&User::nickname).isNull()).count(), 0);
    QVERIFY(session.get<User>(1) == ed);

    // The untyped Query gives the same objects.
    const QList<Object> all = session.query(mapper<User>()).orderBy({col(&User::id)}).all();
    QCOMPARE(all.size(), 4);
    QVERIFY(all[0] == ed);
}

void TestSession::queryIterationStreams()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session s(engine);
        for (int i = 0; i < 50; ++i)
            s.add(newUser(QStringLiteral("user%1").arg(i, 2, 10, QChar(u'0')), "Many"));
        s.commit();
    }
    Session session(engine);
    int seen = 0;
    qsizetype mostAlive = 0;
    QStringList names;
    for (const Ptr<User>& u : session.query<User>().orderBy({col(&User::id)})) {
        ++seen;
        names << u.get()->name;
        mostAlive = std::max(mostAlive, session.identityCount());
    }
    QCOMPARE(seen, 50);
    QCOMPARE(names.first(), "user00");
    QCOMPARE(names.last(), "user49");
    // Rows become objects one at a time; objects nobody holds are not kept.
    QVERIFY2(mostAlive <= 2, qPrintable(QString::number(mostAlive)));

    // Leaving the loop early leaves the Session usable.
    for (const Ptr<User>& u : session.query<User>()) {
        QVERIFY(u);
        break;
    }
    const auto all = session.query<User>().all();
    QCOMPARE(all.size(), 50);
    QCOMPARE(session.identityCount(), 50);

    // Changing and flushing while a query is being iterated.
    int flushed = 0;
    for (const Ptr<User>& u : session.query<User>().orderBy({col(&User::id)})) {
        u->fullname = "Changed " + u.get()->name;
        if (++seen % 10 == 0) {
            session.flush();
            ++flushed;
        }
    }
    QCOMPARE(flushed, 5);
    session.commit();
    const auto rows = dbRows(engine, usersTable(), {"id", "fullname"});
    QCOMPARE(rows.size(), 50);
    QCOMPARE(rows.first()[1], "Changed user00");
    QCOMPARE(rows.last()[1], "Changed user49");
}

// ---- dynamic records ----------------------------------------------------------------------------

void TestSession::records()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    const Mapper& thing = *g_thing;
    QVERIFY(thing.isDynamic());
    Session session(engine);
    Object widget(thing.create());
    QCOMPARE(widget.status(), ObjectState::Transient);
    widget.setValue("name", "widget");
    widget.setValue("score", 5);
    Object gadget(thing.create());
    gadget.setValue("name", "gadget");
    session.addAll({widget, gadget});
    QCOMPARE(widget.status(), ObjectState::Pending);
    LogWatch log(engine);
    session.commit();
    QCOMPARE(log.sql()[1],
             q(engine, "INSERT INTO things (name, score) VALUES (?, ?), (?, ?) RETURNING id"));
    QCOMPARE(log.params()[1], QVariantList({"widget", 5, "gadget", QVariant()}));
    QCOMPARE(widget.value("id"), 1);
    QCOMPARE(gadget.value("id"), 2);

    // The identity map, the Query and get() work the same for records.
    const QList<Object> all = session.query(thing).orderBy({g_thing->table().c("id")}).all();
    QCOMPARE(all.size(), 2);
    QVERIFY(all[0] == widget);
    QVERIFY(all[1] == gadget);
    QVERIFY(session.query(thing).filterBy("name", "gadget").one() == gadget);
    QVERIFY(session.get(thing, {1}) == widget);
    QCOMPARE(session.query(thing).count(), 2);

    QSignalSpy changed(&session, &Session::objectChanged);
    widget.setValue("score", 7);
    QCOMPARE(changed.size(), 1);
    QVERIFY(session.isModified(widget));
    log.reset();
    session.commit();
    QCOMPARE(log.sql()[0], q(engine, "UPDATE things SET score=? WHERE things.id = ?"));
    QCOMPARE(log.params()[0], QVariantList({7, 1}));

    session.remove(gadget);
    session.commit();
    QCOMPARE(dbRows(engine, g_thing->table(), {"id", "name", "score"}),
             QList<QVariantList>({{1, "widget", 7}}));
    QCOMPARE(gadget.status(), ObjectState::Detached);
    QVERIFY_THROWS_EXCEPTION(ArgumentError, Ptr<User>::cast(widget));
    QCOMPARE(Ptr<Record>::cast(widget).get()->value("name"), "widget");
    QVERIFY_THROWS_EXCEPTION(ArgumentError, Ptr<Record>::cast(newUser("x", "X")));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, widget.value("nope"));
}

void TestSession::roundTripEveryMemberType()
{
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    AllTypes v;
    v.flag = true;
    v.small = -12;
    v.number = 2147483647;
    v.big = Q_INT64_C(9007199254740993);
    v.real = 3.25;
    v.text = QStringLiteral("Grüße, 'quoted' \"text\"");
    v.bytes = QByteArray("\x00\x01\xfe\xff", 4);
    v.date = QDate(2024, 2, 29);
    v.time = QTime(13, 14, 15, 678);
    v.stamp = QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 678), Qt::UTC);
    v.uuid = QUuid::fromString(QStringLiteral("{3f2504e0-4f89-11d3-9a0c-0305e82c3301}"));
    v.json = QJsonObject{{"a", 1}, {"b", QJsonArray{true, "x"}}};
    v.document = QJsonDocument(QJsonArray{1, 2, 3});
    AllTypes withOptionals = v;
    withOptionals.oflag = false;
    withOptionals.onumber = -5;
    withOptionals.obig = Q_INT64_C(-9007199254740993);
    withOptionals.oreal = -0.5;
    withOptionals.otext = QString();
    withOptionals.obytes = QByteArray("bytes");
    withOptionals.odate = QDate(1999, 12, 31);
    withOptionals.otime = QTime(0, 0, 1);
    withOptionals.ostamp = QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59), Qt::UTC);
    withOptionals.ouuid =
        QUuid::fromString(QStringLiteral("{00000000-0000-0000-0000-000000000001}"));
    withOptionals.ojson = QJsonValue(QStringLiteral("a string"));
    withOptionals.odocument = QJsonDocument(QJsonObject{{"k", "v"}});
    // Empty text and bytes are values, not NULL: a plain member is NOT NULL, an engaged optional
    // is not NULL either.
    AllTypes empty = v;
    empty.text = QString();
    empty.bytes = QByteArray();
    empty.otext = QString();
    empty.obytes = QByteArray();
    {
        Session session(engine);
        session.addAll({make<AllTypes>(v), make<AllTypes>(withOptionals), make<AllTypes>(empty)});
        session.commit();
    }
    Session session(engine);
    const auto rows = session.query<AllTypes>().orderBy({col(&AllTypes::id)}).all();
    QCOMPARE(rows.size(), 3);
    const auto check = [](const AllTypes& got, const AllTypes& want) {
        QCOMPARE(got.flag, want.flag);
        QCOMPARE(got.small, want.small);
        QCOMPARE(got.number, want.number);
        QCOMPARE(got.big, want.big);
        QCOMPARE(got.real, want.real);
        QCOMPARE(got.text, want.text);
        QCOMPARE(got.bytes, want.bytes);
        QCOMPARE(got.date, want.date);
        QCOMPARE(got.time, want.time);
        QCOMPARE(got.stamp.toUTC(), want.stamp.toUTC());
        QCOMPARE(got.uuid, want.uuid);
        QCOMPARE(got.json, want.json);
        QCOMPARE(got.document, want.document);
        QCOMPARE(got.oflag, want.oflag);
        QCOMPARE(got.onumber, want.onumber);
        QCOMPARE(got.obig, want.obig);
        QCOMPARE(got.oreal, want.oreal);
        QCOMPARE(got.otext, want.otext);
        QCOMPARE(got.obytes, want.obytes);
        QCOMPARE(got.odate, want.odate);
        QCOMPARE(got.otime, want.otime);
        QCOMPARE(got.ostamp.has_value(), want.ostamp.has_value());
        if (want.ostamp)
            QCOMPARE(got.ostamp->toUTC(), want.ostamp->toUTC());
        QCOMPARE(got.ouuid, want.ouuid);
        QCOMPARE(got.ojson, want.ojson);
        QCOMPARE(got.odocument, want.odocument);
    };
    check(*rows[0].get(), v);
    if (QTest::currentTestFailed())
        return;
    check(*rows[1].get(), withOptionals);
    if (QTest::currentTestFailed())
        return;
    check(*rows[2].get(), empty);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(rows[2].get()->otext.has_value());
    QVERIFY(rows[2].get()->obytes.has_value());
    // Loaded values compare equal to themselves: nothing is dirty after a load.
    for (const auto& row : rows) {
        row->text = row.get()->text;
        QVERIFY(!session.isModified(row));
    }
    LogWatch log(engine);
    session.flush();
    QVERIFY(log.sql().isEmpty());
    // NULL through the setter API.
    Object(rows[1]).setValue("otext", QVariant());
    Object(rows[1]).setValue("ojson", QVariant());
    session.commit();
    QVERIFY(!rows[1].get()->otext.has_value());
    QVERIFY(!rows[1].get()->ojson.has_value());
}

void TestSession::readsOutsideTransaction()
{
    // transactionalReads = false: a Session that only reads holds no transaction, so another
    // connection can write meanwhile (on a SQLite file a held read transaction would make its
    // COMMIT fail with "database is locked"); the first write begins one as usual.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    {
        Session setup(engine);
        setup.addAll({newUser("ed", "Ed Jones"), newUser("wendy", "Wendy Williams")});
        setup.commit();
    }
    Session session(engine, {.transactionalReads = false});
    LogWatch log(engine);
    const auto users = session.query<User>().orderBy({col(&User::id)}).all();
    QCOMPARE(users.size(), 2);
    QCOMPARE(log.sql(), QStringList({q(engine, selectUsers + "\nORDER BY users.id")}));
    QVERIFY(!session.inTransaction());

    // Another connection of the same database writes and commits while the objects are loaded.
    const bool memory = url.contains(u":memory:");
    if (!memory) { // SQLite in memory is one database per connection
        Engine other(url);
        Connection c = other.connect();
        Transaction tx = c.begin();
        c.execute(text("UPDATE users SET nickname = 'windy' WHERE name = 'wendy'"));
        tx.commit();
        QCOMPARE(session.query<User>()
                     .filterBy(&User::name, "wendy")
                     .populateExisting()
                     .one()
                     .get()
                     ->nickname,
                 std::optional<QString>("windy"));
        QVERIFY(!session.inTransaction());
    }

    // A write begins the transaction; commit ends it and reads are outside one again.
    log.reset();
    users[0]->fullname = QStringLiteral("Edward Jones");
    session.commit();
    QCOMPARE(log.sql(),
             QStringList(
                 {"BEGIN", q(engine, "UPDATE users SET fullname=? WHERE users.id = ?"), "COMMIT"}));
    log.reset();
    QCOMPARE(users[0].get()->fullname, QStringLiteral("Edward Jones")); // expired: read again
    QCOMPARE(log.sql(), QStringList({q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QVERIFY(!session.inTransaction());
}

// ---- column options --------------------------------------------------------------------------

void TestSession::columnDefaults()
{
    // defaultValue(): the ORM fills in an empty optional member before the INSERT, so the value
    // is bound and the object holds it. serverDefault(): an empty optional member's column is
    // left out of the INSERT for the database to fill in; the attribute is expired and read back
    // from the row on first access.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    const Table& tickets = mapper<Ticket>().table();
    Session session(engine);
    Ticket values;
    values.title = "first";
    values.owner = "ann";
    auto first = make<Ticket>(values);
    session.add(first);
    LogWatch log(engine);
    session.flush();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN", q(engine, "INSERT INTO tickets (title, priority, note, owner) "
                                        "VALUES (?, ?, ?, ?)") +
                                  returningSingle(engine)}));
    QCOMPARE(log.params()[1], QVariantList({"first", 3, "", "ann"}));

    log.reset();
    QCOMPARE(first.get()->points, std::optional<int>(5));
    QCOMPARE(first.get()->status, std::optional<QString>("open"));
    QCOMPARE(first.get()->priority, std::optional<int>(3));
    // (The expired attributes are loaded with the whole row.)
    QCOMPARE_SQL(log.sql(), q(engine, "SELECT tickets.id, tickets.title, tickets.priority, "
                                      "tickets.points, tickets.status, tickets.note, "
                                      "tickets.owner\nFROM tickets\nWHERE tickets.id = ?"));
    QCOMPARE(log.params()[0], QVariantList({first.get()->id}));
    QVERIFY(!session.isModified(first));

    // Values given are sent as they are: no default replaces them.
    values.title = "second";
    values.priority = 1;
    values.points = 9;
    values.status = "closed";
    auto second = make<Ticket>(values);
    session.add(second);
    log.reset();
    session.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"SAVEPOINT sp_1",
                              q(engine, "INSERT INTO tickets (title, priority, points, status, "
                                        "note, owner) VALUES (?, ?, ?, ?, ?, ?)") +
                                  returningSingle(engine),
                              "RELEASE SAVEPOINT sp_1", "COMMIT"}));
    QCOMPARE(log.params()[1], QVariantList({"second", 1, 9, "closed", "", "ann"}));
    QCOMPARE(dbRows(engine, tickets, {"id", "title", "priority", "points", "status"}),
             QList<QVariantList>({{first.get()->id, "first", 3, 5, "open"},
                                  {second.get()->id, "second", 1, 9, "closed"}}));
}

void TestSession::nullableOverride()
{
    // nullable() against what the member type implies: a plain QString over a column that
    // allows NULL reads NULL as an empty string; an optional over a NOT NULL column makes an
    // empty optional an IntegrityError at flush, which loses nothing.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    const Table& tickets = mapper<Ticket>().table();
    QVERIFY(mapper<Ticket>().property("note").column->isNullable());
    QVERIFY(!mapper<Ticket>().property("owner").column->isNullable());
    const QString ddl = engine.dialect().sql(createTable(tickets));
    QVERIFY2(ddl.contains("\n    note VARCHAR(50),\n"), qPrintable(ddl));
    QVERIFY2(ddl.contains("\n    owner VARCHAR(50) NOT NULL,\n"), qPrintable(ddl));

    // A row written without a note: the database took the NULL. (A Core INSERT fills in the
    // defaultValue of priority, as SQLAlchemy's does.)
    engine.execute(insert(tickets).values({{"title", "external"}, {"owner", "bob"}}));
    QCOMPARE(dbRows(engine, tickets, {"title", "note"}),
             QList<QVariantList>({{"external", QVariant()}}));
    Session session(engine);
    auto external = session.query<Ticket>().one();
    QCOMPARE(external.get()->note, QString());
    // Reading NULL as an empty string is no change: a flush leaves the NULL alone.
    QVERIFY(!session.isModified(external));
    LogWatch log(engine);
    session.flush();
    QVERIFY(log.sql().isEmpty());
    external->note = "noted";

    Ticket values;
    values.title = "no owner";
    auto orphan = make<Ticket>(values);
    session.add(orphan);
    try {
        session.flush();
        QFAIL("NULL accepted in a NOT NULL column");
    } catch (const IntegrityError& e) {
        QVERIFY2(e.message().contains("owner"), qPrintable(e.message()));
    }
    // As before the flush: still pending, the ORM default not applied, the update still due.
    QCOMPARE(orphan.status(), ObjectState::Pending);
    QCOMPARE(orphan.get()->id, 0);
    QCOMPARE(orphan.get()->priority, std::optional<int>());
    QVERIFY(session.isModified(external));
    orphan->owner = "carl";
    session.commit();
    QCOMPARE(dbRows(engine, tickets, {"title", "priority", "note", "owner"}),
             QList<QVariantList>({{"external", 3, "noted", "bob"}, {"no owner", 3, "", "carl"}}));
}

void TestSession::roundTripUnsignedAndChar()
{
    // Unsigned members of 32 bits and more map to BIGINT (PostgreSQL's INTEGER is a signed
    // 32-bit int4); a quint64 above the largest BIGINT is refused with an ArgumentError at flush
    // rather than stored wrapped round to a negative number. char members are stored as numbers.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    const Table& widths = mapper<Widths>().table();
    constexpr qint64 bigMax = std::numeric_limits<qint64>::max();
    Widths full;
    full.u8 = 255;
    full.u16 = 65535;
    full.u32 = 4294967295U;
    full.u64 = quint64(bigMax);
    full.letter = 'A';
    full.tiny = -128;
    full.ou32 = 4000000000U;
    const Widths zero;
    {
        Session session(engine);
        session.addAll({make<Widths>(full), make<Widths>(zero)});
        session.commit();
    }
    QCOMPARE(dbRows(engine, widths, {"id", "u8", "u16", "u32", "u64", "letter", "tiny", "ou32"}),
             QList<QVariantList>(
                 {{1, 255, 65535, Q_INT64_C(4294967295), bigMax, 65, -128, Q_INT64_C(4000000000)},
                  {2, 0, 0, 0, 0, 0, 0, QVariant()}}));

    Session session(engine);
    const auto rows = session.query<Widths>().orderBy({col(&Widths::id)}).all();
    QCOMPARE(rows.size(), 2);
    const Widths& got = *rows[0].get();
    QCOMPARE(got.u8, full.u8);
    QCOMPARE(got.u16, full.u16);
    QCOMPARE(got.u32, full.u32);
    QCOMPARE(got.u64, full.u64);
    QCOMPARE(got.letter, full.letter);
    QCOMPARE(got.tiny, full.tiny);
    QCOMPARE(got.ou32, full.ou32);
    QCOMPARE(rows[1].get()->ou32, std::optional<quint32>());
    QVERIFY(!session.isModified(rows[0]));
    QVERIFY(session.query<Widths>().filter(col(&Widths::u32) == Q_INT64_C(4294967295)).one() ==
            rows[0]);

    // Above the largest BIGINT: refused, nothing sent, nothing lost.
    Widths tooBig;
    tooBig.u64 = std::numeric_limits<quint64>::max();
    auto huge = make<Widths>(tooBig);
    session.add(huge);
    LogWatch log(engine);
    try {
        session.flush();
        QFAIL("a quint64 above the largest BIGINT was accepted");
    } catch (const ArgumentError& e) {
        QVERIFY2(e.message().startsWith("the unsigned value 18446744073709551615 does not fit an "
                                        "integer column (BIGINT holds at most "
                                        "9223372036854775807)"),
                 qPrintable(e.message()));
    }
    QVERIFY(log.sql().isEmpty() || !log.sql().join(u'\n').contains("INSERT"));
    QCOMPARE(huge.status(), ObjectState::Pending);
    QCOMPARE(huge.get()->u64, std::numeric_limits<quint64>::max());
    huge->u64 = 1;
    session.commit();
    QCOMPARE(dbRows(engine, widths, {"id", "u64"}).last(), QVariantList({3, 1}));
}

// ---- Query::get ---------------------------------------------------------------------------------

void TestSession::queryGet()
{
    // SQLAlchemy's query.get(): the identity map first (no SQL on a hit), else a SELECT by key.
    QTORM_FETCH_URL();
    Engine engine(url);
    resetSchema(engine);
    addSeedUsers(engine);
    {
        Session setup(engine);
        setup.addAll({make<Seat>({"main", 1, "ann"}), make<Seat>({"main", 2, "bob"}),
                      make<Seat>({"side", 2, "cy"})});
        setup.commit();
    }
    Session session(engine);
    LogWatch log(engine);
    auto wendy = session.query<User>().get(2);
    QVERIFY(wendy);
    QCOMPARE(wendy.get()->name, "wendy");
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN", q(engine, selectUsers + "\nWHERE users.id = ?")}));
    QCOMPARE(log.params()[1], QVariantList({2}));

    log.reset();
    QVERIFY(session.query<User>().get(2) == wendy);
    QVERIFY(session.query<User>().get(QVariantList{2}) == wendy);
    QVERIFY(log.sql().isEmpty());

    // No such row: null, after one SELECT.
    QVERIFY(!session.query<User>().get(99));
    QCOMPARE_SQL(log.sql(), q(engine, selectUsers + "\nWHERE users.id = ?"));

    // A composite key, in primary key order.
    log.reset();
    auto seat = session.query<Seat>().get({"main", 2});
    QVERIFY(seat);
    QCOMPARE(seat.get()->holder, "bob");
    QCOMPARE_SQL(log.sql(), q(engine, "SELECT seats.hall, seats.number, seats.holder\nFROM seats\n"
                                      "WHERE seats.hall = ? AND seats.number = ?"));
    QCOMPARE(log.params()[0], QVariantList({"main", 2}));
    log.reset();
    QVERIFY(session.query<Seat>().get({"main", 2}) == seat);
    QVERIFY(!session.query<Seat>().get({"side", 1}));
    QCOMPARE(log.sql().size(), 1);

    // What a lookup by key cannot honour is refused, not ignored.
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError,
                             session.query<User>().filterBy(&User::name, "ed").get(2));
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError,
                             session.query<User>().orderBy({col(&User::id)}).get(2));
    QVERIFY_THROWS_EXCEPTION(InvalidRequestError, session.query<User>().limit(1).get(2));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, session.query<Seat>().get("main"));
}

// ---- two connections at once --------------------------------------------------------------------

void TestSession::versionConflictTwoConnections()
{
    // Sessions A and B hold two connections of one Engine at the same time: A loads a versioned
    // row and keeps its connection; B checks out another one, updates the row and commits; A's
    // UPDATE then matches no row.
    // A reads with transactionalReads = false: on a SQLite file a read transaction held by A
    // would keep a SHARED lock and make B's COMMIT fail with "database is locked"; outside a
    // transaction A keeps its connection but no lock. (PostgreSQL would not block either way.)
    // SQLite in memory is one database per connection, so an Engine gives every checkout of a
    // thread the same one: two connections are impossible there, and the sqlite-memory row runs
    // the same steps with both Sessions on that one connection (asserted below).
    QTORM_FETCH_URL();
    const bool memory = url.contains(u":memory:");
    Engine engine(url);
    resetSchema(engine);
    const Table& documents = mapper<Document>().table();
    qint64 id = 0;
    {
        Session setup(engine);
        auto doc = newDocument("Draft", "text");
        setup.add(doc);
        setup.commit();
        id = doc.get()->id;
    }

    Session a(engine, {.transactionalReads = false});
    LogWatch log(engine);
    auto docA = a.get<Document>(id);
    QVERIFY(docA);
    QVERIFY(!a.inTransaction());
    const QString connectionA = log.entries().last().connection;

    Session b(engine);
    log.reset();
    auto docB = b.get<Document>(id);
    QVERIFY(docB != docA);
    docB->title = "B's title";
    b.commit();
    QCOMPARE_SQL(
        log.sql(),
        QStringList({"BEGIN",
                     q(engine, "SELECT documents.id, documents.title, documents.body, "
                               "documents.version\nFROM documents\nWHERE documents.id = ?"),
                     q(engine, "UPDATE documents SET title=?, version=? WHERE "
                               "documents.id = ? AND documents.version = ?"),
                     "COMMIT"}));
    QCOMPARE(log.params()[2], QVariantList({"B's title", 2, id, 1}));
    for (const LogEntry& entry : log.entries()) {
        if (memory)
            QCOMPARE(entry.connection, connectionA);
        else
            QVERIFY2(entry.connection != connectionA, qPrintable(entry.connection));
    }

    docA->body = "A's body";
    log.reset();
    try {
        a.commit();
        QFAIL("A overwrote B's change");
    } catch (const StaleDataError& e) {
        QCOMPARE(e.message(),
                 QStringLiteral("UPDATE statement on table 'documents' expected to update "
                                "1 row(s); 0 were matched.\n[object: Document(id=%1)]")
                     .arg(id));
    }
    QCOMPARE(log.sql().at(1), q(engine, "UPDATE documents SET body=?, version=? WHERE "
                                        "documents.id = ? AND documents.version = ?"));
    QCOMPARE(log.params()[1], QVariantList({"A's body", 2, id, 1}));
    for (const LogEntry& entry : log.entries())
        QCOMPARE(entry.connection, connectionA); // A kept its connection throughout
    // B's change is in the row; A still holds its own, unflushed.
    QCOMPARE(dbRows(engine, documents, {"id", "title", "body", "version"}),
             QList<QVariantList>({{id, "B's title", "text", 2}}));
    QVERIFY(a.isModified(docA));
    QCOMPARE(docA.get()->body, "A's body");
    QCOMPARE(docA.get()->title, "Draft");
    QCOMPARE(docA.get()->version, 1);

    // A starts over from the current row and then wins.
    a.rollback();
    QCOMPARE(docA.get()->title, "B's title");
    QCOMPARE(docA.get()->version, 2);
    docA->body = "A's body";
    a.commit();
    QCOMPARE(dbRows(engine, documents, {"id", "title", "body", "version"}),
             QList<QVariantList>({{id, "B's title", "A's body", 3}}));
}

// ---- a dialect without RETURNING ----------------------------------------------------------------

void TestSession::insertWithoutReturning()
{
    // A dialect without RETURNING, given to the Engine: new rows whose keys the database
    // generates go in one INSERT per row, each key read with lastInsertId; rows with their own
    // keys still share one multi-row INSERT. Where the driver gives no lastInsertId either
    // (PostgreSQL through Qt), the flush is refused before any INSERT and loses nothing.
    QTORM_FETCH_URL();
    const bool postgres = url.startsWith(u"postgresql");
    std::shared_ptr<Dialect> dialect;
    if (postgres)
        dialect = std::make_shared<PostgresqlWithoutReturning>();
    else
        dialect = std::make_shared<SqliteWithoutReturning>();
    Engine engine(url, {.dialect = dialect});
    QCOMPARE(&engine.dialect(), dialect.get());
    resetSchema(engine);

    Session session(engine);
    QList<Ptr<User>> users{newUser("u1", "One"), newUser("u2", "Two"), newUser("u3", "Three")};
    session.addAll(objects(users));
    LogWatch log(engine);
    if (postgres) {
        try {
            session.flush();
            QFAIL("keys the database cannot report were expected");
        } catch (const FlushError& e) {
            QVERIFY2(e.message().startsWith("cannot read the generated keys of new rows of users: "
                                            "the postgresql dialect has neither RETURNING nor "
                                            "lastInsertId"),
                     qPrintable(e.message()));
        }
        QVERIFY(!log.sql().join(u'\n').contains("INSERT"));
        for (const Ptr<User>& u : users) {
            QCOMPARE(u.status(), ObjectState::Pending);
            QCOMPARE(u.get()->id, 0);
        }
        session.rollback();
    } else {
        session.flush();
        const QString insert1 = "INSERT INTO users (name, fullname, nickname) VALUES (?, ?, ?)";
        QCOMPARE_SQL(log.sql(), QStringList({"BEGIN", insert1, insert1, insert1}));
        QCOMPARE(log.params()[1], QVariantList({"u1", "One", QVariant()}));
        QCOMPARE(log.params()[3], QVariantList({"u3", "Three", QVariant()}));
        QCOMPARE(users[0].get()->id, 1);
        QCOMPARE(users[1].get()->id, 2);
        QCOMPARE(users[2].get()->id, 3);
        session.commit();
        QCOMPARE(dbRows(engine, usersTable(), {"id", "name"}),
                 QList<QVariantList>({{1, "u1"}, {2, "u2"}, {3, "u3"}}));
    }

    // Keys given: nothing to read back, one multi-row INSERT on both.
    session.addAll(
        {newUser("k10", "Ten", std::nullopt, 10), newUser("k11", "Eleven", std::nullopt, 11)});
    log.reset();
    session.commit();
    QCOMPARE_SQL(log.sql(),
                 QStringList({"BEGIN",
                              q(engine, "INSERT INTO users (id, name, fullname, nickname) VALUES "
                                        "(?, ?, ?, ?), (?, ?, ?, ?)"),
                              "COMMIT"}));
    QCOMPARE(dbRows(engine, usersTable(), {"id"}).size(), postgres ? 2 : 5);
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
