// Pool-wide operations: shutdown/reopen, closing idle or expired connections, the idle watcher,
// and live parameter changes.
#include "net/platform/socket_api.h"
#include "pool/pool_state.h"
#include "poolscope/deadline.h"

#include <openssl/ssl.h>

namespace poolscope::detail {

namespace {
sys::Shutdown toShutdown(ShutdownHow how)
{
    switch (how) {
    case ShutdownHow::Read:
        return sys::Shutdown::Read;
    case ShutdownHow::Write:
        return sys::Shutdown::Write;
    case ShutdownHow::Both:
        return sys::Shutdown::Both;
    }
    return sys::Shutdown::Both;
}
} // namespace

std::chrono::milliseconds PoolState::keepAliveFor(const Slot& slot) const
{
    return slot.keepAliveOverride.value_or(m_params.maxKeepAlive);
}

bool PoolState::expiredLocked(const Slot& slot, const HitTime& now, CloseReason& why) const
{
    if (now.reached(slot.lifetimeDeadline)) {
        why = CloseReason::Lifetime;
        return true;
    }
    if (slot.state() == ConnectionState::Idle && now.reached(slot.keepAliveDeadline)) {
        why = CloseReason::Expired;
        return true;
    }
    return false;
}

void PoolState::shutdownInUseLocked(Slot& slot, ShutdownHow how, CloseReason reason)
{
    // Wakes a holder blocked in recv()/SSL_read(); the descriptor itself is closed when the holder
    // returns or closes the connection, so it can never be reused under it.
    if (slot.shutdownPending)
        return; // the first reason stands
    if (slot.fd.valid())
        sys::shutdown(slot.fd.get(), toShutdown(how));
    if (slot.wire)
        slot.wire->add(WireEventKind::ShutDown, how == ShutdownHow::Write  ? "write side (half-close)"
                                                : how == ShutdownHow::Read ? "read side"
                                                                           : "both directions");
    slot.shutdownPending = true;
    slot.pendingClose = reason;
}

int PoolState::shutdown(ShutdownHow how)
{
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    const bool first = !m_shutDown;
    m_shutDown = true;
    int held = 0;
    for (auto& owned : m_slots) {
        Slot& slot = *owned;
        switch (slot.state()) {
        case ConnectionState::Idle:
            retireSlotLocked(slot, CloseReason::Shutdown, deferred);
            break;
        case ConnectionState::InUse:
        case ConnectionState::Handshaking:
            if (slot.fd.valid()) {
                shutdownInUseLocked(slot, how, CloseReason::Shutdown);
            } else {
                slot.abortDial.store(true, std::memory_order_release);
            }
            ++held;
            break;
        case ConnectionState::Resolving:
        case ConnectionState::Connecting:
            slot.abortDial.store(true, std::memory_order_release);
            ++held;
            break;
        case ConnectionState::Free:
        case ConnectionState::Closing:
            break;
        }
    }
    if (first && deferred.wantsEvents()) {
        PoolEvent ev;
        ev.kind = EventKind::ShutdownStarted;
        ev.when = poolNow();
        deferred.event(std::move(ev));
    }
    return held;
}

void PoolState::reopen()
{
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    if (!m_shutDown || m_ownerGone)
        return;
    m_shutDown = false;
    if (deferred.wantsEvents()) {
        PoolEvent ev;
        ev.kind = EventKind::Reopened;
        ev.when = poolNow();
        deferred.event(std::move(ev));
    }
}

bool PoolState::isShutDown() const
{
    std::lock_guard lock(m_mutex);
    return m_shutDown;
}

void PoolState::detachOwner()
{
    // The owner's callback may capture things that die with it: nothing is reported after this.
    setEventCallback({});
    shutdown(ShutdownHow::Both);
    std::lock_guard lock(m_mutex);
    m_ownerGone = true;
}

int PoolState::closeIdle()
{
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    int closed = 0;
    while (m_lru.head >= 0) {
        retireSlotLocked(*m_slots[static_cast<std::size_t>(m_lru.head)], CloseReason::Shutdown, deferred);
        ++closed;
    }
    return closed;
}

int PoolState::closeExpired()
{
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    const auto now = poolNow();
    int closed = 0;
    // Oldest first; keep-alive overrides mean later entries can expire sooner, so walk them all.
    for (int index = m_lru.tail; index >= 0;) {
        Slot& slot = *m_slots[static_cast<std::size_t>(index)];
        index = slot.lruLinks.prev;
        CloseReason why = CloseReason::None;
        if (expiredLocked(slot, HitTime{now, false}, why)) {
            retireSlotLocked(slot, why, deferred);
            ++closed;
        }
    }
    return closed;
}

int PoolState::checkIdle()
{
    struct Ref
    {
        std::uint16_t index;
        std::uint64_t generation;
    };
    std::vector<sys::PollEntry> fds;
    std::vector<Ref> refs;
    {
        std::lock_guard lock(m_mutex);
        fds.reserve(static_cast<std::size_t>(m_lru.size));
        refs.reserve(static_cast<std::size_t>(m_lru.size));
        for (int index = m_lru.head; index >= 0;) {
            const Slot& slot = *m_slots[static_cast<std::size_t>(index)];
            fds.push_back({slot.fd.get(), sys::kPollIn, 0});
            refs.push_back({slot.index, slot.generation});
            index = slot.lruLinks.next;
        }
    }
    if (fds.empty())
        return 0;
    // One poll for every idle socket, without the lock. A descriptor may be closed and reused
    // meanwhile; the generation check below ignores anything that changed hands.
    if (sys::poll(fds.data(), fds.size(), 0) <= 0)
        return 0;

    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    int closed = 0;
    for (std::size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].revents == 0)
            continue;
        Slot& slot = *m_slots[refs[i].index];
        if (slot.generation != refs[i].generation || slot.state() != ConnectionState::Idle ||
            slot.fd.get() != fds[i].socket)
            continue;
        // Readable can mean TLS 1.3 session tickets only; the precise check tells them apart.
        IdleVerdict verdict = IdleVerdict::Usable;
        const bool usable = slot.ssl ? tlsIdleConnectionUsable(slot.ssl.get(), slot.fd.get())
                                     : plainIdleConnectionUsable(slot.fd.get(), &verdict);
        if (!usable) {
            if (slot.wire)
                recordVerdict(*slot.wire, verdict, "the idle watcher's check");
            retireSlotLocked(slot, CloseReason::Stale, deferred);
            ++closed;
        } else if (slot.ssl) {
            (void)SSL_free_buffers(slot.ssl.get()); // the check's SSL_peek took the read buffer
        }
    }
    return closed;
}

std::optional<Clock::time_point> PoolState::nextIdleDeadline() const
{
    std::lock_guard lock(m_mutex);
    const ObservationHold hold(*this);
    if (m_lru.size == 0)
        return std::nullopt;
    return *std::min_element(m_idleExpiry.begin(), m_idleExpiry.end());
}

PoolParams PoolState::params() const
{
    std::lock_guard lock(m_mutex);
    return m_params;
}

Status PoolState::setParams(const PoolParams& params)
{
    if (auto valid = params.validate(); !valid)
        return valid;
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    if (!(params.tls == m_params.tls)) {
        auto id = tlsOptionsId(params.tls);
        if (!id)
            return std::move(id).error();
        m_defaultTlsId.store(id.value(), std::memory_order_release);
    }
    m_params = params;
    m_params.clock = m_time; // fixed at creation: deadlines already set were read from it
    m_ioTimeoutMs.store(params.ioTimeout.count(), std::memory_order_relaxed);
    while (usedSlotsLocked() > m_params.maxConnections && evictOneLocked(deferred, CloseReason::OverLimit)) {
    }
    for (int index = m_lru.head; index >= 0;) {
        Slot& slot = *m_slots[static_cast<std::size_t>(index)];
        if (!slot.keepAliveOverride) {
            setIdleDeadlineLocked(slot, m_params.maxKeepAlive);
            m_idleExpiry[slot.index] = std::min(slot.keepAliveDeadline, slot.lifetimeDeadline);
        }
        index = slot.lruLinks.next;
    }
    return {};
}

} // namespace poolscope::detail
