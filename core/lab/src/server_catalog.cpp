#include "server_catalog.h"

namespace poolscope::lab {

std::string_view describe(ServerKind kind) noexcept
{
    return detail::serverName(kind);
}

} // namespace poolscope::lab

namespace poolscope::lab::detail {

std::string_view serverName(ServerKind kind) noexcept
{
    switch (kind) {
    case ServerKind::Http:
        return "http";
    case ServerKind::Https:
        return "https";
    case ServerKind::Echo:
        return "echo";
    case ServerKind::Untrusted:
        return "untrusted";
    case ServerKind::Expired:
        return "expired";
    case ServerKind::WrongHost:
        return "wrong-host";
    case ServerKind::Tls12Only:
        return "tls12-only";
    case ServerKind::LegacyTls:
        return "legacy-tls";
    case ServerKind::PlainOnTlsPort:
        return "plain-on-tls-port";
    case ServerKind::Silent:
        return "silent";
    case ServerKind::IdleCloser:
        return "idle-closer";
    case ServerKind::Resetter:
        return "resetter";
    case ServerKind::Refused:
        return "refused";
    case ServerKind::Dns:
        return "dns";
    case ServerKind::DnsSilent:
        return "dns-silent";
    }
    return "unknown";
}

std::string explainServer(ServerKind kind, const LabOptions& options, bool available)
{
    const std::string keepAlive = std::to_string(options.httpKeepAlive.count());
    switch (kind) {
    case ServerKind::Http:
        return "Plain HTTP/1.1 with keep-alive: one connection carries many requests and may sit idle up "
               "to " +
               keepAlive + " s between them.";
    case ServerKind::Https:
        return "HTTPS with a lab-CA certificate for localhost, 127.0.0.1 and ::1: it verifies only when the "
               "client trusts the lab CA.";
    case ServerKind::Echo:
        return "Sends back every byte it receives: the simplest way to watch a connection carry data.";
    case ServerKind::Untrusted:
        return "TLS with a self-signed certificate no one trusts: a verifying client must refuse it.";
    case ServerKind::Expired:
        return "TLS with a lab-CA certificate that expired yesterday: verification fails with "
               "'certificate has expired'.";
    case ServerKind::WrongHost:
        return "TLS with a lab-CA certificate issued for wrong.host.invalid: the chain is fine, the host "
               "name "
               "does not match.";
    case ServerKind::Tls12Only:
        return "HTTPS that speaks at most TLS 1.2: shows what a connection negotiates without TLS 1.3.";
    case ServerKind::LegacyTls:
        if (!available)
            return "Would speak only TLS 1.0/1.1, but this OpenSSL refused to build such a server, so it is "
                   "not running (port 0).";
        return "Speaks only TLS 1.0/1.1, long deprecated: a client that requires TLS 1.2 or newer must "
               "refuse "
               "it.";
    case ServerKind::PlainOnTlsPort:
        return "Plain HTTP on a port presented as TLS: the handshake fails because the answer is plain text.";
    case ServerKind::Silent:
        return "Accepts TCP connections and never sends a byte: connecting works, handshakes and requests "
               "time out.";
    case ServerKind::IdleCloser:
        // setIdleCloseAfter() can change the limit later; the line gives the one it started with.
        return "HTTP keep-alive that closes a connection idle for more than " +
               std::to_string(options.idleCloseAfter.count()) +
               " ms, without warning: an idle pooled connection goes stale.";
    case ServerKind::Resetter:
        return "Accepts, then resets at once (TCP RST): 'connection reset by peer', either from the dial "
               "itself (when the reset arrives before the connect is confirmed) or from the first use.";
    case ServerKind::Refused:
        return "Nothing listens here (the port is only held so no one takes it): connecting fails with "
               "'connection refused'.";
    case ServerKind::Dns:
        return "DNS over UDP: names ending in .lab.test resolve to 127.0.0.1 and ::1, every other name is "
               "NXDOMAIN. Dial resolves http.lab.test through it (the pool's resolver becomes this server).";
    case ServerKind::DnsSilent:
        return "DNS over UDP that never answers: lookups through it time out. Dial resolves http.lab.test "
               "through it and times out while resolving (the pool's resolver becomes this server).";
    }
    return {};
}

bool dialsWithTls(ServerKind kind) noexcept
{
    switch (kind) {
    case ServerKind::Https:
    case ServerKind::Untrusted:
    case ServerKind::Expired:
    case ServerKind::WrongHost:
    case ServerKind::Tls12Only:
    case ServerKind::LegacyTls:
    case ServerKind::PlainOnTlsPort:
        return true;
    default:
        return false;
    }
}

bool isUdp(ServerKind kind) noexcept
{
    return kind == ServerKind::Dns || kind == ServerKind::DnsSilent;
}

} // namespace poolscope::lab::detail
