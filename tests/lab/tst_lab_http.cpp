// The plain HTTP/1.1 server (also behind https, tls12-only … and plain-on-tls-port) and echo.

#include "tst_lab_servers.h"

#include <QElapsedTimer>
#include <QTest>

using namespace poolscope::lab;
using namespace poolscope::labtest;
using std::chrono::milliseconds;

void TestLabServers::httpKeepAliveServesSeveralRequests()
{
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(client->channel.writeAll(httpRequest("GET", "/"), kIo));
        const auto response = client->reader.next();
        QVERIFY2(response, "no complete response on the kept-alive connection");
        QCOMPARE(response->status, 200);
        QCOMPARE(qb(response->body), QByteArray("ok\n"));
        QCOMPARE(qb(response->header("content-length")), QByteArray("3"));
        QCOMPARE(qb(response->header("connection")), QByteArray("keep-alive"));
        QCOMPARE(qb(response->header("keep-alive")), QByteArray("timeout=5"));
    }
    const ServerCounters counters = m_lab->counters(ServerKind::Http);
    QCOMPARE(counters.accepted, std::uint64_t{1}); // one connection carried all three
    QCOMPARE(counters.requests, std::uint64_t{3});
    QCOMPARE(counters.open, 1);
    client.reset();
    QTRY_COMPARE(m_lab->counters(ServerKind::Http).open, 0);
}

void TestLabServers::httpPipelinedRequestsAnsweredInOrder()
{
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    // Three requests in one write: responses must come back in order and be framed exactly.
    const std::string batch =
        httpRequest("GET", "/bytes/5") + httpRequest("HEAD", "/bytes/7") + httpRequest("GET", "/");
    QVERIFY(client->channel.writeAll(batch, kIo));
    const auto first = client->reader.next();
    QVERIFY(first);
    QCOMPARE(qb(first->body), QByteArray("xxxxx"));
    const auto second = client->reader.next(/*headRequest=*/true);
    QVERIFY(second);
    QCOMPARE(qb(second->header("content-length")), QByteArray("7"));
    const auto third = client->reader.next();
    QVERIFY(third);
    QCOMPARE(qb(third->body), QByteArray("ok\n"));
    QVERIFY(client->reader.buffered().empty());
    QTRY_COMPARE(m_lab->counters(ServerKind::Http).requests, std::uint64_t{3});
}

void TestLabServers::httpConnectionCloseHonoured_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("Connection: close header") << qb(httpRequest("GET", "/", "Connection: close\r\n"));
    QTest::newRow("close among other tokens") << qb(httpRequest("GET", "/", "Connection: TE, Close\r\n"));
    QTest::newRow("/close path") << qb(httpRequest("GET", "/close"));
    QTest::newRow("HTTP/1.0 without keep-alive") << QByteArray("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
}

void TestLabServers::httpConnectionCloseHonoured()
{
    QFETCH(QByteArray, request);
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    // A second request after the closing one must be ignored, not answered.
    QVERIFY(client->channel.writeAll(request.toStdString() + httpRequest("GET", "/"), kIo));
    const auto response = client->reader.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(qb(response->header("connection")), QByteArray("close"));
    QVERIFY(response->header("keep-alive").empty());
    QVERIFY2(client->reader.closedWithin(milliseconds(2000)), "the server kept the connection open");
    QVERIFY(client->reader.buffered().empty());
    client.reset(); // the server lingers (half-closed) until the client closes too
    QTRY_COMPARE(m_lab->counters(ServerKind::Http).open, 0);
    QCOMPARE(m_lab->counters(ServerKind::Http).requests, std::uint64_t{1});
}

void TestLabServers::httpHeadHasNoBody()
{
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    QVERIFY(client->channel.writeAll(httpRequest("HEAD", "/"), kIo));
    const auto head = client->reader.next(/*headRequest=*/true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QCOMPARE(qb(head->header("content-length")), QByteArray("3")); // what GET would send
    // No body bytes may follow: the next response on the connection must start cleanly.
    QVERIFY(!client->reader.closedWithin(milliseconds(100)));
    QVERIFY(client->reader.buffered().empty());
    QVERIFY(client->channel.writeAll(httpRequest("GET", "/"), kIo));
    const auto get = client->reader.next();
    QVERIFY(get);
    QCOMPARE(qb(get->body), QByteArray("ok\n"));
}

void TestLabServers::httpBytes_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("size");
    QTest::newRow("0") << QByteArray("/bytes/0") << 200 << 0;
    QTest::newRow("1") << QByteArray("/bytes/1") << 200 << 1;
    QTest::newRow("64 KiB") << QByteArray("/bytes/65536") << 200 << 65536;
    QTest::newRow("1 MiB") << QByteArray("/bytes/1048576") << 200 << 1048576;
    QTest::newRow("1 MiB + 1 refused") << QByteArray("/bytes/1048577") << 400 << -1;
    QTest::newRow("not a number") << QByteArray("/bytes/ten") << 400 << -1;
    QTest::newRow("query string ignored") << QByteArray("/bytes/4?x=1") << 200 << 4;
}

void TestLabServers::httpBytes()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QFETCH(int, size);
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    QVERIFY(client->channel.writeAll(httpRequest("GET", path.toStdString()), kIo));
    const auto response = client->reader.next(false, milliseconds(10000));
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (size >= 0) {
        QCOMPARE(static_cast<int>(response->body.size()), size);
        QVERIFY(response->body.find_first_not_of('x') == std::string::npos);
    }
    // Neither answer ends the connection.
    QCOMPARE(qb(response->header("connection")), QByteArray("keep-alive"));
}

void TestLabServers::httpMalformedGets400_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("no spaces in request line") << QByteArray("HELLO\r\n\r\n");
    QTest::newRow("unknown version") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost localhost\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n");
    QTest::newRow("bad Content-Length") << QByteArray("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("chunked request body")
        << QByteArray("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    QTest::newRow("headers over 16 KiB")
        << QByteArray("GET / HTTP/1.1\r\nX-Big: ") + QByteArray(17 * 1024, 'a') + QByteArray("\r\n\r\n");
    QTest::newRow("16 KiB without an end of head")
        << QByteArray("GET / HTTP/1.1\r\nX-Big: ") + QByteArray(17 * 1024, 'a');
    QTest::newRow("binary (a TLS ClientHello)") << QByteArray::fromHex("16030100c4010000c00303");
}

void TestLabServers::httpMalformedGets400()
{
    QFETCH(QByteArray, request);
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    QVERIFY(client->channel.writeAll(request.toStdString(), kIo));
    const auto response = client->reader.next();
    QVERIFY2(response, "no answer to a malformed request");
    QCOMPARE(response->status, 400);
    QCOMPARE(qb(response->header("connection")), QByteArray("close"));
    QVERIFY(response->body.rfind("bad request", 0) == 0);
    QVERIFY2(client->reader.closedWithin(milliseconds(2000)), "a malformed request must end the connection");
    client.reset();
    QTRY_COMPARE(m_lab->counters(ServerKind::Http).open, 0);
}

void TestLabServers::httpClosesIdleKeepAlive()
{
    LabOptions options;
    options.httpKeepAlive = std::chrono::seconds(1);
    QVERIFY(restartLab(options));
    auto client = connectHttp(m_lab->port(ServerKind::Http));
    QVERIFY(client);
    QVERIFY(client->channel.writeAll(httpRequest("GET", "/"), kIo));
    const auto response = client->reader.next();
    QVERIFY(response);
    QCOMPARE(qb(response->header("keep-alive")), QByteArray("timeout=1"));
    QElapsedTimer idle;
    idle.start();
    QVERIFY2(!client->reader.closedWithin(milliseconds(500)), "closed well before the advertised timeout");
    QVERIFY2(client->reader.closedWithin(milliseconds(3000)), "still open long after the advertised timeout");
    qInfo("keep-alive connection closed after %lld ms idle (timeout=1 s)",
          static_cast<long long>(idle.elapsed()));
    QVERIFY(idle.elapsed() >= 900);
}

void TestLabServers::httpOverIpv6()
{
    const std::uint16_t port6 = m_lab->server(ServerKind::Http).port6;
    if (port6 == 0)
        QSKIP("no IPv6 loopback on this host");
    auto client = connectHttp(port6, "::1");
    QVERIFY(client);
    QVERIFY(client->channel.writeAll(httpRequest("GET", "/"), kIo));
    const auto response = client->reader.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(m_lab->counters(ServerKind::Http).accepted, std::uint64_t{1});
}

void TestLabServers::echoEchoes()
{
    Connected c = connectTcp("127.0.0.1", m_lab->port(ServerKind::Echo));
    QCOMPARE(c.error, 0);
    PlainChannel channel(std::move(c.fd));
    std::string sent = "hello lab\n";
    for (int i = 0; i < 200 * 1024; ++i)
        sent += static_cast<char>(i % 251); // every byte value but a few, and more than one read
    QVERIFY(channel.writeAll(sent, kIo));
    std::string received;
    std::array<char, 65536> buffer{};
    QElapsedTimer timer;
    timer.start();
    while (received.size() < sent.size() && timer.elapsed() < 10000) {
        const long n = channel.readSome(buffer.data(), buffer.size(), milliseconds(2000));
        QVERIFY2(n > 0, "echo stopped before returning everything");
        received.append(buffer.data(), static_cast<std::size_t>(n));
    }
    QVERIFY(received == sent);
    QVERIFY(m_lab->counters(ServerKind::Echo).requests >= 1);
    QCOMPARE(m_lab->counters(ServerKind::Echo).accepted, std::uint64_t{1});
}
