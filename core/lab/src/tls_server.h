#pragma once
// Server-side TLS: one SSL_CTX per TLS behaviour, and a non-blocking per-connection session.

#include "certificates.h"
#include "poolscope/result.h"
#include "stream_io.h"

#include <memory>
#include <openssl/ssl.h>

namespace poolscope::lab::detail {

enum class TlsProfile
{
    Modern,   ///< TLS 1.2 and 1.3
    Tls12Max, ///< TLS 1.2 only
    Legacy,   ///< TLS 1.0 and 1.1 only, security level 0
};

struct SslCtxDeleter
{
    void operator()(SSL_CTX* p) const noexcept { SSL_CTX_free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;

/// A server context presenting `identity`, with session caching and tickets so clients resume.
/// `requireClientFrom` non-null: every client must present a certificate that `requireClientFrom`
/// (a CA) signed, or the handshake fails.
[[nodiscard]] Result<SslCtxPtr> makeServerContext(TlsProfile profile, const KeyAndCert& identity,
                                                  X509* requireClientFrom = nullptr);

class TlsSession
{
public:
    /// Null if OpenSSL cannot allocate the session.
    [[nodiscard]] static std::unique_ptr<TlsSession> accept(SSL_CTX* ctx, int fd);
    ~TlsSession();
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    [[nodiscard]] IoStatus handshake();
    [[nodiscard]] IoResult read(char* data, std::size_t size);
    [[nodiscard]] IoResult write(const char* data, std::size_t size);
    /// Best effort close_notify, once; never blocks. A cleanly shut down session stays in the
    /// server's cache for resumption, an abandoned one is dropped.
    void sendCloseNotify();
    [[nodiscard]] bool resumed() const;

private:
    explicit TlsSession(SSL* ssl) : m_ssl(ssl) {}
    [[nodiscard]] IoStatus classify(int ret);
    SSL* m_ssl;
    bool m_failed = false; ///< a fatal error happened: OpenSSL forbids SSL_shutdown afterwards
};

} // namespace poolscope::lab::detail
