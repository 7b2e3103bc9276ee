// The names kinds, states, reasons and codes have in a trace file. Part of the format: never
// rename one (add new ones; readers skip names they do not know).

#include "poolscope/trace/trace_types.h"

namespace poolscope::trace {

namespace {

template <class Enum, int Count> std::optional<Enum> byName(std::string_view name) noexcept
{
    for (int i = 0; i < Count; ++i) {
        const auto value = static_cast<Enum>(i);
        if (traceName(value) == name)
            return value;
    }
    return std::nullopt;
}

} // namespace

std::string TraceIssue::toString() const
{
    return "line " + std::to_string(line) + ": " + message;
}

std::string_view traceName(TraceEventKind kind) noexcept
{
    using K = TraceEventKind;
    switch (kind) {
    case K::DialStarted:
        return "dial_started";
    case K::Resolved:
        return "resolved";
    case K::Connected:
        return "connected";
    case K::HandshakeDone:
        return "handshake_done";
    case K::Acquired:
        return "acquired";
    case K::Released:
        return "released";
    case K::Closed:
        return "closed";
    case K::DialFailed:
        return "dial_failed";
    case K::ShutdownStarted:
        return "shutdown_started";
    case K::Reopened:
        return "reopened";
    case K::WaiterQueued:
        return "waiter_queued";
    case K::WaiterServed:
        return "waiter_served";
    case K::WaiterTimedOut:
        return "waiter_timed_out";
    case K::WaiterCancelled:
        return "waiter_cancelled";
    case K::LeakSuspected:
        return "leak_suspected";
    case K::ProbeCompleted:
        return "probe_completed";
    case K::ProbeFailed:
        return "probe_failed";
    case K::WarmupFailed:
        return "warmup_failed";
    case K::ParamsChanged:
        return "params_changed";
    case K::Drained:
        return "drained";
    }
    return "unknown";
}

std::string_view traceName(ConnectionState state) noexcept
{
    using S = ConnectionState;
    switch (state) {
    case S::Free:
        return "free";
    case S::Resolving:
        return "resolving";
    case S::Connecting:
        return "connecting";
    case S::Handshaking:
        return "handshaking";
    case S::Idle:
        return "idle";
    case S::InUse:
        return "in_use";
    case S::Closing:
        return "closing";
    }
    return "unknown";
}

std::string_view traceName(CloseReason reason) noexcept
{
    using R = CloseReason;
    switch (reason) {
    case R::None:
        return "none";
    case R::Requested:
        return "requested";
    case R::DialFailed:
        return "dial_failed";
    case R::Stale:
        return "stale";
    case R::Expired:
        return "expired";
    case R::Lifetime:
        return "lifetime";
    case R::Evicted:
        return "evicted";
    case R::Shutdown:
        return "shutdown";
    case R::PoolDestroyed:
        return "pool_destroyed";
    case R::Error:
        return "error";
    case R::ForceClosed:
        return "force_closed";
    case R::OverLimit:
        return "over_limit";
    case R::NotReusable:
        return "not_reusable";
    }
    return "unknown";
}

std::string_view traceName(ErrorCode code) noexcept
{
    using E = ErrorCode;
    switch (code) {
    case E::Ok:
        return "ok";
    case E::InvalidArgument:
        return "invalid_argument";
    case E::ResolveFailed:
        return "resolve_failed";
    case E::ConnectionRefused:
        return "connection_refused";
    case E::HostUnreachable:
        return "host_unreachable";
    case E::NetworkUnreachable:
        return "network_unreachable";
    case E::ConnectionReset:
        return "connection_reset";
    case E::TimedOut:
        return "timed_out";
    case E::Cancelled:
        return "cancelled";
    case E::HandshakeFailed:
        return "handshake_failed";
    case E::OutOfResources:
        return "out_of_resources";
    case E::ShutDown:
        return "shut_down";
    case E::InvalidHandle:
        return "invalid_handle";
    case E::SocketError:
        return "socket_error";
    case E::TooManyOpenFiles:
        return "too_many_open_files";
    case E::UnexpectedEof:
        return "unexpected_eof";
    case E::ProxyFailed:
        return "proxy_failed";
    }
    return "unknown";
}

std::string_view traceName(DialPhase phase) noexcept
{
    using P = DialPhase;
    switch (phase) {
    case P::None:
        return "none";
    case P::Validate:
        return "validate";
    case P::Resolve:
        return "resolve";
    case P::Connect:
        return "connect";
    case P::Handshake:
        return "handshake";
    case P::Io:
        return "io";
    case P::Proxy:
        return "proxy";
    }
    return "unknown";
}

std::string_view traceName(KeepAliveLimit limit) noexcept
{
    switch (limit) {
    case KeepAliveLimit::Pool:
        return "pool";
    case KeepAliveLimit::Holder:
        return "holder";
    case KeepAliveLimit::Server:
        return "server";
    case KeepAliveLimit::Lifetime:
        return "lifetime";
    }
    return "unknown";
}

// The counts below follow the enums' last members; the switches above fail to compile (-Wswitch,
// -Werror) when a member is added without a name, and a test checks every name reads back.
std::optional<TraceEventKind> parseEventKind(std::string_view name) noexcept
{
    return byName<TraceEventKind, static_cast<int>(TraceEventKind::Drained) + 1>(name);
}

std::optional<ConnectionState> parseState(std::string_view name) noexcept
{
    return byName<ConnectionState, static_cast<int>(ConnectionState::Closing) + 1>(name);
}

std::optional<CloseReason> parseCloseReason(std::string_view name) noexcept
{
    return byName<CloseReason, static_cast<int>(CloseReason::NotReusable) + 1>(name);
}

std::optional<ErrorCode> parseErrorCode(std::string_view name) noexcept
{
    return byName<ErrorCode, static_cast<int>(ErrorCode::ProxyFailed) + 1>(name);
}

std::optional<DialPhase> parseDialPhase(std::string_view name) noexcept
{
    return byName<DialPhase, static_cast<int>(DialPhase::Proxy) + 1>(name);
}

std::optional<KeepAliveLimit> parseKeepAliveLimit(std::string_view name) noexcept
{
    return byName<KeepAliveLimit, static_cast<int>(KeepAliveLimit::Lifetime) + 1>(name);
}

TraceEventKind toTraceKind(EventKind kind) noexcept
{
    using E = EventKind;
    using K = TraceEventKind;
    switch (kind) {
    case E::DialStarted:
        return K::DialStarted;
    case E::Resolved:
        return K::Resolved;
    case E::Connected:
        return K::Connected;
    case E::HandshakeDone:
        return K::HandshakeDone;
    case E::Acquired:
        return K::Acquired;
    case E::Released:
        return K::Released;
    case E::Closed:
        return K::Closed;
    case E::DialFailed:
        return K::DialFailed;
    case E::ShutdownStarted:
        return K::ShutdownStarted;
    case E::Reopened:
        return K::Reopened;
    }
    return K::DialStarted;
}

} // namespace poolscope::trace
