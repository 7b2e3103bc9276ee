#include "net/connector.h"
#include "net/platform/socket_api.h"
#include "tls/tls_client.h"

#include <cerrno>
#include <openssl/err.h>

namespace poolscope::detail {

namespace {

enum class Readable
{
    No,
    Yes,
    Broken
};

Readable pollReadable(int fd) noexcept
{
    sys::PollEntry entry{fd, sys::kPollIn, 0};
    int ready = -1;
    do {
        ready = sys::poll(&entry, 1, 0);
    } while (ready == -EINTR);
    if (ready < 0 || (entry.revents & sys::kPollInvalid) != 0)
        return Readable::Broken;
    // POLLERR / POLLHUP count as readable: the read that follows tells EOF from reset.
    return ready == 0 ? Readable::No : Readable::Yes;
}

/// Restores the descriptor's blocking mode on scope exit (liveness checks must not change it).
class NonBlockingScope
{
public:
    explicit NonBlockingScope(int fd) noexcept : m_fd(fd), m_wasBlocking(!sys::isNonBlocking(fd, false))
    {
        m_ok = !m_wasBlocking || sys::setNonBlocking(fd, true) == 0;
    }
    ~NonBlockingScope()
    {
        if (m_wasBlocking && m_ok)
            (void)sys::setNonBlocking(m_fd, false);
    }
    NonBlockingScope(const NonBlockingScope&) = delete;
    NonBlockingScope& operator=(const NonBlockingScope&) = delete;
    [[nodiscard]] bool ok() const noexcept { return m_ok; }

private:
    int m_fd;
    bool m_wasBlocking;
    bool m_ok = false;
};

} // namespace

bool plainIdleConnectionUsable(int fd, IdleVerdict* why) noexcept
{
    IdleVerdict ignored = IdleVerdict::Usable;
    IdleVerdict& verdict = why ? *why : ignored;
    verdict = IdleVerdict::Broken;
    if (fd == sys::kInvalidSocket)
        return false;
    switch (pollReadable(fd)) {
    case Readable::No:
        verdict = IdleVerdict::Usable;
        return true;
    case Readable::Broken:
        return false;
    case Readable::Yes:
        break;
    }
    // An idle connection has nothing to say: EOF means the peer closed it, bytes mean a
    // protocol desync (a late response) that the next user would misread.
    char byte = 0;
    sys::IoResult n = -EINTR;
    sys::DontWaitScope dontWait(fd);
    while (n == -EINTR)
        n = sys::recv(fd, &byte, 1, sys::kIoPeek | sys::kIoDontWait);
    // Would block: the readiness was spurious. Anything else (EOF, a byte, a reset) is unusable.
    if (n == 0)
        verdict = IdleVerdict::PeerClosed;
    else if (n > 0)
        verdict = IdleVerdict::UnreadData;
    else if (n == -ECONNRESET)
        verdict = IdleVerdict::PeerReset;
    else if (n != -EINTR && sys::retryable(static_cast<int>(-n)))
        verdict = IdleVerdict::Usable;
    return verdict == IdleVerdict::Usable;
}

bool tlsIdleConnectionUsable(SSL* ssl, int fd) noexcept
{
    if (!ssl || fd == sys::kInvalidSocket)
        return false;
    // Already shut down in either direction (a close_notify seen by an earlier read, or sent).
    if (SSL_get_shutdown(ssl) != 0 || SSL_pending(ssl) > 0)
        return false;
    switch (pollReadable(fd)) {
    case Readable::No:
        return true;
    case Readable::Broken:
        return false;
    case Readable::Yes:
        break;
    }
    // The key subtlety: with TLS 1.3 the server sends NewSessionTicket records after the
    // handshake, and a client that has not read since then always has them waiting. They make
    // the socket readable but are not application data, so a raw MSG_PEEK would call every fresh
    // TLS 1.3 connection dirty. SSL_peek processes such records (handing the tickets to the
    // session sink) and only reports bytes of application data; WANT_READ afterwards means
    // nothing but handshake records had arrived.
    NonBlockingScope nonBlocking(fd);
    if (!nonBlocking.ok())
        return false;
    ERR_clear_error();
    char byte = 0;
    const int n = SSL_peek(ssl, &byte, 1);
    bool usable = false; // n > 0: application data nobody asked for
    if (n <= 0) {
        switch (SSL_get_error(ssl, n)) {
        case SSL_ERROR_WANT_READ:
        // WANT_WRITE: a reply OpenSSL owes the peer (KeyUpdate) is not flushed yet; that says
        // nothing bad about the peer and the next write flushes it.
        case SSL_ERROR_WANT_WRITE:
            usable = true;
            break;
        default: // ZERO_RETURN (close_notify), SYSCALL (EOF, reset), SSL (alert, bad record)
            usable = false;
            break;
        }
    }
    ERR_clear_error();
    return usable;
}

} // namespace poolscope::detail
