#pragma once
// Counts this process's open descriptors (Windows: file and socket handles), so every test can
// check it leaked none.

#include "timing.h"

#include <QtGlobal>

namespace poolscope::test {

/// Number of entries in /proc/self/fd; on Windows the process's handles of the file object type
/// (files, pipes, sockets: what a descriptor is on Linux), read from the system's handle table. -1
/// where neither can be read (every FdGuard then sees no leak).
int openFdCount();

/// How long a test waits for descriptors to settle: 5 s, scaled like every timing slack for
/// sanitizer builds (the lab's threads close their ends late on a loaded machine).
inline int fdSettleMs()
{
    return 5000 * timeScale();
}

/// Records the descriptor count at construction; `leaked()` is how many more are open now.
/// Tests check with QCOMPARE(guard.settledLeak(), 0): servers on other threads close their ends
/// asynchronously, and may even open one briefly after the test's own close (the lab accepting a
/// connection the client already closed), so the count is waited for, not read once.
class FdGuard
{
public:
    FdGuard() : m_start(openFdCount()) {}
    [[nodiscard]] int start() const { return m_start; }
    /// The least of three readings in a row, and never below 0. The lab's servers run on other
    /// threads of this process and open and close descriptors on their own schedule: a count can
    /// show one of theirs for an instant (seen as a check that fails and passes on re-reading), or
    /// miss one that was still open at construction. Neither is this test's leak; a descriptor
    /// the test really leaked stays open through every reading.
    [[nodiscard]] int leaked() const;
    /// Waits (running the event loop) until a reading shows no leak, for at most `timeoutMs`:
    /// 0 once one does, else the last reading. One value, so a descriptor another thread opens
    /// for an instant after the wait cannot fail a later re-evaluation (QTRY_* evaluates its
    /// expression several times).
    [[nodiscard]] int settledLeak(int timeoutMs = fdSettleMs()) const;

private:
    int m_start;
};

} // namespace poolscope::test
