// The window on another app's published pool: a real PoolService and lab in this process, a real
// PoolPublisher, and a MainWindow attached to it over the real local socket. The table shows the
// app's connections; what the app did not allow is refused with the reason; what it allowed goes
// to it; losing it shows, and Reattach brings it back.

#include "dialogs/attach_dialog.h"
#include "fd_guard.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/attach/attached_source.h"
#include "poolscope/attach/pool_publisher.h"
#include "service_test_support.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/source_text.h"
#include "util/translations.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>
#include <QThreadPool>
#include <QTreeWidget>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace poolscope::test;
using namespace std::chrono_literals;
using A = MainWindow::Action;
using AS = AttachedSource::Status;

class TestUiAttach : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void showsTheAppsConnectionsAndRefusesWhenReadOnly();
    void allowedCloseGoesToTheApp();
    void lostAndReattach();
    void attachDialogOpensAWindow();
    void attachDialogGroupsAnAppsPools();

private:
    void publish(QList<trace::attach::Action> allowed);
    /// A window on the publisher, attached, showing `ids`.
    void attachWindow(const QList<ConnectionId>& ids);
    Lease lease() { return takeLease(m_service->service(), labRequest(*m_lab, lab::ServerKind::Http)); }

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<PoolPublisher> m_publisher;
    std::unique_ptr<AttachedSource> m_source;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<FdGuard> m_fds;
};

void TestUiAttach::initTestCase()
{
    prepareWindowTest("PoolScopeUiAttachTest");
    (void)installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English)); // plurals
    m_lab = startTestLab();
    QVERIFY(m_lab);
}

void TestUiAttach::init()
{
    QThreadPool::globalInstance()->waitForDone(); // Qt's image threads hold eventfds for a while
    m_fds = std::make_unique<FdGuard>();
    m_service = startService(labOptions(*m_lab));
    QVERIFY(m_service);
}

void TestUiAttach::cleanup()
{
    m_window.reset();
    m_source.reset();
    m_publisher.reset();
    m_service.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(m_fds->settledLeak(10000) <= 0, qPrintable(openFdList()));
}

void TestUiAttach::cleanupTestCase()
{
    m_lab.reset();
}

void TestUiAttach::publish(QList<trace::attach::Action> allowed)
{
    PublishOptions options;
    options.appName = QStringLiteral("ui-attach-test");
    options.allowed = std::move(allowed);
    options.snapshotInterval = 50ms;
    m_publisher = std::make_unique<PoolPublisher>(m_service->service(), options);
    QVERIFY2(m_publisher->start(), qPrintable(m_publisher->error()));
}

void TestUiAttach::attachWindow(const QList<ConnectionId>& ids)
{
    m_source = std::make_unique<AttachedSource>();
    m_window = std::make_unique<MainWindow>(m_source.get(), nullptr);
    m_window->show();
    m_source->attach(m_publisher->serverName());
    QTRY_COMPARE_WITH_TIMEOUT(m_source->status(), AS::Attached, 10'000 * timeScale());
    for (ConnectionId id : ids)
        QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionsModel()->rowById(id), 5000 * timeScale());
}

void TestUiAttach::showsTheAppsConnectionsAndRefusesWhenReadOnly()
{
    publish({});
    const Lease a = lease();
    const Lease b = lease();
    QVERIFY(a.id != 0 && b.id != 0);
    attachWindow({a.id, b.id});
    QCOMPARE(m_window->connectionsModel()->rowById(a.id)->info.state, ConnectionState::InUse);
    const QString who = QStringLiteral("ui-attach-test (pid %1)").arg(QCoreApplication::applicationPid());
    QVERIFY(m_window->attachStateLabel());
    QCOMPARE(m_window->attachStateLabel()->text(), QStringLiteral("Attached to ") + who);
    QVERIFY2(m_window->windowTitle().contains(who), qPrintable(m_window->windowTitle()));
    QVERIFY(m_window->action(A::Detach)->isEnabled());
    QVERIFY(!m_window->action(A::Reattach)->isEnabled());

    // Read-only: Close is disabled with the reason, and the controller refuses it the same way.
    m_window->selectConnections({a.id});
    const QString refusal = SourceText::refusal(*m_source, MonitorSource::Capability::Close);
    QVERIFY2(refusal.contains(QStringLiteral("watching only")), qPrintable(refusal));
    QVERIFY(!m_window->action(A::Close)->isEnabled());
    QCOMPARE(m_window->action(A::Close)->toolTip(), refusal);
    QVERIFY(!m_window->action(A::Dial)->isEnabled());
    m_window->controller()->close({a.id});
    QCOMPARE(m_window->statusBar()->currentMessage(), refusal);
    m_window->controller()->closeIdle();
    QCOMPARE(m_window->statusBar()->currentMessage(), refusal);
    QTest::qWait(200);
    QVERIFY(m_window->connectionsModel()->rowById(a.id) &&
            !m_window->connectionsModel()->rowById(a.id)->gone());
    bool stillThere = false;
    for (const ConnectionInfo& c : m_service->service()->latestSnapshot()->connections)
        stillThere = stillThere || c.id == a.id;
    QVERIFY(stillThere);
    QVERIFY(!failureOf(m_service->service()->release(a.id)));
    QVERIFY(!failureOf(m_service->service()->release(b.id)));
}

void TestUiAttach::allowedCloseGoesToTheApp()
{
    publish({trace::attach::Action::ForceClose});
    Lease a = lease();
    QVERIFY(a.id != 0);
    attachWindow({a.id});
    m_window->selectConnections({a.id});
    QTRY_VERIFY(m_window->action(A::Close)->isEnabled());
    // Close idle is the same capability, but this app allowed only force-close: refused, by name.
    m_window->controller()->closeIdle();
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("did not allow")),
             qPrintable(m_window->statusBar()->currentMessage()));
    m_window->action(A::Close)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Closed 1 connection")),
        5000 * timeScale());
    // Closed in the app once its holder (this test) lets go of the lease, as with the service's own
    // forceClose; the table shows it gone.
    const ConnectionId closed = a.id;
    a = {};
    QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionsModel()->rowById(closed) == nullptr ||
                                 m_window->connectionsModel()->rowById(closed)->gone(),
                             5000 * timeScale());
}

void TestUiAttach::lostAndReattach()
{
    publish({});
    const Lease a = lease();
    QVERIFY(a.id != 0);
    attachWindow({a.id});
    m_publisher->stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_source->status(), AS::Lost, 5000 * timeScale());
    QVERIFY2(m_window->attachStateLabel()->text().startsWith(QStringLiteral("Lost ui-attach-test")),
             qPrintable(m_window->attachStateLabel()->text()));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("lost")));
    QVERIFY(m_window->connectionsModel()->rowById(a.id)); // the last state stays
    QVERIFY(m_window->action(A::Reattach)->isEnabled());
    QVERIFY(!m_window->action(A::Detach)->isEnabled());
    QVERIFY(m_publisher->start());
    m_window->action(A::Reattach)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_source->status(), AS::Attached, 10'000 * timeScale());
    QVERIFY(m_window->attachStateLabel()->text().startsWith(QStringLiteral("Attached to")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionsModel()->rowById(a.id), 5000 * timeScale());
    m_window->action(A::Detach)->trigger();
    QCOMPARE(m_source->status(), AS::Detached);
    QVERIFY(m_window->attachStateLabel()->text().startsWith(QStringLiteral("Detached from")));
    QVERIFY(!failureOf(m_service->service()->release(a.id)));
}

void TestUiAttach::attachDialogOpensAWindow()
{
    publish({trace::attach::Action::CloseIdle});
    attachWindow({});
    m_window->action(A::AttachToApp)->trigger();
    AttachDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<AttachDialog*>()) != nullptr);
    // The publisher is listed (name, pool, pid, what it allows) and chosen.
    int row = -1;
    for (int i = 0; i < dialog->list()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = dialog->list()->topLevelItem(i);
        if (item->text(0) == QStringLiteral("ui-attach-test") &&
            item->text(2) == QString::number(QCoreApplication::applicationPid()))
            row = i;
    }
    QVERIFY(row >= 0);
    QTreeWidgetItem* item = dialog->list()->topLevelItem(row);
    QCOMPARE(item->text(1), QStringLiteral("default"));
    QCOMPARE(item->text(3), QStringLiteral("close_idle"));
    dialog->list()->setCurrentItem(item);
    QVERIFY(dialog->selectedApp());
    dialog->accept();
    // A second window, attached to the same app; it deletes itself when closed.
    MainWindow* opened = nullptr;
    QTRY_VERIFY([&] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (auto* window = qobject_cast<MainWindow*>(w); window && window != m_window.get())
                opened = window;
        }
        return opened != nullptr;
    }());
    QPointer<MainWindow> guard(opened);
    QVERIFY(opened->attachStateLabel());
    QTRY_VERIFY_WITH_TIMEOUT(
        opened->attachStateLabel()->text().startsWith(QStringLiteral("Attached to ui-attach-test")),
        10'000 * timeScale());
    QVERIFY(opened->source()->can(MonitorSource::Capability::Close));
    opened->close();
    QTRY_VERIFY(guard.isNull());
}

QTEST_MAIN(TestUiAttach)
void TestUiAttach::attachDialogGroupsAnAppsPools()
{
    publish({});
    PublishOptions options;
    options.appName = QStringLiteral("ui-attach-test");
    options.poolName = QStringLiteral("second");
    PoolPublisher second(m_service->service(), options);
    QVERIFY2(second.start(), qPrintable(second.error()));

    AttachDialog dialog;
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QTreeWidgetItem* app = nullptr;
    for (int i = 0; i < dialog.list()->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = dialog.list()->topLevelItem(i);
        if (item->text(2) == pid)
            QVERIFY2(!app, "one row for the app, not one per pool");
        if (item->text(2) == pid)
            app = item;
    }
    QVERIFY(app);
    QCOMPARE(app->text(0), QStringLiteral("ui-attach-test"));
    QCOMPARE(app->text(1), QStringLiteral("2 pools"));
    QVERIFY(!(app->flags() & Qt::ItemIsSelectable)); // the app's row attaches to nothing
    QCOMPARE(app->childCount(), 2);
    QCOMPARE(app->child(0)->text(1), QStringLiteral("default"));
    QCOMPARE(app->child(1)->text(1), QStringLiteral("second"));
    QVERIFY(app->isExpanded());

    dialog.list()->setCurrentItem(app->child(1));
    const std::optional<InspectableApp> chosen = dialog.selectedApp();
    QVERIFY(chosen);
    QCOMPARE(chosen->pool, QStringLiteral("second"));
    QCOMPARE(chosen->serverName, second.serverName());
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("attachButton"))->isEnabled());

    second.stop(); // one pool left: a plain row again
    dialog.refresh();
    int rows = 0;
    for (int i = 0; i < dialog.list()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = dialog.list()->topLevelItem(i);
        if (item->text(2) == pid) {
            ++rows;
            QCOMPARE(item->text(1), QStringLiteral("default"));
            QCOMPARE(item->childCount(), 0);
        }
    }
    QCOMPARE(rows, 1);
}

#include "tst_ui_attach.moc"
