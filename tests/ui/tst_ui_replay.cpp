// The monitor on a replayed trace (File > Open Trace, --open): a trace recorded from a real
// PoolService against the lab is shown by the same window as the live pool. The table, the log,
// the counters and the replay bar follow the position; every action that would change a pool is
// disabled with the reason and refused if called anyway; a file that is not a trace is refused
// with its name and the reason.

#include "lab/lab_dock.h"
#include "main_window.h"
#include "models/connection_timeline.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "pool_controller.h"
#include "poolscope/service/replay_source.h"
#include "record_lab_session.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/dial_spec.h"
#include "util/resources.h"
#include "widgets/handshake_ladder.h"
#include "widgets/replay_bar.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QToolButton>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace poolscope::test;
using Action = MainWindow::Action;

class TestReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { m_fds = std::make_unique<FdGuard>(); }
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }
    void windowFollowsThePosition();
    void actionsAreRefused_data();
    void actionsAreRefused();
    void replayBarDrivesTheSource();
    void formatPosition_data();
    void formatPosition();
    void openTraceFromTheLiveWindow();

private:
    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<FdGuard> m_fds;
    QTemporaryDir m_dir;
    QString m_path;
    RecordedSession m_session;
};

void TestReplay::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeReplayTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("session.trace"));
    recordLabSession(*m_lab, m_path, m_session);
    QVERIFY(!QTest::currentTestFailed());
}

void TestReplay::cleanup()
{
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(m_fds->settledLeak(), 0);
}

void TestReplay::windowFollowsThePosition()
{
    ReplaySource source;
    QVERIFY(source.open(m_path));
    MainWindow window(&source, nullptr);
    QAbstractItemModelTester connectionsTester(window.connectionsModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester eventsTester(window.eventLogModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.resize(1024, 640);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.windowTitle().contains(QStringLiteral("session.trace")));
    // No lab and no handshakes in a trace: the lab dock is gone, the ladder says why it stays empty.
    QVERIFY(!window.labDock()->isVisible());
    QVERIFY(!window.action(Action::ShowLab)->isEnabled());
    QVERIFY2(window.handshakeLadder()->message().contains(QStringLiteral("trace")),
             qPrintable(window.handshakeLadder()->message()));

    source.seek(source.durationUs());
    const ConnectionsModel* model = window.connectionsModel();
    // The held connection is in the table, in use; the force-closed one lingers greyed with why.
    QTRY_VERIFY(model->rowById(m_session.held) && !model->rowById(m_session.held)->gone());
    QCOMPARE(model->rowById(m_session.held)->info.state, ConnectionState::InUse);
    if (const ConnectionRow* closed = model->rowById(m_session.closed))
        QVERIFY(closed->gone());
    QCOMPARE(quint64(window.eventLogModel()->rowCount()), m_session.logLines);
    // Countdowns run on the replay's clock: the table's "now" is the position, not the wall clock.
    QCOMPARE(model->now(), source.now());
    // The timelines too: lanes from the recorded events, "now" at the position.
    QVERIFY(window.timeline()->contains(m_session.held));
    QCOMPARE(window.timeline()->currentUs(), ConnectionTimeline::toUs(source.wallTime()));

    // Back to the start: what later events built is gone, the log holds only what came before.
    source.seek(0);
    QTRY_VERIFY(!model->rowById(m_session.held) || model->rowById(m_session.held)->gone() ||
                model->rowById(m_session.held)->info.state != ConnectionState::InUse);
    QVERIFY(quint64(window.eventLogModel()->rowCount()) < m_session.logLines);
    QCOMPARE(model->now(), source.now());
    QVERIFY(!window.timeline()->contains(m_session.held));

    // Stepping forward brings them back, event by event.
    for (int i = 0; i < 10'000 && source.positionUs() < source.durationUs(); ++i)
        source.advance(50'000);
    QTRY_VERIFY(model->rowById(m_session.held) && !model->rowById(m_session.held)->gone());
    QCOMPARE(quint64(window.eventLogModel()->rowCount()), m_session.logLines);
    auto* snapshotLabel = window.findChild<QLabel*>(QStringLiteral("statusSnapshot"));
    QVERIFY(snapshotLabel);
    QVERIFY2(snapshotLabel->text().contains(QStringLiteral("replay")), qPrintable(snapshotLabel->text()));
}

void TestReplay::actionsAreRefused_data()
{
    QTest::addColumn<int>("action");
    for (Action a : {Action::Dial, Action::Use, Action::Return, Action::Close, Action::CloseIdle,
                     Action::GracefulShutdown, Action::ForceShutdown, Action::Reopen, Action::Settings,
                     Action::Demo, Action::CaptureHandshakes, Action::Record})
        QTest::newRow(QMetaEnum::fromType<Action>().valueToKey(int(a))) << int(a);
}

void TestReplay::actionsAreRefused()
{
    QFETCH(int, action);
    ReplaySource source;
    QVERIFY(source.open(m_path));
    MainWindow window(&source, nullptr);
    source.seek(source.durationUs());
    QTRY_VERIFY(window.connectionsModel()->rowById(m_session.held));
    window.selectConnections({m_session.held});
    QTRY_COMPARE(window.selectedIds(), QList<ConnectionId>{m_session.held});
    QAction* a = window.action(static_cast<Action>(action));
    QVERIFY(!a->isEnabled());
    if (static_cast<Action>(action) != Action::Demo) // the demo needs the lab, which a replay has none of
        QVERIFY2(a->toolTip().contains(QStringLiteral("replay")), qPrintable(a->toolTip()));
    // Export and find stay: they read, not change.
    QVERIFY(window.action(Action::ExportAllEvents)->isEnabled());
    QVERIFY(window.action(Action::OpenTrace)->isEnabled());
}

void TestReplay::replayBarDrivesTheSource()
{
    ReplaySource source;
    QVERIFY(source.open(m_path));
    MainWindow window(&source, nullptr);
    window.show();
    ReplayBar* bar = window.replayBar();
    QVERIFY(bar);
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->slider()->maximum(), int(source.durationUs() / 1000));

    // The slider seeks; the label follows.
    QSignalSpy reset(&source, &MonitorSource::reset);
    bar->slider()->setValue(bar->slider()->maximum());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(source.positionUs() / 1000, qint64(bar->slider()->maximum()));
    QVERIFY(bar->positionLabel()->text().startsWith(ReplayBar::formatPosition(source.positionUs())));

    // The source moves the slider without seeking again.
    source.seek(0);
    QCOMPARE(bar->slider()->value(), 0);
    QCOMPARE(reset.count(), 2);

    // Speed and play.
    bar->speedBox()->setCurrentIndex(bar->speedBox()->findData(50.0));
    QCOMPARE(source.speed(), 50.0);
    bar->playButton()->click();
    QVERIFY(source.isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(!source.isPlaying(), 15'000);
    QVERIFY(!bar->playButton()->isChecked());
    QCOMPARE(bar->slider()->value(), bar->slider()->maximum());
    QCOMPARE(reset.count(), 2); // playing does not reset
}

void TestReplay::formatPosition_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("text");
    const QString dot = QLocale().decimalPoint();
    const auto text = [&dot](const char* whole, const char* tenth) {
        return QLatin1String(whole) + dot + QLatin1String(tenth);
    };
    QTest::newRow("zero") << qint64(0) << text("0:00", "0");
    QTest::newRow("negative") << qint64(-5) << text("0:00", "0");
    QTest::newRow("tenths") << qint64(1'250'000) << text("0:01", "2");
    QTest::newRow("minutes") << qint64(62'500'000) << text("1:02", "5");
    QTest::newRow("hours") << qint64(3'723'000'000) << text("1:02:03", "0");
}

void TestReplay::formatPosition()
{
    QFETCH(qint64, us);
    QFETCH(QString, text);
    QCOMPARE(ReplayBar::formatPosition(us), text);
}

void TestReplay::openTraceFromTheLiveWindow()
{
    ServiceOptions options;
    options.publishInterval = std::chrono::milliseconds(50);
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    std::unique_ptr<PoolServiceThread> service = std::move(started).value();
    {
        MainWindow live(service->service(), m_lab.get());
        QCOMPARE(live.source()->kind(), MonitorSource::Kind::Live);
        QVERIFY(!live.replayBar());
        QVERIFY(live.action(Action::Dial)->isEnabled());

        QString error;
        const QString missing = m_dir.filePath(QStringLiteral("missing.trace"));
        QVERIFY(!live.openTrace(missing, &error));
        QVERIFY2(error.contains(QStringLiteral("missing.trace")), qPrintable(error));

        QPointer<MainWindow> replay = live.openTrace(m_path, &error);
        MainWindow* window = replay.data(); // read once: the guard may turn null between reads
        QVERIFY2(window, qPrintable(error));
        QVERIFY(window->testAttribute(Qt::WA_DeleteOnClose));
        QVERIFY(window->replayBar());
        QCOMPARE(window->source()->kind(), MonitorSource::Kind::Replay);
        window->show();
        window->close();
        QTRY_VERIFY(!replay); // deleted on close, with its source
    }
}

QTEST_MAIN(TestReplay)
#include "tst_ui_replay.moc"
