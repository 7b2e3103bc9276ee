// TlsOptions::validate(), and reading the client identity (certificate chain and key) that both
// validate() and the context loader need, so a mismatch is one clear message in either place.
#include "poolscope/pool_params.h"
#include "tls/openssl_handles.h"
#include "tls/tls_internal.h"

#include <cctype>
#include <memory>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace poolscope {

namespace {

using detail::tls_internal::invalidTlsOption;

bool isHexDigest(const std::string& text)
{
    if (text.size() != 64)
        return false;
    for (const char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c)) == 0)
            return false;
    }
    return true;
}

} // namespace

namespace detail::tls_internal {

Error useClientIdentity(SSL_CTX* ctx, const std::string& certificatePem, const std::string& keyPem)
{
    if (certificatePem.empty() != keyPem.empty())
        return invalidTlsOption(certificatePem.empty()
                                    ? "tls.clientKeyPem is set without tls.clientCertificatePem"
                                    : "tls.clientCertificatePem is set without tls.clientKeyPem");
    if (certificatePem.empty())
        return {};
    ERR_clear_error();
    auto certBio = memoryBio(certificatePem);
    auto keyBio = memoryBio(keyPem);
    if (!certBio || !keyBio)
        return invalidTlsOption("tls.clientCertificatePem / tls.clientKeyPem: too large or out of memory");
    UniqueX509 leaf(PEM_read_bio_X509(certBio.get(), nullptr, &noPassword, nullptr));
    if (!leaf)
        return invalidTlsOption("tls.clientCertificatePem: no certificate could be read");
    // The key's bytes never go into a message: only that it could not be read, or does not match.
    UniquePkey key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &noPassword, nullptr));
    if (!key)
        return invalidTlsOption("tls.clientKeyPem: no unencrypted private key could be read");
    if (X509_check_private_key(leaf.get(), key.get()) != 1)
        return invalidTlsOption(
            "tls.clientKeyPem does not match tls.clientCertificatePem (the key belongs to "
            "another certificate)");
    if (!ctx)
        return {};
    if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1 || SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1)
        return invalidTlsOption("tls.clientCertificatePem: OpenSSL refused the certificate or its key");
    // The rest of the PEM is the chain the server may need to reach its trust anchor.
    int index = 1;
    while (UniqueX509 extra{PEM_read_bio_X509(certBio.get(), nullptr, &noPassword, nullptr)}) {
        ++index;
        if (SSL_CTX_add1_chain_cert(ctx, extra.get()) != 1)
            return invalidTlsOption("tls.clientCertificatePem: chain certificate " + std::to_string(index) +
                                    " could not be added");
    }
    ERR_clear_error(); // the loop ends on "no start line"
    return {};
}

Error invalidTlsOption(std::string message)
{
    ERR_clear_error();
    return makeError(ErrorCode::InvalidArgument, std::move(message), DialPhase::Validate);
}

Error checkTlsOptionValues(const TlsOptions& options)
{
    std::size_t alpnWire = 0; // the list as sent: a length byte, then the name
    for (const auto& proto : options.alpn) {
        if (proto.empty() || proto.size() > 255)
            return invalidTlsOption("tls.alpn: protocol names must be 1 to 255 bytes");
        alpnWire += 1 + proto.size();
    }
    if (alpnWire > 65535)
        return invalidTlsOption("tls.alpn: the protocol list is too long");
    const auto known = [](TlsVersion v) { return v == TlsVersion::Tls1_2 || v == TlsVersion::Tls1_3; };
    if (!known(options.minVersion) || !known(options.maxVersion))
        return invalidTlsOption("tls.minVersion / tls.maxVersion: not a TlsVersion value");
    if (options.maxVersion == TlsVersion::Tls1_2 && options.minVersion == TlsVersion::Tls1_3)
        return invalidTlsOption("tls.maxVersion (TLS 1.2) is below tls.minVersion (TLS 1.3)");
    if (options.acceptedErrors.size() > 64)
        return invalidTlsOption("tls.acceptedErrors: more than 64 entries");
    for (const auto& accepted : options.acceptedErrors) {
        if (accepted.code <= 0)
            return invalidTlsOption("tls.acceptedErrors: code " + std::to_string(accepted.code) +
                                    " is not a verification error (X509_V_ERR_*, 1 or more)");
        if (!isHexDigest(accepted.sha256))
            return invalidTlsOption("tls.acceptedErrors: sha256 must be 64 hex digits (the certificate's "
                                    "SHA-256 fingerprint), got " +
                                    std::to_string(accepted.sha256.size()) + " characters");
    }
    return {};
}

} // namespace detail::tls_internal

Status TlsOptions::validate() const
{
    if (Error e = detail::tls_internal::checkTlsOptionValues(*this); !e.ok())
        return e;
    try {
        if (Error e = detail::tls_internal::useClientIdentity(nullptr, clientCertificatePem, clientKeyPem);
            !e.ok())
            return e;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfResources, "tls: out of memory", DialPhase::Validate);
    }
    return {};
}

} // namespace poolscope
