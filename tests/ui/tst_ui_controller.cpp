// PoolController against a real lab and a real PoolService, without the window: what the monitor's
// actions do to the pool and what they report must agree with what really happened.

#include "fd_guard.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "timing.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFuture>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThreadPool>
#include <memory>
#include <optional>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;

class TestController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void failedUseForgetsTheLease();
    void closeIsLoggedAsForced();
    void dialAfterShutdownIsRefusedAndLogged();
    void heldConnectionTheServerClosesGoes();
    void labCardsSayWhatHappens_data();
    void labCardsSayWhatHappens();
    void labDnsCardsSayWhatHappens_data();
    void labDnsCardsSayWhatHappens();
    void labDnsResolvesOnlyLabNames();

private:
    void start(ServiceOptions options = {});
    /// The controller's lease from the lab server `kind`, or 0.
    ConnectionId dialLab(lab::ServerKind kind);
    /// The events the service reported so far for `id` (all events for 0).
    QList<ServiceEvent> eventsFor(ConnectionId id) const;
    /// Every status line the controller emitted so far.
    QStringList statusLines() const;
    /// Connection `id` in the service's latest snapshot.
    std::optional<ConnectionInfo> connection(ConnectionId id) const;

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<PoolController> m_controller;
    std::unique_ptr<QSignalSpy> m_status;
    QList<ServiceEvent> m_events;
    std::optional<poolscope::test::FdGuard> m_fds;
};

void TestController::initTestCase()
{
    // Its own settings file: suites run in parallel.
    poolscope::test::prepareWindowTest("PoolScopeUiControllerTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestController::init()
{
    m_fds.emplace();
}

void TestController::start(ServiceOptions options)
{
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    m_controller = std::make_unique<PoolController>(m_service->service(), m_lab.get());
    m_status = std::make_unique<QSignalSpy>(m_controller.get(), &PoolController::status);
    m_events.clear();
    connect(m_service->service(), &PoolService::eventsReady, this,
            [this](const QList<ServiceEvent>& events) { m_events += events; });
}

void TestController::cleanup()
{
    m_status.reset();
    m_controller.reset();
    m_service.reset();
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(m_fds->settledLeak(), 0);
}

void TestController::cleanupTestCase()
{
    m_lab.reset();
}

ConnectionId TestController::dialLab(lab::ServerKind kind)
{
    QSignalSpy leases(m_controller.get(), &PoolController::leaseAcquired);
    if (m_controller->dialLab(kind) != 1 || !leases.wait(10000))
        return 0;
    return leases.at(0).at(0).value<Lease>().id;
}

QList<ServiceEvent> TestController::eventsFor(ConnectionId id) const
{
    QList<ServiceEvent> out;
    for (const ServiceEvent& e : m_events) {
        if (id == 0 || e.id == id)
            out.append(e);
    }
    return out;
}

std::optional<ConnectionInfo> TestController::connection(ConnectionId id) const
{
    const SnapshotPtr snapshot = m_service->service()->latestSnapshot(); // alive while searched
    for (const ConnectionInfo& c : snapshot->connections) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

QStringList TestController::statusLines() const
{
    QStringList out;
    for (const QList<QVariant>& args : *m_status)
        out.append(args.at(0).toString());
    return out;
}

void TestController::failedUseForgetsTheLease()
{
    // A probe that fails ends the lease in the service; the controller must forget it too, or a
    // later forced shutdown tries to close what is no longer there ("Close failed: not leased").
    ServiceOptions options;
    options.probeTimeout = 300ms;
    start(options);
    const ConnectionId id = dialLab(lab::ServerKind::Silent);
    QVERIFY(id != 0);
    QTRY_VERIFY(connection(id).has_value());
    m_controller->use({*connection(id)});
    QTRY_VERIFY_WITH_TIMEOUT(statusLines().join(QLatin1Char('\n')).contains(QLatin1String("probe")), 5000);

    QSignalSpy finished(m_controller.get(), &PoolController::shutdownFinished);
    m_controller->shutdown(ShutdownMode::Forced);
    QVERIFY(finished.wait(5000));
    // A close the controller wrongly issued reached the worker before this request, and its
    // result was posted back before this one's.
    QFuture<void> barrier = m_service->service()->runDueWork();
    QTRY_VERIFY(barrier.isFinished());
    QCoreApplication::processEvents();
    const QString all = statusLines().join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(QLatin1String("Close failed")), qPrintable(all));
}

void TestController::closeIsLoggedAsForced()
{
    // The window's Close is a force-close by the user: the log must not call it the holder's close.
    start();
    const ConnectionId id = dialLab(lab::ServerKind::Http);
    QVERIFY(id != 0);
    m_controller->close({id});
    QTRY_VERIFY(std::any_of(m_events.begin(), m_events.end(), [id](const ServiceEvent& e) {
        return e.id == id && e.kind == ServiceEvent::Kind::Closed;
    }));
    for (const ServiceEvent& e : eventsFor(id)) {
        if (e.kind == ServiceEvent::Kind::Closed)
            QCOMPARE(e.reason, CloseReason::ForceClosed);
    }
    const QString all = statusLines().join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(QLatin1String("failed")), qPrintable(all));
}

void TestController::dialAfterShutdownIsRefusedAndLogged()
{
    start();
    QSignalSpy finished(m_controller.get(), &PoolController::shutdownFinished);
    m_controller->shutdown(ShutdownMode::Forced);
    QVERIFY(finished.wait(5000));
    QVERIFY(m_controller->isShutDown());
    m_status->clear();
    QCOMPARE(m_controller->dialLab(lab::ServerKind::Http), 0);
    QCOMPARE(m_status->size(), 1);
    const QString line = m_status->at(0).at(0).toString();
    QVERIFY2(!line.contains(QLatin1String("reopen()")), qPrintable(line)); // API wording
    QVERIFY2(line.contains(QLatin1String("Reopen")), qPrintable(line));    // the action to use
    // The refusal is in the event log too, not only in the status bar.
    QSignalSpy refused(m_controller.get(), &PoolController::refused);
    QCOMPARE(m_controller->dialLab(lab::ServerKind::Http), 0);
    QCOMPARE(refused.size(), 1);
    const auto event = refused.at(0).at(0).value<ServiceEvent>();
    QCOMPARE(event.kind, ServiceEvent::Kind::DialFailed);
    QCOMPARE(event.error, ErrorCode::ShutDown);
    QVERIFY(event.endpoint.startsWith(QLatin1String("tcp://127.0.0.1:")));

    // Reopen allows dials again.
    QSignalSpy changed(m_controller.get(), &PoolController::shutDownChanged);
    m_controller->reopen();
    QVERIFY(changed.wait(5000));
    QVERIFY(!m_controller->isShutDown());
    QVERIFY(dialLab(lab::ServerKind::Http) != 0);
}

void TestController::heldConnectionTheServerClosesGoes()
{
    // Reproduced: a lab Dial holds its connection with no traffic; idle-closer hangs up after
    // 300 ms, yet the row said "In use" until a later Use failed with a baffling error. The
    // monitor's holds are watched: the connection goes back to the pool, whose liveness check
    // closes it as stale (the peer closed it), and the row goes.
    start();
    const ConnectionId id = dialLab(lab::ServerKind::IdleCloser);
    QVERIFY(id != 0);
    QTRY_VERIFY(connection(id).has_value());
    QCOMPARE(connection(id)->state, ConnectionState::InUse);
    QTRY_VERIFY_WITH_TIMEOUT(!connection(id).has_value(), 5000);
    QTRY_VERIFY(std::any_of(m_events.begin(), m_events.end(), [id](const ServiceEvent& e) {
        return e.id == id && e.kind == ServiceEvent::Kind::Closed;
    }));
    for (const ServiceEvent& e : eventsFor(id)) {
        if (e.kind == ServiceEvent::Kind::Closed)
            QCOMPARE(e.reason, CloseReason::Stale);
    }
    QCOMPARE(m_service->service()->latestSnapshot()->stats.inUse, 0);

    // The controller forgot it too: a forced shutdown does not try to close it again.
    QSignalSpy finished(m_controller.get(), &PoolController::shutdownFinished);
    m_controller->shutdown(ShutdownMode::Forced);
    QVERIFY(finished.wait(5000));
    QFuture<void> barrier = m_service->service()->runDueWork();
    QTRY_VERIFY(barrier.isFinished());
    QCoreApplication::processEvents();
    const QString all = statusLines().join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(QLatin1String("failed")), qPrintable(all));
}

void TestController::labCardsSayWhatHappens_data()
{
    // Each lab server's card promises an outcome; a Dial from its card must produce it.
    QTest::addColumn<lab::ServerKind>("kind");
    QTest::addColumn<bool>("dials");
    QTest::addColumn<QString>("cardSays");
    QTest::addColumn<QString>("statusSays");
    QSet<int> covered;
    const auto row = [&covered](const char* name, lab::ServerKind kind, bool dials, const char* card,
                                const char* status) {
        covered.insert(int(kind));
        QTest::newRow(name) << kind << dials << QString::fromUtf8(card) << QString::fromUtf8(status);
    };
    row("http", lab::ServerKind::Http, true, "keep-alive", "connected");
    row("https", lab::ServerKind::Https, true, "lab-CA certificate", "connected");
    row("echo", lab::ServerKind::Echo, true, "sends back", "connected");
    // Whether the reset beats the connect's confirmation is a race: the card says both.
    row("resetter", lab::ServerKind::Resetter, false, "connection reset by peer", "reset");
    row("refused", lab::ServerKind::Refused, false, "connection refused", "refused");
    row("untrusted", lab::ServerKind::Untrusted, false, "must refuse", "certificate");
    row("expired", lab::ServerKind::Expired, false, "expired", "expired");
    // A host-name mismatch, as the card says, not the IP-address check a dial by address would meet.
    row("wrong-host", lab::ServerKind::WrongHost, false, "host name does not match", "hostname mismatch");
    row("tls12-only", lab::ServerKind::Tls12Only, true, "TLS 1.2", "connected");
    // The engine's message names the handshake and the server once ("TLS handshake with
    // 127.0.0.1:N failed: …"); the code's own words are not put in front again.
    row("legacy-tls", lab::ServerKind::LegacyTls, false, "TLS 1.0/1.1", "TLS handshake with");
    row("plain-on-tls-port", lab::ServerKind::PlainOnTlsPort, false, "handshake fails", "TLS handshake with");
    row("silent", lab::ServerKind::Silent, true, "never sends a byte", "connected");
    row("idle-closer", lab::ServerKind::IdleCloser, true, "idle for more than", "connected");
    // Every server a Dial reaches has its row (the DNS servers: labDnsCardsSayWhatHappens).
    for (const lab::ServerInfo& server : m_lab->servers())
        QVERIFY2(server.udp || covered.contains(int(server.kind)), server.name.c_str());
}

void TestController::labDnsCardsSayWhatHappens_data()
{
    // Reproduced: the DNS cards had no Dial and www.lab.test failed with "not found" (the pool
    // asked the system's resolver). A DNS card's Dial makes that server the pool's resolver and
    // dials http.lab.test through it: dns connects, dns-silent times out while resolving, and the
    // failure is counted as a time-out of the resolve phase, never as a socket error.
    QTest::addColumn<lab::ServerKind>("kind");
    QTest::addColumn<QString>("cardSays");
    QTest::addColumn<bool>("connects");
    QTest::addColumn<QString>("statusSays");
    QTest::newRow("dns") << lab::ServerKind::Dns << QStringLiteral("Dial resolves http.lab.test through it")
                         << true << QStringLiteral("http.lab.test: connected");
    QTest::newRow("dns-silent") << lab::ServerKind::DnsSilent
                                << QStringLiteral("Dial resolves http.lab.test through it and times out")
                                << false << QStringLiteral("resolv");
    int udp = 0;
    for (const lab::ServerInfo& server : m_lab->servers())
        udp += server.udp ? 1 : 0;
    QCOMPARE(udp, 2); // a new DNS server needs its row
}

void TestController::labDnsCardsSayWhatHappens()
{
    QFETCH(lab::ServerKind, kind);
    QFETCH(QString, cardSays);
    QFETCH(bool, connects);
    QFETCH(QString, statusSays);
    start();
    const QString card = QString::fromStdString(m_lab->server(kind).explanation);
    QVERIFY2(card.contains(cardSays), qPrintable(card));
    QCOMPARE(m_controller->labResolver(), std::nullopt); // the system's resolver until a DNS Dial
    QSignalSpy leases(m_controller.get(), &PoolController::leaseAcquired);
    QSignalSpy applied(m_controller.get(), &PoolController::paramsApplied);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(m_controller->dialLab(kind), 1);
    const auto budget = PoolController::labDnsSilentTimeout().count();
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->pendingDials() == 0,
                             int(poolscope::test::withSlack(budget, 3000)));
    QCOMPARE(applied.size(), 1);
    QCOMPARE(m_controller->labResolver(), std::optional<lab::ServerKind>(kind));
    const QStringList lines = statusLines();
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QLatin1String("resolves every name through")),
             qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(lines.constLast().contains(statusSays, Qt::CaseInsensitive), qPrintable(lines.constLast()));
    QCOMPARE(leases.size(), connects ? 1 : 0);

    const PoolStats stats = m_service->service()->stats();
    QCOMPARE(stats.socketErrors, 0u);
    QCOMPARE(stats.resolveFailures, 0u);
    if (connects) {
        const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
        QTRY_VERIFY(connection(id).has_value());
        QCOMPARE(QString::fromStdString(connection(id)->host), PoolController::labDnsName());
        QCOMPARE(connection(id)->state, ConnectionState::InUse);
        QTRY_VERIFY(std::any_of(m_events.begin(), m_events.end(), [id](const ServiceEvent& e) {
            return e.id == id && e.kind == ServiceEvent::Kind::Resolved;
        }));
        QCOMPARE(stats.timeouts, 0u);
    } else {
        // The dial's budget ran out in its resolve phase (the silent server never answered).
        QVERIFY2(clock.elapsed() >= budget - 50, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(stats.timeouts, 1u);
        QTRY_VERIFY(std::any_of(m_events.begin(), m_events.end(), [](const ServiceEvent& e) {
            return e.kind == ServiceEvent::Kind::DialFailed;
        }));
        for (const ServiceEvent& e : std::as_const(m_events)) {
            QVERIFY(e.kind != ServiceEvent::Kind::Resolved);
            if (e.kind == ServiceEvent::Kind::DialFailed) {
                QCOMPARE(e.error, ErrorCode::TimedOut);
                QVERIFY2(e.message.contains(QLatin1String("resolv"), Qt::CaseInsensitive),
                         qPrintable(e.message));
            }
        }
    }

    // A second Dial of the same card finds the resolver in place and does not set it again.
    if (connects) {
        QVERIFY(dialLab(kind) != 0);
        QCOMPARE(applied.size(), 1);
    }
}

void TestController::labDnsResolvesOnlyLabNames()
{
    // With the lab's DNS as the resolver, a name outside .lab.test does not exist: the dial fails
    // as a DNS failure (resolveFailures), not as a socket error.
    start();
    QVERIFY(dialLab(lab::ServerKind::Dns) != 0);
    DialSpec spec;
    spec.host = QStringLiteral("no-such-host.example");
    spec.port = m_lab->server(lab::ServerKind::Http).port;
    spec.timeout = 5000ms;
    QSignalSpy leases(m_controller.get(), &PoolController::leaseAcquired);
    QCOMPARE(m_controller->dial(spec), 1);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->pendingDials() == 0, int(poolscope::test::withSlack(5000, 3000)));
    QCOMPARE(leases.size(), 0);
    QVERIFY2(statusLines().constLast().contains(QLatin1String("not found")),
             qPrintable(statusLines().constLast()));
    const PoolStats stats = m_service->service()->stats();
    QCOMPARE(stats.resolveFailures, 1u);
    QCOMPARE(stats.socketErrors, 0u);
    QCOMPARE(stats.timeouts, 0u);
}

void TestController::labCardsSayWhatHappens()
{
    QFETCH(lab::ServerKind, kind);
    QFETCH(bool, dials);
    QFETCH(QString, cardSays);
    QFETCH(QString, statusSays);
    if (m_lab->server(kind).port == 0)
        QSKIP("this OpenSSL cannot build the server (the card says so); nothing to dial");
    start();
    const QString card = QString::fromStdString(m_lab->server(kind).explanation);
    QVERIFY2(card.contains(cardSays, Qt::CaseInsensitive), qPrintable(card));
    QVERIFY2(!card.contains(QLatin1String("idleCloseAfter")), qPrintable(card)); // no identifiers
    QSignalSpy leases(m_controller.get(), &PoolController::leaseAcquired);
    QCOMPARE(m_controller->dialLab(kind), 1);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->pendingDials() == 0, 10000);
    if (kind == lab::ServerKind::Resetter && leases.size() == 1) {
        // The connect was confirmed first: the first use meets the reset.
        const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
        QTRY_VERIFY(connection(id).has_value());
        const auto before = m_status->size();
        m_controller->use({*connection(id)});
        QTRY_VERIFY_WITH_TIMEOUT(m_status->size() > before, 5000);
    } else {
        QCOMPARE(leases.size(), dials ? 1 : 0);
    }
    const QString last = m_status->isEmpty() ? QString() : m_status->last().at(0).toString();
    QVERIFY2(last.contains(statusSays, Qt::CaseInsensitive), qPrintable(last));
    if (kind == lab::ServerKind::WrongHost)
        QVERIFY2(!last.contains(QLatin1String("IP address")), qPrintable(last));
}

QTEST_MAIN(TestController)
#include "tst_ui_controller.moc"
