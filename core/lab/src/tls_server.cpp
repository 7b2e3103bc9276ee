#include "tls_server.h"

#include "poolscope/connection_pool.h"
#include "sockets.h"

#include <array>
#include <openssl/err.h>
#include <string>
#include <string_view>

namespace poolscope::lab::detail {

namespace {

constexpr std::array<unsigned char, 9> kAlpnHttp11 = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

int selectAlpn(SSL* /*ssl*/, const unsigned char** out, unsigned char* outLength, const unsigned char* in,
               unsigned int inLength, void* /*arg*/)
{
    // SSL_select_next_proto only reads through `out`'s pointee; its signature predates const.
    if (SSL_select_next_proto(const_cast<unsigned char**>(out), outLength, kAlpnHttp11.data(),
                              static_cast<unsigned int>(kAlpnHttp11.size()), in,
                              inLength) == OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_OK;
    return SSL_TLSEXT_ERR_NOACK; // a client offering only h2 still gets plain HTTP/1.1 bytes
}

Error contextError(std::string_view step)
{
    std::string message = "lab: building a TLS server context failed at ";
    message += step;
    message += ": ";
    message += takeOpenSslErrors();
    return makeError(ErrorCode::SocketError, std::move(message));
}

} // namespace

Result<SslCtxPtr> makeServerContext(TlsProfile profile, const KeyAndCert& identity, X509* requireClientFrom)
{
    prepareTlsLibrary();
    ERR_clear_error();
    SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx)
        return contextError("SSL_CTX_new");

    int minVersion = TLS1_2_VERSION;
    int maxVersion = 0; // 0: the highest the library supports
    if (profile == TlsProfile::Tls12Max) {
        maxVersion = TLS1_2_VERSION;
    } else if (profile == TlsProfile::Legacy) {
        minVersion = TLS1_VERSION;
        maxVersion = TLS1_1_VERSION;
        // TLS 1.0/1.1 sign with SHA-1, which security level 1 and above forbid.
        SSL_CTX_set_security_level(ctx.get(), 0);
        if (SSL_CTX_set_cipher_list(ctx.get(), "DEFAULT:@SECLEVEL=0") != 1)
            return contextError("legacy cipher list");
    }
    if (SSL_CTX_set_min_proto_version(ctx.get(), minVersion) != 1 ||
        SSL_CTX_set_max_proto_version(ctx.get(), maxVersion) != 1)
        return contextError("protocol versions");

    if (SSL_CTX_use_certificate(ctx.get(), identity.cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(ctx.get(), identity.key.get()) != 1 ||
        SSL_CTX_check_private_key(ctx.get()) != 1)
        return contextError("certificate and key");

    if (requireClientFrom) {
        // Only the lab CA is trusted for clients, and it is also named in the CertificateRequest.
        if (X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), requireClientFrom) != 1 ||
            SSL_CTX_add_client_CA(ctx.get(), requireClientFrom) != 1)
            return contextError("client CA");
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }

    // Clients (pools above all) often close idle connections without close_notify. Treating
    // that as a clean end keeps their sessions resumable instead of a fatal "unexpected EOF".
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                       SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Partial writes let one connection's big response interleave with others; releasing idle
    // buffers keeps a thousand quiet connections cheap.
    SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                    SSL_MODE_RELEASE_BUFFERS);
    // Resumption (session IDs for TLS 1.2, tickets for both) is what pools lean on; the lab
    // keeps it on so a pool's resumed/full handshake counters have something to show.
    SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_SERVER);
    static constexpr std::string_view kSessionContext = "poolscope-lab";
    if (SSL_CTX_set_session_id_context(ctx.get(),
                                       reinterpret_cast<const unsigned char*>(kSessionContext.data()),
                                       static_cast<unsigned int>(kSessionContext.size())) != 1)
        return contextError("session id context");
    SSL_CTX_set_timeout(ctx.get(), 600);
    SSL_CTX_set_alpn_select_cb(ctx.get(), selectAlpn, nullptr);
    return ctx;
}

std::unique_ptr<TlsSession> TlsSession::accept(SSL_CTX* ctx, int fd)
{
    SSL* ssl = SSL_new(ctx);
    if (!ssl)
        return nullptr;
    // SSL_set_fd's socket BIO does not own the descriptor: the connection closes it. (On Windows
    // OpenSSL takes the int back to the SOCKET it stands for, as the engine's layer does.)
    if (SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return nullptr;
    }
    SSL_set_accept_state(ssl);
    return std::unique_ptr<TlsSession>(new TlsSession(ssl));
}

TlsSession::~TlsSession()
{
    SSL_free(m_ssl);
}

IoStatus TlsSession::classify(int ret)
{
    // OpenSSL's socket BIO leaves a failed call's error in errno on POSIX but in WSAGetLastError()
    // on Windows; read before anything else can overwrite it.
    const int socketError = sys::lastSocketError();
    const int error = SSL_get_error(m_ssl, ret);
    ERR_clear_error(); // the loop thread's queue must not carry one connection's error to the next
    switch (error) {
    case SSL_ERROR_WANT_READ:
        return IoStatus::WantRead;
    case SSL_ERROR_WANT_WRITE:
        return IoStatus::WantWrite;
    case SSL_ERROR_ZERO_RETURN:
        return IoStatus::Eof;
    case SSL_ERROR_SYSCALL:
        m_failed = true;
        return socketError == 0 ? IoStatus::Eof : IoStatus::Error;
    default:
        m_failed = true;
        return IoStatus::Error;
    }
}

IoStatus TlsSession::handshake()
{
    ERR_clear_error();
    const int ret = SSL_do_handshake(m_ssl);
    return ret == 1 ? IoStatus::Done : classify(ret);
}

IoResult TlsSession::read(char* data, std::size_t size)
{
    ERR_clear_error();
    std::size_t n = 0;
    const int ret = SSL_read_ex(m_ssl, data, size, &n);
    if (ret == 1)
        return {IoStatus::Done, n};
    return {classify(ret), 0};
}

IoResult TlsSession::write(const char* data, std::size_t size)
{
    ERR_clear_error();
    std::size_t n = 0;
    const int ret = SSL_write_ex(m_ssl, data, size, &n);
    if (ret == 1)
        return {IoStatus::Done, n};
    return {classify(ret), 0};
}

void TlsSession::sendCloseNotify()
{
    // A session that failed mid-handshake or hit a fatal error must not send close_notify.
    if (m_failed || !SSL_is_init_finished(m_ssl) || (SSL_get_shutdown(m_ssl) & SSL_SENT_SHUTDOWN) != 0)
        return;
    ERR_clear_error();
    SSL_shutdown(m_ssl);
    ERR_clear_error();
}

bool TlsSession::resumed() const
{
    return SSL_session_reused(m_ssl) == 1;
}

} // namespace poolscope::lab::detail
