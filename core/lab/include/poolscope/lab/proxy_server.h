#pragma once
// The lab's proxy: an HTTP CONNECT or SOCKS5 proxy on 127.0.0.1 that opens tunnels to loopback
// addresses ONLY (127.0.0.0/8, ::1, "localhost" and names under ".lab.test", which the lab's DNS
// maps to loopback). Any other target is refused with the protocol's own answer (HTTP 403, SOCKS5
// reply 2 "not allowed by ruleset"), so nothing that dials through it reaches a public or private
// address. It counts what it did, so a test can tell the proxy was really used.
//
// One thread serves every connection (poll over the engine's socket layer, no platform header);
// at most kMaxConnections clients at once (more are closed at accept), each direction buffered up
// to 64 KiB. Its connect to a loopback target waits at most one second, on that thread.

#include "poolscope/pool_params.h"
#include "poolscope/result.h"

#include <cstdint>
#include <memory>
#include <string>

namespace poolscope::lab {

/// How the lab proxy misbehaves, for the client's fault tests. Each one applies from the first
/// bytes a client sends.
enum class ProxyFault
{
    None,            ///< a correct proxy
    CloseEarly,      ///< closes the connection as soon as the client's first bytes arrive
    Garbage,         ///< answers with bytes that are neither HTTP nor SOCKS5
    OversizedHeader, ///< HTTP: a reply header that never ends (16 KiB without a blank line)
    BadVersion,      ///< SOCKS5: answers the greeting with version 4
    Silent,          ///< reads what the client sends and never answers
};

/// What ProxyServer::start() sets up: the protocol, the credentials it requires, a fault to show.
struct ProxyServerOptions
{
    /// HttpConnect or Socks5 (None is rejected by start()).
    ProxyType type = ProxyType::HttpConnect;
    /// Required user name. Default empty: no authentication required (a client that offers
    /// some is still let in).
    std::string username;
    std::string password;                ///< required with `username`; checked only when `username` is set
    ProxyFault fault = ProxyFault::None; ///< default: behaves
};

/// What the proxy has done since it started; each field read on its own.
struct ProxyCounters
{
    std::uint64_t accepted = 0;       ///< client connections accepted
    std::uint64_t tunnelsOpened = 0;  ///< tunnels established to a loopback target
    std::uint64_t tunnelsRefused = 0; ///< targets refused (not loopback, or nothing listening)
    std::uint64_t authFailures = 0;   ///< clients whose credentials were missing or wrong
    int open = 0;                     ///< client connections open now
};

/// The lab's loopback-only HTTP CONNECT / SOCKS5 proxy (contracts at the top of this header).
/// Its methods may be called from any thread.
class ProxyServer
{
public:
    /// Binds an ephemeral port on 127.0.0.1 and starts the serving thread.
    [[nodiscard]] static Result<std::unique_ptr<ProxyServer>> start(ProxyServerOptions options);
    ~ProxyServer(); ///< stops the thread and closes every socket
    ProxyServer(const ProxyServer&) = delete;
    ProxyServer& operator=(const ProxyServer&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept; ///< on 127.0.0.1
    [[nodiscard]] ProxyCounters counters() const;      ///< what it has done so far
    /// ProxyOptions that dial through this proxy with `username`/`password`.
    [[nodiscard]] ProxyOptions clientOptions(std::string username = {}, std::string password = {}) const;

    struct Impl;

private:
    explicit ProxyServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace poolscope::lab
