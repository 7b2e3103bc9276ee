#pragma once
// ThreadSanitizer and the service's cross-thread hand-offs.
//
// PoolService hands values between threads through Qt: queued calls to the worker, queued
// signals from it, and QPromise/QFuture results and exceptions. Qt orders each of those with its
// own mutexes. When Qt is not built with
// ThreadSanitizer (distribution packages never are), TSan cannot see that ordering and reports
// every hand-off as a data race, which buries any real race under false ones.
//
// So the service also publishes every hand-off through a lock TSan *can* see, and code that
// receives something from the service on another thread calls observeServiceHandoff() before it
// reads it (a future's result or exception, or a queued signal's arguments) and again when it is
// done reading a future's result: the service destroys its promises under the same lock, so the
// memory that held the result is freed after the read in TSan's eyes too.
//
// Contract:
//  - Outside ThreadSanitizer builds observeServiceHandoff() is an empty inline function.
//  - In TSan builds it takes and drops one process-wide lock; it never blocks for long (the
//    service holds that lock only while posting, never across I/O or a wait).
//  - It only adds ordering Qt already guarantees; it hides no access from TSan.

#if defined(__SANITIZE_THREAD__)
#define POOLSCOPE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define POOLSCOPE_TSAN 1
#endif
#endif
#ifndef POOLSCOPE_TSAN
#define POOLSCOPE_TSAN 0
#endif

namespace poolscope {
namespace detail {
/// Lock and unlock the process-wide hand-off lock. Defined in every build of the library, so a
/// TSan-built consumer may link against a library built without it (the lock is then unused).
void observeServiceHandoffSlow() noexcept;
} // namespace detail

/// Call on the receiving thread before reading what the service handed over (see above).
inline void observeServiceHandoff() noexcept
{
#if POOLSCOPE_TSAN
    detail::observeServiceHandoffSlow();
#endif
}

} // namespace poolscope
