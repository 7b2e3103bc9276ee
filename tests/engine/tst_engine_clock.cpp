// Keep-alive, lifetime (with jitter), per-connection keep-alive overrides, the server's announced
// keep-alive and which limit applies, and the reaper's deadline, on a clock the test moves (ManualClock):
// real connections to the lab, no waiting on the wall clock, exact boundaries. Every test checks it leaked no
// descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"
#include "timing.h"

#include <QtTest>
#include <optional>
#include <set>

using namespace std::chrono_literals;
using poolscope::CloseReason;
using poolscope::ConnectionState;
using poolscope::KeepAliveLimit;
using poolscope::ManualClock;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;

Q_DECLARE_METATYPE(poolscope::KeepAliveLimit)

class TestEngineClock : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;
    std::shared_ptr<ManualClock> m_clock;

    poolscope::ConnectionPool pool(std::chrono::milliseconds keepAlive,
                                   std::chrono::milliseconds lifetime = {}, double jitter = 0.0)
    {
        auto params = poolscope::test::loopbackParams();
        params.maxKeepAlive = keepAlive;
        params.maxLifetime = lifetime;
        params.lifetimeJitter = jitter;
        params.clock = m_clock;
        return makePool(params);
    }

private Q_SLOTS:
    void initTestCase() { (void)poolscope::test::sharedLab(); }
    void init()
    {
        m_guard.emplace();
        m_clock = std::make_shared<ManualClock>();
    }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void keepAliveEndsExactlyAtItsDeadline()
    {
        auto p = pool(10s);
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto releasedAt = m_clock->now();
        QVERIFY(lease->release());
        QCOMPARE(p.nextIdleDeadline().value(), releasedAt + 10s);
        QCOMPARE(p.snapshot().front().lastUsed, releasedAt);

        m_clock->advance(10s - 1ns);
        QCOMPARE(p.closeExpired(), 0);
        auto again = p.dial(labRequest(ServerKind::Http)); // one tick before: still reused
        QVERIFY(again && again->reused());
        QVERIFY(again->release());
        QCOMPARE(p.nextIdleDeadline().value(), m_clock->now() + 10s); // refreshed on every return

        m_clock->advance(10s);
        QCOMPARE(p.closeExpired(), 1);
        const auto stats = p.stats();
        QCOMPARE(stats.expired, 1u);
        QCOMPARE(stats.idle, 0);
        QVERIFY(!p.nextIdleDeadline());
    }

    void anExpiredConnectionIsNeverHandedOut()
    {
        auto p = pool(5s);
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto firstId = lease->id();
        QVERIFY(lease->release());
        m_clock->advance(5s); // no reaper ran: the dial itself must notice
        auto next = p.dial(labRequest(ServerKind::Http));
        QVERIFY(next);
        QVERIFY(!next->reused());
        QVERIFY(next->id() != firstId);
        QCOMPARE(p.stats().expired, 1u);
        QVERIFY(next->release());
    }

    void keepAliveOverrideAppliesToItsConnectionOnly()
    {
        auto p = pool(30s);
        auto shortLived = p.dial(labRequest(ServerKind::Http));
        auto normal = p.dial(labRequest(ServerKind::Echo));
        QVERIFY(shortLived && normal);
        QVERIFY(shortLived->setKeepAlive(2s)); // e.g. a server's "Keep-Alive: timeout=2"
        QVERIFY(shortLived->release());
        QVERIFY(normal->release());
        QCOMPARE(p.nextIdleDeadline().value(), m_clock->now() + 2s);
        m_clock->advance(2s);
        QCOMPARE(p.closeExpired(), 1);
        QCOMPARE(p.stats().idle, 1);
        m_clock->advance(28s);
        QCOMPARE(p.closeExpired(), 1);
    }

    // The reaper's deadline is the earliest over idle connections only, and follows every change:
    // a hand-out (the connection leaves it), a return, a close, and setParams() on the live pool.
    void nextIdleDeadlineFollowsEveryChange()
    {
        auto p = pool(10s);
        auto first = p.dial(labRequest(ServerKind::Http));
        auto second = p.dial(labRequest(ServerKind::Http));
        QVERIFY(first && second);
        const auto firstBack = m_clock->now();
        QVERIFY(first->release());
        m_clock->advance(3s);
        QVERIFY(second->release());
        QCOMPARE(p.nextIdleDeadline().value(), firstBack + 10s);

        auto again = p.dial(labRequest(ServerKind::Http)); // the most recently returned: `second`
        QVERIFY(again && again->reused());
        QCOMPARE(p.nextIdleDeadline().value(), firstBack + 10s);
        auto other = p.dial(labRequest(ServerKind::Http)); // now `first` is out too
        QVERIFY(other && other->reused());
        QVERIFY(!p.nextIdleDeadline()); // in-use connections have no idle deadline

        const auto back = m_clock->now();
        QVERIFY(again->release());
        QCOMPARE(p.nextIdleDeadline().value(), back + 10s);
        auto params = p.params();
        params.maxKeepAlive = 4s;
        QVERIFY(p.setParams(params));
        QCOMPARE(p.nextIdleDeadline().value(), back + 4s); // shortened in place
        QVERIFY(other->close());
        QCOMPARE(p.nextIdleDeadline().value(), back + 4s);
        QCOMPARE(p.closeIdle(), 1);
        QVERIFY(!p.nextIdleDeadline());
    }

    // The case: the server says "Keep-Alive: timeout=5" in a response, the holder keeps
    // the connection 3 s, returns it: the idle deadline is 2 s after the return (the server's),
    // not the pool's 10 s, and the connection is retired then as expired, never counted stale.
    void serverKeepAliveCountsFromTheResponse()
    {
        auto p = pool(10s);
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto response = m_clock->now();
        QVERIFY(lease->setServerKeepAlive(5s));
        QCOMPARE(lease->info()->serverKeepAliveDeadline, response + 5s);
        m_clock->advance(3s);
        QVERIFY(lease->release());
        QCOMPARE(p.nextIdleDeadline().value(), response + 5s);
        const auto row = p.snapshot().front();
        QCOMPARE(row.keepAliveDeadline, response + 5s);
        QCOMPARE(row.keepAliveLimit, KeepAliveLimit::Server);

        m_clock->advance(2s - 1ns);
        QCOMPARE(p.closeExpired(), 0);
        m_clock->advance(1ns);
        QCOMPARE(p.closeExpired(), 1);
        const auto stats = p.stats();
        QCOMPARE(stats.expired, 1u);
        QCOMPARE(stats.staleDetected, 0u);
    }

    // Held past the server's deadline: closed on return (the server may have closed it already),
    // never put back for the next holder to find dead.
    void returnedAfterTheServersDeadlineIsClosed()
    {
        auto p = pool(10s);
        std::vector<CloseReason> closes;
        p.setEventCallback([&](const poolscope::PoolEvent& e) {
            if (e.kind == poolscope::EventKind::Closed)
                closes.push_back(e.reason);
        });
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        QVERIFY(lease->setServerKeepAlive(2s));
        m_clock->advance(2s);
        QVERIFY(lease->release());
        QCOMPARE(p.stats().idle, 0);
        QCOMPARE(p.stats().expired, 1u);
        QCOMPARE(closes, std::vector<CloseReason>{CloseReason::Expired});
    }

    // The server's deadline holds across hand-outs (its timer counts from its last response) until
    // the next response replaces it; a bad time-out or a foreign handle changes nothing.
    void serverKeepAliveLastsUntilTheNextResponse()
    {
        auto p = pool(10s);
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto first = m_clock->now();
        QVERIFY(lease->setServerKeepAlive(6s));
        QCOMPARE(lease->setServerKeepAlive(-1ms).error().code, poolscope::ErrorCode::InvalidArgument);
        QCOMPARE(p.setServerKeepAlive(lease->handle() + 1, 1s).error().code,
                 poolscope::ErrorCode::InvalidHandle);
        QVERIFY(lease->release());
        m_clock->advance(1s);
        auto again = p.dial(labRequest(ServerKind::Http));
        QVERIFY(again && again->reused());
        QVERIFY(again->release()); // no new response: the first one's deadline still counts
        QCOMPARE(p.nextIdleDeadline().value(), first + 6s);
        auto third = p.dial(labRequest(ServerKind::Http));
        QVERIFY(third && third->reused());
        const auto second = m_clock->now();
        QVERIFY(third->setServerKeepAlive(20s)); // the next response: longer than the pool's now
        QVERIFY(third->release());
        QCOMPARE(p.nextIdleDeadline().value(), second + 10s);
        QCOMPARE(p.snapshot().front().keepAliveLimit, KeepAliveLimit::Pool);
    }

    // Which limit sets the idle deadline: the earliest of the pool's keep-alive (or the holder's
    // override), the server's and the lifetime, each from its own anchor.
    void theEarliestLimitApplies_data()
    {
        QTest::addColumn<int>("poolS");
        QTest::addColumn<int>("holderS");   // -1: no override
        QTest::addColumn<int>("serverS");   // -1: the server said nothing
        QTest::addColumn<int>("lifetimeS"); // 0: no lifetime
        QTest::addColumn<KeepAliveLimit>("limit");
        QTest::addColumn<int>("deadlineS");
        QTest::newRow("pool") << 10 << -1 << -1 << 0 << KeepAliveLimit::Pool << 10;
        QTest::newRow("holder") << 10 << 3 << -1 << 0 << KeepAliveLimit::Holder << 3;
        QTest::newRow("server later than pool") << 10 << -1 << 20 << 0 << KeepAliveLimit::Pool << 10;
        QTest::newRow("server") << 10 << -1 << 4 << 0 << KeepAliveLimit::Server << 4;
        QTest::newRow("holder before server") << 10 << 3 << 4 << 0 << KeepAliveLimit::Holder << 3;
        QTest::newRow("server before holder") << 10 << 8 << 4 << 0 << KeepAliveLimit::Server << 4;
        QTest::newRow("lifetime") << 10 << -1 << 6 << 5 << KeepAliveLimit::Lifetime << 5;
    }
    void theEarliestLimitApplies()
    {
        QFETCH(int, poolS);
        QFETCH(int, holderS);
        QFETCH(int, serverS);
        QFETCH(int, lifetimeS);
        QFETCH(KeepAliveLimit, limit);
        QFETCH(int, deadlineS);
        auto p = pool(std::chrono::seconds(poolS), std::chrono::seconds(lifetimeS));
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto start = m_clock->now();
        if (holderS >= 0)
            QVERIFY(lease->setKeepAlive(std::chrono::seconds(holderS)));
        if (serverS >= 0)
            QVERIFY(lease->setServerKeepAlive(std::chrono::seconds(serverS)));
        QVERIFY(lease->release());
        const auto row = p.snapshot().front();
        QCOMPARE(row.keepAliveLimit, limit);
        QCOMPARE(row.keepAliveDeadline, start + std::chrono::seconds(deadlineS));
        QCOMPARE(p.nextIdleDeadline().value(), start + std::chrono::seconds(deadlineS));
    }

    // A live setParams() recomputes the pool's keep-alive but never past the server's deadline.
    void setParamsKeepsTheServersDeadline()
    {
        auto p = pool(10s);
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const auto start = m_clock->now();
        QVERIFY(lease->setServerKeepAlive(4s));
        QVERIFY(lease->release());
        auto params = p.params();
        params.maxKeepAlive = 30s;
        QVERIFY(p.setParams(params));
        QCOMPARE(p.nextIdleDeadline().value(), start + 4s);
        QCOMPARE(p.snapshot().front().keepAliveLimit, KeepAliveLimit::Server);
        params.maxKeepAlive = 2s;
        QVERIFY(p.setParams(params));
        QCOMPARE(p.nextIdleDeadline().value(), start + 2s);
        QCOMPARE(p.snapshot().front().keepAliveLimit, KeepAliveLimit::Pool);
    }

    void lifetimeIsJitteredWithinItsBounds()
    {
        constexpr int kConnections = 16;
        auto p = pool(1h, 100s, 0.25);
        const auto created = m_clock->now();
        std::vector<poolscope::PooledConnection> leases;
        for (int i = 0; i < kConnections; ++i) {
            auto request = labRequest(ServerKind::Http);
            request.allowReuse = false;
            auto lease = p.dial(request);
            QVERIFY(lease);
            leases.push_back(std::move(lease).value());
        }
        std::set<poolscope::Clock::time_point> deadlines;
        for (const auto& info : p.snapshot()) {
            QCOMPARE(info.created, created);
            QVERIFY(info.lifetimeDeadline >= created + 75s && info.lifetimeDeadline <= created + 100s);
            deadlines.insert(info.lifetimeDeadline);
        }
        QVERIFY2(deadlines.size() > kConnections / 2, "jitter spreads the deadlines"); // equal ones: ~never
        for (auto& lease : leases)
            QVERIFY(lease.release());
        m_clock->advance(75s - 1ns);
        QCOMPARE(p.closeExpired(), 0); // nothing expires before the shortest possible lifetime
        QCOMPARE(p.nextIdleDeadline().value(), *deadlines.begin());
        m_clock->advance(25s + 1ns);
        QCOMPARE(p.closeExpired(), kConnections);
        QCOMPARE(p.stats().lifetimeExpired, static_cast<std::uint64_t>(kConnections));
    }

    void lifetimeEndsAConnectionOnReturn()
    {
        auto p = pool(1h, 60s);
        auto lease = p.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        m_clock->advance(60s); // reached while in use: not interrupted, but not kept either
        QCOMPARE(lease->info()->state, ConnectionState::InUse);
        QVERIFY(lease->release());
        QCOMPARE(p.stats().idle, 0);
        QCOMPARE(p.stats().lifetimeExpired, 1u);
    }
};

QTEST_GUILESS_MAIN(TestEngineClock)
#include "tst_engine_clock.moc"
