#include "memory.h"

#include <QFile>
#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bench {

namespace {

qint64 droppedPeakKiB = -1; // the highest VmHWM seen before a reset

// A "Vm...:   1234 kB" line of /proc/self/status, in KiB; -1 when unreadable.
qint64 statusKiB(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            bool ok = false;
            const qint64 kib = line.mid(qsizetype(qstrlen(field)))
                                   .simplified()
                                   .split(' ')
                                   .value(0)
                                   .toLongLong(&ok);
            return ok ? kib : -1;
        }
    }
    return -1;
}

qint64 heapBytes()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd); // small chunks in use + mmapped chunks
#else
    return -1;
#endif
}

bool resetPeak()
{
    droppedPeakKiB = std::max(droppedPeakKiB, statusKiB("VmHWM:"));
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
}

} // namespace

void MemoryProbe::start()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    m_peakReset = resetPeak();
    m_baseRssKiB = statusKiB("VmRSS:");
    m_baseHeapBytes = heapBytes();
}

MemoryUse MemoryProbe::stop() const
{
    MemoryUse use;
    if (m_peakReset)
        use.peakKiB = statusKiB("VmHWM:") - m_baseRssKiB;
        // What the work freed again (a driver's row buffers, say) is not retained by its results.
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    use.retainedKiB = statusKiB("VmRSS:") - m_baseRssKiB;
    if (m_baseHeapBytes >= 0)
        use.heapKiB = (heapBytes() - m_baseHeapBytes) / 1024;
    return use;
}

qint64 peakRssKiB()
{
    return std::max(droppedPeakKiB, statusKiB("VmHWM:"));
}

} // namespace bench
