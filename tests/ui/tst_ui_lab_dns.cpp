// The lab's DNS servers from the window, against a real lab and a real PoolService: a DNS card's
// Dial asks before it makes that server the pool's resolver (every dial's names go through it),
// dials http.lab.test through it, and Pool Settings › Resolver shows the choice and switches back
// to the system's resolver. (What each card's Dial leads to: tst_ui_controller.cpp.)

#include "dialogs/settings_dialog.h"
#include "fd_guard.h"
#include "lab/lab_dock.h"
#include "main_window.h"
#include "message_box_responder.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "timing.h"
#include "ui_window_fixture.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
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

class TestLabDns : public QObject, private poolscope::test::LiveWindowFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void dnsCardAsksThenResolvesThroughTheLab();
    void settingsSwitchTheResolverBack();

private:
    void start();
    QPushButton* dialButton(lab::ServerKind kind) const { return m_window->labDock()->dialButton(kind); }
};

void TestLabDns::initTestCase()
{
    QVERIFY(startSuite("PoolScopeUiLabDnsTest"));
}

void TestLabDns::init()
{
    beginTest();
}

void TestLabDns::start()
{
    QVERIFY(openWindow());
}

void TestLabDns::cleanup()
{
    QCOMPARE(endTest(), 0);
}

void TestLabDns::cleanupTestCase()
{
    endSuite();
}

void TestLabDns::dnsCardAsksThenResolvesThroughTheLab()
{
    // Reproduced: the DNS cards had no Dial at all.
    start();
    m_window->setConfirmDestructive(true);
    for (const lab::ServerKind kind : {lab::ServerKind::Dns, lab::ServerKind::DnsSilent}) {
        const QPushButton* button = dialButton(kind);
        QVERIFY(button);
        QVERIFY(button->isEnabled());
        QVERIFY2(button->toolTip().contains(PoolController::labDnsName()), qPrintable(button->toolTip()));
    }
    PoolController* controller = m_window->controller();
    QSignalSpy leases(controller, &PoolController::leaseAcquired);

    // Cancelled: nothing changes, nothing is dialled.
    {
        poolscope::test::MessageBoxResponder no(false);
        QTest::mouseClick(dialButton(lab::ServerKind::Dns), Qt::LeftButton);
        QVERIFY2(no.asked.contains(QLatin1String("every name")), qPrintable(no.asked));
    }
    QCOMPARE(controller->pendingDials(), 0);
    QCOMPARE(controller->labResolver(), std::nullopt);
    QVERIFY(m_service->service()->params().dnsServers.empty());

    // Accepted: the pool resolves through lab dns and http.lab.test connects.
    {
        poolscope::test::MessageBoxResponder yes(true);
        QTest::mouseClick(dialButton(lab::ServerKind::Dns), Qt::LeftButton);
        QVERIFY(!yes.asked.isEmpty());
    }
    QVERIFY(leases.wait(int(poolscope::test::withSlack(5000, 5000))));
    QCOMPARE(controller->labResolver(), std::optional<lab::ServerKind>(lab::ServerKind::Dns));
    QCOMPARE(m_service->service()->params().dnsServers, std::vector<std::string>{m_lab->dnsServer()});

    // Already the resolver: no question the second time (a box would be answered, and noted).
    poolscope::test::MessageBoxResponder none(true);
    QTest::mouseClick(dialButton(lab::ServerKind::Dns), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(leases.size(), 2, int(poolscope::test::withSlack(5000, 5000)));
    QVERIFY2(none.asked.isEmpty(), qPrintable(none.asked));
}

void TestLabDns::settingsSwitchTheResolverBack()
{
    start();
    PoolController* controller = m_window->controller();
    QSignalSpy applied(controller, &PoolController::paramsApplied);
    QCOMPARE(controller->dialLab(lab::ServerKind::DnsSilent), 1);
    QVERIFY(applied.wait(5000));

    m_window->action(MainWindow::Action::Settings)->trigger();
    auto* dialog = m_window->findChild<SettingsDialog*>(QStringLiteral("settingsDialog"));
    QVERIFY(dialog);
    QComboBox* resolver = dialog->resolverBox();
    QVERIFY(resolver);
    QVERIFY2(resolver->currentText().contains(QLatin1String("dns-silent")),
             qPrintable(resolver->currentText()));
    // The system's resolver and both lab servers, nothing else.
    QCOMPARE(resolver->count(), 3);
    resolver->setCurrentIndex(0);
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(applied.size(), 2);
    QTRY_VERIFY(m_service->service()->params().dnsServers.empty());
    QCOMPARE(controller->labResolver(), std::nullopt);
    // Let the dns-silent dial end (its resolve time-out) before the service goes.
    QTRY_VERIFY_WITH_TIMEOUT(
        controller->pendingDials() == 0,
        int(poolscope::test::withSlack(PoolController::labDnsSilentTimeout().count(), 5000)));
}

QTEST_MAIN(TestLabDns)
#include "tst_ui_lab_dns.moc"
