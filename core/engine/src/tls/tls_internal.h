#pragma once
// Pieces shared by the TLS translation units: per-connection state kept in SSL ex_data, and the
// socket BIO every client SSL uses.

#include "poolscope/handshake.h"
#include "tls/tls_client.h"

#include <openssl/bio.h>
#include <string>
#include <vector>

namespace poolscope::detail::tls_internal {

/// Lives exactly as long as its SSL (freed by the ex_data free callback inside SSL_free). Only the
/// thread currently driving the SSL touches it, so it needs no lock.
struct ConnectionState
{
    SessionSink sink;
    std::string lastAlert; ///< SSL_alert_desc_string_long() of the last alert, read or written
    bool lastAlertSent = false;
    /// Where the message callback records the handshake (owned by clientHandshake's caller);
    /// null when capture is off, and reset before clientHandshake returns.
    HandshakeTranscript* capture = nullptr;
    Clock::time_point captureStart{};
    /// The dial's TlsOptions::acceptedErrors (owned by the context, which outlives the handshake);
    /// null when nothing is accepted.
    const std::vector<AcceptedCertificateError>* accepted = nullptr;
    std::vector<CertificateProblem> problems;         ///< verification problems nobody accepted
    std::vector<CertificateProblem> acceptedProblems; ///< problems acceptedErrors accepted
};

/// SSL_CTX_set_verify's callback: records each problem (with its certificate) in the
/// ConnectionState, split into accepted and not, and lets verification go on to find the rest.
int onVerify(int preverifyOk, X509_STORE_CTX* store);

/// SSL_CTX_set_cert_verify_callback's callback: runs the whole verification, then fails it (the
/// verify result naming the first problem) unless every problem found was accepted.
int onVerifyChain(X509_STORE_CTX* store, void* arg);

/// The certificate's DER bytes; empty if OpenSSL cannot encode it.
[[nodiscard]] std::string certificateDer(X509* cert);
/// SHA-256 of the certificate's DER, lower-case hex; empty on failure.
[[nodiscard]] std::string sha256Hex(const X509* cert);

/// InvalidArgument in phase Validate with `message`, OpenSSL's error queue cleared (a bad option
/// must not leave errors behind for the next call on this thread to misread).
[[nodiscard]] Error invalidTlsOption(std::string message);

/// TlsOptions::validate() without the client identity: ALPN (each name and the whole list),
/// the version range and acceptedErrors. Cheap; the context loader runs it and then
/// useClientIdentity() with its context, so the PEM is parsed once.
[[nodiscard]] Error checkTlsOptionValues(const TlsOptions& options);

/// Reads the client certificate chain and key (both empty: nothing to do) and checks that they
/// belong together; with `ctx` non-null also installs them. InvalidArgument naming the field.
[[nodiscard]] Error useClientIdentity(SSL_CTX* ctx, const std::string& certificatePem,
                                      const std::string& keyPem);

/// SSL_set_msg_callback's callback: appends handshake messages, ChangeCipherSpec and alerts to
/// the ConnectionState passed as `arg` (its `capture`), at most HandshakeTranscript::kMaxMessages.
void onMessage(int writeP, int version, int contentType, const void* buf, std::size_t len, SSL* ssl,
               void* arg);

/// The SSL ex_data index holding a ConnectionState*, or -1 if OpenSSL could not allocate one.
[[nodiscard]] int connectionStateIndex() noexcept;

/// The state attached to `ssl`, or null (SSLs not made by clientHandshake have none).
[[nodiscard]] ConnectionState* connectionState(const SSL* ssl) noexcept;

/// A socket BIO over `fd` (not owned, never closed by the BIO) that sends with MSG_NOSIGNAL:
/// OpenSSL's own socket BIO uses write(), so a close_notify or SSL_write to a peer that reset
/// the connection would raise SIGPIPE and kill an application that did not ignore it.
/// Returns null on allocation failure.
[[nodiscard]] BIO* newSocketBio(int fd) noexcept;

} // namespace poolscope::detail::tls_internal
