// Keep-alive throughput: PoolScope (lease, write, read, return on every request) against the
// floor (one raw OpenSSL SSL* / one raw socket), libcurl and QNAM (keepalive_curl_qnam.cpp).
#include "keepalive_clients.h"

#include "poolscope/connection_pool.h"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <functional>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

namespace poolscope::bench {

int tcpConnect(const std::string& host, std::uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
        return -1;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int one = 1;
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = -1;
    do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

SSL_CTX* newLabClientContext(const std::string& caPem)
{
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return nullptr;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    BIO* bio = BIO_new_mem_buf(caPem.data(), static_cast<int>(caPem.size()));
    bool added = false;
    while (X509* cert = bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr) {
        added = X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), cert) == 1 || added;
        X509_free(cert);
    }
    ERR_clear_error();
    BIO_free(bio);
    if (!added) {
        SSL_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

bool ResponseReader::feed(const char* data, std::size_t size)
{
    m_buffer.append(data, size);
    if (m_total == 0) {
        const auto headEnd = m_buffer.find("\r\n\r\n");
        if (headEnd == std::string::npos)
            return false;
        std::size_t length = 0;
        std::string head = m_buffer.substr(0, headEnd);
        for (char& c : head)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto field = head.find("\r\ncontent-length:");
        if (field != std::string::npos)
            length = std::strtoul(head.c_str() + field + 17, nullptr, 10);
        m_total = headEnd + 4 + length;
    }
    return m_buffer.size() >= m_total;
}

namespace {

constexpr auto kIoTimeout = std::chrono::milliseconds(5000);

// ---- PoolScope ---------------------------------------------------------------------------------

class PoolScopeClient final : public KeepAliveClient
{
public:
    PoolScopeClient(const LabEndpoints& lab, bool tls, bool capture)
        : m_lab(lab), m_tls(tls), m_capture(capture)
    {
    }

    bool setup(std::string& error) override
    {
        PoolParams params;
        params.tls = m_lab.trustingTls();
        params.maxKeepAlive = std::chrono::minutes(10);
        auto pool = ConnectionPool::create(params);
        if (!pool) {
            error = pool.error().message;
            return false;
        }
        m_pool.emplace(std::move(pool).value());
        m_pool->setHandshakeCapture(m_capture);
        m_request.host = m_lab.host;
        m_request.port = m_tls ? m_lab.https : m_lab.http;
        m_request.tls = m_tls;
        m_request.timeout = std::chrono::seconds(10);
        return !std::isnan(run(20, error));
    }

    double run(int requests, std::string& error) override
    {
        char buffer[4096];
        ResponseReader reader;
        const auto start = BenchClock::now();
        for (int i = 0; i < requests; ++i) {
            auto lease = m_pool->dial(m_request); // reuses the idle connection after its check
            if (!lease) {
                error = lease.error().message;
                return kNotMeasured;
            }
            if (auto written = lease->writeAll(kGetRequest, kIoTimeout); !written) {
                error = written.error().message;
                return kNotMeasured;
            }
            reader.reset();
            bool complete = false;
            while (!complete) {
                auto got = lease->readSome(buffer, sizeof buffer, kIoTimeout);
                if (!got || got.value() == 0) {
                    error = got ? std::string("server closed the connection") : got.error().message;
                    return kNotMeasured;
                }
                complete = reader.feed(buffer, got.value());
            }
            if (!reader.ok()) {
                error = "unexpected response";
                return kNotMeasured;
            }
            // ~PooledConnection returns it (with the check on return).
        }
        const double us = nsSince(start) / 1000.0 / requests;
        if (m_pool->stats().connectsSucceeded != 1) {
            error = "the pool dialled more than one connection";
            return kNotMeasured;
        }
        return us;
    }

private:
    const LabEndpoints& m_lab;
    bool m_tls;
    bool m_capture;
    std::optional<ConnectionPool> m_pool;
    DialRequest m_request;
};

// ---- raw: one blocking socket, one SSL* (the floor) ---------------------------------------------

struct SslCtxDeleter
{
    void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
};
struct SslDeleter
{
    void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
};

class RawClient final : public KeepAliveClient
{
public:
    RawClient(const LabEndpoints& lab, bool tls) : m_lab(lab), m_tls(tls) {}
    ~RawClient() override
    {
        m_ssl.reset();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool setup(std::string& error) override
    {
        m_fd = tcpConnect(m_lab.host, m_tls ? m_lab.https : m_lab.http);
        if (m_fd < 0) {
            error = "connect failed";
            return false;
        }
        if (m_tls) {
            m_ctx.reset(newLabClientContext(m_lab.caPem));
            if (!m_ctx) {
                error = "SSL_CTX setup failed";
                return false;
            }
            m_ssl.reset(SSL_new(m_ctx.get()));
            if (!m_ssl || SSL_set_fd(m_ssl.get(), m_fd) != 1 ||
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl.get()), m_lab.host.c_str()) != 1 ||
                SSL_connect(m_ssl.get()) != 1) {
                error = "TLS handshake failed";
                ERR_clear_error();
                return false;
            }
        }
        return !std::isnan(run(20, error));
    }

    double run(int requests, std::string& error) override
    {
        char buffer[4096];
        ResponseReader reader;
        const auto start = BenchClock::now();
        for (int i = 0; i < requests; ++i) {
            if (!writeRequest()) {
                error = "write failed";
                return kNotMeasured;
            }
            reader.reset();
            bool complete = false;
            while (!complete) {
                const long n = m_tls ? SSL_read(m_ssl.get(), buffer, sizeof buffer)
                                     : static_cast<long>(::recv(m_fd, buffer, sizeof buffer, 0));
                if (n <= 0) {
                    error = "read failed";
                    return kNotMeasured;
                }
                complete = reader.feed(buffer, static_cast<std::size_t>(n));
            }
            if (!reader.ok()) {
                error = "unexpected response";
                return kNotMeasured;
            }
        }
        return nsSince(start) / 1000.0 / requests;
    }

private:
    bool writeRequest()
    {
        if (m_tls)
            return SSL_write(m_ssl.get(), kGetRequest.data(), static_cast<int>(kGetRequest.size())) ==
                   static_cast<int>(kGetRequest.size());
        return ::send(m_fd, kGetRequest.data(), kGetRequest.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(kGetRequest.size());
    }

    const LabEndpoints& m_lab;
    bool m_tls;
    int m_fd = -1;
    std::unique_ptr<SSL_CTX, SslCtxDeleter> m_ctx;
    std::unique_ptr<SSL, SslDeleter> m_ssl;
};

} // namespace

std::unique_ptr<KeepAliveClient> makePoolScopeClient(const LabEndpoints& lab, bool tls, bool capture)
{
    return std::make_unique<PoolScopeClient>(lab, tls, capture);
}

std::unique_ptr<KeepAliveClient> makeRawClient(const LabEndpoints& lab, bool tls)
{
    return std::make_unique<RawClient>(lab, tls);
}

void runKeepAlive(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    const int requests = run.quick ? 100 : 200; // per round
    const int rounds = run.quick ? 4 : 10;
    for (const bool tls : {true, false}) {
        const char* protocol = tls ? "https" : "http";
        ClientFigures& figures = tls ? results.https : results.http;
        struct Entry
        {
            const char* name;
            std::unique_ptr<KeepAliveClient> client;
            double* figure;
            bool ready = false;
        };
        Entry entries[] = {
            {"raw", makeRawClient(lab, tls), &figures.rawOpenssl},
            {"poolscope", makePoolScopeClient(lab, tls), &figures.poolscope},
            {"poolscope+capture", makePoolScopeClient(lab, tls, true), &figures.poolscopeCapture},
            {"libcurl", makeCurlClient(lab, tls), &figures.libcurl},
            {"qnam", makeQnamClient(lab, tls), &figures.qnam},
        };
        std::vector<std::function<double()>> variants;
        for (Entry& e : entries) {
            std::string error;
            e.ready = e.client->setup(error);
            if (!e.ready)
                results.notes.push_back(std::string(protocol) + " " + e.name + ": setup failed: " + error);
            variants.emplace_back([&e, &results, protocol, requests] {
                if (!e.ready)
                    return kNotMeasured;
                std::string why;
                const double us = e.client->run(requests, why);
                if (std::isnan(us))
                    results.notes.push_back(std::string(protocol) + " " + e.name + ": " + why);
                return us;
            });
        }
        // Interleaved short rounds: every client sees the same drift in the machine's load.
        const std::vector<double> m = interleavedMedians(run.repetitions, rounds, variants);
        for (std::size_t i = 0; i < std::size(entries); ++i)
            *entries[i].figure = m[i];
        progress("  %s keep-alive (us/request): raw %.1f, poolscope %.1f, libcurl %.1f, qnam %.1f, poolscope "
                 "with capture on %.1f (%.2fx)",
                 protocol, figures.rawOpenssl, figures.poolscope, figures.libcurl, figures.qnam,
                 figures.poolscopeCapture, figures.poolscopeCapture / figures.poolscope);
    }
}

} // namespace poolscope::bench
