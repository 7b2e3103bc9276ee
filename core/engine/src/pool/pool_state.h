#pragma once
// The shared state behind ConnectionPool and every PooledConnection: a slot table, reuse keys
// with O(1) idle lists, a global LRU of idle connections, counters and the event sink.
//
// Locking: one mutex (m_mutex) guards everything here except the event callback (its own mutex)
// and per-key TLS session caches (their own mutex, because OpenSSL delivers TLS 1.3 tickets on
// whichever thread reads). No socket I/O, DNS, handshake or callback runs under m_mutex: work that
// must happen after a decision (closing descriptors, emitting events) is queued in a Deferred and
// done after the lock is dropped.

#include "net/unique_fd.h"
#include "pool/hit_clock.h"
#include "pool/slot.h"
#include "poolscope/connection_pool.h"
#include "tls/tls_client.h"

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace poolscope::detail {

/// Work decided under the lock and carried out after it is released (in the destructor), so
/// closes and callbacks never run with m_mutex held. Declare it before the lock guard.
class Deferred
{
public:
    explicit Deferred(PoolState& state);
    Deferred(const Deferred&) = delete;
    Deferred& operator=(const Deferred&) = delete;
    /// Nothing to do on the hit path (no close, no event): this check is all it costs then.
    ~Deferred()
    {
        if (!m_closes.empty() || !m_events.empty())
            carryOut();
    }

    void close(UniqueFd fd, UniqueSsl ssl, bool notify)
    {
        m_closes.push_back({std::move(fd), std::move(ssl), notify});
    }
    /// Records an event if a callback is installed (checked once per Deferred).
    bool wantsEvents() const noexcept { return m_wantEvents; }
    void event(PoolEvent&& ev) { m_events.push_back(std::move(ev)); }

private:
    void carryOut();
    struct Close
    {
        UniqueFd fd;
        UniqueSsl ssl;
        bool notify;
    };
    PoolState& m_state;
    bool m_wantEvents = false;
    std::vector<Close> m_closes;
    std::vector<PoolEvent> m_events;
    friend class PoolState;
};

/// Marks this thread as inside a PoolState's event callback, so setEventCallback() called from
/// that callback does not wait for its own call to finish.
class CallbackScope
{
public:
    explicit CallbackScope(const PoolState& state);
    ~CallbackScope();
    CallbackScope(const CallbackScope&) = delete;
    CallbackScope& operator=(const CallbackScope&) = delete;
    /// How many calls into `state`'s callback this thread is inside.
    static int depth(const PoolState& state);
};

class PoolState : public std::enable_shared_from_this<PoolState>
{
public:
    explicit PoolState(PoolParams params);
    ~PoolState();
    PoolState(const PoolState&) = delete;
    PoolState& operator=(const PoolState&) = delete;

    // dial (pool_dial.cpp)
    struct Acquired
    {
        Handle handle = kInvalidHandle;
        ConnectionId id = 0;
        bool reused = false;
        int fd = -1; ///< the lease caches these, so it need not look them up again
        SSL* ssl = nullptr;
        std::shared_ptr<WireRecorder> wire; ///< null unless capture is on (plain connections)
    };
    /// `lease`: the connection goes to a PooledConnection (only it may end the connection).
    Result<Acquired> dial(const DialRequest& request, bool lease = false);
    Status startTls(Handle handle, std::chrono::microseconds timeout, const TlsOptions* options,
                    std::stop_token stop, ConnectionId expectId = 0);

    // per-connection (pool_state.cpp)
    Status release(Handle handle, ConnectionId expectId = 0);
    Status close(Handle handle, ConnectionId expectId = 0, CloseReason reason = CloseReason::Requested);
    // expectId: 0 for the handle API (which may not touch a leased slot), the lease's id for its
    // PooledConnection.
    /// The socket or SSL of an in-use connection, for its holder: marks the connection exposed
    /// (its options are put back on return), unless `expose` is false (the engine's own use).
    int nativeSocket(Handle handle);
    SSL* ssl(Handle handle, ConnectionId expectId = 0, bool expose = true);
    /// PooledConnection::nativeSocket()/ssl() handed the raw socket out (they cache it, so they
    /// tell the slot once per lease).
    void markExposed(Handle handle, ConnectionId expectId);
    Status setKeepAlive(Handle handle, std::chrono::milliseconds keepAlive, ConnectionId expectId = 0);
    Status setServerKeepAlive(Handle handle, std::chrono::milliseconds timeout, ConnectionId expectId = 0);
    Status setLabel(Handle handle, std::string label);
    /// Wakes whoever is blocked on the in-use connection's socket (shutdown(2)) and marks it to be
    /// closed, with `reason`, when its holder lets go; frees nothing now.
    Status shutdownInUse(Handle handle, ConnectionId expectId, ShutdownHow how, CloseReason reason);
    /// True while `handle` names the in-use connection `id` (a lease asks after a failed call).
    [[nodiscard]] bool holds(Handle handle, ConnectionId id) const;
    /// The lease gives its connection to the handle API (PooledConnection::releaseHandle).
    void disown(Handle handle, ConnectionId id);
    std::uint32_t reuseCount(Handle handle) const;

    // pool-wide (pool_housekeeping.cpp)
    int shutdown(ShutdownHow how);
    void reopen();
    bool isShutDown() const;
    int closeIdle();
    int closeExpired();
    int checkIdle();
    std::optional<Clock::time_point> nextIdleDeadline() const;
    PoolParams params() const;
    Status setParams(const PoolParams& params);
    /// PoolParams::ioTimeout, readable without the lock (a lease asks on every I/O call).
    [[nodiscard]] std::chrono::milliseconds defaultIoTimeout() const noexcept
    {
        return std::chrono::milliseconds(m_ioTimeoutMs.load(std::memory_order_relaxed));
    }
    /// Called when the owning ConnectionPool goes away: shuts down what is in use, closes the rest.
    void detachOwner();
    /// ConnectionPool::setHandshakeCapture: read once per TLS handshake, relaxed (a switch, not a
    /// publication: a handshake that starts just after the flip may still miss it).
    void setHandshakeCapture(bool on) noexcept { m_handshakeCapture.store(on, std::memory_order_relaxed); }
    [[nodiscard]] bool handshakeCapture() const noexcept
    {
        return m_handshakeCapture.load(std::memory_order_relaxed);
    }

    // reporting (pool_report.cpp)
    PoolStats stats() const;
    std::vector<ConnectionInfo> snapshot() const;
    std::optional<ConnectionInfo> info(Handle handle) const;
    void setEventCallback(EventCallback callback);

    /// Counts used by the seed API's GetStats without building a full PoolStats.
    struct Gauges
    {
        int free = 0, connecting = 0, idle = 0, inUse = 0;
    };
    Gauges gauges() const;
    /// The longest the pool's lock was held by one observation call (stats, snapshot chunk, info,
    /// gauges, nextIdleDeadline) since the last reset: the benchmark's "no hold over 1 ms".
    [[nodiscard]] std::chrono::nanoseconds longestObservationHold() const noexcept
    {
        return std::chrono::nanoseconds(m_longestObservationHoldNs.load(std::memory_order_relaxed));
    }
    void resetLongestObservationHold() noexcept
    {
        m_longestObservationHoldNs.store(0, std::memory_order_relaxed);
    }

    /// Times one hold of the lock by an observation call: construct it after taking the lock and
    /// let it go before releasing it. Two clock reads per call; observation is not a hot path.
    class ObservationHold
    {
    public:
        explicit ObservationHold(const PoolState& state) noexcept
            : m_state(state), m_start(std::chrono::steady_clock::now())
        {
        }
        ~ObservationHold()
        {
            const auto held = (std::chrono::steady_clock::now() - m_start).count();
            auto& longest = m_state.m_longestObservationHoldNs;
            auto seen = longest.load(std::memory_order_relaxed);
            while (held > seen && !longest.compare_exchange_weak(seen, held, std::memory_order_relaxed)) {
            }
        }
        ObservationHold(const ObservationHold&) = delete;
        ObservationHold& operator=(const ObservationHold&) = delete;

    private:
        const PoolState& m_state;
        std::chrono::steady_clock::time_point m_start;
    };

private:
    friend class Deferred;
    friend struct PoolTestAccess;

    // --- slot table (pool_state.cpp) -----------------------------------------------------------
    Slot* lookupLocked(Handle handle) const;
    /// An in-use, not busy slot (and, when expectId != 0, the connection with that id).
    Slot* lookupInUseLocked(Handle handle, ConnectionId expectId) const;
    void shutdownInUseLocked(Slot& slot, ShutdownHow how, CloseReason reason);
    [[nodiscard]] bool hasFreeSlotIndexLocked() const
    {
        return !m_freeList.empty() || m_slots.size() <= kMaxSlotIndex;
    }
    static constexpr std::size_t kMaxSlotIndex = 0xFFFF; // the low 16 bits of a Handle
    Slot& allocateSlotLocked(KeyEntry& key, Clock::time_point now);
    /// Any live state → Closing → Free: descriptors to `deferred`, counters, key bookkeeping.
    void retireSlotLocked(Slot& slot, CloseReason reason, Deferred& deferred, const Error* error = nullptr);
    /// Applies a lifecycle trigger and keeps the pool-wide and per-key gauges in step. An illegal
    /// trigger changes nothing, is counted, and asserts (debug builds) unless a test turned that off.
    bool transitionLocked(Slot& slot, ConnectionTrigger trigger);
    static std::atomic<bool> s_assertIllegalTransitions;
    void adjustGaugesLocked(Slot& slot, int delta);
    void bumpGenerationLocked(Slot& slot);
    void pushIdleLocked(Slot& slot);
    /// The keep-alive deadline from its last use: `keepAlive` later, or the server's if earlier.
    void setIdleDeadlineLocked(Slot& slot, std::chrono::milliseconds keepAlive);
    void unlinkIdleLocked(Slot& slot);
    int usedSlotsLocked() const
    {
        return static_cast<int>(m_slots.size() - m_freeList.size() - m_exhaustedSlots);
    }
    /// The end of a release, under the lock: back to idle (keep-alive refreshed), or closed with
    /// `dirty` when that is not None, or with the reason the pool's or the slot's state gives.
    /// `checked`: the liveness check ran on this return (staleCheckSkip relies on it).
    void settleReturnLocked(Slot& slot, CloseReason dirty, bool checked, const HitTime& time,
                            Deferred& deferred);
    /// After a holder had the raw socket, outside the lock: puts the pool's options back.
    /// CloseReason::NotReusable when that failed or a buffer size was lowered (the kernel's
    /// tuning of that socket is off for good), else None. `why` says which, for the log.
    static CloseReason restoreExposed(int fd, const sys::KeepAliveSetting& keepAlive,
                                      const sys::BufferSizes& dialBuffers, Error& why);
    /// Makes room for one more connection by closing the least recently used idle connection.
    bool evictOneLocked(Deferred& deferred, CloseReason reason);
    /// Queues an event for the callback; with no callback installed (the Deferred knows) it builds
    /// nothing, and the check is inline so the hit path does not even make the call.
    void emitLocked(Deferred& deferred, EventKind kind, const Slot& slot,
                    CloseReason reason = CloseReason::None, const Error* error = nullptr,
                    bool reused = false) const
    {
        if (deferred.wantsEvents())
            queueEventLocked(deferred, kind, slot, reason, error, reused);
    }
    void queueEventLocked(Deferred& deferred, EventKind kind, const Slot& slot, CloseReason reason,
                          const Error* error, bool reused) const;
    ConnectionInfo infoLocked(const Slot& slot) const;

    // --- keys (pool_state.cpp) -----------------------------------------------------------------
    KeyEntry* findKeyLocked(std::string_view host, std::uint16_t port, bool tls, int tlsId, int proxyId);
    KeyEntry& keyLocked(std::string_view host, std::uint16_t port, bool tls, int tlsId, int proxyId);
    /// Interns a proxy (m_proxySets; 0 is none). Equal options share one id, so equal proxies
    /// share one reuse key.
    Result<int> proxyIdLocked(const ProxyOptions& proxy);
    void purgeKeysLocked();

    // --- TLS option sets and their contexts (pool_tls.cpp) --------------------------------------
    /// Interns a TLS option set (m_tlsMutex); equal options share one id, context and sessions.
    Result<int> tlsOptionsId(const TlsOptions& options);
    /// The context of an option set, created on first use (outside m_mutex: it loads the CA store).
    /// Waits for it in kCancelSlice steps, so the dial's deadline and cancellation apply while a
    /// trust store loads (the first dial of an option set, once per process).
    Result<std::shared_ptr<TlsClientContext>> contextFor(int tlsId, const DialControl& control);

    // --- dial phases (pool_dial.cpp) -----------------------------------------------------------
    struct Reservation
    {
        Slot* slot = nullptr;
        bool lease = false; ///< hand the connection to a PooledConnection
        std::vector<std::string> dnsServers;
        std::chrono::milliseconds connectTimeout{0}, handshakeTimeout{0}, staggerDelay{250};
        std::chrono::seconds tcpKeepAlive{0}, tcpKeepAliveInterval{10};
        int tcpKeepAliveProbes = 3;
        ProxyOptions proxy; ///< of the slot's key (type None: direct)
    };
    Result<Acquired> reserveOrReuse(std::string_view host, const DialRequest& request, int tlsId,
                                    Reservation& reservation);
    Result<Acquired> dialNew(Reservation& reservation, const DialRequest& request);
    /// `transcript`: the failed handshake's capture, attached to the DialFailed event (may be null).
    Error failDial(Slot& slot, Error error, std::shared_ptr<const HandshakeTranscript> transcript = {});
    void countErrorLocked(const Error& error);

    // --- time ----------------------------------------------------------------------------------
    /// The bookkeeping clock: PoolParams::clock, or the real one (coarse on the hit path).
    [[nodiscard]] HitTime hitNow() const noexcept
    {
        return m_time ? HitTime{m_time->now(), false} : hitPathNow();
    }
    [[nodiscard]] Clock::time_point poolNow() const noexcept { return m_time ? m_time->now() : Clock::now(); }

    // --- helpers (pool_housekeeping.cpp) -------------------------------------------------------
    /// Whether an idle (or any) connection is past its lifetime or keep-alive; says which.
    bool expiredLocked(const Slot& slot, const HitTime& now, CloseReason& why) const;
    std::chrono::milliseconds keepAliveFor(const Slot& slot) const;

    // First member: the socket library outlives every socket the members below close.
    sys::Runtime m_socketRuntime;
    mutable std::mutex m_mutex;
    mutable std::atomic<std::int64_t> m_longestObservationHoldNs{0};
    PoolParams m_params;
    const std::shared_ptr<const TimeSource> m_time; // set once: PoolParams::clock at creation
    bool m_shutDown = false;
    bool m_ownerGone = false;
    std::uint64_t m_generationSeed;

    SlotTable m_slots;
    std::vector<std::uint16_t> m_freeList;
    std::size_t m_exhaustedSlots = 0; // retired for good: their generations are used up
    SlotList m_lru;                   // every idle slot, most recently used first
    // Per slot index: the earlier of keep-alive and lifetime deadline while idle, max() otherwise.
    // Owned by idle entry and exit (pushIdleLocked/unlinkIdleLocked). nextIdleDeadline() scans
    // this contiguous array instead of chasing 10,000 slots under the lock.
    std::vector<Clock::time_point> m_idleExpiry;

    // host → its keys (port, tls, TLS options): hashing only the host lets lookups skip building a
    // composite key string on the hot path.
    std::unordered_map<std::string, std::vector<std::unique_ptr<KeyEntry>>, KeyHash, std::equal_to<>> m_keys;
    std::size_t m_keyCount = 0;
    // The key the last lookup found (or made): most dials name the key the previous one named, and
    // comparing with it costs less than hashing the host. Cleared where keys are destroyed.
    KeyEntry* m_lastKey = nullptr;

    using ContextResult = Result<std::shared_ptr<TlsClientContext>>;
    struct TlsOptionSet
    {
        TlsOptions options;
        std::shared_ptr<TlsClientContext> context;
        std::shared_future<ContextResult> loading; ///< a load on a helper thread, while it runs
    };
    /// Starts loading set `tlsId`'s context on a helper thread unless it is loaded or loading.
    void startContextLoadLocked(std::size_t tlsId);
    std::mutex m_tlsMutex;               // guards m_tlsSets; taken after m_mutex, never before
    std::vector<TlsOptionSet> m_tlsSets; // index = tlsId; 0 = the pool's initial defaults
    std::atomic<int> m_defaultTlsId{0};
    std::vector<ProxyOptions> m_proxySets{ProxyOptions{}}; // index = proxyId; under m_mutex
    std::atomic<std::chrono::milliseconds::rep> m_ioTimeoutMs{0};
    std::atomic<bool> m_handshakeCapture{false};

    ConnectionId m_nextId = 1;
    Counters m_counters;
    int m_inUse = 0, m_idle = 0, m_connecting = 0;

    /// One installed callback and how many Deferreds are calling it (under m_callbackMutex):
    /// replacing it waits for that callback's own calls only, not for its successor's.
    struct CallbackHolder
    {
        EventCallback function;
        int inFlight = 0;
    };
    mutable std::mutex m_callbackMutex;
    std::shared_ptr<CallbackHolder> m_callback;
    std::atomic<bool> m_hasCallback{false};
    std::condition_variable m_callbackIdle;             // signalled when a call finishes
    std::atomic<std::uint64_t> m_callbackExceptions{0}; // thrown by the callback, contained
};

/// Lower-cases an ASCII host name (DNS names are case-insensitive) and strips IPv6 brackets.
[[nodiscard]] std::string normalizeHost(std::string_view host);
/// Checks what a dial request says before anything is looked up.
[[nodiscard]] Status validateRequest(const DialRequest& request);

} // namespace poolscope::detail
