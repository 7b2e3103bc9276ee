#include "net/connector.h"

#include "net/sys_error.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <new>
#include <poll.h>
#include <sys/socket.h>

namespace poolscope::detail {

namespace {

using Clock = DialControl::Clock;

enum class StartOutcome
{
    InProgress,
    Connected,
    Failed
};

struct Attempt
{
    UniqueFd fd;
    std::size_t index = 0;
};

StartOutcome startAttempt(const SocketAddress& address, UniqueFd& out, int& err) noexcept
{
    UniqueFd fd(::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
    if (!fd.valid()) {
        err = errno;
        return StartOutcome::Failed;
    }
    const int one = 1;
    // Pooled connections carry request/response traffic; Nagle would delay every small request.
    // A failure here only costs latency, so it does not fail the dial.
    (void)::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
    // BSD/macOS: a write to a reset connection must fail with EPIPE, not kill the process.
    (void)::setsockopt(fd.get(), SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    // Linux has no per-socket switch: writers pass MSG_NOSIGNAL to send(), and the TLS layer
    // uses a socket BIO that does the same.
    if (::connect(fd.get(), address.get(), address.length) == 0) {
        out = std::move(fd);
        return StartOutcome::Connected;
    }
    // EINTR on a non-blocking connect leaves the attempt running, exactly like EINPROGRESS.
    if (errno == EINPROGRESS || errno == EINTR) {
        out = std::move(fd);
        return StartOutcome::InProgress;
    }
    err = errno;
    return StartOutcome::Failed;
}

Connected finish(UniqueFd fd, const SocketAddress& remote)
{
    Connected c;
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &length) == 0) {
        if (local.ss_family == AF_INET)
            c.localPort = ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
        else if (local.ss_family == AF_INET6)
            c.localPort = ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
    }
    c.fd = std::move(fd);
    c.remote = remote;
    return c;
}

std::string joinAddresses(const std::vector<SocketAddress>& addresses,
                          const std::vector<std::size_t>& indexes)
{
    std::string out;
    for (const std::size_t i : indexes)
        out += (out.empty() ? "" : ", ") + addresses[i].toString();
    return out;
}

/// 0 when the socket's connect completed, else the errno it failed with.
int pendingError(int fd, short revents) noexcept
{
    int err = 0;
    socklen_t length = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &length) != 0)
        return errno;
    if (err != 0)
        return err;
    // Hung up or errored without a recorded error and not writable: the connection is not usable,
    // and a reset is the closest description of it.
    if ((revents & POLLOUT) == 0 && (revents & (POLLERR | POLLHUP | POLLNVAL)) != 0)
        return ECONNRESET;
    return 0;
}

Result<Connected> connectImpl(const std::vector<SocketAddress>& addresses, const DialControl& control,
                              std::chrono::milliseconds staggerDelay)
{
    if (addresses.empty())
        return makeError(ErrorCode::InvalidArgument, "connect: no address to connect to", DialPhase::Connect);

    std::vector<std::size_t> all(addresses.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const std::string what = "connect to " + joinAddresses(addresses, all);
    const auto stagger = std::max(staggerDelay, std::chrono::milliseconds::zero());

    std::vector<Attempt> inFlight;
    std::vector<std::size_t> started;
    std::vector<pollfd> fds;
    std::size_t next = 0;
    auto nextStart = Clock::now();
    int lastError = 0;

    for (;;) {
        if (Error e = control.check(DialPhase::Connect, what); !e.ok())
            return e;

        while (next < addresses.size() && Clock::now() >= nextStart) {
            const std::size_t index = next++;
            started.push_back(index);
            UniqueFd fd;
            int err = 0;
            switch (startAttempt(addresses[index], fd, err)) {
            case StartOutcome::Connected:
                return finish(std::move(fd), addresses[index]);
            case StartOutcome::InProgress:
                inFlight.push_back({std::move(fd), index});
                nextStart = Clock::now() + stagger;
                break;
            case StartOutcome::Failed:
                // RFC 8305 §5: a failed attempt starts the next one at once, not after the stagger.
                lastError = err;
                nextStart = Clock::now();
                break;
            }
        }

        if (inFlight.empty()) {
            if (next < addresses.size())
                continue;
            const std::string tried = joinAddresses(addresses, started);
            const bool noDescriptor = lastError == EMFILE || lastError == ENFILE;
            return makeError(errorCodeFromErrno(lastError),
                             "connect to " + tried + " failed: " +
                                 (noDescriptor ? "no file descriptor left for a socket (" + errnoText(lastError) + ")"
                                               : errnoText(lastError)),
                             DialPhase::Connect, lastError);
        }

        fds.clear();
        for (const auto& attempt : inFlight)
            fds.push_back({attempt.fd.get(), POLLOUT, 0});
        int timeoutMs = control.pollSliceMs();
        if (next < addresses.size()) {
            const auto untilNext = std::chrono::ceil<std::chrono::milliseconds>(nextStart - Clock::now());
            timeoutMs = std::clamp(static_cast<int>(untilNext.count()), 0, timeoutMs);
        }
        const int ready = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), timeoutMs);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            return makeError(errorCodeFromErrno(err), what + " failed: poll: " + errnoText(err),
                             DialPhase::Connect, err);
        }
        for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
            if (fds[i].revents == 0)
                continue;
            const int err = pendingError(fds[i].fd, fds[i].revents);
            if (err == 0) // the others close when `inFlight` goes out of scope
                return finish(std::move(inFlight[i].fd), addresses[inFlight[i].index]);
            lastError = err;
            inFlight[i].fd.reset();
            nextStart = Clock::now();
        }
        std::erase_if(inFlight, [](const Attempt& a) { return !a.fd.valid(); });
    }
}

} // namespace

bool setNonBlocking(int fd, bool nonBlocking) noexcept
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0)
        return false;
    const int wanted = nonBlocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return wanted == flags || ::fcntl(fd, F_SETFL, wanted) == 0;
}

Result<Connected> connectAny(const std::vector<SocketAddress>& addresses, const DialControl& control,
                             std::chrono::milliseconds staggerDelay)
{
    try {
        return connectImpl(addresses, control, staggerDelay);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfResources, "connect: out of memory", DialPhase::Connect, ENOMEM);
    }
}

} // namespace poolscope::detail
