#pragma once
// TCP connect with Happy Eyeballs (RFC 8305): addresses are raced with a stagger, the first
// connection confirmed by SO_ERROR wins, the rest are closed.

#include "net/dial_control.h"
#include "net/resolver.h"
#include "net/unique_fd.h"
#include "poolscope/result.h"

#include <chrono>
#include <vector>

namespace poolscope::detail {

struct Connected
{
    UniqueFd fd; ///< non-blocking, TCP_NODELAY, close-on-exec, SIGPIPE suppressed where possible
    SocketAddress remote;
    std::uint16_t localPort = 0;
};

/// Errors: ConnectionRefused / HostUnreachable / NetworkUnreachable / ConnectionReset / SocketError
/// (the last address's errno, message lists what was tried), TimedOut, Cancelled, ShutDown.
[[nodiscard]] Result<Connected> connectAny(const std::vector<SocketAddress>& addresses,
                                           const DialControl& control,
                                           std::chrono::milliseconds staggerDelay);

} // namespace poolscope::detail
