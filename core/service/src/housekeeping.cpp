#include "housekeeping.h"

#include "service_log.h"

#include <QTimer>
#include <algorithm>

namespace poolscope::detail {

Housekeeping::Housekeeping(QObject* owner, ConnectionPool& pool, std::shared_ptr<const TimeSource> clock,
                           std::chrono::milliseconds watchInterval, Hooks hooks)
    : m_pool(pool), m_clock(std::move(clock)), m_hooks(std::move(hooks)), m_watch(new QTimer(owner)),
      m_reaper(new QTimer(owner))
{
    m_watch->setObjectName(QStringLiteral("poolscope-watcher"));
    m_watch->setTimerType(Qt::PreciseTimer);
    m_watch->setInterval(std::max(watchInterval, std::chrono::milliseconds{1}));
    m_reaper->setObjectName(QStringLiteral("poolscope-reaper"));
    m_reaper->setTimerType(Qt::PreciseTimer);
    m_reaper->setSingleShot(true);
    QObject::connect(m_watch, &QTimer::timeout, owner, [this] { onWatch(); });
    QObject::connect(m_reaper, &QTimer::timeout, owner, [this] { onReap(); });
}

void Housekeeping::start()
{
    m_running = true;
    m_watch->start();
    rearm();
}

void Housekeeping::stop()
{
    m_running = false;
    m_watch->stop();
    m_reaper->stop();
    m_armedFor = Clock::time_point::max();
}

void Housekeeping::setWatchInterval(std::chrono::milliseconds interval)
{
    m_watch->setInterval(std::max(interval, std::chrono::milliseconds{1}));
}

void Housekeeping::rearm()
{
    if (!m_running)
        return;
    const auto next = m_pool.nextIdleDeadline();
    if (!next) {
        m_reaper->stop();
        m_armedFor = Clock::time_point::max();
        return;
    }
    if (m_reaper->isActive() && *next >= m_armedFor)
        return;
    // Round up (+1 ms) so the reaper never fires just before the deadline and spins.
    const auto wait =
        std::chrono::ceil<std::chrono::milliseconds>(*next - now()) + std::chrono::milliseconds{1};
    m_armedFor = *next;
    // After a pass that closed nothing (the deadline moved), do not spin on a past deadline.
    const auto floor = m_idlePass ? std::chrono::milliseconds{10} : std::chrono::milliseconds{0};
    m_reaper->start(std::max(wait, floor));
}

void Housekeeping::runNow()
{
    if (!m_running)
        return;
    m_reaper->stop();
    onReap();
    onWatch();
}

void Housekeeping::onWatch()
{
    const int closed = m_pool.checkIdle();
    if (closed > 0) {
        qCDebug(lcService) << "watcher closed" << closed << "idle connection(s) the peer closed";
        if (m_hooks.closed)
            m_hooks.closed(closed);
    }
    rearm();
    if (m_hooks.tick)
        m_hooks.tick();
}

void Housekeeping::onReap()
{
    m_armedFor = Clock::time_point::max();
    const int closed = m_pool.closeExpired();
    m_idlePass = closed == 0;
    if (closed > 0) {
        qCDebug(lcService) << "reaper closed" << closed << "expired idle connection(s)";
        if (m_hooks.closed)
            m_hooks.closed(closed);
    }
    rearm();
}

} // namespace poolscope::detail
