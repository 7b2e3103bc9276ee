// Soak: demo-like traffic against a PoolService and the lab for POOLSCOPE_SOAK_SECONDS (default
// 1800), driven by timers on this thread's event loop. Every 10 s it samples RSS, the open
// descriptor count and the pool's counters (one qInfo line each, and a CSV row when
// POOLSCOPE_SOAK_CSV names a file). At the end it checks that the traffic really happened (every
// scenario, every failure kind), that the descriptor count and RSS stayed flat after warm-up, and
// that nothing leaked once the service and the lab are gone. Label `soak`; see docs/SOAK.md.
#include "service_test_support.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QHash>
#include <QRandomGenerator>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <unistd.h>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using lab::ServerKind;

namespace {

const char* codeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return "Ok";
    case ErrorCode::InvalidArgument: return "InvalidArgument";
    case ErrorCode::ResolveFailed: return "ResolveFailed";
    case ErrorCode::ConnectionRefused: return "ConnectionRefused";
    case ErrorCode::HostUnreachable: return "HostUnreachable";
    case ErrorCode::NetworkUnreachable: return "NetworkUnreachable";
    case ErrorCode::ConnectionReset: return "ConnectionReset";
    case ErrorCode::TimedOut: return "TimedOut";
    case ErrorCode::Cancelled: return "Cancelled";
    case ErrorCode::HandshakeFailed: return "HandshakeFailed";
    case ErrorCode::OutOfResources: return "OutOfResources";
    case ErrorCode::ShutDown: return "ShutDown";
    case ErrorCode::InvalidHandle: return "InvalidHandle";
    case ErrorCode::SocketError: return "SocketError";
    }
    return "?";
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

/// Resident set size in bytes, from /proc/self/statm (pages) × the page size.
qint64 rssBytes()
{
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    long size = 0;
    long resident = 0;
    const int n = std::fscanf(f, "%ld %ld", &size, &resident);
    std::fclose(f);
    if (n != 2)
        return -1;
    return static_cast<qint64>(resident) * static_cast<qint64>(sysconf(_SC_PAGESIZE));
}

/// Runs onOk(result) / onError(error) on `context`'s thread when the future finishes; a cancelled
/// future counts as an error (Cancelled). A QFutureWatcher owned by the context (see
/// ui/util/future_utils.h for why not QFuture::then(context, …) on Qt 6.4).
template <class T, class OnOk, class OnError>
void whenDone(QFuture<T> future, QObject* context, OnOk onOk, OnError onError)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, onOk = std::move(onOk), onError = std::move(onError)]() mutable {
                         QFuture<T> f = watcher->future();
                         watcher->deleteLater();
                         try {
                             f.waitForFinished(); // finished already; rethrows the service's exception
                             if constexpr (std::is_void_v<T>) {
                                 if (f.isCanceled())
                                     onError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
                                 else
                                     onOk();
                             } else {
                                 if (f.resultCount() > 0)
                                     onOk(f.result());
                                 else
                                     onError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
                             }
                         } catch (const ServiceError& e) {
                             onError(e.code(), e.message());
                         } catch (const std::exception& e) {
                             onError(ErrorCode::SocketError, QString::fromLocal8Bit(e.what()));
                         }
                     });
    watcher->setFuture(std::move(future));
}

int between(int low, int high)
{
    return static_cast<int>(QRandomGenerator::global()->bounded(low, high + 1));
}

/// One traffic target: a lab server and how the demo uses it.
enum class Target {
    Https, Http, Echo, OneShot, IdleCloser, Tls12,                       // healthy
    Untrusted, Expired, WrongHost, LegacyTls, PlainOnTls, ResetterTls, Refused, SilentTls, // must fail
    ResetterPlain,                                                       // either outcome
    Count
};
constexpr int kTargetCount = static_cast<int>(Target::Count);

const char* targetName(Target t)
{
    switch (t) {
    case Target::Https: return "https";
    case Target::Http: return "http";
    case Target::Echo: return "echo";
    case Target::OneShot: return "http-one-shot";
    case Target::IdleCloser: return "idle-closer";
    case Target::Tls12: return "tls12-only";
    case Target::Untrusted: return "untrusted";
    case Target::Expired: return "expired";
    case Target::WrongHost: return "wrong-host";
    case Target::LegacyTls: return "legacy-tls";
    case Target::PlainOnTls: return "plain-on-tls-port";
    case Target::ResetterTls: return "resetter(tls)";
    case Target::Refused: return "refused";
    case Target::SilentTls: return "silent(tls, 1.5 s)";
    case Target::ResetterPlain: return "resetter(plain)";
    case Target::Count: break;
    }
    return "?";
}

bool isHealthy(Target t) { return static_cast<int>(t) <= static_cast<int>(Target::Tls12); }
bool mustFail(Target t) { return !isHealthy(t) && t != Target::ResetterPlain; }

struct TargetStats
{
    quint64 started = 0;
    quint64 ok = 0;
    quint64 failed = 0;
    std::map<ErrorCode, quint64> codes;
};

struct Sample
{
    double elapsedS = 0;
    qint64 rss = 0;
    int fds = 0;
    PoolStats stats;
    int connections = 0;
    int leases = 0;
    int waiters = 0;
    quint64 started = 0;
    quint64 acquired = 0;
    quint64 failed = 0;
    quint64 probes = 0;
    QString tag;
};

quint64 poolFailures(const PoolStats& s)
{
    return s.handshakeFailures + s.resolveFailures + s.socketErrors + s.timeouts;
}

/// The demo's traffic mix (ui/lab/demo_driver.cpp), against the service, with bounded concurrency.
class Driver : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxInFlight = 12; ///< outstanding acquires
    static constexpr int kMaxHeld = 10;     ///< leases held at once

    Driver(PoolService* service, const lab::Lab* lab) : m_service(service), m_lab(lab)
    {
        m_step.setInterval(40ms);
        connect(&m_step, &QTimer::timeout, this, &Driver::step);
        m_closeIdle.setInterval(17s);
        connect(&m_closeIdle, &QTimer::timeout, this, &Driver::closeIdle);
        m_params.setInterval(41s);
        connect(&m_params, &QTimer::timeout, this, &Driver::switchParams);
    }

    void start()
    {
        m_running = true;
        m_step.start();
        m_closeIdle.start();
        m_params.start();
    }
    void stop()
    {
        m_running = false;
        m_step.stop();
        m_closeIdle.stop();
        m_params.stop();
    }
    /// Nothing outstanding: no acquire, lease, probe, release/close or admin call in flight.
    [[nodiscard]] bool quiet() const { return m_inFlight == 0 && m_held == 0 && m_ops == 0; }

    std::array<TargetStats, kTargetCount> targets{};
    quint64 started = 0, acquired = 0, failed = 0, reusedLeases = 0;
    quint64 probes = 0, probeOk = 0, probeFailed = 0, probeServerClosed = 0, probeGet = 0;
    quint64 released = 0, closed = 0, releaseErrors = 0, closeErrors = 0;
    quint64 closeIdleCalls = 0, closedIdle = 0, setParamsCalls = 0, adminErrors = 0;
    std::map<ErrorCode, quint64> releaseErrorCodes;
    QStringList firstUnexpected; ///< a few messages of unexpected failures, for the log

private:
    void step()
    {
        if (!m_running || m_inFlight >= kMaxInFlight || m_held + m_inFlight >= kMaxHeld + 2)
            return;
        const int roll = between(1, 100);
        if (roll <= 28)
            session(Target::Https, true, between(100, 900), false);
        else if (roll <= 56)
            session(Target::Http, true, between(50, 500), false);
        else if (roll <= 66)
            session(Target::Echo, false, between(50, 600), false);
        else if (roll <= 71)
            session(Target::OneShot, true, between(50, 300), true);
        else if (roll <= 76) {
            // Returned, then wanted again after the server closed it: the pool finds it stale.
            session(Target::IdleCloser, false, between(50, 150), false);
            QTimer::singleShot(900ms, this, [this] {
                if (m_running)
                    session(Target::IdleCloser, false, between(50, 150), false);
            });
        } else if (roll <= 84)
            session(Target::Tls12, true, between(100, 600), false);
        else
            failure();
    }

    void failure()
    {
        static constexpr Target kFailures[] = {Target::Untrusted,   Target::Expired,   Target::WrongHost,
                                               Target::LegacyTls,   Target::PlainOnTls, Target::ResetterTls,
                                               Target::Refused,     Target::SilentTls, Target::ResetterPlain};
        const Target t = kFailures[static_cast<std::size_t>(m_failureTurn++) % std::size(kFailures)];
        session(t, false, 100, false);
    }

    AcquireRequest request(Target t) const
    {
        ServerKind kind = ServerKind::Http;
        milliseconds timeout = 5s;
        bool tls = false;
        switch (t) {
        case Target::Https: kind = ServerKind::Https; break;
        case Target::Http:
        case Target::OneShot: kind = ServerKind::Http; break;
        case Target::Echo: kind = ServerKind::Echo; break;
        case Target::IdleCloser: kind = ServerKind::IdleCloser; break;
        case Target::Tls12: kind = ServerKind::Tls12Only; break;
        case Target::Untrusted: kind = ServerKind::Untrusted; timeout = 4s; break;
        case Target::Expired: kind = ServerKind::Expired; timeout = 4s; break;
        case Target::WrongHost: kind = ServerKind::WrongHost; timeout = 4s; break;
        case Target::LegacyTls: kind = ServerKind::LegacyTls; timeout = 4s; break;
        case Target::PlainOnTls: kind = ServerKind::PlainOnTlsPort; timeout = 4s; break;
        case Target::ResetterTls: kind = ServerKind::Resetter; timeout = 4s; tls = true; break;
        case Target::Refused: kind = ServerKind::Refused; timeout = 4s; break;
        // A plain dial to the silent server connects; over TLS its handshake never ends.
        case Target::SilentTls: kind = ServerKind::Silent; timeout = 1500ms; tls = true; break;
        case Target::ResetterPlain: kind = ServerKind::Resetter; timeout = 4s; break;
        case Target::Count: break;
        }
        AcquireRequest r = labRequest(*m_lab, kind, QStringLiteral("soak %1").arg(QLatin1String(targetName(t))),
                                      timeout);
        r.tls = r.tls || tls;
        if (r.tls) {
            r.overrideTls = true;
            r.tlsOptions = m_lab->trustingTls();
        }
        return r;
    }

    void session(Target t, bool probe, int holdMs, bool closeAtEnd)
    {
        auto& ts = targets[static_cast<std::size_t>(t)];
        ++ts.started;
        ++started;
        ++m_inFlight;
        whenDone(
            m_service->acquire(request(t)), this,
            [this, t, probe, holdMs, closeAtEnd](const Lease& lease) {
                --m_inFlight;
                ++m_held;
                ++acquired;
                ++targets[static_cast<std::size_t>(t)].ok;
                if (lease.reused)
                    ++reusedLeases;
                const ConnectionId id = lease.id;
                // Now and then a lease is closed instead of returned (the user's "close" button).
                const bool close = closeAtEnd || between(1, 100) <= 4;
                if (probe) {
                    ++probes;
                    const bool get = between(1, 100) <= 30;
                    if (get)
                        ++probeGet;
                    ++m_ops;
                    whenDone(
                        m_service->probe(id, get ? QStringLiteral("GET") : QStringLiteral("HEAD")), this,
                        [this, id, holdMs, close](const ProbeResult& result) {
                            --m_ops;
                            ++probeOk;
                            if (result.serverClosed) { // the server ended it; nothing to return
                                ++probeServerClosed;
                                --m_held;
                                return;
                            }
                            QTimer::singleShot(milliseconds(holdMs), this, [this, id, close] { finish(id, close); });
                        },
                        [this, id](ErrorCode, const QString& why) {
                            --m_ops;
                            ++probeFailed;
                            if (firstUnexpected.size() < 10)
                                firstUnexpected << QStringLiteral("probe: %1").arg(why);
                            finish(id, true);
                        });
                } else {
                    QTimer::singleShot(milliseconds(holdMs), this, [this, id, close] { finish(id, close); });
                }
            },
            [this, t](ErrorCode code, const QString& why) {
                --m_inFlight;
                ++failed;
                auto& s = targets[static_cast<std::size_t>(t)];
                ++s.failed;
                ++s.codes[code];
                if (isHealthy(t) && firstUnexpected.size() < 10)
                    firstUnexpected << QStringLiteral("%1: %2").arg(QLatin1String(targetName(t)), why);
            });
    }

    void finish(ConnectionId id, bool close)
    {
        --m_held;
        ++m_ops;
        if (close) {
            ++closed;
            whenDone(m_service->close({id}), this, [this] { --m_ops; },
                     [this](ErrorCode code, const QString&) {
                         --m_ops;
                         ++closeErrors;
                         ++releaseErrorCodes[code];
                     });
        } else {
            ++released;
            whenDone(m_service->release(id), this, [this] { --m_ops; },
                     [this](ErrorCode code, const QString&) {
                         --m_ops;
                         ++releaseErrors;
                         ++releaseErrorCodes[code];
                     });
        }
    }

    void closeIdle()
    {
        ++closeIdleCalls;
        ++m_ops;
        whenDone(m_service->closeIdle(), this,
                 [this](int n) {
                     --m_ops;
                     closedIdle += static_cast<quint64>(std::max(n, 0));
                 },
                 [this](ErrorCode, const QString&) {
                     --m_ops;
                     ++adminErrors;
                 });
    }

    void switchParams()
    {
        // Alternate between two valid parameter sets (DNS and TLS defaults kept).
        PoolParams p = m_service->params();
        m_altParams = !m_altParams;
        p.maxConnections = m_altParams ? 14 : 16;
        p.maxKeepAlive = m_altParams ? 2s : 3s;
        p.maxLifetime = m_altParams ? 15s : 20s;
        ++setParamsCalls;
        ++m_ops;
        whenDone(m_service->setParams(p), this, [this] { --m_ops; },
                 [this](ErrorCode, const QString&) {
                     --m_ops;
                     ++adminErrors;
                 });
    }

    PoolService* m_service;
    const lab::Lab* m_lab;
    QTimer m_step, m_closeIdle, m_params;
    bool m_running = false;
    bool m_altParams = false;
    int m_inFlight = 0;
    int m_held = 0;
    int m_ops = 0;
    int m_failureTurn = 0;
};

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void soakDemoTraffic();
};

void TestSoak::soakDemoTraffic()
{
    const int seconds = envInt("POOLSCOPE_SOAK_SECONDS", 1800);
    const int sampleS = 10;
    const double warmupS = std::min(120.0, seconds * 0.1);
    const QString csvPath = qEnvironmentVariable("POOLSCOPE_SOAK_CSV");
    qInfo("soak: %d s of demo traffic, sample every %d s, warm-up %.0f s%s%s", seconds, sampleS, warmupS,
          csvPath.isEmpty() ? "" : ", CSV: ", qPrintable(csvPath));

    FdGuard guard; // before the lab and the service exist
    QList<Sample> samples;
    int preTrafficFds = -1;
    {
        auto labStarted = lab::Lab::start();
        QVERIFY2(labStarted.ok(), labStarted.ok() ? "" : labStarted.error().message.c_str());
        const std::unique_ptr<lab::Lab> lab = std::move(labStarted).value();

        ServiceOptions options;
        options.pool.dnsServers = {lab->dnsServer()};
        options.pool.maxConnections = 16;
        options.pool.maxKeepAlive = 3s;  // shorter than the lab's 5 s: expiry on our side
        options.pool.maxLifetime = 20s; // lifetime expiry too
        options.publishInterval = 100ms;
        options.defaultAcquireTimeout = 5s;
        auto owner = startService(options);
        QVERIFY(owner);
        PoolService* service = owner->service();

        std::unique_ptr<QFile> csv;
        QTextStream csvOut;
        if (!csvPath.isEmpty()) {
            csv = std::make_unique<QFile>(csvPath);
            QVERIFY2(csv->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text),
                     qPrintable(csv->errorString()));
            csvOut.setDevice(csv.get());
            csvOut << "tag,elapsed_s,rss_kib,fds,dials,reuses,connects_ok,pool_failures,closed,expired,"
                      "lifetime_expired,stale,connections,idle,in_use,connecting,leases,waiters,acquires,"
                      "acquire_ok,acquire_failed,probes\n";
            csvOut.flush();
        }

        Driver driver(service, lab.get());
        QElapsedTimer clock;
        clock.start();

        auto takeSample = [&](const QString& tag) {
            Sample s;
            s.tag = tag;
            s.elapsedS = static_cast<double>(clock.elapsed()) / 1000.0;
            s.rss = rssBytes();
            s.fds = openFdCount();
            const SnapshotPtr snap = service->latestSnapshot();
            s.stats = snap->stats;
            s.connections = static_cast<int>(snap->connections.size());
            s.leases = snap->leases;
            s.waiters = snap->waiters;
            s.started = driver.started;
            s.acquired = driver.acquired;
            s.failed = driver.failed;
            s.probes = driver.probes;
            samples.push_back(s);
            qInfo("soak %-8s t=%6.0fs rss=%7.2f MiB fds=%3d dials=%llu reuses=%llu connectsOk=%llu "
                  "failures=%llu closed=%llu expired=%llu lifetime=%llu stale=%llu conns=%d idle=%d inUse=%d "
                  "leases=%d waiters=%d | acquires=%llu ok=%llu failed=%llu probes=%llu",
                  qPrintable(tag), s.elapsedS, static_cast<double>(s.rss) / 1048576.0, s.fds,
                  static_cast<unsigned long long>(s.stats.dials), static_cast<unsigned long long>(s.stats.reuses),
                  static_cast<unsigned long long>(s.stats.connectsSucceeded),
                  static_cast<unsigned long long>(poolFailures(s.stats)),
                  static_cast<unsigned long long>(s.stats.closed), static_cast<unsigned long long>(s.stats.expired),
                  static_cast<unsigned long long>(s.stats.lifetimeExpired),
                  static_cast<unsigned long long>(s.stats.staleDetected), s.connections, s.stats.idle,
                  s.stats.inUse, s.leases, s.waiters, static_cast<unsigned long long>(s.started),
                  static_cast<unsigned long long>(s.acquired), static_cast<unsigned long long>(s.failed),
                  static_cast<unsigned long long>(s.probes));
            if (csv) {
                csvOut << tag << ',' << QString::number(s.elapsedS, 'f', 1) << ',' << s.rss / 1024 << ',' << s.fds
                       << ',' << s.stats.dials << ',' << s.stats.reuses << ',' << s.stats.connectsSucceeded << ','
                       << poolFailures(s.stats) << ',' << s.stats.closed << ',' << s.stats.expired << ','
                       << s.stats.lifetimeExpired << ',' << s.stats.staleDetected << ',' << s.connections << ','
                       << s.stats.idle << ',' << s.stats.inUse << ',' << s.stats.connecting << ',' << s.leases
                       << ',' << s.waiters << ',' << s.started << ',' << s.acquired << ',' << s.failed << ','
                       << s.probes << '\n';
                csvOut.flush();
            }
        };

        preTrafficFds = openFdCount();
        takeSample(QStringLiteral("start"));

        // --- the traffic: bounded by the run length (the loop quits at `seconds`) ---
        QEventLoop loop;
        QTimer sampler;
        sampler.setInterval(std::chrono::seconds(sampleS));
        QObject::connect(&sampler, &QTimer::timeout, &loop, [&] { takeSample(QStringLiteral("sample")); });
        QTimer::singleShot(std::chrono::seconds(seconds), &loop, &QEventLoop::quit);
        driver.start();
        sampler.start();
        loop.exec();
        sampler.stop();
        driver.stop();
        takeSample(QStringLiteral("end"));
        const Sample endSample = samples.back();

        // --- drain: every future handled, every lease back; then close what is idle ---
        QTRY_VERIFY_WITH_TIMEOUT(driver.quiet(), 30'000);
        {
            auto f = service->closeIdle();
            SERVICE_AWAIT(f, 10'000);
            QVERIFY(!failureOf(f));
        }
        QTRY_VERIFY_WITH_TIMEOUT(service->latestSnapshot()->connections.empty()
                                     && service->latestSnapshot()->leases == 0,
                                 15'000);
        // The lab's ends close asynchronously on its own thread.
        QTRY_VERIFY_WITH_TIMEOUT(openFdCount() <= preTrafficFds + 8, 15'000);
        takeSample(QStringLiteral("quiesced"));
        const Sample quiet = samples.back();

        // --- report ---
        qInfo("soak: %llu acquires (%llu ok, %llu reused leases, %llu failed), %llu probes (%llu GET, %llu ok, "
              "%llu server-closed, %llu failed), %llu released, %llu closed (%llu release / %llu close errors), "
              "%llu closeIdle (%llu closed), %llu setParams, %llu admin errors",
              static_cast<unsigned long long>(driver.started), static_cast<unsigned long long>(driver.acquired),
              static_cast<unsigned long long>(driver.reusedLeases), static_cast<unsigned long long>(driver.failed),
              static_cast<unsigned long long>(driver.probes), static_cast<unsigned long long>(driver.probeGet),
              static_cast<unsigned long long>(driver.probeOk),
              static_cast<unsigned long long>(driver.probeServerClosed),
              static_cast<unsigned long long>(driver.probeFailed), static_cast<unsigned long long>(driver.released),
              static_cast<unsigned long long>(driver.closed), static_cast<unsigned long long>(driver.releaseErrors),
              static_cast<unsigned long long>(driver.closeErrors),
              static_cast<unsigned long long>(driver.closeIdleCalls),
              static_cast<unsigned long long>(driver.closedIdle),
              static_cast<unsigned long long>(driver.setParamsCalls),
              static_cast<unsigned long long>(driver.adminErrors));
        for (int i = 0; i < kTargetCount; ++i) {
            const auto& ts = driver.targets[static_cast<std::size_t>(i)];
            QString codes;
            for (const auto& [code, n] : ts.codes)
                codes += QStringLiteral(" %1=%2").arg(QLatin1String(codeName(code))).arg(n);
            qInfo("soak target %-20s started=%6llu ok=%6llu failed=%6llu%s", targetName(static_cast<Target>(i)),
                  static_cast<unsigned long long>(ts.started), static_cast<unsigned long long>(ts.ok),
                  static_cast<unsigned long long>(ts.failed), qPrintable(codes));
        }
        for (const auto& [code, n] : driver.releaseErrorCodes)
            qInfo("soak release/close error %s: %llu", codeName(code), static_cast<unsigned long long>(n));
        for (const QString& m : std::as_const(driver.firstUnexpected))
            qInfo("soak unexpected: %s", qPrintable(m));

        // Baseline: the first sample at or after the warm-up.
        const auto baselineIt = std::find_if(samples.cbegin(), samples.cend(), [&](const Sample& s) {
            return s.tag == QLatin1String("sample") && s.elapsedS + 0.5 >= warmupS;
        });
        QVERIFY2(baselineIt != samples.cend(), "no sample after the warm-up (run too short?)");
        const Sample baseline = *baselineIt;
        const qint64 rssLimit = baseline.rss + baseline.rss / 10 + (qint64{8} << 20);
        qInfo("soak verdict input: warm-up sample t=%.0fs rss=%.2f MiB fds=%d; end t=%.0fs rss=%.2f MiB fds=%d; "
              "quiesced rss=%.2f MiB fds=%d (before traffic: %d); RSS limit %.2f MiB, fd limit %d",
              baseline.elapsedS, static_cast<double>(baseline.rss) / 1048576.0, baseline.fds, endSample.elapsedS,
              static_cast<double>(endSample.rss) / 1048576.0, endSample.fds,
              static_cast<double>(quiet.rss) / 1048576.0, quiet.fds, preTrafficFds,
              static_cast<double>(rssLimit) / 1048576.0, baseline.fds + 8);

        // --- traffic really happened ---
        const quint64 minAcquires = static_cast<quint64>(std::max(200, seconds * 2)); // 3600 in 30 min
        QVERIFY2(driver.started >= minAcquires,
                 qPrintable(QStringLiteral("only %1 acquires (want >= %2)").arg(driver.started).arg(minAcquires)));
        QVERIFY(driver.acquired > driver.started / 2);
        QVERIFY(endSample.stats.reuses > 0);
        QVERIFY(endSample.stats.expired + endSample.stats.lifetimeExpired > 0);
        QVERIFY(driver.probeOk > 0);
        QCOMPARE(driver.setParamsCalls > 0 || seconds < 41, true);
        QCOMPARE(driver.adminErrors, 0ULL);
        for (int i = 0; i < kTargetCount; ++i) {
            const auto t = static_cast<Target>(i);
            const auto& ts = driver.targets[static_cast<std::size_t>(i)];
            const QByteArray name = targetName(t);
            QVERIFY2(ts.started > 0, name.constData());
            QCOMPARE(ts.ok + ts.failed, ts.started); // every future handled
            if (isHealthy(t)) {
                QVERIFY2(ts.ok > 0, name.constData());
                // Healthy servers may time out now and then on a loaded machine, but rarely.
                QVERIFY2(ts.failed * 50 <= ts.started + 50, name.constData());
            } else if (mustFail(t)) {
                QVERIFY2(ts.failed > 0, name.constData());
                QVERIFY2(ts.ok == 0, name.constData());
            }
        }

        // --- flat: descriptors and memory ---
        // Under traffic each live pool connection costs two descriptors (ours and the in-process
        // lab's end): allow for the connections the end sample holds beyond the warm-up sample's.
        const int extraConnections = std::max(0, endSample.connections - baseline.connections);
        QVERIFY2(endSample.fds <= baseline.fds + 8 + 2 * extraConnections,
                 qPrintable(QStringLiteral("fds grew: %1 after warm-up (%2 connections), %3 at the end (%4)")
                                .arg(baseline.fds)
                                .arg(baseline.connections)
                                .arg(endSample.fds)
                                .arg(endSample.connections)));
        QVERIFY2(quiet.fds <= baseline.fds + 8, "fds after quiescing above the warm-up count");
        QVERIFY2(endSample.rss <= rssLimit,
                 qPrintable(QStringLiteral("RSS grew: %1 KiB after warm-up, %2 KiB at the end")
                                .arg(baseline.rss / 1024)
                                .arg(endSample.rss / 1024)));
    } // the service thread and the lab stop here

    // --- nothing leaked once both are gone ---
    QTRY_VERIFY_WITH_TIMEOUT(guard.leaked() <= 0, 10'000);
}

// QTEST_GUILESS_MAIN, plus a watchdog long enough for the run: Qt Test aborts a test function
// after QTEST_FUNCTION_TIMEOUT (default 300 s), far less than a soak.
int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT")) {
        const qint64 seconds = envInt("POOLSCOPE_SOAK_SECONDS", 1800);
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number((seconds + 600) * 1000));
    }
    QCoreApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestSoak test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_soak.moc"
