// Independent clients: the real `openssl s_client` and `curl` must see each server as named.

#include "tst_lab_servers.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace poolscope::lab;

namespace {

struct ToolRun
{
    bool finished = false;
    int exitCode = -1;
    QByteArray stdOut;
    QByteArray output; ///< stdout and stderr together
};

ToolRun runTool(const QString& program, const QStringList& arguments)
{
    ToolRun run;
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return run;
    process.closeWriteChannel(); // s_client ends once stdin is at EOF
    run.finished = process.waitForFinished(20000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.stdOut = process.readAllStandardOutput();
    run.output = run.stdOut + process.readAllStandardError();
    return run;
}

QString hostPort(const char* host, std::uint16_t port)
{
    return QStringLiteral("%1:%2").arg(QLatin1String(host)).arg(port);
}

} // namespace

void TestLabServers::opensslClient_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<bool>("useLabCa");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<QString>("pattern");

    const QStringList checkLocalhost = {QStringLiteral("-verify_hostname"), QStringLiteral("localhost")};
    QTest::newRow("https verifies with the lab CA")
        << ServerKind::Https << true << checkLocalhost << true << QStringLiteral("Verification: OK");
    QTest::newRow("https fails without the lab CA")
        << ServerKind::Https << false << QStringList() << false
        << QStringLiteral("unable to get local issuer certificate");
    QTest::newRow("expired") << ServerKind::Expired << true << QStringList() << false
                             << QStringLiteral("certificate has expired");
    QTest::newRow("wrong-host") << ServerKind::WrongHost << true << checkLocalhost << false
                                << QStringLiteral("hostname mismatch");
    QTest::newRow("untrusted") << ServerKind::Untrusted << true << QStringList() << false
                               << QStringLiteral("self[- ]signed certificate");
    QTest::newRow("tls12-only negotiates TLS 1.2") << ServerKind::Tls12Only << true << QStringList() << true
                                                   << QStringLiteral("Protocol version: TLSv1\\.2");
    QTest::newRow("https negotiates TLS 1.3") << ServerKind::Https << true << QStringList() << true
                                              << QStringLiteral("Protocol version: TLSv1\\.3");
    QTest::newRow("legacy-tls refused by a TLS >= 1.2 client")
        << ServerKind::LegacyTls << true
        << QStringList{QStringLiteral("-min_protocol"), QStringLiteral("TLSv1.2")} << false
        << QStringLiteral("protocol version|unsupported protocol|no protocols available");
    QTest::newRow("plain-on-tls-port fails the handshake")
        << ServerKind::PlainOnTlsPort << true << QStringList() << false
        << QStringLiteral("wrong version number|packet length too long|record layer failure");
}

void TestLabServers::opensslClient()
{
    QFETCH(ServerKind, kind);
    QFETCH(bool, useLabCa);
    QFETCH(QStringList, extra);
    QFETCH(bool, succeeds);
    QFETCH(QString, pattern);
    if (m_openssl.isEmpty())
        QSKIP("the openssl command-line tool is not installed");
    const std::uint16_t port = m_lab->port(kind);
    if (port == 0)
        QSKIP(m_lab->server(kind).explanation.c_str());

    QStringList arguments = {QStringLiteral("s_client"),  QStringLiteral("-connect"),
                             hostPort("127.0.0.1", port), QStringLiteral("-servername"),
                             QStringLiteral("localhost"), QStringLiteral("-verify_return_error"),
                             QStringLiteral("-brief")};
    if (useLabCa)
        arguments << QStringLiteral("-CAfile") << writeCaFile();
    arguments << extra;
    const ToolRun run = runTool(m_openssl, arguments);
    QVERIFY2(run.finished, "openssl s_client did not finish");
    const QString output = QString::fromLocal8Bit(run.output);
    QVERIFY2((run.exitCode == 0) == succeeds,
             qPrintable(QStringLiteral("exit code %1, output:\n%2").arg(run.exitCode).arg(output)));
    QVERIFY2(output.contains(QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption)),
             qPrintable(QStringLiteral("expected /%1/ in:\n%2").arg(pattern, output)));
}

void TestLabServers::curlClient_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<bool>("ipv6");
    QTest::addColumn<bool>("useLabCa");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("pattern"); // in stdout+stderr; empty: none
    QTest::addColumn<QByteArray>("body"); // expected stdout when exitCode is 0

    // curl's documented exit codes: 35 = TLS connect error, 60 = peer certificate not trusted.
    QTest::newRow("http") << ServerKind::Http << false << false << QStringList() << 0 << QString()
                          << QByteArray("ok\n");
    QTest::newRow("https with the lab CA")
        << ServerKind::Https << false << true << QStringList() << 0 << QString() << QByteArray("ok\n");
    QTest::newRow("https over ::1 with the lab CA")
        << ServerKind::Https << true << true << QStringList() << 0 << QString() << QByteArray("ok\n");
    QTest::newRow("https without the lab CA")
        << ServerKind::Https << false << false << QStringList() << 60
        << QStringLiteral("unable to get local issuer certificate") << QByteArray();
    QTest::newRow("expired") << ServerKind::Expired << false << true << QStringList() << 60
                             << QStringLiteral("certificate has expired") << QByteArray();
    QTest::newRow("wrong-host") << ServerKind::WrongHost << false << true << QStringList() << 60
                                << QStringLiteral("no alternative certificate subject name matches")
                                << QByteArray();
    QTest::newRow("untrusted") << ServerKind::Untrusted << false << true << QStringList() << 60
                               << QStringLiteral("self[- ]signed certificate") << QByteArray();
    QTest::newRow("tls12-only") << ServerKind::Tls12Only << false << true << QStringList{QStringLiteral("-v")}
                                << 0 << QStringLiteral("SSL connection using TLSv1\\.2")
                                << QByteArray("ok\n");
    QTest::newRow("legacy-tls refused by --tlsv1.2")
        << ServerKind::LegacyTls << false << true << QStringList{QStringLiteral("--tlsv1.2")} << 35
        << QString() << QByteArray();
    QTest::newRow("plain-on-tls-port")
        << ServerKind::PlainOnTlsPort << false << true << QStringList() << 35
        << QStringLiteral("wrong version number|packet length|record layer") << QByteArray();
    QTest::newRow("bytes") << ServerKind::Http << false << false << QStringList() << 0 << QString()
                           << QByteArray(100, 'x');
}

void TestLabServers::curlClient()
{
    QFETCH(ServerKind, kind);
    QFETCH(bool, ipv6);
    QFETCH(bool, useLabCa);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, pattern);
    QFETCH(QByteArray, body);
    if (m_curl.isEmpty())
        QSKIP("curl is not installed");
    const ServerInfo& info = m_lab->server(kind);
    const std::uint16_t port = ipv6 ? info.port6 : info.port;
    if (port == 0)
        QSKIP(ipv6 ? "no IPv6 loopback on this host" : info.explanation.c_str());

    const QString scheme = info.tls ? QStringLiteral("https") : QStringLiteral("http");
    const QString path = body.size() == 100 ? QStringLiteral("/bytes/100") : QStringLiteral("/");
    const QString url =
        QStringLiteral("%1://%2%3").arg(scheme, hostPort(ipv6 ? "[::1]" : "127.0.0.1", port), path);
    QStringList arguments = {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"),
                             QStringLiteral("--noproxy"), QStringLiteral("*")};
    if (useLabCa)
        arguments << QStringLiteral("--cacert") << writeCaFile();
    arguments << extra << url;
    const ToolRun run = runTool(m_curl, arguments);
    QVERIFY2(run.finished, "curl did not finish");
    const QString output = QString::fromLocal8Bit(run.output);
    QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit code %1 (expected %2), output:\n%3")
                                                      .arg(run.exitCode)
                                                      .arg(exitCode)
                                                      .arg(output)));
    if (!pattern.isEmpty())
        QVERIFY2(output.contains(QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(QStringLiteral("expected /%1/ in:\n%2").arg(pattern, output)));
    if (exitCode == 0)
        QCOMPARE(run.stdOut, body);
}

void TestLabServers::curlReusesKeepAliveConnection()
{
    if (m_curl.isEmpty())
        QSKIP("curl is not installed");
    const QString url =
        QStringLiteral("http://%1/").arg(hostPort("127.0.0.1", m_lab->port(ServerKind::Http)));
    const ToolRun run =
        runTool(m_curl, {QStringLiteral("-sS"), QStringLiteral("-v"), QStringLiteral("--max-time"),
                         QStringLiteral("10"), QStringLiteral("--noproxy"), QStringLiteral("*"), url, url});
    QVERIFY(run.finished);
    const QString output = QString::fromLocal8Bit(run.output);
    QVERIFY2(run.exitCode == 0, qPrintable(output));
    QCOMPARE(run.stdOut, QByteArray("ok\nok\n"));
    QVERIFY2(output.contains(QStringLiteral("Re-using existing connection")), qPrintable(output));
    QCOMPARE(m_lab->counters(ServerKind::Http).accepted, std::uint64_t{1});
    QCOMPARE(m_lab->counters(ServerKind::Http).requests, std::uint64_t{2});
}
