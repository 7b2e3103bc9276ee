#pragma once
// The connection pool: dial (or reuse) TCP and TLS connections, hand them out as RAII leases or
// C-style handles, and take them back. Thread-safe: every member may be called from any thread.
//
// Contracts:
//  - A connection is only handed to a dial with the same key (lower-cased host, port, tls, TLS
//    options); never by resolved address alone.
//  - An idle connection is checked before it is handed out; one the peer closed, reset, or wrote
//    to while idle is closed and counted as stale instead.
//  - The pool's lock is never held across DNS, connect, handshake, or a user callback.
//  - Handed-out sockets are in blocking mode. Return them with nothing unread.
//  - Socket options never pass from one holder to the next. A holder given the raw socket or SSL
//    (nativeSocket(), ssl(), on a lease or by handle) may change its options; its return puts
//    back what the pool relies on: blocking mode, TCP_NODELAY on, SO_LINGER off, SO_RCVTIMEO and
//    SO_SNDTIMEO none, SO_KEEPALIVE as PoolParams::tcpKeepAlive set it at the dial (and, where
//    the platform has one, the per-socket SIGPIPE switch). What cannot be put back closes the
//    connection on return instead of reusing it (CloseReason::NotReusable, the connection's last
//    error says why): a receive or send buffer size (SO_RCVBUF, SO_SNDBUF) lowered below what the
//    kernel gave it at the dial, since a size set by setsockopt stops the kernel's tuning for
//    good (a raised size cannot be told from that tuning and stays), or an option the restore
//    failed to set. A lease that never asked for the raw socket (only writeAll, readSome and the
//    non-blocking steps) pays nothing for this; one that did pays about eight system calls on
//    return. Other options (IP_TOS, SO_PRIORITY, …) are not put back: leave them alone.
//  - The pool's state lives until the last PooledConnection is gone: destroying the pool with
//    connections out is safe (idle ones are closed at once, in-use ones are shut down and their
//    descriptors closed when their holders let go).

#include "poolscope/pool_params.h"
#include "poolscope/pool_types.h"
#include "poolscope/result.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

typedef struct ssl_st SSL; // NOLINT: OpenSSL's own forward declaration

namespace poolscope {

namespace detail {
class PoolState;
class WireRecorder;
struct PoolTestAccess; // tests reach the slot table through this (e.g. to age a slot's handles)
} // namespace detail

/// Which directions shutdown() ends on in-use sockets (as shutdown(2)).
enum class ShutdownHow
{
    Read,  ///< further reads fail
    Write, ///< further writes fail; the peer reads end of stream
    Both   ///< both
};

class PooledConnection;

/// A pool of TCP and TLS connections (contracts at the top of this header). Every member may be
/// called from any thread. Move-only; the state it owns lives on until the last lease is gone.
class ConnectionPool
{
public:
    /// Validates `params` and creates the pool; fails with InvalidArgument naming the bad field.
    [[nodiscard]] static Result<ConnectionPool> create(PoolParams params = {});

    ConnectionPool(ConnectionPool&&) noexcept;            ///< the moved-from pool is empty (its calls fail)
    ConnectionPool& operator=(ConnectionPool&&) noexcept; ///< as destruction, then the move
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;
    ~ConnectionPool();

    /// Reuses an idle connection of the same key, or dials a new one. Blocks the calling thread for
    /// at most the request's timeout (and the pool's phase timeouts); cancellable within 50 ms.
    [[nodiscard]] Result<PooledConnection> dial(const DialRequest& request);

    // --- handle API (what the seed's C-style interface is built on) ---------------------------
    // These take handles from dialHandle() or PooledConnection::releaseHandle(). A connection held
    // by a PooledConnection is reachable only through that lease: given its handle, every call
    // below but info() fails with InvalidHandle (nativeSocket -1, ssl nullptr) and touches nothing.
    /// As dial(), handing out a handle the caller must release() or close().
    [[nodiscard]] Result<Handle> dialHandle(const DialRequest& request);
    /// Back to idle (keep-alive refreshed), or closed if it is expired, not reusable or the pool
    /// is shut down, or (with PoolParams::checkOnReturn) dirty or dead; otherwise a dirty or dead
    /// connection is closed at its next liveness check, before any hand-out. A stale/foreign
    /// handle: InvalidHandle, nothing touched. A connection whose socket was handed out
    /// (nativeSocket(), ssl()) first gets the pool's socket options back, or is closed with
    /// CloseReason::NotReusable when they cannot be (contracts at the top of this header).
    Status release(Handle handle);
    /// Sends TLS close_notify (best effort, non-blocking), closes the socket, frees the slot.
    Status close(Handle handle);
    /// -1 for an invalid handle. Marks the connection's socket as exposed: release() puts the
    /// pool's socket options back (see the contracts at the top of this header).
    [[nodiscard]] int nativeSocket(Handle handle) const;
    /// nullptr for a plain connection or an invalid handle. Marks the socket exposed, as
    /// nativeSocket(handle) does.
    [[nodiscard]] SSL* ssl(Handle handle) const;
    /// Upgrades an in-use plain connection to TLS (STARTTLS style). The reuse key becomes TLS, so
    /// the connection is only reused by TLS dials afterwards. With options->serverName naming
    /// another host (a tunnel through a proxy), the certificate is verified for that name and the
    /// connection is closed when returned (CloseReason::NotReusable), never reused. A failed
    /// handshake closes the connection; a refused request (negative timeout, bad options, already
    /// TLS) leaves it in use.
    Status startTls(Handle handle, std::chrono::microseconds timeout = {},
                    const TlsOptions* options = nullptr, std::stop_token stop = {});
    /// The connection's row; also for a released handle while its connection sits idle.
    [[nodiscard]] std::optional<ConnectionInfo> info(Handle handle) const;
    /// Replaces PoolParams::maxKeepAlive for one in-use connection: after each return it stays
    /// idle at most `keepAlive`, counted from that return (0 = closed when returned).
    /// ConnectionInfo::keepAliveLimit then says KeepAliveLimit::Holder.
    Status setKeepAlive(Handle handle, std::chrono::milliseconds keepAlive);
    /// Tells the pool the server closes this in-use connection once it has been quiet for
    /// `timeout` after the response just read (e.g. "Keep-Alive: timeout=5"), counted from this
    /// call: call it as the response arrives, with the server's figure minus a margin for the
    /// network. Time the holder keeps the connection counts against it, unlike setKeepAlive(): on
    /// return the idle deadline becomes the earlier of the pool's keep-alive and this one
    /// (KeepAliveLimit::Server), and a connection returned after it passed is closed at once
    /// (CloseReason::Expired), so the server's close never surprises the next holder. It holds
    /// across hand-outs until a later call (the next response) replaces it. Negative:
    /// InvalidArgument.
    Status setServerKeepAlive(Handle handle, std::chrono::milliseconds timeout);
    /// Names the holder in snapshots, events and leak reports (DialRequest::label).
    Status setLabel(Handle handle, std::string label);

    // --- pool-wide ---------------------------------------------------------------------------
    /// Blocks new dials, shuts down in-use sockets with `how`, closes idle ones and aborts dials in
    /// flight. Returns how many connections are still held; call again until it returns 0.
    int shutdown(ShutdownHow how = ShutdownHow::Both);
    /// Allows dials again after shutdown().
    void reopen();
    [[nodiscard]] bool isShutDown() const; ///< between shutdown() and reopen()
    /// Closes every idle connection; returns how many.
    int closeIdle();
    /// Closes idle connections past their keep-alive deadline or lifetime; returns how many.
    int closeExpired();
    /// Polls every idle connection at once and closes the ones the peer closed or wrote to.
    int checkIdle();
    /// The earliest keep-alive/lifetime deadline among idle connections, for a reaper's timer.
    [[nodiscard]] std::optional<Clock::time_point> nextIdleDeadline() const;

    [[nodiscard]] PoolParams params() const; ///< the parameters in force
    /// Applies new parameters to the live pool. Lowering maxConnections closes idle connections
    /// above the new limit; in-use ones stay until returned.
    Status setParams(const PoolParams& params);

    /// Handshake capture (off by default): while on, each new TLS handshake records the messages
    /// and alerts that went over the wire (TlsDetails::handshake; for a failed dial
    /// PoolEvent::handshake of its DialFailed), and each plain connection made or handed out
    /// keeps a wire log (ConnectionInfo::wire, and PoolEvent::wire of its Closed): the first bytes
    /// each way of every use through the lease's I/O, the peer's FIN or RST, half-closes and the
    /// pool's close. A switch of its own rather than a PoolParams field:
    /// it changes what the pool reports, not how it behaves, so it needs none of setParams()'
    /// validation, and a monitor can flip it without rewriting the parameters others set. When
    /// off, no callback is installed on any SSL; a dial pays one relaxed atomic load.
    /// Thread-safe, any thread, never blocks; affects handshakes that start after the call.
    void setHandshakeCapture(bool on) noexcept;
    [[nodiscard]] bool handshakeCapture() const noexcept; ///< whether capture is on

    [[nodiscard]] PoolStats stats() const; ///< gauges and counters, read in one hold of the lock
    /// One row per connection that is not free. Each row is consistent; the rows are gathered in
    /// short holds of the pool's lock (dials go on in between), so a connection that changes
    /// state during the call shows one of its states, once, and one opened during the call may
    /// be missing. Costs about a microsecond per row on the calling thread.
    [[nodiscard]] std::vector<ConnectionInfo> snapshot() const;
    /// Installs (or, empty, removes) the event callback; waits for calls of the previous one that
    /// are running on other threads (see EventCallback for the full contract).
    void setEventCallback(EventCallback callback);

private:
    friend struct detail::PoolTestAccess;
    explicit ConnectionPool(std::shared_ptr<detail::PoolState> state);
    std::shared_ptr<detail::PoolState> m_state;
};

/// Frees what the TLS library keeps for the calling thread (OpenSSL's error queue and per-thread
/// state). A thread's exit frees it too, but only after QThread::wait() (or a similar wait) has
/// returned, so a process that exits right after waiting for a thread that did pool work can lose
/// that race and leak it: such a thread calls this as its last pool-related step. Any thread.
/// On Windows it does nothing: libcrypto's DLL frees the state when the thread detaches.
void releaseThreadResources() noexcept;

/// Fills OpenSSL's algorithm tables once per process (later calls return at once). OpenSSL 3.0
/// fills them lazily, and one thread listing a table while another fills it can crash (an upstream
/// bug). Pools and the lab call it before their first TLS work; an application that also uses
/// OpenSSL on its own threads calls it once before starting them. Any thread; blocks other callers
/// until the first call has finished (a few milliseconds).
void prepareTlsLibrary() noexcept;

/// A lease on one connection. Move-only; returns the connection to the pool when destroyed.
class PooledConnection
{
public:
    PooledConnection() = default;                        ///< an empty lease (valid() is false)
    PooledConnection(PooledConnection&& other) noexcept; ///< `other` is left empty
    /// Returns the connection this lease holds (as release()), then takes over `other`'s.
    PooledConnection& operator=(PooledConnection&& other) noexcept;
    PooledConnection(const PooledConnection&) = delete;
    PooledConnection& operator=(const PooledConnection&) = delete;
    ~PooledConnection();

    /// Holds a connection: not default-made, moved from, released, closed or detached.
    [[nodiscard]] bool valid() const noexcept { return m_handle != kInvalidHandle; }
    explicit operator bool() const noexcept { return valid(); }       ///< valid()
    [[nodiscard]] Handle handle() const noexcept { return m_handle; } ///< for logs; the lease owns it
    [[nodiscard]] ConnectionId id() const noexcept { return m_id; }   ///< ConnectionInfo::id
    /// True when this lease came from an idle connection rather than a fresh dial.
    [[nodiscard]] bool reused() const noexcept { return m_reused; }
    /// The socket, blocking; the lease still owns it (-1 for an empty lease). The first call of a
    /// lease marks the socket exposed (one short hold of the pool's lock), so its return puts the
    /// pool's socket options back or closes it (see the contracts at the top of this header).
    /// Any thread.
    [[nodiscard]] int nativeSocket() const;
    /// nullptr for plain connections; the lease owns it. Marks the socket exposed, as
    /// nativeSocket() does. Any thread.
    [[nodiscard]] SSL* ssl() const;
    [[nodiscard]] std::optional<ConnectionInfo> info() const; ///< this connection's row

    /// Back to the pool now (same as destruction; see ConnectionPool::release(Handle)). After
    /// nativeSocket() or ssl() the pool's socket options are put back first, or the connection
    /// is closed (CloseReason::NotReusable) when they cannot be.
    Status release();
    /// Close instead of returning (after an error, or when the protocol says so).
    Status close();
    /// Detaches the handle: the caller now owns returning it through ConnectionPool's handle API.
    [[nodiscard]] Handle releaseHandle() noexcept;

    /// Ends the connection for whoever is using its socket on another thread, without freeing
    /// anything under them: shutdown(2) makes their blocked and later reads and writes fail at once,
    /// while the descriptor and SSL object stay allocated until this lease is released or closed
    /// (which then closes the connection with CloseReason::ForceClosed; it is never reused). May be
    /// called from any thread while another thread does I/O on the connection; not concurrently
    /// with this lease's release(), close(), startTls() or move.
    Status shutdownSocket(ShutdownHow how = ShutdownHow::Both);

    /// Upgrades this plain connection to TLS: see ConnectionPool::startTls().
    Status startTls(std::chrono::microseconds timeout = {}, const TlsOptions* options = nullptr,
                    std::stop_token stop = {});
    /// See ConnectionPool::setKeepAlive().
    Status setKeepAlive(std::chrono::milliseconds keepAlive);
    /// See ConnectionPool::setServerKeepAlive().
    Status setServerKeepAlive(std::chrono::milliseconds timeout);
    /// Adds a line to the connection's wire log (WireEventKind::Note), e.g. the status line and
    /// Connection / Keep-Alive headers of an HTTP response read through this lease. Does nothing
    /// unless the connection keeps a wire log (capture on).
    void noteWire(std::string text);
    /// True when this lease records a wire log (so a caller can skip building a note).
    [[nodiscard]] bool recordsWire() const noexcept { return m_wire != nullptr; }

    /// Writes all of `data` (plain or TLS alike) within the deadline: 0 = the pool's ioTimeout
    /// (60 s unless configured), milliseconds::max() = none. On any error the connection should be
    /// closed rather than returned. The lease's holder thread only.
    Status writeAll(std::string_view data, std::chrono::milliseconds timeout = {});
    /// Reads what is available (at least one byte, or waits). 0 = orderly close by the peer.
    [[nodiscard]] Result<std::size_t> readSome(char* buffer, std::size_t size,
                                               std::chrono::milliseconds timeout = {});

    /// What one non-blocking call moved, or what it waits for.
    struct IoStep
    {
        std::size_t bytes = 0;  ///< moved by this call
        bool eof = false;       ///< tryRead: the peer ended the stream (orderly close)
        bool wantRead = false;  ///< nothing moved: call again once the socket is readable
        bool wantWrite = false; ///< nothing moved: call again once the socket is writable
    };
    // Non-blocking steps for holders driven by an event loop (a socket notifier over
    // nativeSocket()): each call moves what it can at once and never waits. TLS may want the other
    // direction (a read that must write, a write that must read). Errors as writeAll/readSome: the
    // connection should be closed rather than returned. Same thread rules as writeAll/readSome.

    /// Reads what is there without waiting. It hands out what OpenSSL already decrypted before it
    /// asks the socket, so read until wantRead: a notifier does not fire for those bytes.
    [[nodiscard]] Result<IoStep> tryRead(char* buffer, std::size_t size);
    /// Writes what it can without waiting. Over TLS, after a want*, call again with the same bytes
    /// (at least as many).
    [[nodiscard]] Result<IoStep> tryWrite(std::string_view data);
    /// Puts the socket back in blocking mode, the mode the pool takes it back in. The steps above
    /// leave it blocking themselves, except on Windows while a notifier watches the socket
    /// (WSAAsyncSelect keeps it non-blocking and refuses the switch): call this after the watch
    /// ended and before returning the connection.
    Status restoreBlocking();

private:
    friend class ConnectionPool;
    PooledConnection(std::shared_ptr<detail::PoolState> state, Handle handle, ConnectionId id,
                     bool reused) noexcept;
    void reset() noexcept;
    void expose() const; // tells the slot its socket was handed out (once per lease)
    std::shared_ptr<detail::PoolState> m_state;
    Handle m_handle = kInvalidHandle;
    ConnectionId m_id = 0;
    int m_fd = -1; // cached: a lease's socket and SSL only change through its own startTls()
    SSL* m_ssl = nullptr;
    std::shared_ptr<detail::WireRecorder> m_wire; // null unless capture was on at hand-out
    bool m_reused = false;
    mutable std::atomic<bool> m_exposed{false}; // expose() ran for this lease
};

} // namespace poolscope
