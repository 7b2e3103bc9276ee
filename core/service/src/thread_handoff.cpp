// The process-wide hand-off lock (see poolscope/service/thread_handoff.h).
#include "thread_handoff.h"

#include <mutex>

namespace poolscope::detail {
namespace {
std::recursive_mutex& theLock() noexcept
{
    static std::recursive_mutex lock;
    return lock;
}
} // namespace

#if POOLSCOPE_TSAN
std::recursive_mutex& handoffLock() noexcept
{
    return theLock();
}
#endif

void observeServiceHandoffSlow() noexcept
{
    const std::lock_guard<std::recursive_mutex> lock(theLock());
}

} // namespace poolscope::detail
