#include "workloads.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace bench {

namespace {

constexpr int InsertBatch = 500;
constexpr qint64 MaxKeyedStatements = 10000;
constexpr qint64 WarmupRows = 100;

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

Measurement measure(const Workload& workload, Side& side, qint64 n)
{
    // The warm-up uses the same table, emptied afterwards with DELETE: DDL in between would
    // expire the statements prepared during the warm-up (SQLite re-prepares them on next use).
    side.recreateTable();
    const qint64 warmupRows = std::min(n, WarmupRows);
    fill(side, workload, warmupRows);
    Stopwatch warmup;
    const bool warmupOk = workload.run(side, warmupRows, warmup).ok();

    side.clearTable();
    fill(side, workload, n);
    Stopwatch stopwatch;
    Measurement m;
    m.check = workload.run(side, n, stopwatch);
    m.seconds = stopwatch.seconds();
    m.statements = stopwatch.statements();
    m.ok = warmupOk && m.check.ok();
    return m;
}

} // namespace bench
