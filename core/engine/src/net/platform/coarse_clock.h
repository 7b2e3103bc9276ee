#pragma once
// A cheap, coarse read of the steady clock where the platform has one (Linux:
// CLOCK_MONOTONIC_COARSE, steady_clock's origin). Inline because the hit path reads it twice per
// reuse; pool/hit_clock.h says where a coarse reading may be used.

#include <chrono>

#if defined(__linux__)
#include <time.h>
#endif

namespace poolscope::detail::sys {

/// Writes a coarse reading of std::chrono::steady_clock and returns true, or returns false when
/// the platform has no coarse clock finer than 10 ms (the caller then reads the precise clock).
inline bool coarseSteadyNow(std::chrono::steady_clock::time_point& out) noexcept
{
#if defined(__linux__) && defined(CLOCK_MONOTONIC_COARSE)
    using Duration = std::chrono::steady_clock::duration;
    static const Duration resolution = [] {
        timespec res{};
        if (::clock_getres(CLOCK_MONOTONIC_COARSE, &res) != 0)
            return Duration::max();
        return std::chrono::duration_cast<Duration>(std::chrono::seconds(res.tv_sec) +
                                                    std::chrono::nanoseconds(res.tv_nsec));
    }();
    timespec ts{};
    // Coarser than 10 ms is not worth the imprecision.
    if (resolution > std::chrono::milliseconds(10) || ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) != 0)
        return false;
    out = std::chrono::steady_clock::time_point(std::chrono::duration_cast<Duration>(
        std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
    return true;
#else
    (void)out;
    return false;
#endif
}

} // namespace poolscope::detail::sys
