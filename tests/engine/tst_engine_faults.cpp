// Peers that misbehave: each fault gives its specific error and leaves the pool consistent
// (no slot held, nothing idle that should not be, no descriptor leaked).
#include "engine_test_support.h"
#include "fault_server.h"
#include "fd_guard.h"
#include "net/platform/socket_api.h"
#include "qtest_printers.h"
#include "timing.h"

#include <QtTest>
#include <optional>

using namespace std::chrono_literals;
using poolscope::ConnectionPool;
using poolscope::DialRequest;
using poolscope::ErrorCode;
using poolscope::test::Fault;
using poolscope::test::FaultServer;
using poolscope::test::makePool;

namespace {
DialRequest requestFor(const FaultServer& server, bool tls, std::chrono::milliseconds timeout = 3s)
{
    DialRequest request;
    request.host = "127.0.0.1";
    request.port = server.port();
    request.tls = tls;
    request.timeout = timeout;
    if (tls) {
        request.overrideTls = true;
        request.tlsOptions.extraCaPem = server.certificatePem();
    }
    return request;
}

/// Waits (bounded) until the peer's FIN or data is visible on the socket (a FIN makes it readable).
bool peerSpoke(int fd, int timeoutMs)
{
    poolscope::detail::sys::PollEntry entry{fd, poolscope::detail::sys::kPollIn, 0};
    return poolscope::detail::sys::poll(&entry, 1, timeoutMs) == 1;
}
} // namespace

class TestEngineFaults : public QObject
{
    Q_OBJECT
    std::optional<poolscope::test::FdGuard> m_guard;

    static void verifyConsistent(const ConnectionPool& pool)
    {
        const auto stats = pool.stats();
        QCOMPARE(stats.inUse, 0);
        QCOMPARE(stats.connecting, 0);
        QCOMPARE(stats.free + stats.idle, stats.maxConnections);
        QCOMPARE(stats.connectsStarted, stats.closed + static_cast<std::uint64_t>(stats.idle));
    }

private Q_SLOTS:
    void initTestCase() { (void)poolscope::test::sharedLab(); }
    /// A dead connection was just returned: with the check on return it is closed already;
    /// without, it sits idle until the next check (here the idle watcher's) closes it as stale.
    static void closedAsStale(ConnectionPool& pool, bool checkOnReturn)
    {
        if (!checkOnReturn) {
            QCOMPARE(pool.stats().idle, 1);
            QCOMPARE(pool.stats().staleDetected, 0u);
            QCOMPARE(pool.checkIdle(), 1);
        }
        QCOMPARE(pool.stats().staleDetected, 1u);
    }

    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void rstMidResponse_data()
    {
        QTest::addColumn<bool>("holderCloses");
        QTest::addColumn<bool>("checkOnReturn");
        QTest::newRow("holder closes after the error") << true << false;
        QTest::newRow("holder returns it, checked at hand-out") << false << false;
        QTest::newRow("holder returns it, checked on return") << false << true;
    }
    void rstMidResponse()
    {
        QFETCH(bool, holderCloses);
        QFETCH(bool, checkOnReturn);
        FaultServer server(Fault::RstMidResponse);
        auto params = poolscope::test::loopbackParams();
        params.checkOnReturn = checkOnReturn;
        auto pool = makePool(params);
        {
            auto lease = pool.dial(requestFor(server, false));
            QVERIFY(lease);
            std::string error;
            QVERIFY(poolscope::test::httpGet(lease.value(), "/", &error).empty());
            QVERIFY2(error.find("reset") != std::string::npos || error.find("closed") != std::string::npos,
                     error.c_str());
            if (holderCloses)
                QVERIFY(lease->close());
            else
                QVERIFY(lease->release()); // the pool must notice and close it instead of reusing it
        }
        if (!holderCloses)
            closedAsStale(pool, checkOnReturn);
        QCOMPARE(pool.stats().idle, 0);
        verifyConsistent(pool);
    }

    void closeDuringHandshake()
    {
        FaultServer server(Fault::CloseInHandshake);
        auto pool = makePool();
        auto lease = pool.dial(requestFor(server, true));
        QVERIFY(!lease);
        QVERIFY(lease.error().code == ErrorCode::HandshakeFailed ||
                lease.error().code == ErrorCode::ConnectionReset);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Handshake);
        QVERIFY2(lease.error().message.find("clos") != std::string::npos ||
                     lease.error().message.find("reset") != std::string::npos,
                 lease.error().message.c_str());
        verifyConsistent(pool);
    }

    void halfCloseIsNotKept_data()
    {
        QTest::addColumn<bool>("checkOnReturn");
        QTest::newRow("checked at hand-out") << false;
        QTest::newRow("checked on return") << true;
    }
    void halfCloseIsNotKept()
    {
        QFETCH(bool, checkOnReturn);
        FaultServer server(Fault::HalfCloseAfterReply);
        auto params = poolscope::test::loopbackParams();
        params.checkOnReturn = checkOnReturn;
        auto pool = makePool(params);
        {
            auto lease = pool.dial(requestFor(server, false));
            QVERIFY(lease);
            QVERIFY(poolscope::test::httpGet(lease.value()).rfind("HTTP/1.1 200", 0) == 0);
            QVERIFY(peerSpoke(lease->nativeSocket(), 2000)); // the FIN is here
        }
        closedAsStale(pool, checkOnReturn);
        QCOMPARE(pool.stats().idle, 0);
        verifyConsistent(pool);
    }

    void slowlorisCannotStretchTheDeadline()
    {
        FaultServer server(Fault::SlowlorisHandshake);
        auto pool = makePool();
        QElapsedTimer timer;
        timer.start();
        auto lease = pool.dial(requestFor(server, true, 300ms));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::TimedOut);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Handshake);
        QVERIFY2(timer.elapsed() < poolscope::test::withSlack(300, 200),
                 qPrintable(QString::number(timer.elapsed())));
        verifyConsistent(pool);
    }

    void garbageInsteadOfServerHello()
    {
        FaultServer server(Fault::GarbageHello);
        auto pool = makePool();
        auto lease = pool.dial(requestFor(server, true));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::HandshakeFailed);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Handshake);
        qInfo("reported: %s", lease.error().message.c_str());
        QVERIFY(lease.error().message.find("TLS handshake") != std::string::npos);
        verifyConsistent(pool);
    }

    void fatalAlertIsNamed()
    {
        FaultServer server(Fault::FatalAlert);
        auto pool = makePool();
        auto lease = pool.dial(requestFor(server, true));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::HandshakeFailed);
        QCOMPARE(lease.error().tlsAlert, std::string("handshake failure"));
        QVERIFY2(lease.error().message.find("alert") != std::string::npos, lease.error().message.c_str());
        verifyConsistent(pool);
    }

    void closeNotifyWhileIdle()
    {
        FaultServer server(Fault::AlertWhileIdle);
        auto pool = makePool();
        {
            auto lease = pool.dial(requestFor(server, true));
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            QVERIFY(poolscope::test::httpGet(lease.value()).rfind("HTTP/1.1 200", 0) == 0);
        }
        // Either the return already saw the close_notify, or the idle watcher does.
        int closed = 0;
        QTRY_VERIFY_WITH_TIMEOUT((closed += pool.checkIdle()) >= 1 || pool.stats().idle == 0, 3000);
        QCOMPARE(pool.stats().idle, 0);
        QCOMPARE(pool.stats().staleDetected, 1u);
        verifyConsistent(pool);
    }
};

QTEST_GUILESS_MAIN(TestEngineFaults)
#include "tst_engine_faults.moc"
