#pragma once
// Where a pool reads the time for its bookkeeping: when a connection was made and last used, its
// keep-alive and lifetime deadlines, and event timestamps. By default the real steady clock; a
// test installs a ManualClock and moves it, so keep-alive, lifetime and jitter behaviour is
// checked without waiting on the wall clock. Dial, handshake and I/O deadlines are waits in
// poll() and always use the real clock.

#include "poolscope/pool_types.h"

#include <atomic>
#include <memory>

namespace poolscope {

/// The pool's bookkeeping clock (PoolParams::clock); see the top of this header.
class TimeSource
{
public:
    virtual ~TimeSource() = default;
    /// Must be thread-safe and never go backwards.
    [[nodiscard]] virtual Clock::time_point now() const noexcept = 0;
};

/// A clock that moves only when told to. Thread-safe.
class ManualClock final : public TimeSource
{
public:
    /// Starts at the real clock's current time, so its readings look like the real ones.
    ManualClock() : m_ticks(Clock::now().time_since_epoch().count()) {}
    [[nodiscard]] Clock::time_point now() const noexcept override
    {
        return Clock::time_point(Clock::duration(m_ticks.load(std::memory_order_acquire)));
    }
    /// Moves the clock forward, saturating at time_point::max() (a negative step is ignored:
    /// clocks never go back).
    void advance(Clock::duration step) noexcept
    {
        if (step.count() <= 0)
            return;
        Clock::rep ticks = m_ticks.load(std::memory_order_acquire);
        Clock::rep next = 0;
        do {
            next = ticks > Clock::duration::max().count() - step.count() ? Clock::duration::max().count()
                                                                          : ticks + step.count();
        } while (!m_ticks.compare_exchange_weak(ticks, next, std::memory_order_acq_rel));
    }

private:
    std::atomic<Clock::rep> m_ticks;
};

} // namespace poolscope
