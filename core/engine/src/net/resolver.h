#pragma once
// Name resolution that honours the dial's deadline and cancel flag and leaves nothing running
// after it returns (c-ares, driven by poll on the calling thread; no helper threads).

#include "net/dial_control.h"
#include "net/platform/socket_api.h"
#include "poolscope/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace poolscope::detail {

struct ResolverOptions
{
    std::vector<std::string> servers; ///< "ip" / "ip:port" / "[v6]:port"; empty = system config
};

/// True for an IPv4 or IPv6 literal (brackets not accepted here).
[[nodiscard]] bool isIpLiteral(const std::string& host);

/// Resolves `host` (IP literal, /etc/hosts entry or DNS name) to addresses for `port`, IPv6 and
/// IPv4, ordered for Happy Eyeballs (families interleaved, the resolver's preference first).
/// Errors: ResolveFailed (no such host / server failure), TimedOut, Cancelled, ShutDown.
[[nodiscard]] Result<std::vector<SocketAddress>> resolve(const std::string& host, std::uint16_t port,
                                                         const DialControl& control,
                                                         const ResolverOptions& options);

/// Checks a "ip[:port]" / "[v6]:port" DNS server string.
[[nodiscard]] bool isValidDnsServer(const std::string& server);

} // namespace poolscope::detail
