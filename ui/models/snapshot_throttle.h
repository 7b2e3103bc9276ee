#pragma once
// Hands service snapshots to the window at most every interval (100 ms by default), always the
// newest one. Paused: snapshots are kept, not applied; resuming applies the newest at once.

#include "poolscope/service/service_types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <chrono>

namespace poolscope::ui {

class SnapshotThrottle : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotThrottle(QObject* parent = nullptr);

    void setInterval(std::chrono::milliseconds interval);
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_interval; }

    void submit(const poolscope::SnapshotPtr& snapshot);
    void setPaused(bool paused);
    [[nodiscard]] bool isPaused() const { return m_paused; }

    [[nodiscard]] SnapshotPtr pending() const { return m_pending; }
    [[nodiscard]] SnapshotPtr lastApplied() const { return m_applied; }
    [[nodiscard]] quint64 appliedCount() const { return m_appliedCount; }
    /// Snapshots that were replaced by a newer one before they could be applied.
    [[nodiscard]] quint64 skippedCount() const { return m_skipped; }

Q_SIGNALS:
    void snapshotApplied(const poolscope::SnapshotPtr& snapshot);
    void pausedChanged(bool paused);

private:
    void applyPending();

    std::chrono::milliseconds m_interval{100};
    QTimer m_timer;
    QElapsedTimer m_sinceApply;
    SnapshotPtr m_pending;
    SnapshotPtr m_applied;
    quint64 m_appliedCount = 0;
    quint64 m_skipped = 0;
    bool m_paused = false;
};

} // namespace poolscope::ui
