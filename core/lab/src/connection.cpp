#include "connection.h"

#include "stream_server.h"

#include <array>
#include <cerrno>

namespace poolscope::lab::detail {

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
/// Stop reading while this much output waits: a client that does not read cannot make the
/// server buffer more than about this much for it.
constexpr std::size_t kOutputHighWater = 2 * 1024 * 1024;
/// Unprocessed pipelined input allowed beyond one request head.
constexpr std::size_t kInputCap = kMaxHeaderBytes + 64 * 1024;
/// Rounds of read/answer/write per event before other connections get their turn.
constexpr int kRoundsPerEvent = 8;
/// How long a closing connection waits for the peer to take its last response and close.
constexpr auto kDrainTime = std::chrono::seconds(2);
/// Interrupted system calls retried in a row before giving up for this event.
constexpr int kInterruptedRetries = 8;

} // namespace

Connection::Connection(StreamServer& server, UniqueFd fd, std::uint64_t id)
    : m_server(server), m_fd(std::move(fd)), m_id(id), m_lastActivity(Clock::now())
{
    m_server.counters().open.fetch_add(1, std::memory_order_relaxed);
}

Connection::~Connection()
{
    if (m_phase != Phase::Closed)
        m_server.counters().open.fetch_sub(1, std::memory_order_relaxed);
    m_tls.reset(); // before the descriptor it uses
}

bool Connection::start()
{
    const StreamServerConfig& config = m_server.config();
    if (config.behaviour == StreamBehaviour::Http)
        m_http.emplace(config.httpKeepAlive);
    if (config.tls) {
        m_tls = TlsSession::accept(config.tls, m_fd.get());
        if (!m_tls) {
            close();
            return false;
        }
        m_phase = Phase::Handshake;
        m_handshakeWants = ready::kIn;
    }
    m_interest = ready::kIn;
    if (!m_server.loop().watch(m_fd.get(), m_interest, this)) {
        close();
        return false;
    }
    if (const auto when = deadline())
        armTimer(*when);
    return true;
}

void Connection::onEvents(std::uint32_t events)
{
    if (m_phase == Phase::Closed)
        return; // closed earlier in this batch of events
    if ((events & ready::kError) != 0) {
        close();
        return;
    }
    if (m_phase == Phase::Draining) {
        drain();
        return;
    }
    if (m_phase == Phase::Handshake && !advanceHandshake())
        return;
    serve();
}

bool Connection::advanceHandshake()
{
    switch (m_tls->handshake()) {
    case IoStatus::Done:
        m_phase = Phase::Open;
        m_server.counters().handshakes.fetch_add(1, std::memory_order_relaxed);
        if (m_tls->resumed())
            m_server.counters().resumed.fetch_add(1, std::memory_order_relaxed);
        touch();
        return true;
    case IoStatus::WantRead:
        m_handshakeWants = ready::kIn;
        updateInterest();
        return false;
    case IoStatus::WantWrite:
        m_handshakeWants = ready::kOut;
        updateInterest();
        return false;
    case IoStatus::Eof:
    case IoStatus::Error:
        close();
        return false;
    }
    return false;
}

void Connection::serve()
{
    m_moreWork = false;
    for (int round = 0; round < kRoundsPerEvent; ++round) {
        const bool moreToRead = readAvailable();
        if (m_phase == Phase::Closed)
            return;
        produce();
        if (!flush())
            return;
        if (pendingOutput() > 0)
            break; // ready::kOut brings us back
        if (m_http && m_http->closeAfterResponse()) {
            beginDrain();
            return;
        }
        if (!moreToRead && !m_produceBlocked) {
            if (m_peerEof) {
                close();
                return;
            }
            break;
        }
        m_moreWork = round + 1 == kRoundsPerEvent;
    }
    updateInterest();
}

bool Connection::readAvailable()
{
    if (m_peerEof || (m_http && m_http->closeAfterResponse()))
        return false;
    m_readWantsWrite = false;
    std::array<char, kReadChunk> buffer; // NOLINT(cppcoreguidelines-pro-type-member-init): filled by read
    for (int i = 0; i < 4; ++i) {
        if (pendingOutput() >= kOutputHighWater || m_in.size() >= kInputCap)
            return true;
        const IoResult r = readSome(buffer.data(), buffer.size());
        switch (r.status) {
        case IoStatus::Done:
            touch();
            consume(buffer.data(), r.bytes);
            break;
        case IoStatus::WantRead:
            return false;
        case IoStatus::WantWrite:
            m_readWantsWrite = true;
            return false;
        case IoStatus::Eof:
            m_peerEof = true;
            return false;
        case IoStatus::Error:
            close();
            return false;
        }
    }
    return true;
}

void Connection::consume(const char* data, std::size_t size)
{
    switch (m_server.config().behaviour) {
    case StreamBehaviour::Http:
        m_in.append(data, size);
        break;
    case StreamBehaviour::Echo:
        m_out.append(data, size);
        m_server.counters().requests.fetch_add(1, std::memory_order_relaxed);
        break;
    case StreamBehaviour::Silent:
    case StreamBehaviour::Reset:
        break;
    }
}

void Connection::produce()
{
    m_produceBlocked = false;
    if (!m_http || m_in.empty())
        return;
    const std::size_t answered = m_http->process(m_in, m_out, m_outPos + kOutputHighWater);
    m_server.counters().requests.fetch_add(answered, std::memory_order_relaxed);
    m_produceBlocked = !m_in.empty() && !m_http->closeAfterResponse() && pendingOutput() >= kOutputHighWater;
}

bool Connection::flush()
{
    m_writeWantsRead = false;
    while (m_outPos < m_out.size()) {
        const IoResult r = writeSome(m_out.data() + m_outPos, m_out.size() - m_outPos);
        if (r.status == IoStatus::Done) {
            m_outPos += r.bytes;
            touch();
            continue;
        }
        if (r.status == IoStatus::WantRead)
            m_writeWantsRead = true;
        if (r.status == IoStatus::Eof || r.status == IoStatus::Error) {
            close();
            return false;
        }
        break;
    }
    if (m_outPos == m_out.size()) {
        m_out.clear();
        m_outPos = 0;
    } else if (m_outPos >= 64 * 1024) {
        m_out.erase(0, m_outPos); // TLS retries accept a moved buffer (SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        m_outPos = 0;
    }
    return true;
}

void Connection::beginDrain()
{
    // Closing with unread input would send RST, which can destroy the response still in flight:
    // half-close instead and let the peer read everything, then close when it does (or later).
    if (m_tls)
        m_tls->sendCloseNotify();
    sys::shutdown(m_fd.get(), sys::Shutdown::Write);
    m_phase = Phase::Draining;
    m_drainDeadline = Clock::now() + kDrainTime;
    armTimer(m_drainDeadline);
    updateInterest();
}

void Connection::drain()
{
    std::array<char, 4096> buffer; // NOLINT(cppcoreguidelines-pro-type-member-init): filled by recv
    for (int i = 0; i < 16; ++i) {
        const sys::IoResult n = sys::recv(m_fd.get(), buffer.data(), buffer.size());
        if (n > 0)
            continue;
        if (n < 0 && sys::retryable(static_cast<int>(-n)))
            return;
        close();
        return;
    }
}

void Connection::close()
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    m_server.counters().open.fetch_sub(1, std::memory_order_relaxed);
    if (m_timer) {
        m_server.loop().cancel(*m_timer);
        m_timer.reset();
    }
    if (m_tls)
        m_tls->sendCloseNotify(); // no-op after errors or when already sent
    if (m_fd.valid())
        m_server.loop().unwatch(m_fd.get());
    m_tls.reset();
    m_fd.reset();
    m_server.connectionClosed(m_id); // may hand `this` to the loop's retire list: return right after
}

void Connection::updateInterest()
{
    std::uint32_t events = 0;
    switch (m_phase) {
    case Phase::Handshake:
        events = m_handshakeWants;
        break;
    case Phase::Draining:
        events = ready::kIn;
        break;
    case Phase::Closed:
        return;
    case Phase::Open: {
        const bool closing = m_http && m_http->closeAfterResponse();
        if (!m_peerEof && !closing && pendingOutput() < kOutputHighWater && m_in.size() < kInputCap)
            events |= ready::kIn;
        if (m_writeWantsRead)
            events |= ready::kIn;
        // A writable socket fires at once, which is how deferred work gets its next turn.
        if (pendingOutput() > 0 || m_readWantsWrite || m_moreWork)
            events |= ready::kOut;
        break;
    }
    }
    if (events != m_interest && m_server.loop().rewatch(m_fd.get(), events, this))
        m_interest = events;
}

void Connection::touch()
{
    m_lastActivity = Clock::now();
}

std::optional<Clock::time_point> Connection::deadline() const
{
    if (m_phase == Phase::Draining)
        return m_drainDeadline;
    const auto limit = m_server.idleLimit();
    if (limit <= std::chrono::milliseconds::zero())
        return std::nullopt;
    return m_lastActivity + limit;
}

void Connection::armTimer(Clock::time_point when)
{
    // Activity only moves the deadline later; the pending timer then re-arms when it fires, so
    // a busy connection costs one timer per idle period, not one per request.
    if (m_timer && m_timer->when <= when)
        return;
    if (m_timer)
        m_server.loop().cancel(*m_timer);
    StreamServer* server = &m_server;
    const std::uint64_t id = m_id;
    m_timer = m_server.loop().runAt(when, [server, id] { server->connectionTimer(id); });
}

void Connection::onTimer()
{
    m_timer.reset();
    if (m_phase == Phase::Closed)
        return;
    const auto when = deadline();
    if (!when)
        return;
    if (Clock::now() < *when) {
        armTimer(*when);
        return;
    }
    close();
}

void Connection::idleLimitChanged()
{
    if (const auto when = deadline())
        armTimer(*when);
}

IoResult Connection::readSome(char* data, std::size_t size)
{
    if (m_tls)
        return m_tls->read(data, size);
    for (int attempt = 0; attempt < kInterruptedRetries; ++attempt) {
        const sys::IoResult n = sys::recv(m_fd.get(), data, size);
        if (n > 0)
            return {IoStatus::Done, static_cast<std::size_t>(n)};
        if (n == 0)
            return {IoStatus::Eof, 0};
        if (n == -EINTR)
            continue;
        if (sys::retryable(static_cast<int>(-n)))
            return {IoStatus::WantRead, 0};
        return {IoStatus::Error, 0};
    }
    return {IoStatus::WantRead, 0}; // the level-triggered poller reports the socket again
}

IoResult Connection::writeSome(const char* data, std::size_t size)
{
    if (m_tls)
        return m_tls->write(data, size);
    for (int attempt = 0; attempt < kInterruptedRetries; ++attempt) {
        // sys::send never raises SIGPIPE: a peer that went away must not kill the host application.
        const sys::IoResult n = sys::send(m_fd.get(), data, size);
        if (n >= 0)
            return {IoStatus::Done, static_cast<std::size_t>(n)};
        if (n == -EINTR)
            continue;
        if (sys::retryable(static_cast<int>(-n)))
            return {IoStatus::WantWrite, 0};
        return {IoStatus::Error, 0};
    }
    return {IoStatus::WantWrite, 0};
}

} // namespace poolscope::lab::detail
