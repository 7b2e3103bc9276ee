#pragma once
// Housekeeping on the worker thread: the idle watcher (ConnectionPool::checkIdle() every
// watchInterval, so a peer that closes an idle connection is noticed within ~100 ms, before anyone
// asks for it) and the reaper (closeExpired() on a single-shot timer armed at nextIdleDeadline():
// keep-alive deadlines and, jittered by the engine, max lifetimes). Deadlines are read from the
// pool's clock; the timers wait in real time, so with a ManualClock a test calls runNow() after
// moving it.

#include "poolscope/connection_pool.h"
#include "poolscope/time_source.h"

#include <QObject>
#include <chrono>
#include <functional>
#include <memory>

class QTimer;

namespace poolscope::detail {

class Housekeeping
{
public:
    struct Hooks
    {
        std::function<void()> tick;             ///< after every watcher pass (warm-up, serving)
        std::function<void(int closed)> closed; ///< connections closed by the watcher or the reaper
    };

    /// Timers are children of `owner` (they move with it to the worker thread).
    Housekeeping(QObject* owner, ConnectionPool& pool, std::shared_ptr<const TimeSource> clock,
                 std::chrono::milliseconds watchInterval, Hooks hooks);

    void start();
    void stop();
    /// Re-arms the reaper when the earliest idle deadline moved earlier (call after a release).
    void rearm();
    void setWatchInterval(std::chrono::milliseconds interval);
    /// One reaper pass and one watcher pass now, whatever the timers say (PoolService::runDueWork).
    void runNow();

private:
    void onWatch();
    void onReap();

    [[nodiscard]] Clock::time_point now() const noexcept { return m_clock ? m_clock->now() : Clock::now(); }

    ConnectionPool& m_pool;
    std::shared_ptr<const TimeSource> m_clock; ///< null: the real steady clock
    Hooks m_hooks;
    QTimer* m_watch;
    QTimer* m_reaper;
    Clock::time_point m_armedFor = Clock::time_point::max();
    bool m_running = false;
    bool m_idlePass = false;
};

} // namespace poolscope::detail
