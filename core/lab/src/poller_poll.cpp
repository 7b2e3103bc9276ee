// The portable back-end: poll(2) over a dense array, with an index by descriptor so add, modify
// and remove are O(1) (remove swaps the last entry into the hole).
#include "poller.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <unordered_map>

namespace poolscope::lab::detail {

namespace {

short toPoll(std::uint32_t interest)
{
    return static_cast<short>(((interest & ready::kIn) != 0 ? POLLIN : 0) |
                              ((interest & ready::kOut) != 0 ? POLLOUT : 0));
}

std::uint32_t fromPoll(short revents)
{
    // POLLNVAL (a descriptor closed while still watched, a bug) reads as an error; the entry is
    // also disabled (see wait()), since not every handler unwatches on an error.
    return ((revents & POLLIN) != 0 ? ready::kIn : 0u) | ((revents & POLLOUT) != 0 ? ready::kOut : 0u) |
           ((revents & (POLLERR | POLLNVAL)) != 0 ? ready::kError : 0u) |
           ((revents & POLLHUP) != 0 ? ready::kHangUp : 0u);
}

class PollPoller final : public Poller
{
public:
    bool add(int fd, std::uint32_t interest, void* tag) override
    {
        if (fd < 0) {
            errno = EBADF;
            return false;
        }
        if (m_index.contains(fd)) {
            errno = EEXIST;
            return false;
        }
        m_index.emplace(fd, m_fds.size());
        m_fds.push_back(pollfd{fd, toPoll(interest), 0});
        m_watched.push_back(fd);
        m_tags.push_back(tag);
        return true;
    }

    bool modify(int fd, std::uint32_t interest, void* tag) override
    {
        const auto it = m_index.find(fd);
        if (it == m_index.end()) {
            errno = ENOENT;
            return false;
        }
        m_fds[it->second].events = toPoll(interest);
        m_tags[it->second] = tag;
        return true;
    }

    void remove(int fd) override
    {
        const auto it = m_index.find(fd);
        if (it == m_index.end())
            return;
        const std::size_t hole = it->second;
        m_index.erase(it);
        if (hole + 1 != m_fds.size()) {
            m_fds[hole] = m_fds.back();
            m_watched[hole] = m_watched.back();
            m_tags[hole] = m_tags.back();
            m_index[m_watched[hole]] = hole;
        }
        m_fds.pop_back();
        m_watched.pop_back();
        m_tags.pop_back();
    }

    bool wait(int timeoutMs, std::vector<Event>& out) override
    {
        out.clear();
        const int count = ::poll(m_fds.data(), static_cast<nfds_t>(m_fds.size()), timeoutMs);
        if (count < 0)
            return errno == EINTR || errno == EAGAIN || errno == ENOMEM; // transient: try again
        // Collected first and dispatched by the caller: handlers may add and remove descriptors,
        // which reorders the array.
        for (std::size_t i = 0; i < m_fds.size() && static_cast<int>(out.size()) < count; ++i) {
            if (m_fds[i].revents == 0)
                continue;
            if ((m_fds[i].revents & POLLNVAL) != 0)
                m_fds[i].fd = -1; // poll() skips it from now on, so the loop cannot spin on it
            out.push_back({m_tags[i], fromPoll(m_fds[i].revents)});
        }
        return true;
    }

    [[nodiscard]] LabPoller kind() const override { return LabPoller::Poll; }

private:
    std::vector<pollfd> m_fds;  ///< fd is -1 once poll() reported it invalid
    std::vector<int> m_watched; ///< the descriptor each entry was added with (the index's key)
    std::vector<void*> m_tags;
    std::unordered_map<int, std::size_t> m_index;
};

} // namespace

Result<std::unique_ptr<Poller>> makePollPoller()
{
    return std::unique_ptr<Poller>(new PollPoller);
}

Result<std::unique_ptr<Poller>> makePoller(LabPoller requested)
{
    if (requested == LabPoller::Auto) {
        if (const char* env = std::getenv("POOLSCOPE_LAB_POLLER"); env != nullptr && *env != '\0') {
            if (std::strcmp(env, "poll") == 0)
                requested = LabPoller::Poll;
            else if (std::strcmp(env, "epoll") == 0)
                requested = LabPoller::Epoll;
            else
                return makeError(
                    ErrorCode::InvalidArgument,
                    std::string("lab: POOLSCOPE_LAB_POLLER must be \"poll\" or \"epoll\", not \"") + env +
                        "\"",
                    DialPhase::Validate);
        }
    }
#if defined(__linux__)
    if (requested == LabPoller::Auto || requested == LabPoller::Epoll)
        return makeEpollPoller();
#else
    if (requested == LabPoller::Epoll)
        return makeError(ErrorCode::InvalidArgument, "lab: epoll exists only on Linux", DialPhase::Validate);
#endif
    return makePollPoller();
}

} // namespace poolscope::lab::detail
