// The real poolscope binary with --record: a 3-second offscreen demo writes a trace that reads back
// (header, events, snapshots, end), and a path that cannot be created is a bad option (exit code 2).
// --open replays that trace offscreen to its end (the summary it prints agrees with the reader's end
// state); a file that is not a trace is refused with exit code 2.

#include "app_process.h"
#include "fd_guard.h"
#include "poolscope/trace/trace_reader.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;

namespace {

const QString kApp = QStringLiteral(POOLSCOPE_APP_PATH);

poolscope::test::AppRun runApp(const QStringList& args, const QString& home)
{
    return poolscope::test::runProgram(kApp, args, poolscope::test::offscreenEnvironment(home), home);
}

} // namespace

class TestTraceApp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kApp), qPrintable(kApp));
        QTemporaryDir dir;
        runApp({QStringLiteral("--version")}, dir.path()); // QProcess's own descriptor, once
        m_fds = poolscope::test::FdGuard();
    }
    void demoRecording();
    void badPath();
    void openBadTrace_data();
    void openBadTrace();
    void cleanupTestCase() { QCOMPARE(m_fds.settledLeak(), 0); }

private:
    poolscope::test::FdGuard m_fds;
};

void TestTraceApp::demoRecording()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("demo.trace"));
    const poolscope::test::AppRun run = runApp({QStringLiteral("--demo"), QStringLiteral("--record"), file,
                                                QStringLiteral("--quit-after"), QStringLiteral("3")},
                                               dir.path());
    QVERIFY2(run.status == QProcess::NormalExit && run.exitCode == 0,
             qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.out.contains(QStringLiteral("Trace written to")), qPrintable(run.out));

    trace::TraceReader reader;
    QVERIFY2(reader.open(std::filesystem::path(QFile::encodeName(file).toStdString())),
             reader.error().c_str());
    QVERIFY2(reader.issues().empty(),
             reader.issues().empty() ? "" : reader.issues().front().toString().c_str());
    QVERIFY2(reader.header().writer.starts_with("poolscope "), reader.header().writer.c_str());
    QVERIFY(reader.hasEndRecord());
    QVERIFY2(reader.eventCount() > 0, "the demo recorded no event in 3 s");
    QVERIFY(reader.snapshots().size() >= 2); // at start and at exit, more in between
    QVERIFY(reader.durationUs() >= 2'000'000);
    const auto end = reader.stateAt(reader.durationUs());
    QVERIFY2(end, reader.error().c_str());
    QVERIFY(end->stats.dials > 0);
    const auto events = reader.eventsBetween(-1, reader.durationUs(), 100'000);
    QCOMPARE(events.size(), std::size_t(reader.eventCount()));
    QVERIFY(std::any_of(events.begin(), events.end(),
                        [](const auto& e) { return e.kind == trace::TraceEventKind::Acquired; }));

    const QString shot = dir.filePath(QStringLiteral("replay.png"));
    const poolscope::test::AppRun replay =
        runApp({QStringLiteral("--open"), file, QStringLiteral("--at"), QStringLiteral("end"),
                QStringLiteral("--screenshot"), shot, QStringLiteral("--quit-after"), QStringLiteral("1")},
               dir.path());
    QVERIFY2(replay.status == QProcess::NormalExit && replay.exitCode == 0,
             qPrintable(QStringLiteral("exit %1: %2").arg(replay.exitCode).arg(replay.err)));
    QVERIFY(QFile::exists(shot));
    // "Replayed FILE at 3.1 s of 3.1 s: PoolScope summary: in use …, dials N, reuses M, …"
    QVERIFY2(replay.out.contains(QStringLiteral("Replayed ")), qPrintable(replay.out));
    QVERIFY2(replay.out.contains(
                 QStringLiteral("dials %1, reuses %2,").arg(end->stats.dials).arg(end->stats.reuses)),
             qPrintable(replay.out));
    QVERIFY2(
        replay.out.contains(QStringLiteral("in use %1, idle %2,").arg(end->stats.inUse).arg(end->stats.idle)),
        qPrintable(replay.out));
}

void TestTraceApp::openBadTrace_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("missing") << QByteArray() << QStringLiteral("cannot be replayed");
    QTest::newRow("not a trace") << QByteArray("{\"hello\": 1}\n") << QStringLiteral("line 1");
}

void TestTraceApp::openBadTrace()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, errorPart);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bad.trace"));
    if (!content.isEmpty()) {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
    }
    const poolscope::test::AppRun run = runApp(
        {QStringLiteral("--open"), file, QStringLiteral("--quit-after"), QStringLiteral("1")}, dir.path());
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(errorPart), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("bad.trace")), qPrintable(run.err));
}

void TestTraceApp::badPath()
{
    QTemporaryDir dir;
    const poolscope::test::AppRun run = runApp({QStringLiteral("--no-lab"), QStringLiteral("--record"),
                                                dir.filePath(QStringLiteral("no/such/dir/x.trace")),
                                                QStringLiteral("--quit-after"), QStringLiteral("1")},
                                               dir.path());
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("--record: cannot open")), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestTraceApp)
#include "tst_trace_app.moc"
