// Housekeeping on the service's worker: the reaper (keep-alive and max lifetime), the idle
// watcher against the lab's idle-closer, and min-idle warm-up with exponential backoff against a
// refused port and a port that comes up later. Plus the pure wait-queue and backoff logic.
#include "net/platform/socket_api.h"
#include "service_test_support.h"
#include "wait_queue.h"
#include "warmup.h"

#include <QElapsedTimer>
#include <QTest>
#include <algorithm>
#include <map>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using Kind = ServiceEvent::Kind;
using lab::ServerKind;

namespace {

namespace sys = poolscope::detail::sys;

/// A TCP port on 127.0.0.1 that is bound but not listening (connects are refused) until listen().
class ReservedPort
{
public:
    ReservedPort()
    {
        const poolscope::detail::SocketAddress any = poolscope::detail::SocketAddress::loopback(false, 0);
        int err = 0;
        m_fd = sys::openSocket(any.family(), sys::SocketType::Stream, err); // non-blocking
        if (m_fd == sys::kInvalidSocket || sys::bind(m_fd, any) != 0)
            return;
        m_port = sys::localPort(m_fd);
    }
    ~ReservedPort()
    {
        if (m_fd != sys::kInvalidSocket)
            sys::close(m_fd);
    }
    ReservedPort(const ReservedPort&) = delete;
    ReservedPort& operator=(const ReservedPort&) = delete;

    [[nodiscard]] quint16 port() const { return m_port; }
    bool listen() { return sys::listen(m_fd) == 0; }
    /// Accepts and closes whatever is queued; returns how many.
    int drain()
    {
        int n = 0;
        for (int i = 0; i < 64; ++i) {
            int err = 0;
            const int c = sys::accept(m_fd, err);
            if (c == sys::kInvalidSocket)
                break;
            sys::close(c);
            ++n;
        }
        return n;
    }

private:
    sys::Runtime m_sockets; // first: Winsock is started before the socket opens, stopped after it closes
    int m_fd = sys::kInvalidSocket;
    quint16 m_port = 0;
};

std::optional<WarmupRow> warmupRow(const SnapshotPtr& snapshot, const QString& key)
{
    for (const auto& row : snapshot->warmup) {
        if (row.key == key)
            return row;
    }
    return std::nullopt;
}

QString plainKey(quint16 port)
{
    return QStringLiteral("tcp://127.0.0.1:%1").arg(port);
}

} // namespace

class TestServiceHousekeeping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void serviceWaitQueueOrder();
    void serviceWarmupBackoffSchedule();
    void serviceReaperClosesAtKeepAlive();
    void serviceReaperClosesAtMaxLifetime();
    void serviceWatcherNoticesPeerClose();
    void serviceWatchedHoldGoesWhenThePeerHangsUp_data();
    void serviceWatchedHoldGoesWhenThePeerHangsUp();
    void serviceWatchedHoldStillProbesAndReturns();
    void serviceWarmupBacksOffThenConnects();
    void serviceWarmupReconnectsAfterPeerClose();

private:
    static std::unique_ptr<PoolServiceThread> start(ServiceOptions options)
    {
        return startService(std::move(options));
    }
    static Lease take(PoolService* service, const AcquireRequest& request)
    {
        return takeLease(service, request);
    }

    std::unique_ptr<lab::Lab> m_lab;
};

void TestServiceHousekeeping::initTestCase()
{
    auto lab = lab::Lab::start();
    QVERIFY2(lab.ok(), lab.ok() ? "" : lab.error().message.c_str());
    m_lab = std::move(lab).value();
}

void TestServiceHousekeeping::cleanupTestCase()
{
    m_lab.reset();
}

void TestServiceHousekeeping::serviceWaitQueueOrder()
{
    using detail::Waiter;
    detail::WaitQueue queue;
    const auto now = Clock::now();
    auto make = [&](quint64 seq, const char* key, const char* label) {
        Waiter w;
        w.seq = seq;
        w.promise = std::make_shared<QPromise<Lease>>();
        w.promise->start();
        w.key = QString::fromLatin1(key);
        w.request.label = QString::fromLatin1(label);
        w.enqueued = now - std::chrono::milliseconds(100 - static_cast<int>(seq));
        w.deadline = now + 1s;
        return w;
    };
    queue.insert(make(2, "a", "two"));
    queue.insert(make(4, "b", "four"));
    queue.insert(make(5, "a", "five"));
    queue.insert(make(1, "a", "one")); // a returning waiter keeps its place
    QCOMPARE(queue.size(), 4);
    const auto perKey = queue.perKey();
    QCOMPARE(perKey.value(QStringLiteral("a")).count, 3);
    QVERIFY(perKey.value(QStringLiteral("a")).oldest == now - 99ms);

    auto all = [](const QString&) { return true; };
    auto first = queue.takeNextEligible(now, all);
    QVERIFY(first);
    QCOMPARE(first->seq, quint64(1));
    // Key "a" blocked: "b" behind it is served, "a" keeps its order.
    auto notA = queue.takeNextEligible(now, [](const QString& key) { return key != QLatin1String("a"); });
    QVERIFY(notA);
    QCOMPARE(notA->seq, quint64(4));
    // A waiter backing off is skipped until its time.
    queue.find(2)->notBefore = now + 50ms;
    QCOMPARE(queue.takeNextEligible(now, all)->seq, quint64(5));
    QVERIFY(!queue.takeNextEligible(now, all));
    QCOMPARE(queue.takeNextEligible(now + 60ms, all)->seq, quint64(2));
    QVERIFY(queue.empty());

    queue.insert(make(7, "a", "x"));
    queue.insert(make(8, "a", "y"));
    auto expired = make(9, "a", "z");
    expired.deadline = now - 1ms;
    queue.insert(std::move(expired));
    queue.find(8)->promise->future().cancel();
    QCOMPARE(queue.takeCancelled().front().seq, quint64(8));
    QCOMPARE(queue.takeExpired(now).front().seq, quint64(9));
    QCOMPARE(queue.takeByLabel(QStringLiteral("x")).size(), std::size_t(1));
    QVERIFY(queue.empty());
}

void TestServiceHousekeeping::serviceWarmupBackoffSchedule()
{
    WarmupTarget target;
    target.host = QStringLiteral("127.0.0.1");
    target.port = 1;
    target.initialBackoff = 100ms;
    target.maxBackoff = 1000ms;
    QCOMPARE(detail::Warmup::backoffFor(target, 1), 100ms);
    QCOMPARE(detail::Warmup::backoffFor(target, 2), 200ms);
    QCOMPARE(detail::Warmup::backoffFor(target, 4), 800ms);
    QCOMPARE(detail::Warmup::backoffFor(target, 5), 1000ms);
    QCOMPARE(detail::Warmup::backoffFor(target, 60), 1000ms);

    QVERIFY(detail::Warmup::validate({target}).isEmpty());
    WarmupTarget bad = target;
    bad.maxBackoff = 10ms;
    QVERIFY(!detail::Warmup::validate({bad}).isEmpty());

    // Failures push the next attempt out by [backoff/2, backoff]; a success resets it.
    detail::Warmup warmup;
    target.minIdle = 1;
    warmup.setTargets({target});
    auto now = Clock::now();
    for (int failure = 1; failure <= 5; ++failure) {
        auto orders = warmup.due(now, {}, true);
        QCOMPARE(orders.size(), std::size_t(1));
        QVERIFY(warmup.due(now, {}, true).empty()); // one dial in flight per target
        auto event =
            warmup.finished(orders.front().token, makeError(ErrorCode::ConnectionRefused, "refused"), now);
        QVERIFY(event);
        QCOMPARE(event->kind, Kind::WarmupFailed);
        const auto backoff = detail::Warmup::backoffFor(target, failure).count();
        QVERIFY2(event->value >= backoff / 2 && event->value <= backoff,
                 qPrintable(QString::number(event->value)));
        QVERIFY(warmup.due(now, {}, true).empty()); // backing off
        now += std::chrono::milliseconds(event->value);
    }
    auto rows = warmup.rows({});
    QCOMPARE(rows.front().consecutiveFailures, 5);
    // No free slot is not the target's failure.
    auto noSlot = warmup.due(now, {}, true);
    QCOMPARE(noSlot.size(), std::size_t(1));
    QVERIFY(!warmup.finished(noSlot.front().token, makeError(ErrorCode::OutOfResources, "full"), now));
    QCOMPARE(warmup.rows({}).front().consecutiveFailures, 5);
    now += target.initialBackoff;
    QCOMPARE(rows.front().lastErrorCode, ErrorCode::ConnectionRefused);
    auto orders = warmup.due(now, {}, true);
    QCOMPARE(orders.size(), std::size_t(1));
    QVERIFY(!warmup.finished(orders.front().token, {}, now));
    rows = warmup.rows({});
    QCOMPARE(rows.front().consecutiveFailures, 0);
    QCOMPARE(rows.front().lastError, QStringLiteral("refused")); // kept for the UI
    QVERIFY(warmup.due(now, {}, false).empty());
}

void TestServiceHousekeeping::serviceReaperClosesAtKeepAlive()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxKeepAlive = 300ms;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        const Lease lease = take(service, labRequest(*m_lab, ServerKind::Http));
        QVERIFY(lease.id != 0);
        (void)service->release(lease.id);

        QTRY_VERIFY_WITH_TIMEOUT(collector.count(Kind::Closed) == 1, 3'000 * poolscope::test::timeScale());
        const auto closed = collector.ofKind(Kind::Closed).front();
        QCOMPARE(closed.id, lease.id);
        QCOMPARE(closed.reason, CloseReason::Expired);
        const auto released = collector.ofKind(Kind::Released).front();
        const auto idleFor = released.time.msecsTo(closed.time);
        QVERIFY2(idleFor >= 280 && idleFor <= poolscope::test::withSlack(300, 200),
                 qPrintable(QString::number(idleFor)));
        QTRY_COMPARE(service->latestSnapshot()->stats.expired, quint64(1));
        QCOMPARE(service->latestSnapshot()->stats.idle, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceHousekeeping::serviceWatchedHoldGoesWhenThePeerHangsUp_data()
{
    QTest::addColumn<bool>("watchPeer");
    QTest::newRow("watched") << true;  // a monitor's hold: handed back, closed as stale
    QTest::newRow("unwatched") << false; // the holder owns the socket's I/O: left alone
}

void TestServiceHousekeeping::serviceWatchedHoldGoesWhenThePeerHangsUp()
{
    QFETCH(bool, watchPeer);
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.heldWatchInterval = 50ms;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        AcquireRequest req = labRequest(*m_lab, ServerKind::IdleCloser); // hangs up after 300 ms
        req.watchPeer = watchPeer;
        req.leakCheck = false;
        const Lease lease = take(service, req);
        QVERIFY(lease.id != 0);
        if (watchPeer) {
            QTRY_VERIFY_WITH_TIMEOUT(collector.count(Kind::Closed) == 1, 3'000 * poolscope::test::timeScale());
            QCOMPARE(collector.ofKind(Kind::Closed).at(0).reason, CloseReason::Stale);
            QTRY_COMPARE(service->latestSnapshot()->stats.inUse, 0);
            QTRY_COMPARE(service->latestSnapshot()->leases, 0);
            // The lease is gone: the holder's own release now says so.
            auto released = service->release(lease.id);
            SERVICE_AWAIT(released, 5'000);
            QVERIFY(failureOf(released));
        } else {
            // Well past the server's 300 ms: still held, nothing closed.
            QTest::qWait(800); // the absence of an event has no signal to wait for
            QCOMPARE(collector.count(Kind::Closed), 0);
            QCOMPARE(service->latestSnapshot()->stats.inUse, 1);
            auto released = service->release(lease.id);
            SERVICE_AWAIT(released, 5'000);
            QVERIFY(!failureOf(released));
        }
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceHousekeeping::serviceWatchedHoldStillProbesAndReturns()
{
    // The watch borrows the connection for a moment on a dial thread (every millisecond here): a
    // probe or a return that meets it waits for it instead of failing.
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.heldWatchInterval = 1ms;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        AcquireRequest req = labRequest(*m_lab, ServerKind::Http);
        req.watchPeer = true;
        req.leakCheck = false;
        const Lease lease = take(service, req);
        QVERIFY(lease.id != 0);
        for (int i = 0; i < 20; ++i) {
            auto probed = service->probe(lease.id);
            SERVICE_AWAIT(probed, 5'000);
            QVERIFY2(!failureOf(probed), failureOf(probed) ? failureOf(probed)->what() : "");
            QCOMPARE(resultOf(probed).status, 200);
        }
        auto released = service->release(lease.id);
        SERVICE_AWAIT(released, 5'000);
        QVERIFY(!failureOf(released));
        QTRY_COMPARE(service->latestSnapshot()->stats.idle, 1);
        QCOMPARE(collector.count(Kind::Closed), 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceHousekeeping::serviceReaperClosesAtMaxLifetime()
{
    FdGuard guard;
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.maxKeepAlive = 10s;
        options.pool.maxLifetime = 400ms;
        options.pool.lifetimeJitter = 0.25;
        auto owner = start(options);
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        QList<QFuture<Lease>> futures;
        for (int i = 0; i < 3; ++i) {
            // Three connections, not one reused: a slow dial thread could otherwise be served by a
            // connection another future already returned.
            auto req = labRequest(*m_lab, ServerKind::Http);
            req.allowReuse = false;
            futures.push_back(service->acquire(req));
        }
        for (auto& f : futures) {
            SERVICE_AWAIT(f, 5'000);
            QVERIFY(!failureOf(f));
            (void)service->release(resultOf(f).id);
        }
        QTRY_VERIFY_WITH_TIMEOUT(collector.count(Kind::Closed) == 3, 3'000 * poolscope::test::timeScale());
        std::map<ConnectionId, QDateTime> started;
        for (const auto& e : collector.ofKind(Kind::DialStarted))
            started[e.id] = e.time;
        for (const auto& closed : collector.ofKind(Kind::Closed)) {
            QCOMPARE(closed.reason, CloseReason::Lifetime);
            QVERIFY(started.count(closed.id) == 1);
            const auto age = started[closed.id].msecsTo(closed.time);
            // Jitter shortens lifetimes by up to 25 %; the reaper is on time within a tick.
            QVERIFY2(age >= 300 - 10 && age <= poolscope::test::withSlack(400, 200),
                     qPrintable(QString::number(age)));
        }
        QTRY_COMPARE(service->latestSnapshot()->stats.lifetimeExpired, quint64(3));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceHousekeeping::serviceWatcherNoticesPeerClose()
{
    FdGuard guard;
    {
        m_lab->setIdleCloseAfter(300ms);
        auto owner = start(labOptions(*m_lab));
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        const Lease lease = take(service, labRequest(*m_lab, ServerKind::IdleCloser, QStringLiteral("idle")));
        QVERIFY(lease.id != 0);
        (void)service->release(lease.id);

        // Nobody asks for it: the watcher alone notices within ~100 ms of the server's close.
        QTRY_VERIFY_WITH_TIMEOUT(collector.count(Kind::Closed) == 1, 3'000 * poolscope::test::timeScale());
        const auto closed = collector.ofKind(Kind::Closed).front();
        QCOMPARE(closed.id, lease.id);
        QCOMPARE(closed.reason, CloseReason::Stale);
        const auto released = collector.ofKind(Kind::Released).front();
        const auto after = released.time.msecsTo(closed.time);
        QVERIFY2(after <= poolscope::test::withSlack(300 + 100, 100), qPrintable(QString::number(after)));
        QCOMPARE(collector.count(Kind::Acquired), 1);
        QTRY_COMPARE(service->latestSnapshot()->stats.staleDetected, quint64(1));
        QCOMPARE(service->latestSnapshot()->stats.idle, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceHousekeeping::serviceWarmupBacksOffThenConnects()
{
    FdGuard guard;
    {
        ReservedPort reserved;
        QVERIFY(reserved.port() != 0);
        auto owner = start(labOptions(*m_lab));
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);

        WarmupTarget refused;
        refused.host = QStringLiteral("127.0.0.1");
        refused.port = m_lab->port(ServerKind::Refused);
        refused.minIdle = 1;
        refused.initialBackoff = 50ms;
        refused.maxBackoff = 400ms;
        WarmupTarget later = refused;
        later.port = reserved.port();
        later.minIdle = 2;
        auto set = service->setWarmup({refused, later});
        SERVICE_AWAIT(set, 2'000);
        QVERIFY(!failureOf(set));

        const QString laterKey = plainKey(later.port);
        auto failuresOf = [&](const QString& key) {
            QList<ServiceEvent> out;
            for (const auto& e : collector.ofKind(Kind::WarmupFailed)) {
                if (e.endpoint == key)
                    out.push_back(e);
            }
            return out;
        };
        QTRY_VERIFY_WITH_TIMEOUT(failuresOf(laterKey).size() >= 4, 10'000);
        const auto failures = failuresOf(laterKey);
        for (qsizetype i = 0; i < 4; ++i) {
            const qint64 backoff = std::min<qint64>(50 << i, 400);
            QVERIFY2(failures[i].value >= backoff / 2 && failures[i].value <= backoff,
                     qPrintable(QStringLiteral("failure %1 waited %2 ms").arg(i).arg(failures[i].value)));
            QCOMPARE(failures[i].error, ErrorCode::ConnectionRefused);
            if (i > 0) {
                const auto gap = failures[i - 1].time.msecsTo(failures[i].time);
                QVERIFY2(gap >= failures[i - 1].value - 5, qPrintable(QString::number(gap)));
            }
        }
        QTRY_VERIFY(warmupRow(service->latestSnapshot(), laterKey).has_value());
        const auto failing = *warmupRow(service->latestSnapshot(), laterKey);
        QVERIFY(failing.consecutiveFailures >= 4);
        QCOMPARE(failing.lastErrorCode, ErrorCode::ConnectionRefused);
        QVERIFY(!failing.lastError.isEmpty());
        QCOMPARE(failing.idle, 0);

        // The port comes up: the next attempt after the backoff connects, up to minIdle.
        QVERIFY(reserved.listen());
        QTRY_VERIFY_WITH_TIMEOUT(warmupRow(service->latestSnapshot(), laterKey)->idle == 2, 5'000);
        const auto up = *warmupRow(service->latestSnapshot(), laterKey);
        QCOMPARE(up.consecutiveFailures, 0);
        QVERIFY(up.successes >= 2);
        QCOMPARE(up.lastErrorCode, ErrorCode::ConnectionRefused); // the last error is kept

        // The lab's refused port never comes up: capped backoff, still failing.
        const auto stillRefused = *warmupRow(service->latestSnapshot(), plainKey(refused.port));
        QVERIFY(stillRefused.consecutiveFailures >= 4);
        QVERIFY(stillRefused.backoff <= 400ms);
        QCOMPARE(stillRefused.idle, 0);

        auto cleared = service->setWarmup({});
        SERVICE_AWAIT(cleared, 2'000);
        auto closed = service->closeIdle();
        SERVICE_AWAIT(closed, 2'000);
        QCOMPARE(resultOf(closed), 2);
        owner.reset();
        QVERIFY(reserved.drain() >= 2); // the warm connections waited in the accept queue
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceHousekeeping::serviceWarmupReconnectsAfterPeerClose()
{
    FdGuard guard;
    {
        m_lab->setIdleCloseAfter(200ms);
        auto owner = start(labOptions(*m_lab));
        QVERIFY(owner);
        PoolService* service = owner->service();
        Collector collector(service);
        WarmupTarget target;
        target.host = QStringLiteral("127.0.0.1");
        target.port = m_lab->port(ServerKind::IdleCloser);
        target.minIdle = 1;
        auto set = service->setWarmup({target});
        SERVICE_AWAIT(set, 2'000);
        // The server keeps closing the idle connection; the watcher notices, warm-up replaces it.
        QTRY_VERIFY_WITH_TIMEOUT(warmupRow(service->latestSnapshot(), plainKey(target.port))->successes >= 3,
                                 5'000);
        QTRY_VERIFY(collector.count(Kind::Closed) >= 2);
        for (const auto& closed : collector.ofKind(Kind::Closed))
            QCOMPARE(closed.reason, CloseReason::Stale);
        auto cleared = service->setWarmup({});
        SERVICE_AWAIT(cleared, 2'000);
        m_lab->setIdleCloseAfter(300ms);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

QTEST_GUILESS_MAIN(TestServiceHousekeeping)
#include "tst_service_housekeeping.moc"
