// Slot table, keys and retirement: the parts of PoolState every other operation builds on.
#include "pool/pool_state.h"

#include "poolscope/deadline.h"
#include "poolscope/reuse_key.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <random>

namespace poolscope::detail {

namespace {

enum class Gauge
{
    None,
    Connecting,
    Idle,
    InUse
};

Gauge gaugeOf(const Slot& slot)
{
    switch (slot.state()) {
    case ConnectionState::Resolving:
    case ConnectionState::Connecting:
        return Gauge::Connecting;
    case ConnectionState::Handshaking:
        return slot.life.isDialing() ? Gauge::Connecting : Gauge::InUse;
    case ConnectionState::Idle:
        return Gauge::Idle;
    case ConnectionState::InUse:
        return Gauge::InUse;
    case ConnectionState::Free:
    case ConnectionState::Closing:
        return Gauge::None;
    }
    return Gauge::None;
}

std::uint64_t randomSeed()
{
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) | rd();
}

/// a == b, without a call for names up to 16 bytes (most): a dial that names another key than the
/// last one pays little for asking first (findKeyLocked).
bool sameHost(std::string_view a, std::string_view b) noexcept
{
    const std::size_t n = a.size();
    if (n != b.size())
        return false;
    if (n < 8 || n > 16)
        return a == b;
    // Two 8-byte words that overlap when n < 16 cover every byte.
    const auto word = [](const char* p) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, sizeof w);
        return w;
    };
    return word(a.data()) == word(b.data()) && word(a.data() + n - 8) == word(b.data() + n - 8);
}

// Keys beyond this many (with no connection left) are forgotten, TLS session included.
constexpr std::size_t kKeySlack = 4096;

} // namespace

std::atomic<bool> PoolState::s_assertIllegalTransitions{true};

// --- construction ----------------------------------------------------------------------------

PoolState::PoolState(PoolParams params)
    : m_params(std::move(params)), m_time(m_params.clock), m_generationSeed(randomSeed())
{
    m_ioTimeoutMs.store(m_params.ioTimeout.count(), std::memory_order_relaxed);
    m_tlsSets.push_back({m_params.tls, nullptr, {}});
    // Load the default trust store now, on a helper thread, so the first TLS dial does not pay for
    // it outside its budget (once per process: contexts are shared).
    const std::lock_guard guard(m_tlsMutex);
    startContextLoadLocked(0);
}

PoolState::~PoolState()
{
    // Only handle-API connections that were never returned are left; their holders can no longer
    // reach the pool, so their descriptors die with it (Slot's members close in order: SSL, then fd).
    m_slots.clear();
}

// --- slot table ------------------------------------------------------------------------------

Slot* PoolState::lookupLocked(Handle handle) const
{
    const auto index = static_cast<std::size_t>(handle & 0xFFFFu);
    const std::uint64_t generation = handle >> 16;
    if (generation == 0 || index >= m_slots.size())
        return nullptr;
    Slot* slot = m_slots[index].get();
    if (slot->generation != generation || slot->state() == ConnectionState::Free)
        return nullptr;
    return slot;
}

Slot* PoolState::lookupInUseLocked(Handle handle, ConnectionId expectId) const
{
    Slot* slot = lookupLocked(handle);
    if (!slot || slot->state() != ConnectionState::InUse || slot->busy)
        return nullptr;
    if (expectId != 0 && slot->id != expectId)
        return nullptr;
    if (expectId == 0 && slot->leased)
        return nullptr; // a lease's connection is reachable through that lease only
    return slot;
}

namespace {

/// `key` is only read for the gauges kept per key (a free slot has none).
void adjustGauge(Gauge gauge, KeyEntry* key, int delta, int& connecting, int& idle, int& inUse)
{
    switch (gauge) {
    case Gauge::Connecting:
        connecting += delta;
        key->connecting += delta;
        break;
    case Gauge::Idle:
        idle += delta;
        break;
    case Gauge::InUse:
        inUse += delta;
        key->inUse += delta;
        break;
    case Gauge::None:
        break;
    }
}

} // namespace

void PoolState::adjustGaugesLocked(Slot& slot, int delta)
{
    adjustGauge(gaugeOf(slot), slot.key, delta, m_connecting, m_idle, m_inUse);
}

bool PoolState::transitionLocked(Slot& slot, ConnectionTrigger trigger)
{
    const Gauge before = gaugeOf(slot);
    const bool ok = slot.life.apply(trigger);
    const Gauge after = gaugeOf(slot);
    if (before != after) { // the state's exit and entry move the slot between gauges
        adjustGauge(before, slot.key, -1, m_connecting, m_idle, m_inUse);
        adjustGauge(after, slot.key, +1, m_connecting, m_idle, m_inUse);
    }
    if (!ok) {
        // A bug in the pool, never a caller's mistake: the state stays as it was. Counted in every
        // build (PoolStats::illegalTransitions); fatal in debug builds so tests cannot miss one.
        ++m_counters.illegalTransitions;
        assert(!s_assertIllegalTransitions.load(std::memory_order_relaxed) &&
               "illegal connection lifecycle transition");
    }
    return ok;
}

Slot& PoolState::allocateSlotLocked(KeyEntry& key, Clock::time_point now)
{
    Slot* slot = nullptr;
    if (!m_freeList.empty()) {
        slot = m_slots[m_freeList.back()].get();
        m_freeList.pop_back();
    } else {
        auto fresh = std::make_unique<Slot>();
        fresh->index = static_cast<std::uint16_t>(m_slots.size());
        // Per-pool random generations make a handle from another pool (or a forged one) unlikely
        // to name a live slot here; the 64-bit ConnectionId check in leases makes it impossible.
        // Starting below 2^47 leaves every slot at least 2^47 hand-outs before it is exhausted.
        fresh->generation = (m_generationSeed + fresh->index * 0x9E3779B97F4A7C15ull) >> 17;
        slot = fresh.get();
        m_slots.push_back(std::move(fresh));
        m_idleExpiry.push_back(Clock::time_point::max());
    }
    bumpGenerationLocked(*slot);
    slot->life.reset();
    slot->exposed = false;
    slot->id = m_nextId++;
    slot->key = &key;
    ++key.total;
    slot->created = slot->lastUsed = now;
    slot->inUseSince = {};
    slot->keepAliveDeadline = {};
    slot->lifetimeDeadline = Clock::time_point::max();
    if (m_params.maxLifetime.count() > 0) {
        thread_local std::minstd_rand rng{std::random_device{}()};
        std::uniform_real_distribution<double> jitter(0.0, m_params.lifetimeJitter);
        slot->lifetimeDeadline = saturatingAdd(now, m_params.maxLifetime * (1.0 - jitter(rng)));
    }
    slot->keepAliveOverride.reset();
    slot->serverKeepAliveDeadline = Clock::time_point::max();
    slot->keepAliveLimit = KeepAliveLimit::Pool;
    slot->reuseCount = 0;
    slot->busy = false;
    slot->shutdownPending = false;
    slot->pendingClose = CloseReason::None;
    slot->leased = false;
    slot->notReusable = false;
    slot->abortDial.store(false, std::memory_order_relaxed);
    slot->label.clear();
    slot->remoteAddress.clear();
    slot->localPort = 0;
    slot->tls.reset();
    slot->wire.reset();
    slot->timings = {};
    slot->lastError = {};
    transitionLocked(*slot, ConnectionTrigger::DialStarted);
    return *slot;
}

void PoolState::bumpGenerationLocked(Slot& slot)
{
    // Every hand-out gets a new handle, so a handle kept after Return()/Close() is dead even when
    // its connection (or slot) is handed to someone else. 0 is never a live generation; a slot
    // that used its last generation is retired when freed instead of wrapping around.
    ++slot.generation;
    if (slot.generation >= Slot::kGenerationMask) {
        slot.generation = Slot::kGenerationMask;
        slot.exhausted = true;
    }
}

void PoolState::pushIdleLocked(Slot& slot)
{
    listPushFront<&Slot::keyLinks>(slot.key->idle, m_slots, slot.index);
    listPushFront<&Slot::lruLinks>(m_lru, m_slots, slot.index);
    m_idleExpiry[slot.index] = std::min(slot.keepAliveDeadline, slot.lifetimeDeadline);
}

void PoolState::unlinkIdleLocked(Slot& slot)
{
    listUnlink<&Slot::keyLinks>(slot.key->idle, m_slots, slot.index);
    listUnlink<&Slot::lruLinks>(m_lru, m_slots, slot.index);
    m_idleExpiry[slot.index] = Clock::time_point::max();
}

void PoolState::retireSlotLocked(Slot& slot, CloseReason reason, Deferred& deferred, const Error* error)
{
    if (slot.state() == ConnectionState::Idle)
        unlinkIdleLocked(slot);
    const bool established = slot.fd.valid();
    transitionLocked(slot, reason == CloseReason::DialFailed ? ConnectionTrigger::Failed
                                                             : ConnectionTrigger::CloseRequested);
    if (error)
        slot.lastError = *error;
    const std::size_t eventsBefore = deferred.m_events.size();
    emitLocked(deferred, EventKind::Closed, slot, reason, error);
    if (slot.wire) {
        if (established)
            slot.wire->add(WireEventKind::Closed, std::string(describe(reason)));
        if (deferred.m_events.size() > eventsBefore) // capture on and a callback installed
            deferred.m_events.back().wire = std::make_shared<const WireLog>(slot.wire->log());
        slot.wire.reset();
    }
    // A TLS peer gets close_notify unless the connection is already known to be dead.
    const bool notify = established && reason != CloseReason::Stale && reason != CloseReason::Error &&
                        reason != CloseReason::DialFailed;
    deferred.close(std::move(slot.fd), std::move(slot.ssl), notify);
    transitionLocked(slot, ConnectionTrigger::Closed);

    ++m_counters.closed;
    switch (reason) {
    case CloseReason::Stale:
        ++m_counters.staleDetected;
        break;
    case CloseReason::Expired:
        ++m_counters.expired;
        break;
    case CloseReason::Lifetime:
        ++m_counters.lifetimeExpired;
        break;
    case CloseReason::Evicted:
        ++m_counters.evicted;
        break;
    case CloseReason::OverLimit:
        ++m_counters.overLimit;
        break;
    default:
        break;
    }
    --slot.key->total;
    slot.key = nullptr;
    slot.busy = false;
    if (slot.exhausted)
        ++m_exhaustedSlots;
    else
        m_freeList.push_back(slot.index);
}

bool PoolState::evictOneLocked(Deferred& deferred, CloseReason reason)
{
    if (m_lru.tail < 0)
        return false;
    retireSlotLocked(*m_slots[static_cast<std::size_t>(m_lru.tail)], reason, deferred);
    return true;
}

void PoolState::queueEventLocked(Deferred& deferred, EventKind kind, const Slot& slot, CloseReason reason,
                                 const Error* error, bool reused) const
{
    PoolEvent ev;
    ev.kind = kind;
    ev.id = slot.id;
    ev.state = slot.state();
    ev.endpoint = slot.key ? slot.key->name : std::string{};
    ev.label = slot.label;
    ev.reason = reason;
    ev.reused = reused;
    if (error)
        ev.error = *error;
    ev.when = poolNow();
    deferred.event(std::move(ev));
}

// --- keys ------------------------------------------------------------------------------------

KeyEntry* PoolState::findKeyLocked(std::string_view host, std::uint16_t port, bool tls, int tlsId,
                                   int proxyId)
{
    if (m_lastKey && m_lastKey->port == port && m_lastKey->tls == tls && m_lastKey->tlsId == tlsId &&
        m_lastKey->proxyId == proxyId && sameHost(m_lastKey->host, host))
        return m_lastKey;
    auto it = m_keys.find(host);
    if (it == m_keys.end())
        return nullptr;
    for (const auto& entry : it->second) {
        if (entry->port == port && entry->tls == tls && entry->tlsId == tlsId && entry->proxyId == proxyId) {
            m_lastKey = entry.get();
            return m_lastKey;
        }
    }
    return nullptr;
}

Result<int> PoolState::proxyIdLocked(const ProxyOptions& proxy)
{
    if (proxy.type == ProxyType::None)
        return 0;
    for (std::size_t i = 1; i < m_proxySets.size(); ++i) {
        if (m_proxySets[i] == proxy)
            return static_cast<int>(i);
    }
    if (m_proxySets.size() > 256)
        return makeError(ErrorCode::InvalidArgument, "too many distinct proxies (256) in one pool",
                         DialPhase::Validate);
    m_proxySets.push_back(proxy);
    return static_cast<int>(m_proxySets.size() - 1);
}

KeyEntry& PoolState::keyLocked(std::string_view host, std::uint16_t port, bool tls, int tlsId, int proxyId)
{
    if (KeyEntry* existing = findKeyLocked(host, port, tls, tlsId, proxyId))
        return *existing;
    if (m_keyCount > kKeySlack + static_cast<std::size_t>(m_params.maxConnections))
        purgeKeysLocked();
    auto entry = std::make_unique<KeyEntry>();
    entry->host = std::string(host);
    entry->port = port;
    entry->tls = tls;
    entry->tlsId = tls ? tlsId : 0;
    entry->proxyId = proxyId;
    // Built with append(): GCC 12 reports a false -Wrestrict on chains of operator+ at -O3.
    const bool v6 = host.find(':') != std::string_view::npos;
    std::string& name = entry->name;
    name.append(tls ? "tls://" : "tcp://").append(v6 ? "[" : "").append(entry->host).append(v6 ? "]" : "");
    name.append(":").append(std::to_string(port));
    if (tls && tlsId != 0)
        name.append("#").append(std::to_string(tlsId));
    if (proxyId != 0)
        name.append(kKeyProxySeparator).append(m_proxySets[static_cast<std::size_t>(proxyId)].toString());
    entry->sessions = std::make_shared<SessionCache>();
    KeyEntry& ref = *entry;
    auto it = m_keys.find(host);
    if (it == m_keys.end())
        it = m_keys.emplace(std::string(host), std::vector<std::unique_ptr<KeyEntry>>{}).first;
    it->second.push_back(std::move(entry));
    ++m_keyCount;
    m_lastKey = &ref;
    return ref;
}

void PoolState::purgeKeysLocked()
{
    m_lastKey = nullptr; // it may be among the keys destroyed below
    for (auto it = m_keys.begin(); it != m_keys.end();) {
        auto& entries = it->second;
        const auto removed = std::erase_if(entries, [](const auto& e) { return e->total == 0; });
        m_keyCount -= removed;
        it = entries.empty() ? m_keys.erase(it) : std::next(it);
    }
}

} // namespace poolscope::detail
