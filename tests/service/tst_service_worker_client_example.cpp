// examples/worker_client against the lab's HTTPS server: its worker thread finishes 20 blocking
// GETs, trusting the lab CA through its command line, over one pooled connection reused each time.
#include "fd_guard.h"
#include "poolscope/lab/lab.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using lab::ServerKind;

class TestWorkerClientExample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runs20GetsOverOneConnection()
    {
        test::FdGuard guard;
        {
            auto started = lab::Lab::start();
            QVERIFY2(started, started ? "" : started.error().message.c_str());
            const auto lab = std::move(started).value();
            QTemporaryDir dir;
            QVERIFY(dir.isValid());
            QFile ca(dir.filePath(QStringLiteral("lab-ca.pem")));
            QVERIFY(ca.open(QIODevice::WriteOnly));
            ca.write(QByteArray::fromStdString(lab->caPem()));
            ca.close();

            QProcess client;
            client.setProcessChannelMode(QProcess::MergedChannels);
            // Qt on Windows logs to the debugger unless a console is attached (none under QProcess
            // in Wine): the example's closing qInfo() line must reach the pipe.
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("QT_FORCE_STDERR_LOGGING"), QStringLiteral("1"));
            client.setProcessEnvironment(environment);
            client.start(QStringLiteral(POOLSCOPE_WORKER_CLIENT),
                         {QStringLiteral("127.0.0.1"), QString::number(lab->port(ServerKind::Https)),
                          ca.fileName(), QStringLiteral("20")});
            QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 120'000);
            const QByteArray output = client.readAll();
            QVERIFY2(client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0,
                     output.constData());
            QVERIFY2(output.contains("0 of 20 GETs failed"), output.constData());
            const auto counters = lab->counters(ServerKind::Https);
            QCOMPARE(counters.requests, std::uint64_t{20});
            // One GET at a time, each lease released whole: the first connection serves them all.
            QCOMPARE(counters.accepted, std::uint64_t{1});
        }
        QCOMPARE(guard.settledLeak(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkerClientExample)
#include "tst_service_worker_client_example.moc"
