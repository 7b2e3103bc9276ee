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

#include "net/platform/coarse_clock.h"
#include "poolscope/pool_types.h"

#include <type_traits>

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

static_assert(std::is_same_v<Clock, std::chrono::steady_clock>, "the coarse reading is steady_clock's");

inline HitTime hitPathNow() noexcept
{
    Clock::time_point stamp;
    if (sys::coarseSteadyNow(stamp))
        return {stamp, true};
    return {Clock::now(), false};
}

} // namespace poolscope::detail
