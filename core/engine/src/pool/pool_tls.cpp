// TLS option sets of a pool: interning equal options under one id, and their contexts, which load
// on a helper thread so a dial can wait for one within its deadline and cancellation.
#include "pool/pool_state.h"

#include <future>

namespace poolscope::detail {

Result<int> PoolState::tlsOptionsId(const TlsOptions& options)
{
    std::lock_guard guard(m_tlsMutex);
    for (std::size_t i = 0; i < m_tlsSets.size(); ++i) {
        if (m_tlsSets[i].options == options)
            return static_cast<int>(i);
    }
    if (m_tlsSets.size() >= 256)
        return makeError(ErrorCode::InvalidArgument, "too many distinct TLS option sets (256) in one pool",
                         DialPhase::Validate);
    m_tlsSets.push_back({options, nullptr, {}});
    return static_cast<int>(m_tlsSets.size() - 1);
}

void PoolState::startContextLoadLocked(std::size_t tlsId)
{
    auto& set = m_tlsSets.at(tlsId);
    if (set.context || set.loading.valid())
        return;
    if ((set.context = TlsClientContext::sharedIfLoaded(set.options)))
        return;
    set.loading = std::async(std::launch::async, [options = set.options] {
                      return TlsClientContext::shared(options);
                  }).share();
}

Result<std::shared_ptr<TlsClientContext>> PoolState::contextFor(int tlsId, const DialControl& control)
{
    const auto index = static_cast<std::size_t>(tlsId);
    std::shared_future<ContextResult> loading;
    {
        const std::lock_guard guard(m_tlsMutex);
        startContextLoadLocked(index);
        if (const auto& set = m_tlsSets.at(index); set.context)
            return set.context;
        loading = m_tlsSets[index].loading;
    }
    while (loading.wait_for(kCancelSlice) != std::future_status::ready) {
        // The wait is the handshake phase's (its time-out bounds it), and the message says so.
        if (auto stop = control.check(DialPhase::Handshake, "the TLS handshake (loading the trust store)");
            !stop.ok())
            return stop; // the load goes on; the next dial of this option set finds it done
    }
    ContextResult loaded = loading.get();
    const std::lock_guard guard(m_tlsMutex);
    auto& set = m_tlsSets[index];
    if (loaded)
        set.context = loaded.value();
    if (set.loading.valid() && set.loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        set.loading = {}; // a failed load is tried again by the next dial
    return loaded;
}

} // namespace poolscope::detail
