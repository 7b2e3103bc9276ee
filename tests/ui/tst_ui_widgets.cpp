// The monitor's widgets with synthetic data (no pool): counters, details pane, countdown
// delegate and dialogs.

#include "dialogs/about_dialog.h"
#include "dialogs/dial_dialog.h"
#include "dialogs/settings_dialog.h"
#include "fd_guard.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "ui_test_support.h"
#include "util/app_settings.h"
#include "util/presentation.h"
#include "util/resources.h"
#include "util/translations.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"
#include "widgets/details_pane.h"
#include "widgets/event_log_panel.h"
#include "widgets/keep_alive_delegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <climits>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using poolscope::test::makeConnection;

Q_DECLARE_METATYPE(poolscope::ConnectionState)
Q_DECLARE_METATYPE(poolscope::KeepAliveLimit)

class TestWidgets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup()
    {
        // Image conversions use Qt's global thread pool; its idle threads (each with an eventfd)
        // would otherwise linger for 30 s. waitForDone() joins them.
        QThreadPool::globalInstance()->waitForDone();
        QVERIFY2(m_fds.settledLeak() <= 0, qPrintable(poolscope::test::openFdList()));
    }

    void countersShowSnapshot();
    void countersDraining();
    void detailsPaneExplainsAndShowsTls();
    void detailsPaneShowsErrors();
    void detailsPaneSaysWhyNotVerified_data();
    void detailsPaneSaysWhyNotVerified();
    void keepAliveDelegatePaintsBar();
    void keepAliveSaysWhichLimitApplies_data();
    void keepAliveSaysWhichLimitApplies();
    void dialDialogValidatesAndRemembers_data();
    void dialDialogValidatesAndRemembers();
    void settingsDialogReturnsParams();
    void aboutNamesVersions();
    void connectionCountFollowsTheModel_data();
    void connectionCountFollowsTheModel();
    void eventLogFitsItsWidth_data();
    void eventLogFitsItsWidth();

private:
    poolscope::test::FdGuard m_fds;
};

void TestWidgets::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PoolScope"));
    QCoreApplication::setApplicationName(QStringLiteral("PoolScopeTest"));
    QSettings().clear();
    // As the app does: English plural forms beneath everything (the machine's locale may be C).
    (void)installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
    m_fds = poolscope::test::FdGuard();
}

void TestWidgets::countersShowSnapshot()
{
    CountersPanel panel;
    PoolSnapshot s;
    s.stats.inUse = 3;
    s.stats.idle = 5;
    s.stats.connecting = 2;
    s.stats.maxConnections = 64;
    s.stats.dials = 40;
    s.stats.reuses = 30;
    s.stats.staleDetected = 1;
    s.stats.expired = 4;
    s.stats.lifetimeExpired = 1;
    s.stats.evicted = 2;
    s.stats.handshakeFailures = 3;
    s.stats.socketErrors = 1;
    s.stats.resolveFailures = 2;
    s.stats.timeouts = 1;
    s.waiters = 7;
    panel.showSnapshot(s);
    QCOMPARE(panel.valueText(CountersPanel::InUse), QStringLiteral("3"));
    QCOMPARE(panel.valueText(CountersPanel::Idle), QStringLiteral("5"));
    QCOMPARE(panel.valueText(CountersPanel::Connecting), QStringLiteral("2"));
    QCOMPARE(panel.valueText(CountersPanel::Max), QStringLiteral("64"));
    QCOMPARE(panel.valueText(CountersPanel::Waiters), QStringLiteral("7"));
    QCOMPARE(panel.valueText(CountersPanel::Dials), QStringLiteral("40"));
    QCOMPARE(panel.valueText(CountersPanel::ReuseRatio), QStringLiteral("75 %"));
    QCOMPARE(panel.valueText(CountersPanel::Expired), QStringLiteral("5"));
    QCOMPARE(panel.valueText(CountersPanel::HandshakeFailures), QStringLiteral("3"));
    // A name that does not resolve is a resolve failure, not a socket error (both were summed).
    QCOMPARE(panel.valueText(CountersPanel::SocketErrors), QStringLiteral("1"));
    QCOMPARE(panel.valueText(CountersPanel::ResolveFailures), QStringLiteral("2"));
    QVERIFY(panel.valueLabel(CountersPanel::ResolveFailures)->property("alert").toBool());
    QCOMPARE(panel.valueText(CountersPanel::Timeouts), QStringLiteral("1"));
    QVERIFY(panel.valueLabel(CountersPanel::HandshakeFailures)->property("alert").toBool());
    QVERIFY(!panel.valueLabel(CountersPanel::Stale)->property("alert").toBool());
    QCOMPARE(panel.valueLabel(CountersPanel::InUse)->accessibleName(), QStringLiteral("In use: 3"));
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("counter_InUse")));
}

void TestWidgets::countersDraining()
{
    CountersPanel panel;
    panel.show();
    QWidget* tile = panel.findChild<QWidget*>(QStringLiteral("counterTile_Draining"));
    QVERIFY(tile);
    QVERIFY(!tile->isVisible());
    panel.setDraining(2);
    QVERIFY(tile->isVisible());
    QCOMPARE(panel.valueText(CountersPanel::Draining), QStringLiteral("2"));
    panel.setDraining(0);
    QCOMPARE(panel.valueText(CountersPanel::Draining), QStringLiteral("0"));
    panel.setDraining(std::nullopt);
    QVERIFY(!tile->isVisible());
}

void TestWidgets::detailsPaneExplainsAndShowsTls()
{
    const auto now = Clock::now();
    ConnectionRow row;
    row.info = makeConnection(12, ConnectionState::Idle, "example.org", 443, true, now);
    row.info.tlsDetails.peerSubject = "CN=example.org";
    row.info.tlsDetails.peerIssuer = "CN=PoolScope Lab CA";
    row.info.tlsDetails.resumed = true;
    row.info.label = "demo <browser>";
    const QString html = DetailsPane::renderHtml(row, now);
    QVERIFY(html.contains(QStringLiteral("Connection #12")));
    QVERIFY(html.contains(QStringLiteral("TLSv1.3")));
    QVERIFY(html.contains(QStringLiteral("TLS_AES_256_GCM_SHA384")));
    QVERIFY(html.contains(QStringLiteral("CN=PoolScope Lab CA")));
    QVERIFY(html.contains(QStringLiteral("abbreviated handshake")));
    QVERIFY(html.contains(QStringLiteral("demo &lt;browser&gt;"))); // escaped
    QVERIFY(html.contains(QStringLiteral("Keep-alive left")));
    QVERIFY(html.contains(stateExplanation(ConnectionState::Idle).toHtmlEscaped()));

    DetailsPane pane;
    pane.showRow(&row, now);
    QCOMPARE(pane.shownId(), ConnectionId(12));
    QVERIFY(pane.toPlainText().contains(QStringLiteral("Verify result")));
    pane.showRow(nullptr, now);
    QCOMPARE(pane.shownId(), ConnectionId(0));
    QVERIFY(pane.toPlainText().contains(QStringLiteral("Select a connection")));
    pane.showSelectionCount(3);
    QVERIFY(pane.toPlainText().contains(QStringLiteral("3 connections selected")));
}

void TestWidgets::detailsPaneShowsErrors()
{
    ConnectionRow row;
    row.info = makeConnection(7, ConnectionState::Closing, "127.0.0.1", 9, true);
    row.info.tlsDetails = {};
    row.info.lastError =
        makeError(ErrorCode::HandshakeFailed, "certificate verify failed: certificate has expired",
                  DialPhase::Handshake);
    row.info.lastError.tlsVerifyResult = 10;
    row.info.lastError.tlsAlert = "certificate expired";
    const QString text = [&] {
        DetailsPane pane;
        pane.showRow(&row, Clock::now());
        return pane.toPlainText();
    }();
    QVERIFY2(text.contains(QStringLiteral("certificate has expired")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("TLS handshake")));
    QVERIFY(text.contains(QStringLiteral("X509 error 10")));
    QVERIFY(text.contains(QStringLiteral("certificate expired")));
    QVERIFY(text.contains(QStringLiteral("not established yet")));
}

// "Not verified" has two causes, and the pane must not name the wrong one: verification turned
// off, or a problem the dial accepted (TlsOptions::acceptedErrors), listed with its certificate.
void TestWidgets::detailsPaneSaysWhyNotVerified_data()
{
    QTest::addColumn<bool>("verified");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("verifyResult");
    QTest::addColumn<QString>("verifiedText");
    QTest::newRow("verified") << true << false << QStringLiteral("ok") << QStringLiteral("Verified yes");
    QTest::newRow("verification off")
        << false << false << QStringLiteral("not verified (verifyPeer is off); chain check: ok")
        << QStringLiteral("Verified no");
    QTest::newRow("accepted problem")
        << false << true << QStringLiteral("accepted by tls.acceptedErrors: self-signed certificate")
        << QStringLiteral("Verified no: made despite 1 accepted problem");
}
void TestWidgets::detailsPaneSaysWhyNotVerified()
{
    QFETCH(bool, verified);
    QFETCH(bool, accepted);
    QFETCH(QString, verifyResult);
    QFETCH(QString, verifiedText);
    const auto now = Clock::now();
    ConnectionRow row;
    row.info = makeConnection(9, ConnectionState::Idle, "localhost", 443, true, now);
    row.info.tlsDetails.verified = verified;
    row.info.tlsDetails.verifyResult = verifyResult.toStdString();
    const std::string sha256(64, 'a');
    if (accepted)
        row.info.tlsDetails.acceptedProblems = {{18, 0, "der", sha256, "self-signed certificate"}};
    DetailsPane pane;
    pane.showRow(&row, now);
    const QString text = pane.toPlainText().simplified();
    QVERIFY2(text.contains(verifiedText), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("turned off")), qPrintable(text)); // the result says why
    QVERIFY2(text.contains(verifyResult), qPrintable(text));
    QCOMPARE(text.contains(QStringLiteral("Accepted problem self-signed certificate (server certificate) "
                                          "SHA-256 aaaaaaaa aaaaaaaa")),
             accepted);

    // A dial that failed verification lists every problem the same way.
    row.info.tlsDetails = {};
    row.info.lastError =
        makeError(ErrorCode::HandshakeFailed, "certificate verify failed", DialPhase::Handshake);
    row.info.lastError.certificateProblems = {{18, 0, "der", sha256, "self-signed certificate"},
                                              {10, 1, {}, {}, "certificate has expired"}};
    pane.showRow(&row, now);
    const QString failed = pane.toPlainText().simplified();
    QVERIFY2(
        failed.contains(QStringLiteral("Certificate problem self-signed certificate (server certificate)")),
        qPrintable(failed));
    QVERIFY2(failed.contains(QStringLiteral("Certificate problem certificate has expired (chain depth 1)")),
             qPrintable(failed));
}

void TestWidgets::keepAliveDelegatePaintsBar()
{
    ConnectionsModel model;
    model.setTicking(false);
    const auto now = Clock::now();
    ConnectionInfo idle = makeConnection(1, ConnectionState::Idle, "127.0.0.1", 80, false, now);
    idle.lastUsed = now;
    idle.keepAliveDeadline = now + 10s; // a full bar
    model.applyConnections(std::vector<ConnectionInfo>{idle}, now);

    QTableView view;
    view.setModel(&model);
    KeepAliveDelegate delegate;
    view.setItemDelegateForColumn(ConnectionsModel::KeepAlive, &delegate);
    view.resize(900, 200);
    view.setColumnWidth(ConnectionsModel::KeepAlive, 160);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QRect cell = view.visualRect(model.index(0, ConnectionsModel::KeepAlive));
    const QImage image = view.viewport()->grab(cell).toImage();
    const QColor sample = image.pixelColor(12, image.height() / 2);
    // The bar's green dominates at its left end.
    QVERIFY2(sample.green() > sample.red() + 20 && sample.green() > sample.blue(), qPrintable(sample.name()));
    QCOMPARE(model.index(0, ConnectionsModel::KeepAlive).data().toString(), QStringLiteral("10.0 s"));
}

void TestWidgets::keepAliveSaysWhichLimitApplies_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<KeepAliveLimit>("limit");
    QTest::addColumn<int>("serverLeftMs"); // the server's deadline from now; INT_MIN: none
    QTest::addColumn<QString>("limitText");
    QTest::addColumn<QString>("serverText"); // empty: no "Server closes it in" row
    QTest::newRow("pool") << ConnectionState::Idle << KeepAliveLimit::Pool << INT_MIN
                          << QStringLiteral("the pool's keep-alive") << QString();
    QTest::newRow("holder") << ConnectionState::Idle << KeepAliveLimit::Holder << INT_MIN
                            << QStringLiteral("the keep-alive its holder set") << QString();
    QTest::newRow("server") << ConnectionState::Idle << KeepAliveLimit::Server << 2000
                            << QStringLiteral("the server's Keep-Alive") << QStringLiteral("2.0 s");
    QTest::newRow("lifetime") << ConnectionState::Idle << KeepAliveLimit::Lifetime << 9000
                              << QStringLiteral("the pool's maximum lifetime") << QStringLiteral("9.0 s");
    QTest::newRow("held past the server's") << ConnectionState::InUse << KeepAliveLimit::Pool << -500
                                            << QString() << QStringLiteral("its time is up");
}

void TestWidgets::keepAliveSaysWhichLimitApplies()
{
    QFETCH(ConnectionState, state);
    QFETCH(KeepAliveLimit, limit);
    QFETCH(int, serverLeftMs);
    QFETCH(QString, limitText);
    QFETCH(QString, serverText);
    const auto now = Clock::now();
    ConnectionRow row;
    row.info = makeConnection(3, state, "127.0.0.1", 80, false, now - 5s);
    row.info.lastUsed = now - 1s;
    row.info.inUseSince = now - 1s;
    row.info.keepAliveDeadline = now + 2s;
    row.info.keepAliveLimit = limit;
    if (serverLeftMs != INT_MIN)
        row.info.serverKeepAliveDeadline = now + std::chrono::milliseconds(serverLeftMs);

    DetailsPane pane;
    pane.showRow(&row, now);
    const QString text = pane.toPlainText();
    if (!limitText.isEmpty())
        QVERIFY2(text.contains(QStringLiteral("2.0 s (%1)").arg(limitText)), qPrintable(text));
    QCOMPARE(text.contains(QStringLiteral("Server closes it in")), !serverText.isEmpty());
    if (!serverText.isEmpty())
        QVERIFY2(text.contains(serverText), qPrintable(text));

    // The table's countdown cell names the same limit in its tool tip (idle rows only).
    ConnectionsModel model;
    model.setTicking(false);
    model.applyConnections(std::vector<ConnectionInfo>{row.info}, now);
    const QString tip = model.index(0, ConnectionsModel::KeepAlive).data(Qt::ToolTipRole).toString();
    if (state == ConnectionState::Idle)
        QCOMPARE(tip, QStringLiteral("Closed in 2.0 s unless reused: %1").arg(limitText));
    else
        QVERIFY(tip.isEmpty());
}

void TestWidgets::dialDialogValidatesAndRemembers_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("valid");
    QTest::newRow("name") << QStringLiteral("example.org") << true;
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1") << true;
    QTest::newRow("ipv6") << QStringLiteral("::1") << true;
    QTest::newRow("ipv6 brackets") << QStringLiteral("[::1]") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral("bad host") << false;
    QTest::newRow("too long") << QString(254, QLatin1Char('a')) << false;
}

void TestWidgets::dialDialogValidatesAndRemembers()
{
    QFETCH(QString, host);
    QFETCH(bool, valid);
    QSettings().remove(QStringLiteral("ui/recentHosts"));
    DialDialog dialog(true);
    dialog.hostBox()->setEditText(host);
    dialog.portBox()->setValue(8443);
    dialog.tlsBox()->setChecked(true);
    dialog.countBox()->setValue(3);
    dialog.trustLabBox()->setChecked(true);
    QPushButton* ok = dialog.buttons()->button(QDialogButtonBox::Ok);
    QCOMPARE(ok->isEnabled(), valid);
    QCOMPARE(dialog.validationError().isEmpty(), valid);
    if (!valid)
        return;
    const DialSpec spec = dialog.spec();
    QCOMPARE(spec.port, quint16(8443));
    QVERIFY(spec.tls);
    QCOMPARE(spec.count, 3);
    QVERIFY(spec.trustLabCa);
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(AppSettings::recentHosts().first(), spec.toText());

    // A new dialog offers it; choosing it fills port and TLS.
    DialDialog again(false);
    QVERIFY(!again.trustLabBox()->isEnabled());
    QCOMPARE(again.hostBox()->itemText(0), spec.toText());
    again.tlsBox()->setChecked(false);
    again.portBox()->setValue(1);
    again.hostBox()->setCurrentIndex(0);
    Q_EMIT again.hostBox()->textActivated(again.hostBox()->itemText(0));
    QCOMPARE(again.spec().port, quint16(8443));
    QVERIFY(again.spec().tls);
    QVERIFY(!again.spec().trustLabCa); // no lab: never trusted
}

void TestWidgets::settingsDialogReturnsParams()
{
    PoolParams current;
    current.maxConnections = 64;
    current.dnsServers = {"127.0.0.1:5353"};
    SettingsDialog dialog(current, true);
    dialog.maxConnectionsBox()->setValue(8);
    dialog.maxPerHostBox()->setValue(2);
    dialog.keepAliveBox()->setValue(30);
    dialog.lifetimeBox()->setValue(600);
    const PoolParams p = dialog.params();
    QCOMPARE(p.maxConnections, 8);
    QCOMPARE(p.maxPerHost, 2);
    QCOMPARE(p.maxKeepAlive, std::chrono::milliseconds(30'000));
    QCOMPARE(p.maxLifetime, std::chrono::milliseconds(600'000));
    QCOMPARE(p.dnsServers, current.dnsServers); // untouched fields are kept
    QVERIFY(dialog.confirmDestructive());
    QVERIFY(dialog.maxConnectionsBox()->accessibleName().size() > 0);
}

void TestWidgets::aboutNamesVersions()
{
    const QString html = AboutDialog::aboutHtml();
    QVERIFY(html.contains(QString::fromLatin1(qVersion())));
    QVERIFY(html.contains(QStringLiteral("OpenSSL")));
    QVERIFY(AboutDialog::openSslVersion().startsWith(QStringLiteral("OpenSSL 3")));
    AboutDialog dialog;
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("aboutText")));
}

void TestWidgets::connectionCountFollowsTheModel_data()
{
    QTest::addColumn<ConnectionsFilterProxy::StateFilter>("filter");
    QTest::addColumn<bool>("activeOnly");
    QTest::newRow("unfiltered") << ConnectionsFilterProxy::StateFilter::All << false;
    QTest::newRow("active only") << ConnectionsFilterProxy::StateFilter::All << true;
    QTest::newRow("in use") << ConnectionsFilterProxy::StateFilter::InUse << false;
}

void TestWidgets::connectionCountFollowsTheModel()
{
    // Rows leave the model when their linger ends; rows the filter already hid leave the proxy
    // without a signal of its own. The label must still say what the table holds ("0 of 5 shown"
    // on an empty table was the bug).
    QFETCH(ConnectionsFilterProxy::StateFilter, filter);
    QFETCH(bool, activeOnly);
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(100ms);
    ConnectionsPanel panel(&model);
    panel.proxy()->setStateFilter(filter);
    panel.proxy()->setActiveOnly(activeOnly);
    const auto* count = panel.findChild<QLabel*>(QStringLiteral("connectionCount"));
    QVERIFY(count);
    const auto base = Clock::now();
    model.applyConnections(poolscope::test::makeConnections(1, 5), base);
    QCOMPARE(count->text(), QStringLiteral("5 connections"));
    model.applyConnections({}, base + 10ms); // all closed: they linger
    model.tick(base + 1s);                   // and are gone
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(count->text(), QStringLiteral("0 connections"));
    model.applyConnections(poolscope::test::makeConnections(10, 1), base + 2s);
    if (filter == ConnectionsFilterProxy::StateFilter::All)
        QCOMPARE(count->text(), QStringLiteral("1 connection"));
}

void TestWidgets::eventLogFitsItsWidth_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("twoRows");
    QTest::addColumn<bool>("endpointShown");
    // 290 px is what the log gets in a 1024 x 640 window: the placeholder read "Filte…" and the
    // message column, the reason, was scrolled off to the right.
    QTest::newRow("1024-px window") << 290 << true << false;
    QTest::newRow("wide") << 760 << false << true;
}

void TestWidgets::eventLogFitsItsWidth()
{
    QFETCH(int, width);
    QFETCH(bool, twoRows);
    QFETCH(bool, endpointShown);
    EventLogModel model;
    EventLogPanel panel(&model);
    panel.resize(width, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QLineEdit* search = panel.searchEdit();
    const auto* severity = panel.findChild<QComboBox*>(QStringLiteral("eventSeverity"));
    QVERIFY(severity);
    QCOMPARE(severity->y() > search->y(), twoRows);
    // The placeholder whole, beside the search icon and clear button.
    QVERIFY2(search->width() >= search->fontMetrics().horizontalAdvance(search->placeholderText()) + 40,
             qPrintable(QString::number(search->width())));
    const QTableView* view = panel.view();
    QCOMPARE(!view->isColumnHidden(EventLogModel::Endpoint), endpointShown);
    // The message column starts inside the viewport and has room for a reason's first words (at
    // 290 px the time and the event's kind still come first, and keep their width).
    const int messageX = view->columnViewportPosition(EventLogModel::Message);
    const int visible =
        std::min(view->columnWidth(EventLogModel::Message), view->viewport()->width() - messageX);
    QVERIFY2(messageX >= 0 && visible >= std::min(140, view->viewport()->width() / 3),
             qPrintable(QStringLiteral("message at %1, %2 px visible").arg(messageX).arg(visible)));
}

QTEST_MAIN(TestWidgets)
#include "tst_ui_widgets.moc"
