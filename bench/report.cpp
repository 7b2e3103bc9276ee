// The readable table (stdout) and the JSON file. Ratios are computed from figures of one run.
#include "bench_common.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace poolscope::bench {

namespace {

enum class Goal
{
    None,
    Met,
    Missed,
    Unknown
};

const char* goalText(Goal g)
{
    switch (g) {
    case Goal::Met:
        return "met";
    case Goal::Missed:
        return "MISSED";
    case Goal::Unknown:
        return "n/a";
    case Goal::None:
        break;
    }
    return "";
}

/// Met when value <= limit (or >= limit when `atLeast`).
Goal check(double value, double limit, bool atLeast = false)
{
    if (std::isnan(value) || std::isnan(limit))
        return Goal::Unknown;
    return (atLeast ? value >= limit : value <= limit) ? Goal::Met : Goal::Missed;
}

std::string number(double value, int decimals, const char* unit = "")
{
    if (std::isnan(value))
        return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f%s%s", decimals, value, *unit ? " " : "", unit);
    return buffer;
}

void section(const std::string& title)
{
    std::printf("\n%s\n", title.c_str());
}

void row(const std::string& what, const std::string& value, const std::string& goal = {}, Goal g = Goal::None)
{
    std::printf("  %-54s %14s   %-12s %s\n", what.c_str(), value.c_str(), goal.c_str(), goalText(g));
}

/// What an idle TLS connection costs in all: the pool's heap plus OpenSSL's (n/a when either is).
double idleTlsTotal(const Results& r)
{
    return std::isnan(r.poolBytesPerIdleTls) || std::isnan(r.opensslBytesPerIdleTls)
               ? kNotMeasured
               : r.poolBytesPerIdleTls + r.opensslBytesPerIdleTls;
}

double ratio(double a, double b)
{
    return std::isnan(a) || std::isnan(b) || b == 0.0 ? kNotMeasured : a / b;
}

void clientRows(const ClientFigures& f, bool tls)
{
    const auto rps = [](double us) {
        return std::isnan(us) ? std::string("n/a") : number(1e6 / us, 0, "req/s");
    };
    row(std::string(tls ? "raw OpenSSL, one SSL* (floor)" : "raw socket, one fd (floor)"),
        number(f.rawOpenssl, 1, "us"), rps(f.rawOpenssl));
    row("PoolScope: lease, GET, read, return", number(f.poolscope, 1, "us"), rps(f.poolscope));
    row("libcurl, easy handle reused", number(f.libcurl, 1, "us"), rps(f.libcurl));
    row("QNAM, chained from finished", number(f.qnam, 1, "us"), rps(f.qnam));
    row(std::string(tls ? "PoolScope, handshake capture on" : "PoolScope, capture on (wire log)"),
        number(f.poolscopeCapture, 1, "us"), rps(f.poolscopeCapture));
    row("PoolScope time, capture on / off", number(ratio(f.poolscopeCapture, f.poolscope), 2, "x"));
    if (tls) {
        row("PoolScope throughput / libcurl's", number(ratio(f.libcurl, f.poolscope), 2, "x"), ">= 1.3x",
            check(ratio(f.libcurl, f.poolscope), 1.3, true));
        row("PoolScope throughput / QNAM's", number(ratio(f.qnam, f.poolscope), 2, "x"), ">= 4x",
            check(ratio(f.qnam, f.poolscope), 4.0, true));
        row("PoolScope time / raw OpenSSL's", number(ratio(f.poolscope, f.rawOpenssl), 2, "x"), "<= 1.15x",
            check(ratio(f.poolscope, f.rawOpenssl), 1.15));
    } else {
        row("PoolScope throughput / libcurl's", number(ratio(f.libcurl, f.poolscope), 2, "x"));
        row("PoolScope throughput / QNAM's", number(ratio(f.qnam, f.poolscope), 2, "x"));
        row("PoolScope time / raw socket's", number(ratio(f.poolscope, f.rawOpenssl), 2, "x"));
    }
}

// ---- JSON ----------------------------------------------------------------------------------------

std::string json(double value)
{
    if (std::isnan(value) || std::isinf(value))
        return "null";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

/// `, "reason": "..."` when a row could not run, so its nulls explain themselves.
std::string reason(const std::string& why)
{
    if (why.empty())
        return {};
    std::string escaped;
    for (const char c : why) {
        if (c == '"' || c == '\\')
            escaped += '\\';
        escaped += c;
    }
    return ", \"reason\": \"" + escaped + "\"";
}

std::string clients(const ClientFigures& f)
{
    return "{\"poolscope\": " + json(f.poolscope) + ", \"libcurl\": " + json(f.libcurl) +
           ", \"qnam\": " + json(f.qnam) + ", \"raw_openssl\": " + json(f.rawOpenssl) +
           ", \"poolscope_capture\": " + json(f.poolscopeCapture) + "}";
}

} // namespace

void printTable(const RunOptions& run, const Results& r)
{
    std::printf("poolscope-bench: %s run, medians of %d repetitions, %.0f s\n", run.quick ? "quick" : "full",
                run.repetitions, r.elapsedSeconds);

    section("Hit path: acquire an idle connection (liveness check included) + release, ns");
    const double ownBookkeeping = r.hitPoolscope - r.hitOneCheck;
    const double baselineBookkeeping = r.hitBaseline - r.hitSyscallFloor;
    row("PoolScope, 1 key (RAII lease API, one check)", number(r.hitPoolscope, 0, "ns"));
    row("mutex + hash map baseline (checks on acquire and return)", number(r.hitBaseline, 0, "ns"));
    row("one liveness check alone", number(r.hitOneCheck, 0, "ns"));
    row("the baseline's two checks alone", number(r.hitSyscallFloor, 0, "ns"));
    row("PoolScope's bookkeeping (minus its check)", number(ownBookkeeping, 0, "ns"), "<= baseline's",
        check(ratio(ownBookkeeping, baselineBookkeeping), 1.0));
    row("baseline's bookkeeping (minus its checks)", number(baselineBookkeeping, 0, "ns"));
    row("PoolScope, 2 threads, 1 key (per thread)", number(r.hit2Threads, 0, "ns"));
    row("  2 threads / 1 thread", number(ratio(r.hit2Threads, r.hitPoolscope), 2, "x"), "<= 1.5x",
        check(ratio(r.hit2Threads, r.hitPoolscope), 1.5));
    row("PoolScope, 10,000 idle over 1,000 keys", number(r.hit10kIdle1kKeys, 0, "ns"));
    row("  1 key, measured interleaved with it", number(r.hit1KeyBeside10k, 0, "ns"));
    row("  1,000 keys / 1 key", number(ratio(r.hit10kIdle1kKeys, r.hit1KeyBeside10k), 2, "x"),
        "<= baseline's",
        check(ratio(r.hit10kIdle1kKeys, r.hit1KeyBeside10k),
              ratio(r.hitBaseline10k, r.hitBaseline1KeyBeside10k)));
    row("extra: baseline, 10,000 idle over 1,000 keys", number(r.hitBaseline10k, 0, "ns"));
    row("  baseline's 1,000 keys / 1 key (interleaved)",
        number(ratio(r.hitBaseline10k, r.hitBaseline1KeyBeside10k), 2, "x"));
    row("extra: the two checks alone, on those keys' sockets", number(r.hitSyscallFloor10k, 0, "ns"));
    row("  kernel's share: those sockets / 1 (interleaved)",
        number(ratio(r.hitSyscallFloor10k, r.hitSyscallFloor1Beside10k), 2, "x"));
    row("extra: PoolScope handle API (dialHandle+release)", number(r.hitHandleApi, 0, "ns"));
    row("extra: staleCheckSkip = 1 ms (NOT the default)", number(r.hitSkipWindow, 0, "ns"), "<= 350 ns",
        check(r.hitSkipWindow, 350));
    row("extra: baseline without any check", number(r.hitBaselineNoCheck, 0, "ns"));

    section("HTTPS keep-alive, sequential GETs to the lab, us per request");
    clientRows(r.https, true);
    section("HTTP keep-alive, sequential GETs to the lab, us per request");
    clientRows(r.http, false);

    section("New TLS connection to a host seen before (TCP + TLS 1.3 + verify), us");
    row("full handshake", number(r.tlsFullUs, 0, "us"));
    row("resumed session", number(r.tlsResumedUs, 0, "us"));
    row("resumed / full", number(ratio(r.tlsResumedUs, r.tlsFullUs), 2, "x"), "<= 0.7x",
        check(ratio(r.tlsResumedUs, r.tlsFullUs), 0.7));
    row("share of 'resumed' dials that did resume", number(r.tlsResumedFraction * 100.0, 0, "%"));

    section("Dial storm: 1,000 concurrent TLS dials (full handshakes)");
    row("through PoolService (" + std::to_string(r.stormThreads) + " dial threads)",
        number(r.stormPoolPerS, 0, "conn/s"));
    row("raw OpenSSL handshakes, " + std::to_string(r.stormThreads) + " threads",
        number(r.stormRawSameThreadsPerS, 0, "conn/s"));
    row("raw OpenSSL handshakes, " + std::to_string(r.stormCoreThreads) + " threads (one per core)",
        number(r.stormRawCoreThreadsPerS, 0, "conn/s"));
    row("service / the better raw", number(ratio(r.stormPoolPerS, r.stormRawPerS) * 100.0, 0, "%"), ">= 80 %",
        check(ratio(r.stormPoolPerS, r.stormRawPerS), 0.8, true));

    section("Observation at 10 Hz over 10,000 connections while a client dials");
    row("longest hold of the pool's lock by one call", number(r.snapshotMaxLockHoldMs, 3, "ms"), "<= 1 ms",
        check(r.snapshotMaxLockHoldMs, 1.0));
    row("extra: longest wait a concurrent caller saw", number(r.snapshotMaxLockWaitMs, 3, "ms"));
    row("dial p99 with the snapshots", number(r.snapshotDialP99WithUs, 2, "us"));
    row("dial p99 without", number(r.snapshotDialP99WithoutUs, 2, "us"));
    row("  with / without", number(ratio(r.snapshotDialP99WithUs, r.snapshotDialP99WithoutUs), 2, "x"),
        "<= 1.2x", check(ratio(r.snapshotDialP99WithUs, r.snapshotDialP99WithoutUs), 1.2));
    row("extra: longest snapshot() + stats() + nextIdleDeadline()", number(r.snapshotCallMaxMs, 1, "ms"));

    section(
        "The monitor (real main window, offscreen) over 10,000 live connections, 10 Hz, sorted + filtered");
    row("GUI thread busy", number(r.app10kGuiBusyFraction * 100.0, 0, "%"), "< 25 %",
        check(r.app10kGuiBusyFraction, 0.25));
    row("longest event-loop stall", number(r.app10kMaxStallMs, 0, "ms"), "<= 50 ms",
        check(r.app10kMaxStallMs, 50));

    section("Publishing the pool (PoolPublisher, 10 Hz) with 1,000 connections, one monitor attached");
    const double attachP99Ratio = ratio(r.attachRoundTripP99WithUs, r.attachRoundTripP99WithoutUs);
    const double attachCost = r.attachCpuShareWith - r.attachCpuShareWithout;
    row("client acquire + release p50, not published", number(r.attachRoundTripP50WithoutUs, 0, "us"));
    row("client acquire + release p50, published", number(r.attachRoundTripP50WithUs, 0, "us"));
    row("  published / not",
        number(ratio(r.attachRoundTripP50WithUs, r.attachRoundTripP50WithoutUs), 2, "x"));
    row("client acquire + release p99, not published", number(r.attachRoundTripP99WithoutUs, 0, "us"));
    row("client acquire + release p99, published", number(r.attachRoundTripP99WithUs, 0, "us"));
    row("  published / not", number(attachP99Ratio, 2, "x"), "<= 1.2x", check(attachP99Ratio, 1.2));
    row("publisher's thread CPU, published", number(r.attachCpuShareWith * 100.0, 2, "%"));
    row("publisher's thread CPU, not published", number(r.attachCpuShareWithout * 100.0, 2, "%"));
    row("  cost of publishing (% of one core)", number(attachCost * 100.0, 2, "%"));
    row("sent to the monitor", number(r.attachBytesPerS / 1e6, 2, "MB/s"));
    row("snapshots sent", number(r.attachSnapshotsPerS, 1, "/s"));
    row("  decoded by the monitor with 1,000 connections", number(r.attachMonitorSnapshotsPerS, 1, "/s"));
    row("encode one 1,000-connection snapshot", number(r.attachEncodeMs, 2, "ms"));
    row("  its size", number(r.attachSnapshotBytes / 1e3, 0, "kB"));

    section("UI: apply a 10,000-connection snapshot with 10 % changed to the connections model");
    row("with the sorting proxy attached (as in the app)", number(r.uiDiffWithProxyMs, 2, "ms"), "<= 3 ms",
        check(r.uiDiffWithProxyMs, 3.0));
    row("ConnectionsModel::applyConnections alone", number(r.uiDiffMs, 2, "ms"), "<= 3 ms",
        check(r.uiDiffMs, 3.0));
    row("  of which the pure diff", number(r.uiPureDiffMs, 2, "ms"));

    section("A trace of " + std::string(r.traceSeconds >= 3600 ? "an hour" : "six minutes") +
            " at 1,000 connections (every event, a snapshot per second)");
    row("size", number(r.traceBytes / 1e6, 0, "MB"));
    row("events", number(r.traceEvents, 0));
    row("recording it (TraceWriter)", number(r.traceWriteS, 1, "s"));
    row("baseline: reading the file once", number(r.traceReadOnceS, 2, "s"));
    row("File > Open Trace (check + index)", number(r.traceOpenS, 2, "s"),
        r.traceSeconds >= 3600 ? "<= 10 s" : "",
        r.traceSeconds >= 3600 ? check(r.traceOpenS, 10.0) : Goal::None);
    row("  open / reading once", number(ratio(r.traceOpenS, r.traceReadOnceS), 1, "x"));
    row("seek: the state + the last 2,000 events, median", number(r.traceSeekMedianMs, 1, "ms"));
    row("seek, slowest", number(r.traceSeekMaxMs, 1, "ms"), "<= 100 ms", check(r.traceSeekMaxMs, 100.0));

    section("Memory per idle connection (heap, malloc headers included)");
    row("pool's own, plain connection", number(r.poolBytesPerIdle, 0, "B"), "<= 4096 B",
        check(r.poolBytesPerIdle, 4096));
    row("pool's own, TLS connection", number(r.poolBytesPerIdleTls, 0, "B"));
    row("OpenSSL's, TLS connection (reported apart)", number(r.opensslBytesPerIdleTls, 0, "B"));
    row("pool + OpenSSL, TLS connection", number(idleTlsTotal(r), 0, "B"), "<= 8192 B",
        check(idleTlsTotal(r), 8192));
    row("extra: OpenSSL's floor, a bare SSL object", number(r.opensslBareSslBytes, 0, "B"));
    row("cross-check: process malloc delta, plain", number(r.mallinfoBytesPerIdle, 0, "B"));

    if (!r.notes.empty()) {
        section("Notes");
        for (const auto& note : r.notes)
            std::printf("  - %s\n", note.c_str());
    }
    std::fflush(stdout);
}

bool writeJson(const std::string& path, const Results& r)
{
    std::ostringstream out;
    out << "{\n"
        << "  \"hit_path_ns\": {\"poolscope\": " << json(r.hitPoolscope)
        << ", \"mutex_map_baseline\": " << json(r.hitBaseline) << ", \"one_check\": " << json(r.hitOneCheck)
        << ", \"baseline_checks\": " << json(r.hitSyscallFloor) << "},\n"
        << "  \"hit_path_ns_2_threads\": {\"poolscope\": " << json(r.hit2Threads) << "},\n"
        << "  \"hit_path_ns_10k_idle_1k_keys\": " << json(r.hit10kIdle1kKeys) << ",\n"
        << "  \"hit_path_10k_ratio\": {\"poolscope\": " << json(ratio(r.hit10kIdle1kKeys, r.hit1KeyBeside10k))
        << ", \"mutex_map_baseline\": " << json(ratio(r.hitBaseline10k, r.hitBaseline1KeyBeside10k))
        << reason(r.hit10kSkipped ? "the descriptor limit is below 10,500" : "") << "},\n"
        << "  \"snapshot_10k\": {\"max_lock_hold_ms\": " << json(r.snapshotMaxLockHoldMs)
        << ", \"dial_p99_us_with_snapshots\": " << json(r.snapshotDialP99WithUs)
        << ", \"dial_p99_us_without\": " << json(r.snapshotDialP99WithoutUs) << reason(r.snapshotSkipReason)
        << "},\n"
        << "  \"https_keepalive_us_per_request\": " << clients(r.https) << ",\n"
        << "  \"http_keepalive_us_per_request\": " << clients(r.http) << ",\n"
        << "  \"tls_new_connection_us\": {\"full\": " << json(r.tlsFullUs)
        << ", \"resumed\": " << json(r.tlsResumedUs) << "},\n"
        << "  \"dial_storm\": {\"connections\": " << r.stormConnections
        << ", \"poolscope_per_s\": " << json(r.stormPoolPerS)
        << ", \"raw_handshakes_per_s\": " << json(r.stormRawPerS) << "},\n"
        << "  \"ui_diff_10k_ms\": " << json(r.uiDiffMs) << ",\n"
        << "  \"ui_apply_10k_sorted_ms\": " << json(r.uiDiffWithProxyMs) << ",\n"
        << "  \"trace_seconds\": " << r.traceSeconds << ",\n"
        << "  \"trace_bytes\": " << json(r.traceBytes) << ",\n"
        << "  \"trace_write_s\": " << json(r.traceWriteS) << ",\n"
        << "  \"trace_read_once_s\": " << json(r.traceReadOnceS) << ",\n"
        << "  \"trace_open_s\": " << json(r.traceOpenS) << ",\n"
        << "  \"trace_seek_median_ms\": " << json(r.traceSeekMedianMs) << ",\n"
        << "  \"trace_seek_max_ms\": " << json(r.traceSeekMaxMs) << ",\n"
        << "  \"app_10k\": {\"gui_busy_fraction\": " << json(r.app10kGuiBusyFraction)
        << ", \"max_stall_ms\": " << json(r.app10kMaxStallMs) << reason(r.app10kSkipReason) << "},\n"
        << "  \"attach_publish_1k\": {\"round_trip_p50_us_without\": " << json(r.attachRoundTripP50WithoutUs)
        << ", \"round_trip_p50_us_with\": " << json(r.attachRoundTripP50WithUs)
        << ", \"round_trip_p99_us_without\": " << json(r.attachRoundTripP99WithoutUs)
        << ", \"round_trip_p99_us_with\": " << json(r.attachRoundTripP99WithUs)
        << ", \"publisher_cpu_fraction_with\": " << json(r.attachCpuShareWith)
        << ", \"publisher_cpu_fraction_without\": " << json(r.attachCpuShareWithout)
        << ", \"bytes_per_s\": " << json(r.attachBytesPerS)
        << ", \"snapshots_per_s\": " << json(r.attachSnapshotsPerS)
        << ", \"encode_snapshot_ms\": " << json(r.attachEncodeMs) << reason(r.attachSkipReason) << "},\n"
        << "  \"pool_bytes_per_idle_connection\": " << json(r.poolBytesPerIdle) << ",\n"
        << "  \"pool_bytes_per_idle_tls_connection\": " << json(idleTlsTotal(r)) << "\n"
        << "}\n";
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << out.str();
    file.close();
    if (!file) {
        std::fprintf(stderr, "poolscope-bench: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    return true;
}

} // namespace poolscope::bench
