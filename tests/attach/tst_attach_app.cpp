// The real poolscope binary against a PoolPublisher in this test process: --list-apps prints it,
// --attach PID shows it offscreen (with --screenshot and --quit-after) and prints what it showed,
// --attach of an app that does not publish exits with 2 and lists what does.

#include "app_process.h"
#include "fd_guard.h"
#include "poolscope/attach/pool_publisher.h"
#include "poolscope/trace/trace_reader.h"
#include "service_test_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;

class TestAttachApp : public QObject, private LabServiceFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listAppsPrintsThePublisher();
    void attachByPidShowsThePool();
    void attachToNobodyExitsWith2();

private:
    /// Runs poolscope while this process's event loop serves the publisher (QProcess without
    /// waitFor*), at most 60 s.
    AppRun run(const QStringList& args);

    QTemporaryDir m_dir;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<PoolPublisher> m_publisher;
    Lease m_lease;
};

void TestAttachApp::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The discovery directory is under XDG_RUNTIME_DIR: the same one here and in the app.
    const QString runtime = m_dir.filePath(QStringLiteral("runtime"));
    QVERIFY(QDir().mkpath(runtime));
    QVERIFY(QFile::setPermissions(runtime,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
    QVERIFY(startLab());
    m_service = start();
    QVERIFY(m_service);
    m_lease = takeLease(m_service->service(), labRequest(*m_lab, lab::ServerKind::Http));
    QVERIFY(m_lease.id != 0);
    PublishOptions options;
    options.appName = QStringLiteral("attach-app-test");
    m_publisher = std::make_unique<PoolPublisher>(m_service->service(), options);
    QVERIFY2(m_publisher->start(), qPrintable(m_publisher->error()));
}

void TestAttachApp::cleanupTestCase()
{
    m_publisher.reset();
    if (m_service && m_lease.id != 0)
        QVERIFY(!failureOf(m_service->service()->release(m_lease.id)));
    m_lease = {};
    m_service.reset();
    stopLab();
}

AppRun TestAttachApp::run(const QStringList& args)
{
    QProcessEnvironment env = offscreenEnvironment(m_dir.path());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), qEnvironmentVariable("XDG_RUNTIME_DIR"));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral(POOLSCOPE_APP_PATH), args);
    AppRun result;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60'000)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = QStringLiteral("did not finish");
        return result;
    }
    result.exitCode = process.exitCode();
    result.status = process.exitStatus();
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

void TestAttachApp::listAppsPrintsThePublisher()
{
    const AppRun r = run({QStringLiteral("--list-apps")});
    QCOMPARE(r.status, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 0);
    const QString line = QStringLiteral("attach-app-test\tpool default\tpid %1\tallows nothing (read-only)")
                             .arg(QCoreApplication::applicationPid());
    QVERIFY2(r.out.startsWith(line), qPrintable(r.out + r.err));
}

void TestAttachApp::attachByPidShowsThePool()
{
    const QString shot = m_dir.filePath(QStringLiteral("attached.png"));
    const QString trace = m_dir.filePath(QStringLiteral("attached.trace"));
    const AppRun r = run({QStringLiteral("--attach"), QString::number(QCoreApplication::applicationPid()),
                          QStringLiteral("--record"), trace, QStringLiteral("--screenshot"), shot,
                          QStringLiteral("--quit-after"), QStringLiteral("3")});
    QCOMPARE(r.status, QProcess::NormalExit);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QString who =
        QStringLiteral("Attached to attach-app-test (pid %1)").arg(QCoreApplication::applicationPid());
    QVERIFY2(r.out.contains(who), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("in use 1")), qPrintable(r.out));
    QVERIFY(QFileInfo(shot).size() > 0);
    // --record: the trace holds what the window showed, the lease this test holds in use.
    QVERIFY2(r.out.contains(QStringLiteral("Trace written to")), qPrintable(r.out));
    trace::TraceReader reader;
    QVERIFY2(reader.open(std::filesystem::path(QFile::encodeName(trace).toStdString())),
             reader.error().c_str());
    QVERIFY(reader.issues().empty());
    QVERIFY(!reader.snapshots().empty());
    const std::optional<trace::TraceState> end = reader.stateAt(reader.durationUs());
    QVERIFY(end);
    const auto held = std::find_if(end->connections.begin(), end->connections.end(),
                                   [this](const ConnectionInfo& c) { return c.id == m_lease.id; });
    QVERIFY(held != end->connections.end());
    QCOMPARE(held->state, ConnectionState::InUse);
}

void TestAttachApp::attachToNobodyExitsWith2()
{
    const AppRun r = run({QStringLiteral("--attach"), QStringLiteral("no-such-app"),
                          QStringLiteral("--quit-after"), QStringLiteral("1")});
    QCOMPARE(r.status, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--attach:")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("attach-app-test")), qPrintable(r.err)); // what is available
}

QTEST_MAIN(TestAttachApp)
#include "tst_attach_app.moc"
