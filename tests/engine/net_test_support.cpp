#include "net_test_support.h"

#include <arpa/inet.h>
#include <cctype>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

namespace poolscope::test {

using Clock = std::chrono::steady_clock;

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

void blockSigpipe()
{
    // Server threads write to clients that the tests reset on purpose; the resulting SIGPIPE
    // stays pending on this thread instead of reaching the test's own handler.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::uint16_t boundPort(int fd)
{
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0)
        return 0;
    return portOf(detail::SocketAddress::fromNative(&addr, length));
}

detail::UniqueFd boundSocket(int family, int type)
{
    detail::UniqueFd fd(::socket(family, type | SOCK_CLOEXEC, 0));
    const detail::SocketAddress any = loopback(family, 0);
    if (!fd.valid() || ::bind(fd.get(), static_cast<const sockaddr*>(any.get()), any.length) != 0)
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
    detail::SocketAddress a;
    if (family == AF_INET6) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
        v6->sin6_family = AF_INET6;
        v6->sin6_addr = in6addr_loopback;
        v6->sin6_port = htons(port);
        a.length = sizeof(sockaddr_in6);
    } else {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
        v4->sin_family = AF_INET;
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        v4->sin_port = htons(port);
        a.length = sizeof(sockaddr_in);
    }
    return a;
}

std::uint16_t portOf(const detail::SocketAddress& address)
{
    if (address.family() == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address.storage)->sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address.storage)->sin_port);
}

detail::UniqueFd silentListener(int family, std::uint16_t& port)
{
    detail::UniqueFd fd = boundSocket(family, SOCK_STREAM);
    if (!fd.valid() || ::listen(fd.get(), 16) != 0)
        return {};
    port = boundPort(fd.get());
    return fd;
}

detail::UniqueFd refusingSocket(int family, std::uint16_t& port)
{
    detail::UniqueFd fd = boundSocket(family, SOCK_STREAM);
    if (fd.valid())
        port = boundPort(fd.get());
    return fd;
}

bool makeHangingAddress(detail::UniqueFd& listener, std::vector<detail::UniqueFd>& fillers,
                        detail::SocketAddress& out)
{
    listener = boundSocket(AF_INET, SOCK_STREAM);
    if (!listener.valid() || ::listen(listener.get(), 0) != 0)
        return false;
    out = loopback(AF_INET, boundPort(listener.get()));
    // Linux queues backlog + 1 connections and then drops SYNs; the first connect that stays
    // pending proves the queue is full.
    for (int i = 0; i < 8; ++i) {
        detail::UniqueFd c(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (!c.valid())
            return false;
        (void)::connect(c.get(), static_cast<const sockaddr*>(out.get()), out.length);
        pollfd p{c.get(), POLLOUT, 0};
        const int ready = ::poll(&p, 1, 200);
        fillers.push_back(std::move(c));
        if (ready == 0)
            return true;
    }
    return false;
}

bool pollReadable(int fd, int timeoutMs)
{
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeoutMs) > 0;
}

bool isNonBlocking(int fd)
{
    return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0;
}

bool waitReadable(int fd, const std::stop_token& stop, std::chrono::milliseconds limit)
{
    const auto end = Clock::now() + limit;
    while (!stop.stop_requested() && Clock::now() < end) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) > 0)
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
        if (::recv(fd, buf, sizeof buf, 0) <= 0)
            break;
    }
}

void resetOnClose(int fd)
{
    const linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

LoopbackServer::LoopbackServer(Handler handler, int family, int connections)
    : m_family(family), m_listen(boundSocket(family, SOCK_STREAM))
{
    if (!m_listen.valid() || ::listen(m_listen.get(), 16) != 0) {
        m_listen.reset();
        return;
    }
    m_port = boundPort(m_listen.get());
    m_thread = std::jthread([this, handler = std::move(handler), connections](const std::stop_token& stop) {
        blockSigpipe();
        const auto end = Clock::now() + std::chrono::seconds(30);
        for (int served = 0; served < connections && !stop.stop_requested() && Clock::now() < end;) {
            pollfd p{m_listen.get(), POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0)
                continue;
            detail::UniqueFd client(::accept4(m_listen.get(), nullptr, nullptr, SOCK_CLOEXEC));
            if (!client.valid())
                continue;
            const timeval io{5, 0};
            ::setsockopt(client.get(), SOL_SOCKET, SO_RCVTIMEO, &io, sizeof io);
            ::setsockopt(client.get(), SOL_SOCKET, SO_SNDTIMEO, &io, sizeof io);
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
      m_socket(boundSocket(family, SOCK_DGRAM))
{
    if (!m_socket.valid())
        return;
    m_port = boundPort(m_socket.get());
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
    return (m_family == AF_INET6 ? std::string("[::1]:") : std::string("127.0.0.1:")) +
           std::to_string(m_port);
}

void DnsServer::serve(const std::stop_token& stop)
{
    const auto end = Clock::now() + std::chrono::seconds(30);
    while (!stop.stop_requested() && Clock::now() < end) {
        pollfd p{m_socket.get(), POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0)
            continue;
        unsigned char query[512];
        sockaddr_storage from{};
        socklen_t fromLength = sizeof from;
        const ssize_t n = ::recvfrom(m_socket.get(), query, sizeof query, 0,
                                     reinterpret_cast<sockaddr*>(&from), &fromLength);
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
        ::sendto(m_socket.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from),
                 fromLength);
    }
}

} // namespace poolscope::test
