#include "platform/console.h"

#include <cstdio>
#include <windows.h>

namespace poolscope::app {

namespace {

bool redirected(DWORD which)
{
    const HANDLE handle = GetStdHandle(which);
    return handle != nullptr && handle != INVALID_HANDLE_VALUE && GetFileType(handle) != FILE_TYPE_UNKNOWN;
}

} // namespace

void attachParentConsole()
{
    const bool out = redirected(STD_OUTPUT_HANDLE);
    const bool err = redirected(STD_ERROR_HANDLE);
    // A stream that already goes somewhere (poolscope --version > file, a pipe, Wine's terminal)
    // stays as it is; only streams that go nowhere are pointed at the parent's console.
    if ((out && err) || !AttachConsole(ATTACH_PARENT_PROCESS))
        return;
    FILE* ignored = nullptr;
    if (!out)
        freopen_s(&ignored, "CONOUT$", "w", stdout);
    if (!err)
        freopen_s(&ignored, "CONOUT$", "w", stderr);
}

} // namespace poolscope::app
