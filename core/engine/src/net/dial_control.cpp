#include "net/dial_control.h"

#include "poolscope/deadline.h"

#include <algorithm>

namespace poolscope::detail {

bool DialControl::cancelled() const noexcept
{
    if (stop.stop_requested())
        return true;
    if (!cancelFlag)
        return false;
    // The seed API hands us a plain `const int*` that another thread sets without synchronisation
    // of its own. std::atomic_ref<const int> is not available before C++26, so the const is cast
    // away; only load() is ever called, so the object is never written through this reference.
    // Relaxed is enough: the flag carries no other data, it only has to become visible.
    return std::atomic_ref<int>(*const_cast<int*>(cancelFlag)).load(std::memory_order_relaxed) != 0;
}

int DialControl::pollSliceMs() const noexcept
{
    if (deadline == Clock::time_point::max())
        return static_cast<int>(kCancelSlice.count());
    const auto remaining = deadline - Clock::now();
    if (remaining <= Clock::duration::zero())
        return 0;
    // Rounding up keeps a sub-millisecond remainder from turning into a busy poll(…, 0) loop.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(remaining);
    return static_cast<int>(std::min(ms, kCancelSlice).count());
}

Error DialControl::check(DialPhase phase, const std::string& what) const
{
    // Cancel wins over shutdown and timeout: it is what the caller asked for, so it is what
    // the caller should be told.
    if (cancelled())
        return makeError(ErrorCode::Cancelled, what + " cancelled", phase);
    if (aborted())
        return makeError(ErrorCode::ShutDown, what + " aborted: the pool is shutting down", phase);
    if (expired())
        return makeError(ErrorCode::TimedOut, what + " timed out", phase);
    return {};
}

DialControl DialControl::withPhaseTimeout(std::chrono::milliseconds phaseTimeout) const
{
    DialControl copy = *this;
    if (phaseTimeout.count() > 0) {
        const auto now = Clock::now();
        // Both sides saturate: a phase timeout of max() is "no bound", never an overflow.
        const auto phaseDeadline = saturatingAdd(now, phaseTimeout);
        if (phaseDeadline < deadline)
            copy.deadline = phaseDeadline;
    }
    return copy;
}

} // namespace poolscope::detail
