// examples/trace_recorder against the lab's HTTP server: a program with no Qt records 40 dials
// over a pool of 11 connections, and the trace it wrote reads back here with the same numbers.
#include "fd_guard.h"
#include "poolscope/lab/lab.h"
#include "poolscope/trace/trace_reader.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using lab::ServerKind;

class TestTraceExample : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordsWithoutQt();
};

void TestTraceExample::recordsWithoutQt()
{
    test::FdGuard guard;
    {
        auto started = lab::Lab::start();
        QVERIFY2(started, started ? "" : started.error().message.c_str());
        const auto lab = std::move(started).value();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("example.trace"));
        QProcess program;
        program.setProcessChannelMode(QProcess::MergedChannels);
        program.start(QStringLiteral(POOLSCOPE_TRACE_RECORDER),
                      {QStringLiteral("127.0.0.1"), QString::number(lab->port(ServerKind::Http)), file,
                       QStringLiteral("40")});
        QTRY_COMPARE_WITH_TIMEOUT(program.state(), QProcess::NotRunning, 60'000);
        const QByteArray output = program.readAll();
        QVERIFY2(program.exitStatus() == QProcess::NormalExit && program.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("40 dials"), output.constData());

        trace::TraceReader reader;
        QVERIFY2(reader.open(std::filesystem::path(QFile::encodeName(file).toStdString())),
                 reader.error().c_str());
        QVERIFY(reader.issues().empty());
        QVERIFY(reader.hasEndRecord());
        QVERIFY(reader.snapshots().size() >= 2);
        const auto end = reader.stateAt(reader.durationUs());
        QVERIFY2(end, reader.error().c_str());
        QCOMPARE(end->stats.dials, std::uint64_t{40});
        QCOMPARE(end->stats.reuses + end->stats.connectsSucceeded, std::uint64_t{40});
        QVERIFY(end->stats.reuses > 0);
        QCOMPARE(end->stats.idle, int(end->connections.size())); // all returned
        const auto events = reader.eventsBetween(-1, reader.durationUs(), 10'000);
        QCOMPARE(std::count_if(events.begin(), events.end(),
                               [](const auto& e) { return e.kind == trace::TraceEventKind::Acquired; }),
                 std::ptrdiff_t{40});
    }
    QCOMPARE(guard.settledLeak(), 0);
}

QTEST_GUILESS_MAIN(TestTraceExample)
#include "tst_trace_example.moc"
