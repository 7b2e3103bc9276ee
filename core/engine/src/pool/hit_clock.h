#pragma once
// The clock of the hit path. Reusing and returning a connection stamp it (last use, keep-alive
// deadline) and test it against its deadlines, once per acquire and once per release. On Linux
// that read uses CLOCK_MONOTONIC_COARSE: about 6 ns instead of about 31 ns for a precise read on
// the machines we measure. It has CLOCK_MONOTONIC's origin (steady_clock's) and usually trails it
// by less than its resolution (one kernel tick, 4 ms at HZ=250) -- but not always: on a loaded
// virtual machine we measured 7 ms, when ticks were late.
//
// So the coarse reading is used as it is only where being early is harmless: for last-use and
// keep-alive stamps (an early stamp only brings the keep-alive deadline forward) and for deadlines
// it has already passed or that are far away. Near a deadline (kNearDeadline) the precise clock
// decides, so no connection is reused after its deadline however late the ticks are, and the
// precise read is paid only by connections that are about to expire.
// Dial timings and the deadlines of waits keep the precise clock.

#include "poolscope/pool_types.h"

#if defined(__linux__)
#include <time.h>
#endif

namespace poolscope::detail {

/// Deadlines closer than this to a coarse reading are checked against the precise clock.
inline constexpr Clock::duration kNearDeadline = std::chrono::milliseconds(250);

struct HitTime
{
    Clock::time_point stamp;
    bool coarse = false;

    /// Whether `deadline` has passed (see above).
    [[nodiscard]] bool reached(Clock::time_point deadline) const noexcept
    {
        if (stamp >= deadline)
            return true;
        if (!coarse || deadline - stamp > kNearDeadline)
            return false;
        return Clock::now() >= deadline;
    }
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
        return {stamp, true};
    }
#endif
    return {Clock::now(), false};
}

} // namespace poolscope::detail
