#pragma once
// Shared pieces of the engine suites: one lab per test binary, pool parameters that keep DNS on
// loopback, and small HTTP helpers over a PooledConnection.

#include "poolscope/connection_pool.h"
#include "poolscope/lab/lab.h"

#include <QByteArray>
#include <QString>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX; // NOLINT: OpenSSL's forward declaration

namespace poolscope::test {

/// The lab for this test binary (started on first use, stopped at exit).
lab::Lab& sharedLab();

/// Pool parameters whose DNS goes to the lab's resolver on 127.0.0.1, never the system's.
PoolParams loopbackParams();

/// A pool with `params` (by default loopbackParams()); aborts the test binary if creation fails.
ConnectionPool makePool(PoolParams params = loopbackParams());

/// A dial request for a lab server (TLS ones trust the lab CA).
DialRequest labRequest(lab::ServerKind kind, std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// Sends "GET <path>" and reads one whole response (Content-Length framed). Returns the status
/// line + headers + body, or an empty string on any failure (the reason goes to `error`).
std::string httpGet(PooledConnection& connection, const std::string& path = "/", std::string* error = nullptr,
                    const std::string& host = "localhost",
                    std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// Cancels a dial from another thread as soon as the pool reports `trigger` (e.g. Connected: the
/// handshake is about to block), so cancellation is tested while the dial waits in that phase —
/// no timers. `elapsedSinceCancelMs()` tells how long the dial took to notice.
class CancelOnEvent
{
public:
    CancelOnEvent(ConnectionPool& pool, EventKind trigger, std::function<void()> cancel);
    ~CancelOnEvent();
    CancelOnEvent(const CancelOnEvent&) = delete;
    CancelOnEvent& operator=(const CancelOnEvent&) = delete;
    [[nodiscard]] long long elapsedSinceCancelMs() const;
    [[nodiscard]] bool fired() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Keeps the pool's events of one kind (it becomes the pool's event callback), to be checked after
/// the fact: a DialFailed's handshake transcript, a Closed event's wire log. The callback shares
/// what it keeps, so the pool may outlive this object (its last closes go nowhere harmful).
class EventsOfKind
{
public:
    explicit EventsOfKind(EventKind kind);
    void install(ConnectionPool& pool);
    [[nodiscard]] std::vector<PoolEvent> events() const;
    /// The first kept event of connection `id`, or nullopt.
    [[nodiscard]] std::optional<PoolEvent> of(ConnectionId id) const;

private:
    struct Kept
    {
        EventKind kind;
        std::mutex mutex;
        std::vector<PoolEvent> events;
    };
    std::shared_ptr<Kept> m_kept;
};

/// Local TCP port of a connected socket.
std::uint16_t localPortOf(int fd);

/// A TCP listener on 127.0.0.1 whose accept queue is full, so a further connect() stays in
/// SYN-SENT: the only loopback way to keep a dial in its connect phase. False if the kernel
/// would not cooperate.
class StuckListener
{
public:
    StuckListener();
    ~StuckListener();
    StuckListener(const StuckListener&) = delete;
    StuckListener& operator=(const StuckListener&) = delete;
    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    int m_listener = -1;
    int m_fillers[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    std::uint16_t m_port = 0;
    bool m_ok = false;
};

/// A listener on 127.0.0.1 (ephemeral port) whose connections are handed, one at a time, to
/// `handler` on a thread of its own; the descriptor is closed after the handler returns. `stop`
/// turns true when the acceptor is being destroyed, for handlers that wait.
class LoopbackAcceptor
{
public:
    using Handler = std::function<void(int fd, const std::atomic<bool>& stop)>;
    LoopbackAcceptor(Handler handler, const char* who);
    ~LoopbackAcceptor();
    LoopbackAcceptor(const LoopbackAcceptor&) = delete;
    LoopbackAcceptor& operator=(const LoopbackAcceptor&) = delete;
    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    Handler m_handler;
    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

/// A server SSL_CTX with a fresh self-signed EC certificate for 127.0.0.1 and localhost (CA:TRUE,
/// so a client can trust it directly). The caller frees the context.
SSL_CTX* makeSelfSignedServerContext(std::string* certificatePem);

/// A server thread that speaks a line-based protocol, plain until "STARTTLS\r\n" (answers "OK\r\n"), then TLS
/// with a self-signed certificate for 127.0.0.1/localhost: echoes what it reads, except "TRUNCATE", which it
/// answers with half a TLS record before ending the TCP connection without close_notify.
class StartTlsServer
{
public:
    StartTlsServer();
    ~StartTlsServer();
    StartTlsServer(const StartTlsServer&) = delete;
    StartTlsServer& operator=(const StartTlsServer&) = delete;
    [[nodiscard]] std::uint16_t port() const;
    [[nodiscard]] const std::string& certificatePem() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace poolscope::test
