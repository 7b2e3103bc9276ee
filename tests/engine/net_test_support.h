#pragma once
// Loopback servers and a throw-away PKI for tst_engine_net: the engine's own socket layer
// (net/platform) and OpenSSL, no Qt and no dependency on the Lab library, so the engine's network
// layer is tested on its own.

#include "net/resolver.h"
#include "net/unique_fd.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <semaphore>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace poolscope::test {

struct PkeyDeleter
{
    void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
struct X509Deleter
{
    void operator()(X509* c) const noexcept { X509_free(c); }
};
struct SslCtxDeleter
{
    void operator()(SSL_CTX* c) const noexcept { SSL_CTX_free(c); }
};
using UniquePkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using UniqueX509 = std::unique_ptr<X509, X509Deleter>;
using UniqueSslCtx = std::unique_ptr<SSL_CTX, SslCtxDeleter>;

/// A CA and leaves signed by it, all EC P-256, generated in memory.
struct TestPki
{
    UniquePkey caKey;
    UniqueX509 ca;
    UniquePkey leafKey;
    UniqueX509 leaf;      ///< CN=localhost, SAN localhost / 127.0.0.1 / ::1, valid now + 1 day
    UniqueX509 expired;   ///< same names, expired yesterday
    UniqueX509 wrongHost; ///< SAN wrong.example only
    std::string caPem;
    std::chrono::system_clock::time_point created;

    /// Empty on success, else what failed.
    [[nodiscard]] std::string generate();
};

/// A server context presenting `cert`. maxVersion 0 = no cap. Selects "http/1.1" if offered.
[[nodiscard]] UniqueSslCtx makeServerContext(X509* cert, EVP_PKEY* key, int maxVersion = 0);

/// The native AF_INET and AF_INET6 values (they differ between platforms), for the family
/// arguments below and for comparing with SocketAddress::family().
inline const int kAfInet = detail::SocketAddress::loopback(false, 0).family();
inline const int kAfInet6 = detail::SocketAddress::loopback(true, 0).family();

[[nodiscard]] detail::SocketAddress loopback(int family, std::uint16_t port);
[[nodiscard]] std::uint16_t portOf(const detail::SocketAddress& address);

/// A listening socket nobody accepts from: the kernel completes connects, then nothing happens.
[[nodiscard]] detail::UniqueFd silentListener(int family, std::uint16_t& port);
/// A bound socket that does not listen: connects to its port are refused.
[[nodiscard]] detail::UniqueFd refusingSocket(int family, std::uint16_t& port);
/// A loopback address whose connects hang: a listener with a full accept queue drops SYNs.
/// Returns false where the network stack does not behave that way.
[[nodiscard]] bool makeHangingAddress(detail::UniqueFd& listener, std::vector<detail::UniqueFd>& fillers,
                                      detail::SocketAddress& out);
[[nodiscard]] bool pollReadable(int fd, int timeoutMs);

/// Waits (in 20 ms slices, bounded by `limit` and the stop token) for `fd` to become readable.
bool waitReadable(int fd, const std::stop_token& stop,
                  std::chrono::milliseconds limit = std::chrono::seconds(10));
/// Acquires `sem` in slices so a stopping server thread never hangs on it.
bool waitFor(std::binary_semaphore& sem, const std::stop_token& stop,
             std::chrono::milliseconds limit = std::chrono::seconds(10));
/// Reads (TLS) until the peer closes, resets, or the stop token fires.
void drainUntilClosed(SSL* ssl, int fd, const std::stop_token& stop);
/// Reads (plain) until the peer closes, resets, or the stop token fires.
void drainUntilClosed(int fd, const std::stop_token& stop);
/// Sets SO_LINGER {1, 0} so the following close sends a reset.
void resetOnClose(int fd);

/// A TCP listener on loopback whose thread accepts `connections` connections one after another
/// and runs `handler` on each (blocking socket, 5 s I/O timeouts). Joined on destruction.
class LoopbackServer
{
public:
    using Handler = std::function<void(int fd, const std::stop_token& stop)>;
    explicit LoopbackServer(Handler handler, int family = kAfInet, int connections = 1);
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    [[nodiscard]] bool ok() const { return m_listen.valid(); }
    [[nodiscard]] std::uint16_t port() const { return m_port; }
    [[nodiscard]] detail::SocketAddress address() const { return loopback(m_family, m_port); }

private:
    int m_family;
    detail::UniqueFd m_listen;
    std::uint16_t m_port = 0;
    std::jthread m_thread; // last: joined before the descriptor it uses is closed
};

/// Wraps a per-connection TLS handler: SSL_accept on the accepted socket, then `after`
/// (default: drain until the client closes). Counts completed handshakes.
[[nodiscard]] LoopbackServer::Handler
tlsHandler(SSL_CTX* ctx, std::atomic<int>* handshakes,
           std::function<void(SSL*, int, const std::stop_token&)> after = {});

/// A tiny UDP DNS responder: A/AAAA from `zone` (NODATA for the other type), NXDOMAIN for any
/// other name; or, when silent, never answering. `onQuery` runs on its thread for every query.
class DnsServer
{
public:
    struct Records
    {
        std::vector<std::array<unsigned char, 4>> a;
        std::vector<std::array<unsigned char, 16>> aaaa;
        int rcode = 0; ///< non-zero: answer every query for the name with this RCODE (2 = SERVFAIL)
    };
    DnsServer(std::map<std::string, Records> zone, bool silent, std::function<void()> onQuery = {},
              int family = kAfInet);
    ~DnsServer();
    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

    [[nodiscard]] bool ok() const { return m_socket.valid(); }
    [[nodiscard]] std::string server() const; ///< "127.0.0.1:port" / "[::1]:port"
    [[nodiscard]] int queries() const { return m_queries.load(); }

private:
    void serve(const std::stop_token& stop);

    std::map<std::string, Records> m_zone;
    bool m_silent;
    std::function<void()> m_onQuery;
    int m_family;
    detail::UniqueFd m_socket;
    std::uint16_t m_port = 0;
    std::atomic<int> m_queries{0};
    std::jthread m_thread;
};

} // namespace poolscope::test
