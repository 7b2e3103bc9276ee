// What the pool tells about itself: counters, per-key gauges, one row per connection, events.
#include "pool/pool_state.h"

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
    info.lifetimeDeadline = slot.lifetimeDeadline;
    info.reuseCount = slot.reuseCount;
    info.label = slot.label;
    if (slot.tls)
        info.tlsDetails = *slot.tls;
    info.timings = slot.timings;
    info.lastError = slot.lastError;
    return info;
}

PoolStats PoolState::stats() const
{
    PoolStats s;
    std::lock_guard lock(m_mutex);
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
    std::sort(s.hosts.begin(), s.hosts.end(),
              [](const HostStats& a, const HostStats& b) { return a.key < b.key; });
    return s;
}

PoolState::Gauges PoolState::gauges() const
{
    std::lock_guard lock(m_mutex);
    return {std::max(0, m_params.maxConnections - usedSlotsLocked()), m_connecting, m_idle, m_inUse};
}

std::vector<ConnectionInfo> PoolState::snapshot() const
{
    std::vector<ConnectionInfo> rows;
    std::lock_guard lock(m_mutex);
    rows.reserve(static_cast<std::size_t>(usedSlotsLocked()));
    for (const auto& slot : m_slots) {
        if (slot->state() != ConnectionState::Free)
            rows.push_back(infoLocked(*slot));
    }
    return rows;
}

std::optional<ConnectionInfo> PoolState::info(Handle handle) const
{
    std::lock_guard lock(m_mutex);
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
