// When the process runs out of descriptors, a dial says so (TooManyOpenFiles, the seed's
// RESULT_MFILE) in every phase that needs one — the TCP socket and the DNS query — instead of
// reading as "pool full" or "could not contact DNS servers"; and nothing is lost: the pool works
// again as soon as descriptors are free. Also: OpenSSL hygiene in a lease's I/O (a caller's
// leftover OpenSSL errors do not turn a wait into a failure; a peer's truncation is UnexpectedEof).
// Over real sockets against the lab; every test checks it leaked no descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"
#include "test_platform.h"
#include "timing.h"

#include <QtTest>
#include <dmsdk/dlib/connection_pool.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <optional>

using namespace std::chrono_literals;
using poolscope::DialPhase;
using poolscope::ErrorCode;
using poolscope::lab::ServerKind;
using poolscope::test::DescriptorsExhausted;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;
using poolscope::test::sharedLab;


class TestEngineResources : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void outOfDescriptors_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("phase");
        QTest::newRow("TCP socket (IP literal)") << QByteArray("127.0.0.1") << int(DialPhase::Connect);
        QTest::newRow("DNS query (name via the lab's DNS)") << QByteArray("fd.lab.test") << int(DialPhase::Resolve);
    }

    void outOfDescriptors()
    {
        if (poolscope::test::descriptorLimit() < 0)
            QSKIP("no per-process descriptor limit to exhaust here (Windows: sockets are handles)");
        QFETCH(QByteArray, host);
        QFETCH(int, phase);
        auto pool = makePool();
        auto request = labRequest(ServerKind::Http);
        request.host = host.toStdString();
        request.timeout = 2s;
        // One dial first, with descriptors to spare: it creates the reuse key and runs the code
        // paths once. (UBSan's first check of a polymorphic type probes memory through a pipe; with
        // no descriptor left it would report a false "invalid vptr". Later checks are cached.)
        auto warm = pool.dial(request);
        QVERIFY2(warm, warm ? "" : warm.error().message.c_str());
        QVERIFY(warm->close());
        {
            const DescriptorsExhausted exhausted;
            QVERIFY(exhausted.exhausted());
            auto lease = pool.dial(request);
            QVERIFY(!lease);
            const auto& error = lease.error();
            QVERIFY2(error.code == ErrorCode::TooManyOpenFiles, error.message.c_str());
            QCOMPARE(int(error.phase), phase);
            QVERIFY2(error.message.find("descriptor") != std::string::npos, error.message.c_str());
            const auto stats = pool.stats();
            QCOMPARE(stats.outOfResources, 0u); // not "pool full"
            QCOMPARE(stats.free, stats.maxConnections); // the slot came back
        }
        if (phase == int(DialPhase::Connect)) { // the lab's DNS knows only 127.0.0.1 for *.lab.test names
            auto again = pool.dial(request);
            QVERIFY2(again, again ? "" : again.error().message.c_str());
        }
    }

    void seedApiReportsMfile()
    {
        if (poolscope::test::descriptorLimit() < 0)
            QSKIP("no per-process descriptor limit to exhaust here (Windows: sockets are handles)");
        dmConnectionPool::Params params;
        dmConnectionPool::HPool pool = nullptr;
        QCOMPARE(dmConnectionPool::New(&params, &pool), dmConnectionPool::RESULT_OK);
        dmConnectionPool::HConnection c = 0;
        dmSocket::Result sr = dmSocket::RESULT_OK;
        dmConnectionPool::Result r = dmConnectionPool::RESULT_OK;
        // As above: the key exists and the paths have run once before descriptors run out.
        QCOMPARE(dmConnectionPool::Dial(pool, "127.0.0.1", sharedLab().port(ServerKind::Http), false, 0, &c, &sr),
                 dmConnectionPool::RESULT_OK);
        dmConnectionPool::Close(pool, c);
        {
            const DescriptorsExhausted exhausted;
            QVERIFY(exhausted.exhausted());
            r = dmConnectionPool::Dial(pool, "127.0.0.1", sharedLab().port(ServerKind::Http), false, 0, &c, &sr);
        }
        QCOMPARE(r, dmConnectionPool::RESULT_SOCKET_ERROR);
        QCOMPARE(sr, dmSocket::RESULT_MFILE);
        QCOMPARE(dmConnectionPool::Delete(pool), dmConnectionPool::RESULT_OK);
    }

    void leftoverOpenSslErrorsDoNotFailIo()
    {
        auto pool = makePool();
        auto lease = pool.dial(labRequest(ServerKind::Https));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        // An embedding application left errors on this thread's OpenSSL queue.
        ERR_put_error(ERR_LIB_SSL, 0, SSL_R_BAD_PACKET_LENGTH, __FILE__, __LINE__);
        ERR_put_error(ERR_LIB_SYS, 0, ERR_R_INTERNAL_ERROR, __FILE__, __LINE__);
        QVERIFY(lease->writeAll("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 2s));
        ERR_put_error(ERR_LIB_SSL, 0, SSL_R_BAD_PACKET_LENGTH, __FILE__, __LINE__);
        char buffer[256];
        auto n = lease->readSome(buffer, sizeof buffer, 2s); // waits (WANT_READ) before data comes
        QVERIFY2(n, n ? "" : n.error().message.c_str());
        QVERIFY(n.value() > 0);
        QCOMPARE(QByteArray(buffer, 12), QByteArray("HTTP/1.1 200"));
        ERR_clear_error();
    }

    void truncatedTlsRecordIsUnexpectedEof()
    {
        poolscope::test::StartTlsServer server;
        auto pool = makePool();
        poolscope::DialRequest request;
        request.host = "127.0.0.1";
        request.port = server.port();
        auto lease = pool.dial(request);
        QVERIFY(lease);
        QVERIFY(lease->writeAll("STARTTLS\r\n", 2s));
        char ok[4] = {};
        std::size_t got = 0;
        for (int i = 0; i < 4 && got < 4; ++i) { // bounded: at most four reads for four bytes
            auto n = lease->readSome(ok + got, 4 - got, 2s);
            QVERIFY(n && n.value() > 0);
            got += n.value();
        }
        QCOMPARE(QByteArray(ok, 4), QByteArray("OK\r\n"));
        poolscope::TlsOptions options;
        options.extraCaPem = server.certificatePem();
        QVERIFY(lease->startTls(2s, &options));
        QVERIFY(lease->writeAll("TRUNCATE", 2s));
        char buffer[128];
        auto n = lease->readSome(buffer, sizeof buffer, 2s);
        QVERIFY(!n);
        QVERIFY2(n.error().code == ErrorCode::UnexpectedEof, n.error().message.c_str());
        QCOMPARE(n.error().phase, DialPhase::Io);
        QVERIFY(lease->close());
    }
};

QTEST_GUILESS_MAIN(TestEngineResources)
#include "tst_engine_resources.moc"
