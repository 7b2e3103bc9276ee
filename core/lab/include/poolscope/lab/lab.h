#pragma once
// The lab: embedded loopback servers that show every behaviour a pool meets, each on an ephemeral
// port on 127.0.0.1 (and ::1 where available). The app's default world, every test's counterpart
// and the benchmarks' server. No Qt; one event-loop thread serves every server and connection.
//
// The lab's CA is generated at start (nothing read from disk or the network). It is trusted only
// when a caller asks: pass `trustingTls()` (or caPem()) for lab endpoints and nowhere else.

#include "poolscope/pool_params.h"
#include "poolscope/result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::lab {

/// Every server the lab runs, one of each; also the index of its entry in Lab::servers().
enum class ServerKind
{
    Http,           ///< HTTP/1.1 keep-alive, plain
    Https,          ///< HTTP/1.1 keep-alive over TLS, certificate from the lab CA (localhost, 127.0.0.1, ::1)
    Echo,           ///< echoes every byte back (plain)
    Untrusted,      ///< TLS, self-signed certificate no one trusts
    Expired,        ///< TLS, lab-CA certificate that expired
    WrongHost,      ///< TLS, lab-CA certificate for another host name (wrong.host.invalid)
    Tls12Only,      ///< HTTPS that speaks TLS 1.2 at most
    LegacyTls,      ///< TLS 1.0/1.1 only (a client requiring >= 1.2 must refuse it)
    PlainOnTlsPort, ///< a plain HTTP server on a port presented as TLS
    Silent,         ///< accepts TCP, never sends a byte (handshakes and requests time out)
    IdleCloser,     ///< HTTP keep-alive that closes connections idle longer than idleCloseAfter
    Resetter,       ///< sends RST right after accept
    Refused,        ///< nothing listens (the port is held bound so no one else takes it)
    Dns,            ///< UDP DNS: names under ".lab.test" → 127.0.0.1 / ::1, anything else NXDOMAIN
    DnsSilent,      ///< UDP DNS that never answers (resolver time-outs)
};
/// How many ServerKind values there are (the size of Lab::servers()).
inline constexpr int kServerKindCount = static_cast<int>(ServerKind::DnsSilent) + 1;

/// One lab server: what it is and where to dial it. Fixed once the lab has started.
struct ServerInfo
{
    ServerKind kind = ServerKind::Http; ///< which server this is
    std::string name;                   ///< short, stable: "https", "expired", "idle-closer" …
    std::string explanation;            ///< one line a learner understands
    std::string host = "127.0.0.1";     ///< the IPv4 loopback it listens on (dial `port6` on ::1)
    std::uint16_t port = 0;             ///< IPv4 port (TCP, or UDP for the DNS kinds)
    std::uint16_t port6 = 0;            ///< same server on ::1, 0 when IPv6 is unavailable
    bool tls = false;                   ///< whether a client should dial it with TLS (PlainOnTlsPort: true)
    bool udp = false;                   ///< a UDP server (Dns, DnsSilent): `port` is a UDP port
};

/// What one server has seen since the lab started (Lab::counters()); all zero for a kind
/// that counts nothing (Refused).
struct ServerCounters
{
    std::uint64_t accepted = 0;   ///< TCP connections accepted
    std::uint64_t requests = 0;   ///< HTTP requests answered / echo reads / DNS queries
    std::uint64_t handshakes = 0; ///< TLS handshakes completed
    std::uint64_t resumed = 0;    ///< of which resumed a session
    int open = 0;                 ///< connections open now
};

/// The readiness mechanism under the lab's event loop.
enum class LabPoller
{
    /// epoll on Linux, poll elsewhere; the environment variable POOLSCOPE_LAB_POLLER ("poll" or
    /// "epoll") overrides it, so whole test runs can take the portable path.
    Auto,
    Epoll, ///< Linux only (elsewhere Lab::start fails with InvalidArgument)
    Poll,  ///< poll(2): every POSIX system
};

/// How Lab::start() sets the lab up; the defaults suit the app and most tests.
struct LabOptions
{
    /// Keep-Alive timeout the HTTP servers advertise ("Keep-Alive: timeout=N") and enforce.
    std::chrono::seconds httpKeepAlive{5};
    /// How long IdleCloser lets a connection sit idle before closing it.
    std::chrono::milliseconds idleCloseAfter{300};
    bool ipv6 = true;                   ///< also listen on ::1 when the host has IPv6 loopback
    LabPoller poller = LabPoller::Auto; ///< the event loop's readiness mechanism
    /// Also run an HTTPS server that REQUIRES a client certificate signed by the lab CA
    /// (Lab::mutualTlsPort(), Lab::issueClientIdentity()). Default false. It is not one of the
    /// ServerKind servers: it speaks at most TLS 1.2, where a refused client certificate fails
    /// the client's handshake itself (with TLS 1.3 the client would learn it only on its first read).
    bool mutualTls = false;
};

/// A client certificate and its key, as PEM, for TlsOptions::clientCertificatePem / clientKeyPem.
struct ClientIdentity
{
    std::string certificatePem; ///< signed by the lab CA, CN as asked, clientAuth, valid 30 days
    std::string keyPem;         ///< its private key (EC P-256), unencrypted: for lab use only
};

/// The running lab: every ServerKind listening on loopback, served by one event-loop thread it
/// owns. The const members and setIdleCloseAfter() may be called from any thread; destroy it on
/// any thread but never while another one is still calling it.
class Lab
{
public:
    /// Generates the CA and certificates, binds every server and starts the event-loop thread.
    /// Typically well under 200 ms.
    [[nodiscard]] static Result<std::unique_ptr<Lab>> start(LabOptions options = {});
    ~Lab(); ///< stops the loop thread and closes every socket
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    /// Every server, kServerKindCount entries in ServerKind order; valid as long as the lab.
    [[nodiscard]] const std::vector<ServerInfo>& servers() const noexcept;
    /// The entry of `kind` (an empty ServerInfo, port 0, for a value outside ServerKind).
    [[nodiscard]] const ServerInfo& server(ServerKind kind) const;
    /// The IPv4 port of `kind` (TCP, or UDP for Dns and DnsSilent).
    [[nodiscard]] std::uint16_t port(ServerKind kind) const { return server(kind).port; }
    /// `kind`'s counters now, each read on its own while the servers run (not one atomic
    /// snapshot); all zero for a value outside ServerKind.
    [[nodiscard]] ServerCounters counters(ServerKind kind) const;

    /// The lab CA certificate, PEM.
    [[nodiscard]] const std::string& caPem() const noexcept;
    /// TLS options that trust the lab CA (verification stays on). For lab endpoints only.
    [[nodiscard]] TlsOptions trustingTls() const;
    /// The certificate `kind` presents, PEM (what a client's verification problems name); empty
    /// for a kind without TLS. Any thread.
    [[nodiscard]] std::string serverCertificatePem(ServerKind kind) const;
    /// The port of the server that requires a client certificate (LabOptions::mutualTls): on
    /// 127.0.0.1, and the same number on ::1 when the lab listens on IPv6 (LabOptions::ipv6 and
    /// the host has IPv6 loopback); 0 when it was not asked for.
    [[nodiscard]] std::uint16_t mutualTlsPort() const noexcept;
    /// A new client certificate with key, signed by the lab CA: what the mutualTls server accepts.
    /// Any thread; generates a key, so it takes about a millisecond.
    [[nodiscard]] Result<ClientIdentity>
    issueClientIdentity(std::string_view commonName = "lab client") const;
    /// "127.0.0.1:<port>" of the Dns server, for PoolParams::dnsServers.
    [[nodiscard]] std::string dnsServer() const;

    /// Changes how long IdleCloser lets a connection sit idle (LabOptions::idleCloseAfter); applies
    /// to its open connections too.
    void setIdleCloseAfter(std::chrono::milliseconds after);
    /// The back-end the event loop runs on (Epoll or Poll; never Auto).
    [[nodiscard]] LabPoller poller() const noexcept;

    struct Impl; ///< the servers and the loop (private; public only for the lab's own sources)

private:
    explicit Lab(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The short, stable name of `kind` (ServerInfo::name: "https", "idle-closer" …).
[[nodiscard]] std::string_view describe(ServerKind kind) noexcept;

} // namespace poolscope::lab
