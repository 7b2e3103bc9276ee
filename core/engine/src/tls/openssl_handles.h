#pragma once
// Owning handles for the OpenSSL objects the engine's TLS code makes, so each is freed on every
// path, and the PEM reading they share: a memory BIO over text, and no password prompt ever.

#include <climits>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <string_view>

namespace poolscope::detail {

/// Calls OpenSSL's own free function for the type.
template <auto Free> struct OpenSslFree
{
    template <typename T> void operator()(T* object) const noexcept { Free(object); }
};

using UniqueSsl = std::unique_ptr<SSL, OpenSslFree<&SSL_free>>;
using UniqueSslSession = std::unique_ptr<SSL_SESSION, OpenSslFree<&SSL_SESSION_free>>;
using UniqueSslCtx = std::unique_ptr<SSL_CTX, OpenSslFree<&SSL_CTX_free>>;
using UniqueBio = std::unique_ptr<BIO, OpenSslFree<&BIO_free>>;
using UniqueX509 = std::unique_ptr<X509, OpenSslFree<&X509_free>>;
using UniquePkey = std::unique_ptr<EVP_PKEY, OpenSslFree<&EVP_PKEY_free>>;

/// A read-only BIO over `text`, which must outlive it; null when the text is too large for
/// OpenSSL (over INT_MAX bytes) or memory ran out.
[[nodiscard]] inline UniqueBio memoryBio(std::string_view text)
{
    if (text.size() > static_cast<std::size_t>(INT_MAX))
        return nullptr;
    return UniqueBio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

/// A pem_password_cb that never prompts: an encrypted PEM block is simply unreadable here.
inline int noPassword(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/)
{
    return 0;
}

} // namespace poolscope::detail
