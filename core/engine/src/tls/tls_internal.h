#pragma once
// Pieces shared by the TLS translation units: per-connection state kept in SSL ex_data, and the
// socket BIO every client SSL uses.

#include "poolscope/handshake.h"
#include "tls/tls_client.h"

#include <openssl/bio.h>
#include <string>

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
};

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
