#include "fd_guard.h"

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

} // namespace poolscope::test
