#include "workloads.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace bench {

namespace {

constexpr int InsertBatch = 500;
constexpr qint64 MaxKeyedStatements = 10000;
constexpr qint64 WarmupRows = 100;
constexpr qint64 MaxSingleCommits = 1000;

// Up to 10k distinct primary keys of a table of n rows, in a fixed shuffled order.
std::vector<qint64> someKeys(qint64 n)
{
    std::vector<qint64> ids(static_cast<size_t>(n));
    std::iota(ids.begin(), ids.end(), qint64(1));
    std::shuffle(ids.begin(), ids.end(), std::mt19937(42));
    ids.resize(size_t(std::min(n, MaxKeyedStatements)));
    return ids;
}

Check coreInsert(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const std::vector<User> users = makeUsers(n);
    stopwatch.start(side);
    side.insertEach(users);
    stopwatch.stop(side);
    return {digestOf(side.selectAll()), digestOf(users)};
}

Check coreInsertMultirow(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const std::vector<User> users = makeUsers(n);
    stopwatch.start(side);
    side.insertBatched(users, InsertBatch);
    stopwatch.stop(side);
    return {digestOf(side.selectAll()), digestOf(users)};
}

Check coreSelect(Side& side, qint64 n, Stopwatch& stopwatch)
{
    stopwatch.start(side);
    const std::vector<User> users = side.selectAll();
    stopwatch.stop(side);
    return {digestOf(users), digestOf(makeUsers(n))};
}

Check coreSelectByPk(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const std::vector<qint64> ids = someKeys(n);
    stopwatch.start(side);
    const std::vector<User> users = side.selectByPk(ids);
    stopwatch.stop(side);
    Digest expected;
    for (qint64 id : ids)
        expected.add(makeUser(id));
    return {digestOf(users), expected};
}

Check coreUpdateByPk(Side& side, qint64 n, Stopwatch& stopwatch)
{
    std::vector<Rename> renames;
    for (qint64 id : someKeys(n))
        renames.emplace_back(id, QStringLiteral("renamed user %1").arg(id));
    stopwatch.start(side);
    side.updateNames(renames);
    stopwatch.stop(side);
    std::vector<User> expected = makeUsers(n);
    for (const auto& [id, name] : renames)
        expected[size_t(id - 1)].name = name;
    return {digestOf(side.selectAll()), digestOf(expected)};
}

// ---- ORM workloads ---------------------------------------------------------------------------

QString renamed(qint64 id)
{
    return QStringLiteral("renamed user %1").arg(id);
}

Check objectInsert(Side& side, qint64 n, Stopwatch& stopwatch, bool keysGiven)
{
    std::vector<User> users = makeUsers(n);
    stopwatch.start(side);
    const std::vector<qint64> keys = side.addObjects(users, keysGiven);
    stopwatch.stop(side);
    side.releaseObjects();
    // The rows must be the users under the keys the side read back (on PostgreSQL a generated
    // key need not be the id makeUsers() gave the user); wrong or missing keys change the digest.
    Check check;
    if (keys.size() != users.size())
        check.failure = QStringLiteral("%1 keys read back for %2 objects").arg(keys.size()).arg(n);
    for (size_t i = 0; i < users.size() && i < keys.size(); ++i)
        users[i].id = keys[i];
    check.got = digestOf(side.selectAll());
    check.expected = digestOf(users);
    return check;
}

Check objectInsertNoPk(Side& side, qint64 n, Stopwatch& stopwatch)
{
    return objectInsert(side, n, stopwatch, false);
}

Check objectInsertPkGiven(Side& side, qint64 n, Stopwatch& stopwatch)
{
    return objectInsert(side, n, stopwatch, true);
}

Check objectLoadAll(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const Digest expected = digestOf(makeUsers(n));
    MemoryProbe probe;
    probe.start();
    stopwatch.start(side);
    side.loadObjects();
    stopwatch.stop(side);
    stopwatch.memory = probe.stop(); // the objects are still alive
    const Digest got = side.loadedDigest();
    side.releaseObjects();
    return {got, expected, {}};
}

Check objectUpdateAll(Side& side, qint64 n, Stopwatch& stopwatch)
{
    std::vector<User> expected = makeUsers(n);
    std::vector<QString> names;
    names.reserve(size_t(n));
    for (User& u : expected)
        names.push_back(u.name = renamed(u.id));
    side.loadObjects();
    stopwatch.start(side);
    side.renameLoaded(names);
    stopwatch.stop(side);
    side.releaseObjects();
    return {digestOf(side.selectAll()), digestOf(expected), {}};
}

Check objectGetHit(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const std::vector<qint64> ids = someKeys(n);
    side.loadObjects();
    side.indexObjects();
    stopwatch.start(side);
    const std::vector<User> users = side.getLoaded(ids);
    stopwatch.stop(side);
    side.releaseObjects();
    Check check;
    for (qint64 id : ids)
        check.expected.add(makeUser(id));
    check.got = digestOf(users);
    if (stopwatch.statements() != 0)
        check.failure = QStringLiteral("get() of loaded objects sent %1 statement(s); the identity "
                                       "map must answer it without SQL")
                            .arg(stopwatch.statements());
    return check;
}

Check objectGetMiss(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const std::vector<qint64> ids = someKeys(n);
    stopwatch.start(side);
    const std::vector<User> users = side.getByKey(ids);
    stopwatch.stop(side);
    Check check;
    for (qint64 id : ids)
        check.expected.add(makeUser(id));
    check.got = digestOf(users);
    return check;
}

// The seconds and statements per commit of one commit per rename, with the rows id <= loaded
// (all for 0) loaded.
struct CommitCost {
    double seconds = 0;
    double statements = 0;
};

CommitCost commitOneEach(Side& side, qint64 loaded, const std::vector<Rename>& renames,
                         Stopwatch& stopwatch)
{
    side.loadObjects(loaded);
    side.indexObjects();
    stopwatch.start(side);
    side.renameEachCommitted(renames);
    stopwatch.stop(side);
    side.releaseObjects();
    const double commits = double(std::max<size_t>(1, renames.size()));
    return {stopwatch.seconds() / commits, double(stopwatch.statements()) / commits};
}

Check objectCommitOneInBigSession(Side& side, qint64 n, Stopwatch& stopwatch)
{
    std::vector<User> expected = makeUsers(n);
    const auto renames = [&expected](qint64 keysBelow, const char* format) {
        std::vector<Rename> out;
        std::vector<qint64> ids = someKeys(keysBelow);
        ids.resize(size_t(std::min<qint64>(qint64(ids.size()), MaxSingleCommits)));
        for (qint64 id : ids) {
            out.emplace_back(id, QString::fromLatin1(format).arg(id));
            expected[size_t(id - 1)].name = out.back().second;
        }
        return out;
    };
    const qint64 smallSize = std::max<qint64>(1, n / 10);
    // The measured run: the whole table loaded.
    const CommitCost big = commitOneEach(side, 0, renames(n, "committed alone %1"), stopwatch);
    // What the Session's size costs per commit: the same with a tenth of the rows loaded, and
    // both again without the expiry pass (objects not expired by commit are not loaded again
    // either, so that leaves the work the raw side does). Measuring the expiry pass by itself
    // would not do: between commits the caches are cold, so it costs more than back to back.
    Stopwatch watch;
    const CommitCost small = commitOneEach(
        side, smallSize, renames(smallSize, "committed in a small session %1"), watch);
    side.setExpireOnCommit(false);
    const CommitCost bigKept =
        commitOneEach(side, 0, renames(n, "committed alone, not expired %1"), watch);
    const CommitCost smallKept = commitOneEach(
        side, smallSize, renames(smallSize, "committed in a small session, not expired %1"), watch);
    side.setExpireOnCommit(true);

    const auto ms = [](double seconds) { return QString::number(seconds * 1e3, 'f', 3); };
    QString note = QStringLiteral("per commit %1 ms with %2 objects loaded, %3 ms with %4")
                       .arg(ms(small.seconds))
                       .arg(smallSize)
                       .arg(ms(big.seconds))
                       .arg(n);
    if (big.statements > 0) // the ORM side
        note += QStringLiteral(" (%1 statements per commit); without the expiry pass "
                               "(expireOnCommit off) %2 / %3 ms (%4 statements per commit)")
                    .arg(big.statements, 0, 'f', 1)
                    .arg(ms(smallKept.seconds), ms(bigKept.seconds))
                    .arg(bigKept.statements, 0, 'f', 1);
    stopwatch.notes << note;
    return {digestOf(side.selectAll()), digestOf(expected), {}};
}

// ---- relationship workloads ------------------------------------------------------------------

constexpr qint64 FamilyParents = 1000;
constexpr qint64 ChildrenPerParent = 10;

// 1000 parents of 10 children each; fewer for N below 10k (the smoke test's small runs).
Families families(qint64 n)
{
    const qint64 parents =
        n >= FamilyParents * ChildrenPerParent ? FamilyParents : std::max<qint64>(10, n / 10);
    return makeFamilies(parents, ChildrenPerParent);
}

Check relationshipLoad(Side& side, qint64 n, Stopwatch& stopwatch, RelLoading loading)
{
    const Families data = families(n);
    side.fillFamilies(data);
    side.openFamilies();
    stopwatch.start(side);
    side.loadFamilies(loading);
    stopwatch.stop(side);
    Check check{side.familiesDigest(), digestOf(data), {}};
    side.releaseFamilies();
    return check;
}

Check relLazy(Side& side, qint64 n, Stopwatch& stopwatch)
{
    return relationshipLoad(side, n, stopwatch, RelLoading::Lazy);
}

Check relJoined(Side& side, qint64 n, Stopwatch& stopwatch)
{
    return relationshipLoad(side, n, stopwatch, RelLoading::Joined);
}

Check relSubquery(Side& side, qint64 n, Stopwatch& stopwatch)
{
    return relationshipLoad(side, n, stopwatch, RelLoading::Subquery);
}

Check relSelectin(Side& side, qint64 n, Stopwatch& stopwatch)
{
    return relationshipLoad(side, n, stopwatch, RelLoading::Selectin);
}

Check relManyToOne(Side& side, qint64 n, Stopwatch& stopwatch)
{
    const Families data = families(n);
    side.fillFamilies(data);
    side.openFamilies();
    stopwatch.start(side);
    side.loadChildrenWithParents();
    stopwatch.stop(side);
    Check check{side.familiesDigest(), digestOf(data), {}};
    side.releaseFamilies();
    // The parents are in the identity map: reading child->parent must send nothing.
    if (side.label() == u"orm" && stopwatch.statements() != 2)
        check.failure = QStringLiteral("the parents and children SELECTs and every child's parent "
                                       "sent %1 statement(s); expected 2 (child->parent from the "
                                       "identity map)")
                            .arg(stopwatch.statements());
    return check;
}

void fill(Side& side, const Workload& workload, qint64 n)
{
    if (workload.needsRows)
        side.insertBatched(makeUsers(n), InsertBatch);
}

} // namespace

void Stopwatch::start(const Side& side)
{
    m_statements = side.statementCount();
    m_timer.start();
}

void Stopwatch::stop(const Side& side)
{
    m_nanoseconds = m_timer.nsecsElapsed();
    m_statements = side.statementCount() - m_statements;
}

const std::vector<Workload>& workloads()
{
    static const std::vector<Workload> all{
        {"core_insert", "N single-row INSERTs in one transaction", false, coreInsert},
        {"core_insert_multirow", "N rows as multi-row INSERTs of 500 rows, in one transaction",
         false, coreInsertMultirow},
        {"core_select", "SELECT of all N rows into a vector of structs", true, coreSelect},
        {"core_select_by_pk", "10k SELECTs by primary key (N if fewer), bound parameter", true,
         coreSelectByPk},
        {"core_update_by_pk",
         "10k UPDATEs of one column by primary key (N if fewer), one transaction", true,
         coreUpdateByPk},
        {"insert_no_pk", "N new objects added and committed, generated keys read back", false,
         objectInsertNoPk},
        {"insert_pk_given", "N new objects with their keys added and committed", false,
         objectInsertPkGiven},
        {"load_all", "all N rows loaded into objects (prints the memory they take)", true,
         objectLoadAll},
        {"update_all", "every loaded object (N) modified, then one commit", true, objectUpdateAll},
        {"get_hit", "10k get() of loaded objects (N if fewer); must send no SQL", true,
         objectGetHit},
        {"get_miss", "10k get() by key (N if fewer) in an empty Session", true, objectGetMiss},
        {"commit_one_in_big_session",
         "N objects loaded, then 1k times (N if fewer) one modified and committed", true,
         objectCommitOneInBigSession},
        {"rel_lazy",
         "1000 parents x 10 children (fewer for N < 10k), each collection loaded lazily on access",
         false, relLazy},
        {"rel_joined", "the same, children loaded with joinedLoad (LEFT OUTER JOIN)", false,
         relJoined},
        {"rel_subquery", "the same, children loaded with subqueryLoad", false, relSubquery},
        {"rel_selectin", "the same, children loaded with selectinLoad (IN of 500 keys)", false,
         relSelectin},
        {"rel_many_to_one",
         "the 1000 parents loaded, then the 10k children and each child's parent; must send 2 "
         "statements",
         false, relManyToOne},
    };
    return all;
}

const Workload* findWorkload(const QString& name)
{
    for (const Workload& w : workloads()) {
        if (name == QLatin1String(w.name))
            return &w;
    }
    return nullptr;
}

Measurement measure(const Workload& workload, Side& side, qint64 n, int repeats)
{
    // The warm-up uses the same table, emptied afterwards with DELETE: DDL in between would
    // expire the statements prepared during the warm-up (SQLite re-prepares them on next use).
    side.recreateTable();
    const qint64 warmupRows = std::min(n, WarmupRows);
    fill(side, workload, warmupRows);
    Stopwatch warmup;
    const Check warmupCheck = workload.run(side, warmupRows, warmup);

    // The fastest of the runs: on a shared machine the others measure the neighbours too.
    Measurement m;
    bool checksOk = true;
    for (int run = 0; run < std::max(1, repeats); ++run) {
        side.clearTable();
        fill(side, workload, n);
        Stopwatch stopwatch;
        const Check check = workload.run(side, n, stopwatch);
        checksOk = checksOk && check.ok();
        if (run == 0 || !check.ok())
            m.check = check;
        if (run == 0 || stopwatch.seconds() < m.seconds)
            m.seconds = stopwatch.seconds();
        m.statements = stopwatch.statements();
        if (run == 0) {
            m.memory = stopwatch.memory;
            m.notes = stopwatch.notes;
        }
    }
    if (!warmupCheck.ok())
        m.warmupFailure = QStringLiteral("the warm-up run of %1 rows went wrong: %2")
                              .arg(warmupRows)
                              .arg(warmupCheck.failure.isEmpty() ? QStringLiteral("wrong rows")
                                                                 : warmupCheck.failure);
    m.ok = warmupCheck.ok() && checksOk;
    return m;
}

} // namespace bench
