// Hit path: reuse of an idle connection, i.e. acquire (with the liveness check the pool does
// before handing an idle connection out) + release, one thread, against a plain lab connection
// that stays idle. Compared with a mutex + hash-map pool that checks on acquire and on return
// (two checks), with each side's checks measured alone in the same run so their bookkeeping can
// be compared, and scaled to two threads and to 10,000 idle connections over 1,000 keys.
#include "baseline_pool.h"
#include "bench_common.h"
#include "poolscope/connection_pool.h"

#include <cerrno>
#include <functional>
#include <latch>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace poolscope::bench {

namespace {

PoolParams hitParams()
{
    PoolParams params;
    params.maxConnections = 64;
    params.maxKeepAlive = std::chrono::minutes(10);
    return params;
}

DialRequest echoRequest(const LabEndpoints& lab)
{
    DialRequest request;
    request.host = lab.host;
    request.port = lab.echo;
    request.timeout = std::chrono::seconds(10);
    return request;
}

/// ns per acquire + release through the RAII lease API.
double leaseLoop(ConnectionPool& pool, const DialRequest& request, int iterations, int& failures)
{
    const auto start = BenchClock::now();
    for (int i = 0; i < iterations; ++i) {
        auto lease = pool.dial(request);
        if (!lease || !lease->reused() || !lease->release()) {
            ++failures;
            return kNotMeasured;
        }
    }
    return nsSince(start) / iterations;
}

double handleLoop(ConnectionPool& pool, const DialRequest& request, int iterations, int& failures)
{
    const auto start = BenchClock::now();
    for (int i = 0; i < iterations; ++i) {
        auto handle = pool.dialHandle(request);
        if (!handle || !pool.release(handle.value())) {
            ++failures;
            return kNotMeasured;
        }
    }
    return nsSince(start) / iterations;
}

double baselineLoop(MutexMapPool& pool, const std::string& host, std::uint16_t port, int iterations,
                    int& failures)
{
    const auto start = BenchClock::now();
    for (int i = 0; i < iterations; ++i) {
        const int fd = pool.acquire(host, port);
        if (fd < 0) {
            ++failures;
            return kNotMeasured;
        }
        pool.release(host, port, fd);
    }
    return nsSince(start) / iterations;
}

/// Readies `count` idle connections of `request`'s key in `pool`.
bool warm(ConnectionPool& pool, const DialRequest& request, int count)
{
    std::vector<PooledConnection> leases;
    for (int i = 0; i < count; ++i) {
        auto lease = pool.dial(request);
        if (!lease)
            return false;
        leases.push_back(std::move(lease).value());
    }
    return true; // the leases go back to idle here
}

/// 10,000 idle connections over 1,000 keys (names under .lab.test, resolved by the lab's DNS);
/// acquires visit the keys in a scrambled order so each one touches a different key. The 1-key
/// pool runs interleaved with it, so the ratio of the two comes from the same minutes.
void tenThousandIdle(const RunOptions& run, const LabEndpoints& lab, ConnectionPool& oneKeyPool,
                     const DialRequest& oneKeyRequest, Results& results)
{
    constexpr int kKeys = 1000;
    constexpr int kPerKey = 10;
    PoolParams params = hitParams();
    params.maxConnections = kKeys * kPerKey + 16;
    params.dnsServers = {lab.dnsServer};
    auto pool = ConnectionPool::create(params);
    if (!pool) {
        results.notes.push_back("10k idle: " + pool.error().message);
        return;
    }
    std::vector<DialRequest> requests(kKeys);
    const auto setupStart = BenchClock::now();
    int made = 0;
    for (int k = 0; k < kKeys; ++k) {
        char host[32];
        std::snprintf(host, sizeof host, "k%04d.lab.test", k);
        requests[static_cast<std::size_t>(k)] = echoRequest(lab);
        requests[static_cast<std::size_t>(k)].host = host;
        if (!warm(pool.value(), requests[static_cast<std::size_t>(k)], kPerKey)) {
            results.notes.push_back("10k idle: setup stopped after " + std::to_string(made) + " connections");
            return;
        }
        made += kPerKey;
    }
    const auto stats = pool->stats();
    progress("  10k idle: %d idle connections over %zu keys ready in %.1f s", stats.idle, stats.hosts.size(),
             nsSince(setupStart) / 1e9);
    if (stats.idle != kKeys * kPerKey)
        results.notes.push_back("10k idle: only " + std::to_string(stats.idle) +
                                " idle connections after setup");

    const int iterations = run.quick ? 5'000 : 10'000;
    int failures = 0;
    std::vector<std::function<double()>> variants = {[&] {
        const auto start = BenchClock::now();
        for (int i = 0; i < iterations; ++i) {
            const auto& request =
                requests[static_cast<std::size_t>((static_cast<long long>(i) * 7919) % kKeys)];
            auto lease = pool->dial(request);
            if (!lease || !lease->reused() || !lease->release()) {
                ++failures;
                return kNotMeasured;
            }
        }
        return nsSince(start) / iterations;
    }};
    variants.emplace_back([&] { return leaseLoop(oneKeyPool, oneKeyRequest, iterations, failures); });
    const std::vector<double> m = interleavedMedians(run.repetitions, run.quick ? 4 : 10, variants);
    if (failures > 0) {
        results.notes.push_back("10k idle: an acquire failed or dialled instead of reusing");
        return;
    }
    results.hit10kIdle1kKeys = m[0];
    results.hit1KeyBeside10k = m[1];
}

/// The same shape without PoolScope, to tell the pool's own scaling from the kernel's: 10,000 raw
/// sockets over 1,000 keys in the mutex + hash-map pool, and the two liveness checks alone on the
/// sockets those acquires get (each key's most recently returned one), visited in the same
/// scrambled order. Run after the pool is gone (descriptors).
void tenThousandRaw(const RunOptions& run, const LabEndpoints& lab, MutexMapPool& oneKeyBaseline,
                    int oneSocket, Results& results)
{
    constexpr int kKeys = 1000;
    constexpr int kPerKey = 10;
    MutexMapPool baseline(true);
    std::vector<std::string> hosts(kKeys);
    std::vector<int> fds;
    fds.reserve(kKeys * kPerKey);
    for (int k = 0; k < kKeys; ++k) {
        char host[32];
        std::snprintf(host, sizeof host, "k%04d.lab.test", k);
        hosts[static_cast<std::size_t>(k)] = host;
        for (int i = 0; i < kPerKey; ++i) {
            const int fd = tcpConnect(lab.host, lab.echo);
            if (fd < 0) {
                results.notes.push_back("10k raw sockets: connect failed after " +
                                        std::to_string(fds.size()));
                return;
            }
            fds.push_back(fd); // the baseline owns (and closes) it; the floor loop only polls it
            baseline.release(hosts[static_cast<std::size_t>(k)], lab.echo, fd);
        }
    }
    const int iterations = run.quick ? 5'000 : 10'000;
    int failures = 0;
    std::vector<std::function<double()>> variants = {
        [&] {
            const auto start = BenchClock::now();
            for (int i = 0; i < iterations && failures == 0; ++i) {
                const auto& host =
                    hosts[static_cast<std::size_t>((static_cast<long long>(i) * 7919) % kKeys)];
                const int fd = baseline.acquire(host, lab.echo);
                if (fd < 0)
                    ++failures;
                else
                    baseline.release(host, lab.echo, fd);
            }
            return failures > 0 ? kNotMeasured : nsSince(start) / iterations;
        },
        [&] {
            const auto start = BenchClock::now();
            for (int i = 0; i < iterations; ++i) {
                // The socket an acquire of that key gets: the most recently returned one.
                const auto key = static_cast<std::size_t>((static_cast<long long>(i) * 7919) % kKeys);
                const int fd = fds[key * kPerKey + (kPerKey - 1)];
                if (!plainUsable(fd) || !plainUsable(fd))
                    ++failures;
            }
            return failures > 0 ? kNotMeasured : nsSince(start) / iterations;
        },
    };
    variants.emplace_back(
        [&] { return baselineLoop(oneKeyBaseline, lab.host, lab.echo, iterations, failures); });
    variants.emplace_back([&] {
        const auto start = BenchClock::now();
        for (int i = 0; i < iterations; ++i) {
            if (!plainUsable(oneSocket) || !plainUsable(oneSocket))
                ++failures;
        }
        return failures > 0 ? kNotMeasured : nsSince(start) / iterations;
    });
    const std::vector<double> m = interleavedMedians(run.repetitions, run.quick ? 4 : 10, variants);
    if (failures > 0) {
        results.notes.push_back("10k raw sockets: a check or an acquire failed");
        return;
    }
    results.hitBaseline10k = m[0];
    results.hitSyscallFloor10k = m[1];
    results.hitBaseline1KeyBeside10k = m[2];
    results.hitSyscallFloor1Beside10k = m[3];
}

} // namespace

void runHitPath(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    const int iterations = run.quick ? 5'000 : 10'000; // per round
    const DialRequest request = echoRequest(lab);

    auto pool = ConnectionPool::create(hitParams());
    PoolParams skipParams = hitParams();
    skipParams.checkOnReturn = true; // the skip window relies on the check on return
    skipParams.staleCheckSkip = std::chrono::milliseconds(1);
    auto skipPool = ConnectionPool::create(skipParams);
    if (!pool || !skipPool || !warm(pool.value(), request, 1) || !warm(skipPool.value(), request, 1)) {
        results.notes.push_back("hit path: could not dial the lab's echo server");
        return;
    }
    MutexMapPool baseline(true);
    MutexMapPool baselineNoCheck(false);
    const int fd1 = tcpConnect(lab.host, lab.echo);
    const int fd2 = tcpConnect(lab.host, lab.echo);
    const int fdFloor = tcpConnect(lab.host, lab.echo);
    if (fd1 < 0 || fd2 < 0 || fdFloor < 0) {
        results.notes.push_back("hit path: could not connect the baseline's sockets");
        return;
    }
    baseline.release(lab.host, lab.echo, fd1);
    baselineNoCheck.release(lab.host, lab.echo, fd2);

    // Short interleaved rounds (see interleavedMedians): every variant meets the same load.
    const int rounds = run.quick ? 4 : 10;
    int failures = 0;
    std::vector<std::function<double()>> variants = {
        [&] { return leaseLoop(pool.value(), request, iterations, failures); },
        [&] { return baselineLoop(baseline, lab.host, lab.echo, iterations, failures); },
        [&] { return handleLoop(pool.value(), request, iterations, failures); },
        [&] { return baselineLoop(baselineNoCheck, lab.host, lab.echo, iterations, failures); },
        [&] { return leaseLoop(skipPool.value(), request, iterations, failures); },
        [&] {
            const auto start = BenchClock::now();
            for (int i = 0; i < iterations; ++i) {
                if (!plainUsable(fdFloor) || !plainUsable(fdFloor))
                    ++failures;
            }
            return nsSince(start) / iterations;
        },
        [&] {
            const auto start = BenchClock::now();
            for (int i = 0; i < iterations; ++i) {
                if (!plainUsable(fdFloor))
                    ++failures;
            }
            return nsSince(start) / iterations;
        },
    };
    const std::vector<double> m = interleavedMedians(run.repetitions, rounds, variants);
    if (failures > 0) {
        ::close(fdFloor);
        results.notes.push_back("hit path: an acquire failed or did not reuse the idle connection");
        return;
    }
    results.hitPoolscope = m[0];
    results.hitBaseline = m[1];
    results.hitHandleApi = m[2];
    results.hitBaselineNoCheck = m[3];
    results.hitSkipWindow = m[4];
    results.hitSyscallFloor = m[5];
    results.hitOneCheck = m[6];
    progress("  hit path: poolscope %.0f ns, baseline %.0f ns, two checks alone %.0f ns",
             results.hitPoolscope, results.hitBaseline, results.hitSyscallFloor);

    // Two threads on one key with two idle connections: ns per acquire + release as each thread
    // sees it (wall time / its own iterations).
    if (!warm(pool.value(), request, 2)) {
        results.notes.push_back("hit path (2 threads): could not ready a second connection");
    } else {
        std::vector<double> samples;
        for (int rep = 0; rep < run.repetitions && failures == 0; ++rep) {
            std::latch ready(3);
            double perThread[2] = {0, 0};
            int threadFailures[2] = {0, 0};
            std::vector<std::thread> threads;
            for (int t = 0; t < 2; ++t) {
                threads.emplace_back([&, t] {
                    ready.arrive_and_wait();
                    perThread[t] = leaseLoop(pool.value(), request, iterations * rounds, threadFailures[t]);
                });
            }
            ready.arrive_and_wait();
            for (auto& thread : threads)
                thread.join();
            failures += threadFailures[0] + threadFailures[1];
            samples.push_back((perThread[0] + perThread[1]) / 2.0);
        }
        if (failures > 0)
            results.notes.push_back("hit path (2 threads): an acquire failed (both connections busy?)");
        else
            results.hit2Threads = median(samples);
    }

    // 10,000 connections need 10,000 descriptors here (and in the lab's process) plus the rest.
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < 10'500) {
        results.hit10kSkipped = true;
        results.notes.push_back("10k idle: skipped, the descriptor limit (" + std::to_string(limit.rlim_cur) +
                                ") is below 10,500; raise `ulimit -n`");
    } else {
        tenThousandIdle(run, lab, pool.value(), request, results); // its pool is gone when this returns
        tenThousandRaw(run, lab, baseline, fdFloor, results);
    }
    ::close(fdFloor);
}

} // namespace poolscope::bench
