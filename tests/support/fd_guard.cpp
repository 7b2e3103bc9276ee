#include "fd_guard.h"

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

} // namespace poolscope::test
