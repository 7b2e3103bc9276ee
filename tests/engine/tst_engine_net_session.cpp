// engine_net: session resumption, close_notify, SIGPIPE safety and TLS idle-connection liveness.

#include "tst_engine_net.h"

#include <atomic>
#include <mutex>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <semaphore>
#include <vector>

using namespace poolscope;
using namespace poolscope::detail;
using namespace poolscope::test::net;
using poolscope::test::FdGuard;
using poolscope::test::LoopbackServer;

namespace {

/// Reads one byte of application data from a non-blocking TLS connection (bounded).
int readOneByte(SSL* ssl, int fd)
{
    for (int i = 0; i < 100; ++i) {
        char c = 0;
        const int n = SSL_read(ssl, &c, 1);
        if (n == 1)
            return c;
        if (SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ)
            break;
        (void)test::pollReadable(fd, 50);
    }
    ERR_clear_error();
    return -1;
}

} // namespace

void TestEngineNet::sessionResumption_data()
{
    QTest::addColumn<int>("maxVersion");
    QTest::addColumn<QByteArray>("version");
    QTest::newRow("TLS 1.2") << int(TLS1_2_VERSION) << QByteArray("TLSv1.2");
    QTest::newRow("TLS 1.3") << 0 << QByteArray("TLSv1.3");
}

void TestEngineNet::sessionResumption()
{
    QFETCH(int, maxVersion);
    QFETCH(QByteArray, version);
    FdGuard guard;
    {
        std::mutex mutex;
        std::vector<UniqueSslSession> sessions; // outlives every SSL whose sink points here
        const SessionSink sink = [&](UniqueSslSession s) {
            const std::lock_guard lock(mutex);
            sessions.push_back(std::move(s));
        };
        const auto serverCtx = test::makeServerContext(m_pki.leaf.get(), m_pki.leafKey.get(), maxVersion);
        QVERIFY(serverCtx);
        LoopbackServer server(test::tlsHandler(serverCtx.get(), nullptr,
                                               [](SSL* ssl, int fd, const std::stop_token& stop) {
                                                   const char byte = '!';
                                                   (void)SSL_write(ssl, &byte, 1);
                                                   test::drainUntilClosed(ssl, fd, stop);
                                               }),
                              test::kAfInet, 2);
        QVERIFY(server.ok());
        const auto ctx = clientContext(trustingOptions());
        QVERIFY(ctx);

        for (int round = 0; round < 2; ++round) {
            SSL_SESSION* resume = nullptr;
            if (round == 1) {
                const std::lock_guard lock(mutex);
                // TLS 1.3 tickets arrive after the handshake: only the read in round 0 delivered them.
                QVERIFY2(!sessions.empty(), "the sink received no session");
                resume = sessions.back().get();
            }
            auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
            QVERIFY2(conn.ok(), explain(conn).constData());
            const int fd = conn.value().fd.get();
            auto hs = clientHandshake(*ctx, fd, "localhost", resume, sink, withDeadline(milliseconds(5000)));
            QVERIFY2(hs.ok(), explain(hs).constData());
            QCOMPARE(QByteArray::fromStdString(hs.value().details.version), version);
            QCOMPARE(hs.value().details.resumed, round == 1);
            QVERIFY(hs.value().details.verified);
            QCOMPARE(readOneByte(hs.value().ssl.get(), fd), int('!'));
            sendCloseNotify(hs.value().ssl.get(), fd);
        }
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::closeNotifyReachesPeer()
{
    FdGuard guard;
    {
        std::atomic<bool> gotCloseNotify{false};
        const auto serverCtx = test::makeServerContext(m_pki.leaf.get(), m_pki.leafKey.get());
        LoopbackServer server(
            test::tlsHandler(serverCtx.get(), nullptr, [&](SSL* ssl, int fd, const std::stop_token& stop) {
                char buf[64];
                while (test::waitReadable(fd, stop)) {
                    const int n = SSL_read(ssl, buf, sizeof buf);
                    if (n > 0)
                        continue;
                    gotCloseNotify = SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN;
                    break;
                }
            }));
        QVERIFY(serverCtx && server.ok());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        const int fd = conn.value().fd.get();
        auto hs = clientHandshake(*ctx, fd, "localhost", nullptr, {}, withDeadline(milliseconds(5000)));
        QVERIFY2(hs.ok(), explain(hs).constData());
        QCOMPARE(sys::setNonBlocking(fd, false), 0);
        sendCloseNotify(hs.value().ssl.get(), fd);
        // Winsock cannot report the mode; its probe cannot tell once the peer's answer is queued
        // (then it says so). Linux reads the flag, so the check is strict there.
        const std::optional<bool> mode = test::nonBlocking(fd);
        if (mode)
            QVERIFY2(*mode, "sendCloseNotify must never block on the socket");
        else
            qInfo("the socket's mode could not be read: bytes are queued");
        QTRY_VERIFY(gotCloseNotify.load());
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::noSigpipeOnResetPeer()
{
    if (!test::SigpipeCounter::supported())
        QSKIP("no SIGPIPE on this platform: a write to a reset peer can only fail");
    FdGuard guard;
    {
        std::atomic<bool> reset{false};
        const auto serverCtx = test::makeServerContext(m_pki.leaf.get(), m_pki.leafKey.get());
        LoopbackServer server(
            test::tlsHandler(serverCtx.get(), nullptr, [&](SSL*, int fd, const std::stop_token&) {
                test::resetOnClose(fd);
                reset = true;
            }));
        QVERIFY(serverCtx && server.ok());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        const int fd = conn.value().fd.get();
        auto hs = clientHandshake(*ctx, fd, "localhost", nullptr, {}, withDeadline(milliseconds(5000)));
        QVERIFY2(hs.ok(), explain(hs).constData());
        QTRY_VERIFY(reset.load());
        QVERIFY(test::pollReadable(fd, 2000));

        const test::SigpipeCounter counter;
        for (int i = 0; i < 3; ++i) {
            const char byte = 'x';
            (void)SSL_write(hs.value().ssl.get(), &byte, 1);
            ERR_clear_error();
        }
        sendCloseNotify(hs.value().ssl.get(), fd);
        const int fromEngine = counter.count();
        // Control: plain write()s on the same dead socket do raise SIGPIPE on Linux, which shows
        // the count above would have caught OpenSSL's default socket BIO.
        for (int i = 0; i < 2; ++i)
            (void)test::writeRaisingSigpipe(fd, "x", 1);
        const int fromControl = counter.count() - fromEngine;
        QCOMPARE(fromEngine, 0);
        if (fromControl == 0)
            qInfo("note: this network stack raised no SIGPIPE for the control write either");
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::tlsLiveness_data()
{
    QTest::addColumn<int>("maxVersion");
    QTest::addColumn<QByteArray>("action");
    for (const int v : {int(TLS1_2_VERSION), 0}) {
        const QByteArray name = v ? "TLS 1.2 " : "TLS 1.3 ";
        QTest::newRow((name + "app data").constData()) << v << QByteArray("data");
        QTest::newRow((name + "close_notify").constData()) << v << QByteArray("close_notify");
        QTest::newRow((name + "FIN without close_notify").constData()) << v << QByteArray("fin");
    }
}

void TestEngineNet::tlsLiveness()
{
    QFETCH(int, maxVersion);
    QFETCH(QByteArray, action);
    FdGuard guard;
    {
        std::mutex mutex;
        std::vector<UniqueSslSession> sessions;
        const SessionSink sink = [&](UniqueSslSession s) {
            const std::lock_guard lock(mutex);
            sessions.push_back(std::move(s));
        };
        std::atomic<bool> handshakeDone{false};
        std::binary_semaphore go{0};
        const auto serverCtx = test::makeServerContext(m_pki.leaf.get(), m_pki.leafKey.get(), maxVersion);
        LoopbackServer server(test::tlsHandler(serverCtx.get(), nullptr,
                                               [&, action](SSL* ssl, int fd, const std::stop_token& stop) {
                                                   handshakeDone = true;
                                                   if (!test::waitFor(go, stop) || action == "fin")
                                                       return;
                                                   if (action == "data")
                                                       (void)SSL_write(ssl, "x", 1);
                                                   else
                                                       (void)SSL_shutdown(ssl);
                                                   test::drainUntilClosed(ssl, fd, stop);
                                               }));
        QVERIFY(serverCtx && server.ok());
        const auto ctx = clientContext(trustingOptions());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        const int fd = conn.value().fd.get();
        auto hs = clientHandshake(*ctx, fd, "localhost", nullptr, sink, withDeadline(milliseconds(5000)));
        QVERIFY2(hs.ok(), explain(hs).constData());
        SSL* ssl = hs.value().ssl.get();
        QTRY_VERIFY(handshakeDone.load());
        const bool tls13 = maxVersion == 0;
        if (tls13) // the server wrote its NewSessionTicket records after the client's handshake ended
            QVERIFY2(test::pollReadable(fd, 2000), "post-handshake tickets expected");

        // Checked with a blocking socket: the check must not block, and must restore the mode.
        QCOMPARE(sys::setNonBlocking(fd, false), 0);
        QVERIFY2(tlsIdleConnectionUsable(ssl, fd), "tickets alone must not make a connection look dirty");
        QVERIFY(test::nonBlocking(fd) == false);
        QCOMPARE(sys::setNonBlocking(fd, true), 0);
        if (tls13) {
            const std::lock_guard lock(mutex);
            QVERIFY2(!sessions.empty(), "the tickets processed by the check should reach the sink");
        }
        QVERIFY(tlsIdleConnectionUsable(ssl, fd));

        go.release();
        QVERIFY(test::pollReadable(fd, 2000));
        QVERIFY(!tlsIdleConnectionUsable(ssl, fd));
        QCOMPARE(ERR_peek_error(), 0UL);
    }
    QCOMPARE(guard.settledLeak(), 0);
}
