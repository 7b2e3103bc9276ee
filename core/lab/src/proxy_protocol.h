#pragma once
// The lab proxy's side of HTTP CONNECT and SOCKS5 (RFC 1928, RFC 1929): turns the bytes a client
// sent into the answer and, once the client asked for a tunnel, the target to connect to. No I/O.

#include "poolscope/lab/proxy_server.h"

#include <cstdint>
#include <string>

namespace poolscope::lab::detail {

/// Most bytes a client may send before its tunnel request is complete.
inline constexpr std::size_t kMaxProxyRequest = 8 * 1024;

/// How connecting to the target went.
enum class TargetOutcome
{
    Connected,
    NotAllowed, ///< not a loopback address (or a name that is not one)
    Refused,    ///< nothing listens there, or the connect failed
};

struct ProxyAction
{
    enum class Kind
    {
        NeedMore, ///< wait for more bytes
        Close,    ///< send `reply`, then close
        Connect,  ///< connect to host:port, then call ProxyHandshake::finish()
    };
    Kind kind = Kind::NeedMore;
    std::string reply; ///< to send now (Close and NeedMore; may be empty)
    std::string host;  ///< Connect: the target as the client named it
    std::uint16_t port = 0;
    bool authFailed = false; ///< Close because the credentials were missing or wrong
};

class ProxyHandshake
{
public:
    explicit ProxyHandshake(const ProxyServerOptions& options) : m_options(options) {}
    /// Consumes what it understood from the front of `input` (bytes past the request stay: they
    /// belong to the tunnel).
    [[nodiscard]] ProxyAction feed(std::string& input);
    /// The answer to the tunnel request once the connect to its target went `outcome`.
    [[nodiscard]] std::string finish(TargetOutcome outcome) const;

private:
    ProxyAction feedHttp(std::string& input);
    ProxyAction feedSocks(std::string& input);

    enum class Stage
    {
        Greeting, ///< SOCKS5 method negotiation (HTTP starts at Request)
        Auth,     ///< SOCKS5 username/password
        Request,
        Done
    };
    const ProxyServerOptions& m_options;
    Stage m_stage = Stage::Greeting;
};

/// Where a target may be reached: an IP literal that is loopback, or "localhost" / a name under
/// ".lab.test" (as 127.0.0.1). False for anything else. `literal` gets the address text to dial.
[[nodiscard]] bool loopbackTarget(const std::string& host, std::string& literal);

} // namespace poolscope::lab::detail
