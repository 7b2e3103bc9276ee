#pragma once
// The per-connection lifecycle as a pure state machine: no sockets, no clocks, no locks, so every
// transition can be unit-tested without I/O. The pool drives it; snapshots and events report it.
//
//   Free ─DialStarted→ Resolving ─Resolved→ Connecting ─Connected→ InUse (plain)
//                                               └─TlsStarted→ Handshaking ─HandshakeDone→ InUse
//   InUse ─Released→ Idle ─Acquired→ InUse        InUse ─TlsStarted→ Handshaking  (STARTTLS upgrade)
//   any live state ─Failed / CloseRequested→ Closing ─Closed→ Free

#include <cstdint>
#include <optional>
#include <string_view>

namespace poolscope {

/// Where a connection is in its lifecycle; nextState() says which moves are legal.
enum class ConnectionState : std::uint8_t
{
    Free,
    Resolving,
    Connecting,
    Handshaking,
    Idle,
    InUse,
    Closing
};

/// What moves a connection from one ConnectionState to the next.
enum class ConnectionTrigger : std::uint8_t
{
    DialStarted,
    Resolved,
    Connected,
    TlsStarted,
    HandshakeDone,
    Acquired,
    Released,
    Failed,
    CloseRequested,
    Closed,
};

/// Why a connection left the pool; counted in PoolStats and reported in events.
enum class CloseReason : std::uint8_t
{
    None,
    Requested,     ///< Close() by its holder
    DialFailed,    ///< resolve/connect/handshake failed or was cancelled
    Stale,         ///< peer closed it, reset it, or left unread bytes while idle
    Expired,       ///< idle past its keep-alive deadline
    Lifetime,      ///< older than maxLifetime
    Evicted,       ///< idle, least recently used, and its slot was needed for another key
    Shutdown,      ///< pool shutdown / closeIdle
    PoolDestroyed, ///< the pool went away
    Error,         ///< an I/O error while in use
    /// Ended by someone other than its holder while in use (a monitor's close, a service
    /// stopping): shut down at once, closed when the holder lets go.
    ForceClosed,
    OverLimit, ///< idle, and maxConnections was lowered below the connections open
    /// Closed on return, never reused: startTls() verified it for another name (a tunnel), or its
    /// holder changed a socket option the pool cannot put back (a lowered SO_RCVBUF/SO_SNDBUF;
    /// see ConnectionPool's contracts). The connection's last error says which.
    NotReusable,
};

/// Which limit ends an idle connection's keep-alive (ConnectionInfo::keepAliveLimit): the earliest
/// of them sets its keep-alive deadline.
enum class KeepAliveLimit : std::uint8_t
{
    Pool,     ///< PoolParams::maxKeepAlive, counted from its return
    Holder,   ///< set by its holder with setKeepAlive(), counted from its return
    Server,   ///< the server's own idle time-out (setServerKeepAlive()), counted from its response
    Lifetime, ///< PoolParams::maxLifetime ends it first
};

/// The next state, or nullopt when `trigger` is not allowed in `from`.
[[nodiscard]] constexpr std::optional<ConnectionState> nextState(ConnectionState from,
                                                                 ConnectionTrigger trigger) noexcept
{
    using S = ConnectionState;
    using T = ConnectionTrigger;
    const bool live = from != S::Free && from != S::Closing;
    switch (trigger) {
    case T::DialStarted:
        return from == S::Free ? std::optional{S::Resolving} : std::nullopt;
    case T::Resolved:
        return from == S::Resolving ? std::optional{S::Connecting} : std::nullopt;
    case T::Connected:
        return from == S::Connecting ? std::optional{S::InUse} : std::nullopt;
    case T::TlsStarted:
        return (from == S::Connecting || from == S::InUse) ? std::optional{S::Handshaking} : std::nullopt;
    case T::HandshakeDone:
        return from == S::Handshaking ? std::optional{S::InUse} : std::nullopt;
    case T::Acquired:
        return from == S::Idle ? std::optional{S::InUse} : std::nullopt;
    case T::Released:
        return from == S::InUse ? std::optional{S::Idle} : std::nullopt;
    case T::Failed:
    case T::CloseRequested:
        return live ? std::optional{S::Closing} : std::nullopt;
    case T::Closed:
        return from == S::Closing ? std::optional{S::Free} : std::nullopt;
    }
    return std::nullopt;
}

/// A state plus the rule that only legal transitions change it.
class ConnectionLifecycle
{
public:
    [[nodiscard]] constexpr ConnectionState state() const noexcept { return m_state; } ///< now
    /// Applies `trigger`; returns false (and keeps the state) when it is not legal here.
    constexpr bool apply(ConnectionTrigger trigger) noexcept
    {
        if (auto next = nextState(m_state, trigger)) {
            m_state = *next;
            return true;
        }
        return false;
    }
    /// Resolving, connecting, or in the first handshake (not an upgrade of an established one).
    [[nodiscard]] constexpr bool isDialing() const noexcept
    {
        return m_state == ConnectionState::Resolving || m_state == ConnectionState::Connecting ||
               (m_state == ConnectionState::Handshaking && !m_established);
    }
    /// True once TCP is up; an upgrade handshake on an established connection keeps it true.
    constexpr void markEstablished() noexcept { m_established = true; }
    /// Back to Free and not established, for the slot's next connection.
    constexpr void reset() noexcept
    {
        m_state = ConnectionState::Free;
        m_established = false;
    }

private:
    ConnectionState m_state = ConnectionState::Free;
    bool m_established = false;
};

/// The state in words ("in use"), for logs and UIs; likewise for the overloads below.
[[nodiscard]] std::string_view describe(ConnectionState state) noexcept;
[[nodiscard]] std::string_view describe(ConnectionTrigger trigger) noexcept; ///< in words
[[nodiscard]] std::string_view describe(CloseReason reason) noexcept;        ///< in words
[[nodiscard]] std::string_view describe(KeepAliveLimit limit) noexcept;      ///< in words
/// One sentence for learners: what this state means for the connection and the pool.
[[nodiscard]] std::string_view explain(ConnectionState state) noexcept;

} // namespace poolscope
