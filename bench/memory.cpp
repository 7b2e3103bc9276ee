// The pool's own memory per idle connection: the heap the engine keeps for each connection it
// holds idle (slot, key share, index lists, strings), counted by the binary's operator new on
// the measuring thread (alloc_counter.h). OpenSSL's memory per idle TLS connection (SSL object,
// record buffers, session) is counted separately through CRYPTO_set_mem_functions. The lab runs
// in another process, so neither figure contains server-side memory. Kernel socket buffers are
// not the pool's and are not counted.
#include "alloc_counter.h"
#include "bench_common.h"
#include "poolscope/connection_pool.h"

#include <malloc.h>
#include <openssl/ssl.h>

namespace poolscope::bench {

namespace {

struct PerConnection
{
    double cpp = kNotMeasured;
    double openssl = kNotMeasured;
    double mallinfo = kNotMeasured;
};

/// Dials `count` connections of one key into an already primed pool, returns them to idle, and
/// divides the growth of this thread's live heap by `count`.
PerConnection measure(ConnectionPool& pool, const DialRequest& request, int count, std::string& error)
{
    const int idleBefore = pool.stats().idle;
    const alloc::Tally before = alloc::current();
    const auto mallinfoBefore = ::mallinfo2().uordblks;
    {
        std::vector<PooledConnection> leases;
        leases.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            auto lease = pool.dial(request);
            if (!lease) {
                error = lease.error().message;
                return {};
            }
            leases.push_back(std::move(lease).value());
        }
    } // every lease goes back to idle here
    const alloc::Tally after = alloc::current();
    const auto mallinfoAfter = ::mallinfo2().uordblks;
    if (const auto stats = pool.stats(); stats.idle != idleBefore + count) {
        error = "not every connection went back to idle (" + std::to_string(stats.idle) + " idle, expected " +
                std::to_string(idleBefore + count) + "; " + std::to_string(stats.staleDetected) + " stale, " +
                std::to_string(stats.closed) + " closed)";
        return {};
    }
    PerConnection result;
    result.cpp = static_cast<double>(after.cppBytes - before.cppBytes) / count;
    if (alloc::openSslCounterInstalled())
        result.openssl = static_cast<double>(after.opensslBytes - before.opensslBytes) / count;
    result.mallinfo = (static_cast<double>(mallinfoAfter) - static_cast<double>(mallinfoBefore)) / count;
    return result;
}

/// OpenSSL's floor for any pooled TLS connection: a fresh SSL object on a context like the
/// pool's (no handshake, no session, no buffers), per object.
double bareSslObjectBytes(const LabEndpoints& lab)
{
    SSL_CTX* context = newLabClientContext(lab.caPem);
    if (!context || !alloc::openSslCounterInstalled())
        return kNotMeasured;
    SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
    SSL_free(SSL_new(context)); // first-use allocations of the context are not per object
    constexpr int kObjects = 50;
    std::vector<SSL*> objects;
    const alloc::Tally before = alloc::current();
    for (int i = 0; i < kObjects; ++i)
        objects.push_back(SSL_new(context));
    const alloc::Tally after = alloc::current();
    bool complete = true;
    for (SSL* ssl : objects) {
        complete = complete && ssl != nullptr;
        SSL_free(ssl);
    }
    SSL_CTX_free(context);
    return complete ? static_cast<double>(after.opensslBytes - before.opensslBytes) / kObjects : kNotMeasured;
}

} // namespace

void runMemory(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    const int plainCount = run.quick ? 500 : 2000;
    const int tlsCount = run.quick ? 50 : 200;
    PoolParams params;
    params.maxConnections = plainCount + tlsCount + 16;
    params.maxKeepAlive = std::chrono::minutes(10);
    params.tls = lab.trustingTls();
    auto pool = ConnectionPool::create(params);
    if (!pool) {
        results.notes.push_back("memory: " + pool.error().message);
        return;
    }
    DialRequest plain;
    plain.host = lab.host;
    plain.port = lab.echo;
    plain.timeout = std::chrono::seconds(10);
    DialRequest tls = plain;
    tls.port = lab.https;
    tls.tls = true;
    // Prime both keys: the key entries, the slot table, the TLS context and its CA store are per
    // pool, not per connection.
    for (const DialRequest* request : {&plain, &tls}) {
        auto lease = pool->dial(*request);
        if (!lease) {
            results.notes.push_back("memory: " + lease.error().message);
            return;
        }
        (void)lease->close(); // closed, not kept idle: the measured dials must all be new connections
    }
    std::string error;
    const PerConnection p = measure(pool.value(), plain, plainCount, error);
    if (!error.empty()) {
        results.notes.push_back("memory (plain): " + error);
        return;
    }
    results.poolBytesPerIdle = p.cpp;
    results.mallinfoBytesPerIdle = p.mallinfo;
    const PerConnection t = measure(pool.value(), tls, tlsCount, error);
    if (!error.empty()) {
        results.notes.push_back("memory (tls): " + error);
        return;
    }
    results.poolBytesPerIdleTls = t.cpp;
    results.opensslBytesPerIdleTls = t.openssl;
    results.opensslBareSslBytes = bareSslObjectBytes(lab);
    progress(
        "  memory per idle connection: pool %.0f B plain, %.0f B TLS (+ OpenSSL %.0f B); malloc delta %.0f B",
        results.poolBytesPerIdle, results.poolBytesPerIdleTls, results.opensslBytesPerIdleTls,
        results.mallinfoBytesPerIdle);
}

} // namespace poolscope::bench
