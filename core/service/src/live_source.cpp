#include "poolscope/service/live_source.h"

#include "poolscope/service/pool_service.h"
#include "poolscope/service/thread_handoff.h"

namespace poolscope {

LiveSource::LiveSource(PoolService* service, QObject* parent) : MonitorSource(parent), m_service(service)
{
    if (!service)
        return;
    // Queued: the service lives on its worker thread. Observing the hand-off is free outside
    // ThreadSanitizer builds (thread_handoff.h).
    connect(service, &PoolService::snapshotReady, this, [this](const SnapshotPtr& snapshot) {
        observeServiceHandoff();
        Q_EMIT snapshotReady(snapshot);
    });
    connect(service, &PoolService::eventsReady, this, [this](const QList<ServiceEvent>& events) {
        observeServiceHandoff();
        Q_EMIT eventsReady(events);
    });
}

MonitorSource::Capabilities LiveSource::capabilities() const
{
    if (!m_service)
        return {};
    return Capability::Dial | Capability::Use | Capability::Close | Capability::Shutdown |
           Capability::Settings | Capability::Capture | Capability::Record;
}

SnapshotPtr LiveSource::latestSnapshot() const
{
    return m_service ? m_service->latestSnapshot() : nullptr;
}

} // namespace poolscope
