// The pool over real plain TCP against the lab: dial, reuse, keep-alive expiry, limits and eviction,
// errors, stale-connection detection, keys, events and snapshots. Every test checks it leaked no descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "net/platform/socket_api.h"
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

class TestEnginePool : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void invalidParams_data()
    {
        QTest::addColumn<int>("maxConnections");
        QTest::addColumn<int>("maxPerHost");
        QTest::addColumn<int>("keepAliveMs");
        QTest::addColumn<QString>("dnsServer");
        QTest::addColumn<QString>("field");
        QTest::newRow("zero connections") << 0 << 0 << 1000 << QString() << QStringLiteral("maxConnections");
        QTest::newRow("negative connections")
            << -5 << 0 << 1000 << QString() << QStringLiteral("maxConnections");
        QTest::newRow("too many connections")
            << 70000 << 0 << 1000 << QString() << QStringLiteral("maxConnections");
        QTest::newRow("per host above max") << 4 << 5 << 1000 << QString() << QStringLiteral("maxPerHost");
        QTest::newRow("negative per host") << 4 << -1 << 1000 << QString() << QStringLiteral("maxPerHost");
        QTest::newRow("negative keep-alive") << 4 << 0 << -1 << QString() << QStringLiteral("maxKeepAlive");
        QTest::newRow("bad dns server")
            << 4 << 0 << 1000 << QStringLiteral("not-an-ip") << QStringLiteral("dnsServers");
    }
    void invalidParams()
    {
        QFETCH(int, maxConnections);
        QFETCH(int, maxPerHost);
        QFETCH(int, keepAliveMs);
        QFETCH(QString, dnsServer);
        QFETCH(QString, field);
        PoolParams params;
        params.maxConnections = maxConnections;
        params.maxPerHost = maxPerHost;
        params.maxKeepAlive = std::chrono::milliseconds(keepAliveMs);
        if (!dnsServer.isEmpty())
            params.dnsServers = {dnsServer.toStdString()};
        auto pool = ConnectionPool::create(params);
        QVERIFY(!pool);
        QCOMPARE(pool.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(pool.error().message).contains(field), pool.error().message.c_str());
    }

    void createAndDestroy()
    {
        auto pool = makePool();
        const auto stats = pool.stats();
        QCOMPARE(stats.maxConnections, 64);
        QCOMPARE(stats.free, 64);
        QCOMPARE(stats.inUse + stats.idle + stats.connecting, 0);
    }

    void plainDialAndRequest()
    {
        auto pool = makePool();
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QVERIFY(!lease->reused());
        QVERIFY(lease->nativeSocket() >= 0);
        QVERIFY(lease->ssl() == nullptr);
        std::string error;
        const auto response = poolscope::test::httpGet(lease.value(), "/", &error);
        QVERIFY2(response.rfind("HTTP/1.1 200", 0) == 0, error.c_str());
        const auto info = lease->info();
        QVERIFY(info);
        QCOMPARE(info->state, poolscope::ConnectionState::InUse);
        QCOMPARE(info->remoteAddress, "127.0.0.1:" + std::to_string(sharedLab().port(ServerKind::Http)));
        QCOMPARE(info->localPort, poolscope::test::localPortOf(lease->nativeSocket()));
        QCOMPARE(pool.stats().inUse, 1);
    }

    void keepAliveReuseGivesSamePortBack()
    {
        auto pool = makePool();
        std::uint16_t firstPort = 0;
        {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            QVERIFY(!poolscope::test::httpGet(lease.value()).empty());
            firstPort = poolscope::test::localPortOf(lease->nativeSocket());
        } // returned here
        QCOMPARE(pool.stats().idle, 1);
        auto again = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(again);
        QVERIFY(again->reused());
        QCOMPARE(poolscope::test::localPortOf(again->nativeSocket()), firstPort);
        QCOMPARE(again->info()->reuseCount, 1u);
        QVERIFY(!poolscope::test::httpGet(again.value()).empty());
        const auto stats = pool.stats();
        QCOMPARE(stats.reuses, 1u);
        QCOMPARE(stats.connectsStarted, 1u);
    }

    void keepAliveExpiryGivesNewPort()
    {
        auto params = loopbackParams();
        params.maxKeepAlive = 100ms;
        auto pool = makePool(params);
        std::uint16_t firstPort = 0;
        {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            firstPort = poolscope::test::localPortOf(lease->nativeSocket());
        }
        const auto deadline = pool.nextIdleDeadline();
        QVERIFY(deadline);
        QTRY_VERIFY_WITH_TIMEOUT(poolscope::Clock::now() > *deadline, 2000);
        auto again = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(again);
        QVERIFY(!again->reused());
        QVERIFY(poolscope::test::localPortOf(again->nativeSocket()) != firstPort);
        QCOMPARE(pool.stats().expired, 1u);
    }

    void closeExpiredReapsIdle()
    {
        auto params = loopbackParams();
        params.maxKeepAlive = 50ms;
        auto pool = makePool(params);
        QVERIFY(pool.dial(labRequest(ServerKind::Http))); // returned at once
        QCOMPARE(pool.stats().idle, 1);
        int closed = 0;
        QTRY_VERIFY_WITH_TIMEOUT((closed += pool.closeExpired()) >= 1, 2000);
        QCOMPARE(closed, 1);
        QCOMPARE(pool.stats().idle, 0);
        QCOMPARE(pool.stats().expired, 1u);
    }

    void maxConnectionsThenOutOfResources()
    {
        auto params = loopbackParams();
        params.maxConnections = 4;
        auto pool = makePool(params);
        std::vector<poolscope::PooledConnection> leases;
        for (int i = 0; i < 4; ++i) {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            leases.push_back(std::move(lease).value());
        }
        auto fifth = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(!fifth);
        QCOMPARE(fifth.error().code, ErrorCode::OutOfResources);
        QCOMPARE(pool.stats().outOfResources, 1u);
        for (auto& lease : leases)
            QVERIFY(lease.close());
        QCOMPARE(pool.stats().free, 4);
        QVERIFY(pool.dial(labRequest(ServerKind::Http)));
    }

    void fullPoolEvictsIdleOfAnotherKey()
    {
        auto params = loopbackParams();
        params.maxConnections = 2;
        auto pool = makePool(params);
        auto held = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(held);
        QVERIFY(pool.dial(labRequest(ServerKind::Echo))); // returned: idle, another key
        QCOMPARE(pool.stats().idle, 1);
        auto request = labRequest(ServerKind::IdleCloser);
        auto third = pool.dial(request);
        QVERIFY2(third, third ? "" : third.error().message.c_str());
        const auto stats = pool.stats();
        QCOMPARE(stats.evicted, 1u);
        QCOMPARE(stats.idle, 0);
        QCOMPARE(stats.inUse, 2);
    }

    void perHostLimit()
    {
        auto params = loopbackParams();
        params.maxConnections = 8;
        params.maxPerHost = 2;
        auto pool = makePool(params);
        auto a = pool.dial(labRequest(ServerKind::Http));
        auto b = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(a && b);
        auto c = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(!c);
        QCOMPARE(c.error().code, ErrorCode::OutOfResources);
        QVERIFY(QString::fromStdString(c.error().message).contains(QStringLiteral("per-host")));
        QVERIFY(pool.dial(labRequest(ServerKind::Echo))); // another key is not limited
        const auto stats = pool.stats();
        QCOMPARE(stats.hosts.size(), 2u);
    }

    void refusedPort()
    {
        auto pool = makePool();
        auto lease = pool.dial(labRequest(ServerKind::Refused));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::ConnectionRefused);
        QCOMPARE(lease.error().systemError, ECONNREFUSED);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Connect);
        const auto stats = pool.stats();
        QCOMPARE(stats.socketErrors, 1u);
        QCOMPARE(stats.free, stats.maxConnections);
    }

    void resetterGivesNoConnectionToUse()
    {
        auto pool = makePool();
        auto lease = pool.dial(labRequest(ServerKind::Resetter));
        if (lease) {
            // The RST can land after connect() succeeded; then the first read must see it.
            char c = 0;
            auto n = lease->readSome(&c, 1, 2s);
            QVERIFY(!n || n.value() == 0);
            QVERIFY(lease->close());
        } else {
            QVERIFY(lease.error().code == ErrorCode::ConnectionReset ||
                    lease.error().code == ErrorCode::ConnectionRefused);
        }
    }

    void unresolvableName_data()
    {
        QTest::addColumn<ServerKind>("dns");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<ErrorCode>("expected");
        QTest::newRow("nxdomain") << ServerKind::Dns << 2000 << ErrorCode::ResolveFailed;
        QTest::newRow("silent resolver") << ServerKind::DnsSilent << 300 << ErrorCode::TimedOut;
    }
    void unresolvableName()
    {
        QFETCH(ServerKind, dns);
        QFETCH(int, timeoutMs);
        QFETCH(ErrorCode, expected);
        auto params = loopbackParams();
        params.dnsServers = {"127.0.0.1:" + std::to_string(sharedLab().port(dns))};
        auto pool = makePool(params);
        DialRequest request;
        request.host = "no-such-host.invalid";
        request.port = 80;
        request.timeout = std::chrono::milliseconds(timeoutMs);
        QElapsedTimer timer;
        timer.start();
        auto lease = pool.dial(request);
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, expected);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Resolve);
        QVERIFY2(timer.elapsed() < poolscope::test::withSlack(timeoutMs, 250),
                 qPrintable(QString::number(timer.elapsed())));
    }

    void namesResolveThroughLabDns()
    {
        auto pool = makePool();
        DialRequest request;
        request.host = "Service.LAB.test"; // case-insensitive, and the same key as the lower-case name
        request.port = sharedLab().port(ServerKind::Http);
        request.timeout = 2s;
        auto lease = pool.dial(request);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QCOMPARE(lease->info()->host, std::string("service.lab.test"));
        QVERIFY(lease->release());
        request.host = "service.lab.test";
        auto again = pool.dial(request);
        QVERIFY(again && again->reused());
    }

    void upperCaseAnywhereIsTheSameKey_data()
    {
        // The host is checked eight bytes at a time, then byte by byte: upper case in each place.
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("first byte") << QByteArray("Localhost");
        QTest::newRow("eighth byte") << QByteArray("localhoSt");
        QTest::newRow("last byte, past the first eight") << QByteArray("localhosT");
        QTest::newRow("all") << QByteArray("LOCALHOST");
    }
    void upperCaseAnywhereIsTheSameKey()
    {
        QFETCH(QByteArray, host);
        auto pool = makePool();
        auto request = labRequest(ServerKind::Http);
        request.host = host.toStdString();
        auto lease = pool.dial(request);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QCOMPARE(lease->info()->host, std::string("localhost"));
        QVERIFY(lease->release());
        request.host = "localhost";
        auto again = pool.dial(request);
        QVERIFY(again && again->reused());
    }

    void hostsAreKeysNotAddresses()
    {
        // localhost and 127.0.0.1 reach the same socket address but are different hosts (TLS
        // names, virtual hosts): a connection for one is never handed to the other.
        auto pool = makePool();
        auto request = labRequest(ServerKind::Http);
        request.host = "127.0.0.1";
        QVERIFY(pool.dial(request));
        request.host = "localhost";
        auto other = pool.dial(request);
        QVERIFY(other);
        QVERIFY(!other->reused());
    }

    void idleConnectionClosedByServerIsNeverHandedOut()
    {
        sharedLab().setIdleCloseAfter(100ms);
        auto pool = makePool();
        const auto before = sharedLab().counters(ServerKind::IdleCloser);
        {
            auto lease = pool.dial(labRequest(ServerKind::IdleCloser));
            QVERIFY(lease);
            QVERIFY(!poolscope::test::httpGet(lease.value()).empty());
        }
        QCOMPARE(pool.stats().idle, 1);
        QTRY_COMPARE_WITH_TIMEOUT(sharedLab().counters(ServerKind::IdleCloser).open, before.open, 3000);
        auto again = pool.dial(labRequest(ServerKind::IdleCloser));
        QVERIFY(again);
        QVERIFY(!again->reused());
        QVERIFY(!poolscope::test::httpGet(again.value()).empty());
        QCOMPARE(pool.stats().staleDetected, 1u);
    }

    void checkIdleFindsPeerClose()
    {
        sharedLab().setIdleCloseAfter(100ms);
        auto pool = makePool();
        {
            auto lease = pool.dial(labRequest(ServerKind::IdleCloser));
            QVERIFY(lease);
        }
        QCOMPARE(pool.stats().idle, 1);
        int closed = 0;
        QTRY_VERIFY_WITH_TIMEOUT((closed += pool.checkIdle()) >= 1, 3000);
        QCOMPARE(closed, 1);
        QCOMPARE(pool.stats().idle, 0);
        QCOMPARE(pool.stats().staleDetected, 1u);
    }

    /// Dials the echo server, makes it send bytes, waits until they are in the receive buffer and
    /// returns the connection without reading them.
    static bool returnWithUnreadEcho(ConnectionPool& pool)
    {
        auto lease = pool.dial(labRequest(ServerKind::Echo));
        if (!lease || !lease->writeAll("unread", 1s))
            return false;
        poolscope::detail::sys::PollEntry entry{lease->nativeSocket(), poolscope::detail::sys::kPollIn, 0};
        return poolscope::detail::sys::poll(&entry, 1, 2000) == 1;
    }

    void returnedWithUnreadBytesIsClosed_data()
    {
        QTest::addColumn<bool>("checkOnReturn");
        QTest::newRow("checked at hand-out (default)") << false;
        QTest::newRow("checked on return") << true;
    }
    void returnedWithUnreadBytesIsClosed()
    {
        QFETCH(bool, checkOnReturn);
        auto params = loopbackParams();
        params.checkOnReturn = checkOnReturn;
        auto pool = makePool(params);
        QVERIFY(returnWithUnreadEcho(pool));
        QCOMPARE(pool.stats().idle, checkOnReturn ? 0 : 1);
        QCOMPARE(pool.stats().staleDetected, checkOnReturn ? 1u : 0u);
        // Never handed out with someone else's bytes in it: the next dial gets a new connection.
        auto next = pool.dial(labRequest(ServerKind::Echo));
        QVERIFY(next);
        QVERIFY(!next->reused());
        QCOMPARE(pool.stats().staleDetected, 1u);
        QVERIFY(next->writeAll("mine", 1s));
        char buffer[16] = {};
        const auto got = next->readSome(buffer, sizeof buffer, 2s);
        QVERIFY(got);
        QCOMPARE(std::string(buffer, got.value()), std::string("mine"));
    }

    void staleCheckSkipNeverSkipsAnUncheckedReturn()
    {
        // Returned while checkOnReturn was off, with unread bytes; then the check on return and a
        // skip window are switched on. The skip must not apply to that connection.
        auto params = loopbackParams();
        auto pool = makePool(params);
        QVERIFY(returnWithUnreadEcho(pool));
        QCOMPARE(pool.stats().idle, 1);
        params.checkOnReturn = true;
        params.staleCheckSkip = 10s;
        QVERIFY(pool.setParams(params));
        auto next = pool.dial(labRequest(ServerKind::Echo));
        QVERIFY(next);
        QVERIFY2(!next->reused(), "a dirty connection returned unchecked was handed out inside the skip window");
        QCOMPARE(pool.stats().staleDetected, 1u);
    }

    void staleCheckSkipNeedsCheckOnReturn()
    {
        auto params = loopbackParams();
        params.staleCheckSkip = 1ms;
        const poolscope::Status refused = params.validate();
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("checkOnReturn") != std::string::npos, refused.error().message.c_str());
        params.checkOnReturn = true;
        QVERIFY(params.validate().ok());
    }

    void ipv6Loopback()
    {
        const auto& server = sharedLab().server(ServerKind::Http);
        if (server.port6 == 0)
            QSKIP("no IPv6 loopback on this machine");
        auto pool = makePool();
        DialRequest request;
        request.host = "[::1]";
        request.port = server.port6;
        auto lease = pool.dial(request);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QCOMPARE(lease->info()->remoteAddress, "[::1]:" + std::to_string(server.port6));
        QVERIFY(!poolscope::test::httpGet(lease.value()).empty());
    }

    void eventsFollowTheLifecycle()
    {
        auto pool = makePool();
        std::mutex mutex;
        std::vector<poolscope::EventKind> kinds;
        pool.setEventCallback([&](const poolscope::PoolEvent& e) {
            std::lock_guard lock(mutex);
            kinds.push_back(e.kind);
        });
        {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
        }
        auto again = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(again && again->close());
        using K = poolscope::EventKind;
        const std::vector<K> expected{K::DialStarted, K::Resolved, K::Connected, K::Acquired,
                                      K::Released,    K::Acquired, K::Closed};
        std::lock_guard lock(mutex);
        QCOMPARE(kinds, expected);
    }

    void snapshotRows()
    {
        auto pool = makePool();
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(pool.dial(labRequest(ServerKind::Echo)));
        const auto rows = pool.snapshot();
        QCOMPARE(rows.size(), 2u);
        int idle = 0, inUse = 0;
        for (const auto& row : rows) {
            QVERIFY(row.id > 0);
            QVERIFY(!row.key.empty());
            QVERIFY(row.localPort > 0);
            idle += row.state == poolscope::ConnectionState::Idle;
            inUse += row.state == poolscope::ConnectionState::InUse;
            if (row.state == poolscope::ConnectionState::Idle)
                QVERIFY(row.keepAliveDeadline > poolscope::Clock::now());
        }
        QCOMPARE(idle, 1);
        QCOMPARE(inUse, 1);
    }
};

QTEST_GUILESS_MAIN(TestEnginePool)
#include "tst_engine_pool.moc"
