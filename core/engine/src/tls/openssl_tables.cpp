// OpenSSL 3.0 fills its algorithm tables (digests, ciphers, key managers, encoders, decoders, …)
// the first time each is asked for. Listing a table copies its entries under a lock but then reads
// them without one, and an entry another thread changes meanwhile can be read after it was freed
// (openssl/openssl#27726, unfixed in the 3.0 series). Under Wine we saw exactly that: a crash in
// ossl_method_store_do_all on the thread that loads a pool's trust store while other threads did
// their first TLS work. Filling every table once, before any of our threads race for it, leaves
// later lookups finding entries that are already there.
#include "poolscope/connection_pool.h"

#include <mutex>
#include <openssl/core_dispatch.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/ssl.h>
#include <openssl/store.h>

namespace poolscope {

namespace {

template <typename T> void ignore(T* /*method*/, void* /*arg*/) {}

void fillTables()
{
    (void)OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
    EVP_MD_do_all_provided(nullptr, &ignore<EVP_MD>, nullptr);
    EVP_CIPHER_do_all_provided(nullptr, &ignore<EVP_CIPHER>, nullptr);
    EVP_MAC_do_all_provided(nullptr, &ignore<EVP_MAC>, nullptr);
    EVP_KDF_do_all_provided(nullptr, &ignore<EVP_KDF>, nullptr);
    EVP_RAND_do_all_provided(nullptr, &ignore<EVP_RAND>, nullptr);
    EVP_KEYMGMT_do_all_provided(nullptr, &ignore<EVP_KEYMGMT>, nullptr);
    EVP_KEYEXCH_do_all_provided(nullptr, &ignore<EVP_KEYEXCH>, nullptr);
    EVP_SIGNATURE_do_all_provided(nullptr, &ignore<EVP_SIGNATURE>, nullptr);
    EVP_ASYM_CIPHER_do_all_provided(nullptr, &ignore<EVP_ASYM_CIPHER>, nullptr);
    EVP_KEM_do_all_provided(nullptr, &ignore<EVP_KEM>, nullptr);
    OSSL_ENCODER_do_all_provided(nullptr, &ignore<OSSL_ENCODER>, nullptr);
    OSSL_DECODER_do_all_provided(nullptr, &ignore<OSSL_DECODER>, nullptr);
    OSSL_STORE_LOADER_do_all_provided(nullptr, &ignore<OSSL_STORE_LOADER>, nullptr);
}

} // namespace

void prepareTlsLibrary() noexcept
{
    static std::once_flag once;
    try {
        std::call_once(once, &fillTables);
    } catch (...) {
        // call_once itself failed (no resources for its lock): the tables fill lazily, as OpenSSL
        // does by default; nothing is lost but the protection.
    }
}

} // namespace poolscope
