// The service on an injected clock: wait-queue timeouts, retry backoff, leak flags, the reaper's
// keep-alive and lifetime passes and warm-up backoff all follow a ManualClock the test moves, and
// runDueWork() applies what became due at once. Real sockets to the lab throughout; only the
// bookkeeping clock is the test's. Every "not yet" check runs after runDueWork(), so a service
// that read the real clock, or ignored the injected one, fails here instead of passing by luck.
#include "poolscope/time_source.h"
#include "service_test_support.h"

#include <QTest>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using Kind = ServiceEvent::Kind;
using lab::ServerKind;

namespace {

/// Runs what is due and waits for it (the snapshot it publishes is already out when this returns).
bool runDue(PoolService* service)
{
    auto future = service->runDueWork();
    future.waitForFinished();
    observeServiceHandoff();
    return !failureOf(future).has_value();
}

const HostRow* hostRow(const SnapshotPtr& snapshot, const QString& key)
{
    for (const auto& row : snapshot->hosts) {
        if (row.key == key)
            return &row;
    }
    return nullptr;
}

} // namespace

class TestServiceClock : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(startLab()); }
    void cleanupTestCase() { stopLab(); }
    void init() { m_guard.emplace(); }
    void cleanup()
    {
        QCOMPARE(m_guard->settledLeak(), 0);
        m_guard.reset();
    }

    void waiterTimesOutOnTheClock();
    void retryBackoffFollowsTheClock();
    void leakFlaggedOnTheClock();
    void reaperFollowsTheClock_data();
    void reaperFollowsTheClock();
    void warmupBackoffFollowsTheClock();
    void serverKeepAliveCountsFromTheResponse();
    void runDueWorkWhileShutDown();

private:
    struct Clocked
    {
        std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
        ServiceOptions options;
    };
    [[nodiscard]] Clocked clocked() const
    {
        Clocked c;
        c.options = labOptions(*m_lab);
        c.options.pool.clock = c.clock;
        return c;
    }

    std::optional<FdGuard> m_guard;
};

void TestServiceClock::waiterTimesOutOnTheClock()
{
    auto c = clocked();
    c.options.pool.maxConnections = 1;
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();

    const Lease held = take(service, request(ServerKind::Echo, QStringLiteral("holder")));
    QVERIFY(held.id != 0);
    auto waiting = service->acquire(request(ServerKind::Echo, QStringLiteral("waiter"), 5s));
    QVERIFY(runDue(service));
    QVERIFY(!waiting.isFinished());

    // Real time passes (timers tick), the clock does not: the waiter keeps waiting.
    QTest::qWait(100);
    c.clock->advance(4s);
    QVERIFY(runDue(service));
    QVERIFY(!waiting.isFinished());
    const auto snapshot = service->latestSnapshot();
    QCOMPARE(snapshot->waiters, 1);
    const HostRow* row = hostRow(snapshot, QStringLiteral("tcp://%1:%2")
                                               .arg(endpointHost(m_lab->server(ServerKind::Echo)))
                                               .arg(m_lab->server(ServerKind::Echo).port));
    QVERIFY(row);
    QVERIFY2(row->oldestWaiterAgeMs >= 4000 && row->oldestWaiterAgeMs < 4100,
             qPrintable(QString::number(row->oldestWaiterAgeMs)));

    c.clock->advance(1s + 1ms);
    QVERIFY(runDue(service));
    QVERIFY(waiting.isFinished());
    const auto error = failureOf(waiting);
    QVERIFY(error);
    QCOMPARE(error->code(), ErrorCode::TimedOut);
    QCOMPARE(service->latestSnapshot()->waiterTimeouts, quint64{1});
    QVERIFY(!failureOf(service->release(held.id)));
}

void TestServiceClock::retryBackoffFollowsTheClock()
{
    auto c = clocked();
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();
    Collector events(service);

    auto r = request(ServerKind::Refused, QStringLiteral("retrier"), 10s);
    r.retryConnectErrors = true;
    auto future = service->acquire(r);
    // The first attempt is refused at once; the retry waits for the clock (50 ms backoff at most).
    // The refusal is processed when the waiter is back in the queue, its retry stamped on the clock.
    QTRY_VERIFY_WITH_TIMEOUT(runDue(service) && service->latestSnapshot()->waiters == 1, 5000);
    QTest::qWait(200); // real time only: four backoffs' worth, yet no second attempt
    QVERIFY(runDue(service));
    QCOMPARE(service->latestSnapshot()->stats.connectsStarted, std::uint64_t{1});
    QVERIFY(!future.isFinished());

    c.clock->advance(50ms);
    QVERIFY(runDue(service));
    QTRY_VERIFY_WITH_TIMEOUT(service->latestSnapshot()->stats.connectsStarted >= 2, 5000);
    QVERIFY(!future.isFinished());

    c.clock->advance(10s);
    QVERIFY(runDue(service));
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 5000);
    const auto error = failureOf(future);
    QVERIFY(error);
    QCOMPARE(error->code(), ErrorCode::TimedOut);
    QVERIFY2(QString::fromUtf8(error->what()).contains(QStringLiteral("last connection attempt failed with")),
             error->what());
}

void TestServiceClock::leakFlaggedOnTheClock()
{
    auto c = clocked();
    c.options.leakThreshold = 10s;
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();
    Collector events(service);

    const Lease held = take(service, request(ServerKind::Http, QStringLiteral("slow holder")));
    QVERIFY(held.id != 0);
    c.clock->advance(9s);
    QVERIFY(runDue(service));
    QVERIFY(service->latestSnapshot()->leaked.empty());

    c.clock->advance(2s);
    QVERIFY(runDue(service));
    const auto leaked = service->latestSnapshot()->leaked;
    QCOMPARE(leaked.size(), std::size_t{1});
    QCOMPARE(leaked.front(), held.id);
    QTRY_COMPARE_WITH_TIMEOUT(events.count(Kind::LeakSuspected), 1, 5000);
    const auto report = events.ofKind(Kind::LeakSuspected).front();
    QVERIFY2(report.value >= 11'000 && report.value < 11'100, qPrintable(QString::number(report.value)));
    QCOMPARE(report.label, QStringLiteral("slow holder"));
    QVERIFY(!failureOf(service->release(held.id)));
}

void TestServiceClock::reaperFollowsTheClock_data()
{
    QTest::addColumn<bool>("byLifetime");
    QTest::newRow("keep-alive") << false;
    QTest::newRow("max lifetime") << true;
}

void TestServiceClock::reaperFollowsTheClock()
{
    QFETCH(bool, byLifetime);
    auto c = clocked();
    // Keep-alive 30 s, or lifetime 30 s (no jitter) with keep-alive out of the way.
    c.options.pool.maxKeepAlive = byLifetime ? std::chrono::milliseconds::max() : 30s;
    c.options.pool.maxLifetime = byLifetime ? 30s : 0ms;
    c.options.pool.lifetimeJitter = 0;
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();
    Collector events(service);

    const Lease lease = take(service, request(ServerKind::Http));
    QVERIFY(lease.id != 0);
    QVERIFY(!failureOf(service->release(lease.id)));
    QVERIFY(runDue(service));
    QCOMPARE(service->latestSnapshot()->stats.idle, 1);

    QTest::qWait(100); // real time passes: the reaper's timer is armed 30 s out on the clock
    c.clock->advance(30s - 1ms);
    QVERIFY(runDue(service));
    QCOMPARE(service->latestSnapshot()->stats.idle, 1);

    c.clock->advance(2ms);
    QVERIFY(runDue(service));
    QCOMPARE(service->latestSnapshot()->stats.idle, 0);
    QTRY_COMPARE_WITH_TIMEOUT(events.count(Kind::Closed), 1, 5000);
    QCOMPARE(events.ofKind(Kind::Closed).front().reason,
             byLifetime ? CloseReason::Lifetime : CloseReason::Expired);
}

// The lab's http server answers "Keep-Alive: timeout=5". Held 3 s after that response and then
// returned, the connection has 1 s left (5 s - the 1 s margin - 3 s), not the margin-reduced 4 s
// from its return: the server would close it 2 s after the return. It is retired as expired
// then, before the server closes it, and nothing is counted stale.
void TestServiceClock::serverKeepAliveCountsFromTheResponse()
{
    auto c = clocked();
    c.options.keepAliveMargin = 1s;
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();
    const Lease lease = take(service, request(ServerKind::Http, QStringLiteral("prober")));
    QVERIFY(lease.id != 0);
    const auto response = c.clock->now();
    auto probed = service->probe(lease.id, QStringLiteral("GET"), QStringLiteral("/"));
    SERVICE_AWAIT(probed, 10'000);
    QVERIFY(!failureOf(probed));
    QCOMPARE(resultOf(probed).keepAliveSeconds, 5);

    c.clock->advance(3s);
    QVERIFY(!failureOf(service->release(lease.id)));
    QVERIFY(runDue(service));
    const auto row = [&]() -> std::optional<ConnectionInfo> {
        for (const auto& info : service->latestSnapshot()->connections) {
            if (info.id == lease.id)
                return info;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(runDue(service) && row() && row()->state == ConnectionState::Idle, 5000);
    QCOMPARE(row()->keepAliveLimit, KeepAliveLimit::Server);
    QCOMPARE(row()->keepAliveDeadline, response + 4s);
    QCOMPARE(row()->serverKeepAliveDeadline, response + 4s);

    c.clock->advance(1s - 1ms);
    QVERIFY(runDue(service));
    QVERIFY(row().has_value());
    c.clock->advance(1ms);
    QVERIFY(runDue(service));
    QVERIFY(!row().has_value());
    const auto stats = service->latestSnapshot()->stats;
    QCOMPARE(stats.expired, std::uint64_t{1});
    QCOMPARE(stats.staleDetected, std::uint64_t{0});
}

void TestServiceClock::warmupBackoffFollowsTheClock()
{
    auto c = clocked();
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();

    const auto& refused = m_lab->server(ServerKind::Refused);
    WarmupTarget target;
    target.host = endpointHost(refused);
    target.port = refused.port;
    target.initialBackoff = 10s;
    target.maxBackoff = 60s;
    QVERIFY(!failureOf(service->setWarmup({target})));
    const QString key = QStringLiteral("tcp://%1:%2").arg(target.host).arg(target.port);
    const auto row = [&]() -> WarmupRow {
        // Held for the loop: a range-for over a temporary's member would outlive the snapshot.
        const SnapshotPtr snapshot = service->latestSnapshot();
        for (const auto& r : snapshot->warmup) {
            if (r.key == key)
                return r;
        }
        return {};
    };
    QTRY_COMPARE_WITH_TIMEOUT(row().failures, quint64{1}, 5000);
    QCOMPARE(row().backoff, std::chrono::milliseconds{10s});

    QTest::qWait(200); // watcher ticks in real time; the backoff waits for the clock
    QVERIFY(runDue(service));
    QCOMPARE(row().failures, quint64{1});

    c.clock->advance(10s); // equal jitter: the next attempt is 5 … 10 s after the failure
    QVERIFY(runDue(service));
    QTRY_COMPARE_WITH_TIMEOUT(row().failures, quint64{2}, 5000);
    QCOMPARE(row().backoff, std::chrono::milliseconds{20s});
    QVERIFY(row().nextAttempt > c.clock->now() + 9s);
    QVERIFY(!failureOf(service->setWarmup({})));
}

void TestServiceClock::runDueWorkWhileShutDown()
{
    // A shut-down service can be reopened, so its due work still runs (and changes nothing).
    auto c = clocked();
    auto owner = start(c.options);
    QVERIFY(owner);
    auto* service = owner->service();
    QCOMPARE(resultOf(service->shutdown(ShutdownMode::Forced)), 0);
    c.clock->advance(1h);
    QVERIFY(runDue(service));
    QVERIFY(service->latestSnapshot()->shutDown);
    QVERIFY(!failureOf(service->reopen()));
    QVERIFY(runDue(service));
    QVERIFY(!service->latestSnapshot()->shutDown);
}

QTEST_GUILESS_MAIN(TestServiceClock)
#include "tst_service_clock.moc"
