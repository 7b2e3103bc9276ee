// The portable back-end: poll(2) (WSAPoll on Windows, through the engine's sys::poll) over a dense
// array, with an index by descriptor so add, modify and remove are O(1) (remove swaps the last entry
// into the hole).
#include "poller.h"
#include "sockets.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace poolscope::lab::detail {

namespace {

short toPoll(std::uint32_t interest)
{
    return static_cast<short>(((interest & ready::kIn) != 0 ? sys::kPollIn : 0) |
                              ((interest & ready::kOut) != 0 ? sys::kPollOut : 0));
}

std::uint32_t fromPoll(short revents)
{
    // kPollInvalid (a descriptor closed while still watched, a bug) reads as an error; the entry is
    // also disabled (see wait()), since not every handler unwatches on an error.
    return ((revents & sys::kPollIn) != 0 ? ready::kIn : 0u) |
           ((revents & sys::kPollOut) != 0 ? ready::kOut : 0u) |
           ((revents & (sys::kPollErr | sys::kPollInvalid)) != 0 ? ready::kError : 0u) |
           ((revents & sys::kPollHup) != 0 ? ready::kHangUp : 0u);
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
        m_fds.push_back(sys::PollEntry{fd, toPoll(interest), 0});
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
        const int count = sys::poll(m_fds.data(), m_fds.size(), timeoutMs);
        if (count < 0)
            return count == -EINTR || count == -EAGAIN || count == -ENOMEM; // transient: try again
        // Collected first and dispatched by the caller: handlers may add and remove descriptors,
        // which reorders the array.
        for (std::size_t i = 0; i < m_fds.size() && static_cast<int>(out.size()) < count; ++i) {
            if (m_fds[i].revents == 0)
                continue;
            if ((m_fds[i].revents & sys::kPollInvalid) != 0)
                m_fds[i].socket = sys::kInvalidSocket; // poll() skips it from now on: no spinning on it
            out.push_back({m_tags[i], fromPoll(m_fds[i].revents)});
        }
        return true;
    }

    [[nodiscard]] LabPoller kind() const override { return LabPoller::Poll; }

private:
    std::vector<sys::PollEntry> m_fds; ///< socket is kInvalidSocket once poll() reported it invalid
    std::vector<int> m_watched;        ///< the descriptor each entry was added with (the index's key)
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
        return makeError(ErrorCode::InvalidArgument,
                         "lab: the epoll back-end exists only on Linux; use LabPoller::Poll (or Auto) here",
                         DialPhase::Validate);
#endif
    return makePollPoller();
}

} // namespace poolscope::lab::detail
