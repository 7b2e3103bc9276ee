#include "poolscope/connection_state.h"

#include "poolscope/pool_types.h"

namespace poolscope {

std::string_view describe(ConnectionState state) noexcept
{
    switch (state) {
    case ConnectionState::Free:
        return "free";
    case ConnectionState::Resolving:
        return "resolving";
    case ConnectionState::Connecting:
        return "connecting";
    case ConnectionState::Handshaking:
        return "handshaking";
    case ConnectionState::Idle:
        return "idle";
    case ConnectionState::InUse:
        return "in use";
    case ConnectionState::Closing:
        return "closing";
    }
    return "unknown";
}

std::string_view describe(ConnectionTrigger trigger) noexcept
{
    switch (trigger) {
    case ConnectionTrigger::DialStarted:
        return "dial started";
    case ConnectionTrigger::Resolved:
        return "resolved";
    case ConnectionTrigger::Connected:
        return "connected";
    case ConnectionTrigger::TlsStarted:
        return "TLS started";
    case ConnectionTrigger::HandshakeDone:
        return "handshake done";
    case ConnectionTrigger::Acquired:
        return "acquired";
    case ConnectionTrigger::Released:
        return "released";
    case ConnectionTrigger::Failed:
        return "failed";
    case ConnectionTrigger::CloseRequested:
        return "close requested";
    case ConnectionTrigger::Closed:
        return "closed";
    }
    return "unknown";
}

std::string_view describe(CloseReason reason) noexcept
{
    switch (reason) {
    case CloseReason::None:
        return "none";
    case CloseReason::Requested:
        return "closed by holder";
    case CloseReason::DialFailed:
        return "dial failed";
    case CloseReason::Stale:
        return "stale (peer closed or wrote while idle)";
    case CloseReason::Expired:
        return "keep-alive expired";
    case CloseReason::Lifetime:
        return "max lifetime reached";
    case CloseReason::Evicted:
        return "evicted for another host";
    case CloseReason::Shutdown:
        return "pool shutdown";
    case CloseReason::PoolDestroyed:
        return "pool destroyed";
    case CloseReason::Error:
        return "I/O error";
    case CloseReason::ForceClosed:
        return "closed by force while in use";
    case CloseReason::OverLimit:
        return "over a lowered connection limit";
    case CloseReason::NotReusable:
        return "not reusable (TLS for another name, or a socket option its holder changed)";
    }
    return "unknown";
}

std::string_view describe(KeepAliveLimit limit) noexcept
{
    switch (limit) {
    case KeepAliveLimit::Pool:
        return "the pool's keep-alive";
    case KeepAliveLimit::Holder:
        return "the keep-alive its holder set";
    case KeepAliveLimit::Server:
        return "the server's keep-alive";
    case KeepAliveLimit::Lifetime:
        return "the pool's maximum lifetime";
    }
    return "unknown";
}

std::string_view explain(ConnectionState state) noexcept
{
    switch (state) {
    case ConnectionState::Free:
        return "An empty slot: the pool may open a new connection here.";
    case ConnectionState::Resolving:
        return "Looking up the host name's addresses (DNS or /etc/hosts) before connecting.";
    case ConnectionState::Connecting:
        return "The TCP three-way handshake is under way; addresses are raced Happy-Eyeballs style.";
    case ConnectionState::Handshaking:
        return "TCP is up; client and server are negotiating TLS and checking the certificate.";
    case ConnectionState::Idle:
        return "Open and unused: the next dial for the same host, port and TLS settings reuses it "
               "instead of paying for a new TCP and TLS handshake, until its keep-alive runs out.";
    case ConnectionState::InUse:
        return "Handed out to a caller, who returns it for reuse or closes it when done.";
    case ConnectionState::Closing:
        return "Being closed: TLS close_notify is sent and the socket released.";
    }
    return "";
}

std::string_view describe(EventKind kind) noexcept
{
    switch (kind) {
    case EventKind::DialStarted:
        return "dial started";
    case EventKind::Resolved:
        return "resolved";
    case EventKind::Connected:
        return "connected";
    case EventKind::HandshakeDone:
        return "TLS handshake done";
    case EventKind::Acquired:
        return "acquired";
    case EventKind::Released:
        return "released";
    case EventKind::Closed:
        return "closed";
    case EventKind::DialFailed:
        return "dial failed";
    case EventKind::ShutdownStarted:
        return "shutdown started";
    case EventKind::Reopened:
        return "reopened";
    }
    return "unknown";
}

} // namespace poolscope
