// examples/published_client in its own process, doing real HTTP traffic against the lab and
// publishing its pool read-only; the monitor's window (offscreen) attaches to it by name, shows
// its connections, refuses force-close, records what it shows; after the app settles, the trace
// replayed to its end shows exactly the pool the app reports; the app quitting shows as Lost.

#include "fd_guard.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/attach/attached_source.h"
#include "poolscope/attach/inspectable_apps.h"
#include "poolscope/service/replay_source.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/source_text.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <algorithm>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace poolscope::test;
using A = MainWindow::Action;
using AS = AttachedSource::Status;

class TestUiAttachExample : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        prepareWindowTest("PoolScopeUiAttachExampleTest");
        m_lab = startTestLab();
        QVERIFY(m_lab);
        QVERIFY(m_dir.isValid());
    }
    void attachRefuseRecordReplay();
    void cleanupTestCase() { m_lab.reset(); }

private:
    /// The next line the app prints that starts with `prefix` (without it), empty on time-out.
    QString lineFrom(QProcess& app, const QString& prefix, int timeoutMs);

    std::unique_ptr<lab::Lab> m_lab;
    QTemporaryDir m_dir;
};

QString TestUiAttachExample::lineFrom(QProcess& app, const QString& prefix, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        while (app.canReadLine()) {
            const QString line = QString::fromUtf8(app.readLine()).trimmed();
            if (line.startsWith(prefix))
                return line.mid(prefix.size());
        }
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0 || app.state() != QProcess::Running)
            return {};
        (void)app.waitForReadyRead(static_cast<int>(std::min<qint64>(left, 1000)));
    }
}

void TestUiAttachExample::attachRefuseRecordReplay()
{
    QThreadPool::globalInstance()->waitForDone();
    FdGuard fds;
    const QString name = QStringLiteral("attach-example-%1").arg(QCoreApplication::applicationPid());
    QProcess app;
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(QStringLiteral(POOLSCOPE_PUBLISHED_CLIENT),
              {QStringLiteral("127.0.0.1"), QString::number(m_lab->port(lab::ServerKind::Http)),
               QStringLiteral("--name"), name});
    QVERIFY2(app.waitForStarted(10'000), qPrintable(app.errorString()));
    const QString published = lineFrom(app, QStringLiteral("published "), 20'000 * timeScale());
    QVERIFY2(published.startsWith(name), qPrintable(published));

    QString error;
    const std::optional<InspectableApp> found = findInspectableApp(name, &error);
    QVERIFY2(found, qPrintable(error));
    QCOMPARE(found->pid, app.processId());
    QVERIFY(found->allowed.isEmpty()); // read-only

    auto source = std::make_unique<AttachedSource>();
    auto window = std::make_unique<MainWindow>(source.get(), nullptr);
    window->show();
    source->attach(*found);
    QTRY_COMPARE_WITH_TIMEOUT(source->status(), AS::Attached, 10'000 * timeScale());
    // The app's connections (it keeps four requests in flight) fill the table.
    QTRY_VERIFY_WITH_TIMEOUT(source->latestSnapshot() && !source->latestSnapshot()->connections.empty(),
                             10'000 * timeScale());
    const ConnectionId some = source->latestSnapshot()->connections.front().id;
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionsModel()->rowById(some), 5000 * timeScale());

    // For README.md: POOLSCOPE_ATTACH_SCREENSHOT=FILE saves the attached window at 1024x640.
    if (const QByteArray shot = qgetenv("POOLSCOPE_ATTACH_SCREENSHOT"); !shot.isEmpty()) {
        window->resize(1024, 640);
        window->selectConnections({some});
        QTest::qWait(1500); // a few snapshots: charts and the log fill in
        QVERIFY(window->grab().save(QString::fromLocal8Bit(shot)));
    }

    // Read-only: force-close is refused here, with the reason, and nothing reaches the app.
    QVERIFY(!source->can(MonitorSource::Capability::Close));
    QCOMPARE(source->requestForceClose({some}), -1);
    window->controller()->close({some});
    QCOMPARE(window->statusBar()->currentMessage(),
             SourceText::refusal(*source, MonitorSource::Capability::Close));

    // Recorded from what the window shows, while the app works and then settles.
    const QString trace = m_dir.filePath(QStringLiteral("attached.trace"));
    QSignalSpy traffic(source.get(), &MonitorSource::eventsReady);
    QVERIFY2(window->startRecording(trace, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(traffic.count() >= 3, 5000 * timeScale()); // some traffic in the trace
    app.write("stop\n");
    const QString final = lineFrom(app, QStringLiteral("final "), 20'000 * timeScale());
    QVERIFY2(!final.isEmpty(), "the app never settled");
    const QJsonObject stats = QJsonDocument::fromJson(final.toUtf8()).object();
    QList<ConnectionId> appIds;
    for (const QJsonValue& id : stats.value(QStringLiteral("ids")).toArray())
        appIds << static_cast<ConnectionId>(id.toInteger());
    std::sort(appIds.begin(), appIds.end());
    QVERIFY(!appIds.isEmpty());
    QCOMPARE(stats.value(QStringLiteral("in_use")).toInt(), 0);
    const auto shownIds = [&source] {
        QList<ConnectionId> ids;
        if (const SnapshotPtr s = source->latestSnapshot()) {
            for (const ConnectionInfo& c : s->connections)
                ids << c.id;
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    // The window catches up within a publish interval or two: the same connections, all idle.
    const int appIdle = stats.value(QStringLiteral("idle")).toInt();
    QTRY_VERIFY_WITH_TIMEOUT(shownIds() == appIds && source->latestSnapshot()->stats.idle == appIdle,
                             5000 * timeScale());
    window->stopRecording();

    // The trace replayed to its end is the app's final pool.
    {
        ReplaySource replay;
        QVERIFY2(replay.open(trace), qPrintable(replay.error()));
        QVERIFY2(replay.problems().isEmpty(), qPrintable(replay.problems().join(QLatin1Char('\n'))));
        QVERIFY(replay.eventCount() > 0);
        replay.seek(replay.durationUs());
        QVERIFY(replay.latestSnapshot());
        QList<ConnectionId> replayed;
        for (const ConnectionInfo& c : replay.latestSnapshot()->connections)
            replayed << c.id;
        std::sort(replayed.begin(), replayed.end());
        QCOMPARE(replayed, appIds);
        QCOMPARE(replay.latestSnapshot()->stats.idle, stats.value(QStringLiteral("idle")).toInt());
        QCOMPARE(replay.latestSnapshot()->stats.inUse, 0);
    }

    // The app quits: the window says so and keeps its last state.
    app.write("quit\n");
    QVERIFY(app.waitForFinished(20'000 * timeScale()));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(source->status(), AS::Lost, 5000 * timeScale());
    QVERIFY(window->connectionsModel()->rowById(appIds.front()));
    QVERIFY(!findInspectableApp(name, &error)); // its discovery entry went with it

    window.reset();
    source.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(fds.settledLeak(10000) <= 0, qPrintable(openFdList()));
}

QTEST_MAIN(TestUiAttachExample)
#include "tst_ui_attach_example.moc"
