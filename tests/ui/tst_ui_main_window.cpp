// The real window against a real lab and a real PoolService, driven through its real buttons and
// actions: dial a lab server, use / return / force-close it, the Dial and Settings dialogs,
// graceful shutdown draining to 0, forced shutdown and reopen, pause, filters, demo mode, export,
// keyboard access. (Responsiveness under load is in tst_ui_responsiveness.cpp.)

#include "dialogs/about_dialog.h"
#include "dialogs/dial_dialog.h"
#include "dialogs/help_dialog.h"
#include "dialogs/settings_dialog.h"
#include "fd_guard.h"
#include "lab/demo_driver.h"
#include "lab/lab_dock.h"
#include "main_window.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "models/host_summary_model.h"
#include "models/snapshot_throttle.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "poolscope/trace/trace_reader.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/resources.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"
#include "widgets/details_pane.h"
#include "widgets/event_log_panel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMetaEnum>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThreadPool>
#include <QToolBar>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using A = MainWindow::Action;
using C = CountersPanel::Counter;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void labButtonDialsAndCloseForceCloses();
    void dialDialogWithAndWithoutLabCa();
    void useReturnAndCloseIdle();
    void gracefulShutdownDrainsToZero();
    void forceShutdownAndReopen();
    void settingsAppliedLive();
    void pauseKeepsLatestSnapshot();
    void detailsCountWithTheTable();
    void filtersInTheWindow();
    void demoModeDrivesTraffic();
    void exportShownEvents();
    void keyboardAndAccessibility();
    void recordTraceFromTheFileMenu();
    void fitsSmallScreens();

private:
    void start(int maxConnections = 64);
    void stop();
    QAction* act(A id) const { return m_window->action(id); }
    QString counter(C c) const { return m_window->counters()->valueText(c); }
    /// Waits for a lease from the controller and returns its id.
    ConnectionId waitForLease(QSignalSpy& spy, int index = 0);
    const ConnectionRow* row(ConnectionId id) const { return m_window->connectionsModel()->rowById(id); }
    bool hasEvent(ServiceEvent::Kind kind, ConnectionId id = 0) const;
    quint16 port(lab::ServerKind kind) const { return m_lab->port(kind); }

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

void TestMainWindow::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeUiTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestMainWindow::init()
{
    QThreadPool::globalInstance()->waitForDone();
    m_fds = std::make_unique<poolscope::test::FdGuard>();
}

void TestMainWindow::start(int maxConnections)
{
    ServiceOptions options;
    options.pool.maxConnections = maxConnections;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    m_window = std::make_unique<MainWindow>(m_service->service(), m_lab.get());
    QVERIFY(!m_window->confirmDestructive());     // from the settings flag
    m_window->connectionsModel()->setLinger(0ms); // closed rows go at once: easier to count
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::stop()
{
    m_window.reset();
    m_service.reset();
}

void TestMainWindow::cleanup()
{
    stop();
    QThreadPool::globalInstance()->waitForDone(); // Qt's image threads hold eventfds for 30 s
    QVERIFY2(m_fds->settledLeak(10000) <= 0, qPrintable(poolscope::test::openFdList()));
}

void TestMainWindow::cleanupTestCase()
{
    m_lab.reset();
}

ConnectionId TestMainWindow::waitForLease(QSignalSpy& spy, int index)
{
    if (spy.size() <= index && !QTest::qWaitFor([&] { return spy.size() > index; }, 10000))
        return 0;
    return spy.at(index).at(0).value<Lease>().id;
}

bool TestMainWindow::hasEvent(ServiceEvent::Kind kind, ConnectionId id) const
{
    for (const ServiceEvent& e : m_window->eventLogModel()->events()) {
        if (e.kind == kind && (id == 0 || e.id == id))
            return true;
    }
    return false;
}

void TestMainWindow::labButtonDialsAndCloseForceCloses()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QPushButton* dial = m_window->labDock()->dialButton(lab::ServerKind::Http);
    QVERIFY(dial);
    QCOMPARE(dial->objectName(), QStringLiteral("labDial_http"));
    QTest::mouseClick(dial, Qt::LeftButton);
    const ConnectionId id = waitForLease(leases);
    QVERIFY(id != 0);

    QTRY_VERIFY(row(id) && row(id)->info.state == ConnectionState::InUse);
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("1"));
    QCOMPARE(counter(C::Dials), QStringLiteral("1"));
    const QModelIndex state =
        m_window->connectionsModel()->index(m_window->connectionsModel()->rowOf(id), ConnectionsModel::State);
    QCOMPARE(state.data().toString(), QStringLiteral("In use"));
    QCOMPARE(row(id)->info.port, port(lab::ServerKind::Http));

    m_window->selectConnections({id});
    QCOMPARE(m_window->selectedIds(), QList<ConnectionId>{id});
    QCOMPARE(m_window->detailsPane()->shownId(), id);
    QVERIFY(m_window->detailsPane()->toPlainText().contains(QStringLiteral("Connection #%1").arg(id)));
    QVERIFY(act(A::Close)->isEnabled());
    QVERIFY(act(A::Return)->isEnabled());

    // Close force-closes: the socket is shut down at once and the connection freed when the last
    // copy of its Lease goes. The spy's copies are this test's, not the window's: drop them.
    leases.clear();
    act(A::Close)->trigger();
    QTRY_VERIFY(!row(id));
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("0"));
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::Closed, id));
    QTRY_COMPARE(m_lab->counters(lab::ServerKind::Http).open, 0);
}

void TestMainWindow::dialDialogWithAndWithoutLabCa()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);

    // Through the real dialog: 2 TLS connections to the lab's HTTPS server, trusting the lab CA.
    act(A::Dial)->trigger();
    auto* dialog = m_window->findChild<DialDialog*>(QStringLiteral("dialDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->hostBox()->setEditText(QStringLiteral("127.0.0.1"));
    dialog->portBox()->setValue(port(lab::ServerKind::Https));
    dialog->tlsBox()->setChecked(true);
    dialog->countBox()->setValue(2);
    dialog->trustLabBox()->setChecked(true);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(leases.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const ConnectionId id = leases.at(i).at(0).value<Lease>().id;
        QTRY_VERIFY(row(id));
        QVERIFY(row(id)->info.tls);
        QTRY_VERIFY(!row(id)->info.tlsDetails.version.empty());
        QVERIFY(row(id)->info.tlsDetails.verified);
    }
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("2"));
    QVERIFY(AppSettings::recentHosts().contains(
        QStringLiteral("127.0.0.1:%1:tls").arg(port(lab::ServerKind::Https))));

    // The same server without the lab CA: the handshake fails, and the log says why.
    DialSpec spec;
    spec.host = QStringLiteral("127.0.0.1");
    spec.port = port(lab::ServerKind::Https);
    spec.tls = true;
    spec.timeout = 5s;
    QCOMPARE(m_window->controller()->requestFor(spec).overrideTls, false); // never trusted implicitly
    m_window->dial(spec);
    QTRY_COMPARE(counter(C::HandshakeFailures), QStringLiteral("1"));
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::DialFailed));
    QString why;
    const EventLogModel* log = m_window->eventLogModel();
    for (int r = 0; r < log->rowCount(); ++r) {
        if (log->event(r).kind == ServiceEvent::Kind::DialFailed)
            why = log->index(r, EventLogModel::Message).data().toString();
    }
    QVERIFY2(why.contains(QStringLiteral("handshake"), Qt::CaseInsensitive) &&
                 why.contains(QStringLiteral("verify"), Qt::CaseInsensitive),
             qPrintable(why)); // what failed, and why (verify result, alert)
    qInfo("handshake failure as the log shows it: %s", qPrintable(why));
    QCOMPARE(leases.size(), 2);
}

void TestMainWindow::useReturnAndCloseIdle()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    const ConnectionId id = waitForLease(leases);
    // The lease signal can arrive before the snapshot that shows the row as InUse (a snapshot
    // taken mid-dial shows it Connecting, and Use is rightly disabled for that).
    QTRY_VERIFY(row(id) && row(id)->info.state == ConnectionState::InUse);
    m_window->selectConnections({id});
    QVERIFY(act(A::Use)->isEnabled());
    act(A::Use)->trigger();
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::ProbeCompleted, id));
    QTRY_COMPARE(m_lab->counters(lab::ServerKind::Http).requests, 1u);

    act(A::Return)->trigger();
    QTRY_VERIFY(row(id) && row(id)->info.state == ConnectionState::Idle);
    QTRY_COMPARE(counter(C::Idle), QStringLiteral("1"));
    QTRY_VERIFY(act(A::CloseIdle)->isEnabled());
    // Use on an idle connection takes it from the pool again (a reuse) and probes it.
    m_window->selectConnections({id});
    act(A::Use)->trigger();
    QTRY_COMPARE(m_lab->counters(lab::ServerKind::Http).requests, 2u);
    QTRY_COMPARE(counter(C::ReuseRatio), QStringLiteral("50 %"));
    act(A::Return)->trigger();
    QTRY_COMPARE(counter(C::Idle), QStringLiteral("1"));

    act(A::CloseIdle)->trigger();
    QTRY_VERIFY(!row(id));
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 0);
    QTRY_COMPARE(counter(C::Idle), QStringLiteral("0"));
}

void TestMainWindow::gracefulShutdownDrainsToZero()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Echo), Qt::LeftButton);
    const ConnectionId first = waitForLease(leases, 0);
    const ConnectionId second = waitForLease(leases, 1);
    QVERIFY(first && second);
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("2"));

    QVERIFY(act(A::GracefulShutdown)->isEnabled());
    act(A::GracefulShutdown)->trigger();
    QWidget* drainTile = m_window->counters()->findChild<QWidget*>(QStringLiteral("counterTile_Draining"));
    QTRY_VERIFY(drainTile->isVisible());
    QTRY_COMPARE(counter(C::Draining), QStringLiteral("2"));
    QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("statusPoolState"))
                    ->text()
                    .contains(QStringLiteral("Draining")));
    QVERIFY(!act(A::Reopen)->isEnabled()); // not before the drain ends (tst_ui_shutdown.cpp)
    QVERIFY(!act(A::GracefulShutdown)->isEnabled());

    // New work is refused while draining.
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    QTRY_COMPARE(m_window->controller()->pendingDials(), 0);
    QCOMPARE(leases.size(), 2);

    m_window->selectConnections({first});
    act(A::Return)->trigger();
    QTRY_COMPARE(counter(C::Draining), QStringLiteral("1"));
    m_window->selectConnections({second});
    act(A::Return)->trigger();
    QTRY_COMPARE(counter(C::Draining), QStringLiteral("0"));
    QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("statusPoolState"))
                    ->text()
                    .contains(QStringLiteral("shut down")));
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 0);
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::Drained));

    QTRY_VERIFY(act(A::Reopen)->isEnabled());
    act(A::Reopen)->trigger();
    QTRY_VERIFY(!drainTile->isVisible());
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    QVERIFY(waitForLease(leases, 2) != 0);
}

void TestMainWindow::forceShutdownAndReopen()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    for (int i = 0; i < 3; ++i)
        QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Https), Qt::LeftButton);
    QVERIFY(waitForLease(leases, 2) != 0);
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("3"));
    leases.clear(); // the spy's Lease copies would keep the force-closed connections allocated
    act(A::ForceShutdown)->trigger();
    QVERIFY(!act(A::Dial)->isEnabled()); // dials are refused until Reopen, and the demo stops
    QVERIFY(!act(A::Demo)->isEnabled());
    QVERIFY(!m_window->labDock()->dialButton(lab::ServerKind::Https)->isEnabled());
    QTRY_COMPARE(counter(C::InUse), QStringLiteral("0"));
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 0);
    QTRY_VERIFY(act(A::Reopen)->isEnabled());
    QTRY_COMPARE(m_lab->counters(lab::ServerKind::Https).open, 0);
    act(A::Reopen)->trigger();
    QTRY_VERIFY(!act(A::Reopen)->isEnabled());
    QVERIFY(act(A::Dial)->isEnabled());
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Https), Qt::LeftButton);
    QVERIFY(waitForLease(leases, 0) != 0);
}

void TestMainWindow::settingsAppliedLive()
{
    start();
    QTRY_COMPARE(counter(C::Max), QStringLiteral("64"));
    act(A::Settings)->trigger();
    auto* dialog = m_window->findChild<SettingsDialog*>(QStringLiteral("settingsDialog"));
    QVERIFY(dialog);
    dialog->maxConnectionsBox()->setValue(8);
    dialog->maxPerHostBox()->setValue(4);
    dialog->keepAliveBox()->setValue(30);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(m_service->service()->params().maxConnections, 8);
    QCOMPARE(m_service->service()->params().maxPerHost, 4);
    QCOMPARE(m_service->service()->params().maxKeepAlive, 30'000ms);
    QTRY_COMPARE(counter(C::Max), QStringLiteral("8"));
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::ParamsChanged));
    QCOMPARE(AppSettings::poolParams(PoolParams{}).maxConnections, 8); // remembered
    AppSettings::setPoolParams(PoolParams{});
}

void TestMainWindow::pauseKeepsLatestSnapshot()
{
    start();
    act(A::Pause)->trigger();
    QVERIFY(m_window->throttle()->isPaused());
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("statusPaused"))->isVisible());
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Echo), Qt::LeftButton);
    const ConnectionId id = waitForLease(leases);
    QTRY_VERIFY(m_window->throttle()->pending() && !m_window->throttle()->pending()->connections.empty());
    QCOMPARE(m_window->connectionsModel()->rowCount(), 0); // frozen
    act(A::Pause)->trigger();
    QTRY_VERIFY(row(id));
    QCOMPARE(act(A::Pause)->text(), QStringLiteral("&Pause Updates"));
}

void TestMainWindow::detailsCountWithTheTable()
{
    // With no new snapshot the table's countdown goes on; the details pane must go on with it
    // rather than show the ages of the last snapshot.
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Echo), Qt::LeftButton);
    const ConnectionId id = waitForLease(leases);
    QTRY_VERIFY(row(id));
    m_window->selectConnections({id});
    QCOMPARE(m_window->detailsPane()->shownId(), id);
    m_service->service()->setPublishInterval(1h);
    QSignalSpy applied(m_window->connectionsModel(), &ConnectionsModel::applied);
    const QString before = m_window->detailsPane()->toPlainText();
    // One countdown step of the table, two seconds on, with no event loop turn in between: no
    // snapshot can land, yet the details follow.
    m_window->connectionsModel()->tick(m_window->connectionsModel()->now() + 2s);
    QVERIFY(applied.isEmpty());
    QVERIFY(m_window->detailsPane()->toPlainText() != before);
    QCOMPARE(m_window->detailsPane()->shownId(), id);
}

void TestMainWindow::filtersInTheWindow()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Echo), Qt::LeftButton);
    QVERIFY(waitForLease(leases, 1) != 0);
    ConnectionsPanel* panel = m_window->connectionsPanel();
    QAbstractItemModelTester tester(panel->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(panel->proxy()->rowCount(), 2);
    QTest::keyClicks(panel->searchEdit(), QStringLiteral(":%1").arg(port(lab::ServerKind::Echo)));
    QCOMPARE(panel->proxy()->rowCount(), 1);
    panel->searchEdit()->clear();
    QTRY_COMPARE(panel->hostFilter()->count(), 3); // all + two keys
    panel->hostFilter()->setCurrentIndex(1);
    QCOMPARE(panel->proxy()->rowCount(), 1);
    panel->hostFilter()->setCurrentIndex(0);
    panel->stateFilter()->setCurrentIndex(3); // idle
    QCOMPARE(panel->proxy()->rowCount(), 0);
    panel->stateFilter()->setCurrentIndex(0);
    panel->activeOnly()->setChecked(true);
    QCOMPARE(panel->proxy()->rowCount(), 2);
    QTRY_COMPARE(m_window->hostSummaryModel()->rowCount(), 2);
}

void TestMainWindow::demoModeDrivesTraffic()
{
    start();
    QVERIFY(act(A::Demo)->isEnabled());
    act(A::Demo)->trigger();
    QVERIFY(m_window->demo()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->demo()->stats().acquired >= 5, 10000);
    QTRY_VERIFY(m_window->connectionsModel()->rowCount() > 0);
    QTRY_VERIFY(m_window->eventLogModel()->rowCount() > 10);
    QTRY_VERIFY(m_window->demo()->stats().probes > 0);
    act(A::Demo)->trigger();
    QVERIFY(!m_window->demo()->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->demo()->held(), 0, 10000); // everything held is handed back
}

void TestMainWindow::exportShownEvents()
{
    start();
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    const ConnectionId id = waitForLease(leases);
    QVERIFY(id != 0);
    // Events arrive in batches on the publish tick, independently of the lease: wait for the one
    // the export must contain, not for a row count an earlier batch can already reach.
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::Acquired, id));
    QTemporaryDir dir;
    QString error;
    using Scope = EventLogPanel::ExportScope;
    EventLogPanel* panel = m_window->eventLogPanel();
    const QString csv = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY2(panel->exportTo(csv, ExportFormat::Csv, Scope::Shown, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral(",Acquired,")));
    // Every event of the lab dial names its holder, as the table's "Held by" does.
    for (const ServiceEvent& e : m_window->eventLogModel()->events()) {
        if (e.id != id)
            continue;
        const QString what = QString::fromLatin1(QMetaEnum::fromType<ServiceEvent::Kind>().valueToKey(
                                 static_cast<int>(e.kind))) +
                             QStringLiteral(": '") + e.label + QLatin1Char('\'');
        QVERIFY2(e.label == QLatin1String("lab http"), qPrintable(what));
    }
    panel->searchEdit()->setText(QStringLiteral("no such event"));
    QCOMPARE(panel->eventCount(Scope::Shown), 0);
    QVERIFY(panel->eventCount(Scope::All) > 0);
    const QString json = dir.filePath(QStringLiteral("events.json"));
    QVERIFY(panel->exportTo(json, ExportFormat::Json, Scope::Shown, &error));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QCOMPARE(jsonFile.readAll().trimmed(), QByteArray("[\n]"));
    const QString all = dir.filePath(QStringLiteral("all.json"));
    QVERIFY(panel->exportTo(all, ExportFormat::Json, Scope::All, &error));
    QFile allFile(all);
    QVERIFY(allFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(allFile.readAll()).array().size(), panel->eventCount(Scope::All));
}

void TestMainWindow::recordTraceFromTheFileMenu()
{
    start();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A folder that does not exist: refused with the reason, the action stays unchecked.
    QString error;
    QVERIFY(!m_window->startRecording(dir.filePath(QStringLiteral("no/such/x.trace")), &error));
    QVERIFY2(error.contains(QStringLiteral("cannot open")), qPrintable(error));
    QVERIFY(!m_window->isRecording());
    QVERIFY(!act(A::Record)->isChecked());

    const QString file = dir.filePath(QStringLiteral("window.trace"));
    QVERIFY2(m_window->startRecording(file, &error), qPrintable(error));
    QVERIFY(m_window->isRecording());
    QVERIFY(act(A::Record)->isChecked());
    QVERIFY(act(A::Record)->text().contains(QStringLiteral("Stop")));
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    const ConnectionId id = waitForLease(leases);
    QVERIFY(id != 0);
    QTRY_VERIFY(hasEvent(ServiceEvent::Kind::Acquired, id));
    act(A::Record)->toggle(); // Stop Recording
    QVERIFY(!m_window->isRecording());
    QVERIFY(act(A::Record)->text().contains(QStringLiteral("Record")));

    trace::TraceReader reader;
    QVERIFY2(reader.open(std::filesystem::path(QFile::encodeName(file).toStdString())),
             reader.error().c_str());
    QVERIFY(reader.hasEndRecord());
    const auto events = reader.eventsBetween(-1, reader.durationUs(), 1000);
    QVERIFY(std::any_of(events.begin(), events.end(), [id](const trace::TraceEvent& e) {
        return e.kind == trace::TraceEventKind::Acquired && e.id == id;
    }));
}

void TestMainWindow::keyboardAndAccessibility()
{
    start();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    for (int i = 0; i < static_cast<int>(A::Count); ++i) {
        QAction* a = m_window->action(static_cast<A>(i));
        QVERIFY(a);
        QVERIFY2(!a->text().isEmpty() && !a->toolTip().isEmpty(), qPrintable(a->objectName()));
        if (static_cast<A>(i) != A::AboutQt && static_cast<A>(i) != A::About)
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
    }
    // F1 opens help (not About), and help lists every action with its shortcut.
    QTest::keyClick(m_window.get(), Qt::Key_F1);
    HelpDialog* help = nullptr;
    QTRY_VERIFY((help = m_window->findChild<HelpDialog*>()) != nullptr);
    QVERIFY(!m_window->findChild<AboutDialog*>());
    const QString helpText = help->findChild<QTextBrowser*>(QStringLiteral("helpText"))->toPlainText();
    for (int i = 0; i < static_cast<int>(A::Count); ++i) {
        const QString keys =
            m_window->action(static_cast<A>(i))->shortcut().toString(QKeySequence::NativeText);
        if (!keys.isEmpty())
            QVERIFY2(helpText.contains(keys), qPrintable(keys));
    }
    help->close();
    m_window->activateWindow(); // the dialog had the focus
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(),
                 static_cast<QWidget*>(m_window->connectionsPanel()->searchEdit()));
    for (QWidget* w : std::initializer_list<QWidget*>{
             m_window->connectionsView(), m_window->connectionsPanel()->searchEdit(),
             m_window->connectionsPanel()->stateFilter(), m_window->connectionsPanel()->hostFilter(),
             m_window->eventLogPanel()->view(), m_window->detailsPane(), m_window->counters()})
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
    // Keyboard-only: Ctrl+Shift+P pauses, again resumes.
    QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(m_window->throttle()->isPaused());
    QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(!m_window->throttle()->isPaused());
}

void TestMainWindow::fitsSmallScreens()
{
    // 1920x1080 at scale factor 2 leaves 960x540 logical pixels; 1024x640 and the smaller factors
    // leave more. The window must fit, and at 1024x640 no counter may be clipped.
    start();
    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    QVERIFY2(minimum.width() <= 960 && minimum.height() <= 540,
             qPrintable(QStringLiteral("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
    m_window->resize(1024, 640);
    QTRY_COMPARE(m_window->width(), 1024);
    for (const QLabel* label : m_window->findChildren<QLabel*>()) {
        if (!label->isVisible() || !label->parentWidget()->property("counterTile").toBool())
            continue;
        QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(label->text()));
    }
    // No toolbar action hides in the overflow menu (Pool Settings and Demo Mode did at 1024 px):
    // buttons give up their text first, and keep it in the tool tip.
    for (const int width : {1024, 960}) {
        m_window->resize(width, 640);
        QTRY_COMPARE(m_window->width(), width);
        const auto* bar = m_window->findChild<QToolBar*>(QStringLiteral("poolToolBar"));
        QVERIFY(bar);
        for (QAction* a : bar->actions()) {
            if (a->isSeparator())
                continue;
            const QWidget* button = bar->widgetForAction(a);
            QVERIFY2(button && button->isVisible(),
                     qPrintable(QStringLiteral("%1 px: %2 in the overflow").arg(width).arg(a->text())));
            QVERIFY2(!a->toolTip().isEmpty(), qPrintable(a->text()));
        }
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_ui_main_window.moc"
