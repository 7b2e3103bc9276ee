// The Linux back-end: epoll, level-triggered. Built on Linux only, and the lab's one platform file
// (it includes sys/epoll.h); every other lab file reaches the system through the engine's socket layer.
#include "poller.h"
#include "sockets.h"

#include <array>
#include <cerrno>
#include <sys/epoll.h>

namespace poolscope::lab::detail {

namespace {

std::uint32_t toEpoll(std::uint32_t interest)
{
    return ((interest & ready::kIn) != 0 ? EPOLLIN : 0u) | ((interest & ready::kOut) != 0 ? EPOLLOUT : 0u);
}

std::uint32_t fromEpoll(std::uint32_t events)
{
    return ((events & EPOLLIN) != 0 ? ready::kIn : 0u) | ((events & EPOLLOUT) != 0 ? ready::kOut : 0u) |
           ((events & EPOLLERR) != 0 ? ready::kError : 0u) | ((events & EPOLLHUP) != 0 ? ready::kHangUp : 0u);
}

class EpollPoller final : public Poller
{
public:
    explicit EpollPoller(UniqueFd epoll) : m_epoll(std::move(epoll)) {}

    bool add(int fd, std::uint32_t interest, void* tag) override
    {
        return control(EPOLL_CTL_ADD, fd, interest, tag);
    }
    bool modify(int fd, std::uint32_t interest, void* tag) override
    {
        return control(EPOLL_CTL_MOD, fd, interest, tag);
    }
    void remove(int fd) override { ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr); }

    bool wait(int timeoutMs, std::vector<Event>& out) override
    {
        out.clear();
        const int count =
            ::epoll_wait(m_epoll.get(), m_events.data(), static_cast<int>(m_events.size()), timeoutMs);
        if (count < 0)
            return errno == EINTR; // otherwise EBADF/EINVAL, which do not heal
        for (int i = 0; i < count; ++i) {
            const epoll_event& ev = m_events[static_cast<std::size_t>(i)];
            out.push_back({ev.data.ptr, fromEpoll(ev.events)});
        }
        return true;
    }

    [[nodiscard]] LabPoller kind() const override { return LabPoller::Epoll; }

private:
    bool control(int op, int fd, std::uint32_t interest, void* tag)
    {
        epoll_event ev{};
        ev.events = toEpoll(interest);
        ev.data.ptr = tag;
        return ::epoll_ctl(m_epoll.get(), op, fd, &ev) == 0;
    }

    UniqueFd m_epoll;
    std::array<epoll_event, 256> m_events{};
};

} // namespace

Result<std::unique_ptr<Poller>> makeEpollPoller()
{
    UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll.valid()) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: epoll_create1 failed: " + errnoText(err),
                         DialPhase::None, err);
    }
    return std::unique_ptr<Poller>(new EpollPoller(std::move(epoll)));
}

} // namespace poolscope::lab::detail
