// Event batching, leak detection and snapshot building (the worker's publish tick).
#include "snapshot_publisher.h"

#include "endpoint.h"
#include "service_impl.h"
#include "service_log.h"

#include <QMap>
#include <QTimer>
#include <algorithm>

namespace poolscope {

namespace detail {

ServiceEvent toServiceEvent(const PoolEvent& event)
{
    using K = ServiceEvent::Kind;
    ServiceEvent e;
    switch (event.kind) {
    case EventKind::DialStarted:
        e.kind = K::DialStarted;
        break;
    case EventKind::Resolved:
        e.kind = K::Resolved;
        break;
    case EventKind::Connected:
        e.kind = K::Connected;
        break;
    case EventKind::HandshakeDone:
        e.kind = K::HandshakeDone;
        break;
    case EventKind::Acquired:
        e.kind = K::Acquired;
        break;
    case EventKind::Released:
        e.kind = K::Released;
        break;
    case EventKind::Closed:
        e.kind = K::Closed;
        break;
    case EventKind::DialFailed:
        e.kind = K::DialFailed;
        break;
    case EventKind::ShutdownStarted:
        e.kind = K::ShutdownStarted;
        break;
    case EventKind::Reopened:
        e.kind = K::Reopened;
        break;
    }
    e.id = event.id;
    e.endpoint = QString::fromStdString(event.endpoint);
    e.label = QString::fromStdString(event.label);
    e.message = QString::fromStdString(event.error.message);
    e.reason = event.reason;
    e.error = event.error.code;
    e.reused = event.reused;
    e.handshake = event.handshake;
    e.wire = event.wire;
    e.time = QDateTime::currentDateTimeUtc();
    return e;
}

void EventSink::push(ServiceEvent event)
{
    std::lock_guard lock(m_mutex);
    if (m_pending.size() >= m_max) {
        m_pending.removeFirst();
        ++m_dropped;
    }
    m_pending.push_back(std::move(event));
}

void EventSink::pushEngine(const PoolEvent& event)
{
    if (event.kind == EventKind::Released || event.kind == EventKind::Closed ||
        event.kind == EventKind::DialFailed)
        m_generation.fetch_add(1, std::memory_order_acq_rel);
    push(toServiceEvent(event));
}

QList<ServiceEvent> EventSink::take()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_pending, {});
}

quint64 EventSink::dropped() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

} // namespace detail

void PoolService::Impl::report(ServiceEvent event)
{
    sink->push(std::move(event));
}

ServiceEvent PoolService::Impl::makeEvent(ServiceEvent::Kind kind, ConnectionId id, const QString& endpoint,
                                          const QString& label, QString message) const
{
    ServiceEvent e;
    e.kind = kind;
    e.id = id;
    e.endpoint = endpoint;
    e.label = label;
    e.message = std::move(message);
    e.time = QDateTime::currentDateTimeUtc();
    return e;
}

void PoolService::Impl::checkLeaks(Clock::time_point now)
{
    const auto threshold = options.leakThreshold;
    for (auto& [id, entry] : leases) {
        const auto age = now - entry.since;
        const bool leaked = entry.leakCheck && threshold.count() > 0 && age >= threshold;
        if (leaked == entry.leakFlagged)
            continue;
        entry.leakFlagged = leaked;
        dirty = true;
        if (!leaked)
            continue;
        const auto ageMs = std::chrono::duration_cast<std::chrono::milliseconds>(age).count();
        const QString endpoint = detail::endpointKey(entry.lease.host, entry.lease.port, entry.lease.tls);
        auto event =
            makeEvent(ServiceEvent::Kind::LeakSuspected, id, endpoint, entry.lease.label,
                      QStringLiteral("connection #%1 to %2 held by '%3' for %4 ms (leak threshold %5 ms)")
                          .arg(id)
                          .arg(endpoint, entry.lease.label)
                          .arg(ageMs)
                          .arg(threshold.count()));
        event.value = ageMs;
        qCWarning(lcService).noquote() << "possible leak:" << event.message;
        report(std::move(event));
    }
}

void PoolService::Impl::publishTick()
{
    const auto now = clockNow();
    publish(now);
    if (!stopping)
        publishTimer->start();
}

void PoolService::Impl::publish(Clock::time_point now)
{
    checkLeaks(now);
    QList<ServiceEvent> events = sink->take();
    // Waiter ages are countdown-relevant: republish while anyone waits.
    if (!events.isEmpty() || !queue.empty() || draining)
        dirty = true;
    if (!dirty)
        return;
    dirty = false;
    SnapshotPtr snapshot = buildSnapshot(now);
    store.set(snapshot);
    const detail::HandoffScope handoff;
    if (!events.isEmpty())
        Q_EMIT q->eventsReady(events);
    Q_EMIT q->snapshotReady(snapshot);
}

SnapshotPtr PoolService::Impl::buildSnapshot(Clock::time_point now)
{
    auto s = std::make_shared<PoolSnapshot>();
    s->sequence = ++publishedSequence;
    s->taken = now;
    s->wallTime = QDateTime::currentDateTimeUtc();
    s->stats = pool.stats();
    s->connections = pool.snapshot();
    for (const auto& [id, entry] : leases) {
        if (entry.leakFlagged)
            s->leaked.push_back(id);
    }
    std::sort(s->leaked.begin(), s->leaked.end());

    QMap<QString, HostRow> rows; // sorted by key
    for (const auto& h : s->stats.hosts) {
        HostRow row;
        row.key = QString::fromStdString(h.key);
        row.active = h.inUse;
        row.idle = h.idle;
        row.connecting = h.connecting;
        row.max = h.max;
        rows.insert(row.key, row);
    }
    const PoolParams params = pool.params();
    const auto waiting = queue.perKey();
    for (auto it = waiting.constBegin(); it != waiting.constEnd(); ++it) {
        auto row = rows.find(it.key());
        if (row == rows.end()) {
            HostRow fresh;
            fresh.key = it.key();
            fresh.max = params.maxPerHost > 0 ? params.maxPerHost : params.maxConnections;
            row = rows.insert(it.key(), fresh);
        }
        row->waiting = it->count;
        row->oldestWaiterAgeMs =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - it->oldest).count();
    }
    s->hosts = rows.values();
    s->waiters = queue.size();
    s->waiterTimeouts = waiterTimeouts;
    s->draining = draining;
    s->shutDown = shutDown || s->stats.shutDown;
    s->leases = static_cast<int>(leases.size());
    s->warmup = warmup.rows(s->connections);
    s->droppedEvents = sink->dropped();
    s->leakThreshold = options.leakThreshold;
    return s;
}

} // namespace poolscope
