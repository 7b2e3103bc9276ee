// Connection timelines: the data class that turns service events and snapshots into segments
// (data-driven: events in, segments out; failed dials; reuse; close reasons; bounded history), the
// pool-wide timeline's follow-live / scroll-back / click, and the real window against the lab:
// dial, use, return, close → the details pane's waterfall shows connect / TLS / use / idle / close,
// the Timeline tab has a lane for it, and clicking the lane selects the row.

#include "fd_guard.h"
#include "main_window.h"
#include "models/connection_timeline.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/presentation.h"
#include "util/resources.h"
#include "widgets/connection_waterfall.h"
#include "widgets/details_pane.h"
#include "widgets/pool_timeline_view.h"
#include "widgets/timeline_canvas.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QThreadPool>
#include <QWheelEvent>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using Kind = ServiceEvent::Kind;
using SK = ConnectionTimeline::SegmentKind;
using Segment = ConnectionTimeline::Segment;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
const qint64 kT0Us = kT0.toMSecsSinceEpoch() * 1000;

ServiceEvent ev(Kind kind, ConnectionId id, int ms,
                const QString& endpoint = QStringLiteral("tcp://127.0.0.1:8080"))
{
    ServiceEvent e;
    e.kind = kind;
    e.id = id;
    e.endpoint = endpoint;
    e.time = kT0.addMSecs(ms);
    return e;
}

ServiceEvent labelled(ServiceEvent e, const QString& label, bool reused = false)
{
    e.label = label;
    e.reused = reused;
    return e;
}

ServiceEvent closed(ConnectionId id, int ms, CloseReason reason,
                    const QString& endpoint = QStringLiteral("tcp://127.0.0.1:8080"))
{
    ServiceEvent e = ev(Kind::Closed, id, ms, endpoint);
    e.reason = reason;
    return e;
}

ServiceEvent failed(ConnectionId id, int ms, const QString& why, const QString& endpoint)
{
    ServiceEvent e = ev(Kind::DialFailed, id, ms, endpoint);
    e.message = why;
    e.error = ErrorCode::HandshakeFailed;
    return e;
}

QString token(const Segment& s)
{
    static const char* const names[] = {"queued", "dns", "connect", "proxy", "tls", "use", "idle", "close"};
    static_assert(std::size(names) == static_cast<std::size_t>(SK::Count));
    QString t = QString::fromLatin1(names[static_cast<int>(s.kind)]);
    if (s.failed)
        t += QLatin1Char('!');
    if (s.open)
        t += QLatin1Char('~');
    return t;
}

QString tokens(const std::vector<Segment>& segments)
{
    QStringList out;
    for (const Segment& s : segments)
        out.append(token(s));
    return out.join(QLatin1Char(' '));
}

const Segment* firstOf(const std::vector<Segment>& segments, SK kind)
{
    for (const Segment& s : segments) {
        if (s.kind == kind)
            return &s;
    }
    return nullptr;
}

/// The first segment of `kind`, or an empty one (no kind matches it in a comparison) so a missing
/// segment fails the comparison instead of crashing the test.
const Segment& segmentOf(const std::vector<Segment>& segments, SK kind)
{
    static const Segment missing{};
    const Segment* found = firstOf(segments, kind);
    return found != nullptr ? *found : missing;
}

const Segment* lastOf(const std::vector<Segment>& segments, SK kind)
{
    const Segment* found = nullptr;
    for (const Segment& s : segments) {
        if (s.kind == kind)
            found = &s;
    }
    return found;
}

/// The last segment of `kind`, or an empty one (see segmentOf).
const Segment& lastSegmentOf(const std::vector<Segment>& segments, SK kind)
{
    static const Segment missing{};
    const Segment* found = lastOf(segments, kind);
    return found != nullptr ? *found : missing;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { m_fds = std::make_unique<poolscope::test::FdGuard>(); }
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }

    void eventsToSegments_data();
    void eventsToSegments();
    void reuseKeepsEachHolder();
    void snapshotsGiveExactPhasesAndDeadlines();
    void departureWithoutCloseEvent();
    void boundedHistory();
    void bigSnapshotsStayCheap();
    void tooltipsGiveExactValues();
    void canvasFollowsScrollsBackAndClicks();
    void windowShowsWaterfallAndLane();

private:
    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

void TestTimeline::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeTimelineTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestTimeline::cleanup()
{
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(m_fds->settledLeak() <= 0, qPrintable(poolscope::test::openFdList()));
}

void TestTimeline::eventsToSegments_data()
{
    QTest::addColumn<QList<ServiceEvent>>("events");
    QTest::addColumn<int>("nowMs");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("closeText"); // contained in the Closed segment's label
    const QString tls = QStringLiteral("tls://127.0.0.1:8443");
    const QString tcp = QStringLiteral("tcp://127.0.0.1:8080");

    QTest::newRow("plain: dial, use, return, expire")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 1, 0),
                               ev(Kind::Resolved, 1, 1),
                               ev(Kind::Connected, 1, 2),
                               labelled(ev(Kind::Acquired, 1, 3), QStringLiteral("worker")),
                               ev(Kind::Released, 1, 50),
                               closed(1, 100, CloseReason::Expired)}
        << 200 << QStringLiteral("dns connect use idle close") << closeReasonText(CloseReason::Expired);
    QTest::newRow("tls: handshake, held, force-closed")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 2, 0, tls),
                               ev(Kind::Resolved, 2, 1, tls),
                               ev(Kind::Connected, 2, 2, tls),
                               ev(Kind::HandshakeDone, 2, 9, tls),
                               labelled(ev(Kind::Acquired, 2, 9, tls), QStringLiteral("monitor")),
                               closed(2, 70, CloseReason::ForceClosed, tls)}
        << 200 << QStringLiteral("dns connect tls use close") << closeReasonText(CloseReason::ForceClosed);
    QTest::newRow("reuse, idle now")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 3, 0),
                               ev(Kind::Resolved, 3, 1),
                               ev(Kind::Connected, 3, 2),
                               labelled(ev(Kind::Acquired, 3, 3), QStringLiteral("a")),
                               ev(Kind::Released, 3, 20),
                               labelled(ev(Kind::Acquired, 3, 40), QStringLiteral("b"), true),
                               ev(Kind::Released, 3, 60)}
        << 200 << QStringLiteral("dns connect use idle use idle~") << QString();
    QTest::newRow("in use now") << QList<ServiceEvent>{ev(Kind::DialStarted, 4, 0), ev(Kind::Resolved, 4, 1),
                                                       ev(Kind::Connected, 4, 2),
                                                       labelled(ev(Kind::Acquired, 4, 3),
                                                                QStringLiteral("a"))}
                                << 200 << QStringLiteral("dns connect use~") << QString();
    QTest::newRow("failed in the TLS handshake")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 5, 0, tls), ev(Kind::Resolved, 5, 1, tls),
                               ev(Kind::Connected, 5, 2, tls),
                               failed(5, 30, QStringLiteral("certificate verify failed: unknown ca"), tls),
                               closed(5, 30, CloseReason::DialFailed, tls)}
        << 200 << QStringLiteral("dns connect tls! close!") << QStringLiteral("certificate verify failed");
    QTest::newRow("refused: failed in connect")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 6, 0), ev(Kind::Resolved, 6, 1),
                               failed(6, 2, QStringLiteral("connection refused"), tcp)}
        << 200 << QStringLiteral("dns connect! close!") << QStringLiteral("connection refused");
    QTest::newRow("failed with no DialStarted seen: the close alone")
        << QList<ServiceEvent>{failed(7, 5, QStringLiteral("timed out"), tcp)} << 200
        << QStringLiteral("close!") << QStringLiteral("timed out");
    QTest::newRow("still dialing") << QList<ServiceEvent>{ev(Kind::DialStarted, 8, 0, tls),
                                                          ev(Kind::Resolved, 8, 1, tls),
                                                          ev(Kind::Connected, 8, 2, tls)}
                                   << 200 << QStringLiteral("dns connect tls~") << QString();
    ServiceEvent served = labelled(ev(Kind::WaiterServed, 9, 60), QStringLiteral("queued one"));
    served.value = 60; // waited from 0 to 60 ms
    QTest::newRow("queued for a slot, then dialled")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 9, 40), ev(Kind::Resolved, 9, 41),
                               ev(Kind::Connected, 9, 42),
                               labelled(ev(Kind::Acquired, 9, 43), QStringLiteral("queued one")), served}
        << 200 << QStringLiteral("queued dns connect use~") << QString();
    // Through a proxy (the key says " via "): no event ends the tunnel, so a dial that connected to
    // the proxy and failed before TLS began failed in the tunnel, and one in progress is in it.
    const QString proxied = QStringLiteral("tls://127.0.0.1:8443 via socks5://127.0.0.1:1080");
    QTest::newRow("through a proxy: failed in the tunnel")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 11, 0, proxied), ev(Kind::Resolved, 11, 1, proxied),
                               ev(Kind::Connected, 11, 2, proxied),
                               failed(11, 30, QStringLiteral("proxy refused CONNECT"), proxied),
                               closed(11, 30, CloseReason::DialFailed, proxied)}
        << 200 << QStringLiteral("dns connect proxy! close!") << QStringLiteral("proxy refused CONNECT");
    QTest::newRow("through a proxy: still in the tunnel")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 12, 0, proxied), ev(Kind::Resolved, 12, 1, proxied),
                               ev(Kind::Connected, 12, 2, proxied)}
        << 200 << QStringLiteral("dns connect proxy~") << QString();
    // Events alone do not split the tunnel from the handshake (no event ends the tunnel): until a
    // snapshot's timings say (snapshotsGiveExactPhasesAndDeadlines), TLS starts at the connect.
    QTest::newRow("through a proxy: tunnel, handshake, use")
        << QList<ServiceEvent>{ev(Kind::DialStarted, 13, 0, proxied), ev(Kind::Resolved, 13, 1, proxied),
                               ev(Kind::Connected, 13, 2, proxied), ev(Kind::HandshakeDone, 13, 9, proxied),
                               labelled(ev(Kind::Acquired, 13, 9, proxied), QStringLiteral("via proxy"))}
        << 200 << QStringLiteral("dns connect tls use~") << QString();
    QTest::newRow("pool-wide and unrelated events are ignored")
        << QList<ServiceEvent>{ev(Kind::ShutdownStarted, 0, 0), ev(Kind::LeakSuspected, 10, 1),
                               ev(Kind::ProbeCompleted, 10, 2)}
        << 200 << QString() << QString();
}

void TestTimeline::eventsToSegments()
{
    QFETCH(QList<ServiceEvent>, events);
    QFETCH(int, nowMs);
    QFETCH(QString, expected);
    QFETCH(QString, closeText);
    ConnectionTimeline timeline;
    timeline.setLinger(60s);
    QSignalSpy changed(&timeline, &ConnectionTimeline::changed);
    timeline.noteEvents(events);
    const ConnectionId id = events.last().id;
    const std::vector<Segment> segments = timeline.segments(id, kT0Us + nowMs * 1000LL);
    QCOMPARE(tokens(segments), expected);
    QCOMPARE(changed.isEmpty(), expected.isEmpty());
    for (std::size_t i = 1; i < segments.size(); ++i)
        QVERIFY2(segments[i - 1].startUs <= segments[i].startUs, qPrintable(tokens(segments)));
    for (const Segment& s : segments) {
        QVERIFY(s.endUs >= s.startUs);
        if (s.open)
            QCOMPARE(s.endUs, kT0Us + nowMs * 1000LL);
    }
    if (!closeText.isEmpty()) {
        const Segment* close = lastOf(segments, SK::Closed);
        QVERIFY(close);
        QVERIFY2(close->label.contains(closeText), qPrintable(close->label));
    }
    // Uses carry their holder.
    if (const Segment* use = firstOf(segments, SK::Use))
        QVERIFY(!use->label.isEmpty());
    // A failed dial's failed phase ends at the failure.
    if (const Segment* phase = lastOf(segments, SK::Tls); phase && phase->failed)
        QCOMPARE(phase->endUs, kT0Us + 30'000);
    if (const Segment* phase = lastOf(segments, SK::Proxy); phase && phase->failed)
        QCOMPARE(phase->endUs, kT0Us + 30'000);
}

void TestTimeline::reuseKeepsEachHolder()
{
    ConnectionTimeline timeline;
    timeline.noteEvents(QList<ServiceEvent>{
        ev(Kind::DialStarted, 1, 0), ev(Kind::Resolved, 1, 1), ev(Kind::Connected, 1, 2),
        labelled(ev(Kind::Acquired, 1, 3), QStringLiteral("first")), ev(Kind::Released, 1, 20),
        labelled(ev(Kind::Acquired, 1, 40), QStringLiteral("second"), true), ev(Kind::Released, 1, 60),
        closed(1, 90, CloseReason::Requested)});
    const std::vector<Segment> segments = timeline.segments(1, kT0Us + 100'000);
    std::vector<const Segment*> uses;
    for (const Segment& s : segments) {
        if (s.kind == SK::Use)
            uses.push_back(&s);
    }
    QCOMPARE(uses.size(), std::size_t(2));
    QCOMPARE(uses[0]->label, QStringLiteral("first"));
    QVERIFY(!uses[0]->reused);
    QCOMPARE(uses[0]->number, 1);
    QCOMPARE(uses[1]->label, QStringLiteral("second"));
    QVERIFY(uses[1]->reused);
    QCOMPARE(uses[1]->number, 2);
    QCOMPARE(uses[1]->startUs, kT0Us + 40'000);
    QCOMPARE(uses[1]->endUs, kT0Us + 60'000);
    // The idle stretch between them ends where the reuse starts; the last one at the close.
    const Segment* idle = firstOf(segments, SK::Idle);
    QVERIFY(idle);
    QCOMPARE(idle->startUs, kT0Us + 20'000);
    QCOMPARE(idle->endUs, kT0Us + 40'000);
    QCOMPARE(lastSegmentOf(segments, SK::Idle).endUs, kT0Us + 90'000);
    QCOMPARE(lastSegmentOf(segments, SK::Closed).label, closeReasonText(CloseReason::Requested));
}

void TestTimeline::snapshotsGiveExactPhasesAndDeadlines()
{
    // The service's events say "to the millisecond"; the snapshot's PhaseTimings say µs.
    const Clock::time_point base = Clock::now();
    ConnectionInfo c =
        poolscope::test::makeConnection(5, ConnectionState::Idle, "127.0.0.1", 8443, true, base);
    c.timings = {120, 340, 2'500};
    c.label = "lab https";
    PoolSnapshot snapshot;
    snapshot.taken = base;
    snapshot.wallTime = kT0.addSecs(5);
    snapshot.connections = {c};
    const qint64 wallUs = kT0Us + 5'000'000;

    ConnectionTimeline timeline;
    const QString tls = QStringLiteral("tls://127.0.0.1:8443");
    timeline.noteEvents(
        QList<ServiceEvent>{ev(Kind::DialStarted, 5, 0, tls), ev(Kind::Resolved, 5, 0, tls),
                            ev(Kind::Connected, 5, 0, tls), ev(Kind::HandshakeDone, 5, 3, tls),
                            labelled(ev(Kind::Acquired, 5, 3, tls), QStringLiteral("lab https")),
                            ev(Kind::Released, 5, 4000, tls)});
    timeline.noteSnapshot(snapshot, 10s);
    std::vector<Segment> segments = timeline.segments(5, wallUs);
    QCOMPARE(tokens(segments), QStringLiteral("dns connect tls use idle~"));
    QCOMPARE(segmentOf(segments, SK::Dns).exactUs, 120);
    QCOMPARE(segmentOf(segments, SK::Connect).exactUs, 340);
    QCOMPARE(segmentOf(segments, SK::Tls).exactUs, 2'500);
    QCOMPARE(segmentOf(segments, SK::Tls).endUs - segmentOf(segments, SK::Dns).startUs, 2'960);
    // makeConnection: keep-alive deadline = lastUsed (base − 1 s) + 10 s → the snapshot's wall + 9 s.
    QCOMPARE(lastSegmentOf(segments, SK::Idle).deadlineUs, wallUs + 9'000'000);

    // Known only from a snapshot (the window opened late): phases from the timings, the use open.
    ConnectionTimeline late;
    ConnectionInfo held = c;
    held.id = 6;
    held.state = ConnectionState::InUse;
    snapshot.connections = {held};
    late.noteSnapshot(snapshot, 10s);
    segments = late.segments(6, wallUs + 1000);
    QCOMPARE(tokens(segments), QStringLiteral("dns connect tls use~"));
    QCOMPARE(segmentOf(segments, SK::Dns).startUs, wallUs - 5'000'000); // created = base − 5 s
    QCOMPARE(segmentOf(segments, SK::Use).label, QStringLiteral("lab https"));
    QCOMPARE(segmentOf(segments, SK::Use).startUs, wallUs - 1'000'000); // inUseSince = base − 1 s
    // The same from the row alone (a connection the timeline does not keep).
    QCOMPARE(tokens(ConnectionTimeline::segmentsFor(held, wallUs + 1000, base)), tokens(segments));

    // Through a proxy: the tunnel's exact time sits between the TCP connect and TLS.
    ConnectionInfo proxied = c;
    proxied.id = 7;
    proxied.key = "tls://127.0.0.1:8443 via http://127.0.0.1:3128";
    proxied.timings = {120, 340, 2'500, 780};
    snapshot.connections = {proxied};
    ConnectionTimeline viaProxy;
    viaProxy.noteSnapshot(snapshot, 10s);
    segments = viaProxy.segments(7, wallUs + 1000);
    QCOMPARE(tokens(segments), QStringLiteral("dns connect proxy tls idle~"));
    QCOMPARE(segmentOf(segments, SK::Proxy).exactUs, 780);
    QCOMPARE(segmentOf(segments, SK::Proxy).startUs, segmentOf(segments, SK::Connect).endUs);
    QCOMPARE(segmentOf(segments, SK::Tls).startUs, segmentOf(segments, SK::Proxy).endUs);
    QCOMPARE(segmentOf(segments, SK::Tls).endUs - segmentOf(segments, SK::Dns).startUs, 3'740);
}

void TestTimeline::departureWithoutCloseEvent()
{
    const Clock::time_point base = Clock::now();
    PoolSnapshot first;
    first.taken = base;
    first.wallTime = kT0;
    first.connections = {
        poolscope::test::makeConnection(3, ConnectionState::Idle, "127.0.0.1", 8080, false, base)};
    ConnectionTimeline timeline;
    timeline.noteSnapshot(first, 10s);
    PoolSnapshot second = first;
    second.wallTime = kT0.addSecs(1);
    second.connections.clear();
    timeline.noteSnapshot(second, 10s);
    std::vector<Segment> segments = timeline.segments(3, kT0Us + 2'000'000);
    const Segment* close = lastOf(segments, SK::Closed);
    QVERIFY(close);
    QVERIFY(close->estimatedEnd);
    QCOMPARE(close->startUs, kT0Us + 1'000'000);
    // The Closed event, arriving late, has the exact time and the reason.
    timeline.noteEvents(QList<ServiceEvent>{closed(3, 900, CloseReason::Stale)});
    segments = timeline.segments(3, kT0Us + 2'000'000);
    close = lastOf(segments, SK::Closed);
    QVERIFY(!close->estimatedEnd);
    QCOMPARE(close->startUs, kT0Us + 900'000);
    QCOMPARE(close->label, closeReasonText(CloseReason::Stale));
}

void TestTimeline::boundedHistory()
{
    ConnectionTimeline timeline;
    timeline.setLinger(10s);
    timeline.noteEvents(QList<ServiceEvent>{
        ev(Kind::DialStarted, 1, 0), closed(1, 1000, CloseReason::Expired), ev(Kind::DialStarted, 2, 0)});
    timeline.prune(kT0Us + 10'900'000);
    QVERIFY(timeline.contains(1)); // closed 9.9 s ago
    timeline.prune(kT0Us + 11'100'000);
    QVERIFY(!timeline.contains(1)); // 10.1 s ago: past the linger
    QVERIFY(timeline.contains(2));  // live ones stay

    // At most maxConnections: a departed one goes first, then the oldest live one.
    timeline.setMaxConnections(3);
    timeline.noteEvents(QList<ServiceEvent>{ev(Kind::DialStarted, 3, 0), ev(Kind::DialStarted, 4, 0),
                                            closed(3, 10, CloseReason::Requested)});
    QCOMPARE(timeline.size(), 3);
    timeline.noteEvents(QList<ServiceEvent>{ev(Kind::DialStarted, 5, 20)});
    QCOMPARE(timeline.size(), 3);
    QVERIFY(!timeline.contains(3));
    QVERIFY(timeline.contains(2) && timeline.contains(4) && timeline.contains(5));
    timeline.noteEvents(QList<ServiceEvent>{ev(Kind::DialStarted, 6, 30)});
    QCOMPARE(timeline.size(), 3);
    QVERIFY(!timeline.contains(2));
    // A snapshot row does not push out a live connection (it would on every snapshot).
    PoolSnapshot snapshot;
    snapshot.taken = Clock::now();
    snapshot.wallTime = kT0;
    snapshot.connections = {poolscope::test::makeConnection(1, ConnectionState::Idle),
                            poolscope::test::makeConnection(4, ConnectionState::Idle),
                            poolscope::test::makeConnection(5, ConnectionState::Idle),
                            poolscope::test::makeConnection(6, ConnectionState::Idle)};
    timeline.noteSnapshot(snapshot, 10s);
    QCOMPARE(timeline.size(), 3);
    QVERIFY(!timeline.contains(1));
    const std::vector<ConnectionTimeline::Lane> lanes = timeline.lanes();
    QCOMPARE(lanes.size(), std::size_t(3));
    QVERIFY(lanes.front().id < lanes.back().id); // dial order

    // Each connection keeps its last kMaxUses uses, numbered from its first.
    ConnectionTimeline busy;
    QList<ServiceEvent> events{ev(Kind::DialStarted, 1, 0), ev(Kind::Resolved, 1, 0),
                               ev(Kind::Connected, 1, 0)};
    const int cycles = static_cast<int>(ConnectionTimeline::kMaxUses) + 36;
    for (int i = 0; i < cycles; ++i) {
        events.append(labelled(ev(Kind::Acquired, 1, 10 + i * 10), QStringLiteral("u%1").arg(i), i > 0));
        events.append(ev(Kind::Released, 1, 15 + i * 10));
    }
    busy.noteEvents(events);
    const std::vector<Segment> segments = busy.segments(1, kT0Us + 100'000'000);
    int uses = 0;
    for (const Segment& s : segments)
        uses += s.kind == SK::Use ? 1 : 0;
    QCOMPARE(uses, static_cast<int>(ConnectionTimeline::kMaxUses));
    QCOMPARE(lastSegmentOf(segments, SK::Use).number, cycles);
    QCOMPARE(lastSegmentOf(segments, SK::Use).label, QStringLiteral("u%1").arg(cycles - 1));
}

void TestTimeline::bigSnapshotsStayCheap()
{
    // 10,000 rows every 100 ms (the responsiveness test's pool) over a full timeline: the rows it
    // does not keep cost a lookup each.
    ConnectionTimeline timeline;
    PoolSnapshot snapshot;
    snapshot.taken = Clock::now();
    snapshot.wallTime = QDateTime::currentDateTimeUtc();
    snapshot.connections = poolscope::test::makeConnections(1, 10'000, ConnectionState::Idle);
    QElapsedTimer clock;
    clock.start();
    timeline.noteSnapshot(snapshot, 10s);
    const qint64 firstUs = clock.nsecsElapsed() / 1000;
    QCOMPARE(timeline.size(), timeline.maxConnections());
    clock.restart();
    for (int i = 0; i < 10; ++i)
        timeline.noteSnapshot(snapshot, 10s);
    const qint64 laterUs = clock.nsecsElapsed() / 1000 / 10;
    qInfo("10,000-row snapshot into the timeline: first %lld us, then %lld us each", firstUs, laterUs);
    QVERIFY2(laterUs < 50'000, qPrintable(QString::number(laterUs))); // 137 ms before rows were skipped
}

void TestTimeline::tooltipsGiveExactValues()
{
    Segment tlsPhase;
    tlsPhase.kind = SK::Tls;
    tlsPhase.startUs = kT0Us;
    tlsPhase.endUs = kT0Us + 2'500;
    tlsPhase.exactUs = 2'500;
    QString text = ConnectionTimeline::describe(tlsPhase, kT0Us);
    QVERIFY2(text.contains(QStringLiteral("TLS handshake")) && text.contains(QStringLiteral("2.50 ms")),
             qPrintable(text));
    // A phase known only from the events' millisecond times says so.
    Segment fromEvents = tlsPhase;
    fromEvents.exactUs = -1;
    fromEvents.endUs = kT0Us;
    QCOMPARE(ConnectionTimeline::lengthText(fromEvents), QStringLiteral("< 1 ms"));
    fromEvents.endUs = kT0Us + 3'000;
    QCOMPARE(ConnectionTimeline::lengthText(fromEvents), QStringLiteral("≈ 3 ms"));
    QVERIFY(ConnectionTimeline::describe(fromEvents, kT0Us).contains(QStringLiteral("to the millisecond")));
    Segment use;
    use.kind = SK::Use;
    use.number = 3;
    use.label = QStringLiteral("checkout service");
    use.reused = true;
    use.startUs = kT0Us;
    use.endUs = kT0Us + 1'500'000;
    text = ConnectionTimeline::describe(use, kT0Us);
    QVERIFY2(text.contains(QStringLiteral("Use 3")) && text.contains(QStringLiteral("checkout service")) &&
                 text.contains(QStringLiteral("1.5 s")) && text.contains(QStringLiteral("Reused")),
             qPrintable(text));
    Segment idle;
    idle.kind = SK::Idle;
    idle.open = true;
    idle.startUs = kT0Us;
    idle.endUs = kT0Us + 1'000'000;
    idle.deadlineUs = kT0Us + 5'000'000;
    text = ConnectionTimeline::describe(idle, kT0Us + 1'000'000);
    QVERIFY2(text.contains(QStringLiteral("Keep-alive deadline")) &&
                 text.contains(QStringLiteral("in 4.0 s")) && text.contains(QStringLiteral("still running")),
             qPrintable(text));
    Segment close;
    close.kind = SK::Closed;
    close.failed = true;
    close.label = QStringLiteral("certificate verify failed");
    close.startUs = close.endUs = kT0Us;
    text = ConnectionTimeline::describe(close, kT0Us);
    QVERIFY2(text.contains(QStringLiteral("Dial failed")) && text.contains(close.label), qPrintable(text));
}

void TestTimeline::canvasFollowsScrollsBackAndClicks()
{
    // Two minutes of history (a connection dialled 120 s ago, another 5 s ago) in a 10-s span.
    ConnectionTimeline timeline;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto at = [&](Kind kind, ConnectionId id, int secondsAgo) {
        ServiceEvent e = ev(kind, id, 0);
        e.time = now.addSecs(-secondsAgo);
        e.label = QStringLiteral("holder");
        return e;
    };
    timeline.noteEvents(QList<ServiceEvent>{at(Kind::DialStarted, 1, 120), at(Kind::Resolved, 1, 120),
                                            at(Kind::Connected, 1, 120), at(Kind::Acquired, 1, 119),
                                            at(Kind::Released, 1, 100), at(Kind::DialStarted, 2, 5),
                                            at(Kind::Resolved, 2, 5), at(Kind::Connected, 2, 5)});
    PoolTimelineView view(&timeline);
    view.resize(640, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    TimelineCanvas* canvas = view.canvas();
    view.spanCombo()->setCurrentIndex(0); // 10 s
    QCOMPARE(canvas->span(), std::chrono::milliseconds(10'000));
    canvas->refresh();
    QCOMPARE(canvas->lanes().size(), std::size_t(2));
    QCOMPARE(canvas->lanes().front().id, ConnectionId(2)); // newest on top
    QVERIFY(canvas->followLive());
    QScrollBar* bar = canvas->horizontalScrollBar();
    QVERIFY2(bar->maximum() >= 1000, qPrintable(QString::number(bar->maximum()))); // ≥ 100 s back
    QCOMPARE(bar->value(), bar->maximum());

    // Scrolling back pauses: the check box follows, and the view stays put while time goes on.
    QSignalSpy followed(canvas, &TimelineCanvas::followLiveChanged);
    bar->triggerAction(QAbstractSlider::SliderPageStepSub);
    QVERIFY(!canvas->followLive());
    QVERIFY(!view.followCheck()->isChecked());
    QCOMPARE(followed.size(), 1);
    const qint64 pausedAt = canvas->viewEndUs();
    QVERIFY(pausedAt < ConnectionTimeline::nowUs() - 5'000'000);
    QTest::qWait(300); // a live tick would move a following view
    canvas->refresh();
    QCOMPARE(canvas->viewEndUs(), pausedAt);
    // Shift+wheel (and the wheel, while every lane fits) scrolls further back in time.
    const QPoint middle = canvas->viewport()->rect().center();
    QWheelEvent wheel(middle, canvas->viewport()->mapToGlobal(middle), {}, QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(canvas->viewport(), &wheel);
    QVERIFY(canvas->viewEndUs() < pausedAt);
    // Following again jumps to now.
    view.followCheck()->setChecked(true);
    QVERIFY(canvas->followLive());
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(canvas->viewEndUs() >= ConnectionTimeline::nowUs() - 1'000'000);

    // Clicking a lane reports its connection; the header does not.
    QSignalSpy clicked(&view, &PoolTimelineView::connectionClicked);
    const QRect lane = canvas->laneRect(1);
    QVERIFY(!lane.isEmpty());
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, lane.center());
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(0).value<ConnectionId>(), ConnectionId(1));
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, QPoint(lane.center().x(), 2));
    QCOMPARE(clicked.size(), 1);

    // The selected connection's lane is marked: the label column's background changes colour.
    const QPoint labelPixel = lane.topLeft() + QPoint(2, 2);
    const QColor plain = canvas->viewport()->grab().toImage().pixelColor(labelPixel);
    canvas->setSelected(1);
    QCOMPARE(canvas->selected(), ConnectionId(1));
    const QColor marked = canvas->viewport()->grab().toImage().pixelColor(labelPixel);
    QVERIFY2(marked != plain, qPrintable(marked.name()));
    canvas->setSelected(0);
    QCOMPARE(canvas->viewport()->grab().toImage().pixelColor(labelPixel), plain);

    // In a dark palette (saved to look at): text and outlines come from the palette.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x2a, 0x2c, 0x30));
    dark.setColor(QPalette::AlternateBase, QColor(0x33, 0x36, 0x3a));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    view.setPalette(dark);
    ConnectionWaterfall waterfall(&timeline);
    waterfall.setPalette(dark);
    waterfall.setAutoFillBackground(true);
    waterfall.showConnection(1);
    waterfall.resize(360, waterfall.sizeHint().height());
    QCOMPARE(waterfall.rowKinds(), (std::vector<SK>{SK::Dns, SK::Connect, SK::Use, SK::Idle}));
    QVERIFY(view.grab().save(QDir(QDir::tempPath()).filePath(QStringLiteral("poolscope-timeline-dark.png"))));
    QVERIFY(waterfall.grab().save(
        QDir(QDir::tempPath()).filePath(QStringLiteral("poolscope-waterfall-dark.png"))));
}

void TestTimeline::windowShowsWaterfallAndLane()
{
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    std::unique_ptr<PoolServiceThread> service = std::move(started).value();
    auto window = std::make_unique<MainWindow>(service->service(), m_lab.get());
    window->resize(1024, 640);
    window->connectionsModel()->setLinger(60s); // the closed row stays to be looked at
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    ConnectionsModel* model = window->connectionsModel();
    const auto row = [model](ConnectionId id) { return model->rowById(id); };

    // Dial the lab's HTTPS server, use it, return it, close it.
    QSignalSpy leases(window->controller(), &PoolController::leaseAcquired);
    QVERIFY(window->controller()->dialLab(lab::ServerKind::Https) == 1);
    QTRY_VERIFY_WITH_TIMEOUT(!leases.isEmpty(), 10000);
    const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
    QVERIFY(id != 0);
    QTRY_VERIFY(row(id) && row(id)->info.state == ConnectionState::InUse);
    const QString holder = QString::fromStdString(row(id)->info.label);
    window->selectConnections({id});
    ConnectionWaterfall* waterfall = window->detailsPane()->waterfall();
    QVERIFY(waterfall);
    QTRY_VERIFY(waterfall->isVisible() && waterfall->shownId() == id);
    window->action(MainWindow::Action::Use)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_lab->counters(lab::ServerKind::Https).requests >= 1u, 10000);
    window->action(MainWindow::Action::Return)->trigger();
    QTRY_VERIFY(row(id) && row(id)->info.state == ConnectionState::Idle);
    QTRY_VERIFY(lastSegmentOf(waterfall->segments(), SK::Idle).open);
    window->selectConnections({id});
    window->action(MainWindow::Action::Close)->trigger();
    QTRY_VERIFY(row(id) && row(id)->gone());
    QTRY_VERIFY(lastOf(waterfall->segments(), SK::Closed) != nullptr);

    const std::vector<Segment> segments = waterfall->segments();
    QCOMPARE(waterfall->shownId(), id);
    for (SK kind : {SK::Connect, SK::Tls, SK::Use, SK::Idle, SK::Closed})
        QVERIFY2(firstOf(segments, kind), qPrintable(tokens(segments)));
    QVERIFY2(!tokens(segments).contains(QLatin1Char('~')), qPrintable(tokens(segments))); // nothing runs on
    QVERIFY(segmentOf(segments, SK::Tls).exactUs > 0); // from the snapshot's timings, µs
    QCOMPARE(segmentOf(segments, SK::Use).label, holder);
    QVERIFY(!lastSegmentOf(segments, SK::Closed).label.isEmpty());
    // One row per kind, the use row saying who held it, and the tool tip of a bar its times.
    QVERIFY(waterfall->rowKinds().size() >= 5);
    QVERIFY2(waterfall->rowText(SK::Use).contains(holder), qPrintable(waterfall->rowText(SK::Use)));
    const int tlsIndex = static_cast<int>(firstOf(segments, SK::Tls) - segments.data());
    QCOMPARE(waterfall->segmentAt(waterfall->segmentRect(tlsIndex).center()), tlsIndex);
    // Nothing drawn outside (once the layout has given it the height of its new Closed row).
    const auto allInside = [waterfall] {
        for (int i = 0; i < static_cast<int>(waterfall->segments().size()); ++i) {
            if (!waterfall->rect().contains(waterfall->segmentRect(i)))
                return false;
        }
        return true;
    };
    QTRY_VERIFY2(allInside(),
                 qPrintable(QStringLiteral("%1x%2").arg(waterfall->width()).arg(waterfall->height())));

    // The Timeline tab has a lane for it; clicking the lane selects its row.
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("bottomTabs"));
    QVERIFY(tabs);
    tabs->setCurrentWidget(window->poolTimeline());
    TimelineCanvas* canvas = window->poolTimeline()->canvas();
    QTRY_VERIFY(!canvas->laneRect(id).isEmpty());
    window->selectConnections({});
    QTRY_VERIFY(window->selectedIds().isEmpty());
    QVERIFY(!waterfall->isVisible());
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, canvas->laneRect(id).center());
    QTRY_VERIFY(window->selectedIds() == QList<ConnectionId>{id});
    QTRY_COMPARE(waterfall->shownId(), id);
    // The table's selection marks the lane, and a selection elsewhere moves the mark.
    QCOMPARE(canvas->selected(), id);
    window->selectConnections({});
    QTRY_COMPARE(canvas->selected(), ConnectionId(0));
    window->selectConnections({id});
    QTRY_COMPARE(canvas->selected(), id);

    // A failed dial gets its waterfall too: the handshake in red, and why.
    QVERIFY(window->controller()->dialLab(lab::ServerKind::Untrusted) == 1);
    ConnectionId failedId = 0;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (int r = 0; r < model->rowCount(); ++r) {
                                     if (model->rowAt(r).failed)
                                         failedId = model->rowAt(r).info.id;
                                 }
                                 return failedId != 0;
                             }()),
                             10000);
    window->selectConnections({failedId});
    QTRY_COMPARE(waterfall->shownId(), failedId);
    QTRY_VERIFY(segmentOf(waterfall->segments(), SK::Tls).failed);
    QVERIFY(lastSegmentOf(waterfall->segments(), SK::Closed).failed);
    QVERIFY(canvas->laneRect(failedId).isValid());

    // Demo traffic gets lanes too (bounded by the timeline's cap, far above this).
    window->setDemoRunning(true);
    QTRY_VERIFY_WITH_TIMEOUT(window->timeline()->size() >= 6 && canvas->lanes().size() >= 6, 20000);
    window->setDemoRunning(false);
    QVERIFY(window->timeline()->size() <= window->timeline()->maxConnections());
    // A picture to look at (docs/screenshot-timeline.png comes from here): the first connection's
    // whole life in the waterfall, the demo's lanes in the last 10 s.
    window->selectConnections({id});
    QTRY_COMPARE(waterfall->shownId(), id);
    window->poolTimeline()->spanCombo()->setCurrentIndex(0); // 10 s: the demo's last seconds, wider
    // Never cut off silently: as tall as the waterfall, or scrolling (at 1024×640 there is little room).
    auto* scroll = window->findChild<QScrollArea*>(QStringLiteral("connectionWaterfallScroll"));
    QVERIFY(scroll && scroll->widget() == waterfall);
    QTRY_VERIFY(
        scroll->isVisible() && waterfall->height() >= waterfall->sizeHint().height() &&
        (scroll->viewport()->height() >= waterfall->height() || scroll->verticalScrollBar()->isVisible()));
    const QString file = QDir(QDir::tempPath()).filePath(QStringLiteral("poolscope-timeline.png"));
    QVERIFY(window->grab().save(file));
    qInfo("window with the timeline saved to %s", qPrintable(file));
    // With room (1280×860) the whole waterfall shows without scrolling.
    window->resize(1280, 860);
    QTRY_VERIFY(scroll->viewport()->height() >= waterfall->sizeHint().height() &&
                !scroll->verticalScrollBar()->isVisible());
    const QString large = QDir(QDir::tempPath()).filePath(QStringLiteral("poolscope-timeline-large.png"));
    QVERIFY(window->grab().save(large));
    qInfo("and at 1280×860 to %s", qPrintable(large));

    window.reset();
    service.reset();
}

QTEST_MAIN(TestTimeline)
#include "tst_ui_timeline.moc"
