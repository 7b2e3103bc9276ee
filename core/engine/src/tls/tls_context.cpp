#include "poolscope/connection_pool.h"
#include "tls/tls_client.h"
#include "tls/tls_internal.h"

#include <algorithm>
#include <climits>
#include <mutex>
#include <new>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <vector>

namespace poolscope::detail {

namespace tls_internal {

namespace {

void freeConnectionState(void* /*parent*/, void* ptr, CRYPTO_EX_DATA* /*ad*/, int /*idx*/, long /*argl*/,
                         void* /*argp*/)
{
    delete static_cast<ConnectionState*>(ptr);
}

// ---- callbacks installed on every client SSL_CTX ------------------------------------------------

int onNewSession(SSL* ssl, SSL_SESSION* session)
{
    ConnectionState* state = connectionState(ssl);
    if (!state || !state->sink || !SSL_SESSION_is_resumable(session))
        return 0; // not taken: OpenSSL keeps (and frees) it
    try {
        // From here on the session is ours, whatever the sink does with it.
        state->sink(UniqueSslSession(session));
    } catch (...) {
        // The sink runs inside OpenSSL, which is C: a failed hand-over only loses a resumption.
    }
    return 1;
}

void onInfo(const SSL* ssl, int where, int ret)
{
    if ((where & SSL_CB_ALERT) == 0)
        return;
    ConnectionState* state = connectionState(ssl);
    if (!state)
        return;
    try {
        state->lastAlert = SSL_alert_desc_string_long(ret);
        state->lastAlertSent = (where & SSL_CB_WRITE) != 0;
    } catch (...) {
        // Losing the alert's name only makes an error message less specific.
    }
}

} // namespace

int connectionStateIndex() noexcept
{
    // Allocated once per process: ex_data indexes are a global, never-released OpenSSL resource.
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, &freeConnectionState);
    return index;
}

ConnectionState* connectionState(const SSL* ssl) noexcept
{
    const int index = connectionStateIndex();
    return index < 0 ? nullptr : static_cast<ConnectionState*>(SSL_get_ex_data(ssl, index));
}

} // namespace tls_internal

namespace {

std::string opensslReason(unsigned long err)
{
    const char* reason = ERR_reason_error_string(err);
    if (reason)
        return reason;
    char buf[256] = {};
    ERR_error_string_n(err, buf, sizeof buf);
    return buf;
}

Error addExtraCas(SSL_CTX* ctx, const std::string& pem)
{
    if (pem.size() > static_cast<std::size_t>(INT_MAX))
        return tls_internal::invalidTlsOption("extraCaPem is too large");
    const UniqueBio bio = memoryBio(pem);
    if (!bio)
        return makeError(ErrorCode::OutOfResources, "extraCaPem: out of memory", DialPhase::Validate);
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    int count = 0;
    ERR_clear_error();
    while (UniqueX509 cert{PEM_read_bio_X509(bio.get(), nullptr, &noPassword, nullptr)}) {
        if (X509_STORE_add_cert(store, cert.get()) != 1) {
            const unsigned long err = ERR_peek_last_error();
            // The same CA given twice (or already in the system store) is harmless.
            if (ERR_GET_LIB(err) != ERR_LIB_X509 ||
                ERR_GET_REASON(err) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
                ERR_clear_error();
                return tls_internal::invalidTlsOption("extraCaPem: certificate " + std::to_string(count + 1) +
                                                      " could not be added: " + opensslReason(err));
            }
        }
        ERR_clear_error();
        ++count;
    }
    const unsigned long err = ERR_peek_last_error();
    ERR_clear_error();
    // Running out of PEM blocks ends the loop with "no start line"; anything else is a broken block.
    const bool cleanEnd =
        err == 0 || (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE);
    if (count == 0)
        return tls_internal::invalidTlsOption("extraCaPem: no certificate could be read");
    if (!cleanEnd)
        return tls_internal::invalidTlsOption("extraCaPem: certificate " + std::to_string(count + 1) +
                                              " could not be read: " + opensslReason(err));
    return {};
}

Result<std::shared_ptr<TlsClientContext>> failed(Error e)
{
    ERR_clear_error();
    return e;
}

} // namespace

// ---- the process-wide cache of loaded contexts ---------------------------------------------------

namespace {
struct ContextCache
{
    static constexpr std::size_t kKept = 4;
    std::mutex mutex;
    std::vector<std::shared_ptr<TlsClientContext>> contexts; ///< most recently used last
};

ContextCache& contextCache()
{
    static ContextCache cache; // never destroyed before the last pool: pools hold their own refs
    return cache;
}

std::shared_ptr<TlsClientContext> findLocked(ContextCache& cache, const TlsOptions& options)
{
    const auto it = std::find_if(cache.contexts.begin(), cache.contexts.end(),
                                 [&](const auto& c) { return c->options() == options; });
    if (it == cache.contexts.end())
        return nullptr;
    auto found = *it;
    cache.contexts.erase(it);
    cache.contexts.push_back(found);
    return found;
}
} // namespace

std::shared_ptr<TlsClientContext> TlsClientContext::sharedIfLoaded(const TlsOptions& options)
{
    auto& cache = contextCache();
    const std::lock_guard lock(cache.mutex);
    return findLocked(cache, options);
}

Result<std::shared_ptr<TlsClientContext>> TlsClientContext::shared(const TlsOptions& options)
{
    if (auto found = sharedIfLoaded(options))
        return found;
    auto created = create(options);
    if (!created)
        return created;
    auto& cache = contextCache();
    const std::lock_guard lock(cache.mutex);
    if (auto raced = findLocked(cache, options)) // another thread loaded it meanwhile
        return raced;
    cache.contexts.push_back(created.value());
    if (cache.contexts.size() > ContextCache::kKept)
        cache.contexts.erase(cache.contexts.begin());
    return created;
}

Result<std::shared_ptr<TlsClientContext>> TlsClientContext::create(const TlsOptions& options)
{
    prepareTlsLibrary();
    try {
        if (tls_internal::connectionStateIndex() < 0)
            return failed(makeError(ErrorCode::OutOfResources, "TLS: no SSL ex_data index available"));

        // The values here, the client identity below with the context (its PEM parsed once).
        if (Error e = tls_internal::checkTlsOptionValues(options); !e.ok())
            return failed(std::move(e));
        std::vector<unsigned char> alpn;
        for (const auto& proto : options.alpn) {
            alpn.push_back(static_cast<unsigned char>(proto.size()));
            alpn.insert(alpn.end(), proto.begin(), proto.end());
        }

        UniqueSslCtx ctx(SSL_CTX_new(TLS_client_method()));
        if (!ctx)
            return failed(makeError(ErrorCode::OutOfResources, "TLS: SSL_CTX_new failed"));

        const auto protocol = [](TlsVersion v) {
            return v == TlsVersion::Tls1_3 ? TLS1_3_VERSION : TLS1_2_VERSION;
        };
        if (SSL_CTX_set_min_proto_version(ctx.get(), protocol(options.minVersion)) != 1 ||
            SSL_CTX_set_max_proto_version(ctx.get(), protocol(options.maxVersion)) != 1)
            return failed(makeError(ErrorCode::InvalidArgument, "TLS: protocol version range rejected",
                                    DialPhase::Validate));
        if (options.useSystemCa) {
            // A missing system store is not fatal: extraCaPem may be all the caller trusts.
            (void)SSL_CTX_set_default_verify_paths(ctx.get());
            ERR_clear_error();
        }
        if (!options.extraCaPem.empty()) {
            if (Error e = addExtraCas(ctx.get(), options.extraCaPem); !e.ok())
                return failed(std::move(e));
        }
        if (Error e = tls_internal::useClientIdentity(ctx.get(), options.clientCertificatePem,
                                                      options.clientKeyPem);
            !e.ok())
            return failed(std::move(e));
        if (options.verifyPeer) {
            // Every problem in the chain is collected (with its certificate) before deciding, so
            // an Error lists them all and acceptedErrors can accept each one for its certificate.
            SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, &tls_internal::onVerify);
            SSL_CTX_set_cert_verify_callback(ctx.get(), &tls_internal::onVerifyChain, nullptr);
        } else {
            SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
        }
        if (!alpn.empty() &&
            SSL_CTX_set_alpn_protos(ctx.get(), alpn.data(), static_cast<unsigned>(alpn.size())) != 0)
            return failed(makeError(ErrorCode::OutOfResources, "TLS: ALPN list could not be set"));

        if (options.sessionResumption) {
            // No internal store: sessions go to the pool's per-key cache through the connection's
            // sink, because OpenSSL's client cache cannot be looked up by host anyway.
            SSL_CTX_set_session_cache_mode(ctx.get(),
                                           SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
            SSL_CTX_sess_set_new_cb(ctx.get(), &tls_internal::onNewSession);
        } else {
            SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
        }
        SSL_CTX_set_info_callback(ctx.get(), &tls_internal::onInfo);
        // Pool users retry non-blocking writes from buffers that may have moved (vector growth).
        // RELEASE_BUFFERS: an idle connection keeps no record buffers (~34 KiB of the ~53 KiB
        // OpenSSL held per idle TLS connection); they are taken again for the next record.
        SSL_CTX_set_mode(ctx.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);

        TlsOptions copy = options;
        std::unique_ptr<TlsClientContext> owner(new TlsClientContext(ctx.get(), std::move(copy)));
        (void)ctx.release(); // now owned by `owner`
        return std::shared_ptr<TlsClientContext>(std::move(owner));
    } catch (const std::bad_alloc&) {
        return failed(makeError(ErrorCode::OutOfResources, "TLS: out of memory"));
    }
}

TlsClientContext::~TlsClientContext()
{
    SSL_CTX_free(m_ctx);
}

} // namespace poolscope::detail

namespace poolscope {

void releaseThreadResources() noexcept
{
#ifndef _WIN32
    OPENSSL_thread_stop();
#endif
    // On Windows libcrypto's DLL frees a thread's state when the thread detaches; stopping it
    // here as well raced with that under Wine (a crash in libcrypto on a worker thread).
}

} // namespace poolscope
