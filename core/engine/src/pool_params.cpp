#include "poolscope/pool_params.h"

#include "net/resolver.h"

#include <string>

namespace poolscope {
namespace {
Status invalid(std::string message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message), DialPhase::Validate);
}
} // namespace

namespace {
bool hasControlCharacter(std::string_view text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return true;
    }
    return false;
}
} // namespace

Status ProxyOptions::validate() const
{
    if (type == ProxyType::None)
        return {};
    if (type != ProxyType::HttpConnect && type != ProxyType::Socks5)
        return invalid("proxy type is not None, HttpConnect or Socks5");
    if (host.empty())
        return invalid("proxy host is empty");
    if (host.size() > 253)
        return invalid("proxy host is longer than 253 bytes");
    for (const char c : host) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || c == '[' || c == ']' || c == '/' || c == '@')
            return invalid("proxy host '" + std::string(hasControlCharacter(host) ? "…" : host) +
                           "' is not a host name or IP address (no brackets, spaces or control characters)");
    }
    if (port == 0)
        return invalid("proxy port must be between 1 and 65535 (got 0)");
    if (username.size() > 255)
        return invalid("proxy username is longer than 255 bytes");
    if (password.size() > 255)
        return invalid("proxy password is longer than 255 bytes");
    if (hasControlCharacter(username))
        return invalid("proxy username contains a control character");
    if (hasControlCharacter(password))
        return invalid("proxy password contains a control character");
    if (username.empty() && !password.empty())
        return invalid("proxy password given without a username");
    if (type == ProxyType::HttpConnect && username.find(':') != std::string::npos)
        return invalid("proxy username must not contain ':' for an HTTP proxy (Basic authentication)");
    return {};
}

std::string ProxyOptions::toString() const
{
    if (type == ProxyType::None)
        return {};
    std::string out = type == ProxyType::Socks5 ? "socks5://" : "http://";
    if (!username.empty())
        out.append(username).append("@");
    const bool v6 = host.find(':') != std::string::npos;
    out.append(v6 ? "[" : "").append(host).append(v6 ? "]" : "").append(":").append(std::to_string(port));
    return out;
}

Status PoolParams::validate() const
{
    if (maxConnections <= 0 || maxConnections > 65535)
        return invalid("maxConnections must be between 1 and 65535 (got " + std::to_string(maxConnections) +
                       ")");
    if (maxKeepAlive.count() < 0)
        return invalid("maxKeepAlive must not be negative");
    if (maxPerHost < 0 || maxPerHost > maxConnections)
        return invalid("maxPerHost must be between 0 (no per-host limit) and maxConnections (got " +
                       std::to_string(maxPerHost) + ")");
    if (maxLifetime.count() < 0)
        return invalid("maxLifetime must not be negative");
    if (!(lifetimeJitter >= 0.0 && lifetimeJitter <= 0.5))
        return invalid("lifetimeJitter must be between 0 and 0.5");
    if (connectTimeout.count() < 0 || handshakeTimeout.count() < 0)
        return invalid("connect and handshake timeouts must not be negative");
    if (happyEyeballsDelay.count() < 10 || happyEyeballsDelay.count() > 10'000)
        return invalid("happyEyeballsDelay must be between 10 ms and 10 s");
    if (tcpKeepAlive.count() < 0 || tcpKeepAlive.count() > 32767)
        return invalid("tcpKeepAlive must be between 0 (off) and 32767 s");
    if (tcpKeepAliveInterval.count() < 1 || tcpKeepAliveInterval.count() > 32767)
        return invalid("tcpKeepAliveInterval must be between 1 and 32767 s");
    if (tcpKeepAliveProbes < 1 || tcpKeepAliveProbes > 127)
        return invalid("tcpKeepAliveProbes must be between 1 and 127");
    if (ioTimeout.count() < 0)
        return invalid("ioTimeout must not be negative");
    if (staleCheckSkip.count() < 0)
        return invalid("staleCheckSkip must not be negative");
    if (staleCheckSkip.count() > 0 && !checkOnReturn)
        return invalid("staleCheckSkip needs checkOnReturn: without the check on return, skipping the "
                       "check before hand-out could hand out a dead or dirty connection");
    for (const auto& server : dnsServers) {
        if (!detail::isValidDnsServer(server))
            return invalid("dnsServers: '" + server + "' is not an IP address with an optional port");
    }
    if (Status proxyOk = proxy.validate(); !proxyOk)
        return invalid("proxy: " + proxyOk.error().message);
    return tls.validate();
}

} // namespace poolscope
