#pragma once
// Shared pieces of poolscope-bench: run options, timing, medians, the lab endpoints, and the
// results every section fills in (report.cpp prints and writes them).

#include "poolscope/pool_params.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace poolscope::bench {

using BenchClock = std::chrono::steady_clock;

struct RunOptions
{
    bool quick = false;
    int repetitions = 7; ///< medians are taken over this many repetitions of every measurement
};

/// Where the lab (running in a child process, see lab_process.h) listens. Loopback only.
struct LabEndpoints
{
    std::string host = "127.0.0.1";
    std::uint16_t http = 0;
    std::uint16_t https = 0;
    std::uint16_t echo = 0;
    std::string dnsServer; ///< "127.0.0.1:<port>" of the lab's DNS (names under .lab.test)
    std::string caPem;     ///< the lab CA; trusted only for these endpoints

    /// Verification stays on; the lab CA is added as an extra trust anchor.
    [[nodiscard]] TlsOptions trustingTls() const
    {
        TlsOptions options;
        options.extraCaPem = caPem;
        return options;
    }
};

[[nodiscard]] inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

/// Runs every variant `rounds` times in each of `repetitions` repetitions, round-robin with a
/// rotating start, so a burst of load from elsewhere on the machine lands on one short round of
/// one variant instead of on one variant's whole measurement. Result per variant: the median over
/// repetitions of the median over that repetition's rounds; NaN as soon as a round returns NaN.
template <class Variant>
[[nodiscard]] std::vector<double> interleavedMedians(int repetitions, int rounds,
                                                     std::vector<Variant>& variants)
{
    const std::size_t count = variants.size();
    std::vector<std::vector<double>> perRep(count);
    std::vector<bool> failed(count, false);
    for (int rep = 0; rep < repetitions; ++rep) {
        std::vector<std::vector<double>> samples(count);
        for (int round = 0; round < rounds; ++round) {
            for (std::size_t k = 0; k < count; ++k) {
                const std::size_t v = (k + static_cast<std::size_t>(round + rep)) % count;
                if (failed[v])
                    continue;
                const double value = variants[v]();
                if (value != value) // NaN: the variant failed; it stays failed
                    failed[v] = true;
                else
                    samples[v].push_back(value);
            }
        }
        for (std::size_t v = 0; v < count; ++v)
            perRep[v].push_back(median(samples[v]));
    }
    std::vector<double> result(count);
    for (std::size_t v = 0; v < count; ++v)
        result[v] = failed[v] ? __builtin_nan("") : median(perRep[v]);
    return result;
}

[[nodiscard]] inline double nsSince(BenchClock::time_point start)
{
    return std::chrono::duration<double, std::nano>(BenchClock::now() - start).count();
}

/// Progress goes to stderr so stdout carries only the table.
template <class... Args> void progress(const char* format, Args... args)
{
    std::fprintf(stderr, format, args...);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

/// A figure that could not be measured is NaN; the JSON writes it as null.
inline constexpr double kNotMeasured = __builtin_nan("");

struct ClientFigures
{
    double poolscope = kNotMeasured;
    double libcurl = kNotMeasured;
    double qnam = kNotMeasured;
    double rawOpenssl = kNotMeasured; ///< plain HTTP: raw blocking send/recv on one socket
    /// PoolScope with capture on (ConnectionPool::setHandshakeCapture): over HTTP every request
    /// goes into the connection's wire log; over HTTPS only the one handshake is captured.
    double poolscopeCapture = kNotMeasured;
};

struct Results
{
    // hit path (ns per acquire + release, liveness checks included)
    double hitPoolscope = kNotMeasured;
    double hitBaseline = kNotMeasured;
    double hit2Threads = kNotMeasured;
    double hit10kIdle1kKeys = kNotMeasured;
    // extra rows, clearly labelled in the table (not part of the JSON contract)
    double hitHandleApi = kNotMeasured;       ///< dialHandle + release (no RAII lease)
    double hitSkipWindow = kNotMeasured;      ///< PoolParams::staleCheckSkip = 1 ms (not the default)
    double hitSyscallFloor = kNotMeasured;    ///< two liveness checks alone, no pool (the baseline's checks)
    double hitOneCheck = kNotMeasured;        ///< one liveness check alone (the pool's, by default)
    double hitBaselineNoCheck = kNotMeasured; ///< mutex + map, no liveness check at all
    double hitBaseline10k = kNotMeasured;     ///< mutex + map over 10,000 raw sockets / 1,000 keys
    double hitSyscallFloor10k = kNotMeasured; ///< the two checks alone, rotating over those sockets
    // the 1-key figures measured interleaved with the 10k ones (their ratios use these)
    bool hit10kSkipped = false; ///< the descriptor limit is too low for 10,000 connections
    double hit1KeyBeside10k = kNotMeasured;
    double hitBaseline1KeyBeside10k = kNotMeasured;
    double hitSyscallFloor1Beside10k = kNotMeasured;

    ClientFigures https; ///< µs per request
    ClientFigures http;

    double tlsFullUs = kNotMeasured;
    double tlsResumedUs = kNotMeasured;
    double tlsResumedFraction = kNotMeasured; ///< of the "resumed" dials, how many really resumed

    int stormConnections = 0;
    double stormPoolPerS = kNotMeasured;
    double stormRawPerS = kNotMeasured;            ///< the better of the two raw variants
    double stormRawSameThreadsPerS = kNotMeasured; ///< raw, as many threads as the service's dial threads
    double stormRawCoreThreadsPerS = kNotMeasured; ///< raw, one thread per core
    int stormThreads = 0;
    int stormCoreThreads = 0;
    int stormFailures = 0;

    // snapshot() + stats() at 10 Hz over 10,000 connections while a client dials
    std::string snapshotSkipReason;              ///< set when the section could not run
    double snapshotMaxLockHoldMs = kNotMeasured; ///< longest hold of the lock by one observation call
    double snapshotMaxLockWaitMs = kNotMeasured; ///< longest wait a concurrent caller saw for the lock
    double snapshotCallMaxMs = kNotMeasured;     ///< longest snapshot() + stats() call
    double snapshotDialP99WithUs = kNotMeasured;
    double snapshotDialP99WithoutUs = kNotMeasured;

    // the whole monitor over 10,000 live connections (app_10k.cpp)
    std::string app10kSkipReason;
    double app10kGuiBusyFraction = kNotMeasured; ///< GUI thread CPU time / wall time
    double app10kMaxStallMs = kNotMeasured;      ///< longest gap between 5 ms timer ticks

    double uiDiffMs = kNotMeasured;
    double uiDiffWithProxyMs = kNotMeasured;
    double uiPureDiffMs = kNotMeasured;

    double poolBytesPerIdle = kNotMeasured;       ///< plain connection, the pool's own heap
    double poolBytesPerIdleTls = kNotMeasured;    ///< TLS connection, the pool's own heap (OpenSSL excluded)
    double opensslBytesPerIdleTls = kNotMeasured; ///< TLS connection, OpenSSL's heap (SSL*, buffers, session)
    double opensslBareSslBytes = kNotMeasured; ///< a fresh SSL object alone: OpenSSL's floor per connection
    double mallinfoBytesPerIdle =
        kNotMeasured; ///< cross-check: process-wide malloc delta per plain idle connection

    // an hour's trace at 1,000 connections (trace_hour.cpp)
    int traceSeconds = 0; ///< recorded length (an hour; six minutes with --quick)
    double traceBytes = kNotMeasured;
    double traceEvents = kNotMeasured;
    double traceWriteS = kNotMeasured;    ///< TraceWriter, every event + a snapshot per second
    double traceReadOnceS = kNotMeasured; ///< baseline: reading the file once
    double traceOpenS = kNotMeasured;     ///< ReplaySource::open: check + index
    double traceSeekMedianMs = kNotMeasured;
    double traceSeekMaxMs = kNotMeasured; ///< ReplaySource::seek: state + the last 2,000 events

    // publishing the pool at 10 Hz with 1,000 connections, one monitor attached (attach_publish.cpp)
    std::string attachSkipReason;
    double attachRoundTripP50WithoutUs = kNotMeasured; ///< client acquire + release, not published
    double attachRoundTripP99WithoutUs = kNotMeasured;
    double attachRoundTripP50WithUs = kNotMeasured; ///< published, the monitor attached
    double attachRoundTripP99WithUs = kNotMeasured;
    double attachCpuShareWithout = kNotMeasured; ///< main (publisher) thread CPU time / wall time
    double attachCpuShareWith = kNotMeasured;
    double attachBytesPerS = kNotMeasured;            ///< PoolPublisher::Stats::bytesSent per second
    double attachSnapshotsPerS = kNotMeasured;        ///< PoolPublisher::Stats::snapshotsSent per second
    double attachMonitorSnapshotsPerS = kNotMeasured; ///< decoded by the monitor with 1,000 connections
    double attachEncodeMs = kNotMeasured;             ///< encodeSnapshotBody of 1,000 connections
    double attachSnapshotBytes = kNotMeasured;        ///< its size

    double elapsedSeconds = 0.0;
    std::vector<std::string> notes; ///< anything that went wrong or is worth saying
};

// The sections. Each fills its part of Results; failures are recorded in Results::notes.
void runHitPath(const RunOptions& run, const LabEndpoints& lab, Results& results);
void runMemory(const RunOptions& run, const LabEndpoints& lab, Results& results);
void runKeepAlive(const RunOptions& run, const LabEndpoints& lab, Results& results);
void runTlsConnect(const RunOptions& run, const LabEndpoints& lab, Results& results);
void runDialStorm(const RunOptions& run, const LabEndpoints& lab, Results& results);
void runUiDiff(const RunOptions& run, Results& results);
void runTraceHour(const RunOptions& run, Results& results);
void runSnapshot10k(const RunOptions& run, const LabEndpoints& lab, Results& results);
/// Needs a QApplication (main() makes one, offscreen unless QT_QPA_PLATFORM says otherwise).
void runApp10k(const RunOptions& run, const LabEndpoints& lab, Results& results);
/// Publishes a 1,000-connection pool (PoolPublisher, main thread, needs a QCoreApplication).
void runAttachPublish(const RunOptions& run, const LabEndpoints& lab, Results& results);

void printTable(const RunOptions& run, const Results& results);
/// Writes exactly the documented keys. Returns false (and says why on stderr) on I/O errors.
bool writeJson(const std::string& path, const Results& results);

} // namespace poolscope::bench

struct ssl_ctx_st;

namespace poolscope::bench {
/// Blocking TCP connect to an IPv4 loopback address with TCP_NODELAY; -1 on failure.
[[nodiscard]] int tcpConnect(const std::string& host, std::uint16_t port);
/// A client SSL_CTX like the pool's: TLS 1.2+, peer verification on, the lab CA trusted.
/// nullptr on failure. Free with SSL_CTX_free.
[[nodiscard]] ssl_ctx_st* newLabClientContext(const std::string& caPem);
} // namespace poolscope::bench
