// Monitors that misbehave against a PoolPublisher of a real PoolService (lab-backed): garbage
// bytes, a 2 GiB length prefix, a message before client_hello and silence past the hello timeout
// are each dropped; a monitor that stops reading while the app generates many events is
// throttled (its events dropped, then a snapshot with dropped_events and a visible seq gap once it
// reads again). Throughout, the service keeps serving and a well-behaved monitor keeps getting
// snapshots.

#include "attach_test_client.h"
#include "poolscope/attach/pool_publisher.h"
#include "service_test_support.h"

#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace poolscope;
using namespace poolscope::test;
using namespace poolscope::trace::attach;
using namespace std::chrono_literals;
using lab::ServerKind;

namespace {

/// One frame around `payload` (the length prefix computed, so the row shows only the JSON).
QByteArray frame(const char* payload)
{
    const auto n = static_cast<quint32>(qstrlen(payload));
    QByteArray out;
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(static_cast<char>((n >> shift) & 0xFF));
    return out + payload;
}

} // namespace

class TestAttachMisbehaving : public QObject, private LabServiceFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_runtime.isValid());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
        QVERIFY(startLab());
        m_fds = FdGuard();
    }
    void dropped_data();
    void dropped();
    void stalledMonitorIsThrottled();
    void cleanupTestCase()
    {
        QCOMPARE(m_fds.settledLeak(), 0);
        stopLab();
    }

private:
    QTemporaryDir m_runtime;
    FdGuard m_fds;
};

void TestAttachMisbehaving::dropped_data()
{
    QTest::addColumn<bool>("hello");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("garbage") << false << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("2 GiB length prefix") << false << QByteArray("\x80\x00\x00\x00{", 5);
    QTest::newRow("zero length") << false << QByteArray("\x00\x00\x00\x00", 4);
    QTest::newRow("not an object after hello") << true << frame("[1,2]");
    QTest::newRow("a command before hello")
        << false << frame(R"({"type":"command","id":1,"action":"reopen"})");
    QTest::newRow("a publisher's message") << true << frame(R"({"type":"bye","seq":0})");
    QTest::newRow("a second client_hello")
        << true << frame(R"({"type":"client_hello","protocol":"poolscope-attach","version":1})");
    QTest::newRow("another major version")
        << false << frame(R"({"type":"client_hello","protocol":"poolscope-attach","version":2})");
    QTest::newRow("silence past the hello timeout") << false << QByteArray();
}

void TestAttachMisbehaving::dropped()
{
    QFETCH(bool, hello);
    QFETCH(QByteArray, bytes);
    auto owner = start();
    QVERIFY(owner);
    PoolService* service = owner->service();
    PublishOptions options;
    options.appName = QStringLiteral("attach-misbehaving");
    options.snapshotInterval = 50ms;
    options.helloTimeout = 300ms;
    PoolPublisher publisher(service, options);
    QVERIFY2(publisher.start(), qPrintable(publisher.error()));
    AttachClient good(publisher.serverName());
    QTRY_VERIFY(good.count<Snapshot>() >= 1);

    AttachClient bad(publisher.serverName(), hello);
    QTRY_VERIFY(bad.socket.state() == QLocalSocket::ConnectedState);
    if (hello)
        QTRY_VERIFY(bad.count<Snapshot>() >= 1);
    if (!bytes.isEmpty())
        bad.sendRaw(bytes);
    QTRY_VERIFY(bad.disconnected);
    QTRY_COMPARE(publisher.monitorCount(), 1);
    QCOMPARE(publisher.stats().monitorsDropped, quint64{1});
    QVERIFY(publisher.isPublishing());

    // The app is unaffected: the service serves, the good monitor streams on.
    const int snapshots = good.count<Snapshot>();
    const Lease lease = takeLease(service, labRequest(*m_lab, ServerKind::Http, QStringLiteral("after")));
    QVERIFY(lease.id != 0);
    QTRY_VERIFY(good.count<Snapshot>() > snapshots);
    QVERIFY(!good.disconnected);
    auto back = service->release(lease.id);
    SERVICE_AWAIT(back, 5'000);
}

void TestAttachMisbehaving::stalledMonitorIsThrottled()
{
    auto owner = start();
    QVERIFY(owner);
    PoolService* service = owner->service();
    PublishOptions options;
    options.appName = QStringLiteral("attach-stalled");
    options.snapshotInterval = 50ms;
    options.maxBacklogBytes = 64 * 1024; // the least allowed
    PoolPublisher publisher(service, options);
    QVERIFY2(publisher.start(), qPrintable(publisher.error()));
    AttachClient good(publisher.serverName());
    AttachClient stalled(publisher.serverName());
    QTRY_VERIFY(good.count<Snapshot>() >= 1);
    QTRY_VERIFY(stalled.count<Snapshot>() >= 1);
    stalled.stall();

    // Many large events (a 4 KiB label on every acquire and release) until the stalled monitor's
    // backlog passes the limit; bounded, and the event loop runs between rounds.
    const QString label(4096, u'x');
    int rounds = 0;
    for (; rounds < 2000 && publisher.stats().eventsDropped == 0; ++rounds) {
        const Lease lease = takeLease(service, labRequest(*m_lab, ServerKind::Http, label));
        QVERIFY(lease.id != 0);
        auto back = service->release(lease.id);
        SERVICE_AWAIT(back, 5'000);
        QCoreApplication::processEvents(); // deliver the service's batches and let the sockets write
    }
    QVERIFY2(publisher.stats().eventsDropped > 0, qPrintable(QStringLiteral("%1 rounds").arg(rounds)));
    qInfo("the stalled monitor fell behind after %d acquire/release rounds", rounds);
    QCOMPARE(publisher.monitorCount(), 2); // throttled, not dropped
    QCOMPARE(publisher.stats().monitorsDropped, quint64{0});

    // The good monitor got everything, in order, without a gap.
    QTRY_VERIFY(good.events().size() >= std::size_t(rounds) * 2);
    const auto goodSeqs = good.seqs();
    for (std::size_t i = 0; i < goodSeqs.size(); ++i)
        QCOMPARE(goodSeqs[i], std::int64_t(i));

    // Reading again: the backlog drains, then a snapshot says what was missed; seq shows the gap.
    stalled.resume();
    auto sawDropCount = [&stalled] {
        const auto snapshots = stalled.all<Snapshot>();
        return std::any_of(snapshots.begin(), snapshots.end(),
                           [](const Snapshot& s) { return s.droppedEvents > 0; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawDropCount(), 10'000);
    QVERIFY(!stalled.decoder.failed());
    const auto seqs = stalled.seqs();
    bool gap = false;
    for (std::size_t i = 1; i < seqs.size(); ++i) {
        QVERIFY(seqs[i] > seqs[i - 1]);
        gap = gap || seqs[i] != seqs[i - 1] + 1;
    }
    QVERIFY(gap);
    // Every event reached the stalled monitor or was counted as missed by it.
    auto accounted = [&] {
        std::uint64_t dropped = 0;
        for (const Snapshot& s : stalled.all<Snapshot>())
            dropped += s.droppedEvents;
        return dropped == publisher.stats().eventsDropped &&
               dropped + stalled.events().size() == good.events().size();
    };
    QTRY_VERIFY(accounted());
}

QTEST_GUILESS_MAIN(TestAttachMisbehaving)
#include "tst_attach_misbehaving.moc"
