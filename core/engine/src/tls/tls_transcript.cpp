// Names and plain-English explanations of TLS handshake messages and alerts, and what a resumed
// handshake leaves out (poolscope/handshake.h).
#include "poolscope/handshake.h"

#include <algorithm>

namespace poolscope {

const HandshakeMessage* HandshakeTranscript::firstAlert() const noexcept
{
    const auto it = std::find_if(messages.begin(), messages.end(), [](const HandshakeMessage& m) {
        return m.contentType == TlsContentType::Alert;
    });
    return it == messages.end() ? nullptr : &*it;
}

bool HandshakeTranscript::received(HandshakeType type) const noexcept
{
    return std::any_of(messages.begin(), messages.end(), [type](const HandshakeMessage& m) {
        return m.contentType == TlsContentType::Handshake && m.direction == HandshakeDirection::Received &&
               m.type == type;
    });
}

bool HandshakeTranscript::sent(HandshakeType type) const noexcept
{
    return std::any_of(messages.begin(), messages.end(), [type](const HandshakeMessage& m) {
        return m.contentType == TlsContentType::Handshake && m.direction == HandshakeDirection::Sent &&
               m.type == type;
    });
}

std::string_view describe(HandshakeType type) noexcept
{
    switch (type) {
    case HandshakeType::HelloRequest:
        return "HelloRequest";
    case HandshakeType::ClientHello:
        return "ClientHello";
    case HandshakeType::ServerHello:
        return "ServerHello";
    case HandshakeType::NewSessionTicket:
        return "NewSessionTicket";
    case HandshakeType::EndOfEarlyData:
        return "EndOfEarlyData";
    case HandshakeType::EncryptedExtensions:
        return "EncryptedExtensions";
    case HandshakeType::Certificate:
        return "Certificate";
    case HandshakeType::ServerKeyExchange:
        return "ServerKeyExchange";
    case HandshakeType::CertificateRequest:
        return "CertificateRequest";
    case HandshakeType::ServerHelloDone:
        return "ServerHelloDone";
    case HandshakeType::CertificateVerify:
        return "CertificateVerify";
    case HandshakeType::ClientKeyExchange:
        return "ClientKeyExchange";
    case HandshakeType::Finished:
        return "Finished";
    case HandshakeType::CertificateStatus:
        return "CertificateStatus";
    case HandshakeType::KeyUpdate:
        return "KeyUpdate";
    case HandshakeType::MessageHash:
        return "MessageHash";
    }
    return "unknown handshake message";
}

std::string_view explain(HandshakeType type) noexcept
{
    switch (type) {
    case HandshakeType::HelloRequest:
        return "the server asks the client to start a new handshake (TLS 1.2 renegotiation)";
    case HandshakeType::ClientHello:
        return "the client offers TLS versions, ciphers and its key share, and names the server (SNI)";
    case HandshakeType::ServerHello:
        return "the server picks the TLS version and cipher and sends its key share";
    case HandshakeType::NewSessionTicket:
        return "the server hands out a ticket the client can use to resume the session later";
    case HandshakeType::EndOfEarlyData:
        return "the client ends the data it sent before the handshake finished (0-RTT)";
    case HandshakeType::EncryptedExtensions:
        return "the server's remaining choices (e.g. ALPN), the first message already encrypted";
    case HandshakeType::Certificate:
        return "the certificate chain that proves who the sender is";
    case HandshakeType::ServerKeyExchange:
        return "the server's key share for the key exchange, signed with its certificate's key";
    case HandshakeType::CertificateRequest:
        return "the server asks the client for a certificate of its own";
    case HandshakeType::ServerHelloDone:
        return "the server has sent all its hello messages; the client's turn";
    case HandshakeType::CertificateVerify:
        return "a signature over the handshake so far, proving the sender holds the certificate's key";
    case HandshakeType::ClientKeyExchange:
        return "the client's key share; both sides can now compute the session keys";
    case HandshakeType::Finished:
        return "a checksum of the whole handshake under the new keys: nothing was tampered with";
    case HandshakeType::CertificateStatus:
        return "the server staples an OCSP answer saying its certificate is not revoked";
    case HandshakeType::KeyUpdate:
        return "the sender switches to fresh traffic keys";
    case HandshakeType::MessageHash:
        return "stands in for the first ClientHello after a HelloRetryRequest";
    }
    return "a handshake message this program does not know";
}

std::string_view describe(TlsContentType type) noexcept
{
    switch (type) {
    case TlsContentType::ChangeCipherSpec:
        return "change cipher spec";
    case TlsContentType::Alert:
        return "alert";
    case TlsContentType::Handshake:
        return "handshake";
    }
    return "unknown";
}

namespace {

struct AlertText
{
    std::uint8_t code;
    std::string_view name;
    std::string_view explanation;
};

constexpr AlertText kAlerts[] = {
    {0, "close_notify", "the sender will send nothing more on this connection"},
    {10, "unexpected_message", "a message arrived that does not fit at this point of the protocol"},
    {20, "bad_record_mac", "a record failed its integrity check"},
    {22, "record_overflow", "a record was longer than TLS allows"},
    {40, "handshake_failure", "the two sides found no parameters (version, cipher, group) they share"},
    {42, "bad_certificate", "the certificate was corrupt or its signature did not verify"},
    {43, "unsupported_certificate", "the certificate is of a type the receiver does not support"},
    {44, "certificate_revoked", "the certificate was revoked by its issuer"},
    {45, "certificate_expired", "the certificate has expired or is not valid yet"},
    {46, "certificate_unknown", "the certificate was rejected for another reason (often the host name)"},
    {47, "illegal_parameter", "a field in a message was out of range or inconsistent"},
    {48, "unknown_ca", "the certificate chain ends at a CA the receiver does not trust"},
    {49, "access_denied", "the certificate is valid, but the receiver refuses access"},
    {50, "decode_error", "a message could not be parsed"},
    {51, "decrypt_error", "a signature or the Finished checksum did not verify"},
    {70, "protocol_version", "the peer offered only TLS versions the receiver refuses"},
    {71, "insufficient_security", "the peer's ciphers are weaker than the receiver requires"},
    {80, "internal_error", "the sender hit an error of its own, not caused by the peer"},
    {86, "inappropriate_fallback", "a retry with a lower TLS version was refused as a downgrade"},
    {90, "user_canceled", "the sender cancelled the handshake"},
    {109, "missing_extension", "a required extension was not sent"},
    {110, "unsupported_extension", "an extension arrived that was not offered or is not allowed here"},
    {112, "unrecognized_name", "the server knows no host by the name in SNI"},
    {113, "bad_certificate_status_response", "the stapled OCSP answer was invalid"},
    {115, "unknown_psk_identity", "the resumption ticket or PSK was not recognised"},
    {116, "certificate_required", "the server requires a client certificate and got none"},
    {120, "no_application_protocol", "the two sides share no application protocol (ALPN)"},
};

const AlertText* findAlert(std::uint8_t code) noexcept
{
    for (const AlertText& a : kAlerts) {
        if (a.code == code)
            return &a;
    }
    return nullptr;
}

} // namespace

std::string_view describeAlert(std::uint8_t description) noexcept
{
    const AlertText* a = findAlert(description);
    return a ? a->name : std::string_view("unknown alert");
}

std::string_view explainAlert(std::uint8_t description) noexcept
{
    const AlertText* a = findAlert(description);
    return a ? a->explanation : std::string_view("an alert this program does not know");
}

std::string_view messageName(const HandshakeMessage& message) noexcept
{
    switch (message.contentType) {
    case TlsContentType::ChangeCipherSpec:
        return "ChangeCipherSpec";
    case TlsContentType::Alert:
        return "Alert";
    case TlsContentType::Handshake:
        break;
    }
    return describe(message.type);
}

std::vector<HandshakeType> skippedByResumption(const HandshakeTranscript& transcript)
{
    if (!transcript.received(HandshakeType::ServerHello) || transcript.received(HandshakeType::Certificate))
        return {};
    if (transcript.received(HandshakeType::EncryptedExtensions))
        return {HandshakeType::Certificate, HandshakeType::CertificateVerify};
    return {HandshakeType::Certificate, HandshakeType::ServerKeyExchange, HandshakeType::ServerHelloDone,
            HandshakeType::ClientKeyExchange};
}

} // namespace poolscope
