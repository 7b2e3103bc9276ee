// PoolService's public API: every call posts its work to the worker thread and returns a future.
#include "service_impl.h"
#include "service_log.h"

#include <QTimer>

namespace poolscope {

using detail::startedPromise;

PoolService::Impl::Impl(PoolService* owner, ServiceOptions opts, ConnectionPool connectionPool)
    : q(owner), clock(connectionPool.params().clock), options(std::move(opts)),
      pool(std::move(connectionPool)), threads(std::max(options.maxDialThreads, 1)),
      sink(std::make_shared<detail::EventSink>(std::max(options.maxPendingEvents, 100))),
      housekeeping(owner, pool, clock, options.watchInterval,
                   {[this] {
                        warmupTick();
                        serveQueue();
                    },
                    [this](int) {
                        dirty = true;
                        serveQueue();
                    }}),
      queueTimer(new QTimer(owner)), publishTimer(new QTimer(owner)), heldWatchTimer(new QTimer(owner))
{
    link->service = owner;
    heldWatchTimer->setObjectName(QStringLiteral("poolscope-held-watch"));
    heldWatchTimer->setInterval(std::max(options.heldWatchInterval, std::chrono::milliseconds{1}));
    QObject::connect(heldWatchTimer, &QTimer::timeout, owner, [this] { watchHeld(); });

    queueTimer->setObjectName(QStringLiteral("poolscope-queue"));
    queueTimer->setInterval(detail::kQueueTick);
    QObject::connect(queueTimer, &QTimer::timeout, owner, [this] { queueTick(); });

    publishTimer->setObjectName(QStringLiteral("poolscope-publish"));
    // "At most every interval": single-shot, re-armed after each tick, so two publishes are never
    // closer than the interval even after a late tick (a repeating timer would catch up).
    publishTimer->setTimerType(Qt::PreciseTimer);
    publishTimer->setSingleShot(true);
    publishTimer->setInterval(std::max(options.publishInterval, std::chrono::milliseconds{1}));
    QObject::connect(publishTimer, &QTimer::timeout, owner, [this] { publishTick(); });

    // Engine events arrive on any thread; the sink only appends under its own lock and is shared,
    // so a callback still running while the service goes away touches nothing freed.
    pool.setEventCallback([sink = sink](const PoolEvent& event) { sink->pushEngine(event); });
    store.set(buildSnapshot(clockNow()));
}

PoolService::PoolService(ServiceOptions options)
    : PoolService(options, [&options] {
          auto created = ConnectionPool::create(options.pool);
          if (!created) {
              qCWarning(lcService) << "invalid pool parameters, using defaults:"
                                   << QString::fromStdString(created.error().message);
              return ConnectionPool::create({}).value();
          }
          return std::move(created).value();
      }())
{
}

PoolService::PoolService(ServiceOptions options, ConnectionPool pool)
    : d(std::make_unique<Impl>(this, std::move(options), std::move(pool)))
{
}

PoolService::~PoolService()
{
    d->stop();
}

void PoolService::startOnWorker()
{
    d->start();
}

void PoolService::stopOnWorker()
{
    d->stop();
}

QFuture<Lease> PoolService::acquire(const AcquireRequest& request)
{
    auto promise = startedPromise<Lease>();
    auto future = promise->future();
    const auto accepted = d->clockNow();
    detail::postTo(this, [this, promise, request, accepted] { d->startAcquire(promise, request, accepted); });
    return future;
}

QFuture<int> PoolService::cancelAcquire(const QString& label)
{
    auto promise = startedPromise<int>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, label] { detail::fulfil(*promise, d->cancelByLabel(label)); });
    return future;
}

QFuture<void> PoolService::release(ConnectionId id)
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, id] { d->releaseLease(id, promise); });
    return future;
}

QFuture<void> PoolService::close(const QList<ConnectionId>& ids)
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, ids] { d->closeLeases(ids, promise, false); });
    return future;
}

QFuture<void> PoolService::forceClose(const QList<ConnectionId>& ids)
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, ids] { d->closeLeases(ids, promise, true); });
    return future;
}

QFuture<int> PoolService::closeIdle()
{
    auto promise = startedPromise<int>();
    auto future = promise->future();
    detail::postTo(this, [this, promise] { d->closeIdle(promise); });
    return future;
}

QFuture<int> PoolService::shutdown(ShutdownMode mode, ShutdownHow how)
{
    auto promise = startedPromise<int>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, mode, how] { d->startShutdown(mode, how, promise); });
    return future;
}

QFuture<void> PoolService::reopen()
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise] { d->reopen(promise); });
    return future;
}

QFuture<void> PoolService::setParams(const PoolParams& params)
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, params] { d->setParams(params, promise); });
    return future;
}

QFuture<void> PoolService::setWarmup(const QList<WarmupTarget>& targets)
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, targets] { d->setWarmup(targets, promise); });
    return future;
}

QFuture<ProbeResult> PoolService::probe(ConnectionId id, const QString& method, const QString& path)
{
    auto promise = startedPromise<ProbeResult>();
    auto future = promise->future();
    detail::postTo(this, [this, promise, id, method, path] { d->startProbe(id, method, path, promise); });
    return future;
}

QFuture<void> PoolService::runDueWork()
{
    auto promise = startedPromise<void>();
    auto future = promise->future();
    detail::postTo(this, [this, promise] {
        d->runDueWork();
        if (d->stopping)
            return detail::failPromise(*promise,
                                       makeError(ErrorCode::ShutDown, "the pool service is stopping"));
        detail::fulfil(*promise);
    });
    return future;
}

void PoolService::setPublishInterval(std::chrono::milliseconds interval)
{
    detail::postTo(this, [this, interval] {
        const auto value = std::max(interval, std::chrono::milliseconds{1});
        {
            QMutexLocker lock(&d->optionsMutex);
            d->options.publishInterval = value;
        }
        d->publishTimer->setInterval(value);
    });
}

void PoolService::setLeakThreshold(std::chrono::milliseconds threshold)
{
    detail::postTo(this, [this, threshold] {
        {
            QMutexLocker lock(&d->optionsMutex);
            d->options.leakThreshold = threshold;
        }
        d->dirty = true;
    });
}

SnapshotPtr PoolService::latestSnapshot() const
{
    return d->store.get();
}

void PoolService::setHandshakeCapture(bool on) noexcept
{
    d->pool.setHandshakeCapture(on);
}

bool PoolService::handshakeCapture() const noexcept
{
    return d->pool.handshakeCapture();
}

PoolStats PoolService::stats() const
{
    return d->pool.stats();
}

PoolParams PoolService::params() const
{
    return d->pool.params();
}

ServiceOptions PoolService::options() const
{
    ServiceOptions copy;
    {
        QMutexLocker lock(&d->optionsMutex);
        copy = d->options;
    }
    copy.pool = d->pool.params();
    return copy;
}

} // namespace poolscope
