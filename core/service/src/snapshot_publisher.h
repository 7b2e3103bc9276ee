#pragma once
// Events and snapshots for UIs. The engine's callback runs on arbitrary threads: EventSink only
// converts and appends under a mutex (bounded; the oldest are dropped and counted on overflow).
// The worker's publish timer takes the batch, builds a PoolSnapshot only when something changed
// and emits one eventsReady + one snapshotReady per period at most.

#include "poolscope/service/service_types.h"

#include <QList>
#include <atomic>
#include <mutex>

namespace poolscope::detail {

/// Engine event → service event (same kind names; message = the error's text).
[[nodiscard]] ServiceEvent toServiceEvent(const PoolEvent& event);

class EventSink
{
public:
    explicit EventSink(int maxPending) : m_max(maxPending) {}

    void push(ServiceEvent event);
    /// Called by the engine on any thread; bumps generation() for slot-freeing events.
    void pushEngine(const PoolEvent& event);
    [[nodiscard]] QList<ServiceEvent> take();
    [[nodiscard]] quint64 dropped() const;
    /// Increases whenever a slot may have been freed (Released, Closed, DialFailed): waiters blocked
    /// by OutOfResources at an older generation may try again.
    [[nodiscard]] quint64 generation() const noexcept { return m_generation.load(std::memory_order_acquire); }

private:
    mutable std::mutex m_mutex;
    QList<ServiceEvent> m_pending;
    int m_max;
    quint64 m_dropped = 0;
    std::atomic<quint64> m_generation{0};
};

/// The latest published snapshot, readable from any thread.
class SnapshotStore
{
public:
    void set(SnapshotPtr snapshot)
    {
        std::lock_guard lock(m_mutex);
        m_latest = std::move(snapshot);
    }
    [[nodiscard]] SnapshotPtr get() const
    {
        std::lock_guard lock(m_mutex);
        return m_latest;
    }

private:
    mutable std::mutex m_mutex;
    SnapshotPtr m_latest;
};

} // namespace poolscope::detail
