#pragma once
// What the sections that drive a PoolService from the main thread share: a real event loop to
// wait in, the calling thread's CPU clock, and filling the pool with idle connections.
#include "poolscope/service/pool_service.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace poolscope::bench {

/// Runs the event loop until `done` or `limitMs` passed; false on time-out. A real QEventLoop
/// that sleeps between events: a processEvents() loop would spin and count as this thread's work.
template <class Done> bool spinUntil(Done done, int limitMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > limitMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

/// CPU time of the calling thread, in seconds.
[[nodiscard]] double threadCpuSeconds();

/// Opens `count` connections with `request` at once and returns them all to idle, waiting in the
/// event loop (at most `limitMs` for the dials, as long again for the returns). Returns how many
/// could not be opened (0 when the pool holds `count` idle connections).
[[nodiscard]] int fillIdleConnections(PoolService* service, const AcquireRequest& request, int count,
                                      int limitMs);

} // namespace poolscope::bench
