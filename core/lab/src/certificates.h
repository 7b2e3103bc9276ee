#pragma once
// The lab's certificates, generated in memory at every start (EC P-256, so it takes milliseconds):
// a CA, and server certificates for each TLS behaviour. Nothing touches the disk.

#include "poolscope/result.h"

#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string>
#include <string_view>

namespace poolscope::lab::detail {

struct PkeyDeleter
{
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct X509Deleter
{
    void operator()(X509* p) const noexcept { X509_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

struct KeyAndCert
{
    PkeyPtr key;
    X509Ptr cert;
};

struct LabCertificates
{
    KeyAndCert ca;        ///< "PoolScope Lab CA", the only trust anchor a lab client needs
    KeyAndCert localhost; ///< DNS:localhost, IP:127.0.0.1, IP:::1, signed by the CA
    KeyAndCert expired;   ///< like localhost, but its validity ended yesterday
    KeyAndCert wrongHost; ///< DNS:wrong.host.invalid, signed by the CA
    KeyAndCert untrusted; ///< localhost names, self-signed: no one trusts it
    std::string caPem;
};

/// Generates the whole set; an Error (SocketError, naming the OpenSSL failure) if OpenSSL refuses.
[[nodiscard]] Result<LabCertificates> generateLabCertificates();

/// A client certificate (clientAuth, CN `commonName`, valid for 30 days) and its new key, signed by `ca`.
[[nodiscard]] Result<KeyAndCert> issueClientCertificate(const KeyAndCert& ca, std::string_view commonName);

/// PEM of a certificate / of an unencrypted private key.
[[nodiscard]] Result<std::string> toPem(X509* cert);
[[nodiscard]] Result<std::string> keyToPem(EVP_PKEY* key);

/// The OpenSSL error queue as one line (and clears it), for error messages.
[[nodiscard]] std::string takeOpenSslErrors();

} // namespace poolscope::lab::detail
