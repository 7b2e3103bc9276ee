#include "lab_test_tls_client.h"

#include <array>
#include <cerrno>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace poolscope::labtest {

namespace {

using Clock = std::chrono::steady_clock;

std::string openSslErrors()
{
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        text += text.empty() ? "" : "; ";
        text += buffer.data();
    }
    return text;
}

} // namespace

std::unique_ptr<TlsChannel> TlsChannel::connect(const std::string& ip, std::uint16_t port,
                                                const TlsClientOptions& options, milliseconds timeout)
{
    std::unique_ptr<TlsChannel> channel(new TlsChannel());
    const auto deadline = Clock::now() + timeout;
    Connected tcp = connectTcp(ip, port, timeout);
    if (!tcp.fd.valid()) {
        channel->m_error = "connect: " + sys::errorText(tcp.error);
        return channel;
    }
    channel->m_fd = std::move(tcp.fd);

    ERR_clear_error();
    channel->m_ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX* ctx = channel->m_ctx;
    if (options.securityLevel0) {
        SSL_CTX_set_security_level(ctx, 0);
        SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    }
    SSL_CTX_set_min_proto_version(ctx, options.minVersion);
    SSL_CTX_set_max_proto_version(ctx, options.maxVersion);
    SSL_CTX_set_verify(ctx, options.verifyPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
    if (!options.caPem.empty()) {
        BIO* bio = BIO_new_mem_buf(options.caPem.data(), static_cast<int>(options.caPem.size()));
        X509_STORE* store = SSL_CTX_get_cert_store(ctx);
        while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
            X509_STORE_add_cert(store, cert);
            X509_free(cert);
        }
        BIO_free(bio);
        ERR_clear_error(); // the PEM loop ends with a "no start line" error by design
    }
    channel->m_ssl = SSL_new(ctx);
    SSL* ssl = channel->m_ssl;
    SSL_set_fd(ssl, channel->m_fd.get());
    if (!options.sni.empty())
        // SSL_set_tlsext_host_name() is a macro with a C cast; this is what it expands to.
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(options.sni.c_str()));
    if (!options.verifyName.empty()) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        if (X509_VERIFY_PARAM_set1_ip_asc(param, options.verifyName.c_str()) != 1) {
            ERR_clear_error();
            SSL_set1_host(ssl, options.verifyName.c_str());
        }
    }
    if (!options.alpn.empty()) {
        std::string wire;
        for (const auto& proto : options.alpn) {
            wire += static_cast<char>(proto.size());
            wire += proto;
        }
        SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned int>(wire.size()));
    }
    if (options.resume)
        SSL_set_session(ssl, options.resume);

    for (;;) {
        ERR_clear_error();
        const int ret = SSL_connect(ssl);
        if (ret == 1) {
            channel->m_ok = true;
            return channel;
        }
        const int err = SSL_get_error(ssl, ret);
        short events = 0;
        if (err == SSL_ERROR_WANT_READ)
            events = sys::kPollIn;
        else if (err == SSL_ERROR_WANT_WRITE)
            events = sys::kPollOut;
        else {
            channel->m_error = "handshake failed (SSL error " + std::to_string(err) + "): " + openSslErrors();
            return channel;
        }
        if (waitFor(channel->m_fd.get(), events, remainingUntil(deadline)) != Wait::Ready) {
            channel->m_error = "handshake timed out";
            return channel;
        }
    }
}

TlsChannel::~TlsChannel()
{
    // Without close_notify OpenSSL marks the session not resumable (truncation protection).
    if (m_ok) {
        ERR_clear_error();
        SSL_shutdown(m_ssl);
        ERR_clear_error();
    }
    SSL_free(m_ssl);
    SSL_CTX_free(m_ctx);
}

long TlsChannel::verifyResult() const
{
    return m_ssl ? SSL_get_verify_result(m_ssl) : -1;
}

int TlsChannel::version() const
{
    return m_ssl ? SSL_version(m_ssl) : 0;
}

bool TlsChannel::resumed() const
{
    return m_ssl && SSL_session_reused(m_ssl) == 1;
}

std::string TlsChannel::alpn() const
{
    const unsigned char* data = nullptr;
    unsigned int length = 0;
    if (m_ssl)
        SSL_get0_alpn_selected(m_ssl, &data, &length);
    return data ? std::string(reinterpret_cast<const char*>(data), length) : std::string();
}

SSL_SESSION* TlsChannel::takeSession() const
{
    return m_ssl ? SSL_get1_session(m_ssl) : nullptr;
}

long TlsChannel::readSome(char* data, std::size_t size, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        ERR_clear_error();
        std::size_t n = 0;
        const int ret = SSL_read_ex(m_ssl, data, size, &n);
        if (ret == 1)
            return static_cast<long>(n);
        // OpenSSL's socket BIO leaves errno on POSIX, WSAGetLastError() on Windows.
        const int socketError = sys::lastSocketError();
        const int err = SSL_get_error(m_ssl, ret);
        if (err == SSL_ERROR_ZERO_RETURN)
            return 0;
        if (err == SSL_ERROR_SYSCALL && socketError == 0)
            return 0;
        short events = 0;
        if (err == SSL_ERROR_WANT_READ)
            events = sys::kPollIn;
        else if (err == SSL_ERROR_WANT_WRITE)
            events = sys::kPollOut;
        else {
            // OpenSSL 3 reports a TCP FIN without close_notify as an SSL error.
            const int reason = ERR_GET_REASON(ERR_peek_error());
            m_lastError = socketError != 0 ? socketError : EPROTO;
            ERR_clear_error();
            return reason == SSL_R_UNEXPECTED_EOF_WHILE_READING ? 0 : -1;
        }
        if (waitFor(m_fd.get(), events, remainingUntil(deadline)) != Wait::Ready) {
            m_lastError = ETIMEDOUT;
            return -1;
        }
    }
}

bool TlsChannel::writeAll(std::string_view data, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        ERR_clear_error();
        std::size_t n = 0;
        const int ret = SSL_write_ex(m_ssl, data.data(), data.size(), &n);
        if (ret == 1) {
            data.remove_prefix(n);
            continue;
        }
        const int err = SSL_get_error(m_ssl, ret);
        const short events = err == SSL_ERROR_WANT_READ    ? short{sys::kPollIn}
                             : err == SSL_ERROR_WANT_WRITE ? short{sys::kPollOut}
                                                           : short{0};
        if (events == 0 || waitFor(m_fd.get(), events, remainingUntil(deadline)) != Wait::Ready) {
            m_lastError = events == 0 ? EPROTO : ETIMEDOUT;
            return false;
        }
    }
    return true;
}

} // namespace poolscope::labtest
