// AttachedSource against a real PoolPublisher over a real local socket, with a real PoolService
// and the lab in this process: what it shows is what the service has, events arrive in order,
// commands are refused or carried out as the app allows, losing and regaining the app. Then against
// a fake publisher (a QLocalServer written here) that sends what no publisher should: garbage, a
// huge length, another major version, a stream out of order. None of it crashes or leaks; each
// ends with status Lost and a reason that says what went wrong.

#include "fake_publisher.h"
#include "fd_guard.h"
#include "poolscope/attach/attached_source.h"
#include "poolscope/attach/pool_publisher.h"
#include "service_test_support.h"

#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <memory>
#include <set>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using AS = AttachedSource::Status;
using Capability = MonitorSource::Capability;
namespace wire = trace::attach;

namespace {

std::set<ConnectionId> idsOf(const SnapshotPtr& snapshot)
{
    std::set<ConnectionId> ids;
    if (snapshot) {
        for (const ConnectionInfo& c : snapshot->connections)
            ids.insert(c.id);
    }
    return ids;
}

} // namespace

class TestAttachSource : public QObject, private LabServiceFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void showsTheServicesConnections();
    void eventsArriveInOrder();
    void readOnlyRefusesCommands();
    void allowedForceCloseCloses();
    void publisherStopLosesAndReattachWorks();
    void reattachesByItselfWhenTheAppComesBack();
    void badPublisher_data();
    void badPublisher();
    void gapResetsAndTakesTheSnapshot();
    void byeSaysWhy();
    void connectingToNothingIsLost();

private:
    [[nodiscard]] bool publish(QList<wire::Action> allowed = {});
    [[nodiscard]] bool attached(AttachedSource& source);

    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<PoolPublisher> m_publisher;
    std::unique_ptr<FdGuard> m_fds;
};

void TestAttachSource::initTestCase()
{
    QVERIFY(startLab());
}

void TestAttachSource::init()
{
    m_fds = std::make_unique<FdGuard>();
}

void TestAttachSource::cleanup()
{
    m_publisher.reset();
    m_service.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(m_fds->settledLeak(), 0);
}

void TestAttachSource::cleanupTestCase()
{
    stopLab();
}

bool TestAttachSource::publish(QList<wire::Action> allowed)
{
    if (!m_service)
        m_service = start();
    if (!m_service)
        return false;
    PublishOptions options;
    options.appName = QStringLiteral("attach-test");
    options.allowed = std::move(allowed);
    options.snapshotInterval = 50ms;
    m_publisher = std::make_unique<PoolPublisher>(m_service->service(), options);
    if (!m_publisher->start()) {
        qWarning("publisher did not start: %s", qPrintable(m_publisher->error()));
        return false;
    }
    return true;
}

bool TestAttachSource::attached(AttachedSource& source)
{
    source.attach(m_publisher->serverName());
    return QTest::qWaitFor([&] { return source.status() == AS::Attached && source.latestSnapshot(); },
                           10'000 * timeScale());
}

void TestAttachSource::showsTheServicesConnections()
{
    QVERIFY(publish());
    PoolService* service = m_service->service();
    QList<Lease> leases;
    for (int i = 0; i < 3; ++i) {
        leases.append(takeLease(service, labRequest(*m_lab, lab::ServerKind::Http, QStringLiteral("t"))));
        QVERIFY(leases.back().id != 0);
    }
    QVERIFY(!failureOf(service->release(leases.takeLast().id))); // one idle, two in use

    AttachedSource source;
    QSignalSpy status(&source, &AttachedSource::statusChanged);
    QVERIFY(attached(source));
    QCOMPARE(source.kind(), MonitorSource::Kind::Attached);
    QCOMPARE(source.name(), QStringLiteral("attach-test"));
    QCOMPARE(source.app().pid, QCoreApplication::applicationPid());
    QVERIFY(status.count() >= 2); // Connecting, Attached
    QVERIFY(source.statusText().isEmpty());
    // Same connections, same states, as the service's own latest snapshot.
    QTRY_VERIFY_WITH_TIMEOUT(idsOf(source.latestSnapshot()) == idsOf(service->latestSnapshot()),
                             5000 * timeScale());
    // The states too, once the snapshot after the release has arrived.
    QTRY_VERIFY_WITH_TIMEOUT(source.latestSnapshot()->stats.inUse == 2 &&
                                 source.latestSnapshot()->stats.idle == 1,
                             5000 * timeScale());
    QCOMPARE(source.latestSnapshot()->connections.size(), std::size_t{3});
    // now() is the app's clock, near ours on the same machine.
    const auto skew = std::chrono::abs(source.now() - Clock::now());
    QVERIFY2(skew < 2s, qPrintable(QString::number(skew.count())));
    for (const Lease& l : leases)
        QVERIFY(!failureOf(service->release(l.id)));
}

void TestAttachSource::eventsArriveInOrder()
{
    QVERIFY(publish());
    PoolService* service = m_service->service();
    AttachedSource source;
    QVERIFY(attached(source));
    QList<ServiceEvent> seen;
    connect(&source, &MonitorSource::eventsReady, this, [&seen](const QList<ServiceEvent>& e) { seen += e; });
    Collector collector(service);
    std::vector<ConnectionId> ids;
    for (int i = 0; i < 4; ++i) {
        const Lease lease = takeLease(service, labRequest(*m_lab, lab::ServerKind::Http));
        QVERIFY(lease.id != 0);
        ids.push_back(lease.id);
        QVERIFY(!failureOf(service->release(lease.id)));
    }
    const auto kindsOf = [&ids](const QList<ServiceEvent>& events) {
        QList<QPair<int, ConnectionId>> out;
        for (const ServiceEvent& e : events) {
            if (std::find(ids.begin(), ids.end(), e.id) != ids.end())
                out.append({static_cast<int>(e.kind), e.id});
        }
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!collector.ofKind(ServiceEvent::Kind::Released).isEmpty() &&
                                 kindsOf(seen).size() >= kindsOf(collector.events).size() &&
                                 collector.count(ServiceEvent::Kind::Released) >= 4,
                             10'000 * timeScale());
    QTRY_COMPARE_WITH_TIMEOUT(kindsOf(seen), kindsOf(collector.events), 5000 * timeScale());
}

void TestAttachSource::readOnlyRefusesCommands()
{
    QVERIFY(publish());
    PoolService* service = m_service->service();
    const Lease lease = takeLease(service, labRequest(*m_lab, lab::ServerKind::Http));
    QVERIFY(lease.id != 0);
    AttachedSource source;
    QVERIFY(attached(source));
    QVERIFY(source.app().allowed.isEmpty());
    QVERIFY(!source.can(Capability::Close));
    QVERIFY(!source.can(Capability::Shutdown));
    QVERIFY(!source.can(Capability::Dial));
    QVERIFY(!source.service());
    QSignalSpy finished(&source, &AttachedSource::commandFinished);
    QCOMPARE(source.requestForceClose({lease.id}), qint64{-1});
    QCOMPARE(source.requestCloseIdle(), qint64{-1});
    QCOMPARE(source.requestShutdown(true), qint64{-1});
    QCOMPARE(source.requestReopen(), qint64{-1});
    QTest::qWait(200);
    QCOMPARE(finished.count(), 0);
    // Untouched: the lease is still in use in the app.
    QVERIFY(idsOf(service->latestSnapshot()).count(lease.id) == 1);
    QVERIFY(!failureOf(service->release(lease.id)));
}

void TestAttachSource::allowedForceCloseCloses()
{
    QVERIFY(publish({wire::Action::ForceClose, wire::Action::CloseIdle}));
    PoolService* service = m_service->service();
    Lease lease = takeLease(service, labRequest(*m_lab, lab::ServerKind::Http));
    QVERIFY(lease.id != 0);
    AttachedSource source;
    QVERIFY(attached(source));
    QVERIFY(source.can(Capability::Close));
    QVERIFY(!source.can(Capability::Shutdown));
    QCOMPARE(source.app().allowed,
             (QStringList{QStringLiteral("force_close"), QStringLiteral("close_idle")}));
    QCOMPARE(source.requestShutdown(false), qint64{-1}); // not allowed: nothing sent
    QTRY_VERIFY_WITH_TIMEOUT(idsOf(source.latestSnapshot()).count(lease.id) == 1, 5000 * timeScale());

    QSignalSpy finished(&source, &AttachedSource::commandFinished);
    QList<ServiceEvent> seen;
    connect(&source, &MonitorSource::eventsReady, this, [&seen](const QList<ServiceEvent>& e) { seen += e; });
    const qint64 id = source.requestForceClose({lease.id});
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000 * timeScale());
    QCOMPARE(finished.at(0).at(0).toLongLong(), id);
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(2).toString()));
    // Force-closed in the app (the connection goes once its holder lets go of the lease, as with
    // the service's own forceClose); the monitor saw it happen.
    const ConnectionId closed = lease.id;
    lease = {};
    const auto closedHere = [&seen, closed] {
        return std::any_of(seen.cbegin(), seen.cend(), [closed](const ServiceEvent& e) {
            return e.kind == ServiceEvent::Kind::Closed && e.id == closed &&
                   e.reason == CloseReason::ForceClosed;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(closedHere(), 5000 * timeScale());
    QTRY_VERIFY_WITH_TIMEOUT(idsOf(source.latestSnapshot()).count(closed) == 0, 5000 * timeScale());
}

void TestAttachSource::publisherStopLosesAndReattachWorks()
{
    QVERIFY(publish());
    PoolService* service = m_service->service();
    const Lease lease = takeLease(service, labRequest(*m_lab, lab::ServerKind::Http));
    QVERIFY(lease.id != 0);
    AttachedSource source;
    QVERIFY(attached(source));
    QTRY_VERIFY_WITH_TIMEOUT(idsOf(source.latestSnapshot()).count(lease.id) == 1, 5000 * timeScale());

    m_publisher->stop();
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Lost, 5000 * timeScale());
    QVERIFY2(source.statusText().contains(QStringLiteral("closed the connection")) ||
                 source.statusText().contains(QStringLiteral("exited")),
             qPrintable(source.statusText()));
    QVERIFY(idsOf(source.latestSnapshot()).count(lease.id) == 1); // the last state stays shown
    QVERIFY(!source.can(Capability::Close));
    QCOMPARE(source.requestCloseIdle(), qint64{-1});
    // now() stands still while lost.
    const Clock::time_point frozen = source.now();
    QTest::qWait(50);
    QCOMPARE(source.now(), frozen);

    QVERIFY(m_publisher->start());
    QSignalSpy reset(&source, &MonitorSource::reset);
    source.reattach();
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Attached, 10'000 * timeScale());
    QVERIFY(reset.count() >= 1);
    QVERIFY(!failureOf(service->release(lease.id)));
    QTRY_VERIFY_WITH_TIMEOUT(source.latestSnapshot() && source.latestSnapshot()->stats.idle == 1,
                             5000 * timeScale());

    source.detach();
    QCOMPARE(source.status(), AS::Detached);
    QVERIFY(source.latestSnapshot());
}

void TestAttachSource::reattachesByItselfWhenTheAppComesBack()
{
    QVERIFY(publish());
    AttachedSource source;
    source.setAutoReattach(true);
    QVERIFY(attached(source));
    m_publisher->stop();
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Lost, 5000 * timeScale());
    // Retries every 2 s fail while nothing publishes; once the app publishes again one succeeds.
    QTest::qWait(2500);
    QVERIFY(source.status() != AS::Attached);
    QVERIFY(m_publisher->start());
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Attached, 10'000 * timeScale());
    QTRY_VERIFY_WITH_TIMEOUT(source.latestSnapshot(), 5000 * timeScale());
}

void TestAttachSource::badPublisher_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<QString>("reason");

    QTest::newRow("garbage") << QByteArray("\x00\x00\x00\x05hello", 9) << false
                             << QStringLiteral("protocol error");
    QTest::newRow("huge length") << QByteArray("\xff\xff\xff\xff{", 5) << false
                                 << QStringLiteral("protocol error");
    QTest::newRow("zero length") << QByteArray("\x00\x00\x00\x00", 4) << false
                                 << QStringLiteral("protocol error");
    wire::Hello major = hello();
    major.major = wire::kProtocolMajor + 1;
    QTest::newRow("wrong major") << bytes(frames({major})) << false << QStringLiteral("version");
    QTest::newRow("snapshot before hello")
        << bytes(frames({snapshotMessage(1)})) << false << QStringLiteral("hello");
    QTest::newRow("two hellos") << bytes(frames({hello(1), hello(2)})) << false
                                << QStringLiteral("second hello");
    QTest::newRow("sequence backwards") << bytes(frames({hello(5), snapshotMessage(6), snapshotMessage(6)}))
                                        << false << QStringLiteral("sequence");
    wire::Command command;
    command.id = 1;
    QTest::newRow("a monitor's message")
        << bytes(frames({hello(1), command})) << false << QStringLiteral("monitor's message");
    QTest::newRow("exits after hello")
        << bytes(frames({hello(1), snapshotMessage(2)})) << true << QStringLiteral("the app exited");
    QTest::newRow("exits at once") << QByteArray() << true << QStringLiteral("before its hello");
}

void TestAttachSource::badPublisher()
{
    QFETCH(QByteArray, sent);
    QFETCH(bool, closeAfter);
    QFETCH(QString, reason);
    FakePublisher fake(sent, closeAfter);
    QVERIFY(fake.listening());
    AttachedSource source;
    source.attach(fake.name());
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Lost, 5000 * timeScale());
    QVERIFY2(source.statusText().contains(reason), qPrintable(source.statusText()));
    QVERIFY(!source.can(Capability::Close));
}

void TestAttachSource::gapResetsAndTakesTheSnapshot()
{
    wire::Events events;
    events.seq = 3;
    trace::TraceEvent e;
    e.kind = trace::TraceEventKind::DialStarted;
    e.id = 7;
    events.events.push_back(e);
    wire::Events skipped = events;
    skipped.seq = 5; // after a gap, before the snapshot that ends it: skipped
    wire::Events after = events;
    after.seq = 7;
    FakePublisher fake(bytes(frames({hello(1), snapshotMessage(2), events, skipped, snapshotMessage(6, 1),
                                     after, snapshotMessage(8), snapshotMessage(9, 3)})));
    QVERIFY(fake.listening());
    AttachedSource source;
    QSignalSpy reset(&source, &MonitorSource::reset);
    QSignalSpy snapshots(&source, &MonitorSource::snapshotReady);
    QSignalSpy eventBatches(&source, &MonitorSource::eventsReady);
    QString order; // R(eset), S(napshot), E(vents), as emitted
    connect(&source, &MonitorSource::reset, this, [&order] { order += QLatin1Char('R'); });
    connect(&source, &MonitorSource::snapshotReady, this, [&order] { order += QLatin1Char('S'); });
    connect(&source, &MonitorSource::eventsReady, this, [&order] { order += QLatin1Char('E'); });
    source.attach(fake.name());
    QTRY_COMPARE_WITH_TIMEOUT(snapshots.count(), 4, 5000 * timeScale());
    QCOMPARE(source.status(), AS::Attached);
    QCOMPARE(reset.count(), 3);        // the hello, the gap 3 -> 5, the snapshot that says it dropped some
    QCOMPARE(eventBatches.count(), 2); // 3 and 7
    QCOMPARE(source.latestSnapshot()->wallTime.toMSecsSinceEpoch(), qint64{1'700'000'000'009});
    // In order, however fast this thread took them: the first snapshot after a reset is never
    // replaced by a newer one (no events come between a reset and its snapshot), nor is one by a
    // snapshot that comes after a reset.
    QCOMPARE(order, QStringLiteral("RSERSESRS"));
    // The monitor's client hello reached the fake publisher first.
    QTRY_VERIFY_WITH_TIMEOUT(!fake.received.isEmpty(), 5000 * timeScale());
    wire::FrameDecoder decoder;
    decoder.feed(std::string_view(fake.received.constData(), static_cast<std::size_t>(fake.received.size())));
    const std::optional<wire::Message> first = decoder.next();
    QVERIFY(first && std::holds_alternative<wire::ClientHello>(*first));
}

void TestAttachSource::byeSaysWhy()
{
    wire::Bye bye;
    bye.seq = 3;
    bye.reason = "app quitting";
    FakePublisher fake(bytes(frames({hello(1), snapshotMessage(2), bye})));
    QVERIFY(fake.listening());
    AttachedSource source;
    source.attach(fake.name());
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Lost, 5000 * timeScale());
    QCOMPARE(source.statusText(), QStringLiteral("the app closed the connection: app quitting"));
    QVERIFY(source.latestSnapshot());
    // A read-only fake: a request sends nothing past the client hello.
    const qsizetype before = fake.received.size();
    QCOMPARE(source.requestForceClose({1}), qint64{-1});
    QTest::qWait(100);
    QCOMPARE(fake.received.size(), before);
}

void TestAttachSource::connectingToNothingIsLost()
{
    AttachedSource source;
    source.attach(QStringLiteral("poolscope-test-nobody-") + QUuid::createUuid().toString(QUuid::Id128));
    QTRY_COMPARE_WITH_TIMEOUT(source.status(), AS::Lost, 5000 * timeScale());
    QVERIFY2(source.statusText().startsWith(QStringLiteral("cannot connect")),
             qPrintable(source.statusText()));
    QVERIFY(!source.latestSnapshot());
    // Bounded automatic retries: each one fails the same way, none blocks.
    source.setAutoReattach(true);
    QVERIFY(source.autoReattach());
    source.setAutoReattach(false);
}

QTEST_MAIN(TestAttachSource)
#include "tst_attach_source.moc"
