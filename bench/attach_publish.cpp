// What publishing a pool costs the app (issue #16): a PoolServiceThread holding 1,000 live idle
// connections to the lab's echo server, a client thread taking and returning one connection at a
// time (each acquire + release round trip timed), and a PoolPublisher on this (the main) thread
// at its default 10 Hz with one monitor attached over the local socket, reading and decoding every
// frame in its own thread. Phases without and with publishing alternate (same length, rotating
// order); compared: the client's round trip p50/p99, this thread's CPU share (the publisher's
// cost), the bytes and snapshots sent per second, and encoding one 1,000-connection snapshot.
#include "bench_common.h"
#include "poolscope/attach/pool_publisher.h"
#include "poolscope/service/pool_service.h"
#include "service_helpers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLocalSocket>
#include <QTimer>
#include <atomic>
#include <cmath>
#include <ctime>
#include <mutex>
#include <sys/resource.h>
#include <thread>

namespace poolscope::bench {

namespace {

constexpr int kConnections = 1'000;

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return kNotMeasured;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    return values[std::min(index, values.size() - 1)];
}

/// A monitor in its own thread: its own QLocalSocket, blocking reads, the protocol's decoder.
/// Counts the snapshots that carried at least kConnections connections.
class Monitor
{
public:
    explicit Monitor(const QString& serverName) : m_thread([this, serverName] { run(serverName); }) {}
    ~Monitor()
    {
        m_stop = true;
        m_thread.join();
    }
    [[nodiscard]] int fullSnapshots() const { return m_fullSnapshots.load(); }
    [[nodiscard]] bool greeted() const { return m_greeted.load(); }
    [[nodiscard]] std::string error() const
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    void fail(std::string why)
    {
        std::lock_guard lock(m_mutex);
        if (m_error.empty())
            m_error = std::move(why);
    }
    void run(const QString& serverName)
    {
        using namespace trace::attach;
        QLocalSocket socket;
        socket.connectToServer(serverName);
        if (!socket.waitForConnected(5000)) {
            fail("the monitor could not connect: " + socket.errorString().toStdString());
            return;
        }
        std::string hello;
        encodeFrame(hello, ClientHello{kProtocolMajor, kProtocolMinor, "poolscope-bench"}, {});
        socket.write(hello.data(), static_cast<qint64>(hello.size()));
        (void)socket.waitForBytesWritten(5000);
        FrameDecoder decoder;
        QElapsedTimer life;
        life.start();
        // Bounded: the owner stops it, and it never outlives 10 minutes.
        while (!m_stop.load() && life.elapsed() < 600'000) {
            if (!socket.waitForReadyRead(50)) {
                if (socket.state() != QLocalSocket::ConnectedState) {
                    fail("the publisher closed the monitor's connection");
                    return;
                }
                continue;
            }
            const QByteArray bytes = socket.readAll();
            decoder.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
            for (int i = 0; i < 100'000; ++i) {
                auto message = decoder.next();
                if (!message)
                    break;
                if (const auto* h = std::get_if<Hello>(&*message)) {
                    decoder.setOriginSteadyNs(h->trace.originSteadyNs);
                    m_greeted = true;
                } else if (const auto* s = std::get_if<Snapshot>(&*message)) {
                    if (s->connections.size() >= static_cast<std::size_t>(kConnections))
                        ++m_fullSnapshots;
                } else if (std::holds_alternative<Bye>(*message)) {
                    return;
                }
            }
            if (decoder.failed()) {
                fail("the monitor could not decode the stream: " + decoder.error());
                return;
            }
        }
        socket.disconnectFromServer();
    }

    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_greeted{false};
    std::atomic<int> m_fullSnapshots{0};
    mutable std::mutex m_mutex;
    std::string m_error;
    std::thread m_thread; ///< last: starts once every member above exists
};

/// The client's samples (µs per acquire + release), kept by the phase they started in.
struct Samples
{
    std::mutex mutex;
    std::vector<double> byPhase[2]; ///< 0: not published, 1: published
};

} // namespace

void runAttachPublish(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    const auto skip = [&](const std::string& why) {
        results.attachSkipReason = why;
        results.notes.push_back("attach: " + why);
    };
    ServiceOptions options;
    options.pool.maxConnections = kConnections + 16;
    options.pool.maxKeepAlive = std::chrono::minutes(10);
    options.leakThreshold = std::chrono::hours(1);
    auto started = PoolServiceThread::start(options);
    if (!started) {
        skip(started.error().message);
        return;
    }
    auto serviceThread = std::move(started).value();
    PoolService* service = serviceThread->service();

    AcquireRequest request;
    request.host = QString::fromStdString(lab.host);
    request.port = lab.echo;
    request.timeout = std::chrono::seconds(30);
    request.label = QStringLiteral("bench");
    if (const int failed = fillIdleConnections(service, request, kConnections, 60'000); failed > 0) {
        skip(std::to_string(failed) + " of 1,000 acquires failed");
        return;
    }
    // The publisher's encoding of one 1,000-connection snapshot, timed alone (what it does once per
    // new service snapshot, whatever the number of monitors).
    (void)spinUntil(
        [&] { return service->latestSnapshot()->connections.size() >= std::size_t{kConnections}; }, 5000);
    {
        const SnapshotPtr snapshot = service->latestSnapshot();
        if (snapshot && snapshot->connections.size() >= static_cast<std::size_t>(kConnections)) {
            trace::attach::Snapshot message;
            message.stats = snapshot->stats;
            message.connections = snapshot->connections;
            const Clock::time_point origin = Clock::now();
            std::vector<double> us;
            std::size_t bytes = 0;
            for (int i = 0; i < (run.quick ? 5 : 21); ++i) {
                const auto t0 = BenchClock::now();
                const auto encoded = trace::attach::encodeSnapshotBody(message, origin);
                us.push_back(nsSince(t0) / 1e3);
                bytes = encoded.body.size();
            }
            results.attachEncodeMs = median(us) / 1e3;
            results.attachSnapshotBytes = static_cast<double>(bytes);
        }
    }

    // The client: one connection at a time, about 1,000 round trips a second.
    std::atomic<bool> stop{false};
    std::atomic<int> phase{-1}; // -1: not measuring
    std::atomic<int> clientFailures{0};
    Samples samples;
    std::thread client([&] {
        while (!stop.load()) {
            const int p = phase.load();
            const auto t0 = BenchClock::now();
            try {
                const ConnectionId id = service->acquire(request).result().id;
                service->release(id).waitForFinished();
            } catch (const std::exception&) {
                ++clientFailures;
                break;
            }
            const double us = nsSince(t0) / 1e3;
            if (p >= 0) {
                std::lock_guard lock(samples.mutex);
                samples.byPhase[p].push_back(us);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    });

    const int phaseMs = run.quick ? 1500 : 4000;
    const int rounds = run.quick ? 2 : 4;
    double cpu[2] = {0, 0}, wall[2] = {0, 0};
    quint64 bytesSent = 0, snapshotsSent = 0;
    int fullSnapshots = 0;
    std::string monitorError;
    for (int round = 0; round < rounds && monitorError.empty(); ++round) {
        for (int k = 0; k < 2 && monitorError.empty(); ++k) {
            const int p = (k + round) % 2;
            std::unique_ptr<PoolPublisher> publisher;
            std::unique_ptr<Monitor> monitor;
            if (p == 1) {
                PublishOptions publish; // the defaults: 10 Hz
                publish.appName = QStringLiteral("poolscope-bench");
                publish.poolName = QStringLiteral("attach-bench");
                publisher = std::make_unique<PoolPublisher>(service, publish);
                if (!publisher->start()) {
                    monitorError = "the publisher did not start: " + publisher->error().toStdString();
                    break;
                }
                monitor = std::make_unique<Monitor>(publisher->serverName());
                // Attached and past its first full snapshot before the phase counts.
                if (!spinUntil([&] { return monitor->fullSnapshots() > 0 || !monitor->error().empty(); },
                               10'000)) {
                    monitorError = "the monitor got no 1,000-connection snapshot within 10 s";
                    break;
                }
                if (!monitor->error().empty()) {
                    monitorError = monitor->error();
                    break;
                }
            }
            const PoolPublisher::Stats statsBefore = publisher ? publisher->stats() : PoolPublisher::Stats{};
            const int fullBefore = monitor ? monitor->fullSnapshots() : 0;
            QElapsedTimer timer;
            const double cpuStart = threadCpuSeconds();
            timer.start();
            phase = p;
            (void)spinUntil([&] { return timer.elapsed() >= phaseMs; }, phaseMs + 1000);
            phase = -1;
            cpu[p] += threadCpuSeconds() - cpuStart;
            wall[p] += static_cast<double>(timer.nsecsElapsed()) / 1e9;
            if (publisher) {
                const PoolPublisher::Stats after = publisher->stats();
                bytesSent += after.bytesSent - statsBefore.bytesSent;
                snapshotsSent += after.snapshotsSent - statsBefore.snapshotsSent;
                fullSnapshots += monitor->fullSnapshots() - fullBefore;
                if (!monitor->error().empty())
                    monitorError = monitor->error();
                publisher->stop(); // bye to the monitor, which then ends
                monitor.reset();
                publisher.reset();
            }
        }
    }
    stop = true;
    client.join();
    if (clientFailures.load() > 0) {
        skip("the client's acquire failed");
        return;
    }
    std::vector<double> off, on;
    {
        std::lock_guard lock(samples.mutex);
        off = samples.byPhase[0];
        on = samples.byPhase[1];
    }
    results.attachRoundTripP50WithoutUs = percentile(off, 0.50);
    results.attachRoundTripP99WithoutUs = percentile(off, 0.99);
    results.attachCpuShareWithout = wall[0] > 0 ? cpu[0] / wall[0] : kNotMeasured;
    if (!monitorError.empty() || fullSnapshots == 0 || wall[1] <= 0) {
        skip(monitorError.empty()
                 ? std::string("the monitor received no 1,000-connection snapshot while measured")
                 : monitorError);
        return;
    }
    results.attachRoundTripP50WithUs = percentile(on, 0.50);
    results.attachRoundTripP99WithUs = percentile(on, 0.99);
    results.attachCpuShareWith = cpu[1] / wall[1];
    results.attachBytesPerS = static_cast<double>(bytesSent) / wall[1];
    results.attachSnapshotsPerS = static_cast<double>(snapshotsSent) / wall[1];
    results.attachMonitorSnapshotsPerS = static_cast<double>(fullSnapshots) / wall[1];
    if (results.attachSnapshotsPerS < 8.0) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%.1f", results.attachSnapshotsPerS);
        results.notes.push_back("attach: the monitor fell behind (" + std::string(rate) +
                                " snapshots/s instead of 10; the publisher skips a monitor whose backlog is "
                                "over 1 MiB), so the publishing cost shown is that of a slow monitor");
    }
    progress(
        "  attach: round trip p99 %.0f us published / %.0f us not (%zu / %zu samples); main thread %.2f %% "
        "/ %.2f %% of a core; %.0f kB/s, %.1f snapshots/s (%.1f/s decoded with 1,000 connections)",
        results.attachRoundTripP99WithUs, results.attachRoundTripP99WithoutUs, on.size(), off.size(),
        results.attachCpuShareWith * 100.0, results.attachCpuShareWithout * 100.0,
        results.attachBytesPerS / 1e3, results.attachSnapshotsPerS, results.attachMonitorSnapshotsPerS);
    serviceThread.reset();
}

} // namespace poolscope::bench
