// Work decided under the pool's lock and carried out after it: closing descriptors and
// delivering events to the callback, with the bookkeeping that lets a replacement wait for calls
// in flight.
#include "pool/pool_state.h"
#include "tls/tls_client.h"

#include <algorithm>
#include <vector>

namespace poolscope::detail {

// --- Deferred --------------------------------------------------------------------------------

Deferred::Deferred(PoolState& state)
    : m_state(state), m_wantEvents(state.m_hasCallback.load(std::memory_order_acquire))
{
}

void Deferred::carryOut()
{
    if (!m_closes.empty()) {
        for (auto& c : m_closes) {
            if (c.ssl && c.notify && c.fd.valid())
                sendCloseNotify(c.ssl.get(), c.fd.get());
            c.ssl.reset();
            c.fd.reset();
        }
    }
    if (m_events.empty())
        return;
    std::shared_ptr<PoolState::CallbackHolder> callback;
    {
        std::lock_guard guard(m_state.m_callbackMutex);
        callback = m_state.m_callback;
        if (!callback)
            return;
        ++callback->inFlight; // setEventCallback() and the owner's destructor wait for it
    }
    // The callback may destroy the last ConnectionPool (and with it this state, if no lease holds
    // it): keep the state alive until this Deferred is done with it.
    const std::shared_ptr<PoolState> keep = m_state.weak_from_this().lock();
    {
        const CallbackScope scope(m_state);
        for (const auto& event : m_events) {
            try {
                callback->function(event);
            } catch (...) {
                // A throwing callback must not unwind through the pool (this runs in destructors
                // and on dial threads); it is counted, and later events are still delivered.
                m_state.m_callbackExceptions.fetch_add(1, std::memory_order_relaxed);
            }
        }
    }
    {
        std::lock_guard guard(m_state.m_callbackMutex);
        --callback->inFlight;
    }
    m_state.m_callbackIdle.notify_all();
    // The last reference may be this one (the callback was replaced meanwhile): its captures are
    // destroyed here, after this call stopped counting, so they may even replace the callback.
    callback.reset();
}

// --- event callback calls in flight ------------------------------------------------------------

namespace {
// The pools whose callback this thread is inside (a callback may call into its pool, or another).
thread_local std::vector<const PoolState*> t_inCallback;
} // namespace

CallbackScope::CallbackScope(const PoolState& state)
{
    t_inCallback.push_back(&state);
}

CallbackScope::~CallbackScope()
{
    t_inCallback.pop_back();
}

int CallbackScope::depth(const PoolState& state)
{
    return static_cast<int>(std::count(t_inCallback.begin(), t_inCallback.end(), &state));
}

} // namespace poolscope::detail
