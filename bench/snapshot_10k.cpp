// Observation at scale: 10,000 idle connections over 1,000 keys, a client thread dialling (reusing)
// and returning them as fast as it can, and a monitor taking snapshot(), stats() and
// nextIdleDeadline() ten times a second, as the service does. Measured: the dial latency
// distribution with and without the monitor (interleaved phases); the longest hold of the pool's
// lock by one observation call, as the pool itself times it; and, as a cross-check, the longest
// time a concurrent caller waited for the lock (a prober thread timing isShutDown(), which only
// takes the lock; its figure includes its own wake-ups, so it bounds the holds from above).
#include "bench_common.h"
#include "pool/pool_state.h" // the pool's own timing of its observation holds
#include "poolscope/connection_pool.h"

#include <atomic>
#include <sys/resource.h>
#include <thread>

namespace poolscope::detail {
struct PoolTestAccess
{
    static PoolState& state(ConnectionPool& pool) { return *pool.m_state; }
};
} // namespace poolscope::detail

namespace poolscope::bench {

namespace {

constexpr int kKeys = 1000;
constexpr int kPerKey = 10;

struct Phase
{
    std::vector<double> dialUs;  ///< every dial's latency in this phase
    double maxLockWaitMs = 0.0;  ///< the prober's longest wait
    double maxHoldMs = 0.0;      ///< the pool's longest observation hold
    double maxObservationMs = 0; ///< the longest snapshot() + stats() call
};

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return kNotMeasured;
    const auto rank = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank), values.end());
    return values[rank];
}

Phase runPhase(ConnectionPool& pool, const std::vector<DialRequest>& requests, bool observe,
               std::chrono::milliseconds length, int& failures)
{
    Phase phase;
    std::atomic<bool> stop{false};
    std::atomic<int> badSnapshots{0};
    detail::PoolState& state = detail::PoolTestAccess::state(pool);
    state.resetLongestObservationHold();
    std::thread prober([&] {
        double worst = 0.0;
        while (!stop.load(std::memory_order_relaxed)) {
            const auto start = BenchClock::now();
            (void)pool.isShutDown();
            worst = std::max(worst, nsSince(start) / 1e6);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        phase.maxLockWaitMs = worst;
    });
    std::thread monitor;
    if (observe) {
        monitor = std::thread([&] {
            double worst = 0.0;
            auto due = BenchClock::now();
            while (!stop.load(std::memory_order_relaxed)) {
                const auto start = BenchClock::now();
                const auto rows = pool.snapshot();
                const auto stats = pool.stats();
                (void)pool.nextIdleDeadline();
                worst = std::max(worst, nsSince(start) / 1e6);
                // Every connection is idle or held by the client: all of them are rows.
                if (rows.size() != static_cast<std::size_t>(kKeys * kPerKey))
                    badSnapshots.fetch_add(1, std::memory_order_relaxed);
                due += std::chrono::milliseconds(100);
                while (!stop.load(std::memory_order_relaxed) && BenchClock::now() < due)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            phase.maxObservationMs = worst;
        });
    }
    const auto end = BenchClock::now() + length;
    phase.dialUs.reserve(1 << 20);
    for (long long i = 0; BenchClock::now() < end && phase.dialUs.size() < (1u << 22); ++i) {
        const auto& request = requests[static_cast<std::size_t>((i * 7919) % kKeys)];
        const auto start = BenchClock::now();
        auto lease = pool.dial(request);
        phase.dialUs.push_back(nsSince(start) / 1e3);
        if (!lease || !lease->reused() || !lease->release()) {
            ++failures;
            break;
        }
    }
    stop = true;
    prober.join();
    if (monitor.joinable())
        monitor.join();
    failures += badSnapshots.load();
    phase.maxHoldMs = static_cast<double>(state.longestObservationHold().count()) / 1e6;
    return phase;
}

} // namespace

void runSnapshot10k(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < 10'500) {
        results.snapshotSkipReason = "the descriptor limit (" + std::to_string(limit.rlim_cur) +
                                     ") is below 10,500; raise `ulimit -n`";
        results.notes.push_back("snapshot at 10k: skipped, " + results.snapshotSkipReason);
        return;
    }
    PoolParams params;
    params.maxConnections = kKeys * kPerKey + 16;
    params.maxKeepAlive = std::chrono::minutes(10);
    params.dnsServers = {lab.dnsServer};
    auto pool = ConnectionPool::create(params);
    if (!pool) {
        results.notes.push_back("snapshot at 10k: " + pool.error().message);
        return;
    }
    std::vector<DialRequest> requests(kKeys);
    for (int k = 0; k < kKeys; ++k) {
        char host[32];
        std::snprintf(host, sizeof host, "k%04d.lab.test", k);
        DialRequest& request = requests[static_cast<std::size_t>(k)];
        request.host = host;
        request.port = lab.echo;
        request.timeout = std::chrono::seconds(10);
        std::vector<PooledConnection> leases;
        for (int i = 0; i < kPerKey; ++i) {
            auto lease = pool->dial(request);
            if (!lease) {
                results.notes.push_back("snapshot at 10k: setup failed: " + lease.error().message);
                return;
            }
            leases.push_back(std::move(lease).value());
        }
    }

    const auto length = std::chrono::milliseconds(run.quick ? 600 : 1500);
    std::vector<double> with, without;
    double maxLockWait = 0.0, maxObservation = 0.0, maxHold = 0.0;
    int failures = 0;
    for (int rep = 0; rep < run.repetitions && failures == 0; ++rep) {
        for (int order = 0; order < 2; ++order) {
            const bool observe = (order + rep) % 2 == 0;
            Phase phase = runPhase(pool.value(), requests, observe, length, failures);
            auto& into = observe ? with : without;
            into.insert(into.end(), phase.dialUs.begin(), phase.dialUs.end());
            if (observe) {
                maxLockWait = std::max(maxLockWait, phase.maxLockWaitMs);
                maxHold = std::max(maxHold, phase.maxHoldMs);
                maxObservation = std::max(maxObservation, phase.maxObservationMs);
            }
        }
    }
    if (failures > 0) {
        results.notes.push_back("snapshot at 10k: a dial failed or did not reuse, or a snapshot missed rows");
        return;
    }
    results.snapshotMaxLockHoldMs = maxHold;
    results.snapshotMaxLockWaitMs = maxLockWait;
    results.snapshotCallMaxMs = maxObservation;
    results.snapshotDialP99WithUs = percentile(with, 0.99);
    results.snapshotDialP99WithoutUs = percentile(without, 0.99);
    progress("  snapshot at 10k: longest hold %.3f ms, longest wait %.3f ms, longest observation %.1f ms, "
             "dial p99 %.2f us with / %.2f us without (%zu / %zu dials)",
             maxHold, maxLockWait, maxObservation, results.snapshotDialP99WithUs,
             results.snapshotDialP99WithoutUs, with.size(), without.size());
}

} // namespace poolscope::bench
