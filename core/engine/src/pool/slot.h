#pragma once
// Slots (one per connection), reuse keys and the intrusive index lists that make finding an idle
// connection of a key O(1). Plain data guarded by PoolState's mutex.

#include "net/platform/socket_api.h"
#include "net/unique_fd.h"
#include "pool/wire_recorder.h"
#include "poolscope/connection_state.h"
#include "poolscope/pool_types.h"
#include "tls/tls_client.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::detail {

class PoolState;

struct Links
{
    int prev = -1;
    int next = -1;
};

/// Head/tail of a doubly linked list threaded through slots by index (no allocation per link).
struct SlotList
{
    int head = -1;
    int tail = -1;
    int size = 0;
};

/// TLS sessions to resume for one key, newest last. Its own lock: OpenSSL hands over TLS 1.3
/// tickets on the thread that happens to read the connection, outside the pool's lock.
/// TLS 1.3 servers send several tickets per connection (OpenSSL: two) and many accept each one
/// once only, so a dial takes a ticket of its own while more than one is kept (RFC 8446 C.4);
/// the last one is shared, as a single cached session always was.
struct SessionCache
{
    static constexpr std::size_t kMaxSessions = 4;
    std::mutex mutex;
    std::vector<UniqueSslSession> sessions;
};

struct KeyEntry
{
    std::string host; ///< normalised (lower-case, no brackets)
    std::uint16_t port = 0;
    bool tls = false;
    int tlsId = 0;   ///< interned TLS option set (0 for plain keys)
    int proxyId = 0; ///< interned proxy (0: none)
    /// "tls://host:port", plus "#<tlsId>" for non-default TLS options, plus " via <proxy>"
    std::string name;
    std::shared_ptr<TlsClientContext> context;
    std::shared_ptr<SessionCache> sessions;
    SlotList idle; ///< most recently used first
    int total = 0; ///< slots held by this key in any state
    int connecting = 0;
    int inUse = 0;
};

struct Slot
{
    /// Hand-out generations are 48 bits wide (the rest of a Handle is the index).
    static constexpr std::uint64_t kGenerationMask = (std::uint64_t{1} << 48) - 1;
    std::uint16_t index = 0;
    std::uint64_t generation = 0; ///< bumped on every hand-out; never 0 while allocated
    /// The generation reached kGenerationMask: the slot is never allocated again, so no handle
    /// value it gave out can come back.
    bool exhausted = false;
    ConnectionLifecycle life;
    ConnectionId id = 0;
    KeyEntry* key = nullptr;
    UniqueFd fd;
    UniqueSsl ssl;
    Links keyLinks;
    Links lruLinks;
    Clock::time_point created{}, lastUsed{}, inUseSince{}, keepAliveDeadline{}, lifetimeDeadline{};
    std::optional<std::chrono::milliseconds> keepAliveOverride;
    Clock::time_point serverKeepAliveDeadline = Clock::time_point::max(); ///< setServerKeepAlive()
    KeepAliveLimit keepAliveLimit = KeepAliveLimit::Pool;                 ///< which one set keepAliveDeadline
    std::uint32_t reuseCount = 0;
    bool checkedOnReturn = false; ///< its last return ran the liveness check (staleCheckSkip relies on it)
    bool busy = false;            ///< a release/startTls works on it outside the lock
    bool shutdownPending = false; ///< shut down while in use; closed when its holder lets go
    CloseReason pendingClose = CloseReason::None; ///< the reason recorded then (with shutdownPending)
    /// Held by a PooledConnection: only that lease may end or change it; the handle API refuses it.
    bool leased = false;
    bool notReusable = false; ///< upgraded to TLS for another name: closed on return, never idle
    /// Its holder was given the raw socket or SSL (nativeSocket(), ssl()): the return puts the
    /// pool's options back (sys::restorePoolOptions) before anyone else gets it. Cleared on return.
    bool exposed = false;
    sys::KeepAliveSetting dialKeepAlive; ///< what the dial set (idleSeconds < 0: it could not)
    sys::BufferSizes dialBuffers;        ///< the kernel's buffer sizes right after connect
    std::atomic<bool> abortDial{false};
    std::string label;
    std::string remoteAddress;
    std::uint16_t localPort = 0;
    std::shared_ptr<const TlsDetails> tls;
    /// The wire log of a plain connection made or handed out while capture was on; else null.
    std::shared_ptr<WireRecorder> wire;
    PhaseTimings timings;
    Error lastError;

    [[nodiscard]] Handle handle() const noexcept { return (generation << 16) | index; }
    [[nodiscard]] ConnectionState state() const noexcept { return life.state(); }
};

struct Counters
{
    std::uint64_t dials = 0, connectsStarted = 0, connectsSucceeded = 0, reuses = 0, staleDetected = 0,
                  expired = 0, lifetimeExpired = 0, evicted = 0, overLimit = 0, handshakeFailures = 0,
                  resolveFailures = 0, socketErrors = 0, timeouts = 0, cancelled = 0, outOfResources = 0,
                  closed = 0, illegalTransitions = 0;
};

/// Transparent string hash so lookups by string_view do not allocate.
struct KeyHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

using SlotTable = std::vector<std::unique_ptr<Slot>>;

template <Links Slot::*L> void listPushFront(SlotList& list, SlotTable& table, int index)
{
    Links& links = (*table[static_cast<std::size_t>(index)]).*L;
    links.prev = -1;
    links.next = list.head;
    if (list.head >= 0)
        ((*table[static_cast<std::size_t>(list.head)]).*L).prev = index;
    else
        list.tail = index;
    list.head = index;
    ++list.size;
}

template <Links Slot::*L> void listUnlink(SlotList& list, SlotTable& table, int index)
{
    Links& links = (*table[static_cast<std::size_t>(index)]).*L;
    if (links.prev >= 0)
        ((*table[static_cast<std::size_t>(links.prev)]).*L).next = links.next;
    else
        list.head = links.next;
    if (links.next >= 0)
        ((*table[static_cast<std::size_t>(links.next)]).*L).prev = links.prev;
    else
        list.tail = links.prev;
    links = {};
    --list.size;
}

} // namespace poolscope::detail
