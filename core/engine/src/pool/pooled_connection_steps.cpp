// PooledConnection's non-blocking steps (tryRead/tryWrite) for holders driven by an event loop.
// They share their error texts and OpenSSL hygiene with the blocking I/O (connection_io.h).
#include "net/platform/socket_api.h"
#include "pool/connection_io.h"
#include "poolscope/connection_pool.h"

#include <algorithm>
#include <cerrno>
#include <climits>

namespace poolscope {

using detail::freshTlsCall;
using detail::ioError;
using detail::NonBlockingScope;
using detail::tlsError;
using detail::unexpectedEof;
using Step = PooledConnection::IoStep;

namespace {

Step wanting(bool read)
{
    Step step;
    step.wantRead = read;
    step.wantWrite = !read;
    return step;
}

Step moved(std::size_t bytes)
{
    Step step;
    step.bytes = bytes;
    step.eof = bytes == 0;
    return step;
}

} // namespace

Result<Step> PooledConnection::tryRead(char* buffer, std::size_t size)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "read on an empty lease");
    if (size == 0)
        return Step{};
    if (!m_ssl) {
        const detail::sys::DontWaitScope dontWait(m_fd);
        for (;;) {
            const detail::sys::IoResult n = detail::sys::recv(m_fd, buffer, size, detail::sys::kIoDontWait);
            if (n >= 0) {
                if (m_wire) // capture off: this branch is all it costs
                    detail::recordRead(*m_wire, buffer, n);
                return moved(static_cast<std::size_t>(n));
            }
            if (n == -EINTR)
                continue;
            if (detail::sys::retryable(static_cast<int>(-n)))
                return wanting(true);
            if (m_wire)
                detail::recordReadError(*m_wire, static_cast<int>(-n));
            return ioError("recv failed", static_cast<int>(-n));
        }
    }
    const NonBlockingScope nonBlocking(m_fd);
    freshTlsCall();
    const int n = SSL_read(m_ssl, buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
    if (n > 0)
        return moved(static_cast<std::size_t>(n));
    switch (SSL_get_error(m_ssl, n)) {
    case SSL_ERROR_ZERO_RETURN:
        return moved(0);
    case SSL_ERROR_WANT_READ:
        return wanting(true);
    case SSL_ERROR_WANT_WRITE:
        return wanting(false);
    case SSL_ERROR_SYSCALL: {
        const int err = detail::sys::lastSocketError();
        if (err == 0)
            return moved(0); // EOF between records without close_notify: the peer closing
        return ioError("TLS read failed", err);
    }
    case SSL_ERROR_SSL:
        if (ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
            return unexpectedEof();
        [[fallthrough]];
    default:
        return tlsError("TLS read failed");
    }
}

Result<Step> PooledConnection::tryWrite(std::string_view data)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "write on an empty lease");
    if (data.empty())
        return Step{};
    if (!m_ssl) {
        const detail::sys::DontWaitScope dontWait(m_fd);
        for (;;) {
            const detail::sys::IoResult n =
                detail::sys::send(m_fd, data.data(), data.size(), detail::sys::kIoDontWait);
            if (n >= 0) {
                Step step;
                step.bytes = static_cast<std::size_t>(n);
                if (m_wire)
                    m_wire->sent(data.substr(0, step.bytes));
                return step;
            }
            if (n == -EINTR)
                continue;
            if (detail::sys::retryable(static_cast<int>(-n)))
                return wanting(false);
            if (m_wire && n == -ECONNRESET)
                m_wire->add(WireEventKind::PeerReset, "send failed: connection reset");
            return ioError("send failed", static_cast<int>(-n));
        }
    }
    const NonBlockingScope nonBlocking(m_fd);
    freshTlsCall();
    const int n =
        SSL_write(m_ssl, data.data(), static_cast<int>(std::min<std::size_t>(data.size(), INT_MAX)));
    if (n > 0) {
        Step step;
        step.bytes = static_cast<std::size_t>(n);
        return step;
    }
    switch (SSL_get_error(m_ssl, n)) {
    case SSL_ERROR_WANT_READ:
        return wanting(true);
    case SSL_ERROR_WANT_WRITE:
        return wanting(false);
    case SSL_ERROR_SYSCALL:
        if (const int err = detail::sys::lastSocketError(); err != 0)
            return ioError("TLS write failed", err);
        [[fallthrough]];
    default:
        return tlsError("TLS write failed");
    }
}

Status PooledConnection::restoreBlocking()
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "restoreBlocking on an empty lease");
    if (const int err = detail::sys::setNonBlocking(m_fd, false); err != 0)
        return ioError("could not make the socket blocking again", err);
    return {};
}

} // namespace poolscope
