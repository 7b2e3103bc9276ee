// What the window offers around a shutdown, against a real lab and a real PoolService: Reopen
// waits until a graceful shutdown has drained (Force Shutdown is the way out of a drain), and a
// running Demo Mode stops with either kind of shutdown and stays off. (The drain itself:
// tst_ui_main_window.cpp, gracefulShutdownDrainsToZero.)

#include "fd_guard.h"
#include "lab/demo_driver.h"
#include "lab/lab_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "timing.h"
#include "ui_window_fixture.h"
#include "widgets/counters_panel.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using A = MainWindow::Action;
using C = CountersPanel::Counter;

class TestShutdown : public QObject, private poolscope::test::LiveWindowFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void reopenWaitsForTheDrain();
    void forceShutdownEndsADrain();
    void demoStopsWithShutdown_data();
    void demoStopsWithShutdown();

private:
    void start();
    QAction* act(A id) const { return m_window->action(id); }
    QString counter(C c) const { return m_window->counters()->valueText(c); }
    QString poolState() const
    {
        return m_window->findChild<QLabel*>(QStringLiteral("statusPoolState"))->text();
    }
    /// Dials lab http from its card and returns the lease's id (0 when none came).
    ConnectionId dialHttp();
};

void TestShutdown::initTestCase()
{
    QVERIFY(startSuite("PoolScopeUiShutdownTest"));
}

void TestShutdown::init()
{
    beginTest();
}

void TestShutdown::start()
{
    QVERIFY(openWindow());
    m_window->connectionsModel()->setLinger(0ms);
}

void TestShutdown::cleanup()
{
    QCOMPARE(endTest(), 0);
}

void TestShutdown::cleanupTestCase()
{
    endSuite();
}

ConnectionId TestShutdown::dialHttp()
{
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    if (!leases.wait(int(poolscope::test::withSlack(5000, 5000))))
        return 0;
    return leases.at(0).at(0).value<Lease>().id;
}

void TestShutdown::reopenWaitsForTheDrain()
{
    // Reproduced: Reopen was enabled while a graceful shutdown drained, so the pool could be
    // reopened under connections still on their way back.
    start();
    const ConnectionId id = dialHttp();
    QVERIFY(id != 0);
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("1"));
    QVERIFY(!act(A::Reopen)->isEnabled()); // nothing to reopen yet

    act(A::GracefulShutdown)->trigger();
    QTRY_COMPARE(counter(C::Draining), QStringLiteral("1"));
    QTRY_VERIFY(poolState().contains(QStringLiteral("Draining")));
    QVERIFY(!act(A::Reopen)->isEnabled());
    QVERIFY(act(A::ForceShutdown)->isEnabled()); // the way out of a drain that takes too long

    m_window->selectConnections({id});
    act(A::Return)->trigger();
    QTRY_COMPARE(counter(C::Draining), QStringLiteral("0"));
    QTRY_VERIFY(poolState().contains(QStringLiteral("shut down")));
    QTRY_VERIFY(act(A::Reopen)->isEnabled());
    act(A::Reopen)->trigger();
    QTRY_VERIFY(!act(A::Reopen)->isEnabled());
    QVERIFY(dialHttp() != 0);
}

void TestShutdown::forceShutdownEndsADrain()
{
    start();
    QVERIFY(dialHttp() != 0);
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("1"));
    act(A::GracefulShutdown)->trigger();
    QTRY_COMPARE(counter(C::Draining), QStringLiteral("1"));
    QVERIFY(!act(A::Reopen)->isEnabled());
    act(A::ForceShutdown)->trigger();
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("0"));
    QTRY_VERIFY(act(A::Reopen)->isEnabled());
    act(A::Reopen)->trigger();
    QTRY_VERIFY(!act(A::Reopen)->isEnabled());
    QVERIFY(dialHttp() != 0);
}

void TestShutdown::demoStopsWithShutdown_data()
{
    QTest::addColumn<A>("shutdown");
    QTest::newRow("graceful") << A::GracefulShutdown;
    QTest::newRow("forced") << A::ForceShutdown;
}

void TestShutdown::demoStopsWithShutdown()
{
    // The issue: "Demo Mode stays on after shutdown". It must stop with the pool, say so on its
    // action, and start nothing more (also not after Reopen, until it is turned on again).
    QFETCH(A, shutdown);
    start();
    DemoDriver* demo = m_window->demo();
    demo->setInterval(20ms); // busy, so that traffic after the shutdown would show at once
    act(A::Demo)->trigger();
    QVERIFY(act(A::Demo)->isChecked());
    QVERIFY(demo->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(demo->stats().acquired >= 3, int(poolscope::test::withSlack(5000, 5000)));

    act(shutdown)->trigger();
    QVERIFY(!demo->isRunning());
    QVERIFY(!act(A::Demo)->isChecked());
    QVERIFY(!act(A::Demo)->isEnabled());
    const QPushButton* httpDial = m_window->labDock()->dialButton(lab::ServerKind::Http);
    QVERIFY(httpDial);
    QVERIFY(!httpDial->isEnabled());
    const quint64 started = demo->stats().started;
    // What the demo held comes back (a graceful shutdown drains it).
    QTRY_COMPARE_WITH_TIMEOUT(demo->held(), 0, int(poolscope::test::withSlack(10000, 5000)));
    QTRY_VERIFY_WITH_TIMEOUT(act(A::Reopen)->isEnabled(), int(poolscope::test::withSlack(10000, 5000)));
    const quint64 dials = m_service->service()->stats().dials;
    // A negative check needs time to pass: 25 of the demo's 20 ms steps.
    QTest::qWait(500);
    QCOMPARE(demo->stats().started, started);
    QCOMPARE(m_service->service()->stats().dials, dials);

    act(A::Reopen)->trigger();
    QTRY_VERIFY(act(A::Demo)->isEnabled());
    QVERIFY(!act(A::Demo)->isChecked());
    QVERIFY(!demo->isRunning());
}

QTEST_MAIN(TestShutdown)
#include "tst_ui_shutdown.moc"
