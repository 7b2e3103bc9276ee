// Servers that misbehave on purpose (silent, idle-closer, resetter, refused), DNS, and load.

#include "test_platform.h"
#include "tst_lab_servers.h"

#include <QElapsedTimer>
#include <QTest>
#include <cerrno>

using namespace poolscope::lab;
using namespace poolscope::labtest;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kNoAnswerWindow(300);

} // namespace

void TestLabServers::silentSendsNothing()
{
    Connected c = connectTcp("127.0.0.1", m_lab->port(ServerKind::Silent));
    QCOMPARE(c.error, 0);
    PlainChannel channel(std::move(c.fd));
    QVERIFY(channel.writeAll(httpRequest("GET", "/"), kIo));
    QCOMPARE(waitFor(channel.fd(), sys::kPollIn, kNoAnswerWindow), Wait::TimedOut);
    QTRY_COMPARE(m_lab->counters(ServerKind::Silent).accepted, std::uint64_t{1});
    QCOMPARE(m_lab->counters(ServerKind::Silent).open, 1); // held open, not closed

    // A TLS handshake against it never completes.
    TlsClientOptions options = trustingClient();
    auto tls = TlsChannel::connect("127.0.0.1", m_lab->port(ServerKind::Silent), options, kNoAnswerWindow);
    QVERIFY(!tls->handshakeOk());
    QCOMPARE(qb(tls->error()), QByteArray("handshake timed out"));
    tls.reset();
    QCOMPARE(m_lab->counters(ServerKind::Silent).requests, std::uint64_t{0});
}

void TestLabServers::idleCloserClosesAfterIdleLimit()
{
    m_lab->setIdleCloseAfter(milliseconds(100));
    Connected c = connectTcp("127.0.0.1", m_lab->port(ServerKind::IdleCloser));
    QCOMPARE(c.error, 0);
    PlainChannel channel(std::move(c.fd));
    HttpReader reader(channel);

    QVERIFY(channel.writeAll(httpRequest("GET", "/"), kIo));
    QVERIFY(reader.next());
    QVERIFY2(!reader.closedWithin(milliseconds(50)), "closed before the idle limit");
    // Activity resets the idle clock: 50 + 50 ms after the first response it is still open.
    // The timer starts before the request that restarts the server's idle clock (it restarts when
    // the response is sent, later), so `elapsed` never reads less than the server really waited,
    // however late this thread gets to read the response (under Wine on a loaded machine a read
    // came > 10 ms after the send, and a correct server seemed to close at 86 ms).
    QElapsedTimer idle;
    idle.start();
    QVERIFY(channel.writeAll(httpRequest("GET", "/"), kIo));
    const auto second = reader.next();
    QVERIFY2(second, "the connection did not survive a gap shorter than the idle limit");
    QCOMPARE(second->status, 200);
    QVERIFY2(!reader.closedWithin(milliseconds(60)), "closed before the idle limit");
    QVERIFY2(reader.closedWithin(milliseconds(2000)), "not closed after the idle limit");
    const qint64 elapsed = idle.elapsed();
    qInfo("idle-closer closed the connection %lld ms after the last request (idle limit 100 ms)",
          static_cast<long long>(elapsed));
    QVERIFY2(elapsed >= 100, qPrintable(QString::number(elapsed)));
    QTRY_COMPARE(m_lab->counters(ServerKind::IdleCloser).open, 0);
    QCOMPARE(m_lab->counters(ServerKind::IdleCloser).requests, std::uint64_t{2});
}

void TestLabServers::idleCloserLimitChangesAtRuntime()
{
    m_lab->setIdleCloseAfter(milliseconds(10000));
    Connected c = connectTcp("127.0.0.1", m_lab->port(ServerKind::IdleCloser));
    QCOMPARE(c.error, 0);
    PlainChannel channel(std::move(c.fd));
    HttpReader reader(channel);
    QVERIFY(channel.writeAll(httpRequest("GET", "/"), kIo));
    QVERIFY(reader.next());
    QVERIFY(!reader.closedWithin(milliseconds(200)));
    // Lowering the limit applies to a connection that is already idle (and already past it).
    QElapsedTimer timer;
    timer.start();
    m_lab->setIdleCloseAfter(milliseconds(50));
    QVERIFY2(reader.closedWithin(milliseconds(2000)), "a lowered idle limit was not applied");
    qInfo("closed %lld ms after lowering the limit", static_cast<long long>(timer.elapsed()));
    QVERIFY(timer.elapsed() < 1000);
}

void TestLabServers::resetterResets()
{
    Connected c = connectTcp("127.0.0.1", m_lab->port(ServerKind::Resetter));
    // The kernel completes the TCP handshake before the server even accepts, so connect()
    // succeeds; the RST follows at once and may already be pending when connect() is checked.
    if (c.error != 0) {
        QCOMPARE(c.error, ECONNRESET);
    } else {
        QCOMPARE(waitFor(c.fd.get(), sys::kPollIn, milliseconds(2000)), Wait::Ready);
        char byte = 0;
        const sys::IoResult n = sys::recv(c.fd.get(), &byte, 1);
        if (n == 0 && poolscope::test::runningUnderWine())
            qInfo("Wine reports the reset as end of stream (Windows and Linux: ECONNRESET)");
        else
            QCOMPARE(n, -sys::IoResult{ECONNRESET});
    }
    QTRY_COMPARE(m_lab->counters(ServerKind::Resetter).accepted, std::uint64_t{1});
    QCOMPARE(m_lab->counters(ServerKind::Resetter).open, 0);
}

void TestLabServers::refusedRefuses_data()
{
    QTest::addColumn<bool>("ipv6");
    QTest::newRow("127.0.0.1") << false;
    QTest::newRow("::1") << true;
}

void TestLabServers::refusedRefuses()
{
    QFETCH(bool, ipv6);
    const ServerInfo& info = m_lab->server(ServerKind::Refused);
    const std::uint16_t port = ipv6 ? info.port6 : info.port;
    if (port == 0)
        QSKIP("no IPv6 loopback on this host");
    Connected c = connectTcp(ipv6 ? "::1" : "127.0.0.1", port);
    QCOMPARE(c.error, ECONNREFUSED);
    QVERIFY(!c.fd.valid());
}

void TestLabServers::ipv4PortsRefuseOnIpv6()
{
    // A dial by name (www.lab.test → ::1 and 127.0.0.1) tries [::1] at a server's IPv4 port first.
    // The lab holds every such port on ::1 without listening: refused at once, whatever else runs.
    if (m_lab->server(ServerKind::Refused).port6 == 0)
        QSKIP("no IPv6 loopback on this host");
    int checked = 0;
    for (const ServerInfo& info : m_lab->servers()) {
        if (info.udp || info.port == 0)
            continue;
        Connected c = connectTcp("::1", info.port);
        QVERIFY2(c.error == ECONNREFUSED && !c.fd.valid(), info.name.c_str());
        ++checked;
    }
    QVERIFY(checked >= 10);
}

void TestLabServers::dnsAnswers_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("rcode");
    QTest::addColumn<QByteArray>("address"); // empty: no answer record

    QTest::newRow("x.lab.test A") << QByteArray("x.lab.test") << 1 << 0 << QByteArray("127.0.0.1");
    QTest::newRow("mixed case, deep") << QByteArray("Api.Deep.LAB.Test") << 1 << 0 << QByteArray("127.0.0.1");
    QTest::newRow("x.lab.test AAAA") << QByteArray("x.lab.test") << 28 << 0 << QByteArray("::1");
    QTest::newRow("x.lab.test MX (no data)") << QByteArray("x.lab.test") << 15 << 0 << QByteArray();
    QTest::newRow("example.com NXDOMAIN") << QByteArray("example.com") << 1 << 3 << QByteArray();
    QTest::newRow("lab.test itself NXDOMAIN") << QByteArray("lab.test") << 1 << 3 << QByteArray();
    QTest::newRow("x.lab.testing NXDOMAIN") << QByteArray("x.lab.testing") << 1 << 3 << QByteArray();
}

void TestLabServers::dnsAnswers()
{
    QFETCH(QByteArray, name);
    QFETCH(int, type);
    QFETCH(int, rcode);
    QFETCH(QByteArray, address);

    const std::uint16_t id = 0x5A17;
    const auto query = dnsQuery(id, name.toStdString(), static_cast<std::uint16_t>(type));
    const auto raw = udpExchange(m_lab->port(ServerKind::Dns), query, milliseconds(2000));
    QVERIFY2(raw, "no DNS answer");
    const auto reply = parseDnsReply(*raw);
    QVERIFY(reply);
    QCOMPARE(reply->id, id);
    QCOMPARE(reply->rcode, rcode);
    if (address.isEmpty()) {
        QCOMPARE(reply->answers, 0);
    } else {
        QCOMPARE(reply->answers, 1);
        QCOMPARE(qb(reply->addresses.at(0)), address);
        QCOMPARE(reply->ttls.at(0), std::uint32_t{1});
    }
    QTRY_COMPARE(m_lab->counters(ServerKind::Dns).requests, std::uint64_t{1});
}

void TestLabServers::dnsIgnoresMalformed()
{
    const std::uint16_t port = m_lab->port(ServerKind::Dns);
    QVERIFY(!udpExchange(port, {0x12, 0x34, 0x01}, kNoAnswerWindow));
    auto response = dnsQuery(7, "x.lab.test", 1);
    response[2] |= 0x80; // QR set: a response, not a query
    QVERIFY(!udpExchange(port, response, kNoAnswerWindow));
    auto truncated = dnsQuery(8, "x.lab.test", 1);
    truncated.resize(truncated.size() - 3);
    QVERIFY(!udpExchange(port, truncated, kNoAnswerWindow));
    // Still serving after all that.
    const auto raw = udpExchange(port, dnsQuery(9, "ok.lab.test", 1), milliseconds(2000));
    QVERIFY(raw);
    QCOMPARE(parseDnsReply(*raw)->rcode, 0);
}

void TestLabServers::dnsSilentNeverAnswers()
{
    QVERIFY(!udpExchange(m_lab->port(ServerKind::DnsSilent), dnsQuery(1, "x.lab.test", 1), kNoAnswerWindow));
    QTRY_COMPARE(m_lab->counters(ServerKind::DnsSilent).requests, std::uint64_t{1}); // it did receive it
}

void TestLabServers::thousandConcurrentConnections()
{
    constexpr int kCount = 1000;
    constexpr long long needed = 2 * kCount + 256; // both ends live in this process
    // -1: no per-process limit (Windows).
    if (const long long limit = poolscope::test::descriptorLimit(); limit >= 0 && limit < needed) {
        if (poolscope::test::descriptorLimitMax() >= needed)
            (void)poolscope::test::setDescriptorLimit(needed);
        if (poolscope::test::descriptorLimit() < needed)
            QSKIP("RLIMIT_NOFILE is too low for 1000 connections plus their server ends");
    }

    struct Client
    {
        Fd fd;
        bool sent = false;
        bool done = false;
        std::string received;
    };
    std::vector<Client> clients(kCount);
    const std::uint16_t port = m_lab->port(ServerKind::Http);
    for (Client& client : clients) {
        Connected c = startConnect("127.0.0.1", port);
        QCOMPARE(c.error, 0);
        client.fd = std::move(c.fd);
    }
    const std::string request = httpRequest("GET", "/");
    QElapsedTimer timer;
    timer.start();
    int done = 0;
    std::vector<sys::PollEntry> fds;
    std::vector<Client*> owners;
    while (done < kCount && timer.elapsed() < 30000) {
        fds.clear();
        owners.clear();
        for (Client& client : clients) {
            if (client.done)
                continue;
            fds.push_back({client.fd.get(), client.sent ? short{sys::kPollIn} : short{sys::kPollOut}, 0});
            owners.push_back(&client);
        }
        const int ready = sys::poll(fds.data(), fds.size(), 1000);
        QVERIFY(ready >= 0 || ready == -EINTR);
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents == 0)
                continue;
            Client& client = *owners[i];
            if (!client.sent) {
                QCOMPARE(sys::pendingError(client.fd.get()), 0);
                QCOMPARE(sys::send(client.fd.get(), request.data(), request.size()),
                         static_cast<sys::IoResult>(request.size()));
                client.sent = true;
                continue;
            }
            std::array<char, 512> buffer{};
            const sys::IoResult n = sys::recv(client.fd.get(), buffer.data(), buffer.size());
            QVERIFY2(n > 0, "a connection ended without its response");
            client.received.append(buffer.data(), static_cast<std::size_t>(n));
            if (client.received.size() >= 4 && client.received.find("\r\n\r\nok\n") != std::string::npos) {
                QVERIFY(client.received.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
                client.done = true;
                ++done;
            }
        }
    }
    qInfo("%d concurrent connections answered in %lld ms", done, static_cast<long long>(timer.elapsed()));
    QCOMPARE(done, kCount);
    const ServerCounters counters = m_lab->counters(ServerKind::Http);
    QCOMPARE(counters.accepted, std::uint64_t{kCount});
    QCOMPARE(counters.requests, std::uint64_t{kCount});
    QCOMPARE(counters.open, kCount); // all still open at once: keep-alive
    clients.clear();
    QTRY_COMPARE(m_lab->counters(ServerKind::Http).open, 0);
}
