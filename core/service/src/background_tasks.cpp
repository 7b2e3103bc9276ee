// Blocking work the worker hands to the dial threads besides acquires: warm-up dials and HTTP
// probes. Results come back to the worker with queued invocations.
#include "endpoint.h"
#include "poolscope/deadline.h"
#include "service_impl.h"
#include "service_log.h"

#include <algorithm>

namespace poolscope {

using detail::failPromise;
using Kind = ServiceEvent::Kind;

void PoolService::Impl::warmupTick()
{
    if (warmup.empty() || stopping)
        return;
    const auto stats = pool.stats();
    // Warm-up never competes with callers: not while anyone waits, draining, or without a free slot.
    const bool allowed = !draining && !shutDown && queue.empty() && stats.free > 0;
    const auto connections = pool.snapshot();
    const auto orders = warmup.due(clockNow(), connections, allowed);
    int budget = stats.free;
    for (const auto& order : orders) {
        const QString key = detail::endpointKey(order.target.host, order.target.port, order.target.tls);
        if (budget-- <= 0) {
            // No slot left for this one: give it back without counting a failure.
            (void)warmup.finished(order.token, makeError(ErrorCode::OutOfResources, "no free slot"),
                                  clockNow());
            continue;
        }
        DialRequest request;
        request.host = order.target.host.toStdString();
        request.port = order.target.port;
        request.tls = order.target.tls;
        request.timeout = saturatingCast<std::chrono::microseconds>(options.defaultAcquireTimeout);
        request.allowReuse = false;
        request.label = "warm-up";
        request.stop = backgroundStop.get_token();
        const quint64 token = order.token;
        detail::runOn(
            threads, [connectionPool = &pool, request = std::move(request), service = q, token, key] {
                Error error;
                if (auto result = connectionPool->dial(request))
                    (void)result.value().release(); // straight to idle: that is the point
                else
                    error = result.error();
                detail::postTo(service,
                               [service, token, key, error] { service->d->onWarmupDone(token, key, error); });
            });
    }
    if (!orders.empty())
        dirty = true;
}

void PoolService::Impl::onWarmupDone(quint64 token, const QString& key, const Error& error)
{
    if (stopping)
        return;
    dirty = true;
    if (draining)
        (void)pool.closeIdle(); // a warm-up that finished during a graceful drain is not kept
    if (error.ok())
        lastConnectError.remove(key);
    else
        recordConnectError(key, error);
    if (auto event = warmup.finished(token, error, clockNow())) {
        qCDebug(lcService) << event->message;
        report(std::move(*event));
    }
    serveQueue();
}

void PoolService::Impl::startProbe(ConnectionId id, const QString& method, const QString& path,
                                   const std::shared_ptr<QPromise<ProbeResult>>& promise)
{
    if (stopping)
        return failPromise(*promise, makeError(ErrorCode::ShutDown, "the pool service is stopping"));
    if (const QString why = detail::validateProbeRequest(method, path); !why.isEmpty())
        return failPromise(*promise,
                           makeError(ErrorCode::InvalidArgument, why.toStdString(), DialPhase::Validate));
    const auto it = leases.find(id);
    if (it == leases.end())
        return failPromise(*promise,
                           makeError(ErrorCode::InvalidHandle, "connection #" + std::to_string(id) +
                                                                   " is not leased from this service"));
    auto& entry = it->second;
    if (entry.probing && entry.watching && !entry.probeAfterWatch) {
        // A watch check takes a millisecond: the probe starts when it is back.
        entry.probeAfterWatch = [this, id, method, path, promise] { startProbe(id, method, path, promise); };
        return;
    }
    if (entry.probing)
        return failPromise(*promise,
                           makeError(ErrorCode::InvalidArgument,
                                     "a probe is already running on connection #" + std::to_string(id)));
    entry.probing = true;
    auto holder = entry.anchor; // the worker leaves conn alone until onProbeDone
    detail::ProbeSpec spec;
    spec.method = method.toStdString();
    spec.path = path.toStdString();
    spec.hostHeader = detail::probeHostHeader(entry.lease.host, entry.lease.port, entry.lease.tls);
    spec.timeout = options.probeTimeout;
    spec.maxBytes = options.probeMaxResponseBytes;
    detail::runOn(threads, [holder, spec = std::move(spec), stop = probeStop, service = q, id, promise] {
        auto outcome = std::make_shared<detail::ProbeOutcome>(detail::runProbe(holder->conn, spec, *stop));
        detail::postTo(service, [service, id, holder, outcome, promise] {
            service->d->onProbeDone(id, holder, *outcome, promise);
        });
    });
}

namespace {

/// True when the peer closed, reset or wrote to a connection nobody asked anything of: a read
/// that finds anything but "nothing yet". A byte read here is lost, but a connection the server
/// spoke on unasked cannot be reused anyway. 2 ms, not 1: the lease's I/O deadline is counted in
/// whole milliseconds, and 1 ms rounds to "already expired" before the socket is even polled.
/// A check that still times out before polling only defers the news to the next pass.
bool peerHungUp(PooledConnection& connection)
{
    char byte = 0;
    const Result<std::size_t> read = connection.readSome(&byte, 1, std::chrono::milliseconds{2});
    return read.ok() || read.error().code != ErrorCode::TimedOut;
}

} // namespace

void PoolService::Impl::watchHeld()
{
    if (stopping || shutDown || heldWatchRunning)
        return;
    std::vector<std::pair<ConnectionId, std::shared_ptr<detail::LeaseAnchor>>> batch;
    for (auto& [id, entry] : leases) {
        if (entry.watchPeer && !entry.probing && entry.after == detail::LeaseEntry::After::None) {
            entry.probing = true; // release, close and probe wait for the check, as for a probe
            entry.watching = true;
            batch.emplace_back(id, entry.anchor);
        }
    }
    if (batch.empty())
        return;
    heldWatchRunning = true;
    detail::runOn(threads, [batch = std::move(batch), service = q] {
        auto hungUp = std::make_shared<std::vector<std::pair<ConnectionId, bool>>>();
        hungUp->reserve(batch.size());
        for (const auto& [id, anchor] : batch)
            hungUp->emplace_back(id, peerHungUp(anchor->conn));
        // `batch` rides along so no anchor is freed on this thread.
        detail::postTo(service, [service, hungUp, batch] { service->d->onHeldChecked(*hungUp); });
    });
}

void PoolService::Impl::onHeldChecked(const std::vector<std::pair<ConnectionId, bool>>& hungUp)
{
    heldWatchRunning = false;
    bool anyGone = false;
    for (const auto& [id, gone] : hungUp) {
        const auto it = leases.find(id);
        if (it == leases.end())
            continue;
        auto& entry = it->second;
        entry.probing = false;
        entry.watching = false;
        // Started after the entry is settled: on a lease that is gone now it fails as "not leased".
        const std::function<void()> probe = std::exchange(entry.probeAfterWatch, {});
        PooledConnection& conn = entry.anchor->conn;
        using After = detail::LeaseEntry::After;
        if (entry.after != After::None) {
            // The holder returned or closed it meanwhile: do that now, as after a probe.
            if (entry.after == After::Release)
                (void)conn.release();
            else if (entry.after == After::Close)
                (void)conn.close();
            else
                entry.endUnderHolder(); // shut down already; freed when the last Lease copy goes
            leases.erase(it);
            anyGone = true;
        } else if (gone && !shutDown) {
            // Back to the pool, whose liveness check closes it as stale and logs that the peer
            // closed it: the same truth, and the same count, as for an idle connection.
            qCDebug(lcService) << "the peer hung up on held connection" << id << "; handing it back";
            (void)conn.release();
            leases.erase(it);
            anyGone = true;
        }
        if (probe)
            probe();
    }
    if (anyGone) {
        housekeeping.runNow(); // the watcher closes them now, not at its next tick
        leaseGone();
    }
}

void PoolService::Impl::onProbeDone(ConnectionId id, const std::shared_ptr<detail::LeaseAnchor>& holder,
                                    const detail::ProbeOutcome& outcome,
                                    const std::shared_ptr<QPromise<ProbeResult>>& promise)
{
    const auto it = leases.find(id);
    if (it == leases.end()) { // cannot happen while probing; be safe
        (void)holder->conn.shutdownSocket();
        return failPromise(*promise, makeError(ErrorCode::ShutDown, "the lease went away during the probe"));
    }
    auto& entry = it->second;
    PooledConnection& conn = entry.anchor->conn;
    entry.probing = false;
    const QString endpoint = detail::endpointKey(entry.lease.host, entry.lease.port, entry.lease.tls);
    const QString label = entry.lease.label;
    dirty = true;

    if (!outcome.error.ok()) {
        entry.endUnderHolder();
        leases.erase(it);
        auto event =
            makeEvent(Kind::ProbeFailed, id, endpoint, label, QString::fromStdString(outcome.error.message));
        event.error = outcome.error.code;
        report(std::move(event));
        failPromise(*promise, outcome.error);
        leaseGone();
        return;
    }

    ProbeResult result = outcome.result;
    bool gone = false;
    if (outcome.mustClose) {
        entry.endUnderHolder(); // Connection: close / EOF / trailing bytes: never reuse it
        gone = true;
    } else {
        if (result.keepAliveSeconds >= 0) {
            // Counted from this response, not from the return: a server's timer starts when it
            // has answered, so time the holder keeps the connection is already spent.
            using namespace std::chrono;
            const auto keepAlive =
                std::max(milliseconds{0}, duration_cast<milliseconds>(seconds{result.keepAliveSeconds}) -
                                              options.keepAliveMargin);
            if (conn.setServerKeepAlive(keepAlive).ok() && keepAlive < pool.params().maxKeepAlive)
                result.keepAliveSetMs = keepAlive.count();
        }
        if (entry.after == detail::LeaseEntry::After::Release) {
            (void)conn.release();
            gone = true;
        } else if (entry.after == detail::LeaseEntry::After::Close) {
            (void)conn.close();
            gone = true;
        } else if (entry.after == detail::LeaseEntry::After::ForceClose) {
            entry.endUnderHolder(); // shut down already; freed when the last Lease copy goes
            gone = true;
        }
    }
    if (gone)
        leases.erase(it);

    auto event = makeEvent(Kind::ProbeCompleted, id, endpoint, label,
                           QStringLiteral("%1 (%2 body bytes, %3 µs%4)")
                               .arg(result.statusLine)
                               .arg(result.bodyBytes)
                               .arg(result.elapsedUs)
                               .arg(result.serverClosed ? QStringLiteral(", server closed") : QString()));
    event.value = result.status;
    report(std::move(event));
    detail::fulfil(*promise, result);
    if (gone)
        leaseGone();
}

} // namespace poolscope
