// Acquire: the FIFO wait queue, dials on the dial threads, per-request timeouts and cancellation.
//
// Every request enters the queue; serveQueue() dispatches waiters in arrival order while the pool
// has room (free + idle slots, minus dials already in flight). A dial that meets OutOfResources
// goes back to its place and blocks its key until a slot frees (EventSink::generation moves).
#include "endpoint.h"
#include "poolscope/deadline.h"
#include "service_impl.h"
#include "service_log.h"

#include <QTimer>
#include <algorithm>
#include <random>

namespace poolscope {

using detail::failPromise;
using detail::InFlightDial;
using detail::Waiter;
using Kind = ServiceEvent::Kind;

namespace {

/// Failures a later attempt may not repeat (retryConnectErrors). Not ProxyFailed: a proxy that
/// rejected the credentials or its rules forbid the target answers the same until someone changes
/// them; a proxy that could not reach the target reports the target's code instead.
bool isTransientDialError(const Error& error)
{
    // A certificate that failed verification fails the same way next time.
    if (error.tlsVerifyResult != 0 || !error.certificateProblems.empty())
        return false;
    switch (error.code) {
    case ErrorCode::ResolveFailed:
    case ErrorCode::ConnectionRefused:
    case ErrorCode::HostUnreachable:
    case ErrorCode::NetworkUnreachable:
    case ErrorCode::ConnectionReset:
    case ErrorCode::TimedOut:
    case ErrorCode::HandshakeFailed:
    case ErrorCode::SocketError:
    case ErrorCode::UnexpectedEof:
        return true;
    default:
        return false;
    }
}

qint64 msSince(Clock::time_point from, Clock::time_point now)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - from).count();
}

} // namespace

void PoolService::Impl::recordConnectError(const QString& key, const Error& error)
{
    // Every failed attempt explains a later time-out, the permanent ones too.
    if (isTransientDialError(error) || error.code == ErrorCode::ProxyFailed ||
        error.code == ErrorCode::HandshakeFailed)
        lastConnectError.insert(key, error);
}

void PoolService::Impl::startAcquire(const std::shared_ptr<QPromise<Lease>>& promise,
                                     const AcquireRequest& request, Clock::time_point accepted)
{
    if (promise->isCanceled()) {
        detail::fulfil(*promise);
        return;
    }
    if (stopping || draining || shutDown) {
        failPromise(*promise,
                    makeError(ErrorCode::ShutDown, stopping   ? "the pool service is stopping"
                                                   : draining ? "the pool is draining (graceful shutdown)"
                                                              : "the pool is shut down; call reopen()"));
        return;
    }
    if (request.host.isEmpty() || request.port == 0) {
        failPromise(*promise, makeError(ErrorCode::InvalidArgument, "acquire needs a host and a port",
                                        DialPhase::Validate));
        return;
    }
    if (request.timeout.count() < 0) {
        failPromise(*promise, makeError(ErrorCode::InvalidArgument, "acquire timeout must not be negative",
                                        DialPhase::Validate));
        return;
    }
    if (queue.size() >= options.maxWaiters) {
        failPromise(*promise, makeError(ErrorCode::OutOfResources, "too many waiting requests (" +
                                                                       std::to_string(queue.size()) +
                                                                       ", ServiceOptions::maxWaiters)"));
        return;
    }
    Waiter w;
    w.seq = nextSeq++;
    w.promise = promise;
    w.request = request;
    w.key = detail::endpointKey(request.host, request.port, request.tls);
    w.enqueued = accepted;
    w.deadline = saturatingAdd(accepted,
                               request.timeout.count() > 0 ? request.timeout : options.defaultAcquireTimeout);
    const quint64 seq = w.seq;
    queue.insert(std::move(w));
    dirty = true;
    serveQueue();
    if (Waiter* queued = queue.find(seq); queued && !queued->announced) {
        // Still queued: the pool is full (or the key is capped). Say so once.
        queued->announced = true;
        report(makeEvent(Kind::WaiterQueued, 0, queued->key, queued->request.label,
                         QStringLiteral("waiting for a free slot (%1 waiting)").arg(queue.size())));
    }
    updateQueueTimer();
}

int PoolService::Impl::capacity() const
{
    // The engine has the final word (OutOfResources puts a waiter back in its place); this only
    // avoids dispatching dials that are bound to fail. Dials already inside the engine show in
    // its gauges; the ones still on their way do not.
    const auto st = pool.stats();
    return std::max(0, st.free + st.idle - dialsNotStarted.load(std::memory_order_acquire));
}

void PoolService::Impl::serveQueue()
{
    if (stopping || draining || shutDown || queue.empty())
        return;
    const auto generation = sink->generation();
    const auto now = clockNow();
    int budget = capacity();
    while (budget > 0) {
        auto next = queue.takeNextEligible(now, [&](const QString& key) {
            const auto it = keyBlocks.constFind(key);
            return it == keyBlocks.constEnd() || (!it->probing && it->generation != generation);
        });
        if (!next)
            break;
        if (next->cancelled()) {
            cancelled(*next);
            continue;
        }
        if (next->deadline <= now) {
            timeOut(*next, now);
            continue;
        }
        if (auto it = keyBlocks.find(next->key); it != keyBlocks.end())
            it->probing = true;
        dispatch(std::move(*next));
        --budget;
    }
}

void PoolService::Impl::dispatch(Waiter waiter)
{
    const auto now = clockNow();
    DialRequest request;
    request.host = waiter.request.host.toStdString();
    request.port = waiter.request.port;
    request.tls = waiter.request.tls;
    request.timeout = std::max(std::chrono::duration_cast<std::chrono::microseconds>(waiter.deadline - now),
                               std::chrono::microseconds{1});
    request.overrideTls = waiter.request.overrideTls;
    request.tlsOptions = waiter.request.tlsOptions;
    request.overrideProxy = waiter.request.overrideProxy;
    request.proxy = waiter.request.proxy;
    request.allowReuse = waiter.request.allowReuse;
    request.label = waiter.request.label.toStdString();

    ++waiter.attempts;
    const quint64 seq = waiter.seq;
    InFlightDial dial;
    dial.waiter = std::move(waiter);
    dial.generation = sink->generation();
    request.stop = dial.stop.get_token();
    dials.emplace(seq, std::move(dial));

    dialsNotStarted.fetch_add(1, std::memory_order_acq_rel);
    detail::runOn(threads, [connectionPool = &pool, notStarted = &dialsNotStarted,
                            request = std::move(request), service = q, seq] {
        notStarted->fetch_sub(1, std::memory_order_acq_rel);
        auto result = std::make_shared<Result<PooledConnection>>(connectionPool->dial(request));
        detail::postTo(service, [service, seq, result] { service->d->onDialDone(seq, std::move(*result)); });
    });
    updateQueueTimer();
}

void PoolService::Impl::onDialDone(quint64 seq, Result<PooledConnection> result)
{
    const auto it = dials.find(seq);
    if (it == dials.end())
        return;
    InFlightDial dial = std::move(it->second);
    dials.erase(it);
    Waiter& w = dial.waiter;
    const auto now = clockNow();
    dirty = true;

    if (result.ok()) {
        if (!result.value().reused())
            lastConnectError.remove(w.key);
        keyBlocks.remove(w.key);
    } else if (result.error().code == ErrorCode::OutOfResources) {
        keyBlocks.insert(w.key, detail::KeyBlock{dial.generation, false});
    } else {
        keyBlocks.remove(w.key);
        recordConnectError(w.key, result.error());
    }

    if (stopping || dial.abandoned || w.cancelled()) {
        if (result.ok()) {
            (void)result.value().release(); // nobody waits for it: back to the pool
            if (draining)
                (void)pool.closeIdle(); // ... unless a graceful shutdown is draining it
        }
        if (!stopping && !dial.abandoned)
            cancelled(w);
    } else if (result.ok()) {
        grant(w, std::move(result.value()));
    } else {
        const Error& e = result.error();
        if (e.code == ErrorCode::OutOfResources) {
            if (w.deadline <= now) {
                timeOut(w, now);
            } else if (queue.size() >= options.maxWaiters) {
                failPromise(*w.promise, e);
            } else {
                if (!w.announced) {
                    w.announced = true;
                    report(makeEvent(Kind::WaiterQueued, 0, w.key, w.request.label,
                                     QStringLiteral("pool full: waiting for a free slot (%1 waiting)")
                                         .arg(queue.size() + 1)));
                }
                queue.insert(std::move(w));
            }
        } else if (isTransientDialError(e) && w.request.retryConnectErrors) {
            // A retrying caller asked for "keep trying until the deadline": a refusal that comes back
            // after the deadline ends the wait as a timeout, like every other wait that runs out.
            if (now < w.deadline)
                retryLater(std::move(w), now);
            else
                timeOut(w, now);
        } else if (e.code == ErrorCode::TimedOut && w.deadline <= now + std::chrono::milliseconds{5}) {
            timeOut(w, now, &e); // the whole budget is gone: report it like a waiter timeout
        } else {
            failPromise(*w.promise, e);
        }
    }
    serveQueue();
    updateQueueTimer();
}

void PoolService::Impl::retryLater(Waiter waiter, Clock::time_point now)
{
    ++waiter.connectFailures;
    static thread_local std::minstd_rand random{std::random_device{}()};
    std::uniform_real_distribution<double> half(0.5, 1.0);
    const auto base = std::chrono::milliseconds{
        std::min(qint64{50} << std::min(waiter.connectFailures - 1, 6), qint64{2'000})};
    const auto delay =
        std::chrono::milliseconds{static_cast<qint64>(static_cast<double>(base.count()) * half(random))};
    waiter.notBefore = std::min(saturatingAdd(now, delay), waiter.deadline);
    qCDebug(lcService) << "retrying" << waiter.key << "in" << delay.count() << "ms";
    queue.insert(std::move(waiter));
}

void PoolService::Impl::grant(Waiter& w, PooledConnection connection)
{
    Lease lease;
    lease.id = connection.id();
    lease.handle = connection.handle();
    lease.socket = connection.nativeSocket();
    lease.ssl = connection.ssl();
    lease.host = w.request.host;
    lease.port = w.request.port;
    lease.tls = w.request.tls;
    lease.reused = connection.reused();
    lease.label = w.request.label;

    detail::LeaseEntry entry;
    entry.anchor = std::make_shared<detail::LeaseAnchor>();
    entry.anchor->conn = std::move(connection);
    entry.anchor->link = link;
    entry.lease = lease; // without the anchor: what the service publishes must not keep it alive
    lease.anchor = entry.anchor;
    entry.since = clockNow();
    entry.leakCheck = w.request.leakCheck;
    entry.watchPeer = w.request.watchPeer;
    leases.insert_or_assign(lease.id, std::move(entry));
    if (w.announced) {
        auto e = makeEvent(Kind::WaiterServed, lease.id, w.key, w.request.label,
                           QStringLiteral("served after waiting %1 ms").arg(msSince(w.enqueued, clockNow())));
        e.value = msSince(w.enqueued, clockNow());
        e.reused = lease.reused;
        report(std::move(e));
    }
    detail::fulfil(*w.promise, lease);
}

Error PoolService::Impl::timeoutError(const Waiter& w, Clock::time_point now, const Error* dialError) const
{
    std::string message = "timed out after " + std::to_string(msSince(w.enqueued, now)) +
                          " ms waiting for a connection to " + w.key.toStdString() + " (" +
                          std::to_string(queue.size()) + " other request(s) waiting, " +
                          std::to_string(leases.size()) + " connection(s) leased, pool max " +
                          std::to_string(pool.params().maxConnections) + ")";
    Error e = makeError(ErrorCode::TimedOut, {});
    if (const auto it = lastConnectError.constFind(w.key); it != lastConnectError.constEnd()) {
        message += "; last connection attempt failed with: " + it->message;
        e.phase = it->phase;
        e.systemError = it->systemError;
        e.tlsVerifyResult = it->tlsVerifyResult;
        e.tlsAlert = it->tlsAlert;
    }
    if (dialError) {
        // Where the time went: a dial stuck resolving (a DNS server that never answers) is not a
        // wait for a free slot.
        message += "; the dial ran out of time: " + dialError->message;
        e.phase = dialError->phase;
    }
    e.message = std::move(message);
    return e;
}

void PoolService::Impl::timeOut(Waiter& w, Clock::time_point now, const Error* dialError)
{
    ++waiterTimeouts;
    const Error e = timeoutError(w, now, dialError);
    auto event =
        makeEvent(Kind::WaiterTimedOut, 0, w.key, w.request.label, QString::fromStdString(e.message));
    event.error = ErrorCode::TimedOut;
    event.value = msSince(w.enqueued, now);
    report(std::move(event));
    failPromise(*w.promise, e);
    dirty = true;
}

void PoolService::Impl::cancelled(Waiter& w)
{
    auto event =
        makeEvent(Kind::WaiterCancelled, 0, w.key, w.request.label,
                  QStringLiteral("cancelled by the caller after %1 ms").arg(msSince(w.enqueued, clockNow())));
    event.error = ErrorCode::Cancelled;
    event.value = msSince(w.enqueued, clockNow());
    report(std::move(event));
    w.promise->future().cancel();
    detail::fulfil(*w.promise);
    dirty = true;
}

void PoolService::Impl::queueTick()
{
    const auto now = clockNow();
    for (Waiter& w : queue.takeCancelled())
        cancelled(w);
    for (Waiter& w : queue.takeExpired(now))
        timeOut(w, now);
    for (auto& [seq, dial] : dials) {
        if (dial.abandoned)
            continue;
        if (dial.waiter.cancelled()) {
            dial.abandoned = true;
            dial.stop.request_stop();
            cancelled(dial.waiter);
        } else if (saturatingAdd(dial.waiter.deadline, detail::kDialReportGrace) <= now) {
            // The dial has the same deadline and ends itself there, saying in which phase the
            // time ran out (onDialDone); only one that does not is stopped here.
            dial.abandoned = true;
            dial.stop.request_stop();
            timeOut(dial.waiter, now);
        }
    }
    serveQueue();
    updateQueueTimer();
}

void PoolService::Impl::abandonAll(const Error& error)
{
    for (Waiter& w : queue.takeAll())
        failPromise(*w.promise, error);
    for (auto& [seq, dial] : dials) {
        dial.stop.request_stop();
        if (!dial.abandoned) {
            dial.abandoned = true;
            failPromise(*dial.waiter.promise, error);
        }
    }
    keyBlocks.clear();
    dirty = true;
}

int PoolService::Impl::cancelByLabel(const QString& label)
{
    int count = 0;
    for (Waiter& w : queue.takeByLabel(label)) {
        cancelled(w);
        ++count;
    }
    for (auto& [seq, dial] : dials) {
        if (!dial.abandoned && dial.waiter.request.label == label) {
            dial.abandoned = true;
            dial.stop.request_stop();
            cancelled(dial.waiter);
            ++count;
        }
    }
    serveQueue();
    updateQueueTimer();
    return count;
}

void PoolService::Impl::updateQueueTimer()
{
    const bool needed = !stopping && (!queue.empty() || !dials.empty());
    if (needed && !queueTimer->isActive())
        queueTimer->start();
    else if (!needed && queueTimer->isActive())
        queueTimer->stop();
}

} // namespace poolscope
