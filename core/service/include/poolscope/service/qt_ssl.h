#pragma once
// Qt's TLS types ↔ the engine's: QSslConfiguration → TlsOptions, a failed dial's certificate
// problems → QSslError (with the certificate), and a QSslError a person accepted → the engine's
// AcceptedCertificateError for that one certificate. For applications that already configure and
// show TLS the Qt way. Header-only: PoolScope::Service itself needs no Qt Network, a caller that
// includes this links Qt6::Network (it has to, to have a QSslConfiguration). Every function is
// pure (any thread, nothing kept).

#include "poolscope/error.h"
#include "poolscope/pool_params.h"
#include "poolscope/result.h"

#include <QCryptographicHash>
#include <QList>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslKey>
#include <QSslSocket>
#include <string>
#include <vector>

namespace poolscope {

namespace qt_ssl_detail {

/// X509_V_ERR_* ↔ QSslError::SslError, as Qt's own OpenSSL back-end maps them. The numbers are
/// OpenSSL's stable ABI, so this header needs no OpenSSL include.
struct CodeMapping
{
    long x509;              ///< X509_V_ERR_*
    QSslError::SslError qt; ///< Qt's name for it
};

/// Every code Qt names; several codes may share one Qt kind.
inline constexpr CodeMapping kCodeMappings[] = {
    {2, QSslError::UnableToGetIssuerCertificate},         // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
    {4, QSslError::UnableToDecryptCertificateSignature},  // X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE
    {6, QSslError::UnableToDecodeIssuerPublicKey},        // X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY
    {7, QSslError::CertificateSignatureFailed},           // X509_V_ERR_CERT_SIGNATURE_FAILURE
    {9, QSslError::CertificateNotYetValid},               // X509_V_ERR_CERT_NOT_YET_VALID
    {10, QSslError::CertificateExpired},                  // X509_V_ERR_CERT_HAS_EXPIRED
    {13, QSslError::InvalidNotBeforeField},               // X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD
    {14, QSslError::InvalidNotAfterField},                // X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD
    {18, QSslError::SelfSignedCertificate},               // X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
    {19, QSslError::SelfSignedCertificateInChain},        // X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
    {20, QSslError::UnableToGetLocalIssuerCertificate},   // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    {21, QSslError::UnableToVerifyFirstCertificate},      // X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
    {23, QSslError::CertificateRevoked},                  // X509_V_ERR_CERT_REVOKED
    {24, QSslError::InvalidCaCertificate},                // X509_V_ERR_INVALID_CA
    {25, QSslError::PathLengthExceeded},                  // X509_V_ERR_PATH_LENGTH_EXCEEDED
    {26, QSslError::InvalidPurpose},                      // X509_V_ERR_INVALID_PURPOSE
    {27, QSslError::CertificateUntrusted},                // X509_V_ERR_CERT_UNTRUSTED
    {28, QSslError::CertificateRejected},                 // X509_V_ERR_CERT_REJECTED
    {29, QSslError::SubjectIssuerMismatch},               // X509_V_ERR_SUBJECT_ISSUER_MISMATCH
    {30, QSslError::AuthorityIssuerSerialNumberMismatch}, // X509_V_ERR_AKID_SKID_MISMATCH
    {31, QSslError::AuthorityIssuerSerialNumberMismatch}, // X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH
    {62, QSslError::HostNameMismatch},                    // X509_V_ERR_HOSTNAME_MISMATCH
    {64, QSslError::HostNameMismatch},                    // X509_V_ERR_IP_ADDRESS_MISMATCH
};

/// InvalidArgument in phase Validate.
inline Error invalid(std::string message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message), DialPhase::Validate);
}

/// The certificates as one PEM text, in order.
inline std::string pemOf(const QList<QSslCertificate>& certificates)
{
    std::string pem;
    for (const auto& certificate : certificates)
        pem += certificate.toPem().toStdString();
    return pem;
}

} // namespace qt_ssl_detail

/// The X509_V_ERR_* `code` as a QSslError::SslError; UnspecifiedError for a code Qt has no
/// name for.
[[nodiscard]] inline QSslError::SslError sslErrorKindFrom(long code)
{
    for (const auto& mapping : qt_ssl_detail::kCodeMappings) {
        if (mapping.x509 == code)
            return mapping.qt;
    }
    return QSslError::UnspecifiedError;
}

/// A QSslConfiguration as the engine's TlsOptions, never weaker than the configuration asked for:
/// - CA certificates: when the list is empty (Qt's default configuration, which loads the system
///   CAs on demand) or holds exactly QSslConfiguration::systemCaCertificates(), the system store
///   is used (useSystemCa, no extraCaPem). When it holds all of them plus others, the others go
///   to extraCaPem. Otherwise the list REPLACED the defaults (setCaCertificates()):
///   useSystemCa = false and the list is all that is trusted (extraCaPem).
/// - localCertificateChain() (or localCertificate()) and privateKey() → clientCertificatePem and
///   clientKeyPem (the key must be unencrypted, as QSslKey holds it).
/// - protocol(): TlsV1_2 → 1.2 only, TlsV1_2OrLater and SecureProtocols → 1.2 … 1.3, TlsV1_3 and
///   TlsV1_3OrLater → 1.3 only. Anything that allows TLS 1.0/1.1 or SSL (AnyProtocol,
///   TlsV1_0 …) or DTLS is refused, since the engine never goes below TLS 1.2.
/// - peerVerifyMode(): VerifyNone and QueryPeer → verifyPeer = false (the explicit opt-out, shown
///   on every connection as `verified == false`); VerifyPeer and AutoVerifyPeer → verified.
/// - allowedNextProtocols() → alpn. `peerVerifyName` (QSslSocket's, not the configuration's)
///   → serverName; empty: the dialled host.
/// Errors: InvalidArgument, phase Validate, naming what was refused; never the key.
[[nodiscard]] inline Result<TlsOptions> tlsOptionsFrom(const QSslConfiguration& configuration,
                                                       const QString& peerVerifyName = {})
{
    TlsOptions out;
    switch (configuration.protocol()) {
    case QSsl::TlsV1_2:
        out.maxVersion = TlsVersion::Tls1_2;
        break;
    case QSsl::TlsV1_2OrLater:
    case QSsl::SecureProtocols:
        break;
    case QSsl::TlsV1_3:
    case QSsl::TlsV1_3OrLater:
        out.minVersion = TlsVersion::Tls1_3;
        break;
    default:
        return qt_ssl_detail::invalid(
            "tls: QSslConfiguration protocol " + std::to_string(static_cast<int>(configuration.protocol())) +
            " allows protocols older than TLS 1.2 (or is not TLS); PoolScope offers TLS 1.2 and 1.3 only: "
            "use QSsl::TlsV1_2OrLater, SecureProtocols, TlsV1_2, TlsV1_3 or TlsV1_3OrLater");
    }

    const QList<QSslCertificate> cas = configuration.caCertificates();
    if (!cas.isEmpty()) {
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        const QSet<QSslCertificate> systemSet(system.begin(), system.end());
        QList<QSslCertificate> extra;
        QSet<QSslCertificate> systemKept; // distinct: a CA listed twice must not count twice
        for (const auto& ca : cas) {
            if (systemSet.contains(ca))
                systemKept.insert(ca);
            else
                extra.append(ca);
        }
        const bool keepsSystem = !systemSet.isEmpty() && systemKept.size() == systemSet.size();
        out.useSystemCa = keepsSystem;
        out.extraCaPem = qt_ssl_detail::pemOf(keepsSystem ? extra : cas);
    }

    QList<QSslCertificate> chain = configuration.localCertificateChain();
    if (chain.isEmpty() && !configuration.localCertificate().isNull())
        chain.append(configuration.localCertificate());
    out.clientCertificatePem = qt_ssl_detail::pemOf(chain);
    if (!configuration.privateKey().isNull())
        out.clientKeyPem = configuration.privateKey().toPem().toStdString();

    switch (configuration.peerVerifyMode()) {
    case QSslSocket::VerifyNone:
    case QSslSocket::QueryPeer:
        out.verifyPeer = false;
        break;
    case QSslSocket::VerifyPeer:
    case QSslSocket::AutoVerifyPeer:
        break;
    }
    out.serverName = peerVerifyName.toStdString();
    for (const QByteArray& protocol : configuration.allowedNextProtocols())
        out.alpn.push_back(protocol.toStdString());
    if (Status ok = out.validate(); !ok)
        return std::move(ok).error();
    return out;
}

/// Every certificate problem of a failed dial (Error::certificateProblems) as a QSslError with its
/// certificate, in the engine's order; empty when the error was not a certificate problem. Codes
/// Qt has no name for become QSslError::UnspecifiedError (the certificate still attached).
[[nodiscard]] inline QList<QSslError> sslErrorsFrom(const Error& error)
{
    QList<QSslError> out;
    for (const auto& problem : error.certificateProblems) {
        const QByteArray der(problem.certificateDer.data(),
                             static_cast<qsizetype>(problem.certificateDer.size()));
        out.append(QSslError(sslErrorKindFrom(problem.code), QSslCertificate(der, QSsl::Der)));
    }
    return out;
}

/// The engine entries that accept `error` for its certificate only (TlsOptions::acceptedErrors):
/// one per X509_V_ERR_* code Qt folds into that kind (HostNameMismatch covers both the host-name
/// and the IP-address mismatch), each with the certificate's SHA-256. Errors (InvalidArgument):
/// a QSslError without a certificate, or of a kind with no verification code (NoError,
/// UnspecifiedError, OCSP, NoPeerCertificate …): nothing could be accepted for one certificate.
[[nodiscard]] inline Result<std::vector<AcceptedCertificateError>> acceptedErrorsFrom(const QSslError& error)
{
    if (error.certificate().isNull())
        return qt_ssl_detail::invalid("tls: QSslError '" + error.errorString().toStdString() +
                                      "' has no certificate, so it cannot be accepted for one certificate");
    const std::string sha256 = error.certificate().digest(QCryptographicHash::Sha256).toHex().toStdString();
    std::vector<AcceptedCertificateError> out;
    for (const auto& mapping : qt_ssl_detail::kCodeMappings) {
        if (mapping.qt == error.error())
            out.push_back({mapping.x509, sha256});
    }
    if (out.empty())
        return qt_ssl_detail::invalid("tls: QSslError '" + error.errorString().toStdString() +
                                      "' is not a certificate verification problem PoolScope can accept");
    return out;
}

/// acceptedErrorsFrom() for each error of `errors`, concatenated; the first refusal is returned.
[[nodiscard]] inline Result<std::vector<AcceptedCertificateError>>
acceptedErrorsFrom(const QList<QSslError>& errors)
{
    std::vector<AcceptedCertificateError> out;
    for (const auto& error : errors) {
        auto one = acceptedErrorsFrom(error);
        if (!one)
            return std::move(one).error();
        out.insert(out.end(), one.value().begin(), one.value().end());
    }
    return out;
}

} // namespace poolscope
