#pragma once
// Binding the lab's loopback sockets. Every socket is non-blocking and close-on-exec, and only
// ever bound to 127.0.0.1 or ::1.

#include "poolscope/result.h"
#include "unique_fd.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace poolscope::lab::detail {

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

/// Binds an ephemeral port on the loopback address of `family`. `what` names the server in errors.
[[nodiscard]] Result<BoundSocket> bindLoopback(Loopback family, SocketRole role, std::string_view what);

/// Whether ::1 can be bound at all (no IPv6 loopback in some containers).
[[nodiscard]] bool ipv6LoopbackAvailable();

[[nodiscard]] std::string errnoText(int err);

} // namespace poolscope::lab::detail
