#pragma once
// PoolService's private state. Everything here is touched on the worker thread only, except where
// a member says otherwise (the pool itself is thread-safe; sink/store have their own locks).
// The member functions are spread over one file per concern:
//   pool_service.cpp        public API (posting to the worker), construction, start/stop
//   acquire.cpp             wait queue serving, dials on the dial threads, timeouts, cancellation
//   lifecycle.cpp           release/close/closeIdle, graceful/forced shutdown, reopen, params, teardown
//   background_tasks.cpp    warm-up dials and HTTP probes on the dial threads
//   snapshot_publisher.cpp  event batching, leak detection, snapshot building

#include "housekeeping.h"
#include "lease_anchor.h"
#include "poolscope/service/pool_service.h"
#include "poolscope/time_source.h"
#include "probe.h"
#include "snapshot_publisher.h"
#include "thread_handoff.h"
#include "wait_queue.h"
#include "warmup.h"

#include <QHash>
#include <QMutex>
#include <QPromise>
#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>
#include <unordered_map>
#include <vector>

class QTimer;

namespace poolscope {

namespace detail {

struct LeaseEntry
{
    std::shared_ptr<LeaseAnchor> anchor;
    Lease lease;
    Clock::time_point since{};
    bool leakFlagged = false;
    bool leakCheck = true;  ///< AcquireRequest::leakCheck
    bool watchPeer = false; ///< AcquireRequest::watchPeer
    bool probing = false;   ///< the connection is out on a dial thread (a probe or a watch check)
    bool watching = false;  ///< ... for a watch check (AcquireRequest::watchPeer), not a probe
    std::function<void()> probeAfterWatch; ///< a probe asked for during a watch check
    enum class After
    {
        None,
        Release,
        Close,
        ForceClose
    } after = After::None; ///< asked for during a probe

    /// Ends the connection for whoever holds its Lease without freeing anything under them: the
    /// socket is shut down now, and freed when the service has forgotten this entry and the last
    /// copy of the Lease is gone (see Lease). Every path that ends a leased connection the holder
    /// did not give back goes through here.
    void endUnderHolder() const { (void)anchor->conn.shutdownSocket(); }
};

struct InFlightDial
{
    Waiter waiter;
    std::stop_source stop;
    quint64 generation = 0; ///< EventSink::generation() when dispatched
    bool abandoned = false; ///< the caller no longer waits (timed out, cancelled, shut down)
};

/// A key whose dial met OutOfResources: not tried again until a slot frees (generation moves),
/// and then one dial at a time, so waiters of a capped key are served in order.
struct KeyBlock
{
    quint64 generation = 0;
    bool probing = false;
};

inline constexpr std::chrono::milliseconds kQueueTick{20};
/// How long past its caller's deadline a dial in flight may take to report its own time-out
/// before the service stops it and answers the caller without it.
inline constexpr std::chrono::milliseconds kDialReportGrace{200};

template <class T> std::shared_ptr<QPromise<T>> startedPromise()
{
    // Destroyed under the hand-off lock on whichever thread lets go last: the receiver observes
    // the hand-off again after reading, so freeing the result is ordered after that read.
    std::shared_ptr<QPromise<T>> p(new QPromise<T>, [](QPromise<T>* promise) {
        const HandoffScope scope;
        delete promise;
    });
    p->start();
    return p;
}

} // namespace detail

struct PoolService::Impl
{
    Impl(PoolService* owner, ServiceOptions options, ConnectionPool connectionPool);

    PoolService* q;
    /// The service's clock: the pool's (ServiceOptions::pool.clock), else the real steady clock.
    /// Fixed at construction; read on any thread.
    std::shared_ptr<const TimeSource> clock;
    [[nodiscard]] Clock::time_point clockNow() const noexcept { return clock ? clock->now() : Clock::now(); }
    mutable QMutex optionsMutex; ///< guards `options` for options() on other threads
    ServiceOptions options;      ///< written on the worker only
    ConnectionPool pool;         ///< thread-safe; outlives every dial (threads are joined in stop())
    detail::DialThreads threads; ///< dials and probes; joined in stop(), before `pool` goes
    std::shared_ptr<detail::EventSink> sink;
    detail::SnapshotStore store;
    quint64 publishedSequence = 0;

    detail::WaitQueue queue;
    std::unordered_map<quint64, detail::InFlightDial> dials; ///< by waiter seq
    /// Dials handed to a dial thread that has not entered ConnectionPool::dial() yet, so the
    /// pool's gauges do not show them; capacity() subtracts them. Touched by dial threads.
    std::atomic<int> dialsNotStarted{0};
    QHash<QString, detail::KeyBlock> keyBlocks;
    QHash<QString, Error> lastConnectError; ///< per key, cleared by a new connection
    quint64 nextSeq = 1;
    quint64 waiterTimeouts = 0;

    std::unordered_map<ConnectionId, detail::LeaseEntry> leases;
    /// Given to every lease's anchor; cleared in stop().
    std::shared_ptr<detail::ServiceLink> link = std::make_shared<detail::ServiceLink>();

    detail::Housekeeping housekeeping;
    detail::Warmup warmup;
    std::stop_source backgroundStop; ///< warm-up dials
    std::shared_ptr<std::atomic<bool>> probeStop = std::make_shared<std::atomic<bool>>(false);

    QTimer* queueTimer;
    QTimer* publishTimer;
    QTimer* heldWatchTimer;
    bool heldWatchRunning = false; ///< a check of watched leases is out on a dial thread

    bool draining = false;
    bool shutDown = false;
    bool stopping = false;
    bool dirty = true;
    ShutdownHow drainHow = ShutdownHow::Both;
    std::vector<std::shared_ptr<QPromise<int>>> drainPromises;

    // acquire.cpp
    void startAcquire(const std::shared_ptr<QPromise<Lease>>& promise, const AcquireRequest& request,
                      Clock::time_point accepted);
    void serveQueue();
    void queueTick();
    void dispatch(detail::Waiter waiter);
    void onDialDone(quint64 seq, Result<PooledConnection> result);
    void grant(detail::Waiter& waiter, PooledConnection connection);
    /// `dialError`: the dial's own time-out when it was the dial that ran out of the budget; its
    /// text and phase (e.g. "resolve of … timed out") go into the caller's error.
    void timeOut(detail::Waiter& waiter, Clock::time_point now, const Error* dialError = nullptr);
    void cancelled(detail::Waiter& waiter);
    void retryLater(detail::Waiter waiter, Clock::time_point now);
    [[nodiscard]] Error timeoutError(const detail::Waiter& waiter, Clock::time_point now,
                                     const Error* dialError = nullptr) const;
    void abandonAll(const Error& error);
    int cancelByLabel(const QString& label);
    void updateQueueTimer();
    [[nodiscard]] int capacity() const;
    void recordConnectError(const QString& key, const Error& error);

    // lifecycle.cpp
    void releaseLease(ConnectionId id, const std::shared_ptr<QPromise<void>>& promise);
    void closeLeases(const QList<ConnectionId>& ids, const std::shared_ptr<QPromise<void>>& promise,
                     bool force);
    void closeIdle(const std::shared_ptr<QPromise<int>>& promise);
    void startShutdown(ShutdownMode mode, ShutdownHow how, const std::shared_ptr<QPromise<int>>& promise);
    void checkDrained();
    void reopen(const std::shared_ptr<QPromise<void>>& promise);
    void setParams(const PoolParams& params, const std::shared_ptr<QPromise<void>>& promise);
    void setWarmup(const QList<WarmupTarget>& targets, const std::shared_ptr<QPromise<void>>& promise);
    void leaseGone();
    void runDueWork();
    void start();
    void stop();

    // background_tasks.cpp
    void warmupTick();
    void onWarmupDone(quint64 token, const QString& key, const Error& error);
    /// Checks every watched lease (AcquireRequest::watchPeer) for a peer that hung up, on a dial
    /// thread; onHeldChecked hands the ones that did back to the pool.
    void watchHeld();
    void onHeldChecked(const std::vector<std::pair<ConnectionId, bool>>& hungUp);
    void startProbe(ConnectionId id, const QString& method, const QString& path,
                    const std::shared_ptr<QPromise<ProbeResult>>& promise);
    void onProbeDone(ConnectionId id, const std::shared_ptr<detail::LeaseAnchor>& holder,
                     const detail::ProbeOutcome& outcome,
                     const std::shared_ptr<QPromise<ProbeResult>>& promise);

    // snapshot_publisher.cpp
    void publishTick();
    void publish(Clock::time_point now);
    void checkLeaks(Clock::time_point now);
    [[nodiscard]] SnapshotPtr buildSnapshot(Clock::time_point now);
    void report(ServiceEvent event);
    [[nodiscard]] ServiceEvent makeEvent(ServiceEvent::Kind kind, ConnectionId id, const QString& endpoint,
                                         const QString& label, QString message) const;
};

} // namespace poolscope
