#include "fd_guard.h"

#include <QDeadlineTimer>
#include <QTest>
#include <algorithm>

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <cstddef>
#include <vector>
#include <windows.h>
#else
#include <dirent.h>
#endif

namespace poolscope::test {

#if defined(_WIN32)

namespace {

// NtQuerySystemInformation's SystemExtendedHandleInformation: every handle in the system with its
// owner, of which this process's are counted. ntdll's own layout (winternl.h lacks it).
constexpr ULONG kSystemExtendedHandleInformation = 64;
constexpr LONG kStatusInfoLengthMismatch = static_cast<LONG>(0xC0000004L);

struct HandleEntry
{
    void* object;
    ULONG_PTR owner;
    ULONG_PTR value;
    ULONG access;
    USHORT creatorBackTrace;
    USHORT type;
    ULONG attributes;
    ULONG reserved;
};

struct HandleTable
{
    ULONG_PTR count;
    ULONG_PTR reserved;
    HandleEntry entries[1];
};

using QuerySystemInformation = LONG(WINAPI*)(ULONG, void*, ULONG, ULONG*);

/// The system's handle table (each thread keeps its own buffer), or nullptr.
const HandleTable* handleTable()
{
    static const auto query = reinterpret_cast<QuerySystemInformation>(reinterpret_cast<void (*)()>(
        ::GetProcAddress(::GetModuleHandleW(L"ntdll.dll"), "NtQuerySystemInformation")));
    if (query == nullptr)
        return nullptr;
    thread_local std::vector<unsigned char> buffer(1 << 20);
    for (int attempt = 0; attempt < 8; ++attempt) { // the table grows between calls; a few rounds do
        ULONG needed = 0;
        const LONG status = query(kSystemExtendedHandleInformation, buffer.data(),
                                  static_cast<ULONG>(buffer.size()), &needed);
        if (status == kStatusInfoLengthMismatch) {
            buffer.resize(std::max<std::size_t>(buffer.size() * 2, needed + 65536));
            continue;
        }
        return status < 0 ? nullptr : reinterpret_cast<const HandleTable*>(buffer.data());
    }
    return nullptr;
}

/// The object type of files, which sockets (\Device\Afd) and pipes are too, on Windows and Wine
/// alike: the type of a handle to NUL opened for the purpose. -1 when it cannot be found.
int fileObjectType()
{
    const HANDLE nul = ::CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                     OPEN_EXISTING, 0, nullptr);
    if (nul == INVALID_HANDLE_VALUE)
        return -1;
    int type = -1;
    if (const HandleTable* table = handleTable()) {
        const ULONG_PTR self = ::GetCurrentProcessId();
        for (ULONG_PTR i = 0; i < table->count; ++i) {
            const HandleEntry& entry = table->entries[i];
            if (entry.owner == self && entry.value == reinterpret_cast<ULONG_PTR>(nul))
                type = entry.type;
        }
    }
    ::CloseHandle(nul);
    return type;
}

} // namespace

int openFdCount()
{
    // What /proc/self/fd lists on Linux, files, pipes and sockets, are the handles of the file
    // object type here. Threads, events and the other handles a process holds are not counted:
    // Wine and Winsock create some of those lazily, and the service keeps idle threads (each a
    // handle) for a while, neither of which is a leaked descriptor. (GetProcessHandleCount would
    // count them all, and under Wine always answers 0.) Of those, disk files are left out too:
    // Qt's font engine keeps each font file open from its first use, which would read as a leak
    // in every UI test; sockets and pipes, what the pool and the lab open, are all counted, and
    // the Linux run counts disk files.
    static const int fileType = fileObjectType();
    const HandleTable* table = fileType >= 0 ? handleTable() : nullptr;
    if (table == nullptr)
        return -1;
    const ULONG_PTR self = ::GetCurrentProcessId();
    int count = 0;
    for (ULONG_PTR i = 0; i < table->count; ++i) {
        const HandleEntry& entry = table->entries[i];
        if (entry.owner != self || entry.type != fileType)
            continue;
        // FILE_TYPE_UNKNOWN: closed by another thread since the table was read.
        const DWORD kind = ::GetFileType(reinterpret_cast<HANDLE>(entry.value));
        count += kind != FILE_TYPE_DISK && kind != FILE_TYPE_UNKNOWN ? 1 : 0;
    }
    return count;
}

#else

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

#endif

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
