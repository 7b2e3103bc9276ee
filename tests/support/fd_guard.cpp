#include "fd_guard.h"

#include <QDeadlineTimer>
#include <QTest>
#include <algorithm>
#include <dirent.h>

namespace poolscope::test {

int openFdCount()
{
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int count = 0;
    while (const dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    ::closedir(dir);
    return count - 1; // the descriptor opendir() itself holds
}

int FdGuard::leaked() const
{
    const int least = std::min({openFdCount(), openFdCount(), openFdCount()});
    return std::max(0, least - m_start);
}

int FdGuard::settledLeak(int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    int now = leaked();
    while (now > 0 && !deadline.hasExpired()) {
        QTest::qWait(20);
        now = leaked();
    }
    return now;
}

} // namespace poolscope::test
