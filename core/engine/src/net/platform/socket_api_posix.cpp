// POSIX sockets (Linux, macOS, the BSDs) behind socket_api.h.
#include "net/platform/native_sockets.h"

#include <array>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <vector>
#if defined(__linux__)
#include <sys/eventfd.h>
#endif

namespace poolscope::detail {

namespace {

// GNU strerror_r returns the text (possibly not in `buf`); XSI strerror_r returns a status.
[[maybe_unused]] const char* pickText(const char* gnuResult, const char*) noexcept
{
    return gnuResult;
}
[[maybe_unused]] const char* pickText(int xsiStatus, const char* buf) noexcept
{
    return xsiStatus == 0 ? buf : nullptr;
}

/// socket() of `type`, non-blocking and close-on-exec; -1 with `err` set on failure.
int openNonBlocking(int family, int type, int protocol, int& err) noexcept
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    const int s = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (s < 0)
        err = errno;
    return s < 0 ? -1 : s;
#else // macOS: no atomic flags; nothing here forks, so the window is harmless
    const int s = ::socket(family, type, protocol);
    if (s < 0) {
        err = errno;
        return -1;
    }
    if (::fcntl(s, F_SETFD, FD_CLOEXEC) != 0 || ::fcntl(s, F_SETFL, ::fcntl(s, F_GETFL) | O_NONBLOCK) != 0) {
        err = errno;
        ::close(s);
        return -1;
    }
    return s;
#endif
}

/// Best-effort option switched on; a failure leaves the socket working without it.
void setFlag(int s, int level, int name) noexcept
{
    const int one = 1;
    (void)::setsockopt(s, level, name, &one, sizeof one);
}

int toNativeFlags(unsigned flags) noexcept
{
    int native = 0;
    if ((flags & sys::kIoPeek) != 0)
        native |= MSG_PEEK;
    if ((flags & sys::kIoDontWait) != 0)
        native |= MSG_DONTWAIT;
    return native;
}

} // namespace

namespace sys {

Runtime::Runtime() noexcept = default;
Runtime::~Runtime() = default;

std::string errorText(int err)
{
    char buf[128] = {};
    const char* text = pickText(::strerror_r(err, buf, sizeof buf), buf);
    if (!text || !*text)
        return "error " + std::to_string(err);
    return text;
}

Socket openTcp(int family, int& err) noexcept
{
    const Socket s = openNonBlocking(family, SOCK_STREAM, IPPROTO_TCP, err);
    if (s < 0)
        return kInvalidSocket;
    // Pooled connections carry request/response traffic; Nagle would delay every small request.
    // A failure here only costs latency, so it does not fail the dial.
    setFlag(s, IPPROTO_TCP, TCP_NODELAY);
#ifdef SO_NOSIGPIPE
    // BSD/macOS: a write to a reset connection must fail with EPIPE, not kill the process.
    setFlag(s, SOL_SOCKET, SO_NOSIGPIPE);
#endif
    return s;
}

int descriptorShortage() noexcept
{
    const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (s >= 0) {
        ::close(s);
        return 0;
    }
    return errno == EMFILE || errno == ENFILE ? errno : 0;
}

void close(Socket s) noexcept
{
    if (s >= 0)
        ::close(s);
}

int connect(Socket s, const SocketAddress& to) noexcept
{
    if (::connect(s, reinterpret_cast<const sockaddr*>(to.storage), static_cast<socklen_t>(to.length)) == 0)
        return 0;
    // EINTR on a non-blocking connect leaves the attempt running, exactly like EINPROGRESS.
    return errno == EINTR ? EINPROGRESS : errno;
}

int pendingError(Socket s) noexcept
{
    int err = 0;
    socklen_t length = sizeof err;
    if (::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &length) != 0)
        return errno;
    return err;
}

std::uint16_t localPort(Socket s) noexcept
{
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (::getsockname(s, reinterpret_cast<sockaddr*>(&local), &length) != 0)
        return 0;
    return SocketAddress::fromNative(&local, length).port();
}

std::uint16_t peerPort(Socket s) noexcept
{
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    if (::getpeername(s, reinterpret_cast<sockaddr*>(&peer), &length) != 0)
        return 0;
    return SocketAddress::fromNative(&peer, length).port();
}

int setNonBlocking(Socket s, bool on) noexcept
{
    // FIONBIO flips O_NONBLOCK alone: one system call instead of F_GETFL + F_SETFL.
    int value = on ? 1 : 0;
    if (::ioctl(s, FIONBIO, &value) == 0)
        return 0;
    const int flags = ::fcntl(s, F_GETFL);
    if (flags < 0)
        return errno;
    const int wanted = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return wanted == flags || ::fcntl(s, F_SETFL, wanted) == 0 ? 0 : errno;
}

bool isNonBlocking(Socket s, bool assumed) noexcept
{
    const int flags = ::fcntl(s, F_GETFL);
    return flags < 0 ? assumed : (flags & O_NONBLOCK) != 0;
}

void shutdown(Socket s, Shutdown how) noexcept
{
    const int native = how == Shutdown::Read ? SHUT_RD : how == Shutdown::Write ? SHUT_WR : SHUT_RDWR;
    (void)::shutdown(s, native);
}

int enableTcpKeepAlive(Socket s, int idleSeconds, int intervalSeconds, int probes) noexcept
{
    const int on = 1;
    (void)idleSeconds;
    (void)intervalSeconds;
    (void)probes;
    if (::setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) != 0)
        return errno;
#if defined(TCP_KEEPIDLE)
    if (::setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &idleSeconds, sizeof idleSeconds) != 0)
        return errno;
#elif defined(TCP_KEEPALIVE) // macOS names the idle time TCP_KEEPALIVE
    if (::setsockopt(s, IPPROTO_TCP, TCP_KEEPALIVE, &idleSeconds, sizeof idleSeconds) != 0)
        return errno;
#endif
#if defined(TCP_KEEPINTVL)
    if (::setsockopt(s, IPPROTO_TCP, TCP_KEEPINTVL, &intervalSeconds, sizeof intervalSeconds) != 0)
        return errno;
#endif
#if defined(TCP_KEEPCNT)
    if (::setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes) != 0)
        return errno;
#endif
    return 0;
}

int poll(PollEntry* entries, std::size_t count, int timeoutMs) noexcept
{
    // socket_api.h's bits are poll.h's on every POSIX system we build for; a system that differs
    // fails here instead of misreading readiness.
    static_assert(kPollIn == POLLIN && kPollOut == POLLOUT && kPollErr == POLLERR && kPollHup == POLLHUP &&
                  kPollInvalid == POLLNVAL);
    constexpr std::size_t kOnStack = 16;
    pollfd small[kOnStack];
    std::vector<pollfd> large;
    pollfd* fds = small;
    if (count > kOnStack) {
        try {
            large.resize(count);
        } catch (const std::bad_alloc&) {
            return -ENOMEM;
        }
        fds = large.data();
    }
    for (std::size_t i = 0; i < count; ++i)
        fds[i] = pollfd{entries[i].socket, entries[i].events, 0};
    const int ready = ::poll(fds, static_cast<nfds_t>(count), timeoutMs);
    if (ready < 0)
        return -errno;
    for (std::size_t i = 0; i < count; ++i)
        entries[i].revents = fds[i].revents;
    return ready;
}

IoResult send(Socket s, const void* data, std::size_t length, unsigned flags) noexcept
{
#ifdef MSG_NOSIGNAL
    const int native = toNativeFlags(flags & kIoDontWait) | MSG_NOSIGNAL;
#else
    const int native = toNativeFlags(flags & kIoDontWait); // SO_NOSIGPIPE was set by openTcp
#endif
    const ssize_t n = ::send(s, data, length, native);
    return n < 0 ? -static_cast<IoResult>(errno) : static_cast<IoResult>(n);
}

IoResult recv(Socket s, void* data, std::size_t length, unsigned flags) noexcept
{
    const ssize_t n = ::recv(s, data, length, toNativeFlags(flags));
    return n < 0 ? -static_cast<IoResult>(errno) : static_cast<IoResult>(n);
}

DontWaitScope::DontWaitScope(Socket s) noexcept : m_socket(s) {}
DontWaitScope::~DontWaitScope()
{
    (void)m_socket; // POSIX passes MSG_DONTWAIT per call; only Winsock switches the socket
}

bool retryable(int err) noexcept
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

int lastSocketError() noexcept
{
    return errno;
}

// ---- serving -------------------------------------------------------------------------------------

Socket openSocket(int family, SocketType type, int& err) noexcept
{
    const Socket s = openNonBlocking(family, type == SocketType::Datagram ? SOCK_DGRAM : SOCK_STREAM, 0, err);
    if (s < 0)
        return kInvalidSocket;
    // Best effort: a socket bound to ::1 serves IPv6 only either way.
    if (family == AF_INET6)
        setFlag(s, IPPROTO_IPV6, IPV6_V6ONLY);
    return s;
}

int bind(Socket s, const SocketAddress& at) noexcept
{
    return ::bind(s, reinterpret_cast<const sockaddr*>(at.storage), static_cast<socklen_t>(at.length)) == 0
               ? 0
               : errno;
}

int listen(Socket s) noexcept
{
    return ::listen(s, SOMAXCONN) == 0 ? 0 : errno;
}

Socket accept(Socket listener, int& err) noexcept
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    const Socket s = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (s < 0) {
        err = errno;
        return kInvalidSocket;
    }
#else
    const Socket s = ::accept(listener, nullptr, nullptr);
    if (s < 0) {
        err = errno;
        return kInvalidSocket;
    }
    if (::fcntl(s, F_SETFD, FD_CLOEXEC) != 0 || setNonBlocking(s, true) != 0) {
        err = errno;
        ::close(s);
        return kInvalidSocket;
    }
#endif
    // Small responses must leave at once, not wait for the client's delayed ACK.
    setFlag(s, IPPROTO_TCP, TCP_NODELAY);
#ifdef SO_NOSIGPIPE
    setFlag(s, SOL_SOCKET, SO_NOSIGPIPE);
#endif
    return s;
}

void closeWithReset(Socket s) noexcept
{
    if (s < 0)
        return;
    const linger abortive{1, 0};
    (void)::setsockopt(s, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    ::close(s);
}

IoResult sendTo(Socket s, const void* data, std::size_t length, const SocketAddress& to) noexcept
{
#ifdef MSG_NOSIGNAL
    constexpr int kFlags = MSG_NOSIGNAL;
#else
    constexpr int kFlags = 0;
#endif
    const ssize_t n = ::sendto(s, data, length, kFlags, reinterpret_cast<const sockaddr*>(to.storage),
                               static_cast<socklen_t>(to.length));
    return n < 0 ? -static_cast<IoResult>(errno) : static_cast<IoResult>(n);
}

IoResult recvFrom(Socket s, void* data, std::size_t length, SocketAddress& from) noexcept
{
    sockaddr_storage sender{};
    socklen_t senderLength = sizeof sender;
    const ssize_t n = ::recvfrom(s, data, length, 0, reinterpret_cast<sockaddr*>(&sender), &senderLength);
    if (n < 0)
        return -static_cast<IoResult>(errno);
    from = SocketAddress::fromNative(&sender, senderLength);
    return static_cast<IoResult>(n);
}

Waker::Waker() noexcept
{
#if defined(__linux__)
    m_read = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_read < 0) {
        m_error = errno;
        m_read = kInvalidSocket;
    }
#else
    int ends[2] = {-1, -1};
    if (::pipe(ends) != 0) {
        m_error = errno;
        return;
    }
    for (const int fd : ends) {
        if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
            ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
            m_error = errno;
            ::close(ends[0]);
            ::close(ends[1]);
            return;
        }
    }
    m_read = ends[0];
    m_write = ends[1];
#endif
}

Waker::~Waker()
{
    close(m_read);
    close(m_write);
}

void Waker::signal() noexcept
{
    // An eventfd takes 8 bytes; a pipe takes any. EAGAIN means a wake-up is already pending.
    const std::uint64_t one = 1;
    const int fd = m_write != kInvalidSocket ? m_write : m_read;
    if (fd == kInvalidSocket)
        return;
    [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
}

void Waker::drain() noexcept
{
    // A pipe may hold several wake-ups: read until empty (bounded: the pipe is finite).
    std::array<std::uint64_t, 64> buffer{};
    for (int i = 0; i < 64 && m_read != kInvalidSocket; ++i) {
        const ssize_t got = ::read(m_read, buffer.data(), sizeof buffer);
        if (got < static_cast<ssize_t>(sizeof buffer))
            break;
    }
}

void prepareServerThread(const char* name) noexcept
{
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    (void)pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
#if defined(__linux__)
    char shortName[16] = {}; // Linux refuses names longer than 15 characters
    if (name)
        std::strncpy(shortName, name, sizeof shortName - 1);
    (void)pthread_setname_np(pthread_self(), shortName);
#elif defined(__APPLE__)
    if (name)
        (void)pthread_setname_np(name);
#else
    (void)name;
#endif
}

} // namespace sys

} // namespace poolscope::detail
