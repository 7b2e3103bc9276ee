#pragma once
// The sending side of the hand-off protocol in poolscope/service/thread_handoff.h: every value the
// service passes to another thread goes through one of these helpers, so that in ThreadSanitizer
// builds the post happens under the hand-off lock and the receiver observes it before reading.

#include "dial_threads.h"
#include "poolscope/service/service_error.h"
#include "poolscope/service/thread_handoff.h"

#include <QMetaObject>
#include <QObject>
#include <QPromise>
#include <type_traits>
#include <utility>

#if POOLSCOPE_TSAN
#include <mutex>
#endif

namespace poolscope::detail {

#if POOLSCOPE_TSAN
/// Recursive: fulfilling a promise may run a context-less continuation inline, which may post.
std::recursive_mutex& handoffLock() noexcept;
#endif

/// Holds the hand-off lock while a value is being handed to another thread (TSan builds only).
class HandoffScope
{
public:
    // User-provided (not = default) so that a scope that is empty outside TSan builds is not
    // reported as an unused variable.
    HandoffScope() noexcept {} // NOLINT(modernize-use-equals-default)
    ~HandoffScope() {}         // NOLINT(modernize-use-equals-default)
    HandoffScope(const HandoffScope&) = delete;
    HandoffScope& operator=(const HandoffScope&) = delete;

private:
#if POOLSCOPE_TSAN
    std::lock_guard<std::recursive_mutex> m_lock{handoffLock()};
#endif
};

/// `fn` wrapped so that it observes the hand-off before it touches anything it captured: before
/// it runs, and before its captures are destroyed. A queued call whose receiver dies is destroyed
/// unrun on the receiver's thread (acquireFor's answer to a receiver that went away).
template <class F> class Observing
{
public:
    explicit Observing(F fn) : m_fn(std::move(fn)) {}
    Observing(Observing&&) noexcept(std::is_nothrow_move_constructible_v<F>) = default;
    Observing(const Observing&) = default;
    Observing& operator=(const Observing&) = delete;
    Observing& operator=(Observing&&) = delete;
    ~Observing() { observeServiceHandoff(); }

    void operator()()
    {
        observeServiceHandoff();
        m_fn();
    }

private:
    F m_fn;
};

template <class F> auto observing(F&& fn)
{
    return Observing<std::decay_t<F>>(std::forward<F>(fn));
}

/// Run `fn` on `target`'s thread (queued).
template <class F> void postTo(QObject* target, F&& fn)
{
    HandoffScope scope;
    QMetaObject::invokeMethod(target, observing(std::forward<F>(fn)), Qt::QueuedConnection);
}

/// Run `fn` on one of the dial threads. No hand-off lock: DialThreads queues under a std::mutex,
/// which ThreadSanitizer sees, so the job is ordered after everything written before this call.
template <class F> void runOn(DialThreads& threads, F&& fn)
{
    threads.start(std::forward<F>(fn));
}

template <class T, class V> void fulfil(QPromise<T>& promise, V&& value)
{
    HandoffScope scope;
    promise.addResult(std::forward<V>(value));
    promise.finish();
}

/// Finish without a result: a QPromise<void>, or a cancelled request.
template <class T> void fulfil(QPromise<T>& promise)
{
    HandoffScope scope;
    promise.finish();
}

template <class T> void failPromise(QPromise<T>& promise, const Error& error)
{
    HandoffScope scope;
    promise.setException(ServiceError(error));
    promise.finish();
}

} // namespace poolscope::detail
