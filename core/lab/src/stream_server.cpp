#include "stream_server.h"

#include "connection.h"
#include "sockets.h"

#include <cerrno>

namespace poolscope::lab::detail {

namespace {

/// Connections taken per readiness event before other sockets get a turn.
constexpr int kAcceptBatch = 64;
/// After running out of descriptors, accepting resumes this much later (not in a busy loop).
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

} // namespace

class StreamServer::Listener final : public EventHandler
{
public:
    Listener(StreamServer& server, UniqueFd fd) : m_server(server), m_fd(std::move(fd)) {}
    void onEvents(std::uint32_t /*events*/) override { m_server.acceptFrom(*this); }
    [[nodiscard]] int fd() const noexcept { return m_fd.get(); }

private:
    StreamServer& m_server;
    UniqueFd m_fd;
};

StreamServer::StreamServer(EventLoop& loop, StreamServerConfig config)
    : m_loop(loop), m_config(std::move(config)), m_idleLimitMs(m_config.idleLimit.count())
{
}

StreamServer::~StreamServer()
{
    // Runs after the loop thread has ended: nothing is dispatched any more, so connections and
    // listeners simply close their descriptors.
    m_connections.clear();
    m_listeners.clear();
}

Status StreamServer::addListener(UniqueFd fd)
{
    auto listener = std::make_unique<Listener>(*this, std::move(fd));
    if (!m_loop.watch(listener->fd(), ready::kIn, listener.get())) {
        const int err = errno;
        return makeError(ErrorCode::SocketError,
                         "lab: watching the '" + m_config.name + "' listener failed: " + errnoText(err),
                         DialPhase::None, err);
    }
    m_listeners.push_back(std::move(listener));
    return {};
}

void StreamServer::setIdleLimit(std::chrono::milliseconds limit)
{
    m_idleLimitMs.store(limit.count(), std::memory_order_relaxed);
    m_loop.post([this] {
        for (auto& [id, connection] : m_connections)
            connection->idleLimitChanged();
    });
}

std::chrono::milliseconds StreamServer::idleLimit() const noexcept
{
    return std::chrono::milliseconds(m_idleLimitMs.load(std::memory_order_relaxed));
}

void StreamServer::acceptFrom(Listener& listener)
{
    for (int i = 0; i < kAcceptBatch; ++i) {
        // Non-blocking, not inherited and TCP_NODELAY (small responses must leave at once, not
        // wait for the client's delayed ACK).
        int err = 0;
        UniqueFd accepted(sys::accept(listener.fd(), err));
        if (!accepted.valid()) {
            if (err == EINTR || err == ECONNABORTED || err == ECONNRESET || err == EPROTO)
                continue;
            if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM)
                pauseAccepting(listener);
            return; // EAGAIN / EWOULDBLOCK: the backlog is empty
        }
        m_counters.accepted.fetch_add(1, std::memory_order_relaxed);
        if (m_config.behaviour == StreamBehaviour::Reset) {
            sys::closeWithReset(accepted.release()); // a zero linger time: the peer gets RST, not FIN
            continue;
        }

        const std::uint64_t id = ++m_nextId;
        auto connection = std::make_unique<Connection>(*this, std::move(accepted), id);
        Connection* raw = connection.get();
        m_connections.emplace(id, std::move(connection));
        raw->start(); // on failure it has closed and removed itself
    }
}

void StreamServer::pauseAccepting(Listener& listener)
{
    // A level-triggered poller would report the full backlog again at once; stop listening for it
    // until descriptors may have been freed.
    m_loop.rewatch(listener.fd(), 0, &listener);
    Listener* raw = &listener;
    m_loop.runAt(Clock::now() + kAcceptPause, [this, raw] { m_loop.rewatch(raw->fd(), ready::kIn, raw); });
}

void StreamServer::connectionTimer(std::uint64_t id)
{
    const auto it = m_connections.find(id);
    if (it != m_connections.end())
        it->second->onTimer();
}

void StreamServer::connectionClosed(std::uint64_t id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    m_loop.retire(std::move(it->second));
    m_connections.erase(it);
}

} // namespace poolscope::lab::detail
