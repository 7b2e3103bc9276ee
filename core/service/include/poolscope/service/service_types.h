#pragma once
// Value types the pool service hands across threads: requests, leases, events, snapshots.
// All are copyable and registered as metatypes, so they travel through queued signals.

#include "poolscope/connection_pool.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <chrono>
#include <memory>
#include <vector>

namespace poolscope {

struct AcquireRequest
{
    QString host;
    quint16 port = 0;
    bool tls = false;
    /// Total budget: waiting for a free slot + dialing. 0 = the service's default acquire timeout.
    std::chrono::milliseconds timeout{0};
    QString label;            ///< who holds it (shown in the monitor and in leak reports)
    bool overrideTls = false; ///< use `tlsOptions` instead of the pool's defaults
    TlsOptions tlsOptions;
    bool allowReuse = true;
    /// false (default): a failed connect fails the request at once with the engine's error.
    /// true: keep retrying (exponential backoff with jitter) until the timeout, then fail with
    /// TimedOut whose message carries "last connection attempt failed with: <error>".
    bool retryConnectErrors = false;
    /// true (default): held longer than ServiceOptions::leakThreshold, the lease is flagged as a
    /// possible leak (LeakSuspected event, a warning in the log). false: the caller holds it on
    /// purpose for as long as it likes (a monitor's Dial button), so nothing is flagged.
    bool leakCheck = true;
    /// true: the holder does no I/O on the socket itself (everything goes through probe()), so the
    /// service watches the held connection (ServiceOptions::heldWatchInterval) and, when the peer
    /// closes or resets it, hands it back to the pool, whose liveness check closes it as stale and
    /// logs why. Without this a connection held in silence shows "in use" long after the server
    /// hung up (a monitor's Dial button). false (default): the holder owns the socket's I/O.
    bool watchPeer = false;
};

namespace detail {
struct LeaseAnchor;
}

/// A connection handed out by the service. The service keeps the lease; callers refer to it by id
/// and may do blocking I/O on the socket from their own thread until they release or close it, or
/// hand it to a LeaseDevice (lease_device.h) for non-blocking I/O on an event loop.
///
/// Lifetime: `socket` and `ssl` are never freed while a copy of this Lease exists, whatever
/// happens to the connection. A force-close (PoolService::close by someone else, the monitor's
/// Close button), a forced shutdown, or the service stopping or being destroyed shuts the socket
/// down instead: a read or write blocked on it returns at once with an error, later ones fail too,
/// and the descriptor and SSL object are freed when the last copy of the Lease is gone, so their
/// numbers and memory can never be handed to another connection under you. After your own
/// release() or close() the connection belongs to the pool again: stop using the socket then.
struct Lease
{
    ConnectionId id = 0;
    Handle handle = kInvalidHandle;
    int socket = -1;
    SSL* ssl = nullptr;
    QString host;
    quint16 port = 0;
    bool tls = false;
    bool reused = false;
    QString label;
    /// Keeps the connection allocated (see above). Opaque; copying the Lease shares it.
    std::shared_ptr<detail::LeaseAnchor> anchor;
};

/// One HTTP/1.1 exchange done by PoolService::probe().
struct ProbeResult
{
    int status = 0; ///< HTTP status code
    QString statusLine;
    qint64 bodyBytes = 0;
    bool serverClosed = false; ///< "Connection: close" or EOF: the connection was closed, not returned
    int keepAliveSeconds = -1; ///< the server's "Keep-Alive: timeout=N", -1 when absent
    qint64 elapsedUs = 0;
    /// The keep-alive the connection was given afterwards (N s minus the margin, never longer than
    /// the pool's maxKeepAlive), -1 when left unchanged.
    qint64 keepAliveSetMs = -1;
    QString contentType; ///< the Content-Type header, if any
};

/// Per-key figures, like a pooler's SHOW POOLS.
struct HostRow
{
    QString key;
    int active = 0;
    int idle = 0;
    int connecting = 0;
    int waiting = 0;
    int max = 0;
    qint64 oldestWaiterAgeMs = 0;
};

/// State of one warm-up target (PoolService::setWarmup).
struct WarmupRow
{
    QString key; ///< "tls://host:port"
    int minIdle = 0;
    int idle = 0;                ///< idle connections of this key now
    int dialing = 0;             ///< warm-up dials in flight
    int consecutiveFailures = 0; ///< reset by the next success
    quint64 failures = 0;        ///< total failed warm-up dials
    quint64 successes = 0;       ///< total warm-up connections made
    ErrorCode lastErrorCode = ErrorCode::Ok;
    QString lastError;                    ///< kept after later successes, for the UI
    std::chrono::milliseconds backoff{0}; ///< current delay before the next attempt after a failure
    Clock::time_point nextAttempt{};      ///< service clock; in the past when an attempt may start
};

struct PoolSnapshot
{
    quint64 sequence = 0;      ///< increases by one per published snapshot
    Clock::time_point taken{}; ///< service clock (ServiceOptions::pool), for countdowns
    QDateTime wallTime; ///< when the snapshot was taken, in UTC (convert with toLocalTime() to show it)
    PoolStats stats;
    std::vector<ConnectionInfo> connections;
    std::vector<ConnectionId> leaked; ///< in use longer than the leak threshold
    QList<HostRow> hosts;
    int waiters = 0;
    quint64 waiterTimeouts = 0;
    bool draining = false;     ///< graceful shutdown in progress
    bool shutDown = false;     ///< the pool refuses dials until reopen()
    int leases = 0;            ///< connections handed out by the service and not returned
    QList<WarmupRow> warmup;   ///< one row per warm-up target
    quint64 droppedEvents = 0; ///< events dropped because the pending list overflowed
    std::chrono::milliseconds leakThreshold{0};
};
using SnapshotPtr = std::shared_ptr<const PoolSnapshot>;

class ServiceEvent
{
    Q_GADGET
public:
    enum class Kind
    {
        // mirrored from the engine
        DialStarted,
        Resolved,
        Connected,
        HandshakeDone,
        Acquired,
        Released,
        Closed,
        DialFailed,
        ShutdownStarted,
        Reopened,
        // the service's own
        WaiterQueued,
        WaiterServed,
        WaiterTimedOut,
        WaiterCancelled,
        LeakSuspected,
        ProbeCompleted,
        ProbeFailed,
        WarmupFailed,
        ParamsChanged,
        Drained,
        Count
    };
    Q_ENUM(Kind)

    Kind kind = Kind::DialStarted;
    ConnectionId id = 0; ///< 0 for pool-wide events
    QString endpoint;    ///< "tls://host:port"
    QString message;     ///< human text; for failures it says why (verify result, alert)
    CloseReason reason = CloseReason::None;
    ErrorCode error = ErrorCode::Ok;
    bool reused = false;
    /// When it happened, in UTC (cheap: no time-zone lookup on the pool's threads).
    QDateTime time;
    QString label; ///< the acquirer's label (leases, waiters, leak reports)
    /// Kind-specific: wait ms (Waiter*), in-use count (Drained, ShutdownStarted), age ms
    /// (LeakSuspected), status (Probe*), next attempt in ms (WarmupFailed).
    qint64 value = 0;
    /// DialFailed of a TLS dial while handshake capture was on (PoolService::setHandshakeCapture):
    /// what went over the wire until the handshake failed, with the alert that ended it. Else null.
    std::shared_ptr<const HandshakeTranscript> handshake;
    /// Closed of a plain connection that kept a wire log (capture on): the log up to the close,
    /// with the FIN or RST the pool's check found. Else null.
    std::shared_ptr<const WireLog> wire;
};

enum class ShutdownMode
{
    Graceful,
    Forced
};

} // namespace poolscope

Q_DECLARE_METATYPE(poolscope::Lease)
Q_DECLARE_METATYPE(poolscope::ProbeResult)
Q_DECLARE_METATYPE(poolscope::SnapshotPtr)
Q_DECLARE_METATYPE(poolscope::ServiceEvent)
Q_DECLARE_METATYPE(poolscope::WarmupRow)
