// PoolService lifecycle against the lab: graceful shutdown draining to 0 with drainProgress,
// forced shutdown, reopen, closeIdle, live parameter changes, the HTTP probe (Keep-Alive shortening,
// Connection: close, timeouts), leak flags, snapshot throttling under a burst of events, and a clean
// stop of the worker thread with work in flight.
#include "net/platform/socket_api.h"
#include "service_test_support.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <algorithm>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using Kind = ServiceEvent::Kind;
using lab::ServerKind;

class TestServiceLifecycle : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void serviceGracefulShutdownDrains();
    void serviceGracefulShutdownClosesIdleAtOnce();
    void serviceForcedShutdown();
    void serviceCloseIdleAndParams();
    void serviceRaisingLimitServesWaiters();
    void serviceProbe_data();
    void serviceProbe();
    void serviceProbeErrors();
    void serviceLeakFlag();
    void serviceSnapshotThrottling();
    void serviceStopsWithWorkInFlight();
};

void TestServiceLifecycle::initTestCase()
{
    QVERIFY(startLab());
}

void TestServiceLifecycle::cleanupTestCase()
{
    stopLab();
}

void TestServiceLifecycle::serviceGracefulShutdownDrains()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 3;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        QSignalSpy progress(&collector, &Collector::drainProgress);

        std::vector<Lease> leases;
        for (int i = 0; i < 3; ++i)
            leases.push_back(take(service, request(ServerKind::Http, QStringLiteral("lease-%1").arg(i))));
        QVERIFY(std::all_of(leases.begin(), leases.end(), [](const Lease& l) { return l.id != 0; }));
        auto waiter = service->acquire(request(ServerKind::Http, QStringLiteral("waiter"), 10s));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 1);

        auto drained = service->shutdown(ShutdownMode::Graceful);
        QTRY_COMPARE(progress.count(), 1);
        QCOMPARE(progress.at(0).at(0).toInt(), 3);
        SERVICE_AWAIT(waiter, 2'000);
        QCOMPARE(failureOf(waiter)->code(), ErrorCode::ShutDown);
        QTRY_VERIFY(service->latestSnapshot()->draining);
        QVERIFY(!drained.isFinished());

        auto refused = service->acquire(request(ServerKind::Http));
        SERVICE_AWAIT(refused, 2'000);
        QCOMPARE(failureOf(refused)->code(), ErrorCode::ShutDown);

        for (int i = 0; i < 3; ++i) {
            QVERIFY(!drained.isFinished());
            (void)service->release(leases[static_cast<std::size_t>(i)].id);
            QTRY_COMPARE(progress.count(), i + 2);
            QCOMPARE(progress.at(i + 1).at(0).toInt(), 2 - i);
        }
        SERVICE_AWAIT(drained, 5'000);
        QCOMPARE(resultOf(drained), 0);
        QTRY_VERIFY(service->latestSnapshot()->shutDown && !service->latestSnapshot()->draining);
        QTRY_COMPARE(collector.count(Kind::Drained), 1);
        QVERIFY(collector.count(Kind::ShutdownStarted) >= 1);
        QCOMPARE(service->latestSnapshot()->stats.idle, 0);

        auto reopened = service->reopen();
        SERVICE_AWAIT(reopened, 2'000);
        QVERIFY(!failureOf(reopened));
        const Lease again = take(service, request(ServerKind::Http));
        QVERIFY(again.id != 0);
        (void)service->release(again.id);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceGracefulShutdownClosesIdleAtOnce()
{
    // Draining waits for connections in use; an idle one has nobody to wait for, so it closes
    // when the shutdown starts, and one returned while draining closes when it comes back.
    FdGuard guard;
    {
        auto owner = start(labOptions(*m_lab));
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        std::vector<Lease> leases;
        for (int i = 0; i < 3; ++i)
            leases.push_back(take(service, request(ServerKind::Http, QStringLiteral("lease-%1").arg(i))));
        QVERIFY(std::all_of(leases.begin(), leases.end(), [](const Lease& l) { return l.id != 0; }));
        auto released = service->release(leases[0].id);
        SERVICE_AWAIT(released, 2'000);
        QTRY_COMPARE(service->latestSnapshot()->stats.idle, 1);

        auto drained = service->shutdown(ShutdownMode::Graceful);
        QTRY_COMPARE(service->latestSnapshot()->stats.idle, 0);
        QCOMPARE(service->latestSnapshot()->stats.inUse, 2);
        QTRY_COMPARE(collector.closedReason(leases[0].id), CloseReason::Shutdown);
        QTRY_COMPARE(m_lab->counters(ServerKind::Http).open, 2);

        released = service->release(leases[1].id);
        SERVICE_AWAIT(released, 2'000);
        QTRY_COMPARE(service->latestSnapshot()->stats.inUse, 1);
        QCOMPARE(service->latestSnapshot()->stats.idle, 0);
        QTRY_COMPARE(collector.closedReason(leases[1].id), CloseReason::Shutdown);
        QVERIFY(!drained.isFinished());

        (void)service->release(leases[2].id);
        SERVICE_AWAIT(drained, 5'000);
        QCOMPARE(resultOf(drained), 0);
        QTRY_COMPARE(m_lab->counters(ServerKind::Http).open, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceForcedShutdown()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        const Lease a = take(service, request(ServerKind::Http));
        const Lease b = take(service, request(ServerKind::Http));
        QVERIFY(a.id != 0 && b.id != 0);

        auto forced = service->shutdown(ShutdownMode::Forced, ShutdownHow::Both);
        SERVICE_AWAIT(forced, 2'000);
        QCOMPARE(resultOf(forced), 2); // still held by their holders
        char byte = 0;
        {
            namespace sys = poolscope::detail::sys;
            const sys::DontWaitScope dontWait(a.socket);
            // Shut down under the holder: end of stream at once.
            QCOMPARE(sys::recv(a.socket, &byte, 1, sys::kIoDontWait), sys::IoResult(0));
        }

        auto refused = service->acquire(request(ServerKind::Http));
        SERVICE_AWAIT(refused, 2'000);
        QCOMPARE(failureOf(refused)->code(), ErrorCode::ShutDown);

        auto closeBoth = service->close({a.id, b.id});
        SERVICE_AWAIT(closeBoth, 2'000);
        QVERIFY(!failureOf(closeBoth));
        auto reopened = service->reopen();
        SERVICE_AWAIT(reopened, 2'000);
        const Lease c = take(service, request(ServerKind::Http));
        QVERIFY(c.id != 0);
        (void)service->release(c.id);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceCloseIdleAndParams()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        QList<QFuture<Lease>> futures;
        for (int i = 0; i < 3; ++i) {
            auto req = request(ServerKind::Http);
            req.allowReuse = false; // three connections even if one dial thread runs late
            futures.push_back(service->acquire(req));
        }
        for (auto& f : futures) {
            SERVICE_AWAIT(f, 5'000);
            QVERIFY(!failureOf(f));
            (void)service->release(resultOf(f).id);
        }
        QTRY_COMPARE(service->latestSnapshot()->stats.idle, 3);
        auto closed = service->closeIdle();
        SERVICE_AWAIT(closed, 2'000);
        QCOMPARE(resultOf(closed), 3);
        QTRY_COMPARE(service->latestSnapshot()->stats.idle, 0);

        PoolParams params = service->params();
        params.maxConnections = 5;
        params.maxKeepAlive = 2s;
        auto changed = service->setParams(params);
        SERVICE_AWAIT(changed, 2'000);
        QVERIFY(!failureOf(changed));
        QCOMPARE(service->params().maxConnections, 5);
        QCOMPARE(service->options().pool.maxKeepAlive, 2s);
        QTRY_COMPARE(collector.count(Kind::ParamsChanged), 1);
        QTRY_COMPARE(service->latestSnapshot()->stats.maxConnections, 5);

        params.maxConnections = 0;
        auto invalid = service->setParams(params);
        SERVICE_AWAIT(invalid, 2'000);
        QCOMPARE(failureOf(invalid)->code(), ErrorCode::InvalidArgument);
        QCOMPARE(service->params().maxConnections, 5);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceRaisingLimitServesWaiters()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 1;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        const Lease held = take(service, request(ServerKind::Http, QStringLiteral("held")));
        QVERIFY(held.id != 0);
        auto waiter = service->acquire(request(ServerKind::Https, QStringLiteral("waiter"), 10s));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 1);
        QVERIFY(!waiter.isFinished());

        // A live change of the limit lets the waiter in without anyone releasing.
        PoolParams params = service->params();
        params.maxConnections = 2;
        auto changed = service->setParams(params);
        SERVICE_AWAIT(changed, 2'000);
        SERVICE_AWAIT(waiter, 5'000);
        QVERIFY(!failureOf(waiter));
        QVERIFY(resultOf(waiter).tls);
        QTRY_COMPARE(service->latestSnapshot()->waiters, 0);
        auto closeBoth = service->close({held.id, resultOf(waiter).id});
        SERVICE_AWAIT(closeBoth, 2'000);
        QVERIFY(!failureOf(closeBoth));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceProbe_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<qint64>("body");
    QTest::addColumn<bool>("closes");
    QTest::newRow("head") << ServerKind::Http << QStringLiteral("HEAD") << QStringLiteral("/") << qint64(0)
                          << false;
    QTest::newRow("get") << ServerKind::Http << QStringLiteral("GET") << QStringLiteral("/") << qint64(3)
                         << false;
    QTest::newRow("get 100 KB") << ServerKind::Http << QStringLiteral("GET")
                                << QStringLiteral("/bytes/100000") << qint64(100000) << false;
    QTest::newRow("https get") << ServerKind::Https << QStringLiteral("GET") << QStringLiteral("/")
                               << qint64(3) << false;
    QTest::newRow("connection close")
        << ServerKind::Http << QStringLiteral("GET") << QStringLiteral("/close") << qint64(3) << true;
}

void TestServiceLifecycle::serviceProbe()
{
    QFETCH(ServerKind, kind);
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(qint64, body);
    QFETCH(bool, closes);
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        Lease lease = take(service, request(kind, QStringLiteral("prober")));
        QVERIFY(lease.id != 0);

        auto probed = service->probe(lease.id, method, path);
        SERVICE_AWAIT(probed, 10'000);
        auto error = failureOf(probed);
        QVERIFY2(!error, error ? error->what() : "");
        const ProbeResult result = resultOf(probed);
        QCOMPARE(result.status, 200);
        QVERIFY(result.statusLine.startsWith(QStringLiteral("HTTP/1.1 200")));
        QCOMPARE(result.bodyBytes, body);
        QCOMPARE(result.serverClosed, closes);
        QVERIFY(result.elapsedUs > 0);
        QTRY_COMPARE(collector.count(Kind::ProbeCompleted), 1);
        QCOMPARE(collector.ofKind(Kind::ProbeCompleted).front().value, qint64(200));

        if (closes) {
            // Connection: close honoured: the lease is gone, and the connection closed once the
            // holder's last copy of the Lease goes (the service never frees it under a holder).
            auto release = service->release(lease.id);
            SERVICE_AWAIT(release, 2'000);
            QCOMPARE(failureOf(release)->code(), ErrorCode::InvalidHandle);
            const ConnectionId id = lease.id;
            lease = {};
            QTRY_VERIFY(!anyConnection(service, [&](const ConnectionInfo& c) { return c.id == id; }));
        } else {
            // Keep-Alive: timeout=5 → the connection's keep-alive becomes 5 s - 1 s.
            QCOMPARE(result.keepAliveSeconds, 5);
            QCOMPARE(result.keepAliveSetMs, qint64(4000));
            auto release = service->release(lease.id);
            SERVICE_AWAIT(release, 2'000);
            QVERIFY(!failureOf(release));
            QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
                return c.id == lease.id && c.state == ConnectionState::Idle;
            }));
            const auto snapshot = service->latestSnapshot();
            const auto it = std::find_if(snapshot->connections.begin(), snapshot->connections.end(),
                                         [&](const ConnectionInfo& c) { return c.id == lease.id; });
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(it->keepAliveDeadline -
                                                                                    snapshot->taken);
            QVERIFY2(left <= 4000ms && left > 3000ms, qPrintable(QString::number(left.count())));
        }
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceProbeErrors()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.probeTimeout = 300ms;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);

        auto unknown = service->probe(987654, QStringLiteral("HEAD"));
        SERVICE_AWAIT(unknown, 2'000);
        QCOMPARE(failureOf(unknown)->code(), ErrorCode::InvalidHandle);

        const Lease http = take(service, request(ServerKind::Http));
        auto post = service->probe(http.id, QStringLiteral("POST"));
        SERVICE_AWAIT(post, 2'000);
        QCOMPARE(failureOf(post)->code(), ErrorCode::InvalidArgument);
        (void)service->release(http.id);

        // A server that never answers: the probe times out and the connection is closed.
        AcquireRequest silentRequest = request(ServerKind::Silent, QStringLiteral("silent"));
        silentRequest.tls = false;
        const Lease silent = take(service, silentRequest);
        QVERIFY(silent.id != 0);
        QElapsedTimer timer;
        timer.start();
        auto timedOut = service->probe(silent.id, QStringLiteral("GET"));
        SERVICE_AWAIT(timedOut, 5'000);
        QVERIFY(timer.elapsed() < 2'000);
        QCOMPARE(failureOf(timedOut)->code(), ErrorCode::TimedOut);
        QTRY_COMPARE(collector.count(Kind::ProbeFailed), 1);
        auto release = service->release(silent.id);
        SERVICE_AWAIT(release, 2'000);
        QCOMPARE(failureOf(release)->code(), ErrorCode::InvalidHandle);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceLeakFlag()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        // Scaled: a starved test thread must not hold `quick` past the threshold.
        options.leakThreshold = 150ms * poolscope::test::timeScale();
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);

        const Lease quick = take(service, request(ServerKind::Http, QStringLiteral("quick")));
        auto quickBack = service->release(quick.id);
        SERVICE_AWAIT(quickBack, 2'000);
        QVERIFY(!failureOf(quickBack));
        // Held on purpose (a monitor's Dial): older than `leaky`, and never flagged.
        AcquireRequest deliberate = request(ServerKind::Http, QStringLiteral("held-on-purpose"));
        deliberate.leakCheck = false;
        const Lease held = take(service, deliberate);
        QVERIFY(held.id != 0);
        const Lease leaky = take(service, request(ServerKind::Http, QStringLiteral("leaky-test")));
        QVERIFY(leaky.id != 0);
        QTRY_VERIFY(service->latestSnapshot()->leaked == std::vector<ConnectionId>{leaky.id});
        QTRY_COMPARE(collector.count(Kind::LeakSuspected), 1);
        const auto flagged = collector.ofKind(Kind::LeakSuspected).front();
        QCOMPARE(flagged.id, leaky.id);
        QCOMPARE(flagged.label, QStringLiteral("leaky-test"));
        QVERIFY(flagged.message.contains(QStringLiteral("leaky-test")));
        QVERIFY(flagged.value >= 150 * poolscope::test::timeScale());
        QCOMPARE(service->latestSnapshot()->leakThreshold, 150ms * poolscope::test::timeScale());

        (void)service->release(leaky.id);
        (void)service->release(held.id);
        QTRY_VERIFY(service->latestSnapshot()->leaked.empty());
        QCOMPARE(collector.count(Kind::LeakSuspected), 1); // the quick one never counted
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceSnapshotThrottling()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.publishInterval = 100ms;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        QElapsedTimer timer;
        timer.start();

        // A burst of more than 1,000 engine events: 500 acquire/release round trips.
        constexpr int kRounds = 500;
        for (int i = 0; i < kRounds; ++i) {
            const Lease lease = take(service, request(ServerKind::Http, QStringLiteral("burst")));
            QVERIFY(lease.id != 0);
            service->release(lease.id).waitForFinished();
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            collector.count(Kind::Acquired) >= kRounds && collector.count(Kind::Released) >= kRounds, 10'000);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(collector.events.size() >= 2 * kRounds);
        const qint64 allowed = elapsed / 100 + 3;
        QVERIFY2(
            collector.snapshots.size() <= allowed,
            qPrintable(QStringLiteral("%1 snapshots in %2 ms").arg(collector.snapshots.size()).arg(elapsed)));
        QVERIFY2(collector.batches <= allowed,
                 qPrintable(QStringLiteral("%1 event batches in %2 ms").arg(collector.batches).arg(elapsed)));
        for (qsizetype i = 1; i < collector.snapshots.size(); ++i) {
            const auto& previous = collector.snapshots[i - 1];
            const auto& current = collector.snapshots[i];
            QCOMPARE(current->sequence, previous->sequence + 1);
            // At most one snapshot per publish interval (a little slack for timer granularity).
            const auto gap =
                std::chrono::duration_cast<std::chrono::milliseconds>(current->taken - previous->taken);
            QVERIFY2(gap >= 98ms, qPrintable(QStringLiteral("snapshots %1 ms apart").arg(gap.count())));
        }
        QCOMPARE(service->latestSnapshot()->droppedEvents, quint64(0));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceLifecycle::serviceStopsWithWorkInFlight()
{
    FdGuard guard;
    QFuture<Lease> silent1;
    QFuture<Lease> silent2;
    QFuture<Lease> queued;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 3;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        QThread* worker = service->thread();

        const Lease held = take(service, request(ServerKind::Http, QStringLiteral("held")));
        QVERIFY(held.id != 0);
        AcquireRequest silent = request(ServerKind::Silent, QStringLiteral("silent"), 30s);
        silent.tls = true;
        silent1 = service->acquire(silent);
        silent2 = service->acquire(silent);
        queued = service->acquire(request(ServerKind::Http, QStringLiteral("queued"), 30s));
        QTRY_VERIFY2(service->latestSnapshot()->waiters == 1 &&
                         service->latestSnapshot()->stats.connecting == 2,
                     qPrintable(QStringLiteral("waiters %1, connecting %2, in use %3, idle %4")
                                    .arg(service->latestSnapshot()->waiters)
                                    .arg(service->latestSnapshot()->stats.connecting)
                                    .arg(service->latestSnapshot()->stats.inUse)
                                    .arg(service->latestSnapshot()->stats.idle)));

        QSignalSpy finished(worker, &QThread::finished);
        QElapsedTimer timer;
        timer.start();
        owner.reset(); // quits and joins the worker with dials, a waiter and a lease outstanding
        QVERIFY2(timer.elapsed() < 3'000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(finished.count(), 1);
    }
    for (auto* f : {&silent1, &silent2, &queued}) {
        QVERIFY(f->isFinished());
        auto error = failureOf(*f);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::ShutDown);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

QTEST_GUILESS_MAIN(TestServiceLifecycle)
#include "tst_service_lifecycle.moc"
