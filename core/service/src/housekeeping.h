#pragma once
// Housekeeping on the worker thread: the idle watcher (ConnectionPool::checkIdle() every
// watchInterval, so a peer that closes an idle connection is noticed within ~100 ms, before anyone
// asks for it) and the reaper (closeExpired() on a single-shot timer armed at nextIdleDeadline():
// keep-alive deadlines and, jittered by the engine, max lifetimes).

#include "poolscope/connection_pool.h"

#include <QObject>
#include <chrono>
#include <functional>

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
    Housekeeping(QObject* owner, ConnectionPool& pool, std::chrono::milliseconds watchInterval, Hooks hooks);

    void start();
    void stop();
    /// Re-arms the reaper when the earliest idle deadline moved earlier (call after a release).
    void rearm();
    void setWatchInterval(std::chrono::milliseconds interval);

private:
    void onWatch();
    void onReap();

    ConnectionPool& m_pool;
    Hooks m_hooks;
    QTimer* m_watch;
    QTimer* m_reaper;
    Clock::time_point m_armedFor = Clock::time_point::max();
    bool m_running = false;
    bool m_idlePass = false;
};

} // namespace poolscope::detail
