#pragma once
// How much memory one piece of work takes, measured in this process around it.
//
// Resident memory (RSS) is what the issue asks for, but a naive before/after difference
// under-reports: memory the allocator freed earlier is reused without growing the RSS. So
// start() first hands every free page back to the kernel (malloc_trim), then resets the
// kernel's high-water mark (writing 5 to /proc/self/clear_refs, Linux >= 4.0) and reads the
// RSS as the baseline. stop(), called while the work's results are still alive, reads
//   peak     = VmHWM - baseline  (the most the work needed at any moment)
//   retained = VmRSS - baseline  (what the results occupy, read after trimming again, so that
//                                 memory the work has freed meanwhile does not count)
// and, as a cross-check independent of page granularity, the growth of the bytes the allocator
// has handed out (mallinfo2). peakRssKiB() remembers the high-water marks the resets dropped,
// so the process-wide peak printed at the end stays right.

#include <QtGlobal>

namespace bench {

struct MemoryUse {
    qint64 retainedKiB = 0;
    qint64 peakKiB = -1; // -1: the high-water mark could not be reset (peak unknown)
    qint64 heapKiB = -1; // -1: no mallinfo2 (not glibc)
};

class MemoryProbe {
public:
    void start();
    MemoryUse stop() const;

private:
    qint64 m_baseRssKiB = 0;
    qint64 m_baseHeapBytes = 0;
    bool m_peakReset = false;
};

// The process's peak resident memory so far (KiB), or -1 when /proc is not readable.
qint64 peakRssKiB();

} // namespace bench
