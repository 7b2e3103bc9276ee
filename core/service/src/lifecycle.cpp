// Leases coming back (release/close), closeIdle, graceful and forced shutdown, reopen, live
// parameter changes, warm-up targets, and the service's own start/stop on the worker thread.
#include "service_impl.h"
#include "service_log.h"

#include <QCoreApplication>
#include <QTimer>

namespace poolscope {

using detail::failPromise;
using Kind = ServiceEvent::Kind;

namespace {

Error notLeased(ConnectionId id)
{
    return makeError(ErrorCode::InvalidHandle,
                     "connection #" + std::to_string(id) +
                         " is not leased from this service (released, closed or unknown)");
}

Error stoppedError()
{
    return makeError(ErrorCode::ShutDown, "the pool service is stopping");
}

void settle(QPromise<void>& promise, const Status& status)
{
    if (status.ok())
        detail::fulfil(promise);
    else
        detail::failPromise(promise, status.error());
}

} // namespace

void PoolService::Impl::leaseGone()
{
    dirty = true;
    housekeeping.rearm();
    if (draining) {
        const detail::HandoffScope handoff;
        Q_EMIT q->drainProgress(static_cast<int>(leases.size()));
        checkDrained();
    }
    serveQueue();
}

void PoolService::Impl::releaseLease(ConnectionId id, const std::shared_ptr<QPromise<void>>& promise)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    const auto it = leases.find(id);
    if (it == leases.end())
        return failPromise(*promise, notLeased(id));
    if (it->second.probing) {
        // The probe thread holds the connection; it goes back when the probe ends.
        it->second.after = detail::LeaseEntry::After::Release;
        detail::fulfil(*promise);
        return;
    }
    const Status status = it->second.anchor->conn.release();
    leases.erase(it);
    leaseGone();
    settle(*promise, status);
}

void PoolService::Impl::closeLeases(const QList<ConnectionId>& ids,
                                    const std::shared_ptr<QPromise<void>>& promise, bool force)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    std::vector<ConnectionId> unknown;
    for (const ConnectionId id : ids) {
        const auto it = leases.find(id);
        if (it == leases.end()) {
            unknown.push_back(id);
            continue;
        }
        // Forced: whoever holds the lease may be blocked on its socket right now (the monitor's
        // Close button), so shut it down and never free it under them. A probe is woken by it.
        if (force)
            it->second.endUnderHolder();
        if (it->second.probing) {
            it->second.after = force ? detail::LeaseEntry::After::ForceClose
                                     : detail::LeaseEntry::After::Close; // the probe finishes the job
            continue;
        }
        if (!force)
            (void)it->second.anchor->conn.close();
        leases.erase(it);
    }
    leaseGone();
    if (!unknown.empty()) {
        std::string list;
        for (const auto id : unknown)
            list += (list.empty() ? "#" : ", #") + std::to_string(id);
        return failPromise(*promise,
                           makeError(ErrorCode::InvalidHandle,
                                     "not leased from this service (released, closed or unknown): " + list));
    }
    detail::fulfil(*promise);
}

void PoolService::Impl::closeIdle(const std::shared_ptr<QPromise<int>>& promise)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    const int closed = pool.closeIdle();
    dirty = true;
    housekeeping.rearm();
    serveQueue();
    detail::fulfil(*promise, closed);
}

void PoolService::Impl::startShutdown(ShutdownMode mode, ShutdownHow how,
                                      const std::shared_ptr<QPromise<int>>& promise)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    dirty = true;
    const auto inUse = static_cast<int>(leases.size());
    if (mode == ShutdownMode::Forced) {
        abandonAll(makeError(ErrorCode::ShutDown, "the pool was shut down (forced)"));
        draining = false;
        shutDown = true;
        const int held = pool.shutdown(how);
        qCDebug(lcService) << "forced shutdown;" << held << "connection(s) still held";
        for (auto& p : std::exchange(drainPromises, {})) {
            detail::fulfil(*p, held);
        }
        housekeeping.rearm();
        detail::fulfil(*promise, held);
        return;
    }
    if (shutDown && !draining) {
        detail::fulfil(*promise, pool.shutdown(how));
        return;
    }
    abandonAll(
        makeError(ErrorCode::ShutDown, "the pool is draining (graceful shutdown): no new connections"));
    draining = true;
    drainHow = how;
    drainPromises.push_back(promise);
    // Draining waits for connections in use; idle ones have nobody to wait for.
    (void)pool.closeIdle();
    auto event =
        makeEvent(Kind::ShutdownStarted, 0, {}, {},
                  QStringLiteral("graceful shutdown: waiting for %1 connection(s) in use").arg(inUse));
    event.value = inUse;
    report(std::move(event));
    const detail::HandoffScope handoff;
    Q_EMIT q->drainProgress(inUse);
    checkDrained();
}

void PoolService::Impl::checkDrained()
{
    if (!draining)
        return;
    if (!leases.empty()) {
        (void)pool.closeIdle(); // a connection returned while draining is not kept for reuse
        return;
    }
    draining = false;
    shutDown = true;
    const int held = pool.shutdown(drainHow);
    auto event =
        makeEvent(Kind::Drained, 0, {}, {},
                  QStringLiteral("drained: every connection returned; pool shut down (%1 held)").arg(held));
    event.value = held;
    report(std::move(event));
    housekeeping.rearm();
    dirty = true;
    for (auto& p : std::exchange(drainPromises, {})) {
        detail::fulfil(*p, held);
    }
}

void PoolService::Impl::reopen(const std::shared_ptr<QPromise<void>>& promise)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    pool.reopen();
    for (auto& p : std::exchange(drainPromises, {})) {
        detail::fulfil(*p, static_cast<int>(leases.size())); // the drain was abandoned
    }
    draining = false;
    shutDown = false;
    dirty = true;
    serveQueue();
    detail::fulfil(*promise);
}

void PoolService::Impl::setParams(const PoolParams& params, const std::shared_ptr<QPromise<void>>& promise)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    if (Status valid = params.validate(); !valid.ok())
        return failPromise(*promise, valid.error());
    if (Status applied = pool.setParams(params); !applied.ok())
        return failPromise(*promise, applied.error());
    {
        QMutexLocker lock(&optionsMutex);
        options.pool = params;
    }
    report(makeEvent(Kind::ParamsChanged, 0, {}, {},
                     QStringLiteral("parameters changed: max %1 connections, %2 per host, keep-alive %3 ms, "
                                    "lifetime %4 ms")
                         .arg(params.maxConnections)
                         .arg(params.maxPerHost)
                         .arg(params.maxKeepAlive.count())
                         .arg(params.maxLifetime.count())));
    keyBlocks.clear(); // limits moved: every key may try again
    dirty = true;
    housekeeping.rearm();
    serveQueue();
    detail::fulfil(*promise);
}

void PoolService::Impl::setWarmup(const QList<WarmupTarget>& targets,
                                  const std::shared_ptr<QPromise<void>>& promise)
{
    if (stopping)
        return failPromise(*promise, stoppedError());
    if (const QString why = detail::Warmup::validate(targets); !why.isEmpty())
        return failPromise(*promise,
                           makeError(ErrorCode::InvalidArgument, why.toStdString(), DialPhase::Validate));
    warmup.setTargets(targets);
    dirty = true;
    warmupTick();
    detail::fulfil(*promise);
}

void PoolService::Impl::start()
{
    if (stopping)
        return;
    housekeeping.start();
    publishTimer->start();
    heldWatchTimer->start();
    qCDebug(lcService) << "pool service started on" << QThread::currentThread()->objectName();
}

void PoolService::Impl::runDueWork()
{
    if (stopping)
        return;
    // Reaper and watcher first, so the queue sees the slots they freed; the watcher's tick hook
    // runs warm-up and serves the queue; queueTick times waiters out and serves again.
    housekeeping.runNow();
    queueTick();
    dirty = true;
    publish(clockNow());
}

void PoolService::Impl::stop()
{
    if (stopping)
        return;
    stopping = true;
    {
        const QMutexLocker lock(&link->mutex);
        link->service = nullptr;
    }
    housekeeping.stop();
    queueTimer->stop();
    publishTimer->stop();
    heldWatchTimer->stop();

    // Fail everyone still waiting, stop dials and probes, and join the dial threads (the engine
    // aborts a dial within 50 ms; probes read in 100 ms slices).
    abandonAll(stoppedError());
    backgroundStop.request_stop();
    probeStop->store(true, std::memory_order_release);
    threads.waitForDone();
    // Results the dial threads posted (and calls that raced with the stop) run now, while
    // everything is alive: connections that arrive go back to the pool, late calls fail.
    QCoreApplication::sendPostedEvents(q, QEvent::MetaCall);

    int closed = 0;
    for (auto& [id, entry] : leases) {
        if (entry.anchor->conn.valid()) {
            entry.endUnderHolder();
            ++closed;
        }
    }
    leases.clear();
    if (closed > 0)
        qCWarning(lcService) << "pool service stopped with" << closed
                             << "connection(s) still leased: shut them down (each is freed when the "
                                "last copy of its Lease is gone)";
    for (auto& p : std::exchange(drainPromises, {})) {
        detail::fulfil(*p, closed);
    }
    pool.setEventCallback({});
}

} // namespace poolscope
