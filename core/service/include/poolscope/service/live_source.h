#pragma once
// LiveSource: the MonitorSource of a PoolService in this process. Forwards the service's snapshots
// and events (queued from its worker thread to the thread that created this source) and allows
// every action through service().
//
// Lifetime: the service is not owned. If it is destroyed first, the source goes quiet: service()
// and latestSnapshot() return null from then on.

#include "poolscope/service/monitor_source.h"

#include <QPointer>

namespace poolscope {

/// The live pool of this process as a MonitorSource (see the top of this header).
class LiveSource : public MonitorSource
{
    Q_OBJECT
public:
    /// Watches `service` (not owned; may be destroyed first) from the calling thread.
    explicit LiveSource(PoolService* service, QObject* parent = nullptr);

    [[nodiscard]] Kind kind() const override { return Kind::Live; }
    [[nodiscard]] QString name() const override { return {}; }
    [[nodiscard]] Capabilities capabilities() const override;
    [[nodiscard]] SnapshotPtr latestSnapshot() const override;
    [[nodiscard]] Clock::time_point now() const override { return Clock::now(); }
    [[nodiscard]] QDateTime wallTime() const override { return QDateTime::currentDateTimeUtc(); }
    [[nodiscard]] PoolService* service() const override { return m_service; }

private:
    QPointer<PoolService> m_service;
};

} // namespace poolscope
