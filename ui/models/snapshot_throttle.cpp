#include "models/snapshot_throttle.h"

namespace poolscope::ui {

SnapshotThrottle::SnapshotThrottle(QObject* parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SnapshotThrottle::applyPending);
}

void SnapshotThrottle::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
}

void SnapshotThrottle::submit(const SnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    if (m_pending && m_pending != m_applied)
        ++m_skipped;
    m_pending = snapshot;
    if (m_paused || m_timer.isActive())
        return;
    const qint64 since = m_sinceApply.isValid() ? m_sinceApply.elapsed() : m_interval.count();
    if (since >= m_interval.count())
        applyPending();
    else
        m_timer.start(std::chrono::milliseconds(m_interval.count() - since));
}

void SnapshotThrottle::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused)
        m_timer.stop();
    else
        applyPending();
    Q_EMIT pausedChanged(paused);
}

void SnapshotThrottle::applyPending()
{
    if (m_paused || !m_pending || m_pending == m_applied)
        return;
    m_applied = m_pending;
    ++m_appliedCount;
    m_sinceApply.start();
    Q_EMIT snapshotApplied(m_applied);
}

} // namespace poolscope::ui
