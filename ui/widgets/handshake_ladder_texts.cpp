// The ladder's tooltips: what each TLS handshake message and alert does, in one translated line
// (the engine's describe()/explain() give the same in English for non-Qt users).
#include "util/presentation.h"
#include "widgets/handshake_ladder.h"

namespace poolscope::ui {

QString HandshakeLadder::explanation(HandshakeType type)
{
    switch (type) {
    case HandshakeType::HelloRequest:
        return tr("the server asks the client to start a new handshake (TLS 1.2 renegotiation)");
    case HandshakeType::ClientHello:
        return tr("the client offers TLS versions, ciphers and its key share, and names the server (SNI)");
    case HandshakeType::ServerHello:
        return tr("the server picks the TLS version and cipher and sends its key share");
    case HandshakeType::NewSessionTicket:
        return tr("the server hands out a ticket the client can use to resume the session later");
    case HandshakeType::EndOfEarlyData:
        return tr("the client ends the data it sent before the handshake finished (0-RTT)");
    case HandshakeType::EncryptedExtensions:
        return tr("the server's remaining choices (e.g. ALPN), the first message already encrypted");
    case HandshakeType::Certificate:
        return tr("the certificate chain that proves who the sender is");
    case HandshakeType::ServerKeyExchange:
        return tr("the server's key share for the key exchange, signed with its certificate's key");
    case HandshakeType::CertificateRequest:
        return tr("the server asks the client for a certificate of its own");
    case HandshakeType::ServerHelloDone:
        return tr("the server has sent all its hello messages; the client's turn");
    case HandshakeType::CertificateVerify:
        return tr("a signature over the handshake so far, proving the sender holds the certificate's key");
    case HandshakeType::ClientKeyExchange:
        return tr("the client's key share; both sides can now compute the session keys");
    case HandshakeType::Finished:
        return tr("a checksum of the whole handshake under the new keys: nothing was tampered with");
    case HandshakeType::CertificateStatus:
        return tr("the server staples an OCSP answer saying its certificate is not revoked");
    case HandshakeType::KeyUpdate:
        return tr("the sender switches to fresh traffic keys");
    case HandshakeType::MessageHash:
        return tr("stands in for the first ClientHello after a HelloRetryRequest");
    }
    return qs(explain(type));
}

QString HandshakeLadder::alertExplanation(std::uint8_t description)
{
    switch (description) {
    case 0:
        return tr("the sender will send nothing more on this connection");
    case 10:
        return tr("a message arrived that does not fit at this point of the protocol");
    case 40:
        return tr("the two sides found no parameters (version, cipher, group) they share");
    case 42:
        return tr("the certificate was corrupt or its signature did not verify");
    case 45:
        return tr("the certificate has expired or is not valid yet");
    case 46:
        return tr("the certificate was rejected for another reason (often the host name)");
    case 48:
        return tr("the certificate chain ends at a CA the receiver does not trust");
    case 50:
        return tr("a message could not be parsed");
    case 51:
        return tr("a signature or the Finished checksum did not verify");
    case 70:
        return tr("the peer offered only TLS versions the receiver refuses");
    case 80:
        return tr("the sender hit an error of its own, not caused by the peer");
    case 112:
        return tr("the server knows no host by the name in SNI");
    case 120:
        return tr("the two sides share no application protocol (ALPN)");
    default:
        break;
    }
    return qs(explainAlert(description)); // the rarer ones in English
}

} // namespace poolscope::ui
