// examples/https_client against the lab's HTTPS server: it finishes its 200 GETs, trusting the lab
// CA through its command line, over a handful of pooled connections.
#include "fd_guard.h"
#include "poolscope/lab/lab.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using lab::ServerKind;

class TestHttpsClientExample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runs200GetsOverFewConnections()
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
            client.start(
                QStringLiteral(POOLSCOPE_HTTPS_CLIENT),
                {QStringLiteral("127.0.0.1"), QString::number(lab->port(ServerKind::Https)), ca.fileName()});
            QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 120'000);
            const QByteArray output = client.readAll();
            QVERIFY2(client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0,
                     output.constData());
            const auto counters = lab->counters(ServerKind::Https);
            QCOMPARE(counters.requests, std::uint64_t{200});
            QVERIFY2(counters.accepted <= 8, qPrintable(QString::number(counters.accepted)));
        }
        QCOMPARE(guard.settledLeak(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpsClientExample)
#include "tst_service_https_client_example.moc"
