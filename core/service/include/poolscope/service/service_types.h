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
    QString label;               ///< who holds it (shown in the monitor and in leak reports)
    bool overrideTls = false;    ///< use `tlsOptions` instead of the pool's defaults
    TlsOptions tlsOptions;
    bool allowReuse = true;
};

/// A connection handed out by the service. The service keeps the lease; callers refer to it by id
/// and may do blocking I/O on the socket from their own thread until they release or close it.
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
};

/// One HTTP/1.1 exchange done by PoolService::probe().
struct ProbeResult
{
    int status = 0;              ///< HTTP status code
    QString statusLine;
    qint64 bodyBytes = 0;
    bool serverClosed = false;   ///< "Connection: close" or EOF: the connection was closed, not returned
    int keepAliveSeconds = -1;   ///< the server's "Keep-Alive: timeout=N", -1 when absent
    qint64 elapsedUs = 0;
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

struct PoolSnapshot
{
    quint64 sequence = 0;                 ///< increases by one per published snapshot
    Clock::time_point taken{};            ///< steady clock, for countdowns
    QDateTime wallTime;
    PoolStats stats;
    std::vector<ConnectionInfo> connections;
    std::vector<ConnectionId> leaked;     ///< in use longer than the leak threshold
    QList<HostRow> hosts;
    int waiters = 0;
    quint64 waiterTimeouts = 0;
    bool draining = false;                ///< graceful shutdown in progress
};
using SnapshotPtr = std::shared_ptr<const PoolSnapshot>;

class ServiceEvent
{
    Q_GADGET
public:
    enum class Kind {
        // mirrored from the engine
        DialStarted, Resolved, Connected, HandshakeDone, Acquired, Released, Closed, DialFailed,
        ShutdownStarted, Reopened,
        // the service's own
        WaiterQueued, WaiterServed, WaiterTimedOut, WaiterCancelled, LeakSuspected, ProbeCompleted,
        ProbeFailed, WarmupFailed, ParamsChanged, Drained,
        Count
    };
    Q_ENUM(Kind)

    Kind kind = Kind::DialStarted;
    ConnectionId id = 0;          ///< 0 for pool-wide events
    QString endpoint;             ///< "tls://host:port"
    QString message;              ///< human text; for failures it says why (verify result, alert)
    CloseReason reason = CloseReason::None;
    ErrorCode error = ErrorCode::Ok;
    bool reused = false;
    QDateTime time;
};

enum class ShutdownMode { Graceful, Forced };

} // namespace poolscope

Q_DECLARE_METATYPE(poolscope::Lease)
Q_DECLARE_METATYPE(poolscope::ProbeResult)
Q_DECLARE_METATYPE(poolscope::SnapshotPtr)
Q_DECLARE_METATYPE(poolscope::ServiceEvent)
