#include "poolscope/error.h"

#include <cerrno>

namespace poolscope {

std::string_view describe(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::Ok:
        return "ok";
    case ErrorCode::InvalidArgument:
        return "invalid argument";
    case ErrorCode::ResolveFailed:
        return "resolve failed";
    case ErrorCode::ConnectionRefused:
        return "connection refused";
    case ErrorCode::HostUnreachable:
        return "host unreachable";
    case ErrorCode::NetworkUnreachable:
        return "network unreachable";
    case ErrorCode::ConnectionReset:
        return "connection reset";
    case ErrorCode::TimedOut:
        return "timed out";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::HandshakeFailed:
        return "TLS handshake failed";
    case ErrorCode::OutOfResources:
        return "out of resources";
    case ErrorCode::ShutDown:
        return "pool shut down";
    case ErrorCode::InvalidHandle:
        return "invalid handle";
    case ErrorCode::SocketError:
        return "socket error";
    case ErrorCode::TooManyOpenFiles:
        return "too many open files";
    case ErrorCode::UnexpectedEof:
        return "connection closed without TLS close_notify";
    case ErrorCode::ProxyFailed:
        return "proxy failed";
    }
    return "unknown error";
}

std::string_view describe(DialPhase phase) noexcept
{
    switch (phase) {
    case DialPhase::None:
        return "none";
    case DialPhase::Validate:
        return "validate";
    case DialPhase::Resolve:
        return "resolve";
    case DialPhase::Connect:
        return "connect";
    case DialPhase::Handshake:
        return "handshake";
    case DialPhase::Io:
        return "io";
    case DialPhase::Proxy:
        return "proxy";
    }
    return "unknown";
}

Error makeError(ErrorCode code, std::string message, DialPhase phase, int systemError)
{
    Error e;
    e.code = code;
    e.phase = phase;
    e.systemError = systemError;
    e.message = std::move(message);
    return e;
}

ErrorCode errorCodeFromErrno(int err) noexcept
{
    switch (err) {
    case ECONNREFUSED:
        return ErrorCode::ConnectionRefused;
    case EHOSTUNREACH:
#ifdef EHOSTDOWN // not in the Windows C runtime
    case EHOSTDOWN:
#endif
        return ErrorCode::HostUnreachable;
    case ENETUNREACH:
    case ENETDOWN:
        return ErrorCode::NetworkUnreachable;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE:
        return ErrorCode::ConnectionReset;
    case ETIMEDOUT:
        return ErrorCode::TimedOut;
    case EMFILE:
    case ENFILE:
        return ErrorCode::TooManyOpenFiles;
    case ENOBUFS:
    case ENOMEM:
        return ErrorCode::OutOfResources;
    default:
        return ErrorCode::SocketError;
    }
}

} // namespace poolscope
