#pragma once
// What the pool reports about itself: counters, one row per connection, and events.
// These are plain values, safe to copy to another thread.

#include "poolscope/connection_state.h"
#include "poolscope/error.h"
#include "poolscope/handshake.h"
#include "poolscope/wire_log.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace poolscope {

/// Every time point the pool reports: monotonic, so deadlines survive wall-clock changes.
using Clock = std::chrono::steady_clock;

/// Names one hand-out of a connection to a handle-API caller: slot index (low 16 bits) and that
/// slot's hand-out generation (high 48 bits, never 0). Every hand-out gets a new generation, and a
/// slot whose generation would wrap is never used again, so a stale handle (kept after release,
/// close, or the connection going to someone else) never names another holder's connection, for
/// the pool's whole life: every call that acts on a connection refuses it (InvalidHandle). Only
/// info() still describes a released connection while it sits idle, until its next hand-out.
/// Checked in every build type.
using Handle = std::uint64_t;
inline constexpr Handle kInvalidHandle = 0; ///< never names a connection (an empty lease)

/// Unique for the lifetime of a pool and never reused (unlike handles): what UIs key rows by.
using ConnectionId = std::uint64_t;

/// Properties of an established TLS session.
struct TlsDetails
{
    std::string version;    ///< "TLSv1.3"
    std::string cipher;     ///< "TLS_AES_256_GCM_SHA384"
    std::string alpn;       ///< negotiated protocol, empty if none
    std::string serverName; ///< SNI sent, empty for IP literals
    bool resumed = false;   ///< session resumption used
    /// Chain and host name verified with no problem. False with verification turned off, and when a
    /// problem was accepted (TlsOptions::acceptedErrors; see acceptedProblems).
    bool verified = false;
    std::string peerSubject;                              ///< one-line subject of the leaf certificate
    std::string peerIssuer;                               ///< one-line issuer of the leaf certificate
    std::chrono::system_clock::time_point peerNotAfter{}; ///< the leaf certificate's expiry
    std::string verifyResult; ///< X509_verify_cert_error_string() of the result, "ok" when verified
    /// The verification problems this connection was made despite, because
    /// TlsOptions::acceptedErrors accepted each for its certificate. Empty for a clean verification,
    /// and for a session resumed from such a connection (nothing is verified again; `verified`
    /// stays false and verifyResult still names the accepted problem).
    std::vector<CertificateProblem> acceptedProblems;
    /// What went over the wire in this connection's handshake; empty unless handshake capture
    /// (ConnectionPool::setHandshakeCapture) was on when it was made.
    HandshakeTranscript handshake;
};

/// Microseconds spent in each dial phase (0 when the phase did not run).
struct PhaseTimings
{
    std::int64_t resolveUs = 0; ///< name resolution (next to nothing for an IP literal)
    std::int64_t connectUs = 0; ///< TCP connect, every address tried
    std::int64_t tlsUs = 0;     ///< TLS handshake
    std::int64_t proxyUs = 0;   ///< the proxy's tunnel handshake (0 without a proxy)
};

/// One row per connection (snapshot()).
struct ConnectionInfo
{
    ConnectionId id = 0;            ///< stable for the connection's life
    Handle handle = kInvalidHandle; ///< of its current (or last) hand-out
    std::string host;               ///< as dialled (lower-cased)
    std::uint16_t port = 0;         ///< as dialled
    bool tls = false;               ///< dialled with TLS (or upgraded by startTls)
    /// Reuse key in words: "tls://host:443" (+ "#opts" when TLS options differ) (+ " via
    /// socks5://user@127.0.0.1:1080" through a proxy; never its password).
    std::string key;
    /// "127.0.0.1:8443" / "[::1]:8443", empty before connect; through a proxy, the proxy's address.
    std::string remoteAddress;
    std::uint16_t localPort = 0;                   ///< 0 before connect
    ConnectionState state = ConnectionState::Free; ///< where it is in its lifecycle
    Clock::time_point created{};                   ///< when its dial started
    Clock::time_point lastUsed{};                  ///< last acquire or release
    Clock::time_point inUseSince{};                ///< valid when state == InUse
    /// When it is closed if nobody reuses it: the earliest of the pool's (or its holder's)
    /// keep-alive from its return, the server's keep-alive and its lifetime. Valid when Idle.
    Clock::time_point keepAliveDeadline{};
    KeepAliveLimit keepAliveLimit = KeepAliveLimit::Pool; ///< which limit sets keepAliveDeadline
    /// When the server closes it if it stays unused, as the server announced it
    /// (ConnectionPool::setServerKeepAlive()); time_point::max() when it said nothing. Valid in
    /// use too: it counts from the server's response, not from the return.
    Clock::time_point serverKeepAliveDeadline = Clock::time_point::max();
    Clock::time_point lifetimeDeadline{}; ///< time_point::max() when maxLifetime is 0
    std::uint32_t reuseCount = 0;         ///< times handed out again after the first use
    std::string label;                    ///< given by its current (or last) holder
    TlsDetails tlsDetails;                ///< valid when tls
    PhaseTimings timings;                 ///< of the dial that made it
    Error lastError;                      ///< the most recent error on this connection
    /// What went over the wire on this plain connection (the first bytes of each use, FIN/RST,
    /// closes); empty unless capture (ConnectionPool::setHandshakeCapture) was on when it was
    /// made or handed out.
    WireLog wire;
};

/// Gauges of one reuse key (PoolStats::hosts).
struct HostStats
{
    std::string key;    ///< as ConnectionInfo::key
    int inUse = 0;      ///< handed out
    int idle = 0;       ///< ready for reuse
    int connecting = 0; ///< resolving, connecting or handshaking
    int max = 0;        ///< the effective per-host cap (maxPerHost, or maxConnections)
};

/// The pool's gauges and counters (ConnectionPool::stats()), read under the pool's lock, so the
/// gauges agree with each other.
struct PoolStats
{
    // Gauges (now).
    int maxConnections = 0; ///< slots (PoolParams::maxConnections)
    int free = 0;           ///< slots holding no connection
    int connecting = 0;     ///< resolving + connecting + handshaking
    int idle = 0;           ///< connections ready for reuse
    int inUse = 0;          ///< connections handed out
    bool shutDown = false;  ///< between shutdown() and reopen()
    // Counters (since the pool was created).
    std::uint64_t dials = 0;             ///< dial() calls
    std::uint64_t connectsStarted = 0;   ///< new connections attempted
    std::uint64_t connectsSucceeded = 0; ///< of those, connected (and handshaken, for TLS)
    std::uint64_t reuses = 0;            ///< dials served by an idle connection
    std::uint64_t staleDetected = 0;     ///< idle connections found dead or dirty, never handed out
    std::uint64_t expired = 0;           ///< closed at their keep-alive deadline
    std::uint64_t lifetimeExpired = 0;   ///< closed at maxLifetime
    std::uint64_t evicted = 0;           ///< idle connections closed to make room for another key
    std::uint64_t overLimit = 0;         ///< idle connections closed because maxConnections was lowered
    std::uint64_t handshakeFailures = 0; ///< TLS handshakes that failed
    std::uint64_t resolveFailures = 0;   ///< names that did not resolve
    std::uint64_t socketErrors = 0;      ///< refused, unreachable, reset …
    std::uint64_t timeouts = 0;          ///< dials that ran out of time
    std::uint64_t cancelled = 0;         ///< dials cancelled by their stop token or flag
    std::uint64_t outOfResources = 0;    ///< dials refused for lack of a slot (pool full, per-host cap)
    std::uint64_t closed = 0;            ///< connections closed for any reason
    /// Lifecycle triggers the state machine refused (a pool bug; should stay 0). The connection
    /// keeps its state. Debug builds assert instead.
    std::uint64_t illegalTransitions = 0;
    /// Exceptions thrown by the event callback: contained (never propagated), counted here.
    std::uint64_t callbackExceptions = 0;
    std::vector<HostStats> hosts; ///< one row per reuse key with live connections
};

/// What a PoolEvent reports.
enum class EventKind : std::uint8_t
{
    DialStarted,     ///< a new connection began (state Resolving)
    Resolved,        ///< its name resolved
    Connected,       ///< TCP connected
    HandshakeDone,   ///< TLS handshake completed
    Acquired,        ///< handed out; `reused` says whether it was idle before
    Released,        ///< back to idle
    Closed,          ///< `reason` says why; `error` when it failed
    DialFailed,      ///< a dial ended without a connection (`error`)
    ShutdownStarted, ///< shutdown() was called (pool-wide)
    Reopened,        ///< reopen() was called (pool-wide)
};

/// One change in the pool, passed to the EventCallback.
struct PoolEvent
{
    EventKind kind = EventKind::DialStarted;       ///< what happened
    ConnectionId id = 0;                           ///< 0 for pool-wide events
    ConnectionState state = ConnectionState::Free; ///< the connection's state after the event
    std::string endpoint;                          ///< "tls://host:port"
    std::string label; ///< DialRequest::label of its holder (of the last one once returned)
    CloseReason reason = CloseReason::None; ///< Closed: why
    bool reused = false;                    ///< Acquired: came from an idle connection
    Error error;                            ///< Closed or DialFailed: what failed, if anything
    Clock::time_point when{};               ///< when it happened (the pool's TimeSource)
    /// DialFailed of a TLS dial while handshake capture was on: the transcript up to the failure,
    /// with the alert that ended it. Null otherwise (shared, so copying an event stays cheap).
    std::shared_ptr<const HandshakeTranscript> handshake;
    /// Closed of a plain connection that had a wire log (capture on): the log up to the close,
    /// including the FIN or RST the liveness check found. Null otherwise.
    std::shared_ptr<const WireLog> wire;
};

/// Called on the thread that caused the event, never with the pool's lock held, so it may call
/// back into the pool. Must be thread-safe. Costs one atomic load per event when unset.
/// Lifetime: once setEventCallback() (with anything, or empty) returns, or the ConnectionPool is
/// destroyed, the previous callback is never called again and no call of it is still running on
/// another thread, so what it captured may be destroyed. Called from inside a callback of the same
/// pool, they do not wait (calls already running, including the caller's, continue). So never
/// replace the callback or destroy the pool while holding a lock your callback takes: the wait
/// would be for a call blocked on that lock. Exceptions it throws are caught and counted
/// (PoolStats::callbackExceptions), never propagated into the pool or its caller.
using EventCallback = std::function<void(const PoolEvent&)>;

/// The kind in words ("dial started"), for logs and UIs.
[[nodiscard]] std::string_view describe(EventKind kind) noexcept;

} // namespace poolscope
