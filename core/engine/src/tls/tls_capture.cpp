// Handshake capture: OpenSSL's message callback, installed per SSL only while
// ConnectionPool::setHandshakeCapture(true) is on, records what went over the wire.
#include "tls/tls_internal.h"

#include <algorithm>
#include <cstdint>

namespace poolscope::detail::tls_internal {

void onMessage(int writeP, int version, int contentType, const void* buf, std::size_t len, SSL* /*ssl*/,
               void* arg)
{
    auto* state = static_cast<ConnectionState*>(arg);
    if (!state || !state->capture || !buf)
        return;
    // Record headers (SSL3_RT_HEADER) and TLS 1.3 inner content types (SSL3_RT_INNER_CONTENT_TYPE)
    // are pseudo-messages of the record layer, not messages: only these three are shown.
    if (contentType != SSL3_RT_HANDSHAKE && contentType != SSL3_RT_ALERT &&
        contentType != SSL3_RT_CHANGE_CIPHER_SPEC)
        return;
    HandshakeTranscript& transcript = *state->capture;
    if (transcript.messages.size() >= HandshakeTranscript::kMaxMessages) {
        transcript.truncated = true;
        return;
    }
    const auto* bytes = static_cast<const unsigned char*>(buf);
    HandshakeMessage m;
    m.direction = writeP ? HandshakeDirection::Sent : HandshakeDirection::Received;
    m.contentType = static_cast<TlsContentType>(contentType);
    m.version = static_cast<std::uint16_t>(version);
    m.size = static_cast<std::uint32_t>(std::min<std::size_t>(len, UINT32_MAX));
    m.offsetUs =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - state->captureStart).count();
    if (contentType == SSL3_RT_HANDSHAKE) {
        if (len < 1)
            return;
        m.type = static_cast<HandshakeType>(bytes[0]);
    } else if (contentType == SSL3_RT_ALERT) {
        if (len < 2)
            return;
        m.alertLevel = bytes[0];
        m.alertDescription = bytes[1];
    }
    try {
        transcript.messages.push_back(m);
    } catch (...) {
        // Called from OpenSSL (C): out of memory only loses a line of the transcript.
        transcript.truncated = true;
    }
}

} // namespace poolscope::detail::tls_internal
