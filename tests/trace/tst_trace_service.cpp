// ServiceRecorder on a real PoolService (in-process, against the lab): the service's events (its
// own kinds too: a waiter queued and served, a leak suspect) and its snapshots are recorded, and
// the trace reads back to the service's last snapshot. A path that cannot be written is an error,
// not a crash.

#include "poolscope/service/service_recorder.h"
#include "poolscope/trace/trace_reader.h"
#include "service_test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using lab::ServerKind;
using Kind = ServiceEvent::Kind;

namespace {

std::filesystem::path fsPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

} // namespace

class TestTraceService : public QObject, private LabServiceFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(startLab());
        m_fds = FdGuard();
    }
    void recordsServiceEvents();
    void aSnapshotInsideTheIntervalIsWrittenWhenItEnds();
    void badPath();
    void cleanupTestCase()
    {
        QCOMPARE(m_fds.settledLeak(), 0);
        stopLab();
    }

private:
    FdGuard m_fds;
};

void TestTraceService::recordsServiceEvents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("service.trace"));
    ServiceOptions options = labOptions(*m_lab);
    options.pool.maxConnections = 1;
    options.leakThreshold = 150ms * timeScale();
    auto owner = startService(options);
    QVERIFY(owner);
    PoolService* service = owner->service();
    SnapshotPtr last;
    trace::TraceWriter::Counts counts;
    {
        QElapsedTimer recording;
        recording.start();
        ServiceRecorder recorder(service, path, 100ms, QStringLiteral("trace_service test"));
        QVERIFY2(recorder.isRecording(), qPrintable(recorder.error()));
        Collector collector(service); // connected after the recorder: it sees every batch first

        const Lease leaky = takeLease(service, labRequest(*m_lab, ServerKind::Http, QStringLiteral("leaky")));
        QVERIFY(leaky.id != 0);
        QTRY_COMPARE(collector.count(Kind::LeakSuspected), 1);
        auto waiter = service->acquire(labRequest(*m_lab, ServerKind::Http, QStringLiteral("waiter"), 10s));
        QTRY_COMPARE(collector.count(Kind::WaiterQueued), 1);
        (void)service->release(leaky.id);
        SERVICE_AWAIT(waiter, 5'000);
        QVERIFY(!failureOf(waiter));
        const Lease served = resultOf(waiter);
        QTRY_COMPARE(collector.count(Kind::WaiterServed), 1);
        auto back = service->release(served.id);
        SERVICE_AWAIT(back, 5'000);
        // A failed TLS dial: the expired certificate.
        auto expired = service->acquire(labRequest(*m_lab, ServerKind::Expired, QStringLiteral("expired")));
        SERVICE_AWAIT(expired, 5'000);
        QVERIFY(failureOf(expired));
        QTRY_COMPARE(collector.count(Kind::DialFailed), 1);
        QTRY_VERIFY(collector.last() && collector.last()->leases == 0 && collector.last()->waiters == 0);
        QTRY_VERIFY(recorder.counts().snapshots >= 2);

        recorder.stop();
        QVERIFY(!recorder.isRecording());
        QVERIFY2(recorder.error().isEmpty(), qPrintable(recorder.error()));
        counts = recorder.counts();
        QCOMPARE(counts.events, std::uint64_t(collector.events.size()));
        // Throttled: the service publishes every 50 ms, the recorder keeps one per 100 ms at most
        // (plus the first and the last).
        QVERIFY(collector.snapshots.size() > 2);
        QVERIFY2(counts.snapshots <= std::uint64_t(recording.elapsed() / 100 + 2),
                 qPrintable(
                     QStringLiteral("%1 snapshots in %2 ms").arg(counts.snapshots).arg(recording.elapsed())));
        last = service->latestSnapshot();
        qInfo("snapshot records written in at most %lld µs each (%llu snapshots)",
              recorder.maxSnapshotWriteUs(), static_cast<unsigned long long>(counts.snapshots));
    }

    trace::TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    QVERIFY2(reader.issues().empty(),
             reader.issues().empty() ? "" : reader.issues().front().toString().c_str());
    QCOMPARE(reader.header().writer, std::string("trace_service test"));
    QVERIFY(reader.hasEndRecord());
    QCOMPARE(reader.eventCount(), counts.events);
    QVERIFY(reader.snapshots().size() >= 2);

    const std::vector<trace::TraceEvent> events = reader.eventsBetween(-1, reader.durationUs(), 10'000);
    QCOMPARE(events.size(), std::size_t(counts.events));
    auto find = [&events](trace::TraceEventKind kind) {
        return std::find_if(events.begin(), events.end(), [kind](const auto& e) { return e.kind == kind; });
    };
    const auto leak = find(trace::TraceEventKind::LeakSuspected);
    QVERIFY(leak != events.end());
    QCOMPARE(leak->label, std::string("leaky"));
    QVERIFY(leak->value >= 150 * timeScale());
    QVERIFY(!leak->state);
    const auto queued = find(trace::TraceEventKind::WaiterQueued);
    QVERIFY(queued != events.end());
    QCOMPARE(queued->label, std::string("waiter"));
    QVERIFY(find(trace::TraceEventKind::WaiterServed) != events.end());
    const auto failed = find(trace::TraceEventKind::DialFailed);
    QVERIFY(failed != events.end());
    QCOMPARE(failed->errorCode, ErrorCode::HandshakeFailed);
    QVERIFY(!failed->errorMessage.empty());
    const auto reuse = std::find_if(events.begin(), events.end(), [](const auto& e) {
        return e.kind == trace::TraceEventKind::Acquired && e.reused && e.label == "waiter";
    });
    QVERIFY(reuse != events.end());
    QCOMPARE(reuse->state, std::optional(ConnectionState::InUse));

    // The end of the trace is the service's last snapshot.
    const auto end = reader.stateAt(reader.durationUs());
    QVERIFY2(end, reader.error().c_str());
    QCOMPARE(end->connections.size(), last->connections.size());
    for (std::size_t i = 0; i < end->connections.size(); ++i) {
        QCOMPARE(end->connections[i].id, last->connections[i].id);
        QCOMPARE(end->connections[i].state, last->connections[i].state);
    }
    QCOMPARE(end->stats.dials, last->stats.dials);
    QCOMPARE(end->stats.reuses, last->stats.reuses);
    QCOMPARE(end->stats.handshakeFailures, last->stats.handshakeFailures);
}

void TestTraceService::aSnapshotInsideTheIntervalIsWrittenWhenItEnds()
{
    // A change published soon after a recorded snapshot is held, not dropped: with nothing changing
    // after it, it still reaches the trace once the interval ends (and not before).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trailing.trace"));
    auto owner = startService(labOptions(*m_lab));
    QVERIFY(owner);
    PoolService* service = owner->service();
    constexpr auto interval = 1500ms;
    ServiceRecorder recorder(service, path, interval, QStringLiteral("trace_service test"));
    QVERIFY2(recorder.isRecording(), qPrintable(recorder.error()));
    QCOMPARE(recorder.counts().snapshots, std::uint64_t(1)); // the state when recording started
    QElapsedTimer sinceStart;
    sinceStart.start();
    Collector collector(service);
    const Lease held = takeLease(service, labRequest(*m_lab, ServerKind::Http, QStringLiteral("held")));
    QVERIFY(held.id != 0);
    QTRY_VERIFY(collector.last() && collector.last()->leases == 1);
    if (sinceStart.elapsed() >= interval.count() - 200) {
        (void)service->release(held.id);
        QSKIP("the dial took most of the interval: no change to hold back on this machine");
    }
    QCOMPARE(recorder.counts().snapshots, std::uint64_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.counts().snapshots, std::uint64_t(2), 2 * int(interval.count()));
    QVERIFY(sinceStart.elapsed() >= interval.count() - 50);
    const std::uint64_t events = recorder.counts().events;
    QCOMPARE(events, std::uint64_t(collector.events.size()));
    recorder.stop();

    trace::TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    QCOMPARE(reader.snapshots().size(), std::size_t(3)); // the first, the held change, the one stop() adds
    // The held snapshot keeps the time it was taken, and shows the lease.
    const auto atSecond = reader.stateAt(reader.snapshots()[1].offsetUs);
    QVERIFY2(atSecond, reader.error().c_str());
    QVERIFY(atSecond->snapshotOffsetUs < std::int64_t(interval.count()) * 1000);
    QCOMPARE(atSecond->stats.inUse, 1);
    (void)service->release(held.id);
}

void TestTraceService::badPath()
{
    auto owner = start();
    QVERIFY(owner);
    QTemporaryDir dir;
    ServiceRecorder recorder(owner->service(), dir.filePath(QStringLiteral("missing/dir/x.trace")));
    QVERIFY(!recorder.isRecording());
    QVERIFY2(recorder.error().contains(QStringLiteral("cannot open")), qPrintable(recorder.error()));
    recorder.stop(); // harmless
}

QTEST_GUILESS_MAIN(TestTraceService)
#include "tst_trace_service.moc"
