// Closing the window while the live pool has connections in use: with "Ask before closing" on it
// asks (Cancel keeps the window and the connection, Quit closes), without anything in use or with
// the setting off it closes at once, and closeWithoutAsking() (--quit-after) never asks.

#include "fd_guard.h"
#include "main_window.h"
#include "message_box_responder.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_window_fixture.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;

namespace {

enum class Answer
{
    None,
    Cancel,
    Quit
};

} // namespace

class TestQuit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        poolscope::test::prepareWindowTest("PoolScopeQuitTest");
        m_lab = poolscope::test::startTestLab();
        QVERIFY(m_lab);
    }
    void init() { m_fds = std::make_unique<poolscope::test::FdGuard>(); }
    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        QCOMPARE(m_fds->settledLeak(), 0);
    }
    void cleanupTestCase() { m_lab.reset(); }

    void closingAsksWhileConnectionsAreInUse_data();
    void closingAsksWhileConnectionsAreInUse();

private:
    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

void TestQuit::closingAsksWhileConnectionsAreInUse_data()
{
    QTest::addColumn<bool>("confirm");  // "Ask before closing"
    QTest::addColumn<bool>("holding");  // a connection in use when the window closes
    QTest::addColumn<bool>("scripted"); // closeWithoutAsking() instead of Quit
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("closes");
    QTest::newRow("in use, Cancel") << true << true << false << int(Answer::Cancel) << false;
    QTest::newRow("in use, Quit") << true << true << false << int(Answer::Quit) << true;
    QTest::newRow("nothing in use") << true << false << false << int(Answer::None) << true;
    QTest::newRow("asking off") << false << true << false << int(Answer::None) << true;
    QTest::newRow("scripted") << true << true << true << int(Answer::None) << true;
}

void TestQuit::closingAsksWhileConnectionsAreInUse()
{
    QFETCH(bool, confirm);
    QFETCH(bool, holding);
    QFETCH(bool, scripted);
    QFETCH(int, answer);
    QFETCH(bool, closes);
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    auto service = std::move(started).value();
    {
        MainWindow window(service->service(), m_lab.get());
        window.setConfirmDestructive(confirm);
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        if (holding) {
            QSignalSpy leases(window.controller(), &PoolController::leaseAcquired);
            window.controller()->dialLab(lab::ServerKind::Http);
            QTRY_VERIFY_WITH_TIMEOUT(!leases.isEmpty(), 10000);
            // The window decides from what it shows: wait until a snapshot with the lease reached it.
            const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
            QTRY_VERIFY(window.connectionsModel()->rowById(id) &&
                        window.connectionsModel()->rowById(id)->info.state == ConnectionState::InUse);
        }
        poolscope::test::MessageBoxResponder responder(static_cast<Answer>(answer) != Answer::Cancel);
        if (scripted)
            window.closeWithoutAsking();
        else
            window.action(MainWindow::Action::Quit)->trigger();
        QCOMPARE(window.isVisible(), !closes);
        const bool asked = !responder.asked.isEmpty();
        QCOMPARE(asked, confirm && holding && !scripted);
        if (asked)
            QVERIFY2(responder.asked.startsWith(QStringLiteral("1 connection")), qPrintable(responder.asked));
        if (!closes) // Cancel: the connection is still held by its holder
            QCOMPARE(service->service()->latestSnapshot()->stats.inUse, 1);
    }
    service.reset();
}

QTEST_MAIN(TestQuit)
#include "tst_ui_quit.moc"
