// PoolServiceThread: owns the worker QThread ("poolscope-pool") and the PoolService living on it.
#include "poolscope/service/pool_service.h"
#include "service_log.h"
#include "thread_handoff.h"

#include <condition_variable>
#include <mutex>

namespace poolscope {
namespace {

void registerMetaTypes()
{
    static std::once_flag once;
    std::call_once(once, [] {
        qRegisterMetaType<Lease>("poolscope::Lease");
        qRegisterMetaType<ProbeResult>("poolscope::ProbeResult");
        qRegisterMetaType<SnapshotPtr>("poolscope::SnapshotPtr");
        qRegisterMetaType<ServiceEvent>("poolscope::ServiceEvent");
        qRegisterMetaType<QList<ServiceEvent>>("QList<poolscope::ServiceEvent>");
        qRegisterMetaType<WarmupRow>("poolscope::WarmupRow");
    });
}

} // namespace

Result<std::unique_ptr<PoolServiceThread>> PoolServiceThread::start(ServiceOptions options)
{
    registerMetaTypes();
    if (Status valid = options.pool.validate(); !valid.ok())
        return valid.error();
    if (options.publishInterval.count() <= 0 || options.watchInterval.count() <= 0)
        return makeError(ErrorCode::InvalidArgument, "publishInterval and watchInterval must be positive",
                         DialPhase::Validate);
    if (options.defaultAcquireTimeout.count() <= 0)
        return makeError(ErrorCode::InvalidArgument, "defaultAcquireTimeout must be positive",
                         DialPhase::Validate);
    auto pool = ConnectionPool::create(options.pool);
    if (!pool)
        return std::move(pool).error();

    std::unique_ptr<PoolServiceThread> owner(new PoolServiceThread);
    owner->m_thread = std::make_unique<QThread>();
    owner->m_thread->setObjectName(QStringLiteral("poolscope-pool"));
    auto* service = new PoolService(std::move(options), std::move(pool).value());
    service->moveToThread(owner->m_thread.get());
    owner->m_service = service;
    owner->m_thread->start();
    detail::postTo(service, [service] { service->startOnWorker(); });
    return Result<std::unique_ptr<PoolServiceThread>>(std::move(owner));
}

PoolServiceThread::~PoolServiceThread()
{
    if (!m_thread)
        return;
    PoolService* service = std::exchange(m_service, nullptr);
    if (QThread::currentThread() == m_thread.get()) {
        // Usage error: we cannot wait for our own thread. Stop now, delete later, let it go.
        qCWarning(lcService) << "PoolServiceThread destroyed on its own worker thread; detaching it";
        if (service) {
            service->stopOnWorker();
            service->deleteLater();
        }
        QThread* thread = m_thread.release();
        QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->quit();
        return;
    }
    if (service && m_thread->isRunning()) {
        // Not a BlockingQueuedConnection: the mutex is an ordering ThreadSanitizer can see, so the
        // teardown's writes on the worker are ordered before everything after this point. Not
        // std::latch either: it rests on libstdc++ 12's atomic wait, which was seen to miss its
        // wake-up in the MinGW-w64 build for Windows (no futex there; a test's latch hung).
        std::mutex mutex;
        std::condition_variable cv;
        bool stopped = false;
        detail::postTo(service, [service, &mutex, &cv, &stopped] {
            service->stopOnWorker();
            delete service;
            // Now, not at the thread's exit: wait() below returns before that has run, and a
            // process exiting right after could lose OpenSSL's per-thread state of this thread.
            releaseThreadResources();
            const std::lock_guard lock(mutex);
            stopped = true;
            cv.notify_one();
        });
        std::unique_lock lock(mutex);
        cv.wait(lock, [&stopped] { return stopped; });
    } else {
        delete service; // the thread never ran (or already ended): nothing else can touch it
    }
    m_thread->quit();
    m_thread->wait();
}

} // namespace poolscope
