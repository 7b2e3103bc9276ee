// The wire log in the details pane: the rows it renders for a log (arrows, sizes, escaped first
// bytes, FIN/RST/half-close in words with the one-line explanation), and the real window against
// the lab with capture on: an HTTP connection's request, response and response head after a
// probe, and the idle-closer's FIN after the pool closed the connection.

#include "fd_guard.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_window_fixture.h"
#include "util/presentation.h"
#include "widgets/details_pane.h"
#include "widgets/wire_log_html.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>
#include <QThreadPool>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;

namespace {

WireEvent wireEvent(WireEventKind kind, std::string text, std::uint64_t bytes = 0)
{
    WireEvent e;
    e.kind = kind;
    e.use = 1;
    e.text = std::move(text);
    e.bytes = bytes;
    return e;
}

/// The pane's HTML as the text a reader sees.
QString plain(const QString& html)
{
    QTextDocument doc;
    doc.setHtml(html);
    return doc.toPlainText();
}

} // namespace

class TestWireLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { poolscope::test::prepareWindowTest("PoolScopeUiTest"); }

    void eventText_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<QString>("expected");
        using K = WireEventKind;
        QTest::newRow("sent, escaped") << int(K::Sent) << QByteArray("GET / HTTP/1.1\r\n") << quint64{16}
                                       << QStringLiteral("→ 16 B  GET / HTTP/1.1\\r\\n");
        QTest::newRow("received, cut") << int(K::Received) << QByteArray("HTTP/1.1 200 OK") << quint64{900}
                                       << QStringLiteral("← 900 B  HTTP/1.1 200 OK…");
        QTest::newRow("fin by read") << int(K::PeerClosed) << QByteArray("read returned end of stream")
                                     << quint64{0} << QStringLiteral("← FIN from the peer (seen by a read)");
        QTest::newRow("rst by check")
            << int(K::PeerReset) << QByteArray("the check before hand-out found the connection reset")
            << quint64{0} << QStringLiteral("← RST from the peer (seen by the check before hand-out)");
        QTest::newRow("half-close") << int(K::ShutDown) << QByteArray("write side (half-close)") << quint64{0}
                                    << QStringLiteral("→ shut down: write side: a half-close");
        QTest::newRow("closed") << int(K::Closed)
                                << QByteArray(describe(CloseReason::Stale).data(),
                                              qsizetype(describe(CloseReason::Stale).size()))
                                << quint64{0}
                                << QStringLiteral("→ closed by the pool: ") +
                                       closeReasonText(CloseReason::Stale);
    }
    void eventText()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, text);
        QFETCH(quint64, bytes);
        QFETCH(QString, expected);
        const WireEvent e = wireEvent(static_cast<WireEventKind>(kind), text.toStdString(), bytes);
        QCOMPARE(WireLogHtml::eventText(e), expected);
    }

    void sectionExplainsFinAndRstOnlyWhenThere()
    {
        WireLog log;
        QCOMPARE(WireLogHtml::section(log), QString()); // capture off: nothing at all
        log.events.push_back(wireEvent(WireEventKind::Connected, "127.0.0.1:80"));
        log.events.push_back(wireEvent(WireEventKind::Sent, "<b>", 3));
        log.bytesSent = 3;
        QString html = QStringLiteral("<table>") + WireLogHtml::section(log) + QStringLiteral("</table>");
        QVERIFY(html.contains(QStringLiteral("&lt;b&gt;"))); // bytes are escaped, never markup
        QVERIFY(!plain(html).contains(WireLogHtml::finRstExplanation()));
        QVERIFY(plain(html).contains(QStringLiteral("3 B sent, 0 B received")));
        log.events.push_back(wireEvent(WireEventKind::PeerClosed, "read returned end of stream"));
        html = QStringLiteral("<table>") + WireLogHtml::section(log) + QStringLiteral("</table>");
        QVERIFY(plain(html).contains(WireLogHtml::finRstExplanation()));
    }

    void windowShowsTheWireLog();
};

void TestWireLog::windowShowsTheWireLog()
{
    poolscope::test::FdGuard fds;
    {
        std::unique_ptr<lab::Lab> lab = poolscope::test::startTestLab();
        QVERIFY(lab);
        ServiceOptions options;
        options.publishInterval = 50ms;
        auto running = PoolServiceThread::start(options);
        QVERIFY(running.ok());
        auto service = std::move(running).value();
        auto window = std::make_unique<MainWindow>(service->service(), lab.get());
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->action(MainWindow::Action::CaptureHandshakes)->trigger();
        QVERIFY(service->service()->handshakeCapture());
        DetailsPane* pane = window->detailsPane();

        // An HTTP connection, used once (the probe): the request, the response and its head.
        QSignalSpy leases(window->controller(), &PoolController::leaseAcquired);
        window->controller()->dialLab(lab::ServerKind::Http);
        QTRY_VERIFY_WITH_TIMEOUT(!leases.isEmpty(), 10000);
        const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
        // Use acts on the row as shown: wait until it shows the lease (a snapshot from the dial's
        // middle may show it connecting, and Use has nothing to do with a connection being dialled).
        QTRY_VERIFY(window->connectionsModel()->rowById(id) &&
                    window->connectionsModel()->rowById(id)->info.state == ConnectionState::InUse);
        window->controller()->use({window->connectionsModel()->rowById(id)->info});
        QTRY_VERIFY_WITH_TIMEOUT(
            window->connectionsModel()->rowById(id) &&
                window->connectionsModel()->rowById(id)->info.wire.first(WireEventKind::Note),
            10000);
        QVERIFY(!window->connectionsModel()->rowById(id)->gone()); // shown while still in use
        window->selectConnections({id});
        QTRY_COMPARE(pane->shownId(), id);
        QTRY_VERIFY(pane->toPlainText().contains(QStringLiteral("response head: HTTP/1.1 200 OK")));
        const QString text = pane->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("What went over the wire (TCP)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("HEAD / HTTP/1.1\\r\\n")), qPrintable(text)); // the probe's
        QVERIFY2(text.contains(QStringLiteral("HTTP/1.1 200 OK\\r\\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Connection: keep-alive")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Keep-Alive: timeout=5")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("use 1 begins")), qPrintable(text));

        // The idle-closer closes first: the pool's check finds its FIN and closes the connection;
        // the departed row keeps the log up to the close.
        leases.clear();
        window->controller()->dialLab(lab::ServerKind::IdleCloser);
        QTRY_VERIFY_WITH_TIMEOUT(!leases.isEmpty(), 10000);
        const ConnectionId closer = leases.at(0).at(0).value<Lease>().id;
        QTRY_VERIFY_WITH_TIMEOUT(
            window->connectionsModel()->rowById(closer) &&
                window->connectionsModel()->rowById(closer)->gone() &&
                window->connectionsModel()->rowById(closer)->info.wire.first(WireEventKind::PeerClosed),
            15000);
        window->selectConnections({closer});
        QTRY_VERIFY(pane->toPlainText().contains(QStringLiteral("FIN from the peer")));
        QVERIFY(pane->toPlainText().contains(WireLogHtml::finRstExplanation()));

        window->action(MainWindow::Action::CaptureHandshakes)->trigger(); // off, remembered off
        QVERIFY(!service->service()->handshakeCapture());
        window->controller()->release({id});
        window.reset();
        service.reset();
        lab.reset();
    }
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(fds.settledLeak(10000) <= 0, "descriptor leak");
}

QTEST_MAIN(TestWireLog)
#include "tst_ui_wire_log.moc"
