#pragma once
// Client-side TLS on an already connected socket: one context per TLS option set, handshakes with
// deadline/cancel, session resumption, and errors that say why (verify result, alert).

#include "net/dial_control.h"
#include "poolscope/handshake.h"
#include "poolscope/pool_params.h"
#include "poolscope/pool_types.h"
#include "poolscope/result.h"
#include "tls/openssl_handles.h"

#include <functional>
#include <memory>
#include <openssl/ssl.h>
#include <string>

namespace poolscope::detail {

/// Receives sessions worth resuming. TLS 1.3 tickets arrive after the handshake (on a later read),
/// so this may be called from whichever thread reads the connection; it must be thread-safe.
using SessionSink = std::function<void(UniqueSslSession)>;

/// An SSL_CTX configured from TlsOptions: TLS >= 1.2, system trust store (SSL_CERT_FILE /
/// SSL_CERT_DIR honoured) plus extraCaPem, verification per options, ALPN, client session cache
/// delivered through the per-connection SessionSink.
class TlsClientContext
{
public:
    [[nodiscard]] static Result<std::shared_ptr<TlsClientContext>> create(const TlsOptions& options);
    /// A context for `options` shared by every pool of the process: loading a trust store costs tens
    /// of milliseconds (hundreds under sanitizers), so the last few option sets stay loaded.
    /// Thread-safe; creates outside any lock, so it may block for that long.
    [[nodiscard]] static Result<std::shared_ptr<TlsClientContext>> shared(const TlsOptions& options);
    /// The shared context for `options` if it is loaded already; never blocks on a load.
    [[nodiscard]] static std::shared_ptr<TlsClientContext> sharedIfLoaded(const TlsOptions& options);
    ~TlsClientContext();
    TlsClientContext(const TlsClientContext&) = delete;
    TlsClientContext& operator=(const TlsClientContext&) = delete;

    [[nodiscard]] SSL_CTX* get() const noexcept { return m_ctx; }
    [[nodiscard]] const TlsOptions& options() const noexcept { return m_options; }

private:
    TlsClientContext(SSL_CTX* ctx, TlsOptions options) : m_ctx(ctx), m_options(std::move(options)) {}
    SSL_CTX* m_ctx;
    TlsOptions m_options;
};

struct HandshakeResult
{
    UniqueSsl ssl;
    TlsDetails details;
};

/// Runs a client handshake on the non-blocking connected socket `fd` for `host` (SNI for names,
/// never for IP literals; verification against host or options.serverName). `resume` may be null.
/// The socket stays non-blocking. `sink` gets new sessions for later resumption (may be empty).
/// Errors: HandshakeFailed (message includes the verify result text and alert, e.g. "certificate
/// has expired"), TimedOut, Cancelled, ShutDown, ConnectionReset.
/// `capture` non-null turns on recording: OpenSSL's message callback is installed on this SSL
/// only, appends what goes over the wire to *capture (success and failure alike) and is removed
/// before the call returns. Null (capture off): no callback is installed at all.
[[nodiscard]] Result<HandshakeResult> clientHandshake(const TlsClientContext& context, int fd,
                                                      const std::string& host, SSL_SESSION* resume,
                                                      SessionSink sink, const DialControl& control,
                                                      HandshakeTranscript* capture = nullptr);

/// Best-effort close_notify without blocking (the socket is switched to non-blocking first).
void sendCloseNotify(SSL* ssl, int fd) noexcept;

/// Liveness check of an idle TLS connection: processes pending post-handshake records (TLS 1.3
/// tickets) without consuming application data. Returns true if the connection may be reused:
/// no close_notify, no alert, no application data waiting, no socket error.
[[nodiscard]] bool tlsIdleConnectionUsable(SSL* ssl, int fd) noexcept;

/// Why an idle plain socket is not usable (what the wire log records).
enum class IdleVerdict : std::uint8_t
{
    Usable,
    PeerClosed, ///< the peek read end of stream: the peer sent FIN
    PeerReset,  ///< the peek failed with "connection reset": the peer sent RST
    UnreadData, ///< bytes are waiting
    Broken,     ///< poll or recv failed otherwise
};

/// Liveness check of an idle plain socket: false if the peer closed/reset it or bytes are waiting.
/// `why` (optional) says which.
[[nodiscard]] bool plainIdleConnectionUsable(int fd, IdleVerdict* why = nullptr) noexcept;

} // namespace poolscope::detail
