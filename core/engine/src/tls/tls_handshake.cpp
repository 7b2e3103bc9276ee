#include "net/connector.h"
#include "net/platform/socket_api.h"
#include "net/resolver.h"
#include "tls/tls_client.h"
#include "tls/tls_internal.h"

#include <cerrno>
#include <ctime>
#include <new>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace poolscope::detail {

namespace {

using tls_internal::ConnectionState;

bool setServerNameIndication(SSL* ssl, const std::string& name) noexcept
{
    // The OpenSSL macro casts the name to void* C-style; the cast is OpenSSL's, not ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
    return SSL_set_tlsext_host_name(ssl, name.c_str()) == 1;
#pragma GCC diagnostic pop
}

/// "localhost:443" / "[::1]:443": the dialled name with the port the socket is connected to.
std::string describeTarget(const std::string& host, int fd)
{
    const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    const std::uint16_t port = sys::peerPort(fd);
    return port == 0 ? name : name + ":" + std::to_string(port);
}

std::string reasonText(unsigned long err)
{
    if (const char* reason = ERR_reason_error_string(err))
        return reason;
    char buf[256] = {};
    ERR_error_string_n(err, buf, sizeof buf);
    return buf;
}

std::string alertSuffix(const ConnectionState* state, const std::string& already)
{
    if (!state || state->lastAlert.empty() || already.find(state->lastAlert) != std::string::npos)
        return {};
    return std::string(state->lastAlertSent ? " (alert sent: " : " (alert received: ") + state->lastAlert +
           ")";
}

Error handshakeFailure(SSL* ssl, int sslError, int sysError, const std::string& target, bool verifyPeer)
{
    ConnectionState* state = tls_internal::connectionState(ssl);
    const std::string prefix = "TLS handshake with " + target + " failed: ";
    const unsigned long queued = ERR_peek_error();
    ERR_clear_error();

    Error e;
    e.phase = DialPhase::Handshake;
    e.tlsAlert = state ? state->lastAlert : std::string();

    // A system error may arrive as errno (SSL_ERROR_SYSCALL) or as an ERR_LIB_SYS queue entry.
    int err = sslError == SSL_ERROR_SYSCALL ? sysError : 0;
    if (err == 0 && queued != 0 && ERR_GET_LIB(queued) == ERR_LIB_SYS)
        err = ERR_GET_REASON(queued);
    if (err != 0) {
        const ErrorCode code = errorCodeFromErrno(err);
        e.code = code == ErrorCode::ConnectionReset ? code : ErrorCode::HandshakeFailed;
        e.systemError = err;
        e.message = prefix + sys::errorText(err);
        return e;
    }

    e.code = ErrorCode::HandshakeFailed;
    const bool peerClosed =
        sslError == SSL_ERROR_ZERO_RETURN || (sslError == SSL_ERROR_SYSCALL && queued == 0) ||
        (ERR_GET_LIB(queued) == ERR_LIB_SSL && ERR_GET_REASON(queued) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
    if (peerClosed) {
        e.message = prefix + "connection closed by peer during TLS handshake";
        return e;
    }

    std::string detail = queued != 0 ? reasonText(queued) : std::string("protocol error");
    const long verifyResult = SSL_get_verify_result(ssl);
    if (verifyPeer && verifyResult != X509_V_OK) {
        e.tlsVerifyResult = verifyResult;
        detail += std::string(": ") + X509_verify_cert_error_string(verifyResult);
        if (state) {
            e.certificateProblems = std::move(state->problems);
            state->problems.clear();
            if (e.certificateProblems.size() > 1)
                detail += " (and " + std::to_string(e.certificateProblems.size() - 1) + " more problem" +
                          (e.certificateProblems.size() > 2 ? "s" : "") + ")";
        }
    }
    e.message = prefix + detail + alertSuffix(state, detail);
    return e;
}

std::string nameText(const X509_NAME* name)
{
    if (!name)
        return {};
    const UniqueBio bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_ONELINE) < 0)
        return {};
    std::string out(BIO_ctrl_pending(bio.get()), '\0');
    const int n = BIO_read(bio.get(), out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

std::chrono::system_clock::time_point asnTimeToTimePoint(const ASN1_TIME* time) noexcept
{
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    // UTC broken-down time to a time point without timegm(), which the Windows C library lacks.
    using namespace std::chrono;
    const year_month_day date{year{tm.tm_year + 1900}, month{static_cast<unsigned>(tm.tm_mon + 1)},
                              day{static_cast<unsigned>(tm.tm_mday)}};
    return sys_days{date} + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec};
}

TlsDetails collectDetails(SSL* ssl, const std::string& sniName, bool verifyPeer, ConnectionState* state)
{
    TlsDetails d;
    d.version = SSL_get_version(ssl);
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl))
        d.cipher = SSL_CIPHER_get_name(cipher);
    const unsigned char* alpn = nullptr;
    unsigned alpnLength = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpnLength);
    if (alpn)
        d.alpn.assign(reinterpret_cast<const char*>(alpn), alpnLength);
    d.serverName = sniName;
    d.resumed = SSL_session_reused(ssl) == 1;
    const long verifyResult = SSL_get_verify_result(ssl);
    if (state) {
        d.acceptedProblems = std::move(state->acceptedProblems);
        state->acceptedProblems.clear();
    }
    d.verified = verifyPeer && verifyResult == X509_V_OK && d.acceptedProblems.empty();
    if (verifyPeer && verifyResult == X509_V_OK)
        d.verifyResult = "ok";
    else if (verifyPeer)
        // Only an accepted problem lets a verifying dial succeed with a result other than ok (a
        // resumed session carries the result its first handshake had).
        d.verifyResult =
            std::string("accepted by tls.acceptedErrors: ") + X509_verify_cert_error_string(verifyResult);
    else
        // OpenSSL still checks the chain; say what it found, but never call it verified.
        d.verifyResult = std::string("not verified (verifyPeer is off); chain check: ") +
                         (verifyResult == X509_V_OK ? "ok" : X509_verify_cert_error_string(verifyResult));
    if (const X509* peer = SSL_get0_peer_certificate(ssl)) {
        d.peerSubject = nameText(X509_get_subject_name(peer));
        d.peerIssuer = nameText(X509_get_issuer_name(peer));
        d.peerNotAfter = asnTimeToTimePoint(X509_get0_notAfter(peer));
    }
    return d;
}

Error setupError(const std::string& target, const std::string& what)
{
    const unsigned long queued = ERR_peek_error();
    ERR_clear_error();
    const ErrorCode code = ERR_GET_REASON(queued) == ERR_R_MALLOC_FAILURE ? ErrorCode::OutOfResources
                                                                          : ErrorCode::HandshakeFailed;
    return makeError(code,
                     "TLS handshake with " + target + " failed: " + what +
                         (queued ? ": " + reasonText(queued) : std::string()),
                     DialPhase::Handshake);
}

/// Removes the message callback when the handshake call ends: the SSL lives on in the pool, where
/// later reads (TLS 1.3 tickets) must not write to a transcript that is gone.
struct CaptureGuard
{
    SSL* ssl = nullptr;
    ConnectionState* state = nullptr;
    CaptureGuard() = default;
    CaptureGuard(const CaptureGuard&) = delete;
    CaptureGuard& operator=(const CaptureGuard&) = delete;
    ~CaptureGuard()
    {
        if (!ssl)
            return;
        SSL_set_msg_callback(ssl, nullptr);
        SSL_set_msg_callback_arg(ssl, nullptr);
        state->capture = nullptr;
    }
};

Result<HandshakeResult> handshake(const TlsClientContext& context, int fd, const std::string& host,
                                  SSL_SESSION* resume, SessionSink sink, const DialControl& control,
                                  HandshakeTranscript* capture)
{
    const TlsOptions& options = context.options();
    const std::string name = options.serverName.empty() ? host : options.serverName;
    const std::string target = describeTarget(host, fd);
    ERR_clear_error();

    UniqueSsl ssl(SSL_new(context.get()));
    if (!ssl)
        return setupError(target, "SSL_new");
    const int stateIndex = tls_internal::connectionStateIndex();
    auto state = std::make_unique<ConnectionState>();
    state->sink = std::move(sink);
    if (stateIndex < 0 || SSL_set_ex_data(ssl.get(), stateIndex, state.get()) != 1)
        return setupError(target, "per-connection state");
    ConnectionState* const attached = state.release(); // freed with the SSL by the ex_data free callback
    if (options.verifyPeer && !options.acceptedErrors.empty())
        attached->accepted = &options.acceptedErrors;
    CaptureGuard captureGuard;
    if (capture) {
        // Only when asked: with capture off no callback is installed, so OpenSSL never calls out.
        attached->capture = capture;
        attached->captureStart = Clock::now();
        SSL_set_msg_callback(ssl.get(), &tls_internal::onMessage);
        SSL_set_msg_callback_arg(ssl.get(), attached);
        captureGuard.ssl = ssl.get();
        captureGuard.state = attached;
    }

    BIO* bio = tls_internal::newSocketBio(fd);
    if (!bio)
        return setupError(target, "socket BIO");
    SSL_set_bio(ssl.get(), bio, bio); // one reference, owned by the SSL from here on

    const bool literal = isIpLiteral(name);
    const std::string sniName = literal ? std::string() : name;
    // RFC 6066 §3 forbids IP literals in SNI.
    if (!literal && !setServerNameIndication(ssl.get(), name))
        return setupError(target, "server name '" + name + "' rejected");
    if (options.verifyPeer && options.verifyHostName) {
        bool ok = false;
        if (literal) {
            // Scoped IPv6 literals carry an interface; certificates hold only the address.
            const std::string ip = name.substr(0, name.find('%'));
            ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), ip.c_str()) == 1;
        } else {
            SSL_set_hostflags(ssl.get(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            ok = SSL_set1_host(ssl.get(), name.c_str()) == 1;
        }
        if (!ok)
            return setupError(target, "verification name '" + name + "' rejected");
    }
    if (resume && SSL_set_session(ssl.get(), resume) != 1)
        ERR_clear_error(); // an unusable session only costs a full handshake

    const std::string what = "TLS handshake with " + target;
    for (;;) {
        ERR_clear_error();
        errno = 0;
        const int rc = SSL_connect(ssl.get());
        if (rc == 1)
            break;
        const int sysError = errno;
        const int sslError = SSL_get_error(ssl.get(), rc);
        short events = 0;
        if (sslError == SSL_ERROR_WANT_READ)
            events = sys::kPollIn;
        else if (sslError == SSL_ERROR_WANT_WRITE)
            events = sys::kPollOut;
        else
            return handshakeFailure(ssl.get(), sslError, sysError, target, options.verifyPeer);

        for (;;) {
            if (Error e = control.check(DialPhase::Handshake, what); !e.ok())
                return e;
            sys::PollEntry entry{fd, events, 0};
            const int ready = sys::poll(&entry, 1, control.pollSliceMs());
            if (ready > 0)
                break;
            if (ready < 0 && -ready != EINTR) {
                const int err = -ready;
                return makeError(ErrorCode::SocketError, what + " failed: poll: " + sys::errorText(err),
                                 DialPhase::Handshake, err);
            }
        }
    }
    ERR_clear_error();
    HandshakeResult result;
    attached->accepted = nullptr;
    result.details = collectDetails(ssl.get(), sniName, options.verifyPeer, attached);
    result.ssl = std::move(ssl);
    return result;
}

} // namespace

Result<HandshakeResult> clientHandshake(const TlsClientContext& context, int fd, const std::string& host,
                                        SSL_SESSION* resume, SessionSink sink, const DialControl& control,
                                        HandshakeTranscript* capture)
{
    try {
        return handshake(context, fd, host, resume, std::move(sink), control, capture);
    } catch (const std::bad_alloc&) {
        ERR_clear_error();
        return makeError(ErrorCode::OutOfResources, "TLS handshake: out of memory", DialPhase::Handshake,
                         ENOMEM);
    }
}

void sendCloseNotify(SSL* ssl, int fd) noexcept
{
    if (!ssl)
        return;
    // Never wait for the peer: a full send buffer or a dead peer must not stall a close.
    if (fd != sys::kInvalidSocket)
        (void)sys::setNonBlocking(fd, true);
    (void)SSL_shutdown(ssl);
    ERR_clear_error();
}

} // namespace poolscope::detail
