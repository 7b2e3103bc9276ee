#pragma once
// Value types the pool service hands across threads: requests, leases, events, snapshots.
// All are copyable and registered as metatypes, so they travel through queued signals.

#include "poolscope/connection_pool.h"
#include "poolscope/service/qt_enums.h"

#include <QDateTime>
#include <QDebug>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <chrono>
#include <memory>
#include <vector>

namespace poolscope {

/// What PoolService::acquire() asks for: the engine's DialRequest plus the service's waiting,
/// retry, leak and watch policies.
struct AcquireRequest
{
    QString host;     ///< name or IP literal
    quint16 port = 0; ///< 1 … 65535
    bool tls = false; ///< TLS with the pool's options, or tlsOptions with overrideTls
    /// Total budget: waiting for a free slot + dialing. 0 = the service's default acquire timeout.
    std::chrono::milliseconds timeout{0};
    QString label;            ///< who holds it (shown in the monitor and in leak reports)
    bool overrideTls = false; ///< use `tlsOptions` instead of the pool's defaults
    TlsOptions tlsOptions;    ///< used when overrideTls
    /// Use `proxy` instead of the pool's PoolParams::proxy (type None: dial directly). A
    /// QNetworkProxy converts with proxyOptionsFrom() (network_proxy.h).
    bool overrideProxy = false;
    ProxyOptions proxy;     ///< used when overrideProxy
    bool allowReuse = true; ///< false: always dial a fresh connection
    /// false (default): a failed connect fails the request at once with the engine's error.
    /// true: keep retrying failures a later attempt may not repeat (refused, unreachable, reset,
    /// timed out, a broken-off TLS handshake; also when a proxy reports them about the target) with
    /// exponential backoff and jitter until the timeout, then fail with TimedOut whose message
    /// carries "last connection attempt failed with: <error>". A proxy's own refusal (ProxyFailed:
    /// credentials, its rules) and a certificate that failed verification fail at once.
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
/// and use it until they release or close it, in one of two ways: blocking I/O with deadlines from
/// a thread that may block (writeAll/readSome, lease_io.h), or a LeaseDevice (lease_device.h) for
/// non-blocking I/O on an event loop. Neither needs OpenSSL; `socket` and `ssl` are there for code
/// that drives the connection itself. Socket options a holder sets on `socket` never reach the next
/// holder: the return puts the pool's back, or closes the connection when that cannot be done (a
/// lowered SO_RCVBUF/SO_SNDBUF; see ConnectionPool's contracts in connection_pool.h).
///
/// Lifetime: `socket` and `ssl` are never freed while a copy of this Lease exists, whatever
/// happens to the connection. A force-close (PoolService::close by someone else, the monitor's
/// Close button), a forced shutdown, or the service stopping or being destroyed shuts the socket
/// down instead: a read or write blocked on it returns at once with an error, later ones fail too,
/// and the descriptor and SSL object are freed when the last copy of the Lease is gone, so their
/// numbers and memory can never be handed to another connection under you. After your own
/// release() or close() the connection belongs to the pool again: stop using the socket then.
///
/// A Q_GADGET: every field but `ssl` and `anchor` is a read-only property of the same name
/// (QMetaProperty::readOnGadget, QML), `id` and `handle` as quint64.
struct Lease
{
    Q_GADGET
    Q_PROPERTY(quint64 id MEMBER id CONSTANT)         ///< the field id
    Q_PROPERTY(quint64 handle MEMBER handle CONSTANT) ///< the field handle
    Q_PROPERTY(int socket MEMBER socket CONSTANT)     ///< the field socket
    Q_PROPERTY(QString host MEMBER host CONSTANT)     ///< the field host
    Q_PROPERTY(quint16 port MEMBER port CONSTANT)     ///< the field port
    Q_PROPERTY(bool tls MEMBER tls CONSTANT)          ///< the field tls
    Q_PROPERTY(bool reused MEMBER reused CONSTANT)    ///< the field reused
    Q_PROPERTY(QString label MEMBER label CONSTANT)   ///< the field label

public:
    ConnectionId id = 0;            ///< what every PoolService call takes
    Handle handle = kInvalidHandle; ///< the engine's handle; the service owns it
    int socket = -1;                ///< blocking; the service owns it (see above); -1 when empty
    SSL* ssl = nullptr;             ///< nullptr for plain connections; the service owns it
    QString host;                   ///< as requested
    quint16 port = 0;               ///< as requested
    bool tls = false;               ///< a TLS connection
    bool reused = false;            ///< came from an idle connection rather than a new dial
    QString label;                  ///< AcquireRequest::label
    /// Keeps the connection allocated (see above). Opaque; copying the Lease shares it.
    std::shared_ptr<detail::LeaseAnchor> anchor;
};

/// One HTTP/1.1 exchange done by PoolService::probe(). A Q_GADGET: every field is a read-only
/// property of the same name.
struct ProbeResult
{
    Q_GADGET
    Q_PROPERTY(int status MEMBER status CONSTANT)                     ///< the field status
    Q_PROPERTY(QString statusLine MEMBER statusLine CONSTANT)         ///< the field statusLine
    Q_PROPERTY(qint64 bodyBytes MEMBER bodyBytes CONSTANT)            ///< the field bodyBytes
    Q_PROPERTY(bool serverClosed MEMBER serverClosed CONSTANT)        ///< the field serverClosed
    Q_PROPERTY(int keepAliveSeconds MEMBER keepAliveSeconds CONSTANT) ///< the field keepAliveSeconds
    Q_PROPERTY(qint64 elapsedUs MEMBER elapsedUs CONSTANT)            ///< the field elapsedUs
    Q_PROPERTY(qint64 keepAliveSetMs MEMBER keepAliveSetMs CONSTANT)  ///< the field keepAliveSetMs
    Q_PROPERTY(QString contentType MEMBER contentType CONSTANT)       ///< the field contentType

public:
    int status = 0;            ///< HTTP status code
    QString statusLine;        ///< "HTTP/1.1 200 OK"
    qint64 bodyBytes = 0;      ///< body length as read
    bool serverClosed = false; ///< "Connection: close" or EOF: the connection was closed, not returned
    int keepAliveSeconds = -1; ///< the server's "Keep-Alive: timeout=N", -1 when absent
    qint64 elapsedUs = 0;      ///< write of the request to the end of the response
    /// The server's keep-alive the connection was given (N s minus
    /// ServiceOptions::keepAliveMargin, counted from this response:
    /// PooledConnection::setServerKeepAlive()), when shorter than the pool's maxKeepAlive; -1
    /// otherwise.
    qint64 keepAliveSetMs = -1;
    QString contentType; ///< the Content-Type header, if any
};

/// Per-key figures, like a pooler's SHOW POOLS. A Q_GADGET: every field is a read-only property
/// of the same name.
struct HostRow
{
    Q_GADGET
    Q_PROPERTY(QString key MEMBER key CONSTANT)                            ///< the field key
    Q_PROPERTY(int active MEMBER active CONSTANT)                          ///< the field active
    Q_PROPERTY(int idle MEMBER idle CONSTANT)                              ///< the field idle
    Q_PROPERTY(int connecting MEMBER connecting CONSTANT)                  ///< the field connecting
    Q_PROPERTY(int waiting MEMBER waiting CONSTANT)                        ///< the field waiting
    Q_PROPERTY(int max MEMBER max CONSTANT)                                ///< the field max
    Q_PROPERTY(qint64 oldestWaiterAgeMs MEMBER oldestWaiterAgeMs CONSTANT) ///< the field oldestWaiterAgeMs

public:
    QString key;                  ///< the reuse key ("tls://host:port")
    int active = 0;               ///< handed out
    int idle = 0;                 ///< ready for reuse
    int connecting = 0;           ///< dials in flight
    int waiting = 0;              ///< acquires queued for a slot
    int max = 0;                  ///< the per-host cap (maxPerHost, or maxConnections)
    qint64 oldestWaiterAgeMs = 0; ///< how long the first of them has waited
};

/// State of one warm-up target (PoolService::setWarmup). A Q_GADGET: every field but
/// `nextAttempt` (on the service's steady clock, meaningless elsewhere) is a read-only property of
/// the same name; `lastErrorCode` as qt::ErrorCode, `backoff` as `backoffMs`.
struct WarmupRow
{
    Q_GADGET
    Q_PROPERTY(QString key MEMBER key CONSTANT)                             ///< the field key
    Q_PROPERTY(int minIdle MEMBER minIdle CONSTANT)                         ///< the field minIdle
    Q_PROPERTY(int idle MEMBER idle CONSTANT)                               ///< the field idle
    Q_PROPERTY(int dialing MEMBER dialing CONSTANT)                         ///< the field dialing
    Q_PROPERTY(int consecutiveFailures MEMBER consecutiveFailures CONSTANT) ///< the field consecutiveFailures
    Q_PROPERTY(quint64 failures MEMBER failures CONSTANT)                   ///< the field failures
    Q_PROPERTY(quint64 successes MEMBER successes CONSTANT)                 ///< the field successes
    Q_PROPERTY(poolscope::qt::ErrorCode lastErrorCode READ qtLastErrorCode
                   CONSTANT)                                ///< lastErrorCode by name (qt::ErrorCode)
    Q_PROPERTY(QString lastError MEMBER lastError CONSTANT) ///< the field lastError
    Q_PROPERTY(qint64 backoffMs READ backoffMs CONSTANT)    ///< backoff in ms

public:
    QString key;                             ///< "tls://host:port"
    int minIdle = 0;                         ///< WarmupTarget::minIdle
    int idle = 0;                            ///< idle connections of this key now
    int dialing = 0;                         ///< warm-up dials in flight
    int consecutiveFailures = 0;             ///< reset by the next success
    quint64 failures = 0;                    ///< total failed warm-up dials
    quint64 successes = 0;                   ///< total warm-up connections made
    ErrorCode lastErrorCode = ErrorCode::Ok; ///< of the last failure; kept like lastError
    QString lastError;                       ///< kept after later successes, for the UI
    std::chrono::milliseconds backoff{0};    ///< current delay before the next attempt after a failure
    Clock::time_point nextAttempt{};         ///< service clock; in the past when an attempt may start

    /// `lastErrorCode` for Qt (property lastErrorCode). Any thread.
    [[nodiscard]] qt::ErrorCode qtLastErrorCode() const noexcept { return toQt(lastErrorCode); }
    /// `backoff` in milliseconds (property backoffMs). Any thread.
    [[nodiscard]] qint64 backoffMs() const noexcept { return static_cast<qint64>(backoff.count()); }
};

/// Everything a monitor shows, taken on the service thread and published at most once per publish
/// interval (PoolService::snapshotReady). Immutable once published, shared through SnapshotPtr.
///
/// A Q_GADGET: the scalar fields are read-only properties of the same name (`leakThreshold` as
/// `leakThresholdMs`); `hosts` and `warmup` as QVariantLists of HostRow / WarmupRow; of
/// `connections` and `leaked` their counts (`connectionCount`, `leakedCount`). `taken` and `stats`
/// are not properties.
struct PoolSnapshot
{
    Q_GADGET
    Q_PROPERTY(quint64 sequence MEMBER sequence CONSTANT)             ///< the field sequence
    Q_PROPERTY(QDateTime wallTime MEMBER wallTime CONSTANT)           ///< the field wallTime
    Q_PROPERTY(int connectionCount READ connectionCount CONSTANT)     ///< connections.size()
    Q_PROPERTY(int leakedCount READ leakedCount CONSTANT)             ///< leaked.size()
    Q_PROPERTY(QVariantList hosts READ hostList CONSTANT)             ///< hosts as QVariant(HostRow)s
    Q_PROPERTY(int waiters MEMBER waiters CONSTANT)                   ///< the field waiters
    Q_PROPERTY(quint64 waiterTimeouts MEMBER waiterTimeouts CONSTANT) ///< the field waiterTimeouts
    Q_PROPERTY(bool draining MEMBER draining CONSTANT)                ///< the field draining
    Q_PROPERTY(bool shutDown MEMBER shutDown CONSTANT)                ///< the field shutDown
    Q_PROPERTY(int leases MEMBER leases CONSTANT)                     ///< the field leases
    Q_PROPERTY(QVariantList warmup READ warmupList CONSTANT)          ///< warmup as QVariant(WarmupRow)s
    Q_PROPERTY(quint64 droppedEvents MEMBER droppedEvents CONSTANT)   ///< the field droppedEvents
    Q_PROPERTY(qint64 leakThresholdMs READ leakThresholdMs CONSTANT)  ///< leakThreshold in ms

public:
    quint64 sequence = 0;      ///< increases by one per published snapshot
    Clock::time_point taken{}; ///< service clock (ServiceOptions::pool), for countdowns
    QDateTime wallTime; ///< when the snapshot was taken, in UTC (convert with toLocalTime() to show it)
    PoolStats stats;    ///< the engine's gauges and counters
    std::vector<ConnectionInfo> connections;    ///< one row per connection that is not free
    std::vector<ConnectionId> leaked;           ///< in use longer than the leak threshold
    QList<HostRow> hosts;                       ///< one row per key with connections or waiters
    int waiters = 0;                            ///< acquires queued for a slot
    quint64 waiterTimeouts = 0;                 ///< acquires that timed out waiting, since the start
    bool draining = false;                      ///< graceful shutdown in progress
    bool shutDown = false;                      ///< the pool refuses dials until reopen()
    int leases = 0;                             ///< connections handed out by the service and not returned
    QList<WarmupRow> warmup;                    ///< one row per warm-up target
    quint64 droppedEvents = 0;                  ///< events dropped because the pending list overflowed
    std::chrono::milliseconds leakThreshold{0}; ///< the threshold `leaked` was judged by

    /// connections.size() (property connectionCount). Any thread, like reading the fields.
    [[nodiscard]] int connectionCount() const noexcept { return static_cast<int>(connections.size()); }
    /// leaked.size() (property leakedCount). Any thread.
    [[nodiscard]] int leakedCount() const noexcept { return static_cast<int>(leaked.size()); }
    /// `hosts` as a list of QVariant(HostRow), for QML (property hosts). Any thread; a copy.
    [[nodiscard]] QVariantList hostList() const;
    /// `warmup` as a list of QVariant(WarmupRow), for QML (property warmup). Any thread; a copy.
    [[nodiscard]] QVariantList warmupList() const;
    /// `leakThreshold` in milliseconds (property leakThresholdMs). Any thread.
    [[nodiscard]] qint64 leakThresholdMs() const noexcept
    {
        return static_cast<qint64>(leakThreshold.count());
    }
};
/// How snapshots travel: shared and immutable, so every receiver may keep one.
using SnapshotPtr = std::shared_ptr<const PoolSnapshot>;

/// One change in the service or its pool, published in batches (PoolService::eventsReady).
///
/// A Q_GADGET: its fields but `handshake` and `wire` are read-only properties of the same name,
/// `id` as quint64, `reason` and `error` as qt::CloseReason and qt::ErrorCode.
class ServiceEvent
{
    Q_GADGET
    Q_PROPERTY(poolscope::ServiceEvent::Kind kind MEMBER kind CONSTANT)  ///< the field kind
    Q_PROPERTY(quint64 id MEMBER id CONSTANT)                            ///< the field id
    Q_PROPERTY(QString endpoint MEMBER endpoint CONSTANT)                ///< the field endpoint
    Q_PROPERTY(QString message MEMBER message CONSTANT)                  ///< the field message
    Q_PROPERTY(poolscope::qt::CloseReason reason READ qtReason CONSTANT) ///< reason by name (qt::CloseReason)
    Q_PROPERTY(poolscope::qt::ErrorCode error READ qtError CONSTANT)     ///< error by name (qt::ErrorCode)
    Q_PROPERTY(bool reused MEMBER reused CONSTANT)                       ///< the field reused
    Q_PROPERTY(QDateTime time MEMBER time CONSTANT)                      ///< the field time
    Q_PROPERTY(QString label MEMBER label CONSTANT)                      ///< the field label
    Q_PROPERTY(qint64 value MEMBER value CONSTANT)                       ///< the field value

public:
    /// The engine's EventKind, then the service's own kinds.
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

    Kind kind = Kind::DialStarted;          ///< what happened
    ConnectionId id = 0;                    ///< 0 for pool-wide events
    QString endpoint;                       ///< "tls://host:port"
    QString message;                        ///< human text; for failures it says why (verify result, alert)
    CloseReason reason = CloseReason::None; ///< Closed: why
    ErrorCode error = ErrorCode::Ok;        ///< failures: what went wrong
    bool reused = false;                    ///< Acquired: from an idle connection
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

    /// `reason` for Qt (property reason). Any thread.
    [[nodiscard]] qt::CloseReason qtReason() const noexcept { return toQt(reason); }
    /// `error` for Qt (property error). Any thread.
    [[nodiscard]] qt::ErrorCode qtError() const noexcept { return toQt(error); }
};

// qDebug() support: one line each, found by argument-dependent lookup; any thread. None prints a
// socket's traffic, TLS keys or a proxy's password (none of these values holds one).

/// `poolscope::Lease(#3, tls://127.0.0.1:8443, reused, label "x")`, or `poolscope::Lease(none)`.
QDebug operator<<(QDebug debug, const Lease& lease);
/// Status line, body bytes, time, keep-alive and whether the server closed.
QDebug operator<<(QDebug debug, const ProbeResult& probe);
/// The key and its gauges.
QDebug operator<<(QDebug debug, const HostRow& row);
/// The key, its counts and the last failure's code and text.
QDebug operator<<(QDebug debug, const WarmupRow& row);
/// Kind, id, endpoint, then reason, error, reused, value, label and message when set.
QDebug operator<<(QDebug debug, const ServiceEvent& event);

/// How PoolService::shutdown() ends the work in hand.
enum class ShutdownMode
{
    Graceful, ///< wait for leases to come back, then close
    Forced    ///< shut every socket down now
};

} // namespace poolscope

Q_DECLARE_METATYPE(poolscope::Lease)
Q_DECLARE_METATYPE(poolscope::ProbeResult)
Q_DECLARE_METATYPE(poolscope::HostRow)
Q_DECLARE_METATYPE(poolscope::PoolSnapshot)
Q_DECLARE_METATYPE(poolscope::SnapshotPtr)
Q_DECLARE_METATYPE(poolscope::ServiceEvent)
Q_DECLARE_METATYPE(poolscope::WarmupRow)
