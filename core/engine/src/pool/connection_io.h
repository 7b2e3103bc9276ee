#pragma once
// What PooledConnection's blocking I/O (pooled_connection.cpp) and its non-blocking steps
// (pooled_connection_steps.cpp) share: error texts, OpenSSL call hygiene, the socket-mode scope.
#include "net/platform/socket_api.h"
#include "pool/wire_recorder.h"
#include "poolscope/error.h"

#include <cerrno>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string>

namespace poolscope::detail {

inline Error ioError(const char* what, int err)
{
    return makeError(errorCodeFromErrno(err), std::string(what) + ": " + sys::errorText(err), DialPhase::Io,
                     err);
}

/// SSL_get_error() reads the thread's OpenSSL error queue and errno: an embedding application's
/// leftover errors there would turn a plain WANT_READ into a failure.
inline void freshTlsCall() noexcept
{
    ERR_clear_error();
    errno = 0;
}

inline Error unexpectedEof()
{
    ERR_clear_error();
    return makeError(ErrorCode::UnexpectedEof,
                     "TLS read failed: the peer closed the connection without close_notify in the middle "
                     "of a record (unexpected EOF)",
                     DialPhase::Io);
}

inline Error tlsError(const char* what)
{
    char buf[256] = "unknown TLS error";
    if (const unsigned long code = ERR_get_error())
        ERR_error_string_n(code, buf, sizeof buf);
    ERR_clear_error();
    return makeError(ErrorCode::ConnectionReset, std::string(what) + ": " + buf, DialPhase::Io);
}

/// A plain recv() that returned `n` >= 0 into the wire log: bytes, or end of stream (the peer's FIN).
inline void recordRead(WireRecorder& wire, const char* buffer, sys::IoResult n)
{
    if (n == 0)
        wire.add(WireEventKind::PeerClosed, "read returned end of stream");
    else
        wire.received(std::string_view(buffer, static_cast<std::size_t>(n)));
}

/// A plain recv() that failed with `err`: a reset is the peer's RST.
inline void recordReadError(WireRecorder& wire, int err)
{
    if (err == ECONNRESET)
        wire.add(WireEventKind::PeerReset, "read failed: connection reset");
}

/// TLS I/O on a socket the holder keeps in blocking mode: switched to non-blocking for the call so
/// a record that is only partly there (or a TLS 1.3 ticket with no data behind it) cannot block
/// past the deadline. The socket ends up blocking, as before.
class NonBlockingScope
{
public:
    explicit NonBlockingScope(int fd) : m_fd(fd) { (void)sys::setNonBlocking(m_fd, true); }
    ~NonBlockingScope() { (void)sys::setNonBlocking(m_fd, false); }
    NonBlockingScope(const NonBlockingScope&) = delete;
    NonBlockingScope& operator=(const NonBlockingScope&) = delete;

private:
    int m_fd;
};

} // namespace poolscope::detail
