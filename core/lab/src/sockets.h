#pragma once
// The lab's sockets: the engine's socket layer (net/platform/socket_api.h) and its RAII owner
// (net/unique_fd.h), so the lab includes no platform header and runs wherever the engine does.
// Binding the lab's loopback sockets: every socket is non-blocking and not inherited, and only ever
// bound to 127.0.0.1 or ::1. Every socket the lab opens is closed exactly once, so a destroyed Lab
// leaves the process with the sockets it had before.

#include "net/platform/socket_api.h"
#include "net/unique_fd.h"
#include "poolscope/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace poolscope::lab::detail {

namespace sys = poolscope::detail::sys;
using poolscope::detail::UniqueFd;

enum class Loopback
{
    V4,
    V6
};
enum class SocketRole
{
    Listener,  ///< TCP, listen()ed with a backlog of SOMAXCONN
    BoundOnly, ///< TCP, bound but never listen()ed: connect() gets ECONNREFUSED
    Datagram,  ///< UDP
};

struct BoundSocket
{
    UniqueFd fd;
    std::uint16_t port = 0;
};

/// Binds `port` (0: an ephemeral one) on the loopback address of `family`. `what` names the
/// server in errors.
[[nodiscard]] Result<BoundSocket> bindLoopback(Loopback family, SocketRole role, std::string_view what,
                                               std::uint16_t port = 0);

/// Whether ::1 can be bound at all (no IPv6 loopback in some containers).
[[nodiscard]] bool ipv6LoopbackAvailable();

/// The sentence for an errno value (sys::errorText).
[[nodiscard]] inline std::string errnoText(int err)
{
    return sys::errorText(err);
}

} // namespace poolscope::lab::detail
