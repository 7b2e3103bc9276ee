#pragma once
// PoolService: a ConnectionPool on its own worker thread, for any Qt application.
//
// Every public function may be called from any thread and never blocks on the network: it posts
// the work to the worker and returns a QFuture (fulfilled on the worker; use .then(context, …) to
// come back to your thread). UIs listen to snapshotReady/eventsReady, which are throttled.
//
// Create it through PoolServiceThread, which owns the worker QThread (quit + wait on destruction).

#include "poolscope/service/service_types.h"

#include <QFuture>
#include <QObject>
#include <QThread>

#include <memory>

namespace poolscope {

struct ServiceOptions
{
    PoolParams pool;
    std::chrono::milliseconds defaultAcquireTimeout{10'000};
    std::chrono::milliseconds publishInterval{100};   ///< snapshot/event batching period
    std::chrono::milliseconds watchInterval{50};      ///< idle peer-close detection period
    std::chrono::milliseconds leakThreshold{30'000};  ///< in use longer than this is flagged
    int maxWaiters = 10'000;                          ///< beyond this, acquire fails at once
};

/// Keep a few idle connections ready for one host; reconnect with exponential backoff + jitter.
struct WarmupTarget
{
    QString host;
    quint16 port = 0;
    bool tls = false;
    int minIdle = 1;
    std::chrono::milliseconds initialBackoff{100};
    std::chrono::milliseconds maxBackoff{30'000};
};

class PoolService : public QObject
{
    Q_OBJECT
public:
    ~PoolService() override;

    /// Dial or reuse. When the pool is full, waits FIFO until a slot frees or the timeout passes;
    /// a waiter that gives up gets TimedOut with the last connect error in its message.
    /// Cancel with QFuture::cancel() (or cancelAcquire with the label).
    QFuture<Lease> acquire(const AcquireRequest& request);
    QFuture<void> release(ConnectionId id);
    QFuture<void> close(const QList<ConnectionId>& ids);
    QFuture<int> closeIdle();
    /// Graceful: refuse new work, keep reporting the in-use count (drainProgress) as leases come
    /// back, then close everything. Forced: shut down every socket now. Resolves with the in-use
    /// count when it returns (0 for a completed graceful drain).
    QFuture<int> shutdown(ShutdownMode mode, ShutdownHow how = ShutdownHow::Both);
    QFuture<void> reopen();
    QFuture<void> setParams(const PoolParams& params);
    QFuture<void> setWarmup(const QList<WarmupTarget>& targets);
    /// One HTTP/1.1 request on a leased connection; reads the whole response, honours
    /// Connection: close, and shortens the connection's keep-alive to the server's Keep-Alive
    /// timeout minus a margin.
    QFuture<ProbeResult> probe(ConnectionId id, const QString& method = QStringLiteral("HEAD"),
                               const QString& path = QStringLiteral("/"));
    void setPublishInterval(std::chrono::milliseconds interval);
    void setLeakThreshold(std::chrono::milliseconds threshold);

    /// The latest published snapshot (thread-safe; never null after construction).
    [[nodiscard]] SnapshotPtr latestSnapshot() const;
    [[nodiscard]] PoolParams params() const;

Q_SIGNALS:
    void snapshotReady(poolscope::SnapshotPtr snapshot);
    void eventsReady(const QList<poolscope::ServiceEvent>& events);
    void drainProgress(int inUse);

private:
    friend class PoolServiceThread;
    explicit PoolService(ServiceOptions options);
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Owns the worker thread ("poolscope-pool") and the service living on it.
class PoolServiceThread
{
public:
    /// Fails (InvalidArgument) when the pool parameters are invalid.
    [[nodiscard]] static Result<std::unique_ptr<PoolServiceThread>> start(ServiceOptions options = {});
    ~PoolServiceThread(); ///< stops housekeeping, fails pending waiters, quits and joins the thread
    PoolServiceThread(const PoolServiceThread&) = delete;
    PoolServiceThread& operator=(const PoolServiceThread&) = delete;

    [[nodiscard]] PoolService* service() const noexcept { return m_service; }

private:
    PoolServiceThread() = default;
    std::unique_ptr<QThread> m_thread;
    PoolService* m_service = nullptr; // lives on m_thread; deleted there before the thread ends
};

} // namespace poolscope
