#pragma once
// A TCP server of the lab: its listeners (127.0.0.1 and ::1), accepting, and the table of its
// open connections. What a connection does is chosen by `StreamBehaviour`; TLS by `tls`.

#include "counters.h"
#include "event_loop.h"
#include "sockets.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <openssl/ssl.h>
#include <string>
#include <unordered_map>
#include <vector>

namespace poolscope::lab::detail {

class Connection;

enum class StreamBehaviour
{
    Http,   ///< HTTP/1.1 keep-alive (see http_handler.h)
    Echo,   ///< every byte read is written back
    Silent, ///< reads and discards, never writes
    Reset,  ///< closes with SO_LINGER {1, 0} right after accept: the peer sees RST
};

struct StreamServerConfig
{
    std::string name;
    StreamBehaviour behaviour = StreamBehaviour::Http;
    SSL_CTX* tls = nullptr;                 ///< not owned; outlives the server
    std::chrono::seconds httpKeepAlive{5};  ///< advertised in "Keep-Alive: timeout=N"
    std::chrono::milliseconds idleLimit{0}; ///< close connections idle this long; 0 = never
};

class StreamServer
{
public:
    StreamServer(EventLoop& loop, StreamServerConfig config);
    ~StreamServer();
    StreamServer(const StreamServer&) = delete;
    StreamServer& operator=(const StreamServer&) = delete;

    /// Takes a listening socket and starts accepting on it (on the loop, once it runs).
    Status addListener(UniqueFd fd);

    [[nodiscard]] const AtomicCounters& counters() const noexcept { return m_counters; }
    /// Thread-safe. Connections already idle longer than `limit` close at once.
    void setIdleLimit(std::chrono::milliseconds limit);

    // Used by Connection, on the loop thread.
    [[nodiscard]] EventLoop& loop() noexcept { return m_loop; }
    [[nodiscard]] const StreamServerConfig& config() const noexcept { return m_config; }
    [[nodiscard]] AtomicCounters& counters() noexcept { return m_counters; }
    [[nodiscard]] std::chrono::milliseconds idleLimit() const noexcept;
    void connectionTimer(std::uint64_t id);
    void connectionClosed(std::uint64_t id);

private:
    class Listener;
    void acceptFrom(Listener& listener);
    void pauseAccepting(Listener& listener);

    EventLoop& m_loop;
    StreamServerConfig m_config;
    AtomicCounters m_counters;
    std::atomic<std::int64_t> m_idleLimitMs;
    std::vector<std::unique_ptr<Listener>> m_listeners;
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> m_connections;
    std::uint64_t m_nextId = 0;
};

} // namespace poolscope::lab::detail
