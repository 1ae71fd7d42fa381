// qtorm-bench: QtOrm (its Core layer, and its ORM: mapped objects in a Session) against
// hand-written QSqlQuery code doing the same work on the same kind of database, in the same run.
//
//   qtorm-bench [--backend sqlite|postgresql] [--url URL] [--n N] [workload ...]
//
// Measure from a release build:
//   cmake --preset release && cmake --build --preset release --target qtorm-bench
//   ./build/release/bench/qtorm-bench
//
// stdout: a header line, then one tab-separated line per workload
//   workload  orm_seconds  raw_seconds  ratio (orm/raw)  orm_statements (statements the ORM sent)
// with comment lines (starting with '#') after some: the memory load_all's objects take on each
// side, the cost of one commit at two Session sizes for commit_one_in_big_session; and finally
// the peak RSS. Each side works on its own fresh `users`, `bench_parents` and `bench_children`
// tables (dropped and created again, so do not point --url at a database whose tables of those
// names you want to keep). For the rel_* workloads orm_statements leaves out the BEGIN, sent
// before the timed part.
// Exit status: 0 when both sides of every workload returned the expected rows, 1 when one
// did not or a workload failed, 2 for a usage error.

#include "memory.h"
#include "ormside.h"
#include "rawside.h"
#include "workloads.h"

#include <orm/orm.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>
#include <cstdio>
#include <optional>

namespace {

[[noreturn]] void usageError(const QString& message)
{
    std::fprintf(stderr, "qtorm-bench: %s\n", qPrintable(message));
    std::exit(2);
}

QString describe(const bench::Digest& d)
{
    return QStringLiteral("%1 rows, digest %2").arg(d.rows).arg(d.sum, 16, 16, QLatin1Char('0'));
}

// Reports on stderr what a side got wrong; true when it was right.
bool verify(const char* workload, const char* side, const bench::Measurement& m)
{
    if (m.ok)
        return true;
    if (!m.warmupFailure.isEmpty())
        std::fprintf(stderr, "qtorm-bench: %s: %s side: %s\n", workload, side,
                     qPrintable(m.warmupFailure));
    if (!m.check.failure.isEmpty())
        std::fprintf(stderr, "qtorm-bench: %s: %s side: %s\n", workload, side,
                     qPrintable(m.check.failure));
    if (m.check.got != m.check.expected)
        std::fprintf(stderr,
                     "qtorm-bench: %s: the %s side returned wrong results: got %s, expected %s\n",
                     workload, side, qPrintable(describe(m.check.got)),
                     qPrintable(describe(m.check.expected)));
    return false;
}

QString mib(qint64 kib)
{
    return kib < 0 ? QStringLiteral("?") : QString::number(double(kib) / 1024, 'f', 1);
}

// "# load_all memory ..." comparing what each side's objects took.
void printMemory(const char* workload, const bench::MemoryUse& orm, const bench::MemoryUse& raw)
{
    const auto ratio = [](qint64 a, qint64 b) {
        return a < 0 || b <= 0 ? QStringLiteral("?") : QString::number(double(a) / b, 'f', 1);
    };
    std::printf("# %s memory in MiB, RSS growth while the objects are alive (peak during the "
                "load; heap bytes in use): orm %s (%s; %s), raw structs %s (%s; %s); orm/raw %s "
                "(%s; %s)\n",
                workload, qPrintable(mib(orm.retainedKiB)), qPrintable(mib(orm.peakKiB)),
                qPrintable(mib(orm.heapKiB)), qPrintable(mib(raw.retainedKiB)),
                qPrintable(mib(raw.peakKiB)), qPrintable(mib(raw.heapKiB)),
                qPrintable(ratio(orm.retainedKiB, raw.retainedKiB)),
                qPrintable(ratio(orm.peakKiB, raw.peakKiB)),
                qPrintable(ratio(orm.heapKiB, raw.heapKiB)));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qtorm-bench"));

    QStringList names;
    for (const bench::Workload& w : bench::workloads())
        names << QLatin1String(w.name);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times QtOrm (Core layer and ORM) against hand-written QSqlQuery code doing "
                       "the same work."));
    parser.addHelpOption();
    const QCommandLineOption backendOption(
        QStringLiteral("backend"),
        QStringLiteral("sqlite or postgresql (default: the scheme of --url, else sqlite)."),
        QStringLiteral("backend"));
    const QCommandLineOption urlOption(
        QStringLiteral("url"),
        QStringLiteral(
            "Database URL. Default for sqlite: a file in a temporary folder; for postgresql: "
            "$QTORM_BENCH_PG_URL."),
        QStringLiteral("url"));
    const QCommandLineOption nOption(QStringLiteral("n"),
                                     QStringLiteral("Rows per workload (default 100000)."),
                                     QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption repeatOption(
        QStringLiteral("repeat"),
        QStringLiteral("Measured runs per workload and side; the fastest counts (default 3)."),
        QStringLiteral("R"), QStringLiteral("3"));
    parser.addOptions({backendOption, urlOption, nOption, repeatOption});
    QString workloadHelp = QStringLiteral("Workloads to run (default: all):");
    for (const bench::Workload& w : bench::workloads())
        workloadHelp +=
            QStringLiteral("\n  %1: %2").arg(QLatin1String(w.name), QLatin1String(w.description));
    parser.addPositionalArgument(QStringLiteral("workload"), workloadHelp,
                                 QStringLiteral("[workload...]"));
    if (!parser.parse(app.arguments()))
        usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);

    bool nOk = false;
    const qint64 n = parser.value(nOption).toLongLong(&nOk);
    if (!nOk || n < 1)
        usageError(
            QStringLiteral("--n needs a positive number, not \"%1\"").arg(parser.value(nOption)));
    bool repeatOk = false;
    const int repeats = parser.value(repeatOption).toInt(&repeatOk);
    if (!repeatOk || repeats < 1)
        usageError(QStringLiteral("--repeat needs a positive number, not \"%1\"")
                       .arg(parser.value(repeatOption)));

    std::vector<const bench::Workload*> selected;
    for (const QString& name :
         parser.positionalArguments().isEmpty() ? names : parser.positionalArguments()) {
        const bench::Workload* w = bench::findWorkload(name);
        if (!w)
            usageError(QStringLiteral("unknown workload \"%1\"; there are: %2")
                           .arg(name, names.join(u", ")));
        selected.push_back(w);
    }

    QString url = parser.value(urlOption);
    QString backend = parser.value(backendOption);
    if (backend.isEmpty())
        backend =
            url.startsWith(u"postgresql") ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
    if (backend != u"sqlite" && backend != u"postgresql")
        usageError(
            QStringLiteral("--backend must be sqlite or postgresql, not \"%1\"").arg(backend));
    if (url.isEmpty() && backend == u"postgresql") {
        url = qEnvironmentVariable("QTORM_BENCH_PG_URL");
        if (url.isEmpty())
            usageError(QStringLiteral(
                "the postgresql backend needs a database: pass --url "
                "postgresql://user:password@host:port/dbname or set QTORM_BENCH_PG_URL "
                "(scripts/pg-cluster.sh start prints such a URL)"));
    }
    if (!url.isEmpty()) {
        try {
            if (orm::Url::parse(url).backend != backend)
                usageError(QStringLiteral("--url %1 is not a %2 URL")
                               .arg(orm::Url::parse(url).toDisplayString(), backend));
        } catch (const orm::Error& e) {
            usageError(e.message());
        }
    }
    std::optional<QTemporaryDir> tempDir; // holds the default SQLite file for the whole run
    if (url.isEmpty()) {
        tempDir.emplace();
        if (!tempDir->isValid()) {
            std::fprintf(stderr, "qtorm-bench: cannot create a temporary folder: %s\n",
                         qPrintable(tempDir->errorString()));
            return 1;
        }
        url = QStringLiteral("sqlite:///") + tempDir->filePath(QStringLiteral("bench.db"));
    }

    bool allOk = true;
    try {
        orm::Engine engine(url);
        bench::OrmSide ormSide(engine);
        bench::RawSide rawSide(url);
        std::fprintf(stderr, "qtorm-bench: %s, N=%lld\n",
                     qPrintable(engine.url().toDisplayString()), n);

        std::printf("workload\torm_seconds\traw_seconds\tratio\torm_statements\n");
        std::fflush(stdout);
        for (const bench::Workload* w : selected) {
            const bench::Measurement o = bench::measure(*w, ormSide, n, repeats);
            const bench::Measurement r = bench::measure(*w, rawSide, n, repeats);
            const bool ormOk = verify(w->name, "orm", o);
            const bool rawOk = verify(w->name, "raw", r);
            allOk = allOk && ormOk && rawOk;
            std::printf("%s\t%.4f\t%.4f\t%.2f\t%llu\n", w->name, o.seconds, r.seconds,
                        r.seconds > 0 ? o.seconds / r.seconds : 0.0,
                        static_cast<unsigned long long>(o.statements));
            if (o.memory && r.memory)
                printMemory(w->name, *o.memory, *r.memory);
            for (const bench::Measurement* m : {&o, &r}) {
                for (const QString& note : m->notes)
                    std::printf("# %s %s: %s\n", w->name, m == &o ? "orm" : "raw",
                                qPrintable(note));
            }
            std::fflush(stdout);
        }
        rawSide.dropTable();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qtorm-bench: error: %s\n", e.what());
        return 1;
    }
    std::printf("# peak RSS (VmHWM): %lld kB\n", bench::peakRssKiB());
    return allOk ? 0 : 1;
}
