// Dial storm: 1,000 TLS acquires issued at once through PoolService (each needs a new connection;
// the service runs them on its dial threads), against raw blocking OpenSSL handshakes in the
// same run (the better of: as many threads as the service, one thread per core). Both verify the lab's
// certificate, both do full handshakes (resumption off on both sides of the comparison) and both keep their
// connections open until the storm is over.
#include "bench_common.h"
#include "poolscope/service/pool_service.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <thread>
#include <unistd.h>

namespace poolscope::bench {

namespace {

constexpr int kConnections = 1000;

/// Connections per second, or NaN (with a note) when any acquire failed.
double serviceStorm(PoolService& service, const AcquireRequest& request, Results& results)
{
    QList<QFuture<Lease>> futures;
    futures.reserve(kConnections);
    const auto start = BenchClock::now();
    for (int i = 0; i < kConnections; ++i)
        futures.append(service.acquire(request));
    QList<ConnectionId> ids;
    int failures = 0;
    std::string firstError;
    for (auto& future : futures) {
        try {
            future.waitForFinished();
            ids.append(future.result().id);
        } catch (const ServiceError& e) {
            if (failures++ == 0)
                firstError = e.error().message;
        }
    }
    const double seconds = nsSince(start) / 1e9;
    service.close(ids).waitForFinished();
    if (failures > 0) {
        results.stormFailures += failures;
        results.notes.push_back("dial storm: " + std::to_string(failures) +
                                " acquires failed, first: " + firstError);
        return kNotMeasured;
    }
    return kConnections / seconds;
}

double rawStorm(SSL_CTX* ctx, const LabEndpoints& lab, int threads, Results& results)
{
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    std::vector<std::vector<std::pair<int, SSL*>>> held(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    const auto start = BenchClock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            while (next.fetch_add(1) < kConnections) {
                const int fd = tcpConnect(lab.host, lab.https);
                SSL* ssl = fd >= 0 ? SSL_new(ctx) : nullptr;
                if (!ssl || SSL_set_fd(ssl, fd) != 1 ||
                    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), lab.host.c_str()) != 1 ||
                    SSL_connect(ssl) != 1 || SSL_get_verify_result(ssl) != X509_V_OK) {
                    ERR_clear_error();
                    ++failures;
                }
                held[static_cast<std::size_t>(t)].emplace_back(fd, ssl);
            }
        });
    }
    for (auto& worker : workers)
        worker.join();
    const double seconds = nsSince(start) / 1e9;
    for (auto& list : held) {
        for (auto [fd, ssl] : list) {
            SSL_free(ssl);
            if (fd >= 0)
                ::close(fd);
        }
    }
    if (failures > 0) {
        results.notes.push_back("dial storm: " + std::to_string(failures.load()) + " raw handshakes failed");
        return kNotMeasured;
    }
    return kConnections / seconds;
}

} // namespace

void runDialStorm(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    ServiceOptions options;
    options.pool.maxConnections = kConnections + 16;
    options.pool.maxKeepAlive = std::chrono::minutes(10);
    options.pool.tls = lab.trustingTls();
    options.pool.tls.sessionResumption = false;
    options.defaultAcquireTimeout = std::chrono::seconds(120);
    auto thread = PoolServiceThread::start(options);
    SSL_CTX* ctx = newLabClientContext(lab.caPem);
    if (!thread || !ctx) {
        results.notes.push_back("dial storm: could not start the service or the raw TLS context");
        SSL_CTX_free(ctx);
        return;
    }
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    PoolService& service = *thread.value()->service();
    const int threads = options.maxDialThreads;
    results.stormConnections = kConnections;
    results.stormThreads = threads;

    AcquireRequest request;
    request.host = QString::fromStdString(lab.host);
    request.port = lab.https;
    request.tls = true;
    request.allowReuse = false;
    request.timeout = std::chrono::seconds(120);
    request.label = QStringLiteral("storm");
    // Warm: the TLS context (CA store) is built by the first dial, as in any running service.
    try {
        auto first = service.acquire(request);
        first.waitForFinished();
        service.close({first.result().id}).waitForFinished();
    } catch (const ServiceError& e) {
        results.notes.push_back("dial storm: warm-up acquire failed: " + e.error().message);
        SSL_CTX_free(ctx);
        return;
    }

    // Raw handshakes with as many threads as the service has dial threads, and with one thread
    // per core: on two cores many client threads starve the (single-threaded) server, so the
    // better of the two is the bar the service is held to.
    const int reps = run.quick ? std::min(run.repetitions, 2) : run.repetitions;
    std::vector<double> pool, rawSame, rawCores;
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    for (int rep = 0; rep < reps; ++rep) {
        // Rotate the order, so no variant always meets a freshly quiet server.
        for (int k = 0; k < 3; ++k) {
            const int which = (rep + k) % 3;
            const double perSecond = which == 0   ? serviceStorm(service, request, results)
                                     : which == 1 ? rawStorm(ctx, lab, threads, results)
                                                  : rawStorm(ctx, lab, cores, results);
            if (std::isnan(perSecond)) {
                SSL_CTX_free(ctx);
                return;
            }
            (which == 0 ? pool : which == 1 ? rawSame : rawCores).push_back(perSecond);
        }
    }
    SSL_CTX_free(ctx);
    results.stormPoolPerS = median(pool);
    results.stormRawSameThreadsPerS = median(rawSame);
    results.stormRawCoreThreadsPerS = median(rawCores);
    results.stormRawPerS = std::max(results.stormRawSameThreadsPerS, results.stormRawCoreThreadsPerS);
    results.stormCoreThreads = cores;
    progress(
        "  dial storm: %d TLS dials, service %.0f/s (%d dial threads), raw %.0f/s (%d threads) / %.0f/s (%d)",
        kConnections, results.stormPoolPerS, threads, results.stormRawSameThreadsPerS, threads,
        results.stormRawCoreThreadsPerS, cores);
}

} // namespace poolscope::bench
