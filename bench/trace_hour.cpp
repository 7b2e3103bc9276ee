// A large trace: an hour of a pool of 1,000 connections (each used and returned every 10 s, half
// of them TLS), recorded the way ServiceRecorder does by default (every event, a snapshot every
// second), then opened and sought the way File → Open Trace does (ReplaySource: the index scan,
// then a seek = the state at that time plus the last 2,000 events). The baseline is reading the
// same file once, front to back, in 1 MiB pieces: what any viewer pays at least to look at it.
// --quick records one minute and seeks five times (it runs under ASan in ctest).
#include "bench_common.h"
#include "poolscope/service/replay_source.h"
#include "poolscope/trace/trace_writer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <fstream>
#include <random>

namespace poolscope::bench {

namespace {

constexpr int kConnections = 1000;
constexpr int kUsePeriodS = 10; ///< each connection: acquired, then released 2 s later, every 10 s

ConnectionInfo makeConnection(int i, Clock::time_point origin)
{
    ConnectionInfo c;
    c.id = static_cast<ConnectionId>(i + 1);
    c.handle = static_cast<Handle>((1u << 16) | static_cast<unsigned>(i));
    c.host = "k" + std::to_string(i % 100) + ".lab.test";
    c.port = 8443;
    c.tls = i % 2 == 0;
    c.key = (c.tls ? "tls://" : "tcp://") + c.host + ":8443";
    c.remoteAddress = "127.0.0.1:8443";
    c.localPort = static_cast<std::uint16_t>(20000 + i);
    c.state = ConnectionState::Idle;
    c.created = origin;
    c.lastUsed = origin;
    c.keepAliveDeadline = origin + std::chrono::seconds(30);
    c.lifetimeDeadline = Clock::time_point::max();
    c.label = "worker-" + std::to_string(i % 16);
    if (c.tls) {
        c.tlsDetails.version = "TLSv1.3";
        c.tlsDetails.cipher = "TLS_AES_256_GCM_SHA384";
        c.tlsDetails.verified = true;
        c.tlsDetails.peerSubject = "CN=localhost";
        c.tlsDetails.peerIssuer = "CN=PoolScope Lab CA";
        c.tlsDetails.verifyResult = "ok";
    }
    c.timings = {10, 40, c.tls ? 900 : 0};
    return c;
}

/// Writes the trace; false (with a note) when the file could not be written.
bool writeTrace(const std::filesystem::path& path, int seconds, Results& results)
{
    trace::TraceWriterOptions options;
    options.writer = "poolscope-bench";
    const Clock::time_point origin = options.origin;
    trace::TraceWriter writer(path, options);
    std::vector<ConnectionInfo> connections;
    connections.reserve(kConnections);
    for (int i = 0; i < kConnections; ++i)
        connections.push_back(makeConnection(i, origin));
    PoolStats stats;
    stats.maxConnections = kConnections;
    stats.idle = kConnections;
    for (int second = 0; second < seconds; ++second) {
        // Connections i with i % 10 == second % 10 are taken at this second, and returned 2 s later.
        for (int i = 0; i < kConnections; ++i) {
            ConnectionInfo& c = connections[static_cast<std::size_t>(i)];
            const int phase = (second - i % kUsePeriodS + kUsePeriodS) % kUsePeriodS;
            if (phase != 0 && phase != 2)
                continue;
            const auto at =
                origin + std::chrono::seconds(second) + std::chrono::microseconds(i * 97 % 1'000'000);
            trace::TraceEvent event;
            event.offsetUs = writer.offsetOf(at);
            event.id = c.id;
            event.endpoint = c.key;
            event.label = c.label;
            if (phase == 0) {
                event.kind = trace::TraceEventKind::Acquired;
                event.state = ConnectionState::InUse;
                event.reused = true;
                c.state = ConnectionState::InUse;
                c.inUseSince = at;
                ++c.reuseCount;
                ++stats.inUse;
                --stats.idle;
            } else {
                event.kind = trace::TraceEventKind::Released;
                event.state = ConnectionState::Idle;
                c.state = ConnectionState::Idle;
                c.keepAliveDeadline = at + std::chrono::seconds(30);
                --stats.inUse;
                ++stats.idle;
            }
            c.lastUsed = at;
            writer.write(event);
        }
        writer.writeSnapshot(stats, connections, writer.offsetOf(origin + std::chrono::seconds(second + 1)));
    }
    writer.close();
    if (!writer.error().empty()) {
        results.notes.push_back("large trace: " + writer.error());
        return false;
    }
    results.traceEvents = static_cast<double>(writer.counts().events);
    results.traceBytes = static_cast<double>(writer.counts().bytes);
    return true;
}

double readOnceSeconds(const std::filesystem::path& path)
{
    QElapsedTimer timer;
    timer.start();
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buffer(std::size_t{1} << 20);
    std::uint64_t sum = 0;
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        sum += static_cast<unsigned char>(buffer[static_cast<std::size_t>(in.gcount() - 1)]);
        if (in.eof())
            break;
    }
    static volatile std::uint64_t sink = 0;
    sink = sink + sum;
    return static_cast<double>(timer.nsecsElapsed()) / 1e9;
}

} // namespace

void runTraceHour(const RunOptions& run, Results& results)
{
    const int seconds = run.quick ? 60 : 3600;
    results.traceSeconds = seconds;
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/poolscope-bench-trace-XXXXXX"));
    if (!dir.isValid()) {
        results.notes.push_back("large trace: no temporary directory");
        return;
    }
    const QString file = dir.filePath(QStringLiteral("hour.trace"));
    const std::filesystem::path path(file.toStdString());
    QElapsedTimer timer;
    timer.start();
    if (!writeTrace(path, seconds, results))
        return;
    results.traceWriteS = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    // Both after the write, so both read a file the page cache holds (as right after recording).
    results.traceReadOnceS = readOnceSeconds(path);

    ReplaySource replay;
    timer.restart();
    if (!replay.open(file)) {
        results.notes.push_back("large trace: " + replay.error().toStdString());
        return;
    }
    results.traceOpenS = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    std::mt19937 random(7);
    std::uniform_int_distribution<qint64> position(0, replay.durationUs());
    std::vector<double> seekMs;
    const int seeks = run.quick ? 5 : 100;
    for (int i = 0; i < seeks; ++i) {
        timer.restart();
        replay.seek(position(random));
        seekMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (!replay.latestSnapshot() || replay.latestSnapshot()->connections.size() != kConnections) {
            results.notes.push_back("large trace: a seek did not show all 1,000 connections");
            return;
        }
    }
    results.traceSeekMedianMs = median(seekMs);
    results.traceSeekMaxMs = *std::max_element(seekMs.begin(), seekMs.end());
    progress(
        "  trace: %d s, %.0f MB, %.0f events; write %.1f s, read once %.2f s, open %.2f s, seek median %.1f "
        "ms, max %.1f ms",
        seconds, results.traceBytes / 1e6, results.traceEvents, results.traceWriteS, results.traceReadOnceS,
        results.traceOpenS, results.traceSeekMedianMs, results.traceSeekMaxMs);
}

} // namespace poolscope::bench
