#include "poolscope/lab/lab.h"

#include "certificates.h"
#include "dns_server.h"
#include "event_loop.h"
#include "server_catalog.h"
#include "sockets.h"
#include "stream_server.h"
#include "tls_server.h"

#include <array>
#include <cerrno>
#include <exception>
#include <new>
#include <thread>

namespace poolscope::lab {

using namespace detail;

struct Lab::Impl
{
    /// The socket library (WSAStartup on Windows) for as long as the lab has a socket: first, so it is
    /// destroyed last.
    sys::Runtime runtime;
    LabOptions options;
    LabCertificates certificates;
    std::vector<SslCtxPtr> contexts;
    std::unique_ptr<EventLoop> loop;
    std::array<std::unique_ptr<StreamServer>, kServerKindCount> streams;
    std::unique_ptr<DnsServer> dns;
    std::unique_ptr<DnsServer> dnsSilent;
    std::unique_ptr<StreamServer> mutualTls; ///< only with LabOptions::mutualTls
    std::uint16_t mutualTlsPort = 0;
    /// Bound, never listening: the refused server's, and the [::1] twins of the IPv4 ports.
    std::vector<UniqueFd> refused;
    std::vector<ServerInfo> infos;
    std::thread thread;

    ~Impl()
    {
        if (thread.joinable()) {
            loop->stop();
            thread.join();
        }
        // Members now close every descriptor: connections and listeners with their servers, then
        // the poller's and the wake-up descriptors with the loop.
    }

    Status build();
    Status buildStream(ServerKind kind, ServerInfo& info, bool ipv6);
    Status buildDns(ServerKind kind, ServerInfo& info, bool ipv6);
    Status buildRefused(ServerInfo& info, bool ipv6);
    Status buildMutualTls();
    Result<SSL_CTX*> contextFor(ServerKind kind);
};

namespace {

Status listenOn(StreamServer& server, Loopback family, std::string_view name, std::uint16_t& port)
{
    auto bound = bindLoopback(family, SocketRole::Listener, name);
    if (!bound)
        return std::move(bound).error();
    port = bound.value().port;
    return server.addListener(std::move(bound.value().fd));
}

struct HeldListener
{
    UniqueFd listener; ///< 127.0.0.1:port, listening
    UniqueFd v6Twin;   ///< [::1]:port, as asked (BoundOnly or Listener; invalid without IPv6)
    std::uint16_t port = 0;
};

/// A listener on 127.0.0.1 whose port the lab also holds on ::1, by default without listening. A
/// dial by name (www.lab.test resolves to ::1 and 127.0.0.1) tries [::1] at the IPv4 port first:
/// it is refused at once, every time, instead of reaching whatever else might listen there. With
/// `twinRole` Listener the same port serves both families.
Result<HeldListener> listenV4HoldingV6(std::string_view name, bool ipv6,
                                       SocketRole twinRole = SocketRole::BoundOnly)
{
    constexpr int kAttempts = 32; // ephemeral ports taken on ::1 but free on 127.0.0.1 are rare
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        auto bound = bindLoopback(Loopback::V4, SocketRole::Listener, name);
        if (!bound)
            return std::move(bound).error();
        HeldListener held{std::move(bound.value().fd), {}, bound.value().port};
        if (!ipv6)
            return held;
        auto twin = bindLoopback(Loopback::V6, twinRole, name, held.port);
        if (twin) {
            held.v6Twin = std::move(twin.value().fd);
            return held;
        }
        if (twin.error().systemError != EADDRINUSE) // out of descriptors …: not worth another port
            return std::move(twin).error();
    }
    return makeError(ErrorCode::SocketError,
                     "lab: " + std::string(name) + ": no port was free on both 127.0.0.1 and ::1");
}

StreamBehaviour behaviourOf(ServerKind kind)
{
    switch (kind) {
    case ServerKind::Echo:
        return StreamBehaviour::Echo;
    case ServerKind::Silent:
        return StreamBehaviour::Silent;
    case ServerKind::Resetter:
        return StreamBehaviour::Reset;
    default:
        return StreamBehaviour::Http;
    }
}

void runLoop(EventLoop* loop)
{
    // TLS writes go through OpenSSL's socket BIO (no MSG_NOSIGNAL): on POSIX a peer that vanished
    // would otherwise kill the host process with SIGPIPE. This blocks it for this thread only.
    sys::prepareServerThread("poolscope-lab");
    loop->run();
}

} // namespace

Result<SSL_CTX*> Lab::Impl::contextFor(ServerKind kind)
{
    const KeyAndCert* identity = &certificates.localhost;
    TlsProfile profile = TlsProfile::Modern;
    switch (kind) {
    case ServerKind::Https:
        break;
    case ServerKind::Untrusted:
        identity = &certificates.untrusted;
        break;
    case ServerKind::Expired:
        identity = &certificates.expired;
        break;
    case ServerKind::WrongHost:
        identity = &certificates.wrongHost;
        break;
    case ServerKind::Tls12Only:
        profile = TlsProfile::Tls12Max;
        break;
    case ServerKind::LegacyTls:
        profile = TlsProfile::Legacy;
        break;
    default:
        return static_cast<SSL_CTX*>(nullptr); // plain TCP
    }
    auto ctx = makeServerContext(profile, *identity);
    if (!ctx)
        return std::move(ctx).error();
    contexts.push_back(std::move(ctx).value());
    return contexts.back().get();
}

Status Lab::Impl::buildStream(ServerKind kind, ServerInfo& info, bool ipv6)
{
    auto ctx = contextFor(kind);
    if (!ctx) {
        // Some OpenSSL builds (or policies) cannot do TLS 1.0/1.1 at all; the lab runs without
        // that one server rather than failing, and says so in its explanation.
        if (kind == ServerKind::LegacyTls) {
            info.explanation = explainServer(kind, options, false);
            return {};
        }
        return ctx.error();
    }
    StreamServerConfig config;
    config.name = info.name;
    config.behaviour = behaviourOf(kind);
    config.tls = ctx.value();
    config.httpKeepAlive = options.httpKeepAlive;
    if (config.behaviour == StreamBehaviour::Http)
        config.idleLimit = kind == ServerKind::IdleCloser ? options.idleCloseAfter
                                                          : std::chrono::milliseconds(options.httpKeepAlive);
    auto server = std::make_unique<StreamServer>(*loop, std::move(config));
    auto held = listenV4HoldingV6(info.name, ipv6);
    if (!held)
        return std::move(held).error();
    info.port = held.value().port;
    if (auto status = server->addListener(std::move(held.value().listener)); !status)
        return status;
    if (held.value().v6Twin.valid())
        refused.push_back(std::move(held.value().v6Twin));
    if (ipv6) {
        if (auto status = listenOn(*server, Loopback::V6, info.name, info.port6); !status)
            return status;
    }
    streams[static_cast<std::size_t>(kind)] = std::move(server);
    return {};
}

Status Lab::Impl::buildMutualTls()
{
    auto ctx = makeServerContext(TlsProfile::Tls12Max, certificates.localhost, certificates.ca.cert.get());
    if (!ctx)
        return std::move(ctx).error();
    contexts.push_back(std::move(ctx).value());
    StreamServerConfig config;
    config.name = "mutual-tls";
    config.tls = contexts.back().get();
    config.httpKeepAlive = options.httpKeepAlive;
    config.idleLimit = std::chrono::milliseconds(options.httpKeepAlive);
    auto server = std::make_unique<StreamServer>(*loop, std::move(config));
    // One port on both families: "localhost" reaches it whichever address the client tries first.
    auto held =
        listenV4HoldingV6("mutual-tls", options.ipv6 && ipv6LoopbackAvailable(), SocketRole::Listener);
    if (!held)
        return std::move(held).error();
    mutualTlsPort = held.value().port;
    if (auto status = server->addListener(std::move(held.value().listener)); !status)
        return status;
    if (held.value().v6Twin.valid()) {
        if (auto status = server->addListener(std::move(held.value().v6Twin)); !status)
            return status;
    }
    mutualTls = std::move(server);
    return {};
}

Status Lab::Impl::buildDns(ServerKind kind, ServerInfo& info, bool ipv6)
{
    auto server = std::make_unique<DnsServer>(*loop, kind == ServerKind::Dns);
    for (const Loopback family : {Loopback::V4, Loopback::V6}) {
        if (family == Loopback::V6 && !ipv6)
            break;
        auto bound = bindLoopback(family, SocketRole::Datagram, info.name);
        if (!bound)
            return std::move(bound).error();
        (family == Loopback::V4 ? info.port : info.port6) = bound.value().port;
        if (auto status = server->addSocket(std::move(bound.value().fd)); !status)
            return status;
    }
    (kind == ServerKind::Dns ? dns : dnsSilent) = std::move(server);
    return {};
}

Status Lab::Impl::buildRefused(ServerInfo& info, bool ipv6)
{
    // One port number on both families, like the other servers' IPv4 ports (listenV4HoldingV6).
    constexpr int kAttempts = 32;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        auto v4 = bindLoopback(Loopback::V4, SocketRole::BoundOnly, info.name);
        if (!v4)
            return std::move(v4).error();
        const std::uint16_t port = v4.value().port;
        if (!ipv6) {
            info.port = port;
            refused.push_back(std::move(v4.value().fd));
            return {};
        }
        auto v6 = bindLoopback(Loopback::V6, SocketRole::BoundOnly, info.name, port);
        if (v6) {
            info.port = info.port6 = port;
            refused.push_back(std::move(v4.value().fd));
            refused.push_back(std::move(v6.value().fd));
            return {};
        }
        if (v6.error().systemError != EADDRINUSE)
            return std::move(v6).error();
    }
    return makeError(ErrorCode::SocketError,
                     "lab: " + info.name + ": no port was free on both 127.0.0.1 and ::1");
}

Status Lab::Impl::build()
{
    if (const int err = runtime.error(); err != 0)
        return makeError(ErrorCode::SocketError, "lab: the socket library did not start: " + errnoText(err),
                         DialPhase::None, err);
    auto certs = generateLabCertificates();
    if (!certs)
        return std::move(certs).error();
    certificates = std::move(certs).value();

    auto createdLoop = EventLoop::create(options.poller);
    if (!createdLoop)
        return std::move(createdLoop).error();
    loop = std::move(createdLoop).value();

    const bool ipv6 = options.ipv6 && ipv6LoopbackAvailable();
    infos.reserve(kServerKindCount);
    for (int i = 0; i < kServerKindCount; ++i) {
        const auto kind = static_cast<ServerKind>(i);
        ServerInfo info;
        info.kind = kind;
        info.name = std::string(serverName(kind));
        info.explanation = explainServer(kind, options, true);
        info.tls = dialsWithTls(kind);
        info.udp = isUdp(kind);
        Status status;
        if (info.udp)
            status = buildDns(kind, info, ipv6);
        else if (kind == ServerKind::Refused)
            status = buildRefused(info, ipv6);
        else
            status = buildStream(kind, info, ipv6);
        if (!status)
            return status;
        infos.push_back(std::move(info));
    }
    if (options.mutualTls)
        return buildMutualTls();
    return {};
}

Result<std::unique_ptr<Lab>> Lab::start(LabOptions options)
{
    try {
        auto impl = std::make_unique<Impl>();
        impl->options = options;
        if (auto status = impl->build(); !status)
            return status.error();
        impl->thread = std::thread(runLoop, impl->loop.get());
        return std::unique_ptr<Lab>(new Lab(std::move(impl)));
    } catch (const std::exception& e) {
        // bad_alloc, or std::thread failing to start: the API promises a Result, never a throw.
        return makeError(ErrorCode::SocketError, std::string("lab: start failed: ") + e.what());
    }
}

Lab::Lab(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Lab::~Lab() = default;

const std::vector<ServerInfo>& Lab::servers() const noexcept
{
    return m_impl->infos;
}

const ServerInfo& Lab::server(ServerKind kind) const
{
    const auto index = static_cast<std::size_t>(kind);
    if (index >= m_impl->infos.size()) {
        static const ServerInfo none{};
        return none;
    }
    return m_impl->infos[index];
}

ServerCounters Lab::counters(ServerKind kind) const
{
    const auto index = static_cast<std::size_t>(kind);
    if (index < m_impl->streams.size() && m_impl->streams[index])
        return m_impl->streams[index]->counters().snapshot();
    if (kind == ServerKind::Dns)
        return m_impl->dns->counters().snapshot();
    if (kind == ServerKind::DnsSilent)
        return m_impl->dnsSilent->counters().snapshot();
    return {};
}

const std::string& Lab::caPem() const noexcept
{
    return m_impl->certificates.caPem;
}

TlsOptions Lab::trustingTls() const
{
    TlsOptions tls; // verification and host-name checks stay on
    tls.extraCaPem = caPem();
    return tls;
}

LabPoller Lab::poller() const noexcept
{
    return m_impl->loop->pollerKind();
}

std::string Lab::serverCertificatePem(ServerKind kind) const
{
    if (!dialsWithTls(kind) || kind == ServerKind::PlainOnTlsPort)
        return {};
    const LabCertificates& c = m_impl->certificates;
    const KeyAndCert& identity = kind == ServerKind::Untrusted   ? c.untrusted
                                 : kind == ServerKind::Expired   ? c.expired
                                 : kind == ServerKind::WrongHost ? c.wrongHost
                                                                 : c.localhost;
    auto pem = toPem(identity.cert.get());
    return pem ? std::move(pem).value() : std::string();
}

std::uint16_t Lab::mutualTlsPort() const noexcept
{
    return m_impl->mutualTlsPort;
}

Result<ClientIdentity> Lab::issueClientIdentity(std::string_view commonName) const
{
    try {
        auto issued = issueClientCertificate(m_impl->certificates.ca, commonName);
        if (!issued)
            return std::move(issued).error();
        auto certificate = toPem(issued.value().cert.get());
        if (!certificate)
            return std::move(certificate).error();
        auto key = keyToPem(issued.value().key.get());
        if (!key)
            return std::move(key).error();
        return ClientIdentity{std::move(certificate).value(), std::move(key).value()};
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfResources, "lab: issuing a client certificate: out of memory");
    }
}

std::string Lab::dnsServer() const
{
    return "127.0.0.1:" + std::to_string(server(ServerKind::Dns).port);
}

void Lab::setIdleCloseAfter(std::chrono::milliseconds after)
{
    if (auto& idleCloser = m_impl->streams[static_cast<std::size_t>(ServerKind::IdleCloser)])
        idleCloser->setIdleLimit(after);
}

} // namespace poolscope::lab
