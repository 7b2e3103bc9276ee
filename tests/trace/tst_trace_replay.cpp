// ReplaySource on a trace recorded from a real PoolService against the lab: the state at the end
// is the service's last snapshot, stepping through the trace delivers every event once and in
// order, play() runs to the end by itself, seeks reset, and bad or changing files give a clear
// error without a crash. A replay allows no action, and recording what a replay shows gives a trace
// that replays to the same end state.

#include "poolscope/service/replay_source.h"
#include "poolscope/service/service_recorder.h"
#include "record_lab_session.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace poolscope;
using namespace poolscope::test;
using Kind = ServiceEvent::Kind;

namespace {

/// id → state of a snapshot's connections, for comparing two snapshots.
QMap<ConnectionId, ConnectionState> statesOf(const PoolSnapshot& snapshot)
{
    QMap<ConnectionId, ConnectionState> out;
    for (const ConnectionInfo& c : snapshot.connections)
        out.insert(c.id, c.state);
    return out;
}

QList<ServiceEvent> eventsOf(const QSignalSpy& spy)
{
    QList<ServiceEvent> out;
    for (const QList<QVariant>& args : spy)
        out += args.at(0).value<QList<ServiceEvent>>();
    return out;
}

} // namespace

class TestTraceReplay : public QObject, private LabServiceFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(startLab());
        m_fds = FdGuard();
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("session.trace"));
        recordLabSession(*m_lab, m_path, m_session);
        QVERIFY(!QTest::currentTestFailed());
    }
    void endStateIsTheServiceLastSnapshot();
    void steppingDeliversEveryEventOnce_data();
    void steppingDeliversEveryEventOnce();
    void playRunsToTheEnd();
    void seekResetsAndMovesTheClock();
    void allowsNoAction();
    void recordingAReplayKeepsWhatItShows();
    void badFiles_data();
    void badFiles();
    void truncatedFileOpensWithWhatItHas();
    void fileChangedWhileReplaying();
    void cleanupTestCase()
    {
        QCOMPARE(m_fds.settledLeak(), 0);
        stopLab();
    }

private:
    FdGuard m_fds;
    QTemporaryDir m_dir;
    QString m_path;
    RecordedSession m_session;
};

void TestTraceReplay::endStateIsTheServiceLastSnapshot()
{
    ReplaySource replay;
    QVERIFY2(replay.open(m_path), qPrintable(replay.error()));
    QVERIFY(replay.problems().isEmpty());
    QCOMPARE(replay.eventCount(), m_session.events);
    QCOMPARE(replay.positionUs(), 0);
    QVERIFY(replay.durationUs() > 0);
    QSignalSpy events(&replay, &MonitorSource::eventsReady);
    replay.seek(replay.durationUs());
    QVERIFY(replay.latestSnapshot());
    QCOMPARE(statesOf(*replay.latestSnapshot()), statesOf(*m_session.last));
    QCOMPARE(replay.latestSnapshot()->stats.inUse, 1);
    QCOMPARE(replay.latestSnapshot()->hosts.size(), 1);
    QCOMPARE(replay.latestSnapshot()->hosts.front().active, 1);
    // The log after a seek to the end holds the whole (short) session, oldest first.
    QCOMPARE(events.count(), 1);
    const QList<ServiceEvent> shown = eventsOf(events);
    QCOMPARE(quint64(shown.size()), m_session.events);
    for (qsizetype i = 1; i < shown.size(); ++i)
        QVERIFY(shown[i - 1].time <= shown[i].time);
    const auto failed = std::find_if(shown.begin(), shown.end(),
                                     [](const ServiceEvent& e) { return e.kind == Kind::DialFailed; });
    QVERIFY(failed != shown.end());
    QCOMPARE(failed->error, ErrorCode::HandshakeFailed);
    QCOMPARE(failed->label, QStringLiteral("expired"));
    QVERIFY(!failed->message.isEmpty());
    const auto closed = std::find_if(shown.begin(), shown.end(), [this](const ServiceEvent& e) {
        return e.kind == Kind::Closed && e.id == m_session.closed;
    });
    QVERIFY(closed != shown.end());
    QCOMPARE(closed->reason, CloseReason::ForceClosed);
}

void TestTraceReplay::steppingDeliversEveryEventOnce_data()
{
    QTest::addColumn<qint64>("stepUs");
    QTest::newRow("10 ms steps") << qint64(10'000);
    QTest::newRow("37 ms steps") << qint64(37'000);
    QTest::newRow("one step") << qint64(1) * 3600 * 1'000'000;
}

void TestTraceReplay::steppingDeliversEveryEventOnce()
{
    QFETCH(qint64, stepUs);
    ReplaySource replay;
    QVERIFY(replay.open(m_path));
    QSignalSpy events(&replay, &MonitorSource::eventsReady);
    QSignalSpy positions(&replay, &ReplaySource::positionChanged);
    replay.seek(0);
    const qint64 steps = replay.durationUs() / stepUs + 2;
    for (qint64 i = 0; i < steps && replay.positionUs() < replay.durationUs(); ++i)
        replay.advance(stepUs);
    QCOMPARE(replay.positionUs(), replay.durationUs());
    QVERIFY(positions.count() >= 2);
    const QList<ServiceEvent> seen = eventsOf(events);
    QCOMPARE(quint64(seen.size()), m_session.events);
    // Every event once, in the order the trace has them (ids and kinds as one long sequence).
    ReplaySource whole;
    QVERIFY(whole.open(m_path));
    QSignalSpy all(&whole, &MonitorSource::eventsReady);
    whole.seek(whole.durationUs());
    const QList<ServiceEvent> expected = eventsOf(all);
    QCOMPARE(seen.size(), expected.size());
    for (qsizetype i = 0; i < seen.size(); ++i) {
        QCOMPARE(seen[i].kind, expected[i].kind);
        QCOMPARE(seen[i].id, expected[i].id);
    }
    QCOMPARE(statesOf(*replay.latestSnapshot()), statesOf(*m_session.last));
}

void TestTraceReplay::playRunsToTheEnd()
{
    ReplaySource replay;
    QVERIFY(replay.open(m_path));
    QSignalSpy playing(&replay, &ReplaySource::playingChanged);
    replay.setSpeed(1e9); // clamped
    QCOMPARE(replay.speed(), ReplaySource::kMaxSpeed);
    replay.setSpeed(std::numeric_limits<double>::quiet_NaN()); // ignored
    QCOMPARE(replay.speed(), ReplaySource::kMaxSpeed);
    replay.setSpeed(20.0);
    replay.play();
    QVERIFY(replay.isPlaying());
    // The session lasts well under 10 s of trace time: at 20× it ends within a second or so.
    QTRY_VERIFY_WITH_TIMEOUT(!replay.isPlaying(), 15'000);
    QCOMPARE(replay.positionUs(), replay.durationUs());
    QCOMPARE(playing.count(), 2);
    QCOMPARE(statesOf(*replay.latestSnapshot()), statesOf(*m_session.last));
    // Play at the end starts over.
    QSignalSpy reset(&replay, &MonitorSource::reset);
    replay.play();
    QCOMPARE(reset.count(), 1);
    QVERIFY(replay.isPlaying());
    replay.pause();
    QVERIFY(!replay.isPlaying());
}

void TestTraceReplay::seekResetsAndMovesTheClock()
{
    ReplaySource replay;
    QVERIFY(replay.open(m_path));
    QSignalSpy reset(&replay, &MonitorSource::reset);
    QSignalSpy snapshots(&replay, &MonitorSource::snapshotReady);
    const qint64 middle = replay.durationUs() / 2;
    replay.seek(middle);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(snapshots.count(), 1);
    QCOMPARE(replay.positionUs(), middle);
    QCOMPARE(replay.latestSnapshot()->taken, replay.now());
    QCOMPARE(replay.wallTime().toMSecsSinceEpoch(), (replay.header().startWallUs + middle) / 1000);
    const Clock::time_point atMiddle = replay.now();
    replay.seek(0);
    QVERIFY(replay.now() < atMiddle);
    replay.seek(-5); // clamped
    QCOMPARE(replay.positionUs(), 0);
    replay.seek(std::numeric_limits<qint64>::max());
    QCOMPARE(replay.positionUs(), replay.durationUs());
    replay.advance(std::numeric_limits<qint64>::max()); // at the end: nothing to do, no overflow
    QCOMPARE(replay.positionUs(), replay.durationUs());
    replay.advance(-1);
    QCOMPARE(replay.positionUs(), replay.durationUs());
}

void TestTraceReplay::allowsNoAction()
{
    ReplaySource replay;
    QVERIFY(replay.open(m_path));
    QCOMPARE(replay.kind(), MonitorSource::Kind::Replay);
    QCOMPARE(replay.capabilities(), MonitorSource::Capabilities());
    for (auto c : {MonitorSource::Capability::Dial, MonitorSource::Capability::Close,
                   MonitorSource::Capability::Shutdown, MonitorSource::Capability::Record})
        QVERIFY(!replay.can(c));
    QVERIFY(!replay.service());
    QCOMPARE(replay.name(), QStringLiteral("session.trace"));
}

void TestTraceReplay::badFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("exists");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("missing") << QByteArray() << false << QString();
    QTest::newRow("empty") << QByteArray() << true << QStringLiteral("line 1");
    QTest::newRow("not json") << QByteArray("hello\n") << true << QStringLiteral("line 1");
    QTest::newRow("json, not a trace")
        << QByteArray("{\"type\":\"event\"}\n") << true << QStringLiteral("line 1");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01\n", 5) << true << QStringLiteral("line 1");
}

void TestTraceReplay::badFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, exists);
    QFETCH(QString, errorPart);
    const QString path =
        m_dir.filePath(QStringLiteral("bad-%1.trace").arg(QString::fromLatin1(QTest::currentDataTag())));
    if (exists) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    ReplaySource replay;
    QSignalSpy snapshots(&replay, &MonitorSource::snapshotReady);
    QVERIFY(!replay.open(path));
    QVERIFY(!replay.isOpen());
    QVERIFY(!replay.error().isEmpty());
    if (!errorPart.isEmpty())
        QVERIFY2(replay.error().contains(errorPart), qPrintable(replay.error()));
    QCOMPARE(snapshots.count(), 0);
    replay.play(); // nothing to play
    QVERIFY(!replay.isPlaying());
    replay.seek(10);
    replay.advance(10);
    QCOMPARE(snapshots.count(), 0);
    // The same source opens a good file afterwards.
    QVERIFY(replay.open(m_path));
    QVERIFY(replay.error().isEmpty());
}

void TestTraceReplay::truncatedFileOpensWithWhatItHas()
{
    QFile whole(m_path);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray content = whole.readAll();
    // Cut in the middle of a line two thirds in: everything before it stays usable.
    const qsizetype cut = content.indexOf('\n', content.size() * 2 / 3) - 5;
    QVERIFY(cut > 0);
    const QString path = m_dir.filePath(QStringLiteral("cut.trace"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content.left(cut));
    file.close();
    ReplaySource replay;
    QVERIFY2(replay.open(path), qPrintable(replay.error()));
    QCOMPARE(replay.problems().size(), 1);
    QVERIFY2(replay.problems().first().startsWith(QStringLiteral("line ")),
             qPrintable(replay.problems().first()));
    QVERIFY(replay.eventCount() < m_session.events);
    replay.seek(replay.durationUs());
    QVERIFY(replay.latestSnapshot());
}

void TestTraceReplay::fileChangedWhileReplaying()
{
    const QString path = m_dir.filePath(QStringLiteral("changing.trace"));
    QVERIFY(QFile::copy(m_path, path));
    ReplaySource replay;
    QVERIFY(replay.open(path));
    QSignalSpy failed(&replay, &ReplaySource::failed);
    replay.play();
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(0));
        file.write("garbage that is not a trace\n");
    }
    replay.seek(replay.durationUs() / 2);
    QCOMPARE(failed.count(), 1);
    QVERIFY(!replay.isPlaying());
    QVERIFY(!replay.error().isEmpty());
}

void TestTraceReplay::recordingAReplayKeepsWhatItShows()
{
    using namespace std::chrono_literals;
    ReplaySource replay;
    QVERIFY(replay.open(m_path));
    const QString copy = m_dir.filePath(QStringLiteral("copy.trace"));
    {
        ServiceRecorder recorder(&replay, copy, 100ms, QStringLiteral("re-record test"));
        QVERIFY2(recorder.isRecording(), qPrintable(recorder.error()));
        const qint64 steps = replay.durationUs() / 10'000 + 2;
        for (qint64 i = 0; i < steps && replay.positionUs() < replay.durationUs(); ++i)
            replay.advance(10'000);
        QCOMPARE(replay.positionUs(), replay.durationUs());
        recorder.stop();
        QVERIFY(recorder.error().isEmpty());
        QCOMPARE(recorder.counts().events, m_session.events);
    }
    ReplaySource again;
    QVERIFY2(again.open(copy), qPrintable(again.error()));
    QVERIFY(again.problems().isEmpty());
    QCOMPARE(again.eventCount(), m_session.events);
    // On the replay's clock: the copy spans the original (millisecond resolution of event times).
    QVERIFY2(qAbs(again.durationUs() - replay.durationUs()) <= 2'000,
             qPrintable(QStringLiteral("%1 vs %2").arg(again.durationUs()).arg(replay.durationUs())));
    QCOMPARE(again.header().startWallUs / 1000, replay.header().startWallUs / 1000);
    again.seek(again.durationUs());
    QVERIFY(again.latestSnapshot());
    QCOMPARE(statesOf(*again.latestSnapshot()), statesOf(*m_session.last));
}

QTEST_GUILESS_MAIN(TestTraceReplay)
#include "tst_trace_replay.moc"
