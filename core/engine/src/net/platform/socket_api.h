#pragma once
// The engine's only view of the operating system's sockets. Everything that differs between POSIX
// and Winsock (socket type and close, non-blocking mode, readiness polling, error numbers and their
// sentences, the no-SIGPIPE send, socket start-up) is here; socket_api_posix.cpp and
// socket_api_win32.cpp (with socket_server_win32.cpp) implement it, and no other engine file
// includes a platform header. The lab (core/lab) serves its loopback servers through the same
// layer: the "serving" section is there for it, and the lab includes no platform header either.
//
// Sockets are `int` everywhere, as the seed API's dmSocket::Socket is. On Windows a SOCKET is a
// kernel handle, and Windows keeps handles within 32 significant bits so that 32- and 64-bit
// processes can share them; INVALID_SOCKET narrows to -1. The Win32 implementation widens back to
// SOCKET at each call.
//
// Error numbers are errno values from <cerrno> on every platform: Winsock's WSAE* codes are mapped
// onto them (WSAECONNREFUSED -> ECONNREFUSED, WSAEWOULDBLOCK -> EWOULDBLOCK, ...), so the engine's
// ErrorCode mapping and the sentences a user reads are the same everywhere.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace poolscope::detail {

/// An IPv4 or IPv6 socket address (a sockaddr_storage in bytes, so no platform header is needed
/// to hold one).
struct SocketAddress
{
    alignas(8) unsigned char storage[128] = {};
    std::uint32_t length = 0;

    /// Copies a native sockaddr of `length` bytes; an empty address when it does not fit.
    [[nodiscard]] static SocketAddress fromNative(const void* sockaddr, std::size_t length) noexcept;
    [[nodiscard]] static SocketAddress loopback(bool ipv6, std::uint16_t port) noexcept;
    /// An IPv4 or IPv6 literal ("127.0.0.1", "::1", "fe80::1%eth0"; no brackets) with `port`.
    [[nodiscard]] static std::optional<SocketAddress> parseLiteral(const std::string& text,
                                                                   std::uint16_t port);

    [[nodiscard]] int family() const noexcept; ///< the native AF_INET / AF_INET6 value, 0 when empty
    [[nodiscard]] bool isIpv4() const noexcept;
    [[nodiscard]] bool isIpv6() const noexcept;
    [[nodiscard]] std::uint16_t port() const noexcept;
    void setPort(std::uint16_t port) noexcept;
    /// Same family, address, port (and IPv6 scope).
    [[nodiscard]] bool sameEndpoint(const SocketAddress& other) const noexcept;
    /// The address in network byte order (4 bytes for IPv4, 16 for IPv6) into `out`; returns how
    /// many bytes were written, 0 when empty.
    [[nodiscard]] std::size_t addressBytes(unsigned char (&out)[16]) const noexcept;
    /// 127.0.0.0/8, ::1 or an IPv4-mapped 127.x address.
    [[nodiscard]] bool isLoopback() const noexcept;
    [[nodiscard]] const void* get() const noexcept { return storage; }
    /// "127.0.0.1:80" or "[::1]:80".
    [[nodiscard]] std::string toString() const;
};

namespace sys {

using Socket = int;
inline constexpr Socket kInvalidSocket = -1;

/// Holds the process's socket library open: WSAStartup/WSACleanup on Windows, reference-counted
/// so that every pool (and anything else in the engine that opens sockets) holds one and the
/// embedding application never has to. Nothing on POSIX. Construct before the first socket call,
/// destroy after the last socket is closed.
class Runtime
{
public:
    Runtime() noexcept;
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    /// 0, or the error that kept the socket library from starting (every socket call then fails).
    [[nodiscard]] int error() const noexcept { return m_error; }

private:
    int m_error = 0;
};

/// Thread-safe sentence for an errno value ("Connection refused").
[[nodiscard]] std::string errorText(int err);

/// Opens a TCP socket: non-blocking, not inherited by child processes, TCP_NODELAY, and SIGPIPE
/// suppressed where the platform has a per-socket switch. Returns the socket, or kInvalidSocket with
/// `err` set.
[[nodiscard]] Socket openTcp(int family, int& err) noexcept;
/// A UDP socket, closed at once: tells whether the process could open one more socket now
/// (0, or EMFILE / ENFILE).
[[nodiscard]] int descriptorShortage() noexcept;
void close(Socket s) noexcept;

/// Starts a connect. 0: connected now; EINPROGRESS: in progress (poll for kPollOut, then
/// pendingError); anything else: failed.
[[nodiscard]] int connect(Socket s, const SocketAddress& to) noexcept;
/// SO_ERROR: 0 when a connect completed, else why it failed.
[[nodiscard]] int pendingError(Socket s) noexcept;
/// The local port the socket is bound to, 0 when unknown.
[[nodiscard]] std::uint16_t localPort(Socket s) noexcept;
/// The port of the peer the socket is connected to, 0 when unknown.
[[nodiscard]] std::uint16_t peerPort(Socket s) noexcept;

/// Sets or clears non-blocking mode. Returns 0 or the error.
int setNonBlocking(Socket s, bool on) noexcept;
/// Whether the socket is in non-blocking mode. POSIX reads the flag; Winsock cannot report it, so
/// there the answer is `assumed` (pooled sockets are blocking while idle and while held).
[[nodiscard]] bool isNonBlocking(Socket s, bool assumed) noexcept;
enum class Shutdown
{
    Read,
    Write,
    Both
};
void shutdown(Socket s, Shutdown how) noexcept;
/// SO_KEEPALIVE plus the idle time, probe interval and probe count where the platform takes them.
/// Returns 0 or the error.
int enableTcpKeepAlive(Socket s, int idleSeconds, int intervalSeconds, int probes) noexcept;

// ---- options a holder may have changed (socket_options_posix.cpp / socket_options_win32.cpp) ---

/// A socket's send and receive buffer sizes as the kernel reports them (SO_SNDBUF, SO_RCVBUF;
/// Linux reports twice what was set). -1 where the call failed.
struct BufferSizes
{
    int receive = -1; ///< SO_RCVBUF, bytes
    int send = -1;    ///< SO_SNDBUF, bytes
};
/// Reads both sizes (two getsockopt calls).
[[nodiscard]] BufferSizes bufferSizes(Socket s) noexcept;
/// The keep-alive a connection was dialled with, to put back: idleSeconds > 0 enables it with
/// these times (as enableTcpKeepAlive), 0 switches SO_KEEPALIVE off (the system's default, what
/// a pool without PoolParams::tcpKeepAlive leaves), negative leaves it as it is (the dial could
/// not set it either, so there is nothing known to put back).
struct KeepAliveSetting
{
    int idleSeconds = 0;
    int intervalSeconds = 0;
    int probes = 0;
};
/// Puts back what openTcp() and the pool set on a connection and what its I/O relies on, after a
/// holder had the raw socket: blocking mode, TCP_NODELAY on, SO_LINGER off, SO_RCVTIMEO and
/// SO_SNDTIMEO none, SIGPIPE suppressed (where a per-socket switch exists), and `keepAlive`.
/// Returns 0 or the first error (a socket that cannot be put back must not be reused; on Windows
/// a socket still watched by WSAAsyncSelect/WSAEventSelect refuses blocking mode).
[[nodiscard]] int restorePoolOptions(Socket s, const KeepAliveSetting& keepAlive) noexcept;

// ---- readiness -----------------------------------------------------------------------------------

enum : short
{
    kPollIn = 0x1,
    kPollOut = 0x4,
    kPollErr = 0x8,
    kPollHup = 0x10,
    kPollInvalid = 0x20 ///< not an open socket
};

struct PollEntry
{
    Socket socket = kInvalidSocket;
    short events = 0;
    short revents = 0;
};

/// poll()/WSAPoll(): the number of ready entries, 0 on time-out, or -errno (EINTR included: the
/// caller decides whether to go round again). timeoutMs -1 waits for ever.
[[nodiscard]] int poll(PollEntry* entries, std::size_t count, int timeoutMs) noexcept;

// ---- I/O -----------------------------------------------------------------------------------------

/// Bytes moved, or -errno (EAGAIN/EWOULDBLOCK when a non-blocking call would block).
using IoResult = long long;

enum IoFlags : unsigned
{
    kIoDefault = 0,
    kIoPeek = 1,     ///< recv only: leave the bytes queued
    kIoDontWait = 2, ///< never block; see DontWaitScope
};

/// send() that never raises SIGPIPE.
[[nodiscard]] IoResult send(Socket s, const void* data, std::size_t length,
                            unsigned flags = kIoDefault) noexcept;
[[nodiscard]] IoResult recv(Socket s, void* data, std::size_t length, unsigned flags = kIoDefault) noexcept;

/// Makes kIoDontWait calls on a blocking socket non-blocking for the scope. POSIX passes
/// MSG_DONTWAIT per call, so this costs nothing there; Winsock has no per-call flag, so the
/// socket is switched to non-blocking and back (it ends up blocking, which is what the pool keeps).
class DontWaitScope
{
public:
    explicit DontWaitScope(Socket s) noexcept;
    ~DontWaitScope();
    DontWaitScope(const DontWaitScope&) = delete;
    DontWaitScope& operator=(const DontWaitScope&) = delete;

private:
    Socket m_socket;
};

/// True for EAGAIN / EWOULDBLOCK / EINTR: nothing is wrong, try again (after waiting).
[[nodiscard]] bool retryable(int err) noexcept;

/// The error a socket call made outside this layer left for the calling thread: OpenSSL's own
/// socket BIO (SSL_set_fd), when SSL_get_error says SSL_ERROR_SYSCALL. errno on POSIX;
/// WSAGetLastError() as an errno value on Windows, where such calls leave errno alone. 0: none
/// (OpenSSL clears it before each socket call, so 0 after SSL_ERROR_SYSCALL means end of stream).
[[nodiscard]] int lastSocketError() noexcept;

// ---- serving (the lab's loopback servers and their tests) ---------------------------------------

enum class SocketType
{
    Stream,  ///< TCP
    Datagram ///< UDP
};

/// Opens a socket to bind(): non-blocking and not inherited by child processes, like openTcp (no
/// TCP_NODELAY: accept() sets it on each connection). An IPv6 socket is made IPv6-only
/// (IPV6_V6ONLY), so it never takes the same port on IPv4. Windows only: the port will be bound
/// exclusively (SO_EXCLUSIVEADDRUSE, what POSIX does without SO_REUSEPORT), and a UDP socket ignores
/// ICMP port-unreachable reports (SIO_UDP_CONNRESET off), so a client that went away cannot fail
/// the next recvFrom. Those three are best effort. Returns the socket, or kInvalidSocket with `err`
/// set (EMFILE / ENFILE when out of descriptors, EAFNOSUPPORT without IPv6).
[[nodiscard]] Socket openSocket(int family, SocketType type, int& err) noexcept;
/// Binds `at` (port 0: an ephemeral port; localPort() tells which). Returns 0 or the error
/// (EADDRINUSE, EADDRNOTAVAIL when the host lacks the address, e.g. no ::1).
[[nodiscard]] int bind(Socket s, const SocketAddress& at) noexcept;
/// listen() with a backlog of SOMAXCONN. Returns 0 or the error.
[[nodiscard]] int listen(Socket s) noexcept;
/// Takes one pending connection from a listening socket. The new socket is non-blocking, not
/// inherited, TCP_NODELAY, SIGPIPE suppressed where the platform has a per-socket switch. Returns
/// it, or kInvalidSocket with `err`: EAGAIN / EWOULDBLOCK when none is pending; ECONNABORTED,
/// ECONNRESET, EPROTO or EINTR when one went away before it was taken (take the next);
/// EMFILE / ENFILE / ENOBUFS / ENOMEM when out of resources (wait before taking more).
[[nodiscard]] Socket accept(Socket listener, int& err) noexcept;
/// Closes with SO_LINGER {on, 0 s}: the peer gets a reset (RST) instead of an orderly end (FIN),
/// and unsent data is dropped. A negative socket is ignored.
void closeWithReset(Socket s) noexcept;

/// One datagram to `to`. Bytes sent, or -errno.
[[nodiscard]] IoResult sendTo(Socket s, const void* data, std::size_t length,
                              const SocketAddress& to) noexcept;
/// One datagram; `from` gets its sender. Bytes received (a datagram longer than `length` is cut
/// to `length` and the rest dropped, on Windows as on POSIX), or -errno (EAGAIN / EWOULDBLOCK:
/// none queued).
[[nodiscard]] IoResult recvFrom(Socket s, void* data, std::size_t length, SocketAddress& from) noexcept;

/// Wakes a thread waiting in poll() from any other thread. Linux: an eventfd; other POSIX systems: a
/// pipe; Windows: a connected pair of loopback TCP sockets, since WSAPoll polls sockets only (the
/// accepted end is checked to be the pair's own connection). Every end is non-blocking and not
/// inherited. Needs a Runtime on Windows, for as long as it lives.
class Waker
{
public:
    Waker() noexcept;
    ~Waker();
    Waker(const Waker&) = delete;
    Waker& operator=(const Waker&) = delete;
    /// 0, or why the channel could not be opened (signal() and drain() then do nothing).
    [[nodiscard]] int error() const noexcept { return m_error; }
    /// What to poll for kPollIn (on POSIX a descriptor that is not a socket, which poll() accepts).
    /// Readable from signal() until drain().
    [[nodiscard]] Socket pollable() const noexcept { return m_read; }
    /// Thread-safe and never blocks; signals still pending coalesce.
    void signal() noexcept;
    /// Takes every pending signal (a bounded number of reads).
    void drain() noexcept;

private:
    Socket m_read = kInvalidSocket;
    Socket m_write = kInvalidSocket; ///< kInvalidSocket with an eventfd, which is both ends
    int m_error = 0;
};

/// Readies the calling thread to serve sockets through code this layer does not wrap (OpenSSL's own
/// socket BIO writes without MSG_NOSIGNAL): on POSIX blocks SIGPIPE for this thread only, so such a
/// write to a peer that went away fails with EPIPE instead of killing the process, and the
/// application's own signal disposition stays untouched. Also names the thread `name` where the
/// platform can (Linux keeps 15 characters; Windows 10 1607 and later). Nothing fails.
void prepareServerThread(const char* name) noexcept;

} // namespace sys

} // namespace poolscope::detail
