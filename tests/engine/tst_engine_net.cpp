// The engine's network and TLS layer (resolve, Happy Eyeballs connect, client handshakes,
// idle-connection liveness) against servers this test runs itself on 127.0.0.1 / ::1.
// No DNS query ever reaches the system resolver: every name lookup names a local server.
// This file: dial control, address parsing, resolution. Connect and TLS cases live in
// tst_engine_net_connect.cpp and tst_engine_net_tls.cpp.

#include "tst_engine_net.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <stop_token>

using namespace poolscope;
using namespace poolscope::detail;
using namespace poolscope::test::net;
using poolscope::test::DnsServer;
using poolscope::test::FdGuard;

void TestEngineNet::initTestCase()
{
    const std::string failure = m_pki.generate();
    QVERIFY2(failure.empty(), failure.c_str());
    // One-time initialisation (OpenSSL config and RNG, c-ares library state) happens here, so the
    // per-test descriptor counts only see what a test itself opened.
    QVERIFY(clientContext(trustingOptions()));
    DnsServer dns({}, false);
    QVERIFY(dns.ok());
    const auto warm = resolve("warm.lab.test", 1, withDeadline(milliseconds(2000)), {{dns.server()}});
    QVERIFY(!warm.ok());
}

void TestEngineNet::dialControl()
{
    DialControl c;
    QCOMPARE(c.pollSliceMs(), 25);
    QVERIFY(!c.cancelled());
    QVERIFY(c.check(DialPhase::Resolve, "resolve of example.lab.test").ok());

    c.deadline = Clock::now() + milliseconds(10);
    QVERIFY(c.pollSliceMs() >= 0 && c.pollSliceMs() <= 10);
    c.deadline = Clock::now() + std::chrono::microseconds(800);
    const int slice = c.pollSliceMs();
    QVERIFY2(slice == 1 || c.expired(),
             "a sub-millisecond remainder must round up to 1, not busy-poll with 0");

    c.deadline = Clock::now() - milliseconds(1);
    QCOMPARE(c.pollSliceMs(), 0);
    Error e = c.check(DialPhase::Resolve, "resolve of example.lab.test");
    QVERIFY2(e.code == ErrorCode::TimedOut && e.phase == DialPhase::Resolve, explain(e).constData());
    QCOMPARE(QByteArray::fromStdString(e.message), QByteArray("resolve of example.lab.test timed out"));

    std::atomic<bool> abort{true};
    c.poolAbort = &abort;
    QVERIFY(c.check(DialPhase::Connect, "connect").code == ErrorCode::ShutDown);
    int flag = 0;
    c.cancelFlag = &flag;
    QVERIFY(!c.cancelled());
    std::atomic_ref<int>(flag).store(1);
    QVERIFY(c.cancelled());
    e = c.check(DialPhase::Connect, "connect to x");
    QVERIFY2(e.code == ErrorCode::Cancelled && e.phase == DialPhase::Connect, explain(e).constData());

    DialControl s;
    std::stop_source source;
    s.stop = source.get_token();
    QVERIFY(!s.cancelled());
    source.request_stop();
    QVERIFY(s.cancelled());

    const DialControl open;
    const auto before = Clock::now();
    const DialControl bounded = open.withPhaseTimeout(milliseconds(100));
    QVERIFY(bounded.deadline >= before + milliseconds(100) &&
            bounded.deadline <= Clock::now() + milliseconds(100));
    const DialControl tight = withDeadline(milliseconds(10));
    QVERIFY(tight.withPhaseTimeout(milliseconds(1000)).deadline == tight.deadline);
    QVERIFY(tight.withPhaseTimeout(milliseconds(0)).deadline == tight.deadline);
}

void TestEngineNet::ipLiteral_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("literal");
    QTest::newRow("v4") << QByteArray("127.0.0.1") << true;
    QTest::newRow("v6 loopback") << QByteArray("::1") << true;
    QTest::newRow("v6") << QByteArray("2001:db8::1") << true;
    QTest::newRow("v4-mapped") << QByteArray("::ffff:127.0.0.1") << true;
    QTest::newRow("bracketed") << QByteArray("[::1]") << false;
    QTest::newRow("name") << QByteArray("localhost") << false;
    QTest::newRow("short v4") << QByteArray("127.1") << false;
    QTest::newRow("octet too big") << QByteArray("1.2.3.256") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestEngineNet::ipLiteral()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, literal);
    QCOMPARE(isIpLiteral(host.toStdString()), literal);
}

void TestEngineNet::dnsServerString_data()
{
    QTest::addColumn<QByteArray>("server");
    QTest::addColumn<bool>("valid");
    QTest::newRow("v4") << QByteArray("1.2.3.4") << true;
    QTest::newRow("v4 port") << QByteArray("1.2.3.4:53") << true;
    QTest::newRow("v6 bracket port") << QByteArray("[::1]:53") << true;
    QTest::newRow("v6") << QByteArray("::1") << true;
    QTest::newRow("v6 bracket") << QByteArray("[::1]") << true;
    QTest::newRow("port 0") << QByteArray("1.2.3.4:0") << false;
    QTest::newRow("port too big") << QByteArray("1.2.3.4:65536") << false;
    QTest::newRow("port text") << QByteArray("1.2.3.4:dns") << false;
    QTest::newRow("name") << QByteArray("dns.example") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("v6 empty port") << QByteArray("[::1]:") << false;
    QTest::newRow("v6 unclosed") << QByteArray("[::1") << false;
    QTest::newRow("two ports") << QByteArray("1.2.3.4:53:53") << false;
}

void TestEngineNet::dnsServerString()
{
    QFETCH(QByteArray, server);
    QFETCH(bool, valid);
    QCOMPARE(isValidDnsServer(server.toStdString()), valid);
}

void TestEngineNet::resolveLiteral_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("family");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("v4") << QByteArray("127.0.0.1") << test::kAfInet << QByteArray("127.0.0.1:8080");
    QTest::newRow("v6") << QByteArray("::1") << test::kAfInet6 << QByteArray("[::1]:8080");
    QTest::newRow("v6 doc") << QByteArray("2001:db8::5") << test::kAfInet6
                            << QByteArray("[2001:db8::5]:8080");
}

void TestEngineNet::resolveLiteral()
{
    QFETCH(QByteArray, host);
    QFETCH(int, family);
    QFETCH(QByteArray, expected);
    FdGuard guard;
    // No servers configured: a literal must never reach c-ares (or the system resolver).
    const auto r = resolve(host.toStdString(), 8080, withDeadline(milliseconds(1000)), {});
    QVERIFY2(r.ok(), explain(r).constData());
    QCOMPARE(r.value().size(), std::size_t(1));
    QCOMPARE(r.value().front().family(), family);
    QCOMPARE(QByteArray::fromStdString(r.value().front().toString()), expected);
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveInvalidHost_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("254 bytes") << QByteArray(254, 'a');
    QTest::newRow("NUL inside") << QByteArray("exa\0mple.test", 13);
    QTest::newRow("space") << QByteArray("has space.test");
    QTest::newRow("tab") << QByteArray("tab\there.test");
    QTest::newRow("newline") << QByteArray("new\nline.test");
    QTest::newRow("DEL") << QByteArray("del\x7f.test");
    QTest::newRow("brackets") << QByteArray("[::1]");
}

void TestEngineNet::resolveInvalidHost()
{
    QFETCH(QByteArray, host);
    FdGuard guard;
    {
        DnsServer dns({}, true); // were validation skipped, the lookup would time out here, not leak out
        QVERIFY(dns.ok());
        const auto r = resolve(host.toStdString(), 80, withDeadline(milliseconds(1000)), {{dns.server()}});
        EXPECT_ERROR(r, ErrorCode::InvalidArgument);
        QVERIFY(r.error().phase == DialPhase::Validate);
        QCOMPARE(dns.queries(), 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveLocalhostFromHostsFile()
{
    FdGuard guard;
    {
        DnsServer dns({}, true); // any DNS query would go here and time out
        QVERIFY(dns.ok());
        const auto start = Clock::now();
        const auto r = resolve("localhost", 443, withDeadline(milliseconds(2000)), {{dns.server()}});
        const auto elapsedUs =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
        QVERIFY2(r.ok(), explain(r).constData());
        const bool hasV4 = std::any_of(r.value().begin(), r.value().end(), [](const SocketAddress& a) {
            return a.toString() == "127.0.0.1:443";
        });
        QVERIFY(hasV4);
        QCOMPARE(dns.queries(), 0);
        qInfo("resolve of localhost from /etc/hosts: %lld us, %zu address(es)",
              static_cast<long long>(elapsedUs), r.value().size());
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveViaLocalDns_data()
{
    QTest::addColumn<int>("serverFamily");
    QTest::newRow("server on 127.0.0.1") << test::kAfInet;
    QTest::newRow("server on ::1") << test::kAfInet6;
}

void TestEngineNet::resolveViaLocalDns()
{
    QFETCH(int, serverFamily);
    FdGuard guard;
    {
        std::map<std::string, DnsServer::Records> zone;
        DnsServer::Records multi;
        multi.a = {{127, 0, 0, 1}, {127, 0, 0, 2}, {127, 0, 0, 1}, {127, 0, 0, 3}};
        multi.aaaa = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
        zone["multi.lab.test"] = multi;
        DnsServer::Records single;
        single.a = {{127, 0, 0, 1}};
        zone["single.lab.test"] = single;
        DnsServer dns(zone, false, {}, serverFamily);
        QVERIFY(dns.ok());

        const auto start = Clock::now();
        const auto r = resolve("multi.lab.test", 5432, withDeadline(milliseconds(2000)), {{dns.server()}});
        const auto elapsedUs =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
        QVERIFY2(r.ok(), explain(r).constData());
        QStringList got;
        for (const auto& a : r.value())
            got << QString::fromStdString(a.toString());
        got.sort();
        const QStringList want{QStringLiteral("127.0.0.1:5432"), QStringLiteral("127.0.0.2:5432"),
                               QStringLiteral("127.0.0.3:5432"), QStringLiteral("[::1]:5432")};
        QCOMPARE(got, want); // deduplicated, port applied to all
        // Happy Eyeballs order: the two families alternate from the start.
        QVERIFY(r.value()[0].family() != r.value()[1].family());
        qInfo("resolve via DNS on %s: %lld us", dns.server().c_str(), static_cast<long long>(elapsedUs));

        const auto one = resolve("SINGLE.lab.test", 1, withDeadline(milliseconds(2000)), {{dns.server()}});
        QVERIFY2(one.ok(), explain(one).constData());
        QCOMPARE(one.value().size(), std::size_t(1));
        QCOMPARE(QByteArray::fromStdString(one.value().front().toString()), QByteArray("127.0.0.1:1"));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveNxdomain()
{
    FdGuard guard;
    {
        std::map<std::string, DnsServer::Records> zone;
        zone["known.lab.test"].a = {{127, 0, 0, 1}};
        DnsServer dns(zone, false);
        QVERIFY(dns.ok());
        const auto start = Clock::now();
        const auto r = resolve("missing.lab.test", 80, withDeadline(milliseconds(5000)), {{dns.server()}});
        const qint64 elapsed = msSince(start);
        EXPECT_ERROR(r, ErrorCode::ResolveFailed);
        QVERIFY(r.error().phase == DialPhase::Resolve);
        QCOMPARE(r.error().systemError, kAresNotFound);
        QVERIFY2(r.error().message.find("missing.lab.test") != std::string::npos &&
                     r.error().message.find("not found") != std::string::npos,
                 r.error().message.c_str());
        QVERIFY2(elapsed < 1000, QByteArray::number(elapsed).constData());
        QVERIFY(dns.queries() >= 1);
        qInfo("NXDOMAIN reported after %lld ms", static_cast<long long>(elapsed));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveServerFailure()
{
    FdGuard guard;
    {
        std::map<std::string, DnsServer::Records> zone;
        zone["broken.lab.test"].rcode = 2; // SERVFAIL
        DnsServer dns(zone, false);
        QVERIFY(dns.ok());
        const auto start = Clock::now();
        const auto r = resolve("broken.lab.test", 80, withDeadline(milliseconds(5000)), {{dns.server()}});
        const qint64 elapsed = msSince(start);
        EXPECT_ERROR(r, ErrorCode::ResolveFailed);
        QVERIFY(r.error().phase == DialPhase::Resolve);
        // c-ares 1.18 retires a server that answered SERVFAIL and, with no other server left,
        // reports ARES_ECONNREFUSED; newer versions report ARES_ESERVFAIL itself.
        QVERIFY2(r.error().systemError == kAresServFail || r.error().systemError == kAresConnRefused,
                 explain(r).constData());
        QVERIFY2(r.error().message.rfind("resolve of broken.lab.test failed: ", 0) == 0,
                 r.error().message.c_str());
        QVERIFY2(elapsed < 1000, QByteArray::number(elapsed).constData());
        qInfo("%s (after %lld ms)", r.error().message.c_str(), static_cast<long long>(elapsed));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveTimesOut()
{
    FdGuard guard;
    {
        DnsServer dns({}, true);
        QVERIFY(dns.ok());
        const auto start = Clock::now();
        const auto r = resolve("slow.lab.test", 80, withDeadline(milliseconds(300)), {{dns.server()}});
        const qint64 elapsed = msSince(start);
        EXPECT_ERROR(r, ErrorCode::TimedOut);
        QVERIFY(r.error().phase == DialPhase::Resolve);
        QCOMPARE(QByteArray::fromStdString(r.error().message),
                 QByteArray("resolve of slow.lab.test timed out"));
        QVERIFY2(elapsed >= 300 && elapsed <= 300 + kSlackMs, QByteArray::number(elapsed).constData());
        qInfo("timed out after %lld ms (deadline 300 ms)", static_cast<long long>(elapsed));
        QVERIFY(dns.queries() >= 1);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::resolveCancelled_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("expected");
    QTest::newRow("stop_token") << QByteArray("stop") << int(ErrorCode::Cancelled);
    QTest::newRow("cancel flag") << QByteArray("flag") << int(ErrorCode::Cancelled);
    QTest::newRow("pool abort") << QByteArray("abort") << int(ErrorCode::ShutDown);
}

void TestEngineNet::resolveCancelled()
{
    QFETCH(QByteArray, source);
    QFETCH(int, expected);
    FdGuard guard;
    {
        std::stop_source stop;
        int flag = 0;
        std::atomic<bool> abort{false};
        std::atomic<Clock::rep> triggeredAt{0};
        // The cancel fires from the DNS server's thread the moment the query arrives.
        DnsServer dns({}, true, [&] {
            if (triggeredAt.load() != 0)
                return;
            triggeredAt = nowTicks();
            if (source == "stop")
                stop.request_stop();
            else if (source == "flag")
                std::atomic_ref<int>(flag).store(1);
            else
                abort.store(true, std::memory_order_release);
        });
        QVERIFY(dns.ok());
        DialControl control = withDeadline(milliseconds(5000));
        control.stop = stop.get_token();
        control.cancelFlag = &flag;
        control.poolAbort = &abort;
        const auto r = resolve("slow.lab.test", 80, control, {{dns.server()}});
        const auto returnedAt = nowTicks();
        QVERIFY2(!r.ok() && int(r.error().code) == expected, explain(r).constData());
        QVERIFY(r.error().phase == DialPhase::Resolve);
        QVERIFY(triggeredAt.load() != 0);
        const qint64 latency = msBetween(triggeredAt.load(), returnedAt);
        QVERIFY2(latency <= kCancelBoundMs, QByteArray::number(latency).constData());
        qInfo("cancel seen after %lld ms", static_cast<long long>(latency));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

QTEST_GUILESS_MAIN(TestEngineNet)
