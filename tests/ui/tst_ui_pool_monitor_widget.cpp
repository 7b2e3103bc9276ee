// PoolMonitorWidget (ui/embed/): the monitor's parts as one widget for other apps. Against a real
// lab and service: it shows the pool's connections, reuses and events; it acts on nothing; the
// service may go first; a null service or source shows "no pool".
#include "embed/pool_monitor_widget.h"
#include "fd_guard.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "models/host_summary_model.h"
#include "poolscope/service/live_source.h"
#include "ui_window_fixture.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QTableView>
#include <QtTest>

using namespace std::chrono_literals;
using poolscope::ConnectionState;
using poolscope::PoolServiceThread;
using poolscope::ui::CountersPanel;
using poolscope::ui::PoolMonitorWidget;

class TestPoolMonitorWidget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        poolscope::test::prepareWindowTest("ui_pool_monitor_widget");
        m_lab = poolscope::test::startTestLab();
        QVERIFY(m_lab);
        // The platform's first window opens what it keeps for the process (fonts, the backing
        // store): before any test's descriptor baseline.
        PoolMonitorWidget first(static_cast<poolscope::PoolService*>(nullptr));
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
    }
    void init()
    {
        QThreadPool::globalInstance()->waitForDone(); // earlier tests' pool threads
        m_fds.emplace();
    }
    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone(); // the service's last closes
        QCOMPARE(m_fds->settledLeak(), 0);
    }

    void showsTheServicesPool_data()
    {
        QTest::addColumn<bool>("throughSource"); // else: given the PoolService
        QTest::newRow("service") << false;
        QTest::newRow("source") << true;
    }
    void showsTheServicesPool()
    {
        QFETCH(bool, throughSource);
        poolscope::ServiceOptions options;
        options.publishInterval = 50ms;
        auto started = PoolServiceThread::start(options);
        QVERIFY(started.ok());
        const auto thread = std::move(started).value();
        poolscope::PoolService* service = thread->service();
        std::optional<poolscope::LiveSource> source;
        if (throughSource)
            source.emplace(service);
        PoolMonitorWidget monitor = throughSource ? PoolMonitorWidget(&*source) : PoolMonitorWidget(service);
        monitor.resize(900, 560);
        monitor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&monitor));
        QAbstractItemModelTester connections(monitor.connectionsModel());
        QAbstractItemModelTester hosts(monitor.hostSummaryModel());
        QAbstractItemModelTester events(monitor.eventLogModel());
        QCOMPARE(monitor.statusText(), QStringLiteral("This app's pool, live"));

        poolscope::AcquireRequest request;
        request.host = QStringLiteral("127.0.0.1");
        request.port = m_lab->port(poolscope::lab::ServerKind::Http);
        request.label = QStringLiteral("embedder");
        request.timeout = 5s;
        auto first = service->acquire(request);
        QTRY_VERIFY_WITH_TIMEOUT(first.isFinished(), 5000);
        const poolscope::Lease lease = first.result();
        // In use, as the app's table would say, with the holder's label and the counter.
        QTRY_COMPARE_WITH_TIMEOUT(monitor.connectionsModel()->rowCount(), 1, 5000);
        QTRY_COMPARE(monitor.connectionsModel()->rowAt(0).info.state, ConnectionState::InUse);
        QCOMPARE(QString::fromStdString(monitor.connectionsModel()->rowAt(0).info.label), request.label);
        QTRY_COMPARE(monitor.countersPanel()->valueText(CountersPanel::InUse), QStringLiteral("1"));
        QCOMPARE(monitor.hostSummaryModel()->rowCount(), 1);

        auto released = service->release(lease.id);
        QTRY_VERIFY(released.isFinished());
        auto again = service->acquire(request);
        QTRY_VERIFY_WITH_TIMEOUT(again.isFinished(), 5000);
        QVERIFY(again.result().reused);
        auto releasedAgain = service->release(again.result().id);
        QTRY_VERIFY(releasedAgain.isFinished());
        QTRY_COMPARE(monitor.connectionsModel()->rowAt(0).info.state, ConnectionState::Idle);
        QTRY_COMPARE(monitor.connectionsModel()->rowAt(0).info.reuseCount, 1u);
        QTRY_VERIFY(monitor.eventLogModel()->rowCount() >=
                    5); // dial … acquired, released, acquired, released
        QVERIFY(monitor.snapshotsShown() > 0);
        // The table is the panel's, sorted through its proxy; the view shows the row.
        QCOMPARE(monitor.connectionsPanel()->view()->model()->rowCount(), 1);
    }

    void theServiceMayGoFirst()
    {
        poolscope::ServiceOptions options;
        options.publishInterval = 50ms;
        auto started = PoolServiceThread::start(options);
        QVERIFY(started.ok());
        auto thread = std::move(started).value();
        PoolMonitorWidget monitor(thread->service());
        monitor.show();
        poolscope::AcquireRequest request;
        request.host = QStringLiteral("127.0.0.1");
        request.port = m_lab->port(poolscope::lab::ServerKind::Http);
        request.timeout = 5s;
        auto lease = thread->service()->acquire(request);
        QTRY_VERIFY_WITH_TIMEOUT(lease.isFinished(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.connectionsModel()->rowCount(), 1, 5000);
        thread.reset(); // the app stops its pool while the widget stays
        QTRY_COMPARE(monitor.statusText(), QStringLiteral("The pool is gone: showing its last state"));
        QCOMPARE(monitor.connectionsModel()->rowCount(), 1); // the last state stays readable
        QTest::qWait(0);
    }

    void noPoolSaysSo()
    {
        PoolMonitorWidget byService(static_cast<poolscope::PoolService*>(nullptr));
        PoolMonitorWidget bySource(static_cast<poolscope::MonitorSource*>(nullptr));
        QCOMPARE(byService.statusText(), QStringLiteral("No pool"));
        QCOMPARE(bySource.statusText(), QStringLiteral("No pool"));
        QCOMPARE(byService.connectionsModel()->rowCount(), 0);
    }

    void intervalsAreClamped()
    {
        PoolMonitorWidget monitor(static_cast<poolscope::PoolService*>(nullptr));
        monitor.setClosedLinger(-5s);
        QCOMPARE(monitor.connectionsModel()->linger(), 0ms);
        monitor.setClosedLinger(24h);
        QCOMPARE(monitor.connectionsModel()->linger(), std::chrono::milliseconds(1h));
    }

private:
    std::unique_ptr<poolscope::lab::Lab> m_lab;
    std::optional<poolscope::test::FdGuard> m_fds;
};

QTEST_MAIN(TestPoolMonitorWidget)
#include "tst_ui_pool_monitor_widget.moc"
