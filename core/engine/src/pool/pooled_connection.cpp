// PooledConnection: a move-only lease that gives its connection back when it goes away, plus
// deadline-bounded I/O that works the same over plain TCP and TLS.
#include "net/connector.h"
#include "net/platform/socket_api.h"
#include "pool/connection_io.h"
#include "pool/pool_state.h"
#include "poolscope/connection_pool.h"
#include "poolscope/deadline.h"

#include <cerrno>
#include <climits>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace poolscope {

using detail::freshTlsCall;
using detail::ioError;
using detail::NonBlockingScope;
using detail::tlsError;
using detail::unexpectedEof;

namespace {

using Deadline = Clock::time_point;

Deadline deadlineAfter(std::chrono::milliseconds timeout)
{
    return poolscope::deadlineAfter(Clock::now(), timeout);
}

/// Waits for `events` on fd until the deadline. Ok, TimedOut, or SocketError.
Error waitFor(int fd, short events, Deadline deadline)
{
    for (;;) {
        int waitMs = -1;
        if (deadline != Deadline::max()) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0)
                return makeError(ErrorCode::TimedOut, "I/O timed out", DialPhase::Io);
            waitMs = static_cast<int>(std::min<long long>(left, INT_MAX));
        }
        detail::sys::PollEntry entry{fd, events, 0};
        const int rc = detail::sys::poll(&entry, 1, waitMs);
        if (rc > 0)
            return {};
        if (rc < 0 && -rc != EINTR)
            return makeError(errorCodeFromErrno(-rc), "poll failed: " + detail::sys::errorText(-rc),
                             DialPhase::Io, -rc);
    }
}

} // namespace

PooledConnection::PooledConnection(std::shared_ptr<detail::PoolState> state, Handle handle, ConnectionId id,
                                   bool reused) noexcept
    : m_state(std::move(state)), m_handle(handle), m_id(id), m_reused(reused)
{
    // m_fd / m_ssl are filled in by ConnectionPool::dial from what the dial returned.
}

PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : m_state(std::move(other.m_state)), m_handle(std::exchange(other.m_handle, kInvalidHandle)),
      m_id(std::exchange(other.m_id, 0)), m_fd(std::exchange(other.m_fd, -1)),
      m_ssl(std::exchange(other.m_ssl, nullptr)), m_wire(std::move(other.m_wire)), m_reused(other.m_reused),
      m_exposed(other.m_exposed.exchange(false, std::memory_order_relaxed))
{
}

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept
{
    if (this != &other) {
        (void)release();
        m_state = std::move(other.m_state);
        m_handle = std::exchange(other.m_handle, kInvalidHandle);
        m_id = std::exchange(other.m_id, 0);
        m_fd = std::exchange(other.m_fd, -1);
        m_ssl = std::exchange(other.m_ssl, nullptr);
        m_wire = std::move(other.m_wire);
        m_reused = other.m_reused;
        m_exposed.store(other.m_exposed.exchange(false, std::memory_order_relaxed),
                        std::memory_order_relaxed);
    }
    return *this;
}

PooledConnection::~PooledConnection()
{
    if (valid()) // a moved-from lease (every dial leaves one or two) has nothing to give back
        (void)release();
}

void PooledConnection::reset() noexcept
{
    m_state.reset();
    m_handle = kInvalidHandle;
    m_id = 0;
    m_fd = -1;
    m_ssl = nullptr;
    m_wire.reset();
    m_exposed.store(false, std::memory_order_relaxed);
}

void PooledConnection::expose() const
{
    // Once per lease: the engine's own I/O (writeAll, readSome, the steps) never comes here, so a
    // holder that only uses them keeps the return's fast path.
    if (valid() && !m_exposed.exchange(true, std::memory_order_relaxed))
        m_state->markExposed(m_handle, m_id);
}

int PooledConnection::nativeSocket() const
{
    expose();
    return m_fd;
}
SSL* PooledConnection::ssl() const
{
    expose();
    return m_ssl;
}

std::optional<ConnectionInfo> PooledConnection::info() const
{
    return valid() ? m_state->info(m_handle) : std::nullopt;
}

Status PooledConnection::release()
{
    // One named result, so it is returned without a move (an Error holds two strings).
    Status status = valid() ? m_state->release(m_handle, m_id) : Status();
    reset();
    return status;
}

Status PooledConnection::close()
{
    if (!valid())
        return {};
    auto status = m_state->close(m_handle, m_id);
    reset();
    return status;
}

Handle PooledConnection::releaseHandle() noexcept
{
    const Handle handle = m_handle;
    if (valid())
        m_state->disown(m_handle, m_id);
    reset();
    return handle;
}

Status PooledConnection::startTls(std::chrono::microseconds timeout, const TlsOptions* options,
                                  std::stop_token stop)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "startTls on an empty lease");
    auto status = m_state->startTls(m_handle, timeout, options, std::move(stop), m_id);
    if (!status) {
        // A failed handshake closes the connection; a refused request (bad options, already TLS)
        // leaves it as it was, still this lease's to return.
        if (!m_state->holds(m_handle, m_id))
            reset();
        return status;
    }
    m_ssl = m_state->ssl(m_handle, m_id, false);
    return status;
}

Status PooledConnection::shutdownSocket(ShutdownHow how)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "shutdownSocket on an empty lease");
    return m_state->shutdownInUse(m_handle, m_id, how, CloseReason::ForceClosed);
}

Status PooledConnection::setKeepAlive(std::chrono::milliseconds keepAlive)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "setKeepAlive on an empty lease");
    return m_state->setKeepAlive(m_handle, keepAlive, m_id);
}

Status PooledConnection::setServerKeepAlive(std::chrono::milliseconds timeout)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "setServerKeepAlive on an empty lease");
    return m_state->setServerKeepAlive(m_handle, timeout, m_id);
}

void PooledConnection::noteWire(std::string text)
{
    if (m_wire)
        m_wire->add(WireEventKind::Note, std::move(text));
}

Status PooledConnection::writeAll(std::string_view data, std::chrono::milliseconds timeout)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "write on an empty lease");
    const Deadline deadline = deadlineAfter(timeout.count() == 0 ? m_state->defaultIoTimeout() : timeout);
    if (!m_ssl) {
        const detail::sys::DontWaitScope dontWait(m_fd);
        while (!data.empty()) {
            const detail::sys::IoResult n =
                detail::sys::send(m_fd, data.data(), data.size(), detail::sys::kIoDontWait);
            if (n >= 0) {
                if (m_wire) // capture off: this branch is all it costs
                    m_wire->sent(data.substr(0, static_cast<std::size_t>(n)));
                data.remove_prefix(static_cast<std::size_t>(n));
                continue;
            }
            if (n == -EINTR)
                continue;
            if (!detail::sys::retryable(static_cast<int>(-n))) {
                if (m_wire && n == -ECONNRESET)
                    m_wire->add(WireEventKind::PeerReset, "send failed: connection reset");
                return ioError("send failed", static_cast<int>(-n));
            }
            if (auto e = waitFor(m_fd, detail::sys::kPollOut, deadline); !e.ok())
                return e;
        }
        return {};
    }
    NonBlockingScope nonBlocking(m_fd);
    while (!data.empty()) {
        const int chunk = static_cast<int>(std::min<std::size_t>(data.size(), INT_MAX));
        freshTlsCall();
        const int n = SSL_write(m_ssl, data.data(), chunk);
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        const int err = SSL_get_error(m_ssl, n);
        Error waited;
        if (err == SSL_ERROR_WANT_WRITE)
            waited = waitFor(m_fd, detail::sys::kPollOut, deadline);
        else if (err == SSL_ERROR_WANT_READ)
            waited = waitFor(m_fd, detail::sys::kPollIn, deadline);
        else
            return err == SSL_ERROR_SYSCALL && errno != 0 ? ioError("TLS write failed", errno)
                                                          : tlsError("TLS write failed");
        if (!waited.ok())
            return waited;
    }
    return {};
}

Result<std::size_t> PooledConnection::readSome(char* buffer, std::size_t size,
                                               std::chrono::milliseconds timeout)
{
    if (!valid())
        return makeError(ErrorCode::InvalidHandle, "read on an empty lease");
    if (size == 0)
        return std::size_t{0};
    const Deadline deadline = deadlineAfter(timeout.count() == 0 ? m_state->defaultIoTimeout() : timeout);
    // Reads mostly follow a request, so the answer is usually not there yet: waiting first saves
    // the read that would only say EAGAIN (and, for TLS, switching the socket back and forth).
    if (!m_ssl || SSL_has_pending(m_ssl) == 0) {
        if (auto e = waitFor(m_fd, detail::sys::kPollIn, deadline); !e.ok())
            return e;
    }
    if (!m_ssl) {
        const detail::sys::DontWaitScope dontWait(m_fd);
        for (;;) {
            const detail::sys::IoResult n = detail::sys::recv(m_fd, buffer, size, detail::sys::kIoDontWait);
            if (n >= 0) {
                if (m_wire) // capture off: this branch is all it costs
                    recordRead(*m_wire, buffer, n);
                return static_cast<std::size_t>(n);
            }
            if (n == -EINTR)
                continue;
            if (!detail::sys::retryable(static_cast<int>(-n))) {
                if (m_wire)
                    recordReadError(*m_wire, static_cast<int>(-n));
                return ioError("recv failed", static_cast<int>(-n));
            }
            if (auto e = waitFor(m_fd, detail::sys::kPollIn, deadline); !e.ok())
                return e;
        }
    }
    NonBlockingScope nonBlocking(m_fd);
    for (;;) {
        const int chunk = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
        freshTlsCall();
        const int n = SSL_read(m_ssl, buffer, chunk);
        if (n > 0)
            return static_cast<std::size_t>(n);
        const int err = SSL_get_error(m_ssl, n);
        if (err == SSL_ERROR_ZERO_RETURN)
            return std::size_t{0};
        Error waited;
        if (err == SSL_ERROR_WANT_READ)
            waited = waitFor(m_fd, detail::sys::kPollIn, deadline);
        else if (err == SSL_ERROR_WANT_WRITE)
            waited = waitFor(m_fd, detail::sys::kPollOut, deadline);
        else if (err == SSL_ERROR_SYSCALL && errno == 0)
            return std::size_t{0}; // EOF between records without close_notify: the peer closing
        else if (err == SSL_ERROR_SSL &&
                 ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
            return unexpectedEof();
        else
            return err == SSL_ERROR_SYSCALL ? ioError("TLS read failed", errno) : tlsError("TLS read failed");
        if (!waited.ok())
            return waited;
    }
}

} // namespace poolscope
