#include "poolscope/error.h"

#include <cerrno>
#include <span>

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

namespace {

bool containsNoCase(std::string_view text, std::string_view word) noexcept
{
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (word.size() > text.size())
        return false;
    for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
        std::size_t i = 0;
        while (i < word.size() && lower(text[at + i]) == lower(word[i]))
            ++i;
        if (i == word.size())
            return true;
    }
    return false;
}

/// Words by which a message already names its code's failure (matched ignoring case).
std::span<const std::string_view> namingWords(ErrorCode code) noexcept
{
    static constexpr std::string_view timedOut[] = {"timed out", "time-out", "timeout"};
    static constexpr std::string_view cancelled[] = {"cancel"};
    static constexpr std::string_view handshake[] = {"handshake"};
    static constexpr std::string_view refused[] = {"refused"};
    static constexpr std::string_view resolve[] = {"resolv"};
    static constexpr std::string_view reset[] = {"reset"};
    static constexpr std::string_view unreachable[] = {"unreachable"};
    static constexpr std::string_view shutDown[] = {"shut down", "shutting down", "stopping", "draining"};
    static constexpr std::string_view files[] = {"open files", "descriptor"};
    static constexpr std::string_view eof[] = {"close_notify"};
    static constexpr std::string_view proxy[] = {"proxy"};
    switch (code) {
    case ErrorCode::TimedOut:
        return timedOut;
    case ErrorCode::Cancelled:
        return cancelled;
    case ErrorCode::HandshakeFailed:
        return handshake;
    case ErrorCode::ConnectionRefused:
        return refused;
    case ErrorCode::ResolveFailed:
        return resolve;
    case ErrorCode::ConnectionReset:
        return reset;
    case ErrorCode::HostUnreachable:
    case ErrorCode::NetworkUnreachable:
        return unreachable;
    case ErrorCode::ShutDown:
        return shutDown;
    case ErrorCode::TooManyOpenFiles:
        return files;
    case ErrorCode::UnexpectedEof:
        return eof;
    case ErrorCode::ProxyFailed:
        return proxy;
    case ErrorCode::Ok:
    case ErrorCode::InvalidArgument:
    case ErrorCode::OutOfResources:
    case ErrorCode::InvalidHandle:
    case ErrorCode::SocketError:
        break;
    }
    return {};
}

} // namespace

std::string describe(const Error& error)
{
    const std::string_view code = describe(error.code);
    if (error.ok() || error.message.empty())
        return std::string(code);
    bool saysItself = containsNoCase(error.message, code);
    for (const std::string_view word : namingWords(error.code))
        saysItself = saysItself || containsNoCase(error.message, word);
    return saysItself ? error.message : std::string(code) + ": " + error.message;
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
