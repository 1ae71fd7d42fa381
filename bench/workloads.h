#pragma once
// The workloads: Core-level ones (core_*) and ORM ones (objects through a Session). Each one is
// a function that does its work on one Side, times only the workload's own statements, and
// reports what it read (or left in the table) next to what the generated data says it should
// be, so a fast but wrong side cannot go unnoticed.

#include "memory.h"
#include "side.h"

#include <QElapsedTimer>
#include <QStringList>
#include <optional>
#include <vector>

namespace bench {

class Stopwatch {
public:
    void start(const Side& side);
    void stop(const Side& side);
    double seconds() const { return double(m_nanoseconds) / 1e9; }
    quint64 statements() const { return m_statements; }

    // What a workload measured besides its time, reported with the measured run.
    std::optional<MemoryUse> memory;
    QStringList notes;

private:
    QElapsedTimer m_timer;
    qint64 m_nanoseconds = 0;
    quint64 m_statements = 0;
};

struct Check {
    Digest got;
    Digest expected;
    QString failure; // what else went wrong, e.g. statements sent that must not have been
    bool ok() const { return got == expected && failure.isEmpty(); }
};

struct Workload {
    const char* name;
    const char* description;
    bool needsRows; // the side fills its fresh table with n rows first (untimed)
    Check (*run)(Side& side, qint64 n, Stopwatch& stopwatch);
};

const std::vector<Workload>& workloads();
const Workload* findWorkload(const QString& name);

struct Measurement {
    double seconds = 0;
    quint64 statements = 0;
    Check check;
    bool ok = false; // the warm-up and the measured run both gave the expected result
    QString warmupFailure;
    std::optional<MemoryUse> memory;
    QStringList notes;
};

// A small warm-up run on a fresh table, then `repeats` measured runs of size n on the same table
// emptied each time; the fastest one counts.
Measurement measure(const Workload& workload, Side& side, qint64 n, int repeats);

} // namespace bench
