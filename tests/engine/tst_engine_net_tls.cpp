// engine_net: TLS client contexts and handshakes (success, verification failures, timeouts, cancel).

#include "tst_engine_net.h"

#include <atomic>
#include <openssl/err.h>
#include <openssl/ssl.h>

using namespace poolscope;
using namespace poolscope::detail;
using namespace poolscope::test::net;
using poolscope::test::FdGuard;
using poolscope::test::LoopbackServer;

void TestEngineNet::handshakeSucceeds_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("maxVersion");
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("sni");
    QTest::newRow("localhost TLS 1.3")
        << QByteArray("localhost") << test::kAfInet << 0 << QByteArray("TLSv1.3") << QByteArray("localhost");
    QTest::newRow("127.0.0.1 TLS 1.2") << QByteArray("127.0.0.1") << test::kAfInet << int(TLS1_2_VERSION)
                                       << QByteArray("TLSv1.2") << QByteArray();
    QTest::newRow("::1 TLS 1.3") << QByteArray("::1") << test::kAfInet6 << 0 << QByteArray("TLSv1.3")
                                 << QByteArray();
}

void TestEngineNet::handshakeSucceeds()
{
    QFETCH(QByteArray, host);
    QFETCH(int, family);
    QFETCH(int, maxVersion);
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, sni);
    FdGuard guard;
    {
        const auto serverCtx = test::makeServerContext(m_pki.leaf.get(), m_pki.leafKey.get(), maxVersion);
        QVERIFY(serverCtx);
        std::atomic<int> handshakes{0};
        LoopbackServer server(test::tlsHandler(serverCtx.get(), &handshakes), family);
        QVERIFY(server.ok());
        TlsOptions options = trustingOptions();
        options.alpn = {"h2", "http/1.1"};
        const auto ctx = clientContext(options);
        QVERIFY(ctx);
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        const int fd = conn.value().fd.get();

        const auto start = Clock::now();
        auto hs =
            clientHandshake(*ctx, fd, host.toStdString(), nullptr, {}, withDeadline(milliseconds(5000)));
        const auto elapsedUs =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
        QVERIFY2(hs.ok(), explain(hs).constData());
        const TlsDetails& d = hs.value().details;
        QCOMPARE(QByteArray::fromStdString(d.version), version);
        QVERIFY(!d.cipher.empty());
        QCOMPARE(QByteArray::fromStdString(d.alpn), QByteArray("http/1.1"));
        QCOMPARE(QByteArray::fromStdString(d.serverName), sni);
        QVERIFY(!d.resumed);
        QVERIFY(d.verified);
        QCOMPARE(QByteArray::fromStdString(d.verifyResult), QByteArray("ok"));
        QVERIFY2(d.peerSubject.find("CN = localhost") != std::string::npos, d.peerSubject.c_str());
        QVERIFY2(d.peerIssuer.find("CN = PoolScope Test CA") != std::string::npos, d.peerIssuer.c_str());
        const auto expectedNotAfter = m_pki.created + std::chrono::hours(24);
        QVERIFY(std::chrono::abs(d.peerNotAfter - expectedNotAfter) < std::chrono::minutes(2));
        // Winsock has no getter for the mode and its probe cannot tell while bytes (TLS 1.3
        // tickets) are queued; POSIX always can.
        const std::optional<bool> nonBlocking = test::nonBlocking(fd);
        if (!nonBlocking)
            qInfo("the socket's mode could not be read: bytes are queued");
        QVERIFY(nonBlocking.value_or(true));
        QTRY_COMPARE(handshakes.load(), 1);
        qInfo("handshake %s (%s, %s): %lld us", host.constData(), d.version.c_str(), d.cipher.c_str(),
              static_cast<long long>(elapsedUs));
        sendCloseNotify(hs.value().ssl.get(), fd);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::handshakeRejects_data()
{
    QTest::addColumn<QByteArray>("cert");
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<long>("verifyResult");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("expired") << QByteArray("expired") << true << long(X509_V_ERR_CERT_HAS_EXPIRED)
                             << QByteArray("certificate verify failed: certificate has expired");
    QTest::newRow("wrong host") << QByteArray("wrongHost") << true << long(X509_V_ERR_HOSTNAME_MISMATCH)
                                << QByteArray("certificate verify failed: hostname mismatch");
    QTest::newRow("untrusted") << QByteArray("leaf") << false
                               << long(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
                               << QByteArray(
                                      "certificate verify failed: unable to get local issuer certificate");
}

void TestEngineNet::handshakeRejects()
{
    QFETCH(QByteArray, cert);
    QFETCH(bool, trustCa);
    QFETCH(long, verifyResult);
    QFETCH(QByteArray, text);
    FdGuard guard;
    {
        X509* presented = cert == "expired"     ? m_pki.expired.get()
                          : cert == "wrongHost" ? m_pki.wrongHost.get()
                                                : m_pki.leaf.get();
        const auto serverCtx = test::makeServerContext(presented, m_pki.leafKey.get());
        QVERIFY(serverCtx);
        std::atomic<int> handshakes{0};
        LoopbackServer server(test::tlsHandler(serverCtx.get(), &handshakes));
        QVERIFY(server.ok());
        const auto ctx = clientContext(trustCa ? trustingOptions() : TlsOptions{});
        QVERIFY(ctx);
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        auto hs = clientHandshake(*ctx, conn.value().fd.get(), "localhost", nullptr, {},
                                  withDeadline(milliseconds(5000)));
        EXPECT_ERROR(hs, ErrorCode::HandshakeFailed);
        const Error& e = hs.error();
        QVERIFY(e.phase == DialPhase::Handshake);
        QCOMPARE(e.tlsVerifyResult, verifyResult);
        const std::string prefix =
            "TLS handshake with localhost:" + std::to_string(server.port()) + " failed: ";
        QVERIFY2(e.message.rfind(prefix, 0) == 0, e.message.c_str());
        QVERIFY2(e.message.find(text.toStdString()) != std::string::npos, e.message.c_str());
        QVERIFY2(!e.tlsAlert.empty(), "the alert the client sent should be named");
        qInfo("%s", e.message.c_str());
        QCOMPARE(ERR_peek_error(), 0UL);
        QCOMPARE(handshakes.load(), 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::handshakeWithoutVerification()
{
    FdGuard guard;
    {
        const auto serverCtx = test::makeServerContext(m_pki.leaf.get(), m_pki.leafKey.get());
        LoopbackServer server(test::tlsHandler(serverCtx.get(), nullptr));
        QVERIFY(serverCtx && server.ok());
        TlsOptions options; // the CA is not trusted, and verification is explicitly off
        options.verifyPeer = false;
        const auto ctx = clientContext(options);
        QVERIFY(ctx);
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        auto hs = clientHandshake(*ctx, conn.value().fd.get(), "localhost", nullptr, {},
                                  withDeadline(milliseconds(5000)));
        QVERIFY2(hs.ok(), explain(hs).constData());
        QVERIFY(!hs.value().details.verified);
        QVERIFY2(hs.value().details.verifyResult.find("unable to get local issuer certificate") !=
                     std::string::npos,
                 hs.value().details.verifyResult.c_str());
        sendCloseNotify(hs.value().ssl.get(), conn.value().fd.get());
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::handshakeAgainstPlainServer()
{
    FdGuard guard;
    {
        LoopbackServer server([](int fd, const std::stop_token& stop) {
            char hello[4096];
            if (!test::waitReadable(fd, stop) || sys::recv(fd, hello, sizeof hello) <= 0)
                return;
            static const char reply[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
            (void)sys::send(fd, reply, sizeof reply - 1);
            test::drainUntilClosed(fd, stop);
        });
        QVERIFY(server.ok());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        auto hs = clientHandshake(*ctx, conn.value().fd.get(), "localhost", nullptr, {},
                                  withDeadline(milliseconds(5000)));
        EXPECT_ERROR(hs, ErrorCode::HandshakeFailed);
        QVERIFY(hs.error().phase == DialPhase::Handshake);
        QCOMPARE(hs.error().tlsVerifyResult, 0L);
        QVERIFY2(hs.error().message.find("wrong version number") != std::string::npos,
                 hs.error().message.c_str());
        qInfo("%s", hs.error().message.c_str());
        QCOMPARE(ERR_peek_error(), 0UL);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::handshakePeerCloses_data()
{
    QTest::addColumn<bool>("reset");
    QTest::addColumn<int>("code");
    QTest::newRow("FIN") << false << int(ErrorCode::HandshakeFailed);
    QTest::newRow("RST") << true << int(ErrorCode::ConnectionReset);
}

void TestEngineNet::handshakePeerCloses()
{
    QFETCH(bool, reset);
    QFETCH(int, code);
    FdGuard guard;
    {
        LoopbackServer server([reset](int fd, const std::stop_token& stop) {
            if (!test::waitReadable(fd, stop))
                return;
            char hello[4096];
            const sys::DontWaitScope dontWait(fd);
            while (sys::recv(fd, hello, sizeof hello, sys::kIoDontWait) > 0) {
            }
            if (reset)
                test::resetOnClose(fd);
        });
        QVERIFY(server.ok());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        auto hs = clientHandshake(*ctx, conn.value().fd.get(), "localhost", nullptr, {},
                                  withDeadline(milliseconds(5000)));
        QVERIFY2(!hs.ok(), "the handshake succeeded");
        QVERIFY(hs.error().phase == DialPhase::Handshake);
        if (reset && test::runningUnderWine() && hs.error().code == ErrorCode::HandshakeFailed)
            QSKIP("Wine reports a peer's reset as end of stream (Windows and Linux: ECONNRESET)");
        QVERIFY2(int(hs.error().code) == code, explain(hs).constData());
        qInfo("%s", hs.error().message.c_str());
        if (reset)
            QCOMPARE(hs.error().systemError, ECONNRESET);
        else
            QVERIFY2(hs.error().message.find("connection closed by peer during TLS handshake") !=
                         std::string::npos,
                     hs.error().message.c_str());
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::handshakeTimesOut()
{
    FdGuard guard;
    {
        std::uint16_t port = 0;
        const UniqueFd silent = test::silentListener(test::kAfInet, port);
        QVERIFY(silent.valid());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({test::loopback(test::kAfInet, port)}, withDeadline(milliseconds(5000)),
                               milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        const auto start = Clock::now();
        auto hs = clientHandshake(*ctx, conn.value().fd.get(), "localhost", nullptr, {},
                                  withDeadline(milliseconds(300)));
        const qint64 elapsed = msSince(start);
        EXPECT_ERROR(hs, ErrorCode::TimedOut);
        QVERIFY(hs.error().phase == DialPhase::Handshake);
        QCOMPARE(QByteArray::fromStdString(hs.error().message),
                 "TLS handshake with localhost:" + QByteArray::number(port) + " timed out");
        QVERIFY2(elapsed >= 300 && elapsed <= 300 + kSlackMs, QByteArray::number(elapsed).constData());
        qInfo("timed out after %lld ms (deadline 300 ms)", static_cast<long long>(elapsed));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::handshakeCancelled()
{
    FdGuard guard;
    {
        std::stop_source cancel;
        std::atomic<Clock::rep> triggeredAt{0};
        // Cancels as soon as the ClientHello arrives, i.e. while the client waits for the reply.
        LoopbackServer server([&](int fd, const std::stop_token& stop) {
            if (!test::waitReadable(fd, stop))
                return;
            triggeredAt = nowTicks();
            cancel.request_stop();
            test::drainUntilClosed(fd, stop);
        });
        QVERIFY(server.ok());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        DialControl control = withDeadline(milliseconds(10000));
        control.stop = cancel.get_token();
        auto hs = clientHandshake(*ctx, conn.value().fd.get(), "localhost", nullptr, {}, control);
        const auto returnedAt = nowTicks();
        EXPECT_ERROR(hs, ErrorCode::Cancelled);
        QVERIFY(hs.error().phase == DialPhase::Handshake);
        QVERIFY(triggeredAt.load() != 0);
        const qint64 latency = msBetween(triggeredAt.load(), returnedAt);
        QVERIFY2(latency <= kCancelBoundMs, QByteArray::number(latency).constData());
        qInfo("cancel seen after %lld ms", static_cast<long long>(latency));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::badContextOptions_data()
{
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<int>("alpnLength");
    QTest::addColumn<QByteArray>("text");
    const QByteArray noCert("extraCaPem: no certificate could be read");
    QTest::newRow("garbage") << QByteArray("not a certificate at all") << -1 << noCert;
    QTest::newRow("empty block") << QByteArray("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
                                 << -1 << noCert;
    QTest::newRow("broken base64") << QByteArray(
                                          "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")
                                   << -1 << noCert;
    QTest::newRow("good then broken")
        << QByteArray("CA\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") << -1
        << QByteArray("extraCaPem: certificate 2 could not be read");
    QTest::newRow("empty ALPN name") << QByteArray() << 0 << QByteArray("tls.alpn");
    QTest::newRow("ALPN name too long") << QByteArray() << 256 << QByteArray("tls.alpn");
}

void TestEngineNet::badContextOptions()
{
    QFETCH(QByteArray, pem);
    QFETCH(int, alpnLength);
    QFETCH(QByteArray, text);
    FdGuard guard;
    {
        TlsOptions options;
        options.extraCaPem =
            pem.startsWith("CA\n") ? m_pki.caPem + pem.mid(3).toStdString() : pem.toStdString();
        if (alpnLength >= 0)
            options.alpn = {std::string(static_cast<std::size_t>(alpnLength), 'a')};
        const auto ctx = TlsClientContext::create(options);
        EXPECT_ERROR(ctx, ErrorCode::InvalidArgument);
        QVERIFY2(ctx.error().message.find(text.toStdString()) != std::string::npos,
                 ctx.error().message.c_str());
        QCOMPARE(ERR_peek_error(), 0UL);
    }
    QCOMPARE(guard.settledLeak(), 0);
}
