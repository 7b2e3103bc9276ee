#pragma once
// One accepted TCP connection of a StreamServer: TLS handshake (if any), reading, the behaviour
// (HTTP, echo, silence), buffered non-blocking writes, idle closing and graceful close.

#include "event_loop.h"
#include "http_handler.h"
#include "sockets.h"
#include "stream_io.h"
#include "tls_server.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace poolscope::lab::detail {

class StreamServer;

class Connection final : public EventHandler
{
public:
    Connection(StreamServer& server, UniqueFd fd, std::uint64_t id);
    ~Connection() override;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Registers with the loop; false if that (or creating the TLS session) failed, in which
    /// case the connection has already closed itself.
    bool start();
    void onEvents(std::uint32_t events) override;
    /// Its timer fired: close if idle (or draining) too long, else wait for the new deadline.
    void onTimer();
    /// The server's idle limit changed: make sure a timer fires by the new deadline.
    void idleLimitChanged();

private:
    enum class Phase
    {
        Handshake,
        Open,
        Draining,
        Closed
    };

    bool advanceHandshake();
    void serve();
    bool readAvailable();
    void consume(const char* data, std::size_t size);
    void produce();
    bool flush();
    void beginDrain();
    void drain();
    void close();
    void updateInterest();
    void touch();
    void armTimer(Clock::time_point deadline);
    [[nodiscard]] std::optional<Clock::time_point> deadline() const;
    [[nodiscard]] std::size_t pendingOutput() const noexcept { return m_out.size() - m_outPos; }
    [[nodiscard]] IoResult readSome(char* data, std::size_t size);
    [[nodiscard]] IoResult writeSome(const char* data, std::size_t size);

    StreamServer& m_server;
    UniqueFd m_fd;
    std::uint64_t m_id;
    Phase m_phase = Phase::Open;
    std::unique_ptr<TlsSession> m_tls;
    std::optional<HttpSession> m_http;

    std::string m_in;
    std::string m_out;
    std::size_t m_outPos = 0;
    bool m_peerEof = false;
    bool m_readWantsWrite = false; ///< TLS read needs the socket writable
    bool m_writeWantsRead = false; ///< TLS write needs the socket readable
    bool m_moreWork = false;       ///< stopped for fairness with input still to handle
    bool m_produceBlocked = false; ///< requests wait in m_in until the output drains
    std::uint32_t m_handshakeWants = 0;
    std::uint32_t m_interest = 0;

    Clock::time_point m_lastActivity;
    Clock::time_point m_drainDeadline;
    std::optional<TimerKey> m_timer; ///< the one pending idle/drain timer
};

} // namespace poolscope::lab::detail
