// Soak: demo-like traffic against a PoolService and the lab for POOLSCOPE_SOAK_SECONDS (default
// 1800), driven by timers on this thread's event loop. Every 10 s it samples RSS, the open
// descriptor count and the pool's counters (one qInfo line each, and a CSV row when
// POOLSCOPE_SOAK_CSV names a file). At the end it checks that the traffic really happened (every
// scenario, every failure kind), that the descriptor count and RSS stayed flat after warm-up, and
// that nothing leaked once the service and the lab are gone. Label `soak`; see docs/SOAK.md.
#include "soak_driver.h"

#include <QTest>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using lab::ServerKind;
using std::chrono::milliseconds;
using namespace poolscope::soak;

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
        options.pool.maxKeepAlive = 3s; // shorter than the lab's 5 s: expiry on our side
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
                  static_cast<unsigned long long>(s.stats.dials),
                  static_cast<unsigned long long>(s.stats.reuses),
                  static_cast<unsigned long long>(s.stats.connectsSucceeded),
                  static_cast<unsigned long long>(poolFailures(s.stats)),
                  static_cast<unsigned long long>(s.stats.closed),
                  static_cast<unsigned long long>(s.stats.expired),
                  static_cast<unsigned long long>(s.stats.lifetimeExpired),
                  static_cast<unsigned long long>(s.stats.staleDetected), s.connections, s.stats.idle,
                  s.stats.inUse, s.leases, s.waiters, static_cast<unsigned long long>(s.started),
                  static_cast<unsigned long long>(s.acquired), static_cast<unsigned long long>(s.failed),
                  static_cast<unsigned long long>(s.probes));
            if (csv) {
                csvOut << tag << ',' << QString::number(s.elapsedS, 'f', 1) << ',' << s.rss / 1024 << ','
                       << s.fds << ',' << s.stats.dials << ',' << s.stats.reuses << ','
                       << s.stats.connectsSucceeded << ',' << poolFailures(s.stats) << ',' << s.stats.closed
                       << ',' << s.stats.expired << ',' << s.stats.lifetimeExpired << ','
                       << s.stats.staleDetected << ',' << s.connections << ',' << s.stats.idle << ','
                       << s.stats.inUse << ',' << s.stats.connecting << ',' << s.leases << ',' << s.waiters
                       << ',' << s.started << ',' << s.acquired << ',' << s.failed << ',' << s.probes << '\n';
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
        QTRY_VERIFY_WITH_TIMEOUT(
            service->latestSnapshot()->connections.empty() && service->latestSnapshot()->leases == 0, 15'000);
        // The lab's ends close asynchronously on its own thread.
        QTRY_VERIFY_WITH_TIMEOUT(openFdCount() <= preTrafficFds + 8, 15'000);
        takeSample(QStringLiteral("quiesced"));
        const Sample quiet = samples.back();

        // --- report ---
        qInfo(
            "soak: %llu acquires (%llu ok, %llu reused leases, %llu failed), %llu probes (%llu GET, %llu ok, "
            "%llu server-closed, %llu failed), %llu released, %llu closed (%llu release / %llu close "
            "errors), "
            "%llu closeIdle (%llu closed), %llu setParams, %llu admin errors",
            static_cast<unsigned long long>(driver.started), static_cast<unsigned long long>(driver.acquired),
            static_cast<unsigned long long>(driver.reusedLeases),
            static_cast<unsigned long long>(driver.failed), static_cast<unsigned long long>(driver.probes),
            static_cast<unsigned long long>(driver.probeGet), static_cast<unsigned long long>(driver.probeOk),
            static_cast<unsigned long long>(driver.probeServerClosed),
            static_cast<unsigned long long>(driver.probeFailed),
            static_cast<unsigned long long>(driver.released), static_cast<unsigned long long>(driver.closed),
            static_cast<unsigned long long>(driver.releaseErrors),
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
            qInfo("soak target %-20s started=%6llu ok=%6llu failed=%6llu%s",
                  targetName(static_cast<Target>(i)), static_cast<unsigned long long>(ts.started),
                  static_cast<unsigned long long>(ts.ok), static_cast<unsigned long long>(ts.failed),
                  qPrintable(codes));
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
        qInfo("soak verdict input: warm-up sample t=%.0fs rss=%.2f MiB fds=%d; end t=%.0fs rss=%.2f MiB "
              "fds=%d; "
              "quiesced rss=%.2f MiB fds=%d (before traffic: %d); RSS limit %.2f MiB, fd limit %d",
              baseline.elapsedS, static_cast<double>(baseline.rss) / 1048576.0, baseline.fds,
              endSample.elapsedS, static_cast<double>(endSample.rss) / 1048576.0, endSample.fds,
              static_cast<double>(quiet.rss) / 1048576.0, quiet.fds, preTrafficFds,
              static_cast<double>(rssLimit) / 1048576.0, baseline.fds + 8);

        // --- traffic really happened ---
        const quint64 minAcquires = static_cast<quint64>(std::max(200, seconds * 2)); // 3600 in 30 min
        QVERIFY2(
            driver.started >= minAcquires,
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
    QVERIFY(guard.settledLeak(10'000) <= 0);
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
