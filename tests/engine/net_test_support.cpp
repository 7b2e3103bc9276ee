#include "net_test_support.h"

#include "test_platform.h"

#include <cctype>
#include <cstring>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace poolscope::test {

using Clock = std::chrono::steady_clock;
namespace sys = detail::sys;

namespace {

UniquePkey makeEcKey()
{
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1)
        return nullptr;
    return UniquePkey(key);
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value)
{
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/// Issuer null = self-signed CA. Validity is [now + notBefore, now + notAfter] seconds.
UniqueX509 makeCert(const char* cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey, long notBefore,
                    long notAfter, const char* subjectAltName)
{
    static long serial = 1;
    UniqueX509 cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
        ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++) != 1 ||
        !X509_gmtime_adj(X509_getm_notBefore(cert.get()), notBefore) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), notAfter) || X509_set_pubkey(cert.get(), key) != 1)
        return nullptr;
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1,
                                   -1, 0) != 1 ||
        X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name) != 1)
        return nullptr;
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    bool ok = addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    if (!issuer) {
        ok = ok && addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE") &&
             addExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        ok = ok && addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
             addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
             addExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth") &&
             addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always") &&
             addExtension(cert.get(), &ctx, NID_subject_alt_name, subjectAltName);
    }
    if (!ok || X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return nullptr;
    return cert;
}

int selectHttp11(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                 unsigned inlen, void*)
{
    static const unsigned char ours[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    if (SSL_select_next_proto(const_cast<unsigned char**>(out), outlen, ours, sizeof ours, in, inlen) ==
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_OK;
    return SSL_TLSEXT_ERR_NOACK;
}

bool pollFor(int fd, short events, int timeoutMs)
{
    sys::PollEntry entry{fd, events, 0};
    return sys::poll(&entry, 1, timeoutMs) > 0;
}

/// Non-blocking, bound to the loopback address of `family` on an ephemeral port.
detail::UniqueFd boundSocket(int family, sys::SocketType type)
{
    int err = 0;
    detail::UniqueFd fd(sys::openSocket(family, type, err));
    if (!fd.valid() || sys::bind(fd.get(), loopback(family, 0)) != 0)
        return {};
    return fd;
}

} // namespace

std::string TestPki::generate()
{
    created = std::chrono::system_clock::now();
    caKey = makeEcKey();
    leafKey = makeEcKey();
    if (!caKey || !leafKey)
        return "EC key generation failed";
    constexpr long day = 86400;
    ca = makeCert("PoolScope Test CA", caKey.get(), nullptr, caKey.get(), -day, 30 * day, nullptr);
    if (!ca)
        return "CA certificate failed";
    const char* names = "DNS:localhost,IP:127.0.0.1,IP:::1";
    leaf = makeCert("localhost", leafKey.get(), ca.get(), caKey.get(), -3600, day, names);
    expired = makeCert("localhost", leafKey.get(), ca.get(), caKey.get(), -2 * day, -day, names);
    wrongHost =
        makeCert("wrong.example", leafKey.get(), ca.get(), caKey.get(), -3600, day, "DNS:wrong.example");
    if (!leaf || !expired || !wrongHost)
        return "leaf certificate failed";
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || PEM_write_bio_X509(bio.get(), ca.get()) != 1)
        return "PEM export failed";
    caPem.assign(BIO_ctrl_pending(bio.get()), '\0');
    if (BIO_read(bio.get(), caPem.data(), static_cast<int>(caPem.size())) != static_cast<int>(caPem.size()))
        return "PEM read-back failed";
    return {};
}

UniqueSslCtx makeServerContext(X509* cert, EVP_PKEY* key, int maxVersion)
{
    UniqueSslCtx ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx || SSL_CTX_use_certificate(ctx.get(), cert) != 1 ||
        SSL_CTX_use_PrivateKey(ctx.get(), key) != 1 ||
        SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1)
        return nullptr;
    if (maxVersion != 0 && SSL_CTX_set_max_proto_version(ctx.get(), maxVersion) != 1)
        return nullptr;
    SSL_CTX_set_alpn_select_cb(ctx.get(), &selectHttp11, nullptr);
    return ctx;
}

detail::SocketAddress loopback(int family, std::uint16_t port)
{
    return detail::SocketAddress::loopback(family == kAfInet6, port);
}

std::uint16_t portOf(const detail::SocketAddress& address)
{
    return address.port();
}

detail::UniqueFd silentListener(int family, std::uint16_t& port)
{
    detail::UniqueFd fd = boundSocket(family, sys::SocketType::Stream);
    if (!fd.valid() || !listenWithBacklog(fd.get(), 16))
        return {};
    port = sys::localPort(fd.get());
    return fd;
}

detail::UniqueFd refusingSocket(int family, std::uint16_t& port)
{
    detail::UniqueFd fd = boundSocket(family, sys::SocketType::Stream);
    if (fd.valid())
        port = sys::localPort(fd.get());
    return fd;
}

bool makeHangingAddress(detail::UniqueFd& listener, std::vector<detail::UniqueFd>& fillers,
                        detail::SocketAddress& out)
{
    listener = boundSocket(kAfInet, sys::SocketType::Stream);
    if (!listener.valid() || !listenWithBacklog(listener.get(), 0))
        return false;
    out = loopback(kAfInet, sys::localPort(listener.get()));
    // Linux (and Wine, which runs on it) queues backlog + 1 connections and then drops SYNs; the
    // first connect that stays pending proves the queue is full. Windows refuses them instead.
    for (int i = 0; i < 8; ++i) {
        int err = 0;
        detail::UniqueFd c(sys::openTcp(kAfInet, err));
        if (!c.valid())
            return false;
        (void)sys::connect(c.get(), out);
        const bool ready = pollFor(c.get(), sys::kPollOut, 200);
        fillers.push_back(std::move(c));
        if (!ready)
            return true;
    }
    return false;
}

bool pollReadable(int fd, int timeoutMs)
{
    return pollFor(fd, sys::kPollIn, timeoutMs);
}

bool waitReadable(int fd, const std::stop_token& stop, std::chrono::milliseconds limit)
{
    const auto end = Clock::now() + limit;
    while (!stop.stop_requested() && Clock::now() < end) {
        if (pollFor(fd, sys::kPollIn, 20))
            return true;
    }
    return false;
}

bool waitFor(std::binary_semaphore& sem, const std::stop_token& stop, std::chrono::milliseconds limit)
{
    const auto end = Clock::now() + limit;
    while (!stop.stop_requested() && Clock::now() < end) {
        if (sem.try_acquire_for(std::chrono::milliseconds(20)))
            return true;
    }
    return false;
}

void drainUntilClosed(SSL* ssl, int fd, const std::stop_token& stop)
{
    char buf[256];
    while (waitReadable(fd, stop)) {
        if (SSL_read(ssl, buf, sizeof buf) <= 0)
            break;
    }
    ERR_clear_error();
}

void drainUntilClosed(int fd, const std::stop_token& stop)
{
    char buf[256];
    while (waitReadable(fd, stop)) {
        if (sys::recv(fd, buf, sizeof buf) <= 0)
            break;
    }
}

void resetOnClose(int fd)
{
    (void)setResetOnClose(fd);
}

LoopbackServer::LoopbackServer(Handler handler, int family, int connections)
    : m_family(family), m_listen(boundSocket(family, sys::SocketType::Stream))
{
    if (!m_listen.valid() || !listenWithBacklog(m_listen.get(), 16)) {
        m_listen.reset();
        return;
    }
    m_port = sys::localPort(m_listen.get());
    m_thread = std::jthread([this, handler = std::move(handler), connections](const std::stop_token& stop) {
        // Server threads write to clients that the tests reset on purpose: on POSIX the SIGPIPE
        // stays pending on this thread instead of reaching the test's own handler.
        sys::prepareServerThread("loopback server");
        const auto end = Clock::now() + std::chrono::seconds(30);
        for (int served = 0; served < connections && !stop.stop_requested() && Clock::now() < end;) {
            if (!pollFor(m_listen.get(), sys::kPollIn, 20))
                continue;
            int err = 0;
            detail::UniqueFd client(sys::accept(m_listen.get(), err));
            if (!client.valid())
                continue;
            // Handlers do blocking I/O (OpenSSL's socket BIO included), each call bounded.
            if (sys::setNonBlocking(client.get(), false) != 0 || !setIoTimeouts(client.get(), 5000))
                continue;
            handler(client.get(), stop);
            ++served;
        }
    });
}

LoopbackServer::~LoopbackServer()
{
    m_thread.request_stop();
    if (m_thread.joinable())
        m_thread.join();
}

LoopbackServer::Handler tlsHandler(SSL_CTX* ctx, std::atomic<int>* handshakes,
                                   std::function<void(SSL*, int, const std::stop_token&)> after)
{
    return [ctx, handshakes, after = std::move(after)](int fd, const std::stop_token& stop) {
        std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx), &SSL_free);
        if (ssl && SSL_set_fd(ssl.get(), fd) == 1 && SSL_accept(ssl.get()) == 1) {
            if (handshakes)
                ++*handshakes;
            if (after)
                after(ssl.get(), fd, stop);
            else
                drainUntilClosed(ssl.get(), fd, stop);
        }
        ERR_clear_error();
    };
}

DnsServer::DnsServer(std::map<std::string, Records> zone, bool silent, std::function<void()> onQuery,
                     int family)
    : m_zone(std::move(zone)), m_silent(silent), m_onQuery(std::move(onQuery)), m_family(family),
      m_socket(boundSocket(family, sys::SocketType::Datagram))
{
    if (!m_socket.valid())
        return;
    m_port = sys::localPort(m_socket.get());
    m_thread = std::jthread([this](const std::stop_token& stop) { serve(stop); });
}

DnsServer::~DnsServer()
{
    m_thread.request_stop();
    if (m_thread.joinable())
        m_thread.join();
}

std::string DnsServer::server() const
{
    return (m_family == kAfInet6 ? std::string("[::1]:") : std::string("127.0.0.1:")) +
           std::to_string(m_port);
}

void DnsServer::serve(const std::stop_token& stop)
{
    const auto end = Clock::now() + std::chrono::seconds(30);
    while (!stop.stop_requested() && Clock::now() < end) {
        if (!pollFor(m_socket.get(), sys::kPollIn, 20))
            continue;
        unsigned char query[512];
        detail::SocketAddress from;
        const sys::IoResult n = sys::recvFrom(m_socket.get(), query, sizeof query, from);
        if (n < 12)
            continue;
        ++m_queries;
        if (m_onQuery)
            m_onQuery();
        if (m_silent)
            continue;
        const auto length = static_cast<std::size_t>(n);
        // Question: labels up to the root label, then QTYPE and QCLASS.
        std::string name;
        std::size_t pos = 12;
        while (pos < length && query[pos] != 0 && (query[pos] & 0xc0) == 0) {
            const std::size_t label = query[pos];
            for (std::size_t i = 1; i <= label && pos + i < length; ++i)
                name += static_cast<char>(std::tolower(query[pos + i]));
            name += '.';
            pos += label + 1;
        }
        if (pos + 5 > length)
            continue;
        if (!name.empty())
            name.pop_back();
        const int qtype = (query[pos + 1] << 8) | query[pos + 2];
        const std::size_t questionEnd = pos + 5;

        std::vector<unsigned char> reply(query, query + questionEnd);
        reply[2] = static_cast<unsigned char>(0x80 | (query[2] & 0x01)); // QR, copy RD
        reply[3] = 0x80;                                                 // RA, NOERROR
        reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
        const auto found = m_zone.find(name);
        if (found == m_zone.end()) {
            reply[3] = 0x83; // NXDOMAIN
        } else if (found->second.rcode != 0) {
            reply[3] = static_cast<unsigned char>(0x80 | (found->second.rcode & 0x0f));
        } else {
            std::vector<std::vector<unsigned char>> rdata;
            if (qtype == 1)
                for (const auto& a : found->second.a)
                    rdata.emplace_back(a.begin(), a.end());
            if (qtype == 28)
                for (const auto& a : found->second.aaaa)
                    rdata.emplace_back(a.begin(), a.end());
            reply[7] = static_cast<unsigned char>(rdata.size());
            for (const auto& r : rdata) {
                const unsigned char head[] = {0xc0, 0x0c, 0, static_cast<unsigned char>(qtype),   0, 1, 0, 0,
                                              0,    60,   0, static_cast<unsigned char>(r.size())};
                reply.insert(reply.end(), std::begin(head), std::end(head));
                reply.insert(reply.end(), r.begin(), r.end());
            }
        }
        (void)sys::sendTo(m_socket.get(), reply.data(), reply.size(), from);
    }
}

} // namespace poolscope::test
