#pragma once
// Deadlines that saturate: `after(now, d)` is now + d, or time_point::max() ("never") when that
// would overflow, for any duration type and size. Every deadline in PoolScope is computed through
// here, so a duration of duration::max() means "no limit" instead of wrapping into the past.

#include <chrono>
#include <ratio>
#include <type_traits>

namespace poolscope {

/// `t + d`, saturating at TimePoint::max(); a negative or zero `d` gives `t`.
template <class TimePoint, class Rep, class Period>
[[nodiscard]] constexpr TimePoint saturatingAdd(TimePoint t, std::chrono::duration<Rep, Period> d) noexcept
{
    using Dur = std::chrono::duration<Rep, Period>;
    if (d <= Dur::zero())
        return t;
    // The room left before max(), in d's units (rounded down, so the comparison errs towards max()).
    const auto room = TimePoint::max() - t;
    if constexpr (std::chrono::treat_as_floating_point_v<Rep>) {
        if (!(d < std::chrono::duration_cast<Dur>(room)))
            return TimePoint::max();
    } else {
        // Compare in the coarser of the two units so neither conversion can overflow.
        using Common = std::common_type_t<Dur, typename TimePoint::duration>;
        if constexpr (std::is_same_v<Common, typename TimePoint::duration>) {
            // d's unit is coarser than or equal to the clock's: convert room down to d's unit.
            if (d >= std::chrono::duration_cast<Dur>(room))
                return TimePoint::max();
        } else {
            if (std::chrono::duration_cast<Common>(d) >= std::chrono::duration_cast<Common>(room))
                return TimePoint::max();
        }
    }
    return t + std::chrono::duration_cast<typename TimePoint::duration>(d);
}

/// `d` in the unit `To`, clamped to To's range instead of overflowing (milliseconds::max() as
/// microseconds is microseconds::max(), still "no limit").
template <class To, class Rep, class Period>
[[nodiscard]] constexpr To saturatingCast(std::chrono::duration<Rep, Period> d) noexcept
{
    using From = std::chrono::duration<Rep, Period>;
    if constexpr (std::ratio_less_v<typename To::period, Period>) {
        // To is finer: To's range, expressed in From's unit, is the smaller one.
        if (d >= std::chrono::duration_cast<From>(To::max()))
            return To::max();
        if (d <= std::chrono::duration_cast<From>(To::min()))
            return To::min();
    }
    return std::chrono::duration_cast<To>(d);
}

/// A deadline `d` from `now`; a zero `d` means "no deadline" (max()) where `zeroMeansNone`.
template <class TimePoint, class Rep, class Period>
[[nodiscard]] constexpr TimePoint deadlineAfter(TimePoint now, std::chrono::duration<Rep, Period> d,
                                                bool zeroMeansNone = true) noexcept
{
    if (zeroMeansNone && d <= std::chrono::duration<Rep, Period>::zero())
        return TimePoint::max();
    return saturatingAdd(now, d);
}

} // namespace poolscope
