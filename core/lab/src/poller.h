#pragma once
// The readiness back-end under the lab's event loop: one interface, two implementations.
//   epoll  Linux (the default there): O(ready) per wait, however many connections are open.
//   poll   every other system (macOS, the BSDs; Windows through WSAPoll, by the engine's
//          sys::poll) and selectable on Linux, so CI exercises the path macOS will take:
//          O(watched) per wait, plenty for a lab.
// Both are level-triggered and report the lab's own readiness bits, never a platform's.

#include "poolscope/lab/lab.h"
#include "poolscope/result.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace poolscope::lab::detail {

/// Readiness bits, the same for every back-end.
namespace ready {
inline constexpr std::uint32_t kIn = 1u << 0;     ///< readable (or a connection to accept)
inline constexpr std::uint32_t kOut = 1u << 1;    ///< writable
inline constexpr std::uint32_t kError = 1u << 2;  ///< an error is pending (or the descriptor is invalid)
inline constexpr std::uint32_t kHangUp = 1u << 3; ///< the peer hung up
} // namespace ready

class Poller
{
public:
    struct Event
    {
        void* tag = nullptr;
        std::uint32_t events = 0;
    };

    virtual ~Poller() = default;
    /// `interest` is a mask of ready::kIn / kOut (0: errors and hang-ups only). false, errno
    /// set, when the back-end refuses the descriptor.
    virtual bool add(int fd, std::uint32_t interest, void* tag) = 0;
    virtual bool modify(int fd, std::uint32_t interest, void* tag) = 0;
    virtual void remove(int fd) = 0;
    /// Waits up to `timeoutMs` (-1: no limit) and replaces `out` with what is ready. false on an
    /// error that will not heal (EINTR is not one: it returns true with nothing ready).
    virtual bool wait(int timeoutMs, std::vector<Event>& out) = 0;
    [[nodiscard]] virtual LabPoller kind() const = 0;
};

/// The back-end `requested` names; Auto picks epoll on Linux and poll elsewhere, unless the
/// environment variable POOLSCOPE_LAB_POLLER is "poll" or "epoll". Epoll off Linux, or an
/// unknown value in the variable, is an InvalidArgument error.
[[nodiscard]] Result<std::unique_ptr<Poller>> makePoller(LabPoller requested);

[[nodiscard]] Result<std::unique_ptr<Poller>> makePollPoller();
#if defined(__linux__)
[[nodiscard]] Result<std::unique_ptr<Poller>> makeEpollPoller();
#endif

} // namespace poolscope::lab::detail
