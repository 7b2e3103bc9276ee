#include "test_platform.h"

#if defined(_WIN32)
// The engine's socket headers first: they set the Windows version the declarations need.
// clang-format off
#include "net/platform/native_sockets.h"
#include <windows.h>
// clang-format on
#else
#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#endif

#include <algorithm>

namespace poolscope::test {

#if defined(_WIN32)

namespace {

using detail::sys::kTcpKeepCnt;
using detail::sys::kTcpKeepIdle;
using detail::sys::kTcpKeepIntvl;
using detail::sys::native;

bool setOption(int s, int level, int name, const void* value, int length)
{
    return ::setsockopt(native(s), level, name, static_cast<const char*>(value), length) == 0;
}

} // namespace

long long descriptorLimit()
{
    return -1;
}

long long descriptorLimitMax()
{
    return -1;
}

bool setDescriptorLimit(long long /*limit*/)
{
    return false;
}

bool interruptProcess(long long /*pid*/)
{
    return false;
}

bool runningUnderWine()
{
    // Wine's ntdll exports wine_get_version; Windows' never does.
    const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

DescriptorsExhausted::DescriptorsExhausted() = default;
DescriptorsExhausted::~DescriptorsExhausted() = default;

bool listenWithBacklog(int s, int backlog)
{
    return ::listen(native(s), backlog) == 0;
}

bool setIoTimeouts(int s, int ms)
{
    const DWORD timeout = static_cast<DWORD>(std::max(ms, 1));
    return setOption(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) &&
           setOption(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

bool setResetOnClose(int s)
{
    const linger l{1, 0};
    return setOption(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

namespace {

std::optional<int> intOption(int s, int level, int name)
{
    // Zeroed first: Windows writes a single byte for the boolean options.
    int value = 0;
    int length = sizeof value;
    if (::getsockopt(native(s), level, name, reinterpret_cast<char*>(&value), &length) != 0)
        return std::nullopt;
    return value;
}

bool setIntOption(int s, int level, int name, int value)
{
    return setOption(s, level, name, &value, sizeof value);
}

std::optional<int> lingerOption(int s)
{
    linger l{};
    int length = sizeof l;
    if (::getsockopt(native(s), SOL_SOCKET, SO_LINGER, reinterpret_cast<char*>(&l), &length) != 0)
        return std::nullopt;
    return l.l_onoff != 0 ? 1 : 0;
}

std::optional<int> receiveTimeoutOption(int s)
{
    DWORD ms = 0; // Winsock: a DWORD of milliseconds
    int length = sizeof ms;
    if (::getsockopt(native(s), SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<char*>(&ms), &length) != 0)
        return std::nullopt;
    return static_cast<int>(ms);
}

} // namespace

std::optional<bool> inheritable(int s)
{
    DWORD flags = 0;
    if (!::GetHandleInformation(reinterpret_cast<HANDLE>(native(s)), &flags))
        return std::nullopt;
    return (flags & HANDLE_FLAG_INHERIT) != 0;
}

std::optional<bool> nonBlocking(int s)
{
    DWORD saved = 0;
    int length = sizeof saved;
    if (::getsockopt(native(s), SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<char*>(&saved), &length) != 0)
        return std::nullopt;
    const DWORD probe = 1;
    if (!setOption(s, SOL_SOCKET, SO_RCVTIMEO, &probe, sizeof probe))
        return std::nullopt;
    char c = 0;
    const int n = ::recv(native(s), &c, 1, MSG_PEEK);
    const int wsa = n < 0 ? ::WSAGetLastError() : 0;
    (void)setOption(s, SOL_SOCKET, SO_RCVTIMEO, &saved, sizeof saved);
    if (n < 0 && wsa == WSAEWOULDBLOCK)
        return true;
    if (n < 0 && wsa == WSAETIMEDOUT)
        return false;
    return std::nullopt; // bytes or end of stream queued: either mode returns at once
}

bool isOpenSocket(int s)
{
    int type = 0;
    int length = sizeof type;
    return ::getsockopt(native(s), SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&type), &length) == 0;
}

SigpipeCounter::SigpipeCounter() = default;
SigpipeCounter::~SigpipeCounter() = default;

bool SigpipeCounter::supported()
{
    return false;
}

int SigpipeCounter::count() const
{
    return 0;
}

long long writeRaisingSigpipe(int /*socket*/, const void* /*data*/, std::size_t /*length*/)
{
    return -1;
}

#else

namespace {

constexpr int kTcpKeepIdle = TCP_KEEPIDLE;
constexpr int kTcpKeepIntvl = TCP_KEEPINTVL;
constexpr int kTcpKeepCnt = TCP_KEEPCNT;

// RLIM_INFINITY is reported as this (not -1, which means "no limit mechanism") and set back from it.
constexpr long long kUnlimited = 1LL << 62;

long long fromRlim(rlim_t value)
{
    return value == RLIM_INFINITY || value >= static_cast<rlim_t>(kUnlimited) ? kUnlimited
                                                                              : static_cast<long long>(value);
}

std::atomic<int> g_sigpipes{0};
using SignalAction = struct sigaction;
SignalAction g_previousSigpipe{};

extern "C" void countSigpipe(int)
{
    g_sigpipes.fetch_add(1, std::memory_order_relaxed);
}

} // namespace

long long descriptorLimit()
{
    rlimit limit{};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? fromRlim(limit.rlim_cur) : -1;
}

long long descriptorLimitMax()
{
    rlimit limit{};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? fromRlim(limit.rlim_max) : -1;
}

bool setDescriptorLimit(long long value)
{
    rlimit limit{};
    if (value < 0 || ::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return false;
    limit.rlim_cur = value >= kUnlimited ? RLIM_INFINITY : static_cast<rlim_t>(value);
    return ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

bool runningUnderWine()
{
    return false;
}

bool interruptProcess(long long pid)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), SIGINT) == 0;
}

DescriptorsExhausted::DescriptorsExhausted() : m_savedLimit(descriptorLimit())
{
    constexpr int kMost = static_cast<int>(sizeof m_held / sizeof m_held[0]);
    (void)setDescriptorLimit(std::min<long long>(m_savedLimit, kMost)); // bounds the loop below
    while (m_count < kMost) {
        const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            m_exhausted = errno == EMFILE;
            break;
        }
        m_held[m_count++] = fd;
    }
}

DescriptorsExhausted::~DescriptorsExhausted()
{
    for (int i = 0; i < m_count; ++i)
        ::close(m_held[i]);
    (void)setDescriptorLimit(m_savedLimit);
}

bool listenWithBacklog(int s, int backlog)
{
    return ::listen(s, backlog) == 0;
}

bool setIoTimeouts(int s, int ms)
{
    const timeval timeout{ms / 1000, (ms % 1000) * 1000};
    return ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == 0 &&
           ::setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) == 0;
}

bool setResetOnClose(int s)
{
    const linger l{1, 0};
    return ::setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l) == 0;
}

namespace {

std::optional<int> intOption(int s, int level, int name)
{
    int value = 0;
    socklen_t length = sizeof value;
    if (::getsockopt(s, level, name, &value, &length) != 0)
        return std::nullopt;
    return value;
}

bool setIntOption(int s, int level, int name, int value)
{
    return ::setsockopt(s, level, name, &value, sizeof value) == 0;
}

std::optional<int> lingerOption(int s)
{
    linger l{};
    socklen_t length = sizeof l;
    if (::getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &length) != 0)
        return std::nullopt;
    return l.l_onoff != 0 ? 1 : 0;
}

std::optional<int> receiveTimeoutOption(int s)
{
    timeval t{};
    socklen_t length = sizeof t;
    if (::getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, &length) != 0)
        return std::nullopt;
    return static_cast<int>(t.tv_sec * 1000 + t.tv_usec / 1000);
}

} // namespace

std::optional<bool> inheritable(int s)
{
    const int flags = ::fcntl(s, F_GETFD);
    if (flags == -1)
        return std::nullopt;
    return (flags & FD_CLOEXEC) == 0;
}

std::optional<bool> nonBlocking(int s)
{
    const int flags = ::fcntl(s, F_GETFL);
    if (flags == -1)
        return std::nullopt;
    return (flags & O_NONBLOCK) != 0;
}

bool isOpenSocket(int s)
{
    return ::fcntl(s, F_GETFD) != -1;
}

SigpipeCounter::SigpipeCounter()
{
    SignalAction sa{};
    sa.sa_handler = &countSigpipe;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGPIPE, &sa, &g_previousSigpipe);
    g_sigpipes = 0;
}

SigpipeCounter::~SigpipeCounter()
{
    ::sigaction(SIGPIPE, &g_previousSigpipe, nullptr);
}

bool SigpipeCounter::supported()
{
    return true;
}

int SigpipeCounter::count() const
{
    return g_sigpipes.load();
}

long long writeRaisingSigpipe(int s, const void* data, std::size_t length)
{
    return ::write(s, data, length);
}

#endif

std::optional<int> socketOption(int s, SocketOption option)
{
    switch (option) {
    case SocketOption::KeepAlive:
        return intOption(s, SOL_SOCKET, SO_KEEPALIVE);
    case SocketOption::KeepIdle:
        return intOption(s, IPPROTO_TCP, kTcpKeepIdle);
    case SocketOption::KeepInterval:
        return intOption(s, IPPROTO_TCP, kTcpKeepIntvl);
    case SocketOption::KeepCount:
        return intOption(s, IPPROTO_TCP, kTcpKeepCnt);
    case SocketOption::NoDelay:
        return intOption(s, IPPROTO_TCP, TCP_NODELAY);
    case SocketOption::Linger:
        return lingerOption(s);
    case SocketOption::ReceiveTimeout:
        return receiveTimeoutOption(s);
    case SocketOption::ReceiveBuffer:
        return intOption(s, SOL_SOCKET, SO_RCVBUF);
    case SocketOption::SendBuffer:
        return intOption(s, SOL_SOCKET, SO_SNDBUF);
    }
    return std::nullopt;
}

bool setSocketOption(int s, SocketOption option, int value)
{
    switch (option) {
    case SocketOption::KeepAlive:
        return setIntOption(s, SOL_SOCKET, SO_KEEPALIVE, value);
    case SocketOption::KeepIdle:
        return setIntOption(s, IPPROTO_TCP, kTcpKeepIdle, value);
    case SocketOption::KeepInterval:
        return setIntOption(s, IPPROTO_TCP, kTcpKeepIntvl, value);
    case SocketOption::KeepCount:
        return setIntOption(s, IPPROTO_TCP, kTcpKeepCnt, value);
    case SocketOption::NoDelay:
        return setIntOption(s, IPPROTO_TCP, TCP_NODELAY, value);
    case SocketOption::Linger:
        return value != 0 && setResetOnClose(s); // {on, 0 s}: the only setting a test needs
    case SocketOption::ReceiveTimeout:
        return setIoTimeouts(s, value);
    case SocketOption::ReceiveBuffer:
        return setIntOption(s, SOL_SOCKET, SO_RCVBUF, value);
    case SocketOption::SendBuffer:
        return setIntOption(s, SOL_SOCKET, SO_SNDBUF, value);
    }
    return false;
}

} // namespace poolscope::test
