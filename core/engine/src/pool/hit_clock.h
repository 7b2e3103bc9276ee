#pragma once
// The clock of the hit path. Reusing and returning a connection stamp it (last use, keep-alive
// deadline) and test it against its deadlines, once per acquire and once per release. On Linux
// that read uses CLOCK_MONOTONIC_COARSE: about 6 ns instead of about 31 ns for a precise read on
// the machines we measure. It has CLOCK_MONOTONIC's origin (steady_clock's) and trails it by less
// than its resolution (one kernel tick, 4 ms at HZ=250).
//
// So that no deadline is ever honoured late, a reading carries two time points:
//   stamp   the coarse reading, for last-use and keep-alive stamps (a stamp up to a tick early
//           only brings the keep-alive deadline forward);
//   latest  stamp + resolution, a time the true clock has certainly not passed, for comparing
//           with deadlines: a connection is retired up to a tick early, never reused late.
// Dial timings and the deadlines of waits keep the precise clock.

#include "poolscope/pool_types.h"

#if defined(__linux__)
#include <time.h>
#endif

namespace poolscope::detail {

struct HitTime
{
    Clock::time_point stamp;
    Clock::time_point latest;
};

inline HitTime hitPathNow() noexcept
{
#if defined(__linux__) && defined(CLOCK_MONOTONIC_COARSE)
    static const Clock::duration resolution = [] {
        timespec res{};
        if (::clock_getres(CLOCK_MONOTONIC_COARSE, &res) != 0)
            return Clock::duration::max();
        return std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(res.tv_sec) +
                                                           std::chrono::nanoseconds(res.tv_nsec));
    }();
    timespec ts{};
    // Coarser than 10 ms is not worth the imprecision: use the precise clock then.
    if (resolution <= std::chrono::milliseconds(10) && ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0) {
        const Clock::time_point stamp(std::chrono::duration_cast<Clock::duration>(
            std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
        return {stamp, stamp + resolution};
    }
#endif
    const auto now = Clock::now();
    return {now, now};
}

} // namespace poolscope::detail
