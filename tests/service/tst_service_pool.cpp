// PoolService on its worker thread against the lab: startup, acquire (dial, reuse, failures with
// the engine's errors), release/close, stats() without waiting for a snapshot, and the FIFO wait
// queue (order, timeout with the last connect error, cancellation of waiters and of in-flight
// dials, maxWaiters).
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

class TestServicePool : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void serviceStartsOnNamedThread();
    void serviceRejectsInvalidOptions();
    void serviceAcquireReleaseReuse_data();
    void serviceAcquireReleaseReuse();
    void serviceAcquireFailures_data();
    void serviceAcquireFailures();
    void serviceWaitQueueServesFifo();
    void serviceWaitQueueTimeout();
    void serviceWaiterGetsLastConnectError();
    void serviceWaitQueueCancel();
    void serviceCancelInFlightDial();
    void serviceMaxWaiters();
    void serviceStatsAreCurrent();
};

void TestServicePool::initTestCase()
{
    QVERIFY(startLab());
}

void TestServicePool::cleanupTestCase()
{
    stopLab();
}

void TestServicePool::serviceStartsOnNamedThread()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        QVERIFY(service->thread() != QThread::currentThread());
        QCOMPARE(service->thread()->objectName(), QStringLiteral("poolscope-pool"));
        QVERIFY(service->thread()->isRunning());
        QVERIFY(service->latestSnapshot());
        // The first tick publishes the initial state (sequence 1 is the constructor's seed); it may
        // come before a collector could connect, so ask the service rather than a signal spy.
        QTRY_VERIFY(service->latestSnapshot()->sequence >= 2);
        QCOMPARE(service->params().maxConnections, labOptions(*m_lab).pool.maxConnections);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceRejectsInvalidOptions()
{
    ServiceOptions options = labOptions(*m_lab);
    options.pool.maxConnections = 0;
    auto started = PoolServiceThread::start(options);
    QVERIFY(!started.ok());
    QCOMPARE(started.error().code, ErrorCode::InvalidArgument);
    QVERIFY(started.error().message.find("maxConnections") != std::string::npos);

    options = labOptions(*m_lab);
    options.publishInterval = 0ms;
    QCOMPARE(PoolServiceThread::start(options).error().code, ErrorCode::InvalidArgument);
}

void TestServicePool::serviceAcquireReleaseReuse_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<QString>("host");
    QTest::newRow("http by address") << ServerKind::Http << QStringLiteral("127.0.0.1");
    QTest::newRow("http by lab name") << ServerKind::Http << QStringLiteral("www.lab.test");
    QTest::newRow("https by address") << ServerKind::Https << QStringLiteral("127.0.0.1");
}

void TestServicePool::serviceAcquireReleaseReuse()
{
    QFETCH(ServerKind, kind);
    QFETCH(QString, host);
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);

        AcquireRequest req = request(kind, QStringLiteral("first"));
        req.host = host;
        auto first = service->acquire(req);
        SERVICE_AWAIT(first, 10'000);
        auto error = failureOf(first);
        QVERIFY2(!error, error ? error->what() : "");
        const Lease a = resultOf(first);
        QVERIFY(a.id != 0);
        QVERIFY(a.socket >= 0);
        QCOMPARE(a.tls, req.tls);
        QCOMPARE(a.ssl != nullptr, req.tls);
        QVERIFY(!a.reused);
        QCOMPARE(a.label, QStringLiteral("first"));

        auto released = service->release(a.id);
        SERVICE_AWAIT(released, 5'000);
        QVERIFY(!failureOf(released));

        req.label = QStringLiteral("second");
        auto second = service->acquire(req);
        SERVICE_AWAIT(second, 10'000);
        QVERIFY(!failureOf(second));
        const Lease b = resultOf(second);
        QCOMPARE(b.id, a.id);
        QVERIFY(b.reused);

        // The snapshot shows it in use under its new holder's label.
        QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
            return c.id == b.id && c.state == ConnectionState::InUse && c.label == "second";
        }));
        QTRY_COMPARE(service->latestSnapshot()->leases, 1);

        auto closed = service->close({b.id});
        SERVICE_AWAIT(closed, 5'000);
        QVERIFY(!failureOf(closed));
        auto again = service->release(b.id);
        SERVICE_AWAIT(again, 5'000);
        auto stale = failureOf(again);
        QVERIFY(stale);
        QCOMPARE(stale->code(), ErrorCode::InvalidHandle);

        QTRY_VERIFY(collector.count(Kind::Closed) >= 1);
        QVERIFY(collector.count(Kind::Acquired) >= 2);
        QVERIFY(collector.count(Kind::Released) >= 1);
        QTRY_VERIFY2(collector.last() && collector.last()->stats.inUse == 0 &&
                         collector.last()->stats.idle == 0,
                     qPrintable(QStringLiteral("in use %1, idle %2, connections %3")
                                    .arg(collector.last()->stats.inUse)
                                    .arg(collector.last()->stats.idle)
                                    .arg(collector.last()->connections.size())));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceAcquireFailures_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("refused") << ServerKind::Refused << QString() << false << 5000
                             << ErrorCode::ConnectionRefused;
    QTest::newRow("untrusted") << ServerKind::Untrusted << QString() << true << 5000
                               << ErrorCode::HandshakeFailed;
    QTest::newRow("expired") << ServerKind::Expired << QString() << true << 5000
                             << ErrorCode::HandshakeFailed;
    QTest::newRow("wrong host") << ServerKind::WrongHost << QString() << true << 5000
                                << ErrorCode::HandshakeFailed;
    QTest::newRow("legacy tls") << ServerKind::LegacyTls << QString() << true << 5000
                                << ErrorCode::HandshakeFailed;
    QTest::newRow("nxdomain") << ServerKind::Http << QStringLiteral("nothing.invalid") << false << 5000
                              << ErrorCode::ResolveFailed;
    QTest::newRow("silent handshake")
        << ServerKind::Silent << QString() << true << 300 << ErrorCode::TimedOut;
    QTest::newRow("no host") << ServerKind::Http << QStringLiteral("") << false << 5000
                             << ErrorCode::InvalidArgument;
}

void TestServicePool::serviceAcquireFailures()
{
    QFETCH(ServerKind, kind);
    QFETCH(QString, host);
    QFETCH(bool, tls);
    QFETCH(int, timeoutMs);
    QFETCH(ErrorCode, code);
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        AcquireRequest req = request(kind, QStringLiteral("failing"), std::chrono::milliseconds(timeoutMs));
        req.tls = tls;
        if (!host.isNull())
            req.host = host;
        QElapsedTimer timer;
        timer.start();
        auto future = service->acquire(req);
        SERVICE_AWAIT(future, 10'000);
        auto error = failureOf(future);
        QVERIFY(error);
        QCOMPARE(error->code(), code);
        QVERIFY(!error->error().message.empty());
        QVERIFY2(timer.elapsed() < timeoutMs + 2000, "fails within its budget");
        QTRY_VERIFY(service->latestSnapshot()->stats.connecting == 0);
        QCOMPARE(service->latestSnapshot()->leases, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceWaitQueueServesFifo()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 2;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);

        const Lease a = take(service, request(ServerKind::Http, QStringLiteral("a")));
        const Lease b = take(service, request(ServerKind::Http, QStringLiteral("b")));
        QVERIFY(a.id != 0 && b.id != 0);

        auto w3 = service->acquire(request(ServerKind::Http, QStringLiteral("w3"), 10s));
        auto w4 = service->acquire(request(ServerKind::Http, QStringLiteral("w4"), 10s));
        auto w5 = service->acquire(request(ServerKind::Http, QStringLiteral("w5"), 10s));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 3);
        const auto snapshot = service->latestSnapshot();
        QCOMPARE(snapshot->hosts.size(), 1);
        QCOMPARE(snapshot->hosts.front().waiting, 3);
        QCOMPARE(snapshot->hosts.front().active, 2);
        QCOMPARE(snapshot->hosts.front().max, 2);
        QVERIFY(snapshot->hosts.front().oldestWaiterAgeMs >= 0);
        QTRY_COMPARE(collector.count(Kind::WaiterQueued), 3);
        QVERIFY(!w3.isFinished() && !w4.isFinished() && !w5.isFinished());

        (void)service->release(a.id);
        SERVICE_AWAIT(w3, 5'000);
        QVERIFY(!failureOf(w3));
        QVERIFY(!w4.isFinished() && !w5.isFinished());
        const Lease l3 = resultOf(w3);
        QCOMPARE(l3.label, QStringLiteral("w3"));
        QVERIFY(l3.reused);

        (void)service->release(b.id);
        SERVICE_AWAIT(w4, 5'000);
        QVERIFY(!w5.isFinished());
        (void)service->release(l3.id);
        SERVICE_AWAIT(w5, 5'000);
        QVERIFY(!failureOf(w4) && !failureOf(w5));
        (void)service->release(resultOf(w4).id);
        auto last = service->release(resultOf(w5).id);
        SERVICE_AWAIT(last, 5'000);

        QTRY_COMPARE(collector.count(Kind::WaiterServed), 3);
        const auto served = collector.ofKind(Kind::WaiterServed);
        QCOMPARE(served[0].label, QStringLiteral("w3"));
        QCOMPARE(served[1].label, QStringLiteral("w4"));
        QCOMPARE(served[2].label, QStringLiteral("w5"));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceWaitQueueTimeout()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 1;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        const Lease held = take(service, request(ServerKind::Http, QStringLiteral("holder")));
        QVERIFY(held.id != 0);

        QElapsedTimer timer;
        timer.start();
        auto late = service->acquire(request(ServerKind::Http, QStringLiteral("late"), 200ms));
        SERVICE_AWAIT(late, 5'000);
        const auto waited = timer.elapsed();
        auto error = failureOf(late);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::TimedOut);
        QVERIFY2(waited >= 190 && waited < 2000, qPrintable(QString::number(waited)));
        QVERIFY2(error->message().startsWith(QStringLiteral("timed out after")), error->what()); // said once
        QVERIFY(!error->message().contains(QStringLiteral("last connection attempt")));
        QTRY_COMPARE(service->latestSnapshot()->waiterTimeouts, quint64(1));
        QTRY_COMPARE(collector.count(Kind::WaiterTimedOut), 1);
        QCOMPARE(collector.ofKind(Kind::WaiterTimedOut).front().label, QStringLiteral("late"));
        QCOMPARE(collector.ofKind(Kind::WaiterTimedOut).front().error, ErrorCode::TimedOut);

        // With retries, a refused connect keeps being tried until the budget is gone.
        (void)service->release(held.id);
        AcquireRequest retrying = request(ServerKind::Refused, QStringLiteral("retrying"), 400ms);
        retrying.retryConnectErrors = true;
        timer.restart();
        auto retried = service->acquire(retrying);
        SERVICE_AWAIT(retried, 5'000);
        auto retryError = failureOf(retried);
        QVERIFY(retryError);
        QCOMPARE(retryError->code(), ErrorCode::TimedOut);
        QVERIFY(timer.elapsed() >= 390);
        QVERIFY2(retryError->message().contains(QStringLiteral("last connection attempt failed with: ")),
                 retryError->what());
        QTRY_VERIFY(collector.count(Kind::DialFailed) >= 2);

        // A certificate that fails verification fails the same way next time: no retry, even with
        // a long budget (the lab's certificate is not signed by any system CA).
        AcquireRequest untrusted = request(ServerKind::Https, QStringLiteral("untrusted"), 8s);
        untrusted.overrideTls = true;
        untrusted.tlsOptions = TlsOptions{};
        untrusted.retryConnectErrors = true;
        const int failedBefore = collector.count(Kind::DialFailed);
        auto refusedCertificate = service->acquire(untrusted);
        SERVICE_AWAIT(refusedCertificate, 5'000);
        auto certificateError = failureOf(refusedCertificate);
        QVERIFY(certificateError);
        QCOMPARE(certificateError->code(), ErrorCode::HandshakeFailed);
        QTRY_COMPARE(collector.count(Kind::DialFailed), failedBefore + 1);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceWaiterGetsLastConnectError()
{
    // The async database pool's behaviour: a waiter that gives up hears why connecting failed.
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 1;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();

        auto refused = service->acquire(request(ServerKind::Refused, QStringLiteral("refused")));
        SERVICE_AWAIT(refused, 5'000);
        auto first = failureOf(refused);
        QVERIFY(first);
        QCOMPARE(first->code(), ErrorCode::ConnectionRefused);

        const Lease held = take(service, request(ServerKind::Http, QStringLiteral("holder")));
        QVERIFY(held.id != 0);
        auto waiter = service->acquire(request(ServerKind::Refused, QStringLiteral("gives-up"), 250ms));
        SERVICE_AWAIT(waiter, 5'000);
        auto error = failureOf(waiter);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::TimedOut);
        const QString expected = QStringLiteral("last connection attempt failed with: ") +
                                 QString::fromStdString(first->error().message);
        QVERIFY2(error->message().contains(expected), error->what());
        (void)service->release(held.id);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceWaitQueueCancel()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 1;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        const Lease held = take(service, request(ServerKind::Http, QStringLiteral("holder")));
        QVERIFY(held.id != 0);

        auto cancelMe = service->acquire(request(ServerKind::Http, QStringLiteral("cancel-me"), 10s));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 1);
        cancelMe.cancel();
        QTRY_COMPARE(service->latestSnapshot()->waiters, 0);
        QVERIFY(cancelMe.isCanceled());
        QTRY_COMPARE(collector.count(Kind::WaiterCancelled), 1);
        QCOMPARE(collector.ofKind(Kind::WaiterCancelled).front().label, QStringLiteral("cancel-me"));

        auto byLabel = service->acquire(request(ServerKind::Http, QStringLiteral("by-label"), 10s));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 1);
        auto count = service->cancelAcquire(QStringLiteral("by-label"));
        SERVICE_AWAIT(count, 5'000);
        QCOMPARE(resultOf(count), 1);
        SERVICE_AWAIT(byLabel, 5'000);
        QVERIFY(byLabel.isCanceled());

        // Nobody cancelled took the slot: the next request gets the connection at once.
        (void)service->release(held.id);
        const Lease next = take(service, request(ServerKind::Http, QStringLiteral("next")));
        QCOMPARE(next.id, held.id);
        QVERIFY(next.reused);
        (void)service->release(next.id);
        QTRY_COMPARE(collector.count(Kind::WaiterCancelled), 2);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceCancelInFlightDial()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        AcquireRequest silent = request(ServerKind::Silent, QStringLiteral("silent"), 30s);
        silent.tls = true; // the handshake never gets an answer
        auto dial = service->acquire(silent);
        QTRY_COMPARE(service->latestSnapshot()->stats.connecting, 1);
        QElapsedTimer timer;
        timer.start();
        dial.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(service->latestSnapshot()->stats.connecting, 0, 2'000);
        QVERIFY(timer.elapsed() < 1'000);
        QVERIFY(dial.isCanceled());
        QTRY_COMPARE(collector.count(Kind::WaiterCancelled), 1);
        QCOMPARE(service->latestSnapshot()->leases, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceMaxWaiters()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxConnections = 1;
        options.maxWaiters = 1;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        const Lease held = take(service, request(ServerKind::Http));
        auto waiting = service->acquire(request(ServerKind::Http, QStringLiteral("one"), 10s));
        QTRY_COMPARE(service->latestSnapshot()->waiters, 1);
        auto refused = service->acquire(request(ServerKind::Http, QStringLiteral("two"), 10s));
        SERVICE_AWAIT(refused, 2'000);
        auto error = failureOf(refused);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::OutOfResources);
        waiting.cancel();
        (void)service->release(held.id);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServicePool::serviceStatsAreCurrent()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.publishInterval = std::chrono::hours(1); // the snapshot stays the first one
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();

        std::vector<Lease> leases;
        for (int i = 0; i < 5; ++i)
            leases.push_back(take(service, request(ServerKind::Http)));
        QCOMPARE(service->stats().inUse, 5);
        QList<QFuture<void>> returned;
        for (std::size_t i = 0; i < leases.size(); ++i) {
            returned << (i < 3 ? service->release(leases[i].id) : service->close({leases[i].id}));
        }
        for (auto& future : returned) {
            SERVICE_AWAIT(future, 5'000);
            QVERIFY(!failureOf(future));
        }
        // No waiting: what came back is counted as soon as its future finished.
        const PoolStats now = service->stats();
        QCOMPARE(now.inUse, 0);
        QCOMPARE(now.idle, 3);
        QCOMPARE(now.closed, std::uint64_t{2});
        QCOMPARE(service->latestSnapshot()->stats.inUse, 0); // published before any lease
        QCOMPARE(service->latestSnapshot()->stats.idle, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

QTEST_GUILESS_MAIN(TestServicePool)
#include "tst_service_pool.moc"
