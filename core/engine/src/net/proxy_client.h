#pragma once
// The client side of a proxy's tunnel: HTTP CONNECT or SOCKS5 (with RFC 1929 username/password),
// spoken on a connected, non-blocking socket within the dial's deadline and cancellation. Reads are
// exact or bounded, so no byte of the tunnel that follows is consumed.

#include "net/dial_control.h"
#include "net/platform/socket_api.h"
#include "poolscope/pool_params.h"
#include "poolscope/result.h"

#include <cstdint>
#include <string>

namespace poolscope::detail {

/// Longest HTTP CONNECT reply header read (status line + fields + blank line).
inline constexpr std::size_t kMaxProxyReplyHeader = 8 * 1024;

/// Asks the proxy `proxy` (already connected on `socket`) for a tunnel to `host`:`port` (`host`
/// normalised: lower case, IPv6 without brackets). Errors: ProxyFailed (refused, bad reply, closed,
/// reset; the message names the proxy and the target, never the password), TimedOut, Cancelled,
/// ShutDown; all with phase Proxy.
[[nodiscard]] Status openProxyTunnel(sys::Socket socket, const ProxyOptions& proxy, const std::string& host,
                                     std::uint16_t port, const DialControl& control);

} // namespace poolscope::detail
