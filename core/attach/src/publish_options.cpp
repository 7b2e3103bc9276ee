// PublishOptions::validate and the one-call PoolPublisher::publish.

#include "poolscope/attach/pool_publisher.h"

#include <QCoreApplication>
#include <QThread>

namespace poolscope {

QString PublishOptions::validate() const
{
    using std::chrono::milliseconds;
    if (snapshotInterval < milliseconds(20) || snapshotInterval > milliseconds(10'000))
        return QStringLiteral("the snapshot interval must be 20 ms … 10 s (is %1 ms)")
            .arg(snapshotInterval.count());
    if (maxBacklogBytes < 64 * 1024 || maxBacklogBytes > qint64{64} << 20)
        return QStringLiteral("the backlog per monitor must be 64 KiB … 64 MiB (is %1 bytes)")
            .arg(maxBacklogBytes);
    if (maxMonitors < 1 || maxMonitors > 64)
        return QStringLiteral("the number of monitors must be 1 … 64 (is %1)").arg(maxMonitors);
    if (helloTimeout < milliseconds(100) || helloTimeout > milliseconds(60'000))
        return QStringLiteral("the hello timeout must be 100 ms … 60 s (is %1 ms)").arg(helloTimeout.count());
    if (poolName.trimmed().isEmpty())
        return QStringLiteral("the pool name must not be empty");
    if (poolName.size() > 200 || appName.size() > 200)
        return QStringLiteral("the app and pool names must be at most 200 characters");
    return {};
}

PoolPublisher* PoolPublisher::publish(PoolService* service, PublishOptions options, QString* error)
{
    if (service == nullptr) {
        if (error != nullptr)
            *error = QStringLiteral("no service to publish");
        return nullptr;
    }
    // The publisher lives on the caller's thread; the service may live on its worker thread, so it
    // is parented to the service only when both share a thread. Else it goes when the service does
    // (deleteLater, on this thread's loop) or, if that loop has already ended, with the
    // application object when that shares this thread: never leaked.
    const bool sameThread = service->thread() == QThread::currentThread();
    QObject* app = QCoreApplication::instance();
    QObject* parent = sameThread
                          ? static_cast<QObject*>(service)
                          : (app != nullptr && app->thread() == QThread::currentThread() ? app : nullptr);
    auto* publisher = new PoolPublisher(service, std::move(options), parent);
    if (!publisher->start()) {
        if (error != nullptr)
            *error = publisher->error();
        delete publisher;
        return nullptr;
    }
    if (!sameThread)
        connect(service, &QObject::destroyed, publisher, &QObject::deleteLater);
    return publisher;
}

} // namespace poolscope
