// The pool's lifecycle over real TCP against the lab: shutdown and reopen, destroying the pool with
// connections out, lifetimes, stale and forged handles, bad input, cancellation in each phase and
// live parameter changes. Every test checks it leaked no descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"
#include "timing.h"

#include <QtTest>
#include <optional>
#include <set>
#include <thread>

using namespace std::chrono_literals;
using poolscope::ConnectionPool;
using poolscope::DialRequest;
using poolscope::ErrorCode;
using poolscope::PoolParams;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::loopbackParams;
using poolscope::test::makePool;
using poolscope::test::sharedLab;

Q_DECLARE_METATYPE(poolscope::ErrorCode)

class TestEnginePoolLifecycle : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void maxLifetimeClosesOnReturn()
    {
        auto params = loopbackParams();
        params.maxLifetime = 100ms;
        params.lifetimeJitter = 0.0;
        auto pool = makePool(params);
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto deadline = lease->info()->lifetimeDeadline;
        QTRY_VERIFY_WITH_TIMEOUT(poolscope::Clock::now() > deadline, 2000);
        QVERIFY(lease->release());
        QCOMPARE(pool.stats().idle, 0);
        QCOMPARE(pool.stats().lifetimeExpired, 1u);
    }

    void lifetimesAreJittered()
    {
        auto params = loopbackParams();
        params.maxLifetime = 10s;
        params.lifetimeJitter = 0.2;
        auto pool = makePool(params);
        std::vector<poolscope::PooledConnection> leases;
        std::set<long long> lifetimes;
        for (int i = 0; i < 6; ++i) {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            const auto info = lease->info();
            const auto life =
                std::chrono::duration_cast<std::chrono::milliseconds>(info->lifetimeDeadline - info->created);
            QVERIFY(life <= 10s && life >= 8s);
            lifetimes.insert(life.count());
            leases.push_back(std::move(lease).value());
        }
        QVERIFY(lifetimes.size() > 1);
    }

    void shutdownWhileInUse()
    {
        auto pool = makePool();
        auto a = pool.dial(labRequest(ServerKind::Http));
        auto b = pool.dial(labRequest(ServerKind::Echo));
        QVERIFY(a && b);
        QVERIFY(pool.dial(labRequest(ServerKind::IdleCloser))); // idle: closed by shutdown
        QCOMPARE(pool.shutdown(poolscope::ShutdownHow::Both), 2);
        QCOMPARE(pool.stats().idle, 0);
        QVERIFY(pool.isShutDown());
        // The holder blocked in a read is woken: the socket was shut down under it.
        char c = 0;
        auto n = b->readSome(&c, 1, 2s);
        QVERIFY(n && n.value() == 0);
        auto refused = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::ShutDown);
        QCOMPARE(pool.shutdown(), 2); // repeatable
        QVERIFY(a->release());        // closed, not kept
        QCOMPARE(pool.shutdown(), 1);
        QVERIFY(b->close());
        QCOMPARE(pool.shutdown(), 0);
        pool.reopen();
        QVERIFY(!pool.isShutDown());
        auto again = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(again);
        QVERIFY(!again->reused());
    }

    void destroyPoolWithConnectionsOut()
    {
        std::optional<poolscope::PooledConnection> lease;
        {
            auto pool = makePool();
            auto dialled = pool.dial(labRequest(ServerKind::Echo));
            QVERIFY(dialled);
            lease.emplace(std::move(dialled).value());
            QVERIFY(pool.dial(labRequest(ServerKind::Http))); // idle
        }
        // The pool is gone; the lease is still safe to use and to give back.
        QVERIFY(lease->valid());
        char c = 0;
        auto n = lease->readSome(&c, 1, 1s);
        QVERIFY(!n || n.value() == 0);
        QVERIFY(lease->release());
        lease.reset();
    }

    void staleAndForeignHandles()
    {
        auto pool = makePool();
        auto other = makePool();
        auto handle = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(handle);
        const auto h = handle.value();
        QCOMPARE(other.release(h).error().code, ErrorCode::InvalidHandle); // foreign
        QCOMPARE(other.nativeSocket(h), -1);
        QVERIFY(pool.nativeSocket(h) >= 0);
        QVERIFY(pool.release(h));
        QCOMPARE(pool.release(h).error().code, ErrorCode::InvalidHandle); // already returned
        QCOMPARE(pool.close(h).error().code, ErrorCode::InvalidHandle);
        QCOMPARE(pool.nativeSocket(h), -1);
        // The idle connection is reused under a new handle; the old one stays dead.
        auto again = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(again);
        QVERIFY(again.value() != h);
        QCOMPARE(pool.release(h).error().code, ErrorCode::InvalidHandle);
        for (poolscope::Handle forged : {poolscope::Handle{0}, poolscope::Handle{1}, poolscope::Handle{0xFFFFFFFFu},
                                         poolscope::Handle{0x0001FFFFu}, h ^ 0x80000000u, h ^ (poolscope::Handle{1} << 63),
                                         h & 0xFFFFFFFFu, ~poolscope::Handle{0}}) {
            if (forged != again.value())
                QCOMPARE(pool.close(forged).error().code, ErrorCode::InvalidHandle);
        }
        QVERIFY(pool.close(again.value()));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("timeoutUs");
        QTest::newRow("empty host") << QByteArray() << 80 << 0;
        QTest::newRow("254-byte host") << QByteArray(254, 'a') << 80 << 0;
        QTest::newRow("NUL in host") << QByteArray("local\0host", 10) << 80 << 0;
        QTest::newRow("space in host") << QByteArray("local host") << 80 << 0;
        // The host is checked eight bytes at a time, then byte by byte: bad bytes in each place.
        QTest::newRow("DEL in the first eight bytes") << QByteArray("loc\x7f" "alhost.example") << 80 << 0;
        QTest::newRow("control byte ending eight") << QByteArray("localho\x1f" ".example") << 80 << 0;
        QTest::newRow("control byte in a later eight") << QByteArray("a.long.host.na\x01" "me.example") << 80 << 0;
        QTest::newRow("DEL in the last bytes") << QByteArray("localhost\x7f") << 80 << 0;
        QTest::newRow("space ending the host") << QByteArray("localhost.example ") << 80 << 0;
        QTest::newRow("tab in the last bytes") << QByteArray("localhost.exa\tmple") << 80 << 0;
        QTest::newRow("unbalanced bracket") << QByteArray("[::1") << 80 << 0;
        QTest::newRow("stray closing bracket") << QByteArray("::1]") << 80 << 0;
        QTest::newRow("empty brackets") << QByteArray("[]") << 80 << 0;
        QTest::newRow("name in brackets") << QByteArray("[localhost]") << 80 << 0;
        QTest::newRow("port 0") << QByteArray("127.0.0.1") << 0 << 0;
        QTest::newRow("negative timeout") << QByteArray("127.0.0.1") << 80 << -1;
    }
    void badInput()
    {
        QFETCH(QByteArray, host);
        QFETCH(int, port);
        QFETCH(int, timeoutUs);
        auto pool = makePool();
        DialRequest request;
        request.host = host.toStdString();
        request.port = static_cast<std::uint16_t>(port);
        request.timeout = std::chrono::microseconds(timeoutUs);
        auto lease = pool.dial(request);
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!lease.error().message.empty());
        QCOMPARE(pool.stats().free, pool.stats().maxConnections);
    }

    void cancelDuringResolve()
    {
        auto params = loopbackParams();
        params.dnsServers = {"127.0.0.1:" + std::to_string(sharedLab().port(ServerKind::DnsSilent))};
        auto pool = makePool(params);
        std::stop_source stop;
        DialRequest request;
        request.host = "slow.lab.test";
        request.port = 80;
        request.timeout = 5s; // backstop: an ignored cancel fails, not hangs
        request.stop = stop.get_token();
        poolscope::test::CancelOnEvent canceller(pool, poolscope::EventKind::DialStarted,
                                                 [&] { stop.request_stop(); });
        auto lease = pool.dial(request);
        QVERIFY(canceller.fired());
        const auto afterCancel = canceller.elapsedSinceCancelMs();
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::Cancelled);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Resolve);
        // The engine checks every 25 ms (50 ms promised); the rest is slack for a loaded 2-core CI.
        qInfo("cancel took effect after %lld ms", afterCancel);
        QVERIFY2(afterCancel < poolscope::test::withSlack(50, 100), qPrintable(QString::number(afterCancel)));
        QCOMPARE(pool.stats().cancelled, 1u);
    }

    void cancelDuringConnect()
    {
        poolscope::test::StuckListener stuck;
        if (!stuck.ok())
            QSKIP("the kernel completed every connect; cannot hold one in SYN-SENT here");
        auto pool = makePool();
        int cancelFlag = 0;
        DialRequest request;
        request.host = "127.0.0.1";
        request.port = stuck.port();
        request.timeout = 5s;
        request.cancelFlag = &cancelFlag;
        poolscope::test::CancelOnEvent canceller(pool, poolscope::EventKind::Resolved,
                                                 [&] { std::atomic_ref<int>(cancelFlag).store(1); });
        auto lease = pool.dial(request);
        QVERIFY(canceller.fired());
        const auto afterCancel = canceller.elapsedSinceCancelMs();
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::Cancelled);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Connect);
        qInfo("cancel took effect after %lld ms", afterCancel);
        QVERIFY2(afterCancel < poolscope::test::withSlack(50, 100), qPrintable(QString::number(afterCancel)));
    }

    void liveParamChanges()
    {
        auto params = loopbackParams();
        auto pool = makePool(params);
        for (int i = 0; i < 3; ++i) {
            auto req = labRequest(ServerKind::Http);
            req.allowReuse = false;
            QVERIFY(pool.dial(req));
        }
        QCOMPARE(pool.stats().idle, 3);
        params.maxConnections = 1;
        QVERIFY(pool.setParams(params));
        QCOMPARE(pool.stats().idle, 1);
        QCOMPARE(pool.stats().overLimit, 2u); // its own reason and counter, not "evicted for another host"
        QCOMPARE(pool.stats().evicted, 0u);
        params.maxConnections = 0;
        QCOMPARE(pool.setParams(params).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(pool.params().maxConnections, 1);
    }
};

QTEST_GUILESS_MAIN(TestEnginePoolLifecycle)
#include "tst_engine_pool_lifecycle.moc"
