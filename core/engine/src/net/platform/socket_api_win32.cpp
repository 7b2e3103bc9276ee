// Winsock 2 (Windows Vista and later; Windows 10 for the finer keep-alive settings) behind socket_api.h.
#include "net/platform/native_sockets.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

namespace poolscope::detail {

using sys::fromWsa;
using sys::lastError;

namespace {

// ---- start-up ------------------------------------------------------------------------------------

int g_runtimeCount = 0; // Runtime instances holding a successful WSAStartup

std::mutex& runtimeMutex() noexcept
{
    // Built on first use and never destroyed: with mingw-w64's winpthreads std::mutex is initialised
    // at run time and destroyed at exit, and a Runtime may be a static object of another file that is
    // constructed before this file's statics or destroyed after them.
    alignas(std::mutex) static unsigned char storage[sizeof(std::mutex)];
    static std::mutex* const mutex = ::new (storage) std::mutex;
    return *mutex;
}

// ---- keep-alive ----------------------------------------------------------------------------------

int setIntOption(SOCKET s, int level, int name, int value) noexcept
{
    if (::setsockopt(s, level, name, reinterpret_cast<const char*>(&value), sizeof value) != 0)
        return ::WSAGetLastError();
    return 0;
}

bool optionUnknown(int wsa) noexcept
{
    return wsa == WSAENOPROTOOPT || wsa == WSAEINVAL;
}

u_long milliseconds(int seconds) noexcept
{
    return static_cast<u_long>(
        std::min<unsigned long long>(static_cast<unsigned long long>(seconds) * 1000ULL, 0xFFFFFFFFULL));
}

// ---- readiness -----------------------------------------------------------------------------------

short toWsaEvents(short events) noexcept
{
    // WSAPoll fails the whole call when `events` holds anything but these.
    short wanted = 0;
    if ((events & sys::kPollIn) != 0)
        wanted = static_cast<short>(wanted | POLLRDNORM | POLLRDBAND);
    if ((events & sys::kPollOut) != 0)
        wanted = static_cast<short>(wanted | POLLWRNORM);
    return wanted;
}

short fromWsaEvents(short revents) noexcept
{
    short out = 0;
    if ((revents & (POLLRDNORM | POLLRDBAND)) != 0)
        out = static_cast<short>(out | sys::kPollIn);
    if ((revents & POLLWRNORM) != 0)
        out = static_cast<short>(out | sys::kPollOut);
    if ((revents & POLLERR) != 0)
        out = static_cast<short>(out | sys::kPollErr);
    if ((revents & POLLHUP) != 0)
        out = static_cast<short>(out | sys::kPollHup);
    if ((revents & POLLNVAL) != 0)
        out = static_cast<short>(out | sys::kPollInvalid);
    return out;
}

bool isSocket(SOCKET s) noexcept
{
    int type = 0;
    int length = sizeof type;
    return ::getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&type), &length) == 0 ||
           ::WSAGetLastError() != WSAENOTSOCK;
}

/// WSAPoll over `fds` (all real sockets), results written back through `index` into `entries`.
int pollSockets(sys::PollEntry* entries, WSAPOLLFD* fds, std::size_t* index, std::size_t n,
                int timeoutMs) noexcept
{
    const int ready = ::WSAPoll(fds, static_cast<ULONG>(n), timeoutMs);
    if (ready == SOCKET_ERROR) {
        const int wsa = ::WSAGetLastError();
        if (wsa != WSAENOTSOCK && wsa != WSAEINVAL)
            return -fromWsa(wsa);
        // Winsock rejects the whole set when it holds a closed handle (at least when none of the rest
        // is valid); POSIX poll flags just that entry with POLLNVAL and returns at once. Do the same.
        int invalid = 0;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (isSocket(fds[i].fd)) {
                fds[kept] = fds[i];
                index[kept] = index[i];
                ++kept;
            } else {
                entries[index[i]].revents = sys::kPollInvalid;
                ++invalid;
            }
        }
        if (invalid == 0)
            return -fromWsa(wsa);
        if (kept == 0)
            return invalid;
        const int rest = pollSockets(entries, fds, index, kept, 0);
        return rest < 0 ? invalid : invalid + rest;
    }
    int count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const short revents = fromWsaEvents(fds[i].revents);
        entries[index[i]].revents = revents;
        if (revents != 0)
            ++count;
    }
    return count;
}

} // namespace

namespace sys {

// ---- start-up ------------------------------------------------------------------------------------

Runtime::Runtime() noexcept
{
    const std::lock_guard lock(runtimeMutex());
    if (g_runtimeCount > 0) {
        ++g_runtimeCount;
        return;
    }
    WSADATA data{};
    if (const int wsa = ::WSAStartup(MAKEWORD(2, 2), &data); wsa != 0) {
        m_error = fromWsa(wsa);
        return;
    }
    if (data.wVersion != MAKEWORD(2, 2)) {
        ::WSACleanup();
        m_error = fromWsa(WSAVERNOTSUPPORTED);
        return;
    }
    g_runtimeCount = 1;
}

Runtime::~Runtime()
{
    if (m_error != 0)
        return;
    const std::lock_guard lock(runtimeMutex());
    if (--g_runtimeCount == 0)
        ::WSACleanup();
}

// ---- sockets -------------------------------------------------------------------------------------

bool usableHandle(SOCKET s, int& err) noexcept
{
    if (s == INVALID_SOCKET) {
        err = lastError();
        return false;
    }
    if (s > static_cast<SOCKET>(INT_MAX)) {
        ::closesocket(s);
        err = EMFILE;
        return false;
    }
    return true;
}

Socket openNonBlocking(int family, int type, int protocol, int& err) noexcept
{
    SOCKET s =
        ::WSASocketW(family, type, protocol, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET && ::WSAGetLastError() == WSAEINVAL) {
        // WSA_FLAG_NO_HANDLE_INHERIT arrived with Windows 7 SP1; earlier systems reject it.
        s = ::WSASocketW(family, type, protocol, nullptr, 0, WSA_FLAG_OVERLAPPED);
        if (s != INVALID_SOCKET)
            (void)::SetHandleInformation(reinterpret_cast<HANDLE>(s), HANDLE_FLAG_INHERIT, 0);
    }
    if (!usableHandle(s, err))
        return kInvalidSocket;
    u_long on = 1;
    if (::ioctlsocket(s, static_cast<long>(FIONBIO), &on) != 0) {
        err = lastError();
        ::closesocket(s);
        return kInvalidSocket;
    }
    return static_cast<Socket>(s);
}

Socket openTcp(int family, int& err) noexcept
{
    const Socket s = openNonBlocking(family, SOCK_STREAM, IPPROTO_TCP, err);
    if (s == kInvalidSocket)
        return kInvalidSocket;
    // Pooled connections carry request/response traffic; Nagle would delay every small request.
    // A failure here only costs latency, so it does not fail the dial.
    (void)setIntOption(native(s), IPPROTO_TCP, TCP_NODELAY, 1);
    return s;
}

int descriptorShortage() noexcept
{
    const SOCKET s = ::socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s != INVALID_SOCKET) {
        ::closesocket(s);
        return 0;
    }
    // Windows has no per-process descriptor limit to speak of: what runs out is the system's socket
    // resources (kernel pool, handle table), which Winsock reports as WSAENOBUFS. That is the
    // system-wide shortage ENFILE describes.
    switch (::WSAGetLastError()) {
    case WSAEMFILE:
        return EMFILE;
    case WSAENOBUFS:
        return ENFILE;
    default:
        return 0;
    }
}

void close(Socket s) noexcept
{
    if (s >= 0)
        ::closesocket(native(s));
}

int connect(Socket s, const SocketAddress& to) noexcept
{
    if (::connect(native(s), reinterpret_cast<const sockaddr*>(to.storage), static_cast<int>(to.length)) == 0)
        return 0;
    const int wsa = ::WSAGetLastError();
    return wsa == WSAEWOULDBLOCK || wsa == WSAEINPROGRESS ? EINPROGRESS : fromWsa(wsa);
}

int pendingError(Socket s) noexcept
{
    int wsa = 0;
    int length = sizeof wsa;
    if (::getsockopt(native(s), SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&wsa), &length) != 0)
        return lastError();
    return fromWsa(wsa);
}

std::uint16_t localPort(Socket s) noexcept
{
    sockaddr_storage local{};
    int length = sizeof local;
    if (::getsockname(native(s), reinterpret_cast<sockaddr*>(&local), &length) != 0 || length < 0)
        return 0;
    return SocketAddress::fromNative(&local, static_cast<std::size_t>(length)).port();
}

std::uint16_t peerPort(Socket s) noexcept
{
    sockaddr_storage peer{};
    int length = sizeof peer;
    if (::getpeername(native(s), reinterpret_cast<sockaddr*>(&peer), &length) != 0 || length < 0)
        return 0;
    return SocketAddress::fromNative(&peer, static_cast<std::size_t>(length)).port();
}

int setNonBlocking(Socket s, bool on) noexcept
{
    u_long value = on ? 1 : 0;
    return ::ioctlsocket(native(s), static_cast<long>(FIONBIO), &value) == 0 ? 0 : lastError();
}

bool isNonBlocking(Socket, bool assumed) noexcept
{
    return assumed;
}

void shutdown(Socket s, Shutdown how) noexcept
{
    const int mode = how == Shutdown::Read ? SD_RECEIVE : how == Shutdown::Write ? SD_SEND : SD_BOTH;
    (void)::shutdown(native(s), mode);
}

int enableTcpKeepAlive(Socket s, int idleSeconds, int intervalSeconds, int probes) noexcept
{
    const SOCKET n = native(s);
    if (const int wsa = setIntOption(n, SOL_SOCKET, SO_KEEPALIVE, 1); wsa != 0)
        return fromWsa(wsa);
    // Linux refuses these as EINVAL; here that has to be decided first, because an EINVAL from
    // Windows means "option unknown" below.
    if (idleSeconds < 1 || intervalSeconds < 1 || probes < 1)
        return EINVAL;
    int wsa = setIntOption(n, IPPROTO_TCP, kTcpKeepIdle, idleSeconds);
    if (wsa == 0)
        wsa = setIntOption(n, IPPROTO_TCP, kTcpKeepIntvl, intervalSeconds);
    if (optionUnknown(wsa)) {
        // Before Windows 10 1709: the per-socket ioctl sets both times (in milliseconds).
        tcp_keepalive values{};
        values.onoff = 1;
        values.keepalivetime = milliseconds(idleSeconds);
        values.keepaliveinterval = milliseconds(intervalSeconds);
        DWORD returned = 0;
        if (::WSAIoctl(n, SIO_KEEPALIVE_VALS, &values, sizeof values, nullptr, 0, &returned, nullptr,
                       nullptr) != 0)
            return lastError();
        wsa = 0;
    }
    if (wsa != 0)
        return fromWsa(wsa);
    // Before Windows 10 1703 the probe count is the system's (10).
    wsa = setIntOption(n, IPPROTO_TCP, kTcpKeepCnt, probes);
    return wsa == 0 || optionUnknown(wsa) ? 0 : fromWsa(wsa);
}

// ---- readiness -----------------------------------------------------------------------------------

int poll(PollEntry* entries, std::size_t count, int timeoutMs) noexcept
{
    constexpr std::size_t kOnStack = 16;
    WSAPOLLFD smallFds[kOnStack];
    std::size_t smallIndex[kOnStack];
    std::vector<WSAPOLLFD> largeFds;
    std::vector<std::size_t> largeIndex;
    WSAPOLLFD* fds = smallFds;
    std::size_t* index = smallIndex;
    if (count > kOnStack) {
        try {
            largeFds.resize(count);
            largeIndex.resize(count);
        } catch (const std::bad_alloc&) {
            return -ENOMEM;
        }
        fds = largeFds.data();
        index = largeIndex.data();
    }
    // POSIX poll ignores a negative descriptor (revents 0, not counted); WSAPoll may reject the
    // whole call for one, so such entries are never passed on.
    std::size_t n = 0;
    for (std::size_t i = 0; i < count; ++i) {
        entries[i].revents = 0;
        if (entries[i].socket < 0)
            continue;
        fds[n] = WSAPOLLFD{native(entries[i].socket), toWsaEvents(entries[i].events), 0};
        index[n] = i;
        ++n;
    }
    if (n == 0) {
        // WSAPoll refuses an empty set. An endless wait on nothing (POSIX would hang the thread for
        // ever) is cut to a second and reported as a time-out.
        constexpr int kLongestEmptyWaitMs = 1000;
        if (timeoutMs != 0)
            ::Sleep(static_cast<DWORD>(timeoutMs < 0 ? kLongestEmptyWaitMs : timeoutMs));
        return 0;
    }
    return pollSockets(entries, fds, index, n, timeoutMs);
}

// ---- I/O -----------------------------------------------------------------------------------------

IoResult send(Socket s, const void* data, std::size_t length, unsigned) noexcept
{
    // No SIGPIPE on Windows; kIoDontWait is DontWaitScope's job.
    const int chunk = static_cast<int>(std::min<std::size_t>(length, INT_MAX));
    const int n = ::send(native(s), static_cast<const char*>(data), chunk, 0);
    return n == SOCKET_ERROR ? -static_cast<IoResult>(lastError()) : static_cast<IoResult>(n);
}

IoResult recv(Socket s, void* data, std::size_t length, unsigned flags) noexcept
{
    const int chunk = static_cast<int>(std::min<std::size_t>(length, INT_MAX));
    const int nativeFlags = (flags & kIoPeek) != 0 ? MSG_PEEK : 0;
    const int n = ::recv(native(s), static_cast<char*>(data), chunk, nativeFlags);
    if (n != SOCKET_ERROR)
        return static_cast<IoResult>(n);
    const int wsa = ::WSAGetLastError();
    // After shutdown(SD_RECEIVE) Winsock fails with WSAESHUTDOWN where Linux reports end of stream.
    if (wsa == WSAESHUTDOWN)
        return 0;
    return -static_cast<IoResult>(fromWsa(wsa));
}

DontWaitScope::DontWaitScope(Socket s) noexcept : m_socket(s)
{
    if (m_socket >= 0)
        (void)setNonBlocking(m_socket, true);
}

DontWaitScope::~DontWaitScope()
{
    if (m_socket >= 0)
        (void)setNonBlocking(m_socket, false);
}

bool retryable(int err) noexcept
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

} // namespace sys

} // namespace poolscope::detail
