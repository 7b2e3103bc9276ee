#include "engine_test_support.h"

#include "net/platform/socket_api.h"
#include "test_platform.h"

#include <QtGlobal>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <string_view>
#include <thread>

namespace poolscope::test {

namespace sys = detail::sys;
using detail::SocketAddress;

namespace {

/// The test servers here may open sockets before any pool or lab does (WSAStartup on Windows):
/// held until exit, like the sockets' users.
void socketsReady()
{
    static const sys::Runtime runtime;
}

/// A TCP socket bound to 127.0.0.1 on an ephemeral port (non-blocking), or kInvalidSocket.
int boundLoopbackSocket()
{
    socketsReady();
    const SocketAddress any = SocketAddress::loopback(false, 0);
    int err = 0;
    const int s = sys::openSocket(any.family(), sys::SocketType::Stream, err);
    if (s != sys::kInvalidSocket && sys::bind(s, any) != 0) {
        sys::close(s);
        return sys::kInvalidSocket;
    }
    return s;
}

bool pollFor(int s, short events, int timeoutMs)
{
    sys::PollEntry entry{s, events, 0};
    return sys::poll(&entry, 1, timeoutMs) > 0;
}

} // namespace

lab::Lab& sharedLab()
{
    static std::unique_ptr<lab::Lab> lab = [] {
        auto started = lab::Lab::start();
        if (!started)
            qFatal("lab failed to start: %s", started.error().message.c_str());
        return std::move(started).value();
    }();
    return *lab;
}

PoolParams loopbackParams()
{
    PoolParams params;
    params.dnsServers = {sharedLab().dnsServer()};
    return params;
}

ConnectionPool makePool(PoolParams params)
{
    auto pool = ConnectionPool::create(std::move(params));
    if (!pool)
        qFatal("pool: %s", pool.error().message.c_str());
    return std::move(pool).value();
}

DialRequest labRequest(lab::ServerKind kind, std::chrono::milliseconds timeout)
{
    const auto& server = sharedLab().server(kind);
    DialRequest request;
    request.host = server.host;
    request.port = server.port;
    request.tls = server.tls;
    request.timeout = timeout;
    if (server.tls) {
        request.overrideTls = true;
        request.tlsOptions = sharedLab().trustingTls();
    }
    return request;
}

std::string httpGet(PooledConnection& connection, const std::string& path, std::string* error,
                    const std::string& host, std::chrono::milliseconds timeout)
{
    const auto fail = [&](const std::string& why) {
        if (error)
            *error = why;
        return std::string{};
    };
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    if (auto sent = connection.writeAll(request, timeout); !sent)
        return fail(sent.error().message);
    std::string response;
    char buffer[16384];
    std::size_t bodyStart = std::string::npos;
    std::size_t contentLength = 0;
    // Bounded: at most 1 MiB and `timeout` per read.
    while (response.size() < (1u << 20)) {
        auto n = connection.readSome(buffer, sizeof buffer, timeout);
        if (!n)
            return fail(n.error().message);
        if (n.value() == 0)
            return fail("connection closed before the response was complete");
        response.append(buffer, n.value());
        if (bodyStart == std::string::npos) {
            const auto end = response.find("\r\n\r\n");
            if (end == std::string::npos)
                continue;
            bodyStart = end + 4;
            const auto header = response.find("Content-Length:");
            if (header != std::string::npos && header < end)
                contentLength = std::stoul(response.substr(header + 15));
        }
        if (response.size() >= bodyStart + contentLength)
            return response;
    }
    return fail("response too large");
}

std::uint16_t localPortOf(int fd)
{
    return sys::localPort(fd);
}

// --- CancelOnEvent -----------------------------------------------------------------------------

EventsOfKind::EventsOfKind(EventKind kind) : m_kept(std::make_shared<Kept>())
{
    m_kept->kind = kind;
}

void EventsOfKind::install(ConnectionPool& pool)
{
    pool.setEventCallback([kept = m_kept](const PoolEvent& e) {
        if (e.kind != kept->kind)
            return;
        const std::lock_guard lock(kept->mutex);
        kept->events.push_back(e);
    });
}

std::vector<PoolEvent> EventsOfKind::events() const
{
    const std::lock_guard lock(m_kept->mutex);
    return m_kept->events;
}

std::optional<PoolEvent> EventsOfKind::of(ConnectionId id) const
{
    const std::lock_guard lock(m_kept->mutex);
    for (const PoolEvent& e : m_kept->events) {
        if (e.id == id)
            return e;
    }
    return std::nullopt;
}

struct CancelOnEvent::Impl
{
    ConnectionPool* pool = nullptr;
    std::mutex mutex;
    std::condition_variable wake;
    bool triggered = false;
    bool done = false;
    std::atomic<bool> fired{false};
    std::chrono::steady_clock::time_point cancelledAt{};
    std::thread thread;
};

CancelOnEvent::CancelOnEvent(ConnectionPool& pool, EventKind trigger, std::function<void()> cancel)
    : d(std::make_unique<Impl>())
{
    Impl* impl = d.get();
    impl->pool = &pool;
    pool.setEventCallback([impl, trigger](const PoolEvent& event) {
        if (event.kind != trigger)
            return;
        std::lock_guard lock(impl->mutex);
        impl->triggered = true;
        impl->wake.notify_all();
    });
    d->thread = std::thread([impl, cancel = std::move(cancel)] {
        std::unique_lock lock(impl->mutex);
        if (!impl->wake.wait_for(lock, std::chrono::seconds(10),
                                 [impl] { return impl->triggered || impl->done; }))
            return;
        if (impl->done)
            return;
        impl->cancelledAt = std::chrono::steady_clock::now();
        cancel();
        impl->fired = true;
    });
}

CancelOnEvent::~CancelOnEvent()
{
    d->pool->setEventCallback({}); // the callback points at this object
    {
        std::lock_guard lock(d->mutex);
        d->done = true;
        d->wake.notify_all();
    }
    d->thread.join();
}

bool CancelOnEvent::fired() const
{
    return d->fired.load();
}

long long CancelOnEvent::elapsedSinceCancelMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 d->cancelledAt)
        .count();
}

// --- StuckListener -----------------------------------------------------------------------------

StuckListener::StuckListener()
{
    m_listener = boundLoopbackSocket();
    if (m_listener == sys::kInvalidSocket || !listenWithBacklog(m_listener, 0))
        return;
    m_port = sys::localPort(m_listener);
    const SocketAddress address = SocketAddress::loopback(false, m_port);
    // Fill the accept queue; once full, Linux (and Wine, which runs on it) drops further SYNs and
    // connects hang. Windows refuses them instead: never ok() there.
    for (int& filler : m_fillers) {
        int err = 0;
        filler = sys::openTcp(address.family(), err);
        if (filler == sys::kInvalidSocket)
            return;
        if (sys::connect(filler, address) == 0)
            continue;
        if (!pollFor(filler, sys::kPollOut, 100)) {
            m_ok = true; // this one is stuck: the queue is full
            return;
        }
    }
}

StuckListener::~StuckListener()
{
    for (int fd : m_fillers) {
        if (fd != sys::kInvalidSocket)
            sys::close(fd);
    }
    if (m_listener != sys::kInvalidSocket)
        sys::close(m_listener);
}

// --- test certificates ---------------------------------------------------------------------------

SSL_CTX* makeSelfSignedServerContext(std::string* certificatePem)
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("poolscope test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_set_pubkey(cert, key);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    for (const char* ext :
         {"basicConstraints=critical,CA:TRUE", "subjectAltName=IP:127.0.0.1,DNS:localhost"}) {
        const char* eq = std::strchr(ext, '=');
        const std::string extName(ext, eq);
        X509_EXTENSION* e = X509V3_EXT_conf(nullptr, &v3, extName.c_str(), eq + 1);
        X509_add_ext(cert, e, -1);
        X509_EXTENSION_free(e);
    }
    X509_sign(cert, key, EVP_sha256());
    if (certificatePem) {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(bio, cert);
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        certificatePem->assign(data, static_cast<std::size_t>(size));
        BIO_free(bio);
    }
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx, cert);
    SSL_CTX_use_PrivateKey(ctx, key);
    X509_free(cert);
    EVP_PKEY_free(key);
    return ctx;
}

// --- LoopbackAcceptor --------------------------------------------------------------------------

LoopbackAcceptor::LoopbackAcceptor(Handler handler, const char* who) : m_handler(std::move(handler))
{
    m_listener = boundLoopbackSocket();
    if (m_listener == sys::kInvalidSocket || sys::listen(m_listener) != 0)
        qFatal("%s: cannot listen on 127.0.0.1", who);
    m_port = sys::localPort(m_listener);
    m_thread = std::thread([this] {
        while (!m_stop.load()) {
            if (!pollFor(m_listener, sys::kPollIn, 20))
                continue;
            int err = 0;
            const int fd = sys::accept(m_listener, err);
            if (fd == sys::kInvalidSocket)
                continue;
            // The handlers (and OpenSSL's socket BIO under them) expect blocking I/O.
            (void)sys::setNonBlocking(fd, false);
            m_handler(fd, m_stop);
            sys::close(fd);
        }
    });
}

LoopbackAcceptor::~LoopbackAcceptor()
{
    m_stop = true;
    m_thread.join();
    sys::close(m_listener);
}

// --- StartTlsServer ----------------------------------------------------------------------------

struct StartTlsServer::Impl
{
    std::string certPem;
    SSL_CTX* ctx = nullptr;
    std::unique_ptr<LoopbackAcceptor> acceptor;

    static bool readLine(int fd, std::string& line)
    {
        line.clear();
        char c = 0;
        while (line.size() < 256) {
            if (!pollFor(fd, sys::kPollIn, 5000) || sys::recv(fd, &c, 1) != 1)
                return false;
            line.push_back(c);
            if (line.size() >= 2 && line.compare(line.size() - 2, 2, "\r\n") == 0)
                return true;
        }
        return false;
    }

    void serve(int fd)
    {
        std::string line;
        while (readLine(fd, line)) {
            if (line == "PING\r\n") {
                (void)sys::send(fd, "PONG\r\n", 6);
            } else if (line == "STARTTLS\r\n") {
                (void)sys::send(fd, "OK\r\n", 4);
                SSL* ssl = SSL_new(ctx);
                SSL_set_fd(ssl, fd);
                if (SSL_accept(ssl) == 1) {
                    char buf[256];
                    int n = 0;
                    while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) {
                        if (std::string_view(buf, static_cast<std::size_t>(n)) == "TRUNCATE") {
                            // Half a TLS record (header promises 64 bytes, 8 follow), then the TCP
                            // connection ends without close_notify: a truncation attack's shape.
                            const unsigned char partial[] = {0x17, 0x03, 0x03, 0x00, 0x40, 1, 2,
                                                             3,    4,    5,    6,    7,    8};
                            (void)sys::send(fd, partial, sizeof partial);
                            sys::shutdown(fd, sys::Shutdown::Both);
                            break;
                        }
                        SSL_write(ssl, buf, n);
                    }
                }
                SSL_free(ssl);
                ERR_clear_error();
                return;
            } else {
                return;
            }
        }
    }
};

StartTlsServer::StartTlsServer() : d(std::make_unique<Impl>())
{
    d->ctx = makeSelfSignedServerContext(&d->certPem);
    d->acceptor = std::make_unique<LoopbackAcceptor>(
        [this](int fd, const std::atomic<bool>&) { d->serve(fd); }, "StartTlsServer");
}

StartTlsServer::~StartTlsServer()
{
    d->acceptor.reset(); // joins the thread before the context goes
    SSL_CTX_free(d->ctx);
}

std::uint16_t StartTlsServer::port() const
{
    return d->acceptor->port();
}
const std::string& StartTlsServer::certificatePem() const
{
    return d->certPem;
}

} // namespace poolscope::test
