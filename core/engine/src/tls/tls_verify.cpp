// Certificate verification that reports every problem in the peer's chain, each with its
// certificate, and accepts a problem only for the exact certificate a caller named.
#include "tls/tls_internal.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace poolscope::detail::tls_internal {

namespace {

constexpr std::size_t kMaxProblems = 32; // a hostile chain must not grow the list without bound

bool sameDigest(const std::string& a, const std::string& b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

CertificateProblem describeProblem(X509_STORE_CTX* store)
{
    CertificateProblem problem;
    problem.code = X509_STORE_CTX_get_error(store);
    problem.depth = X509_STORE_CTX_get_error_depth(store);
    problem.description = X509_verify_cert_error_string(problem.code);
    if (X509* cert = X509_STORE_CTX_get_current_cert(store)) {
        problem.certificateDer = certificateDer(cert);
        problem.sha256 = sha256Hex(cert);
    }
    return problem;
}

} // namespace

std::string certificateDer(X509* cert)
{
    const int length = i2d_X509(cert, nullptr);
    if (length <= 0)
        return {};
    std::string der(static_cast<std::size_t>(length), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_X509(cert, &out) != length)
        return {};
    return der;
}

std::string sha256Hex(const X509* cert)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned length = 0;
    if (X509_digest(cert, EVP_sha256(), digest.data(), &length) != 1)
        return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    return hex;
}

int onVerify(int preverifyOk, X509_STORE_CTX* store)
{
    if (preverifyOk == 1)
        return 1;
    const auto* ssl =
        static_cast<const SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    ConnectionState* state = ssl ? connectionState(ssl) : nullptr;
    if (!state)
        return 0; // not one of ours: fail as OpenSSL would
    try {
        CertificateProblem problem = describeProblem(store);
        const bool accepted =
            state->accepted && !problem.sha256.empty() &&
            std::any_of(state->accepted->begin(), state->accepted->end(), [&](const auto& entry) {
                return entry.code == problem.code && sameDigest(entry.sha256, problem.sha256);
            });
        auto& list = accepted ? state->acceptedProblems : state->problems;
        if (list.size() < kMaxProblems && std::find(list.begin(), list.end(), problem) == list.end())
            list.push_back(std::move(problem));
        // Go on: onVerifyChain decides once the whole chain has been looked at.
        return state->problems.size() < kMaxProblems ? 1 : 0;
    } catch (...) {
        return 0; // out of memory: refuse rather than accept unseen
    }
}

int onVerifyChain(X509_STORE_CTX* store, void* /*arg*/)
{
    const int ok = X509_verify_cert(store);
    const auto* ssl =
        static_cast<const SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    const ConnectionState* state = ssl ? connectionState(ssl) : nullptr;
    if (ok <= 0 || !state)
        return ok <= 0 ? ok : 0;
    if (!state->problems.empty()) {
        // The verify result names the first problem nobody accepted (not whichever came last).
        X509_STORE_CTX_set_error(store, static_cast<int>(state->problems.front().code));
        return 0;
    }
    // All accepted (or none found): the store keeps the last accepted code as the verify result,
    // so the connection never reads as cleanly verified.
    return 1;
}

} // namespace poolscope::detail::tls_internal
