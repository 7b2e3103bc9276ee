#include "certificates.h"

#include "poolscope/connection_pool.h"

#include <array>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <string_view>
#include <vector>

namespace poolscope::lab::detail {

namespace {

constexpr long kDay = 24L * 60 * 60;

struct PkeyCtxDeleter
{
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
struct BioDeleter
{
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct BnDeleter
{
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
struct ExtDeleter
{
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};

struct CertSpec
{
    std::string_view commonName;
    std::string_view subjectAltName; ///< empty for the CA
    bool isCa = false;
    long notBefore = -kDay; ///< seconds from now
    long notAfter = 30 * kDay;
    bool client = false; ///< a client certificate (clientAuth) instead of a server's
};

Error certError(std::string_view what)
{
    std::string message = "lab: generating certificates failed at ";
    message += what;
    message += ": ";
    message += takeOpenSslErrors();
    return makeError(ErrorCode::SocketError, std::move(message));
}

Result<PkeyPtr> generateKey()
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") <= 0)
        return certError("EC key context");
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &key) <= 0)
        return certError("EC key generation");
    return PkeyPtr(key);
}

bool setRandomSerial(X509* cert)
{
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        return false;
    bytes[0] &= 0x7F; // serial numbers must be positive
    bytes[0] |= 0x01; // and non-zero
    std::unique_ptr<BIGNUM, BnDeleter> bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
    return bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool addNameEntry(X509_NAME* name, const char* field, std::string_view value)
{
    const std::string text(value);
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(text.c_str()), -1, -1, 0) == 1;
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value)
{
    std::unique_ptr<X509_EXTENSION, ExtDeleter> ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

/// `issuer` null means self-signed with `key`.
Result<X509Ptr> makeCertificate(const CertSpec& spec, EVP_PKEY* key, const KeyAndCert* issuer)
{
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 || !setRandomSerial(cert.get()))
        return certError("certificate header");
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.notBefore) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.notAfter))
        return certError("validity");

    X509_NAME* subject = X509_get_subject_name(cert.get());
    if (!addNameEntry(subject, "O", "PoolScope Lab") || !addNameEntry(subject, "CN", spec.commonName))
        return certError("subject name");
    X509_NAME* issuerName = issuer ? X509_get_subject_name(issuer->cert.get()) : subject;
    if (X509_set_issuer_name(cert.get(), issuerName) != 1 || X509_set_pubkey(cert.get(), key) != 1)
        return certError("issuer / public key");

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer->cert.get() : cert.get(), cert.get(), nullptr, nullptr, 0);
    // Strict verifiers (OpenSSL 3 with X509_STRICT, browsers) want a CA marked critical with
    // keyCertSign and key identifiers on both sides; leaves carry serverAuth and their names in SAN.
    std::vector<std::pair<int, std::string>> extensions;
    if (spec.isCa) {
        extensions = {{NID_basic_constraints, "critical,CA:TRUE"},
                      {NID_key_usage, "critical,keyCertSign,cRLSign"},
                      {NID_subject_key_identifier, "hash"}};
    } else if (spec.client) {
        extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature"},
                      {NID_ext_key_usage, "clientAuth"},
                      {NID_subject_key_identifier, "hash"}};
    } else {
        extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature"},
                      {NID_ext_key_usage, "serverAuth"},
                      {NID_subject_alt_name, std::string(spec.subjectAltName)},
                      {NID_subject_key_identifier, "hash"}};
    }
    for (const auto& [nid, value] : extensions) {
        if (!addExtension(cert.get(), &ctx, nid, value))
            return certError(OBJ_nid2sn(nid));
    }
    // The authority key identifier needs the subject key identifier above when self-signed.
    if (!addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always"))
        return certError("authorityKeyIdentifier");

    EVP_PKEY* signer = issuer ? issuer->key.get() : key;
    if (X509_sign(cert.get(), signer, EVP_sha256()) <= 0)
        return certError("signing");
    return cert;
}

Result<KeyAndCert> makeKeyAndCert(const CertSpec& spec, const KeyAndCert* issuer)
{
    auto key = generateKey();
    if (!key)
        return std::move(key).error();
    auto cert = makeCertificate(spec, key.value().get(), issuer);
    if (!cert)
        return std::move(cert).error();
    return KeyAndCert{std::move(key).value(), std::move(cert).value()};
}

} // namespace

Result<std::string> toPem(X509* cert)
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return certError("PEM encoding");
    std::string pem(BIO_ctrl_pending(bio.get()), '\0');
    std::size_t read = 0;
    if (!pem.empty() && BIO_read_ex(bio.get(), pem.data(), pem.size(), &read) != 1)
        return certError("PEM read-back");
    pem.resize(read);
    return pem;
}

Result<std::string> keyToPem(EVP_PKEY* key)
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return certError("key PEM encoding");
    std::string pem(BIO_ctrl_pending(bio.get()), '\0');
    std::size_t read = 0;
    if (!pem.empty() && BIO_read_ex(bio.get(), pem.data(), pem.size(), &read) != 1)
        return certError("key PEM read-back");
    pem.resize(read);
    return pem;
}

Result<KeyAndCert> issueClientCertificate(const KeyAndCert& ca, std::string_view commonName)
{
    return makeKeyAndCert({commonName, {}, false, -kDay, 30 * kDay, true}, &ca);
}

std::string takeOpenSslErrors()
{
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        if (!text.empty())
            text += "; ";
        text += buffer.data();
    }
    return text.empty() ? std::string("no OpenSSL error recorded") : text;
}

Result<LabCertificates> generateLabCertificates()
{
    constexpr std::string_view kLocalNames = "DNS:localhost,IP:127.0.0.1,IP:::1";
    prepareTlsLibrary(); // before the lab's thread and any pool's threads use OpenSSL
    LabCertificates set;

    auto ca = makeKeyAndCert({"PoolScope Lab CA", {}, true, -60 * kDay, 365 * kDay}, nullptr);
    if (!ca)
        return std::move(ca).error();
    set.ca = std::move(ca).value();

    auto localhost = makeKeyAndCert({"localhost", kLocalNames, false, -kDay, 30 * kDay}, &set.ca);
    if (!localhost)
        return std::move(localhost).error();
    set.localhost = std::move(localhost).value();

    // Both ends in the past: the CA was valid then, so "expired" is the only thing wrong with it.
    auto expired = makeKeyAndCert({"localhost", kLocalNames, false, -30 * kDay, -kDay}, &set.ca);
    if (!expired)
        return std::move(expired).error();
    set.expired = std::move(expired).value();

    auto wrongHost =
        makeKeyAndCert({"wrong.host.invalid", "DNS:wrong.host.invalid", false, -kDay, 30 * kDay}, &set.ca);
    if (!wrongHost)
        return std::move(wrongHost).error();
    set.wrongHost = std::move(wrongHost).value();

    auto untrusted = makeKeyAndCert({"localhost", kLocalNames, false, -kDay, 30 * kDay}, nullptr);
    if (!untrusted)
        return std::move(untrusted).error();
    set.untrusted = std::move(untrusted).value();

    auto pem = toPem(set.ca.cert.get());
    if (!pem)
        return std::move(pem).error();
    set.caPem = std::move(pem).value();
    return set;
}

} // namespace poolscope::lab::detail
