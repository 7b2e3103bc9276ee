#pragma once
// What went over the wire during a TLS handshake: the handshake messages, ChangeCipherSpec and
// alerts the client sent and received, in order, as OpenSSL's message callback saw them. Captured
// only while ConnectionPool::setHandshakeCapture(true) is on (off by default); plain values, safe
// to copy to another thread.

#include <cstdint>
#include <string_view>
#include <vector>

namespace poolscope {

/// Which way a handshake message went.
enum class HandshakeDirection : std::uint8_t
{
    Sent,     ///< client → server
    Received, ///< server → client
};

/// The TLS record content type a message travelled in.
enum class TlsContentType : std::uint8_t
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
};

/// HandshakeType numbers of RFC 8446 §4 and RFC 5246 §7.4 (the values on the wire).
enum class HandshakeType : std::uint8_t
{
    HelloRequest = 0,
    ClientHello = 1,
    ServerHello = 2, ///< also HelloRetryRequest in TLS 1.3 (a ServerHello with a special random)
    NewSessionTicket = 4,
    EndOfEarlyData = 5,
    EncryptedExtensions = 8,
    Certificate = 11,
    ServerKeyExchange = 12,
    CertificateRequest = 13,
    ServerHelloDone = 14,
    CertificateVerify = 15,
    ClientKeyExchange = 16,
    Finished = 20,
    CertificateStatus = 22,
    KeyUpdate = 24,
    MessageHash = 254,
};

/// One message of a handshake transcript.
struct HandshakeMessage
{
    HandshakeDirection direction = HandshakeDirection::Sent; ///< sent or received
    TlsContentType contentType = TlsContentType::Handshake;  ///< handshake, alert or CCS
    /// The handshake message type (valid when contentType is Handshake; may hold a number this
    /// enum does not name).
    HandshakeType type = HandshakeType::ClientHello;
    std::uint8_t alertLevel = 0;       ///< 1 warning, 2 fatal (valid for alerts)
    std::uint8_t alertDescription = 0; ///< RFC 8446 §6 AlertDescription (valid for alerts)
    std::uint16_t version = 0;         ///< protocol version OpenSSL reported (0x0304 = TLS 1.3)
    /// Bytes of the message: a handshake message with its 4-byte header, 2 for an alert, 1 for
    /// ChangeCipherSpec (record headers and encryption overhead not included).
    std::uint32_t size = 0;
    /// Microseconds since the handshake started (SSL object set up, before the ClientHello), on
    /// the real steady clock — the clock PhaseTimings::tlsUs is measured on (which also counts
    /// loading the trust store for the first dial of an option set).
    std::int64_t offsetUs = 0;

    friend bool operator==(const HandshakeMessage&, const HandshakeMessage&) = default; ///< memberwise
};

/// The messages of one handshake, in the order they were sent or processed. Only the handshake
/// itself: TLS 1.3 NewSessionTicket and KeyUpdate messages that arrive later, while the connection
/// is in use, are not recorded (the capture ends when the handshake does).
struct HandshakeTranscript
{
    /// At most kMaxMessages: a peer that keeps sending cannot grow it.
    static constexpr std::size_t kMaxMessages = 64;
    std::vector<HandshakeMessage> messages; ///< in order
    bool truncated = false;                 ///< more than kMaxMessages were seen; the later ones are missing

    [[nodiscard]] bool empty() const noexcept { return messages.empty(); } ///< nothing captured
    /// The first alert in the transcript (the one that ended a failed handshake), or null.
    [[nodiscard]] const HandshakeMessage* firstAlert() const noexcept;
    /// True when `type` was received from the server (contentType Handshake).
    [[nodiscard]] bool received(HandshakeType type) const noexcept;
    /// True when `type` was sent by the client (contentType Handshake).
    [[nodiscard]] bool sent(HandshakeType type) const noexcept;

    friend bool operator==(const HandshakeTranscript&, const HandshakeTranscript&) = default; ///< memberwise
};

/// "ClientHello", "ServerHello" …; an unknown type is "unknown handshake message".
[[nodiscard]] std::string_view describe(HandshakeType type) noexcept;
/// One plain-English line on what the message does, e.g. ServerHello: "the server picks the TLS
/// version and cipher and sends its key share".
[[nodiscard]] std::string_view explain(HandshakeType type) noexcept;
/// "handshake", "change cipher spec", "alert".
[[nodiscard]] std::string_view describe(TlsContentType type) noexcept;
/// The alert's name as in RFC 8446 ("unknown_ca", "certificate_expired", "handshake_failure" …);
/// an unknown one is "unknown alert".
[[nodiscard]] std::string_view describeAlert(std::uint8_t description) noexcept;
/// One plain-English line on what the alert means, e.g. unknown_ca: "the certificate chain ends at a
/// CA the receiver does not trust".
[[nodiscard]] std::string_view explainAlert(std::uint8_t description) noexcept;
/// Name of a message of any content type: describe(type) for handshake messages,
/// "ChangeCipherSpec", or "Alert" (describeAlert() names which).
[[nodiscard]] std::string_view messageName(const HandshakeMessage& message) noexcept;

/// What a resumed handshake left out compared to a full one: the server's Certificate and
/// CertificateVerify (TLS 1.3), or Certificate, ServerKeyExchange, ServerHelloDone and
/// ClientKeyExchange (TLS 1.2; a transcript without EncryptedExtensions). Empty when the transcript
/// is empty, has no ServerHello, or has a Certificate from the server (a full handshake).
[[nodiscard]] std::vector<HandshakeType> skippedByResumption(const HandshakeTranscript& transcript);

} // namespace poolscope
