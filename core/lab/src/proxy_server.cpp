// The lab proxy's serving thread: accepts clients, runs ProxyHandshake on their bytes, connects to
// loopback targets only, then copies bytes both ways until either side ends.
#include "poolscope/lab/proxy_server.h"

#include "proxy_protocol.h"
#include "sockets.h"

#include <atomic>
#include <cerrno>
#include <list>
#include <thread>
#include <vector>

namespace poolscope::lab {

using namespace detail;

namespace {

constexpr std::size_t kMaxBuffered = 64 * 1024;
constexpr std::size_t kMaxConnections = 64;

struct Tunnel
{
    explicit Tunnel(UniqueFd fd, const ProxyServerOptions& options)
        : client(std::move(fd)), handshake(options)
    {
    }
    UniqueFd client;
    UniqueFd upstream;
    ProxyHandshake handshake;
    std::string fromClient; ///< handshake bytes, then bytes for the upstream
    std::string toClient;
    bool established = false;
    bool closeAfterFlush = false; ///< send toClient, then close
    bool done = false;
    bool faulted = false; ///< the fault has been acted on
};

/// Connects to a loopback target, waiting at most one second (a loopback connect answers at once).
TargetOutcome connectTarget(const std::string& host, std::uint16_t port, UniqueFd& out)
{
    std::string literal;
    if (!loopbackTarget(host, literal))
        return TargetOutcome::NotAllowed;
    const auto address = poolscope::detail::SocketAddress::parseLiteral(literal, port);
    if (!address || !address->isLoopback())
        return TargetOutcome::NotAllowed;
    int err = 0;
    UniqueFd fd(sys::openTcp(address->family(), err));
    if (!fd.valid())
        return TargetOutcome::Refused;
    err = sys::connect(fd.get(), *address);
    if (err == EINPROGRESS) {
        for (int slice = 0; slice < 40; ++slice) {
            sys::PollEntry entry{fd.get(), sys::kPollOut, 0};
            const int ready = sys::poll(&entry, 1, 25);
            if (ready > 0 || sys::pendingError(fd.get()) != 0)
                break;
        }
        err = sys::pendingError(fd.get());
        if (err == 0) {
            sys::PollEntry entry{fd.get(), sys::kPollOut, 0};
            if (sys::poll(&entry, 1, 0) <= 0 || (entry.revents & sys::kPollOut) == 0)
                err = ETIMEDOUT;
        }
    }
    if (err != 0)
        return TargetOutcome::Refused;
    out = std::move(fd);
    return TargetOutcome::Connected;
}

/// Sends what it can without blocking; false when the peer is gone.
bool flush(sys::Socket socket, std::string& pending)
{
    while (!pending.empty()) {
        const sys::IoResult n = sys::send(socket, pending.data(), pending.size());
        if (n > 0) {
            pending.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        return n < 0 && sys::retryable(static_cast<int>(-n));
    }
    return true;
}

/// Reads what is there into `into`; false on end of stream or error.
bool drain(sys::Socket socket, std::string& into)
{
    char buffer[16 * 1024];
    const sys::IoResult n = sys::recv(socket, buffer, sizeof buffer);
    if (n > 0) {
        into.append(buffer, static_cast<std::size_t>(n));
        return true;
    }
    return n < 0 && sys::retryable(static_cast<int>(-n));
}

} // namespace

struct ProxyServer::Impl
{
    ProxyServerOptions options;
    sys::Runtime runtime;
    UniqueFd listener;
    std::uint16_t port = 0;
    sys::Waker waker;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> accepted{0}, opened{0}, refused{0}, authFailures{0};
    std::atomic<int> open{0};
    std::list<Tunnel> tunnels; // the serving thread's only
    std::thread thread;

    void run();
    void acceptAll();
    void onClientBytes(Tunnel& t);
    void actOnFault(Tunnel& t);
};

void ProxyServer::Impl::acceptAll()
{
    for (int i = 0; i < 16; ++i) { // bounded per wake-up; the rest wait for the next round
        int err = 0;
        UniqueFd fd(sys::accept(listener.get(), err));
        if (!fd.valid())
            return;
        accepted.fetch_add(1, std::memory_order_relaxed);
        if (tunnels.size() >= kMaxConnections)
            continue; // closed at once: the lab proxy serves few clients
        tunnels.emplace_back(std::move(fd), options);
        open.fetch_add(1, std::memory_order_relaxed);
    }
}

void ProxyServer::Impl::actOnFault(Tunnel& t)
{
    t.faulted = true;
    switch (options.fault) {
    case ProxyFault::None:
    case ProxyFault::Silent:
        break;
    case ProxyFault::CloseEarly:
        t.done = true;
        break;
    case ProxyFault::Garbage:
        t.toClient = "SSH-2.0-NotAProxy\r\n\r\n";
        t.closeAfterFlush = true;
        break;
    case ProxyFault::OversizedHeader:
        t.toClient = "HTTP/1.1 200 OK\r\n";
        while (t.toClient.size() < 16 * 1024)
            t.toClient += "X-Filler: " + std::string(100, 'x') + "\r\n";
        break;
    case ProxyFault::BadVersion:
        t.toClient = std::string("\x04\x00", 2);
        t.closeAfterFlush = true;
        break;
    }
}

void ProxyServer::Impl::onClientBytes(Tunnel& t)
{
    if (options.fault != ProxyFault::None) {
        if (!t.faulted)
            actOnFault(t);
        t.fromClient.clear();
        return;
    }
    const ProxyAction action = t.handshake.feed(t.fromClient);
    t.toClient += action.reply;
    switch (action.kind) {
    case ProxyAction::Kind::NeedMore:
        return;
    case ProxyAction::Kind::Close:
        if (action.authFailed)
            authFailures.fetch_add(1, std::memory_order_relaxed);
        t.closeAfterFlush = true;
        return;
    case ProxyAction::Kind::Connect: {
        const TargetOutcome outcome = connectTarget(action.host, action.port, t.upstream);
        t.toClient += t.handshake.finish(outcome);
        if (outcome == TargetOutcome::Connected) {
            opened.fetch_add(1, std::memory_order_relaxed);
            t.established = true; // what is left in fromClient already belongs to the tunnel
        } else {
            refused.fetch_add(1, std::memory_order_relaxed);
            t.closeAfterFlush = true;
        }
        return;
    }
    }
}

void ProxyServer::Impl::run()
{
    sys::prepareServerThread("lab-proxy");
    std::vector<sys::PollEntry> entries;
    std::vector<Tunnel*> owners; // per entry from index 2: its tunnel
    std::string toUpstreamScratch;
    while (!stopping.load(std::memory_order_acquire)) {
        entries.clear();
        owners.clear();
        entries.push_back({waker.pollable(), sys::kPollIn, 0});
        entries.push_back({listener.get(), sys::kPollIn, 0});
        for (Tunnel& t : tunnels) {
            short clientEvents = 0;
            if (!t.closeAfterFlush && (t.established ? t.fromClient.size() < kMaxBuffered
                                                     : t.fromClient.size() <= kMaxProxyRequest))
                clientEvents |= sys::kPollIn;
            if (!t.toClient.empty())
                clientEvents |= sys::kPollOut;
            entries.push_back({t.client.get(), clientEvents, 0});
            owners.push_back(&t);
            if (t.established) {
                short upEvents = t.toClient.size() < kMaxBuffered ? sys::kPollIn : 0;
                if (!t.fromClient.empty())
                    upEvents |= sys::kPollOut;
                entries.push_back({t.upstream.get(), upEvents, 0});
                owners.push_back(&t);
            }
        }
        const int ready = sys::poll(entries.data(), entries.size(), 200);
        if (ready < 0 && -ready != EINTR)
            break;
        if (ready <= 0)
            continue;
        if (entries[0].revents != 0)
            waker.drain();
        if (entries[1].revents != 0)
            acceptAll();
        for (std::size_t i = 2; i < entries.size(); ++i) {
            Tunnel& t = *owners[i - 2];
            const short revents = entries[i].revents;
            if (revents == 0 || t.done)
                continue;
            const bool isClient = entries[i].socket == t.client.get();
            if (isClient) {
                if ((revents & (sys::kPollIn | sys::kPollHup | sys::kPollErr)) != 0 &&
                    (entries[i].events & sys::kPollIn) != 0) {
                    if (!drain(t.client.get(), t.fromClient)) {
                        t.done = true;
                        continue;
                    }
                    if (!t.established)
                        onClientBytes(t);
                }
                if (!flush(t.client.get(), t.toClient)) {
                    t.done = true;
                    continue;
                }
                if (t.closeAfterFlush && t.toClient.empty())
                    t.done = true;
            } else {
                if ((revents & (sys::kPollIn | sys::kPollHup | sys::kPollErr)) != 0 &&
                    (entries[i].events & sys::kPollIn) != 0 && !drain(t.upstream.get(), t.toClient)) {
                    t.closeAfterFlush = true; // the target ended: pass on what it sent, then close
                }
                if (!flush(t.upstream.get(), t.fromClient))
                    t.closeAfterFlush = true;
                if (!flush(t.client.get(), t.toClient))
                    t.done = true;
                if (t.closeAfterFlush && t.toClient.empty())
                    t.done = true;
            }
        }
        for (auto it = tunnels.begin(); it != tunnels.end();) {
            if (it->done) {
                it = tunnels.erase(it);
                open.fetch_sub(1, std::memory_order_relaxed);
            } else {
                ++it;
            }
        }
    }
    open.fetch_sub(static_cast<int>(tunnels.size()), std::memory_order_relaxed);
    tunnels.clear();
}

Result<std::unique_ptr<ProxyServer>> ProxyServer::start(ProxyServerOptions options)
{
    if (options.type != ProxyType::HttpConnect && options.type != ProxyType::Socks5)
        return makeError(ErrorCode::InvalidArgument, "lab proxy: type must be HttpConnect or Socks5");
    if (options.username.size() > 255 || options.password.size() > 255)
        return makeError(ErrorCode::InvalidArgument,
                         "lab proxy: username and password are at most 255 bytes");
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    if (impl->runtime.error() != 0 || impl->waker.error() != 0)
        return makeError(ErrorCode::SocketError, "lab proxy: the socket library or its waker did not start");
    auto bound = bindLoopback(Loopback::V4, SocketRole::Listener, "proxy");
    if (!bound)
        return std::move(bound).error();
    impl->listener = std::move(bound->fd);
    impl->port = bound->port;
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->run(); });
    return std::unique_ptr<ProxyServer>(new ProxyServer(std::move(impl)));
}

ProxyServer::ProxyServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ProxyServer::~ProxyServer()
{
    m_impl->stopping.store(true, std::memory_order_release);
    m_impl->waker.signal();
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

std::uint16_t ProxyServer::port() const noexcept
{
    return m_impl->port;
}

ProxyCounters ProxyServer::counters() const
{
    ProxyCounters c;
    c.accepted = m_impl->accepted.load(std::memory_order_relaxed);
    c.tunnelsOpened = m_impl->opened.load(std::memory_order_relaxed);
    c.tunnelsRefused = m_impl->refused.load(std::memory_order_relaxed);
    c.authFailures = m_impl->authFailures.load(std::memory_order_relaxed);
    c.open = m_impl->open.load(std::memory_order_relaxed);
    return c;
}

ProxyOptions ProxyServer::clientOptions(std::string username, std::string password) const
{
    ProxyOptions o;
    o.type = m_impl->options.type;
    o.host = "127.0.0.1";
    o.port = m_impl->port;
    o.username = std::move(username);
    o.password = std::move(password);
    return o;
}

} // namespace poolscope::lab
