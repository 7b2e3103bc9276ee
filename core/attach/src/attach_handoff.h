#pragma once
// Queued calls between an AttachedSource and its reader thread in a way ThreadSanitizer can follow
// (the approach of poolscope/service/thread_handoff.h, for this subsystem's own calls). Qt orders a
// queued call with its own locks, which TSan does not see when Qt is not built with it (distribution
// packages never are), so it would report every call as a race. In TSan builds the call is posted
// under a lock TSan sees, and the callee takes that lock before it touches what the call captured
// and before the capture is destroyed. Elsewhere this is a plain QMetaObject::invokeMethod.
// (The values themselves go through AttachMailbox, whose std::mutex TSan sees anyway.)

#include "poolscope/service/thread_handoff.h" // POOLSCOPE_TSAN

#include <QMetaObject>
#include <QObject>
#include <type_traits>
#include <utility>

#if POOLSCOPE_TSAN
#include <mutex>
#endif

namespace poolscope::detail {

#if POOLSCOPE_TSAN
/// Recursive: the call's temporary wrapper is destroyed (and observes) while the poster holds it.
inline std::recursive_mutex& attachHandoffLock() noexcept
{
    static std::recursive_mutex lock;
    return lock;
}
#endif

inline void observeAttachHandoff() noexcept
{
#if POOLSCOPE_TSAN
    const std::lock_guard<std::recursive_mutex> lock(attachHandoffLock());
#endif
}

/// `fn`, observing the hand-off before it runs and before its captures are destroyed.
template <class F> class AttachObserving
{
public:
    explicit AttachObserving(F fn) : m_fn(std::move(fn)) {}
    AttachObserving(AttachObserving&&) noexcept(std::is_nothrow_move_constructible_v<F>) = default;
    AttachObserving(const AttachObserving&) = default;
    AttachObserving& operator=(const AttachObserving&) = delete;
    AttachObserving& operator=(AttachObserving&&) = delete;
    ~AttachObserving() { observeAttachHandoff(); }

    void operator()()
    {
        observeAttachHandoff();
        m_fn();
    }

private:
    F m_fn;
};

/// Runs `fn` on `target`'s thread, queued (dropped unrun when `target` is deleted first).
template <class F> void postAttachCall(QObject* target, F&& fn)
{
#if POOLSCOPE_TSAN
    const std::lock_guard<std::recursive_mutex> lock(attachHandoffLock());
#endif
    QMetaObject::invokeMethod(target, AttachObserving<std::decay_t<F>>(std::forward<F>(fn)),
                              Qt::QueuedConnection);
}

} // namespace poolscope::detail
