// The window stays responsive: the longest event-loop stall is measured (and printed) while 500
// dials are in flight against the lab, and while 10,000 rows are updated at 10 Hz.
//
// The target is 50 ms in optimised builds. The assertion is looser (kStallBoundMs) because Debug
// builds on a loaded 2-core CI machine are several times slower; the printed figures are the point.

#include "fd_guard.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "models/snapshot_throttle.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "test_platform.h"
#include "timing.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/resources.h"

#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;

namespace {

#ifdef NDEBUG
constexpr qint64 kStallBoundMs = 100;
/// The requirement itself: the first 0 → 10,000-row snapshot must not block for more than 50 ms.
constexpr qint64 kFirstInsertBoundMs = 50;
#else
constexpr qint64 kStallBoundMs = 500;
constexpr qint64 kFirstInsertBoundMs = 500;
#endif

/// Under Wine every Win32 call, timer and message goes through a translation layer whose
/// scheduling the app does not control (the same dials measured 42 to 112 ms there on one
/// machine): the bound triples, the figures are still printed.
qint64 stallBoundMs()
{
    return kStallBoundMs * (poolscope::test::runningUnderWine() ? 3 : 1);
}

/// Measures the longest gap between ticks of a 5 ms timer: how long the event loop was blocked.
class LatencyProbe : public QObject
{
public:
    LatencyProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] { m_max = std::max(m_max, m_since.restart()); });
    }
    void start()
    {
        m_max = 0;
        m_since.start();
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        return m_max;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_since;
    qint64 m_max = 0;
};

} // namespace

class TestResponsiveness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }

    void fiveHundredDialsInFlight();
    void tenThousandRows();
    void firstTenThousandRowsInsert();

private:
    quint16 port(lab::ServerKind kind) const { return m_lab->port(kind); }
    void drainLiveSnapshots();

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

void TestResponsiveness::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeUiLoadTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestResponsiveness::init()
{
    QThreadPool::globalInstance()->waitForDone();
    m_fds = std::make_unique<poolscope::test::FdGuard>();
    ServiceOptions options;
    options.pool.maxConnections = 600;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    m_window = std::make_unique<MainWindow>(m_service->service(), m_lab.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestResponsiveness::cleanup()
{
    m_window.reset();
    m_service.reset();
    QThreadPool::globalInstance()->waitForDone();
    // 500 server-side sockets in the lab close when its loop sees the clients go; give a loaded
    // machine time.
    QVERIFY2(m_fds->settledLeak(30000) <= 0, qPrintable(poolscope::test::openFdList()));
}

void TestResponsiveness::fiveHundredDialsInFlight()
{
    LatencyProbe probe;

    // 500 TLS dials to the silent server: they sit in the handshake (or wait for a dial thread)
    // until their 3 s budget runs out.
    probe.start();
    DialSpec spec;
    spec.host = QStringLiteral("127.0.0.1");
    spec.port = port(lab::ServerKind::Silent);
    spec.tls = true;
    spec.timeout = 3s;
    spec.count = 500;
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(m_window->controller()->dial(spec), 500);
    const qint64 issueMs = timer.elapsed();
    QTRY_COMPARE(m_window->controller()->pendingDials(), 500);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionsModel()->rowCount() > 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->controller()->pendingDials(), 0, 30000);
    const qint64 dialGapMs = probe.stop();
    qInfo("500 dials in flight: issuing took %lld ms, longest event-loop stall %lld ms", issueMs, dialGapMs);
    // Every dial failed (timed out); their rows stay, greyed, for the linger the user chose (View →
    // Keep Closed Connections), then go. A short linger keeps the test short.
    ConnectionsModel* model = m_window->connectionsModel();
    QTRY_VERIFY_WITH_TIMEOUT(
        [model] {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (!model->rowAt(r).gone())
                    return false;
            }
            return true;
        }(),
        10000);
    model->setLinger(500ms);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 10000);
    QVERIFY2(dialGapMs < stallBoundMs(), qPrintable(QString::number(dialGapMs)));
}

void TestResponsiveness::drainLiveSnapshots()
{
    // Once the worker has finished what it is doing, no emission that passed the (now removed)
    // connection can still be on its way; then deliver whatever it already posted.
    QVERIFY(QMetaObject::invokeMethod(
        m_service->service(), [] {}, Qt::BlockingQueuedConnection));
    QCoreApplication::sendPostedEvents();
    QTRY_VERIFY(!m_window->connectionsModel()->isCatchingUp());
}

void TestResponsiveness::tenThousandRows()
{
    LatencyProbe probe;
    QElapsedTimer timer;
    // 10,000 rows: synthetic snapshots (the live ones are disconnected) at 10 Hz, 100 changes each.
    QVERIFY(QObject::disconnect(m_window->source(), &MonitorSource::snapshotReady, m_window->throttle(),
                                nullptr));
    // A live snapshot queued before the disconnect would still arrive and supersede ours (the
    // model inserts 10,000 rows over several event-loop turns): let it land first.
    drainLiveSnapshots();
    auto snapshot = std::make_shared<PoolSnapshot>();
    snapshot->connections = poolscope::test::makeConnections(1'000'000, 10'000, ConnectionState::Idle);
    timer.restart();
    m_window->throttle()->submit(snapshot);
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 10'000);
    const qint64 firstMs = timer.elapsed();
    // Built up front: in the app the service builds snapshots on its own thread.
    std::vector<SnapshotPtr> updates;
    for (int round = 1; round <= 20; ++round) {
        auto next = std::make_shared<PoolSnapshot>(*snapshot);
        next->sequence = static_cast<quint64>(round);
        for (std::size_t i = 0; i < 100; ++i)
            next->connections[(static_cast<std::size_t>(round) * 487 + i * 97) % next->connections.size()]
                .reuseCount++;
        snapshot = next;
        updates.push_back(next);
    }
    snapshot.reset();
    probe.start();
    std::size_t submitted = 0;
    QTimer pacer; // 10 Hz, like the service's publishing
    pacer.setInterval(100);
    connect(&pacer, &QTimer::timeout, this, [&] {
        if (submitted < updates.size()) {
            m_window->throttle()->submit(updates[submitted]);
            updates[submitted++].reset();
        }
    });
    pacer.start();
    QTRY_COMPARE_WITH_TIMEOUT(submitted, updates.size(), 20000);
    QTRY_COMPARE(m_window->throttle()->lastApplied()->sequence, quint64(updates.size()));
    pacer.stop();
    const qint64 rowsGapMs = probe.stop();
    qInfo("10,000 rows: first apply %lld ms, longest stall during 10 Hz updates %lld ms (last apply %lld us)",
          firstMs, rowsGapMs, m_window->connectionsModel()->lastApply().applyUs);
    QVERIFY2(rowsGapMs < stallBoundMs(), qPrintable(QString::number(rowsGapMs)));
}

void TestResponsiveness::firstTenThousandRowsInsert()
{
    // The first snapshot of a big pool: 0 → 10,000 rows in one go. The model inserts it in chunks
    // over several event-loop turns; the longest of them is the stall.
    QVERIFY(QObject::disconnect(m_window->source(), &MonitorSource::snapshotReady, m_window->throttle(),
                                nullptr));
    drainLiveSnapshots(); // a live snapshot queued before the disconnect lands first (see above)
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 0);
    auto snapshot = std::make_shared<PoolSnapshot>();
    snapshot->sequence = 1'000'000;
    snapshot->connections = poolscope::test::makeConnections(1'000'000, 10'000, ConnectionState::Idle);
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50); // settle: the probe sees only the insert

    LatencyProbe probe;
    QElapsedTimer timer;
    probe.start();
    timer.start();
    m_window->throttle()->submit(snapshot);
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 10'000);
    const qint64 allRowsMs = timer.elapsed();
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20); // the paint after the last chunk
    const qint64 firstGapMs = probe.stop();
    qInfo(
        "10,000 rows, first snapshot (0 → 10,000): all rows after %lld ms, longest event-loop stall %lld ms",
        allRowsMs, firstGapMs);

    // Every id once, in the snapshot's order, behind the proxy too.
    const ConnectionsModel* model = m_window->connectionsModel();
    QVERIFY(!model->isCatchingUp());
    for (int row = 0; row < model->rowCount(); ++row) {
        QCOMPARE(model->rowAt(row).info.id, snapshot->connections[static_cast<std::size_t>(row)].id);
        QCOMPARE(model->rowOf(model->rowAt(row).info.id), row);
    }
    QCOMPARE(m_window->connectionsView()->model()->rowCount(), 10'000);

    const qint64 boundMs = kFirstInsertBoundMs * poolscope::test::timeScale();
    QVERIFY2(firstGapMs <= boundMs, qPrintable(QStringLiteral("%1 ms > %2 ms").arg(firstGapMs).arg(boundMs)));
}

QTEST_MAIN(TestResponsiveness)
#include "tst_ui_responsiveness.moc"
