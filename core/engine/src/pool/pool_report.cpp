// What the pool tells about itself: counters, per-key gauges, one row per connection, events.
#include "pool/pool_state.h"

#include <optional>

namespace poolscope::detail {

ConnectionInfo PoolState::infoLocked(const Slot& slot) const
{
    ConnectionInfo info;
    info.id = slot.id;
    info.handle = slot.handle();
    if (slot.key) {
        info.host = slot.key->host;
        info.port = slot.key->port;
        info.tls = slot.key->tls;
        info.key = slot.key->name;
    }
    info.remoteAddress = slot.remoteAddress;
    info.localPort = slot.localPort;
    info.state = slot.state();
    info.created = slot.created;
    info.lastUsed = slot.lastUsed;
    info.inUseSince = slot.inUseSince;
    info.keepAliveDeadline = slot.keepAliveDeadline;
    info.keepAliveLimit = slot.keepAliveLimit;
    if (slot.state() == ConnectionState::Idle && slot.lifetimeDeadline < slot.keepAliveDeadline) {
        info.keepAliveDeadline = slot.lifetimeDeadline;
        info.keepAliveLimit = KeepAliveLimit::Lifetime;
    }
    info.serverKeepAliveDeadline = slot.serverKeepAliveDeadline;
    info.lifetimeDeadline = slot.lifetimeDeadline;
    info.reuseCount = slot.reuseCount;
    info.label = slot.label;
    if (slot.tls)
        info.tlsDetails = *slot.tls;
    info.timings = slot.timings;
    info.lastError = slot.lastError;
    if (slot.wire)
        info.wire = slot.wire->log();
    return info;
}

PoolStats PoolState::stats() const
{
    PoolStats s;
    std::unique_lock lock(m_mutex);
    std::optional<ObservationHold> hold(std::in_place, *this);
    s.maxConnections = m_params.maxConnections;
    s.connecting = m_connecting;
    s.idle = m_idle;
    s.inUse = m_inUse;
    s.free = std::max(0, m_params.maxConnections - usedSlotsLocked());
    s.shutDown = m_shutDown;
    const Counters& c = m_counters;
    s.dials = c.dials;
    s.connectsStarted = c.connectsStarted;
    s.connectsSucceeded = c.connectsSucceeded;
    s.reuses = c.reuses;
    s.staleDetected = c.staleDetected;
    s.expired = c.expired;
    s.lifetimeExpired = c.lifetimeExpired;
    s.evicted = c.evicted;
    s.overLimit = c.overLimit;
    s.handshakeFailures = c.handshakeFailures;
    s.resolveFailures = c.resolveFailures;
    s.socketErrors = c.socketErrors;
    s.timeouts = c.timeouts;
    s.cancelled = c.cancelled;
    s.outOfResources = c.outOfResources;
    s.closed = c.closed;
    s.illegalTransitions = c.illegalTransitions;
    s.callbackExceptions = m_callbackExceptions.load(std::memory_order_relaxed);
    const int perHostMax = m_params.maxPerHost > 0 ? m_params.maxPerHost : m_params.maxConnections;
    for (const auto& [host, entries] : m_keys) {
        for (const auto& key : entries) {
            if (key->total == 0)
                continue;
            s.hosts.push_back({key->name, key->inUse, key->idle.size, key->connecting, perHostMax});
        }
    }
    hold.reset();
    lock.unlock(); // sorting a thousand keys needs no lock
    std::sort(s.hosts.begin(), s.hosts.end(),
              [](const HostStats& a, const HostStats& b) { return a.key < b.key; });
    return s;
}

PoolState::Gauges PoolState::gauges() const
{
    std::lock_guard lock(m_mutex);
    const ObservationHold hold(*this);
    return {std::max(0, m_params.maxConnections - usedSlotsLocked()), m_connecting, m_idle, m_inUse};
}

std::vector<ConnectionInfo> PoolState::snapshot() const
{
    // Copying a row (strings, TLS details) costs about a microsecond; at 10,000 connections one
    // hold over the whole table stalled every dial for tens of milliseconds. The table is walked
    // in chunks with the lock released in between: each row is consistent, the set is gathered
    // over the call (connection_pool.h states this). Slots are never removed while the pool
    // lives, so walking by index visits each slot once.
    constexpr std::size_t kRowsPerHold = 64;
    std::vector<ConnectionInfo> rows;
    std::size_t next = 0;
    for (bool first = true;; first = false) {
        std::lock_guard lock(m_mutex);
        const ObservationHold hold(*this);
        if (first)
            rows.reserve(static_cast<std::size_t>(usedSlotsLocked()));
        const std::size_t end = std::min(m_slots.size(), next + kRowsPerHold);
        for (; next < end; ++next) {
            const Slot& slot = *m_slots[next];
            if (slot.state() != ConnectionState::Free)
                rows.push_back(infoLocked(slot));
        }
        if (next >= m_slots.size())
            break;
    }
    return rows;
}

std::optional<ConnectionInfo> PoolState::info(Handle handle) const
{
    std::lock_guard lock(m_mutex);
    const ObservationHold hold(*this);
    const Slot* slot = lookupLocked(handle);
    if (!slot)
        return std::nullopt;
    return infoLocked(*slot);
}

void PoolState::setEventCallback(EventCallback callback)
{
    std::shared_ptr<CallbackHolder> old;
    std::unique_lock lock(m_callbackMutex);
    old = std::move(m_callback);
    if (callback)
        m_callback = std::make_shared<CallbackHolder>(CallbackHolder{std::move(callback), 0});
    m_hasCallback.store(static_cast<bool>(m_callback), std::memory_order_release);
    // Calls of the old callback that are running on other threads finish before this returns, so
    // whatever it captured may be destroyed afterwards. From inside a callback of this pool there
    // is no waiting at all: two callbacks replacing themselves at once would wait for each other.
    if (old && CallbackScope::depth(*this) == 0)
        m_callbackIdle.wait(lock, [&] { return old->inFlight == 0; });
    lock.unlock();
    old.reset(); // outside the lock: its captures' destructors may do anything
}

} // namespace poolscope::detail
