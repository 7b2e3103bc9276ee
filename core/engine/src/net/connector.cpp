#include "net/connector.h"

#include "net/platform/socket_api.h"

#include <algorithm>
#include <cerrno>
#include <new>

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
    UniqueFd fd(sys::openTcp(address.family(), err));
    if (!fd.valid())
        return StartOutcome::Failed;
    err = sys::connect(fd.get(), address);
    if (err == 0) {
        out = std::move(fd);
        return StartOutcome::Connected;
    }
    if (err == EINPROGRESS) {
        err = 0;
        out = std::move(fd);
        return StartOutcome::InProgress;
    }
    return StartOutcome::Failed;
}

Connected finish(UniqueFd fd, const SocketAddress& remote)
{
    Connected c;
    c.localPort = sys::localPort(fd.get());
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
int pendingError(sys::Socket fd, short revents) noexcept
{
    if (const int err = sys::pendingError(fd); err != 0)
        return err;
    // Hung up or errored without a recorded error and not writable: the connection is not usable,
    // and a reset is the closest description of it.
    if ((revents & sys::kPollOut) == 0 &&
        (revents & (sys::kPollErr | sys::kPollHup | sys::kPollInvalid)) != 0)
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
    std::vector<sys::PollEntry> fds;
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
            return makeError(
                errorCodeFromErrno(lastError),
                "connect to " + tried + " failed: " +
                    (noDescriptor ? "no file descriptor left for a socket (" + sys::errorText(lastError) + ")"
                                  : sys::errorText(lastError)),
                DialPhase::Connect, lastError);
        }

        fds.clear();
        for (const auto& attempt : inFlight)
            fds.push_back({attempt.fd.get(), sys::kPollOut, 0});
        int timeoutMs = control.pollSliceMs();
        if (next < addresses.size()) {
            const auto untilNext = std::chrono::ceil<std::chrono::milliseconds>(nextStart - Clock::now());
            timeoutMs = std::clamp(static_cast<int>(untilNext.count()), 0, timeoutMs);
        }
        const int ready = sys::poll(fds.data(), fds.size(), timeoutMs);
        if (ready < 0) {
            const int err = -ready;
            if (err == EINTR)
                continue;
            return makeError(errorCodeFromErrno(err), what + " failed: poll: " + sys::errorText(err),
                             DialPhase::Connect, err);
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            int err = 0;
            if (fds[i].revents != 0) {
                err = pendingError(fds[i].socket, fds[i].revents);
            } else {
                // Nothing reported. Windows before 10 2004 never reports a failed non-blocking
                // connect through WSAPoll, so ask the socket itself: a recorded error ends the
                // attempt now instead of at the dial's time-out (0 while still connecting).
                err = sys::pendingError(fds[i].socket);
                if (err == 0)
                    continue;
            }
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
