#pragma once
// PoolService: a ConnectionPool on its own worker thread, for any Qt application.
//
// Every public function may be called from any thread and never blocks on the network: it posts
// the work to the worker and returns a QFuture (fulfilled on the worker; use .then(context, …) to
// come back to your thread). UIs listen to snapshotReady/eventsReady, which are throttled.
//
// Create it through PoolServiceThread, which owns the worker QThread (quit + wait on destruction).
//
// Errors: a failing operation finishes its QFuture with a poolscope::ServiceError exception
// (service_error.h) carrying the engine's Error: catch it from result()/waitForFinished(), or use
// .onFailed(context, [](const poolscope::ServiceError& e) { … }). Codes used by the service itself:
//   ShutDown        the service is draining / shut down, or it stopped with the request pending
//   TimedOut        an acquire waited (queue + dial) past its timeout; the message ends with
//                   "last connection attempt failed with: <error>" when a connect to that key failed
//   OutOfResources  more than ServiceOptions::maxWaiters requests are waiting
//   InvalidHandle   the id is not a lease of this service (already released, closed, or unknown)
//   InvalidArgument bad parameters, probe method/path
// Engine errors (ConnectionRefused, HandshakeFailed, ResolveFailed …) pass through unchanged.
// A caller that cancels its future (QFuture::cancel()) gets a cancelled future, no exception; the
// service removes the waiter or stops the dial within one queue tick (20 ms) and returns any
// connection that still arrives to the pool.
//
// Threads: the service object lives on the worker thread "poolscope-pool". Blocking engine calls
// (dials, probe I/O) run on a private QThreadPool and report back to the worker with queued
// invocations; housekeeping (reaper, idle watcher, warm-up, snapshot publishing) runs on the
// worker's timers. Signals are emitted on the worker thread: connect with a context object.
// Never block on one of these futures on the worker thread itself (e.g. in a slot connected with
// Qt::DirectConnection): the work it waits for runs there.
// ThreadSanitizer builds: call observeServiceHandoff() before reading a future's result or a
// signal's arguments on your thread (thread_handoff.h explains why; elsewhere it is a no-op).

#include "poolscope/service/service_error.h"
#include "poolscope/service/service_types.h"
#include "poolscope/service/thread_handoff.h"

#include <QFuture>
#include <QObject>
#include <QThread>
#include <memory>

namespace poolscope {

/// How a PoolService is set up (PoolServiceThread::start()); copied, so later changes go
/// through the service's setters.
struct ServiceOptions
{
    /// The pool's parameters. Its `clock` (default: the real steady clock) is the service's clock
    /// too: acquire deadlines, retry and warm-up backoff, leak ages, the reaper's keep-alive and
    /// lifetime deadlines and snapshot ages are all read from it. The timers that look at those
    /// deadlines still wait in real time, so after moving a ManualClock call runDueWork() rather
    /// than waiting. Dial, handshake and probe I/O deadlines are waits in poll() and stay real.
    PoolParams pool;
    std::chrono::milliseconds defaultAcquireTimeout{10'000}; ///< for AcquireRequest::timeout 0
    std::chrono::milliseconds publishInterval{100};          ///< snapshot/event batching period
    std::chrono::milliseconds watchInterval{50};             ///< idle peer-close detection period
    std::chrono::milliseconds leakThreshold{30'000};         ///< in use longer than this is flagged
    int maxWaiters = 10'000;                                 ///< beyond this, acquire fails at once
    std::chrono::milliseconds keepAliveMargin{1'000};        ///< probe: keep-alive = server's timeout - this
    std::chrono::milliseconds probeTimeout{5'000};           ///< probe: whole exchange (write + read)
    qint64 probeMaxResponseBytes = qint64{4} << 20;          ///< probe: body bound (the head: 64 KiB)
    int maxDialThreads = 16;                                 ///< threads running blocking dials and probes
    int maxPendingEvents = 20'000;                           ///< events kept between two publishes
    /// How often held leases acquired with AcquireRequest::watchPeer are checked for a peer that
    /// closed them (each check waits up to 2 ms per lease on a dial thread; one pass at a time).
    std::chrono::milliseconds heldWatchInterval{500};
};

/// Keep a few idle connections ready for one host; reconnect with exponential backoff + jitter.
struct WarmupTarget
{
    QString host;                                  ///< name or IP literal
    quint16 port = 0;                              ///< 1 … 65535
    bool tls = false;                              ///< with the pool's TLS options
    int minIdle = 1;                               ///< idle connections to keep ready
    std::chrono::milliseconds initialBackoff{100}; ///< first delay after a failed dial
    std::chrono::milliseconds maxBackoff{30'000};  ///< the delay doubles up to this
};

/// A ConnectionPool on its own worker thread (contracts at the top of this header). Made and owned
/// by PoolServiceThread.
class PoolService : public QObject
{
    Q_OBJECT
public:
    ~PoolService() override;

    /// Dial or reuse. When the pool is full, waits FIFO until a slot frees or the timeout passes;
    /// a waiter that gives up gets TimedOut with the last connect error in its message.
    /// Cancel with QFuture::cancel() (or cancelAcquire with the label). A continuation's context
    /// that may die before the answer comes: use acquireFor (acquire_for.h), which returns the
    /// lease then; with then(context, …) the lease is lost (Qt 6.4 drops the continuation).
    QFuture<Lease> acquire(const AcquireRequest& request);
    /// Cancels every waiting or dialing acquire whose label is `label`; resolves with how many.
    QFuture<int> cancelAcquire(const QString& label);
    /// Back to the pool for reuse (InvalidHandle when `id` is not a lease of this service).
    QFuture<void> release(ConnectionId id);
    /// The holder is done with the leases `ids` (after an error, or when the protocol says so):
    /// each connection is closed at once, never reused. Only for the thread that did the I/O.
    QFuture<void> close(const QList<ConnectionId>& ids);
    /// Ends the leases `ids` under whoever holds them (a monitor's Close button): each socket is
    /// shut down now, so a holder blocked on it returns at once with an error, and freed when the
    /// last copy of its Lease is gone (see Lease). Never reused.
    QFuture<void> forceClose(const QList<ConnectionId>& ids);
    QFuture<int> closeIdle(); ///< closes every idle connection; resolves with how many
    /// Graceful: refuse new work, keep reporting the in-use count (drainProgress) as leases come
    /// back, then close everything. Forced: shut down every socket now. Resolves with the in-use
    /// count when it returns (0 for a completed graceful drain).
    QFuture<int> shutdown(ShutdownMode mode, ShutdownHow how = ShutdownHow::Both);
    QFuture<void> reopen(); ///< allows acquires again after shutdown()
    /// Applies new pool parameters (ConnectionPool::setParams: `clock` is ignored). InvalidArgument
    /// names a bad field.
    QFuture<void> setParams(const PoolParams& params);
    /// Replaces the warm-up targets; an empty list stops warm-up. Rows in PoolSnapshot::warmup.
    QFuture<void> setWarmup(const QList<WarmupTarget>& targets);
    /// One HTTP/1.1 request on a leased connection; reads the whole response, honours
    /// Connection: close, and gives the pool the server's Keep-Alive timeout minus
    /// ServiceOptions::keepAliveMargin, counted from the response (setServerKeepAlive()), so the
    /// connection is retired before the server closes it however long it is held.
    QFuture<ProbeResult> probe(ConnectionId id, const QString& method = QStringLiteral("HEAD"),
                               const QString& path = QStringLiteral("/"));
    /// Does now whatever is due by the service's clock instead of at the next timer tick: the
    /// reaper's pass (expired keep-alives and lifetimes), the idle watcher's pass, warm-up dials,
    /// wait-queue timeouts and serving, leak flags, and a snapshot publish (snapshotReady with the
    /// result is emitted before the future finishes). For tests on an injected clock and for apps
    /// that know time jumped (resume from sleep). Fails with ShutDown once the service stops.
    QFuture<void> runDueWork();
    /// How often snapshots and event batches are published (at least 1 ms). Any thread; applied
    /// on the worker.
    void setPublishInterval(std::chrono::milliseconds interval);
    /// Turns TLS handshake capture on or off (ConnectionPool::setHandshakeCapture; off by
    /// default): while on, new TLS connections carry their transcript in
    /// PoolSnapshot::connections (TlsDetails::handshake) and failed dials in
    /// ServiceEvent::handshake; plain connections made or handed out while it is on keep a wire
    /// log (ConnectionInfo::wire; ServiceEvent::wire of their Closed), with the status line and
    /// Connection / Keep-Alive headers of each probe() response noted in it. Any thread; takes
    /// effect at once for handshakes that start later
    /// (an atomic switch in the pool, so nothing is posted to the worker).
    void setHandshakeCapture(bool on) noexcept;
    [[nodiscard]] bool handshakeCapture() const noexcept; ///< whether capture is on
    /// Leases held longer are flagged (LeakSuspected). Any thread; applied on the worker.
    void setLeakThreshold(std::chrono::milliseconds threshold);

    /// The latest published snapshot (thread-safe; never null after construction).
    [[nodiscard]] SnapshotPtr latestSnapshot() const;
    /// The engine's figures now (thread-safe, never blocks on the network): unlike
    /// latestSnapshot(), a lease released or closed through this service before the call (its
    /// future finished) is already counted.
    [[nodiscard]] PoolStats stats() const;
    [[nodiscard]] PoolParams params() const; ///< the pool's parameters in force (thread-safe)
    /// The options in effect (pool parameters as last set; thread-safe).
    [[nodiscard]] ServiceOptions options() const;

Q_SIGNALS:
    /// A new snapshot, at most once per publish interval and only when something changed, and
    /// from runDueWork() (worker thread).
    void snapshotReady(poolscope::SnapshotPtr snapshot);
    /// The events since the last batch, in order, just before the matching snapshotReady.
    void eventsReady(const QList<poolscope::ServiceEvent>& events);
    /// During a graceful shutdown: leases still out, each time one comes back (worker thread).
    void drainProgress(int inUse);

private:
    friend class PoolServiceThread;
    explicit PoolService(ServiceOptions options);
    PoolService(ServiceOptions options, ConnectionPool pool);
    void startOnWorker(); // starts the timers; called on the worker thread
    void stopOnWorker();  // fails waiters, stops dials and timers, shuts leases down (worker thread)
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Owns the worker thread ("poolscope-pool") and the service living on it.
///
/// Destruction contract: ~PoolServiceThread() runs the service's stop on the worker (every waiter
/// and in-flight acquire fails with ShutDown, dials are cancelled and joined, timers stop, leases
/// still out are shut down and freed when the last copy of each Lease is gone), deletes the service on its
/// own thread, then quit()s and wait()s for the thread. It blocks until that is done (bounded by the engine's
/// 50 ms cancel latency and the probe's 100 ms I/O slices). Destroy it from any thread except the worker
/// itself (a usage error: the service is then stopped, deleted later and the thread detached, with a
/// warning).
class PoolServiceThread
{
public:
    /// Fails (InvalidArgument) when the pool parameters are invalid.
    [[nodiscard]] static Result<std::unique_ptr<PoolServiceThread>> start(ServiceOptions options = {});
    ~PoolServiceThread(); ///< stops housekeeping, fails pending waiters, quits and joins the thread
    PoolServiceThread(const PoolServiceThread&) = delete;
    PoolServiceThread& operator=(const PoolServiceThread&) = delete;

    /// The service; owned by this object and valid until it is destroyed.
    [[nodiscard]] PoolService* service() const noexcept { return m_service; }

private:
    PoolServiceThread() = default;
    std::unique_ptr<QThread> m_thread;
    PoolService* m_service = nullptr; // lives on m_thread; deleted there before the thread ends
};

} // namespace poolscope
