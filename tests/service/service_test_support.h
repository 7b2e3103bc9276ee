#pragma once
// Shared pieces of the service suites: a collector that brings the service's signals to the test
// thread (so QSignalSpy and the lists are only touched there), request helpers for lab servers,
// and a way to read the ServiceError out of a failed future.

#include "fd_guard.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "qtest_printers.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QTest>
#include <algorithm>
#include <optional>

namespace poolscope::test {

/// Lives on the test thread; the service's signals reach it queued and are re-emitted here.
class Collector : public QObject
{
    Q_OBJECT
public:
    explicit Collector(PoolService* service)
    {
        m_connections << connect(service, &PoolService::eventsReady, this,
                                 [this](const QList<ServiceEvent>& batch) {
                                     observeServiceHandoff();
                                     events += batch;
                                     ++batches;
                                     Q_EMIT eventsReady(batch);
                                 });
        m_connections << connect(service, &PoolService::snapshotReady, this,
                                 [this](const SnapshotPtr& snapshot) {
                                     observeServiceHandoff();
                                     snapshots.push_back(snapshot);
                                     Q_EMIT snapshotReady(snapshot);
                                 });
        m_connections << connect(service, &PoolService::drainProgress, this, [this](int inUse) {
            observeServiceHandoff();
            drains.push_back(inUse);
            Q_EMIT drainProgress(inUse);
        });
    }

    // Queued signals still pending when the collector goes are destroyed here, on this thread.
    // Disconnect first: a publish that is emitting right now holds the hand-off while it posts, so
    // the observation after the disconnect orders every posted argument before its destruction,
    // and no later publish can post to this collector.
    ~Collector() override
    {
        for (const auto& connection : std::as_const(m_connections))
            QObject::disconnect(connection);
        observeServiceHandoff();
    }
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

    [[nodiscard]] QList<ServiceEvent> ofKind(ServiceEvent::Kind kind) const
    {
        QList<ServiceEvent> out;
        for (const auto& e : events) {
            if (e.kind == kind)
                out.push_back(e);
        }
        return out;
    }
    [[nodiscard]] int count(ServiceEvent::Kind kind) const { return static_cast<int>(ofKind(kind).size()); }
    /// The reason of connection `id`'s Closed event, None while it has none.
    [[nodiscard]] CloseReason closedReason(ConnectionId id) const
    {
        for (const auto& e : events) {
            if (e.kind == ServiceEvent::Kind::Closed && e.id == id)
                return e.reason;
        }
        return CloseReason::None;
    }
    [[nodiscard]] SnapshotPtr last() const { return snapshots.isEmpty() ? SnapshotPtr{} : snapshots.back(); }

    QList<ServiceEvent> events;
    QList<SnapshotPtr> snapshots;
    QList<int> drains;
    int batches = 0;

Q_SIGNALS:
    void eventsReady(const QList<poolscope::ServiceEvent>& events);
    void snapshotReady(poolscope::SnapshotPtr snapshot);
    void drainProgress(int inUse);

private:
    QList<QMetaObject::Connection> m_connections;
};

/// The result of a finished future, read after observing the service's hand-off (TSan builds).
template <class T> T resultOf(QFuture<T> future)
{
    future.waitForFinished();
    observeServiceHandoff();
    T result = future.result();
    observeServiceHandoff(); // done reading: the service may free its side now
    return result;
}

/// The service error of a failed future, nullopt if it succeeded (or was cancelled).
template <class T> std::optional<ServiceError> failureOf(QFuture<T> future)
{
    try {
        future.waitForFinished();
        observeServiceHandoff();
        if constexpr (!std::is_void_v<T>) {
            if (future.resultCount() > 0)
                (void)future.result();
        }
        observeServiceHandoff(); // done reading
    } catch (const ServiceError& e) {
        observeServiceHandoff(); // a void future throws from waitForFinished()
        ServiceError copy = e;
        observeServiceHandoff();
        return copy;
    } catch (const std::exception& e) {
        // Not the service's own failure type: a test failure with its text, never an exception
        // that escapes the test function (Qt Test reports those without saying which call threw).
        return ServiceError(ErrorCode::SocketError,
                            std::string("unexpected exception from the future: ") + e.what());
    }
    return std::nullopt;
}

inline QString endpointHost(const lab::ServerInfo& server)
{
    return QString::fromStdString(server.host);
}

/// A lab dial's time limit when a test names none: 5 s, scaled for sanitizer builds and Wine
/// (POOLSCOPE_TIME_SCALE), where a loaded machine's TLS handshake alone can take seconds.
inline std::chrono::milliseconds labDialTimeout()
{
    return std::chrono::seconds(5) * timeScale();
}

inline AcquireRequest labRequest(const lab::Lab& lab, lab::ServerKind kind, const QString& label = {},
                                 std::chrono::milliseconds timeout = labDialTimeout())
{
    const auto& server = lab.server(kind);
    AcquireRequest r;
    r.host = endpointHost(server);
    r.port = server.port;
    r.tls = server.tls;
    r.timeout = timeout;
    r.label = label;
    return r;
}

/// Starts a service (nullptr, with a warning, when it fails).
inline std::unique_ptr<PoolServiceThread> startService(ServiceOptions options)
{
    auto started = PoolServiceThread::start(std::move(options));
    if (!started) {
        qWarning("service start failed: %s", started.error().message.c_str());
        return nullptr;
    }
    return std::move(started).value();
}

/// Acquires and waits (blocking this thread only; the work runs on the worker). An invalid lease
/// (id 0), with a warning, when it fails.
inline Lease takeLease(PoolService* service, const AcquireRequest& request)
{
    auto future = service->acquire(request);
    if (auto error = failureOf(future)) {
        qWarning("acquire failed: %s", error->what());
        return {};
    }
    if (future.isCanceled() || future.resultCount() == 0) {
        qWarning("acquire of %s ended without a lease (cancelled)", qPrintable(request.label));
        return {};
    }
    return resultOf(future);
}

/// Options that keep DNS on the lab's resolver and trust the lab CA (lab endpoints only).
inline ServiceOptions labOptions(const lab::Lab& lab)
{
    ServiceOptions o;
    o.pool.dnsServers = {lab.dnsServer()};
    o.pool.tls = lab.trustingTls();
    o.publishInterval = std::chrono::milliseconds(50);
    return o;
}

/// What the lab-backed service suites share: one lab per test binary and shorthands bound to it.
/// Inherit privately after QObject; call startLab() in initTestCase and stopLab() in cleanupTestCase.
class LabServiceFixture
{
protected:
    [[nodiscard]] bool startLab()
    {
        auto lab = lab::Lab::start();
        if (!lab) {
            qWarning("lab failed to start: %s", lab.error().message.c_str());
            return false;
        }
        m_lab = std::move(lab).value();
        return true;
    }
    void stopLab() { m_lab.reset(); }

    static std::unique_ptr<PoolServiceThread> start(ServiceOptions options)
    {
        return startService(std::move(options));
    }
    [[nodiscard]] std::unique_ptr<PoolServiceThread> start() const
    {
        return startService(labOptions(*m_lab));
    }
    static Lease take(PoolService* service, const AcquireRequest& request)
    {
        return takeLease(service, request);
    }
    [[nodiscard]] AcquireRequest request(lab::ServerKind kind, const QString& label = {},
                                         std::chrono::milliseconds timeout = labDialTimeout()) const
    {
        return labRequest(*m_lab, kind, label, timeout);
    }

    std::unique_ptr<lab::Lab> m_lab;
};

/// Whether a connection of `service`'s latest snapshot satisfies `pred`. The snapshot is held for
/// the search: begin() and end() of two latestSnapshot() calls may belong to different snapshots,
/// and a temporary's member dies with it.
template <typename Pred> bool anyConnection(PoolService* service, Pred pred)
{
    const SnapshotPtr snapshot = service->latestSnapshot();
    return std::any_of(snapshot->connections.begin(), snapshot->connections.end(), pred);
}

} // namespace poolscope::test

Q_DECLARE_METATYPE(poolscope::lab::ServerKind)
Q_DECLARE_METATYPE(poolscope::ErrorCode)

// Waits (spinning the test thread's event loop) until the future is finished.
#define SERVICE_AWAIT(future, ms) QTRY_VERIFY_WITH_TIMEOUT((future).isFinished(), ms)
