// Connections that left: closed connections and failed dials stay in the table, greyed, with why
// they left, for the linger the user chose; dials that failed before any snapshot listed them get a
// row from their event; and choosing an event in the log opens its connection's details (or the
// event itself when its row has gone). The model rows are data-driven; the window part runs
// against a real lab and a real PoolService.

#include "fd_guard.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "models/event_log_filter_proxy.h"
#include "models/event_log_model.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/dial_spec.h"
#include "util/palette_colours.h"
#include "util/resources.h"
#include "widgets/details_pane.h"
#include "widgets/event_log_panel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using poolscope::test::makeConnection;
using Tester = QAbstractItemModelTester;
using Kind = ServiceEvent::Kind;

namespace {

ServiceEvent makeEvent(Kind kind, ConnectionId id, const QString& endpoint, const QString& message = {},
                       ErrorCode error = ErrorCode::Ok, CloseReason reason = CloseReason::None)
{
    ServiceEvent e;
    e.kind = kind;
    e.id = id;
    e.endpoint = endpoint;
    e.message = message;
    e.error = error;
    e.reason = reason;
    e.time = QDateTime::currentDateTimeUtc();
    return e;
}

void note(ConnectionsModel& model, const QList<ServiceEvent>& events, Clock::time_point now)
{
    model.noteEvents(
        std::span<const ServiceEvent>(events.constData(), static_cast<std::size_t>(events.size())), now);
}

QString cell(const ConnectionsModel& model, ConnectionId id, int column, int role = Qt::DisplayRole)
{
    return model.index(model.rowOf(id), column).data(role).toString();
}

} // namespace

class TestDepartures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { m_fds = std::make_unique<poolscope::test::FdGuard>(); }
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }

    void rowsSayWhyTheyLeft_data();
    void rowsSayWhyTheyLeft();
    void failedDialWithoutRowGetsOne_data();
    void failedDialWithoutRowGetsOne();
    void greyAfterTheFlashGoneAfterTheLinger();
    void lingerSettingIsSavedAndBounded();
    void windowShowsFailedDialsAndEventsOpenDetails();

private:
    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

void TestDepartures::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeDeparturesTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestDepartures::cleanup()
{
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(m_fds->settledLeak(), 0);
}

void TestDepartures::rowsSayWhyTheyLeft_data()
{
    QTest::addColumn<bool>("eventFirst"); // the event can arrive before or after the snapshot
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("why");
    QTest::newRow("closed, event first")
        << true << int(Kind::Closed) << QStringLiteral("Closed") << QStringLiteral("keep-alive expired");
    QTest::newRow("closed, snapshot first")
        << false << int(Kind::Closed) << QStringLiteral("Closed") << QStringLiteral("keep-alive expired");
    QTest::newRow("dial failed, event first") << true << int(Kind::DialFailed) << QStringLiteral("Failed")
                                              << QStringLiteral("certificate verify failed");
    QTest::newRow("dial failed, snapshot first") << false << int(Kind::DialFailed) << QStringLiteral("Failed")
                                                 << QStringLiteral("certificate verify failed");
}

void TestDepartures::rowsSayWhyTheyLeft()
{
    QFETCH(bool, eventFirst);
    QFETCH(int, kind);
    QFETCH(QString, state);
    QFETCH(QString, why);
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(10s);
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    const auto t0 = Clock::now();
    std::vector<ConnectionInfo> rows{
        makeConnection(1, ConnectionState::Idle, "alpha.test", 443, true, t0),
        makeConnection(2, ConnectionState::Handshaking, "beta.test", 443, true, t0)};
    model.applyConnections(rows, t0);
    const ConnectionId id = Kind(kind) == Kind::Closed ? 1 : 2;
    const ServiceEvent e = Kind(kind) == Kind::Closed
                               ? makeEvent(Kind::Closed, id, QStringLiteral("tls://alpha.test:443"), why,
                                           ErrorCode::Ok, CloseReason::Expired)
                               : makeEvent(Kind::DialFailed, id, QStringLiteral("tls://beta.test:443"), why,
                                           ErrorCode::HandshakeFailed);
    std::erase_if(rows, [id](const ConnectionInfo& c) { return c.id == id; });
    if (eventFirst)
        note(model, {e}, t0 + 10ms);
    model.applyConnections(rows, t0 + 20ms);
    if (!eventFirst)
        note(model, {e}, t0 + 30ms);
    // A failed dial also reports Closed: the failure, which says more, stays.
    if (Kind(kind) == Kind::DialFailed)
        note(model, {makeEvent(Kind::Closed, id, e.endpoint, {}, ErrorCode::Ok, CloseReason::DialFailed)},
             t0 + 40ms);

    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.rowById(id)->gone());
    QCOMPARE(cell(model, id, ConnectionsModel::State), state);
    QVERIFY2(cell(model, id, ConnectionsModel::LastError).contains(why),
             qPrintable(cell(model, id, ConnectionsModel::LastError)));
    QVERIFY(cell(model, id, ConnectionsModel::State, Qt::ToolTipRole).contains(why));
    QVERIFY(cell(model, id, 0, ConnectionsModel::SearchTextRole).contains(why));
    QVERIFY(DetailsPane::renderHtml(*model.rowById(id), t0 + 50ms).contains(why));
    // The row that is still in the pool learnt nothing.
    QVERIFY(model.rowById(3 - id)->departure.isEmpty());
}

void TestDepartures::failedDialWithoutRowGetsOne_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("tls");
    QTest::newRow("tls v4") << QStringLiteral("tls://127.0.0.1:8443") << QStringLiteral("127.0.0.1") << 8443
                            << true;
    QTest::newRow("tcp v6") << QStringLiteral("tcp://[::1]:8080") << QStringLiteral("::1") << 8080 << false;
    QTest::newRow("name") << QStringLiteral("tls://www.lab.test:443") << QStringLiteral("www.lab.test") << 443
                          << true;
    // A reuse key with TLS options ("#1": the lab's trusting options) names the same endpoint.
    QTest::newRow("tls options") << QStringLiteral("tls://127.0.0.1:50879#1") << QStringLiteral("127.0.0.1")
                                 << 50879 << true;
    QTest::newRow("v6 options") << QStringLiteral("tls://[::1]:8443#2") << QStringLiteral("::1") << 8443
                                << true;
    // Not an endpoint at all (a future service's wording): kept as the host, nothing breaks.
    QTest::newRow("garbage") << QStringLiteral("::::]]") << QStringLiteral("::::]]") << 0 << false;
    QTest::newRow("port out of range")
        << QStringLiteral("tcp://h:70000") << QStringLiteral("tcp://h:70000") << 0 << false;
    QTest::newRow("empty") << QString() << QString() << 0 << false;
}

void TestDepartures::failedDialWithoutRowGetsOne()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, tls);
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(5s);
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    const auto t0 = Clock::now();
    model.applyConnections(std::vector<ConnectionInfo>{makeConnection(1, ConnectionState::Idle)}, t0);

    ServiceEvent failed = makeEvent(Kind::DialFailed, 7, endpoint, QStringLiteral("connection refused"),
                                    ErrorCode::ConnectionRefused);
    failed.label = QStringLiteral("lab refused");
    // Twice in one batch and once more later: one row.
    note(model, {failed, failed}, t0 + 1ms);
    note(model, {failed}, t0 + 2ms);
    QCOMPARE(model.rowCount(), 2);
    const ConnectionRow* row = model.rowById(7);
    QVERIFY(row);
    QVERIFY(row->gone());
    QVERIFY(row->failed);
    QCOMPARE(QString::fromStdString(row->info.host), host);
    QCOMPARE(int(row->info.port), port);
    QCOMPARE(row->info.tls, tls);
    QCOMPARE(row->info.lastError.code, ErrorCode::ConnectionRefused);
    QCOMPARE(cell(model, 7, ConnectionsModel::State), QStringLiteral("Failed"));
    QVERIFY(cell(model, 7, ConnectionsModel::LastError).contains(QStringLiteral("connection refused")));
    QCOMPARE(model.index(model.rowOf(7), 0).data(ConnectionsModel::LabelRole).toString(), failed.label);

    // Snapshots that never list it keep it for the linger; the tick then removes it.
    model.applyConnections(std::vector<ConnectionInfo>{makeConnection(1, ConnectionState::Idle)}, t0 + 4s);
    QVERIFY(model.rowById(7));
    model.tick(t0 + 6s);
    QVERIFY(!model.rowById(7));
    QCOMPARE(model.rowCount(), 1);

    // With "remove at once" a failed dial gets no row.
    model.setLinger(0ms);
    ServiceEvent other = failed;
    other.id = 8;
    note(model, {other}, t0 + 7s);
    QVERIFY(!model.rowById(8));
}

void TestDepartures::greyAfterTheFlashGoneAfterTheLinger()
{
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(30s);
    model.setFlashDuration(1s);
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    const auto t0 = Clock::now();
    model.applyConnections(std::vector<ConnectionInfo>{makeConnection(1, ConnectionState::Idle)}, t0);
    model.applyConnections(std::vector<ConnectionInfo>{}, t0 + 100ms);
    const QModelIndex gone = model.index(model.rowOf(1), ConnectionsModel::Endpoint);
    QCOMPARE(gone.data(ConnectionsModel::FlashRole).toDouble(), -1.0); // red: it just left
    QVERIFY(gone.data(Qt::BackgroundRole).value<QColor>().isValid());

    QSignalSpy repaint(&model, &QAbstractItemModel::dataChanged);
    model.tick(t0 + 1200ms);
    QCOMPARE(model.index(model.rowOf(1), 0).data(ConnectionsModel::FlashRole).toDouble(), 0.0);
    QVERIFY(!model.index(model.rowOf(1), 0).data(Qt::BackgroundRole).isValid()); // history, not alarm
    QCOMPARE(model.index(model.rowOf(1), ConnectionsModel::Endpoint).data(Qt::ForegroundRole).value<QColor>(),
             toneText(Tone::Muted, QGuiApplication::palette())); // greyed
    bool backgroundRepainted = false;
    for (const QList<QVariant>& args : repaint) {
        const auto roles = args.at(2).value<QList<int>>();
        backgroundRepainted |= roles.contains(Qt::BackgroundRole) && args.at(0).toModelIndex().row() == 0;
    }
    QVERIFY(backgroundRepainted); // the fade to grey is painted, not left to the next snapshot

    model.tick(t0 + 29s);
    QVERIFY(model.rowById(1));
    model.tick(t0 + 31s);
    QVERIFY(!model.rowById(1));
}

void TestDepartures::lingerSettingIsSavedAndBounded()
{
    QSettings().remove(QStringLiteral("ui/closedLingerSeconds"));
    QCOMPARE(AppSettings::closedLinger(), std::chrono::seconds(AppSettings::kDefaultClosedLingerSeconds));
    AppSettings::setClosedLinger(30s);
    QCOMPARE(AppSettings::closedLinger(), 30s);
    // A value no menu offers (edited by hand, or from another version) reads as the default.
    for (const QVariant& bad :
         {QVariant(-5), QVariant(7), QVariant(QStringLiteral("soon")), QVariant(1e12)}) {
        QSettings().setValue(QStringLiteral("ui/closedLingerSeconds"), bad);
        QCOMPARE(AppSettings::closedLinger(), std::chrono::seconds(AppSettings::kDefaultClosedLingerSeconds));
    }
    ConnectionsModel model;
    model.setLinger(-1s);
    QCOMPARE(model.linger(), 0ms);
    QSettings().remove(QStringLiteral("ui/closedLingerSeconds"));
}

void TestDepartures::windowShowsFailedDialsAndEventsOpenDetails()
{
    AppSettings::setClosedLinger(120s);
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    std::unique_ptr<PoolServiceThread> service = std::move(started).value();
    auto window = std::make_unique<MainWindow>(service->service(), m_lab.get());
    QCOMPARE(window->connectionsModel()->linger(), 120s);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));

    // The menu shows the saved choice, and another choice applies at once.
    auto* menu = window->menuBar()->findChild<QMenu*>(QStringLiteral("lingerMenu"));
    QVERIFY(menu);
    QAction* checked = nullptr;
    QAction* thirty = nullptr;
    for (QAction* a : menu->actions()) {
        if (a->isChecked())
            checked = a;
        if (a->data().toInt() == 30)
            thirty = a;
    }
    QVERIFY(checked && thirty);
    QCOMPARE(checked->data().toInt(), 120);
    thirty->trigger();
    QCOMPARE(window->connectionsModel()->linger(), 30s);
    QCOMPARE(AppSettings::closedLinger(), 30s);

    // A dial the lab's untrusted server refuses at the handshake: a greyed "Failed" row saying why.
    DialSpec spec;
    spec.host = QStringLiteral("127.0.0.1");
    spec.port = m_lab->port(lab::ServerKind::Untrusted);
    spec.tls = true;
    spec.timeout = 5s;
    window->dial(spec);
    const EventLogModel* log = window->eventLogModel();
    int failedRow = -1;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (int r = 0; r < log->rowCount(); ++r) {
                                     if (log->event(r).kind == Kind::DialFailed)
                                         failedRow = r;
                                 }
                                 return failedRow >= 0;
                             }()),
                             10000);
    const ServiceEvent failed = log->event(failedRow);
    QVERIFY(failed.id != 0);
    ConnectionsModel* model = window->connectionsModel();
    QTRY_VERIFY(model->rowById(failed.id) && model->rowById(failed.id)->gone() &&
                model->rowById(failed.id)->failed);
    QCOMPARE(cell(*model, failed.id, ConnectionsModel::State), QStringLiteral("Failed"));
    // The failure is one line of the log, not a DialFailed line and a Closed line saying it again.
    int linesOfIt = 0;
    for (int r = 0; r < log->rowCount(); ++r) {
        const ServiceEvent& e = log->event(r);
        if (e.id == failed.id && (e.kind == Kind::DialFailed || e.kind == Kind::Closed))
            ++linesOfIt;
    }
    QCOMPARE(linesOfIt, 1);

    // Clicking the event selects its row and the details say why it failed.
    QTableView* view = window->eventLogPanel()->view();
    const QModelIndex shown = window->eventLogPanel()->proxy()->mapFromSource(log->index(failedRow, 0));
    QVERIFY(shown.isValid());
    view->scrollTo(shown);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(shown).center());
    QTRY_COMPARE(window->detailsPane()->shownId(), failed.id);
    QVERIFY(window->selectedIds() == QList<ConnectionId>{failed.id});
    const QString details = window->detailsPane()->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("Why it failed")) && details.contains(QStringLiteral("Failed")),
             qPrintable(details));

    // Once its row is gone, the event itself is shown.
    model->setLinger(0ms);
    model->tick(Clock::now() + 1s);
    QVERIFY(!model->rowById(failed.id));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(shown).center());
    const QString fromEvent = window->detailsPane()->toPlainText();
    QVERIFY2(fromEvent.contains(QStringLiteral("no longer in the table")) &&
                 fromEvent.contains(QStringLiteral("#%1").arg(failed.id)),
             qPrintable(fromEvent));

    window.reset();
    service.reset();
    QSettings().remove(QStringLiteral("ui/closedLingerSeconds"));
}

QTEST_MAIN(TestDepartures)
#include "tst_ui_departures.moc"
