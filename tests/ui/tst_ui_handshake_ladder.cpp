// The TLS handshake ladder: the rows and tooltips it builds from a transcript, what it says when
// capture is off or the handshake was not captured, what a resumed handshake skipped; and the real
// window against the lab with View › Capture TLS Handshakes on: a selected TLS connection's
// ladder, and a failed dial's ladder ending in the alert (saved as a PNG to look at).

#include "fd_guard.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/resources.h"
#include "widgets/details_pane.h"
#include "widgets/handshake_ladder.h"

#include <QAction>
#include <QDir>
#include <QHelpEvent>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThreadPool>
#include <QToolTip>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using Row = HandshakeLadder::Row;

Q_DECLARE_METATYPE(poolscope::HandshakeTranscript)

namespace {

HandshakeMessage handshake(HandshakeDirection direction, HandshakeType type, std::uint32_t size,
                           std::int64_t offsetUs)
{
    HandshakeMessage m;
    m.direction = direction;
    m.contentType = TlsContentType::Handshake;
    m.type = type;
    m.size = size;
    m.offsetUs = offsetUs;
    return m;
}

HandshakeMessage alert(HandshakeDirection direction, std::uint8_t description, std::int64_t offsetUs)
{
    HandshakeMessage m;
    m.direction = direction;
    m.contentType = TlsContentType::Alert;
    m.alertLevel = 2;
    m.alertDescription = description;
    m.size = 2;
    m.offsetUs = offsetUs;
    return m;
}

constexpr auto Sent = HandshakeDirection::Sent;
constexpr auto Received = HandshakeDirection::Received;

HandshakeTranscript fullTls13()
{
    HandshakeTranscript t;
    t.messages = {handshake(Sent, HandshakeType::ClientHello, 517, 40),
                  handshake(Received, HandshakeType::ServerHello, 122, 1200),
                  handshake(Received, HandshakeType::EncryptedExtensions, 6, 1300),
                  handshake(Received, HandshakeType::Certificate, 812, 1310),
                  handshake(Received, HandshakeType::CertificateVerify, 264, 1320),
                  handshake(Received, HandshakeType::Finished, 52, 1330),
                  handshake(Sent, HandshakeType::Finished, 52, 2150)};
    return t;
}

HandshakeTranscript resumedTls13()
{
    HandshakeTranscript t;
    t.messages = {handshake(Sent, HandshakeType::ClientHello, 700, 30),
                  handshake(Received, HandshakeType::ServerHello, 128, 900),
                  handshake(Received, HandshakeType::EncryptedExtensions, 6, 950),
                  handshake(Received, HandshakeType::Finished, 52, 960),
                  handshake(Sent, HandshakeType::Finished, 52, 1100)};
    return t;
}

HandshakeTranscript untrusted()
{
    HandshakeTranscript t = fullTls13();
    t.messages.resize(4); // up to the Certificate
    t.messages.push_back(alert(Sent, 48, 1500));
    return t;
}

} // namespace

class TestHandshakeLadder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rows_data();
    void rows();
    void alertsAreRedWithTheirReason();
    void resumedSaysWhatWasSkipped();
    void linesInsteadOfArrows();
    void tooltipOfTheRowUnderTheMouse();
    void windowShowsTheLadder();
};

void TestHandshakeLadder::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeUiTest");
}

void TestHandshakeLadder::rows_data()
{
    QTest::addColumn<HandshakeTranscript>("transcript");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QString>("directions"); // c = client → server, s = server → client
    QTest::newRow("full TLS 1.3") << fullTls13() << QStringList{QStringLiteral("ClientHello"),
                                                                QStringLiteral("ServerHello"),
                                                                QStringLiteral("EncryptedExtensions"),
                                                                QStringLiteral("Certificate"),
                                                                QStringLiteral("CertificateVerify"),
                                                                QStringLiteral("Finished"),
                                                                QStringLiteral("Finished")}
                                  << QStringLiteral("csssssc");
    QTest::newRow("untrusted") << untrusted()
                               << QStringList{QStringLiteral("ClientHello"), QStringLiteral("ServerHello"),
                                              QStringLiteral("EncryptedExtensions"),
                                              QStringLiteral("Certificate"),
                                              QStringLiteral("Alert: unknown_ca (fatal)")}
                               << QStringLiteral("csssc");
    HandshakeTranscript ccs;
    HandshakeMessage change;
    change.direction = Sent;
    change.contentType = TlsContentType::ChangeCipherSpec;
    change.size = 1;
    ccs.messages = {handshake(Sent, HandshakeType::ClientKeyExchange, 37, 10), change};
    QTest::newRow("TLS 1.2 tail") << ccs
                                  << QStringList{QStringLiteral("ClientKeyExchange"),
                                                 QStringLiteral("ChangeCipherSpec")}
                                  << QStringLiteral("cc");
}

void TestHandshakeLadder::rows()
{
    QFETCH(HandshakeTranscript, transcript);
    QFETCH(QStringList, labels);
    QFETCH(QString, directions);
    const QList<Row> rows = HandshakeLadder::buildRows(transcript);
    QCOMPARE(rows.size(), labels.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].label, labels[i]);
        QCOMPARE(rows[i].fromClient, directions[i] == QLatin1Char('c'));
        QVERIFY2(!rows[i].toolTip.isEmpty(), qPrintable(rows[i].label));
        // Size and time since the start, e.g. "517 B · +0.04 ms".
        const auto& m = transcript.messages[static_cast<std::size_t>(i)];
        QVERIFY2(rows[i].detail.startsWith(QStringLiteral("%1 B").arg(m.size)), qPrintable(rows[i].detail));
        QVERIFY2(rows[i].detail.endsWith(
                     QStringLiteral("+%1 ms").arg(static_cast<double>(m.offsetUs) / 1000.0, 0, 'f', 2)),
                 qPrintable(rows[i].detail));
    }
    // The tooltip is the one-line explanation of the message type.
    QCOMPARE(rows[0].toolTip, HandshakeLadder::explanation(transcript.messages.front().type));
    if (labels.contains(QStringLiteral("ServerHello")))
        QCOMPARE(rows[1].toolTip,
                 QStringLiteral("the server picks the TLS version and cipher and sends its key share"));
}

void TestHandshakeLadder::alertsAreRedWithTheirReason()
{
    const QList<Row> rows = HandshakeLadder::buildRows(untrusted());
    QVERIFY(rows.back().alert);
    QVERIFY(std::none_of(rows.begin(), rows.end() - 1, [](const Row& r) { return r.alert; }));
    QCOMPARE(rows.back().toolTip,
             QStringLiteral("the certificate chain ends at a CA the receiver does not trust"));
    // An alert this program has no translated line for still gets the engine's explanation.
    HandshakeTranscript rare;
    rare.messages = {alert(Received, 115, 5)};
    QCOMPARE(HandshakeLadder::buildRows(rare).front().toolTip,
             QString::fromUtf8(explainAlert(115).data(), static_cast<qsizetype>(explainAlert(115).size())));
}

void TestHandshakeLadder::resumedSaysWhatWasSkipped()
{
    QVERIFY(HandshakeLadder::skippedText(fullTls13(), false).isEmpty());
    QVERIFY(HandshakeLadder::skippedText(fullTls13(), true).isEmpty()); // it had a Certificate
    const QString skipped = HandshakeLadder::skippedText(resumedTls13(), true);
    QVERIFY2(skipped.contains(QStringLiteral("Certificate, CertificateVerify")), qPrintable(skipped));
    HandshakeLadder ladder;
    ladder.setCaptureOn(true);
    ladder.showTranscript(resumedTls13(), true);
    QCOMPARE(ladder.mode(), HandshakeLadder::Mode::Rows);
    QCOMPARE(ladder.footer(), skipped);
    QCOMPARE(ladder.rows().size(), 5);
}

void TestHandshakeLadder::linesInsteadOfArrows()
{
    HandshakeLadder ladder;
    QCOMPARE(ladder.mode(), HandshakeLadder::Mode::Empty);
    QVERIFY2(ladder.message().contains(QStringLiteral("Capture TLS Handshakes")),
             qPrintable(ladder.message()));
    ladder.showTranscript({}, false);
    QCOMPARE(ladder.mode(), HandshakeLadder::Mode::CaptureOff);
    QVERIFY(ladder.message().contains(QStringLiteral("Capture TLS Handshakes")));
    ladder.setCaptureOn(true);
    QCOMPARE(ladder.mode(), HandshakeLadder::Mode::NotCaptured);
    QVERIFY2(ladder.message().contains(QStringLiteral("before capture was on")),
             qPrintable(ladder.message()));
    ladder.clear();
    QCOMPARE(ladder.mode(), HandshakeLadder::Mode::Empty);
    QVERIFY(ladder.message().contains(QStringLiteral("Select an established TLS connection")));
    ladder.showTranscript(fullTls13(), false);
    QVERIFY(ladder.message().isEmpty());
    QCOMPARE(ladder.rows().size(), 7);
    // Tall enough for every arrow.
    QVERIFY(ladder.sizeHint().height() >= 7 * ladder.fontMetrics().lineSpacing());
    HandshakeTranscript cut = fullTls13();
    cut.truncated = true;
    ladder.showTranscript(cut, false);
    QVERIFY2(ladder.footer().contains(QStringLiteral("64")), qPrintable(ladder.footer()));
}

void TestHandshakeLadder::tooltipOfTheRowUnderTheMouse()
{
    HandshakeLadder ladder;
    ladder.setCaptureOn(true);
    ladder.showTranscript(fullTls13(), false);
    ladder.resize(ladder.sizeHint());
    ladder.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ladder));
    QCOMPARE(ladder.rowAt(QPoint(5, 2)), -1); // the column titles
    int found = -1;
    QPoint at;
    for (int y = 0; y < ladder.height() && found != 1; ++y) {
        at = QPoint(ladder.width() / 2, y);
        found = ladder.rowAt(at);
    }
    QCOMPARE(found, 1); // ServerHello
    QHelpEvent help(QEvent::ToolTip, at, ladder.mapToGlobal(at));
    QCoreApplication::sendEvent(&ladder, &help);
    QTRY_VERIFY2(QToolTip::text().contains(HandshakeLadder::explanation(HandshakeType::ServerHello)),
                 qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().startsWith(QStringLiteral("ServerHello")));
    QCOMPARE(ladder.rowAt(QPoint(ladder.width() / 2, ladder.height() + 50)), -1);
    QToolTip::hideText();
}

void TestHandshakeLadder::windowShowsTheLadder()
{
    poolscope::test::FdGuard fds;
    {
        auto started = lab::Lab::start();
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());
        std::unique_ptr<lab::Lab> lab = std::move(started).value();
        ServiceOptions options;
        options.publishInterval = 50ms;
        auto running = PoolServiceThread::start(options);
        QVERIFY(running.ok());
        auto service = std::move(running).value();
        auto window = std::make_unique<MainWindow>(service->service(), lab.get());
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        HandshakeLadder* ladder = window->handshakeLadder();
        QVERIFY(ladder);
        QAction* capture = window->action(MainWindow::Action::CaptureHandshakes);
        QVERIFY(capture->isCheckable());
        QVERIFY(!capture->isChecked()); // off by default
        QVERIFY(!service->service()->handshakeCapture());
        QVERIFY(ladder->isVisible());
        QVERIFY(ladder->message().contains(QStringLiteral("Capture TLS Handshakes")));
        // A message takes the lines it wraps to, whole, and the details keep the room, also in a
        // narrow window (1024×640 at a 1.5 scale factor once gave that one line half the pane).
        auto* scroll = window->findChild<QScrollArea*>(QStringLiteral("handshakeLadderScroll"));
        QVERIFY(scroll);
        for (const QSize size : {QSize(1400, 900), QSize(1024, 640), QSize(683, 427)}) {
            window->resize(size);
            // Whole lines and no more: the scroll area adds only its frame and less than half a line
            // (font rounding differs by a pixel or two between platforms).
            QTRY_VERIFY2(scroll->height() < ladder->messageHeight(scroll->viewport()->width()) +
                                                2 * scroll->frameWidth() +
                                                ladder->fontMetrics().lineSpacing() / 2 &&
                             ladder->height() >= ladder->messageHeight(ladder->width()),
                         qPrintable(QStringLiteral("%1x%2: scroll %3, ladder %4, message %5")
                                        .arg(size.width())
                                        .arg(size.height())
                                        .arg(scroll->height())
                                        .arg(ladder->height())
                                        .arg(ladder->messageHeight(ladder->width()))));
            QVERIFY(window->detailsPane()->height() > scroll->height());
        }
        window->resize(1400, 900);

        capture->trigger();
        QVERIFY(service->service()->handshakeCapture());
        QVERIFY(AppSettings::captureHandshakes()); // remembered for the next start

        // A failed dial, nothing selected: the ladder shows it, ending in the alert the client sent.
        window->controller()->dialLab(lab::ServerKind::Untrusted);
        QTRY_VERIFY_WITH_TIMEOUT(ladder->mode() == HandshakeLadder::Mode::Rows, 10000);
        QVERIFY2(ladder->caption().startsWith(QStringLiteral("Failed handshake")),
                 qPrintable(ladder->caption()));
        QVERIFY(ladder->rows().back().alert);
        QCOMPARE(ladder->rows().back().label, QStringLiteral("Alert: unknown_ca (fatal)"));
        const QString dir = qEnvironmentVariable("POOLSCOPE_SCREENSHOT_DIR", QDir::tempPath());
        const QString failedFile =
            QDir(dir).filePath(QStringLiteral("poolscope-handshake-ladder-failed.png"));
        QVERIFY(ladder->grab().save(failedFile));
        qInfo("failed handshake's ladder: %s", qPrintable(failedFile));

        // A TLS connection, selected: its full ladder.
        QSignalSpy leases(window->controller(), &PoolController::leaseAcquired);
        window->controller()->dialLab(lab::ServerKind::Https);
        QTRY_VERIFY_WITH_TIMEOUT(!leases.isEmpty(), 10000);
        const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
        QTRY_VERIFY(window->connectionsModel()->rowById(id));
        window->selectConnections({id});
        QTRY_VERIFY(ladder->mode() == HandshakeLadder::Mode::Rows && ladder->caption().isEmpty());
        QCOMPARE(ladder->rows().front().label, QStringLiteral("ClientHello"));
        QCOMPARE(ladder->rows().back().label, QStringLiteral("Finished"));
        QVERIFY(ladder->rows().size() >= 7);
        QVERIFY(ladder->isVisible());
        QVERIFY(ladder->height() > 0);
        QTRY_VERIFY(scroll->height() > ladder->fontMetrics().lineSpacing() * 5); // arrows get room back

        const QString file = QDir(dir).filePath(QStringLiteral("poolscope-handshake-ladder.png"));
        QVERIFY(window->grab().save(file));
        qInfo("window with the ladder: %s", qPrintable(file));

        capture->trigger(); // off again, and remembered off
        QVERIFY(!service->service()->handshakeCapture());
        QVERIFY(!AppSettings::captureHandshakes());
        leases.clear();
        window.reset();
        service.reset();
        lab.reset();
    }
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(fds.settledLeak(10000) <= 0, "descriptor leak");
}

QTEST_MAIN(TestHandshakeLadder)
#include "tst_ui_handshake_ladder.moc"
