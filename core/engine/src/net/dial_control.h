#pragma once
// Deadline and cancellation shared by every blocking phase of a dial. Phases wait in slices of at
// most kCancelSlice so a cancel is noticed within 50 ms whatever the phase.

#include "poolscope/error.h"

#include <atomic>
#include <chrono>
#include <stop_token>
#include <string>

namespace poolscope::detail {

inline constexpr std::chrono::milliseconds kCancelSlice{25};

struct DialControl
{
    using Clock = std::chrono::steady_clock;

    Clock::time_point deadline = Clock::time_point::max(); ///< max() = no limit
    std::stop_token stop;
    const int* cancelFlag = nullptr;              ///< seed-style int flag, read via atomic_ref
    const std::atomic<bool>* poolAbort = nullptr; ///< set by pool shutdown/destruction

    [[nodiscard]] bool cancelled() const noexcept;
    [[nodiscard]] bool aborted() const noexcept
    {
        return poolAbort && poolAbort->load(std::memory_order_acquire);
    }
    [[nodiscard]] bool expired() const noexcept { return Clock::now() >= deadline; }

    /// Milliseconds to wait in poll() now: min(slice, time to deadline), >= 0.
    [[nodiscard]] int pollSliceMs() const noexcept;

    /// Ok, or the Cancelled / ShutDown / TimedOut error for `phase` (message names `what`).
    [[nodiscard]] Error check(DialPhase phase, const std::string& what) const;

    /// A copy whose deadline is additionally bounded by `phaseTimeout` from now (0 = unchanged).
    [[nodiscard]] DialControl withPhaseTimeout(std::chrono::milliseconds phaseTimeout) const;
};

} // namespace poolscope::detail
