#pragma once
// The few facts about the platform a test needs that neither Qt nor the engine's socket layer
// (net/platform/socket_api.h, which tests use for everything else) gives: the per-process
// descriptor limit, whether the suite runs under Wine, and some socket settings a test reads back
// or sets that the engine never needs. The one support file with platform headers (fd_guard.cpp
// aside), so test sources include none. Sockets are `int`, as in the engine's layer.

#include <cstddef>
#include <optional>

namespace poolscope::test {

/// The soft limit on this process's open descriptors (RLIMIT_NOFILE), or -1 where there is none a
/// test could lower (Windows: sockets are kernel handles, limited by system resources only).
[[nodiscard]] long long descriptorLimit();
/// The hard limit the soft one may be raised to, or -1 without a limit.
[[nodiscard]] long long descriptorLimitMax();
/// Sets the soft limit; false when that failed or there is no limit.
bool setDescriptorLimit(long long limit);

/// True when a Windows build runs under Wine, whose sockets differ from Windows' in a few
/// documented ways (a reset peer reads as end of stream, for one). Always false elsewhere.
[[nodiscard]] bool runningUnderWine();

/// Sends SIGINT (what Ctrl+C in its terminal sends) to the process `pid`. False on Windows, where
/// Ctrl+C is a console event only processes sharing a console can raise.
bool interruptProcess(long long pid);

/// Uses up every descriptor the process may open, under a soft limit lowered to at most 4096, for
/// its lifetime. Needs a per-process limit: `exhausted()` is always false on Windows.
class DescriptorsExhausted
{
public:
    DescriptorsExhausted();
    ~DescriptorsExhausted();
    DescriptorsExhausted(const DescriptorsExhausted&) = delete;
    DescriptorsExhausted& operator=(const DescriptorsExhausted&) = delete;
    /// True once opening one more descriptor failed with EMFILE.
    [[nodiscard]] bool exhausted() const { return m_exhausted; }

private:
    long long m_savedLimit = -1;
    int m_held[4096];
    int m_count = 0;
    bool m_exhausted = false;
};

// ---- sockets -------------------------------------------------------------------------------------

/// listen() with exactly `backlog` (the engine's sys::listen always asks for the most).
bool listenWithBacklog(int socket, int backlog);
/// SO_RCVTIMEO and SO_SNDTIMEO: a blocking call on the socket gives up after `ms`.
bool setIoTimeouts(int socket, int ms);
/// SO_LINGER {on, 0 s}, so that whoever closes the socket later sends a reset instead of a FIN
/// (sys::closeWithReset does both at once, for a socket the caller owns).
bool setResetOnClose(int socket);

enum class SocketOption
{
    KeepAlive,      ///< SO_KEEPALIVE, 0 or 1
    KeepIdle,       ///< TCP_KEEPIDLE, seconds
    KeepInterval,   ///< TCP_KEEPINTVL, seconds
    KeepCount,      ///< TCP_KEEPCNT
    NoDelay,        ///< TCP_NODELAY, 0 or 1
    Linger,         ///< SO_LINGER's on/off, 0 or 1 (set: only on, with 0 s)
    ReceiveTimeout, ///< SO_RCVTIMEO in ms (set: SO_SNDTIMEO too, as setIoTimeouts)
    ReceiveBuffer,  ///< SO_RCVBUF, bytes as the kernel reports them
    SendBuffer,     ///< SO_SNDBUF, bytes as the kernel reports them
};
/// The option's value as getsockopt reports it, or nullopt when the call failed.
[[nodiscard]] std::optional<int> socketOption(int socket, SocketOption option);
/// Sets the option to `value` (what a holder of a leased socket might do); false when that failed.
bool setSocketOption(int socket, SocketOption option, int value);

/// Whether a child process would inherit the socket (no FD_CLOEXEC / HANDLE_FLAG_INHERIT set), or
/// nullopt when that could not be read.
[[nodiscard]] std::optional<bool> inheritable(int socket);

/// Whether a connected TCP socket is in non-blocking mode. POSIX reads the flag. Winsock cannot
/// report it, so there the socket is probed: a peek with a 1 ms receive time-out fails at once with
/// WSAEWOULDBLOCK when non-blocking, after the time-out with WSAETIMEDOUT when blocking. The probe
/// cannot tell when bytes are queued (the peek then succeeds either way): nullopt.
[[nodiscard]] std::optional<bool> nonBlocking(int socket);

/// Whether `socket` still names an open socket (not closed under its user).
[[nodiscard]] bool isOpenSocket(int socket);

/// Counts the SIGPIPE signals the process receives while it lives (installs a handler, puts the
/// previous one back; one counter at a time). Windows has no SIGPIPE: `supported()` is false and the count
/// stays 0.
class SigpipeCounter
{
public:
    SigpipeCounter();
    ~SigpipeCounter();
    SigpipeCounter(const SigpipeCounter&) = delete;
    SigpipeCounter& operator=(const SigpipeCounter&) = delete;
    [[nodiscard]] static bool supported();
    [[nodiscard]] int count() const;
};
/// write(2) on a socket: unlike the engine's send it raises SIGPIPE on a connection the peer reset,
/// which makes it the control for SigpipeCounter. Nothing (returns -1) on Windows.
long long writeRaisingSigpipe(int socket, const void* data, std::size_t length);

} // namespace poolscope::test
