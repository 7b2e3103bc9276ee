#pragma once
// Counts this process's open descriptors, so every test can check it leaked none.

#include <QtGlobal>

namespace poolscope::test {

/// Number of entries in /proc/self/fd (or -1 where that does not exist).
int openFdCount();

/// Records the descriptor count at construction; `leaked()` is how many more are open now.
/// Tests wait for the count to settle with QTRY_COMPARE(guard.leaked(), 0), since servers on
/// other threads close their ends asynchronously.
class FdGuard
{
public:
    FdGuard() : m_start(openFdCount()) {}
    [[nodiscard]] int start() const { return m_start; }
    [[nodiscard]] int leaked() const { return openFdCount() - m_start; }

private:
    int m_start;
};

} // namespace poolscope::test
