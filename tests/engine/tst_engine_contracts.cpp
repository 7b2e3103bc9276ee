// The engine's ownership contracts under misuse, over real sockets against the lab:
//  - a connection held by a PooledConnection is reachable only through that lease;
//  - a refused startTls leaves the lease's connection in use and returnable (no lost slot);
//  - shutdownSocket() wakes a holder blocked on the socket but frees nothing until the lease lets go.
//  - the first TLS dial of an option set (which loads a trust store) still honours its cancel;
//  - a dial the per-host limit refuses evicts nothing; lowering maxConnections says so;
//  - durations of any size saturate: max() means "no limit", never an overflow into the past;
//  - silent peers: TCP keep-alive is on by default, and lease I/O has a default deadline.
// Every test checks it leaked no descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "poolscope/deadline.h"
#include "qtest_printers.h"
#include "test_platform.h"
#include "timing.h"

#include <QRandomGenerator>
#include <QtTest>
#include <atomic>
#include <optional>
#include <thread>
#include <type_traits>

using namespace std::chrono_literals;
using poolscope::CloseReason;
using poolscope::ErrorCode;
using poolscope::EventKind;
using poolscope::PoolEvent;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;
using poolscope::test::sharedLab;

/// The reasons of the Closed events a pool reports, collected from whatever thread reports them.
class ClosedReasons
{
public:
    explicit ClosedReasons(poolscope::ConnectionPool& pool) : m_pool(pool)
    {
        pool.setEventCallback([this](const PoolEvent& e) {
            if (e.kind == EventKind::Closed) {
                const std::lock_guard lock(m_mutex);
                m_reasons.push_back(e.reason);
            }
        });
    }
    ~ClosedReasons() { m_pool.setEventCallback({}); }
    ClosedReasons(const ClosedReasons&) = delete;
    ClosedReasons& operator=(const ClosedReasons&) = delete;
    /// Stops collecting and returns what was collected.
    std::vector<CloseReason> take()
    {
        m_pool.setEventCallback({});
        const std::lock_guard lock(m_mutex);
        return m_reasons;
    }

private:
    poolscope::ConnectionPool& m_pool;
    std::mutex m_mutex;
    std::vector<CloseReason> m_reasons;
};

class TestEngineContracts : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void leaseIsReachableOnlyThroughItself()
    {
        auto pool = makePool();
        auto lease = pool.dial(labRequest(ServerKind::Echo));
        QVERIFY(lease);
        const auto h = lease->handle();
        QCOMPARE(pool.close(h).error().code, ErrorCode::InvalidHandle);
        QCOMPARE(pool.release(h).error().code, ErrorCode::InvalidHandle);
        QCOMPARE(pool.setKeepAlive(h, 1s).error().code, ErrorCode::InvalidHandle);
        QCOMPARE(pool.setLabel(h, "thief").error().code, ErrorCode::InvalidHandle);
        QCOMPARE(pool.startTls(h).error().code, ErrorCode::InvalidHandle);
        QCOMPARE(pool.nativeSocket(h), -1);
        QVERIFY(pool.ssl(h) == nullptr);
        QVERIFY(pool.info(h).has_value()); // reading about it is harmless
        QCOMPARE(pool.stats().inUse, 1);

        // The lease is untouched and still talks to its own peer.
        QVERIFY(lease->writeAll("ping", 2s));
        char buf[8] = {};
        auto n = lease->readSome(buf, sizeof buf, 2s);
        QVERIFY(n && n.value() > 0);

        // Detached, the handle API owns it.
        const auto detached = lease->releaseHandle();
        QVERIFY(pool.nativeSocket(detached) >= 0);
        QVERIFY(pool.release(detached));
        QCOMPARE(pool.stats().idle, 1);
    }

    void refusedStartTlsKeepsTheConnection_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("timeoutUs");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("negative timeout")
            << int(ServerKind::Http) << qint64(-1) << ErrorCode::InvalidArgument;
        QTest::newRow("already TLS") << int(ServerKind::Https) << qint64(0) << ErrorCode::InvalidArgument;
    }
    void refusedStartTlsKeepsTheConnection()
    {
        QFETCH(int, kind);
        QFETCH(qint64, timeoutUs);
        QFETCH(ErrorCode, code);
        auto pool = makePool();
        for (int round = 0; round < 3; ++round) { // a lost slot per call would show up as growth
            auto lease = pool.dial(labRequest(static_cast<ServerKind>(kind)));
            QVERIFY(lease);
            const auto refused = lease->startTls(std::chrono::microseconds(timeoutUs));
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, code);
            QVERIFY(lease->valid());
            QVERIFY(lease->release());
            QCOMPARE(pool.stats().inUse, 0);
            QCOMPARE(pool.stats().idle, 1);
        }
    }

    void shutdownSocketWakesTheHolderAndFreesOnLetGo_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("plain") << int(ServerKind::Echo);
        QTest::newRow("tls") << int(ServerKind::Https);
    }
    void shutdownSocketWakesTheHolderAndFreesOnLetGo()
    {
        QFETCH(int, kind);
        auto pool = makePool();
        ClosedReasons closed(pool);
        auto lease = pool.dial(labRequest(static_cast<ServerKind>(kind)));
        QVERIFY(lease);
        const int fd = lease->nativeSocket();

        std::atomic<bool> returned{false};
        poolscope::Result<std::size_t> got = std::size_t{0};
        std::thread holder([&] {
            char c = 0;
            got = lease->readSome(&c, 1, 20s); // nothing comes: blocks until woken
            returned.store(true);
        });
        // Whether the holder is already blocked or about to read, it must come back at once.
        QVERIFY(lease->shutdownSocket());
        QTRY_VERIFY_WITH_TIMEOUT(returned.load(), 2000);
        holder.join();
        QVERIFY(!got || got.value() == 0); // an error or end of stream, at once

        // Nothing was freed under the holder: same descriptor, still in use, still its own.
        QCOMPARE(lease->nativeSocket(), fd);
        QCOMPARE(pool.stats().inUse, 1);
        QCOMPARE(pool.snapshot().size(), std::size_t{1});

        // Letting go closes it (never back to idle), with the reason that says what happened.
        QVERIFY(lease->release());
        QCOMPARE(pool.stats().inUse, 0);
        QCOMPARE(pool.stats().idle, 0);
        QCOMPARE(closed.take(), std::vector<CloseReason>{CloseReason::ForceClosed});
    }

    void firstTlsDialOfAnOptionSetHonoursCancel()
    {
        auto pool = makePool();
        auto request = labRequest(ServerKind::Silent, 10s); // backstop: an ignored cancel fails, not hangs
        request.tls = true;
        // An option set no dial of this process has used, so its trust store loads during this dial.
        request.overrideTls = true;
        request.tlsOptions = poolscope::test::loopbackParams().tls;
        request.tlsOptions.alpn = {"x-poolscope-" + std::to_string(QRandomGenerator::global()->generate64())};
        std::stop_source stop;
        request.stop = stop.get_token();
        poolscope::test::CancelOnEvent canceller(pool, EventKind::Connected, [&] { stop.request_stop(); });
        auto lease = pool.dial(request);
        QVERIFY(canceller.fired());
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::Cancelled);
        const auto afterCancel = canceller.elapsedSinceCancelMs();
        qInfo("cancel took effect after %lld ms", afterCancel);
        QVERIFY2(afterCancel < poolscope::test::withSlack(50, 100), qPrintable(QString::number(afterCancel)));
    }

    void perHostLimitRefusesWithoutEvicting()
    {
        auto params = poolscope::test::loopbackParams();
        params.maxConnections = 2;
        params.maxPerHost = 1;
        auto pool = makePool(params);
        auto http = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(http);
        QVERIFY(pool.dial(labRequest(ServerKind::Echo))); // released at once: idle
        QCOMPARE(pool.stats().idle, 1);
        auto refused = pool.dial(labRequest(ServerKind::Http)); // the pool is full and Http at its limit
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::OutOfResources);
        QVERIFY(QString::fromStdString(refused.error().message).contains(QLatin1String("per-host")));
        QCOMPARE(pool.stats().idle, 1); // the other host's idle connection is still there
        QCOMPARE(pool.stats().evicted, 0u);
    }

    void loweringTheLimitClosesWithItsOwnReason()
    {
        auto pool = makePool();
        ClosedReasons closed(pool);
        QVERIFY(pool.dial(labRequest(ServerKind::Http)));
        QVERIFY(pool.dial(labRequest(ServerKind::Echo)));
        QCOMPARE(pool.stats().idle, 2);
        auto params = pool.params();
        params.maxConnections = 1;
        QVERIFY(pool.setParams(params));
        QCOMPARE(pool.stats().idle, 1);
        QCOMPARE(pool.stats().overLimit, 1u);
        QCOMPARE(pool.stats().evicted, 0u);
        QCOMPARE(closed.take(), std::vector<CloseReason>{CloseReason::OverLimit});
    }

    void deadlinesSaturate()
    {
        using poolscope::Clock;
        using poolscope::saturatingAdd;
        const auto now = Clock::now();
        QVERIFY(saturatingAdd(now, std::chrono::milliseconds::max()) == Clock::time_point::max());
        QVERIFY(saturatingAdd(now, std::chrono::hours::max()) == Clock::time_point::max());
        QVERIFY(saturatingAdd(now, std::chrono::nanoseconds::max()) == Clock::time_point::max());
        QVERIFY(saturatingAdd(now, std::chrono::duration<double, std::milli>(1e300)) ==
                Clock::time_point::max());
        QVERIFY(saturatingAdd(now, 5ms) == now + 5ms);
        QVERIFY(saturatingAdd(now, -5ms) == now);
        QVERIFY(saturatingAdd(Clock::time_point::max() - 1ns, 1ms) == Clock::time_point::max());
        QVERIFY(poolscope::deadlineAfter(now, 0ms) == Clock::time_point::max());
        QCOMPARE(poolscope::saturatingCast<std::chrono::microseconds>(std::chrono::milliseconds::max()),
                 std::chrono::microseconds::max());
        QCOMPARE(poolscope::saturatingCast<std::chrono::microseconds>(std::chrono::milliseconds(7)),
                 std::chrono::microseconds(7000));
        QCOMPARE(poolscope::saturatingCast<std::chrono::seconds>(std::chrono::nanoseconds::max()).count(),
                 std::chrono::nanoseconds::max().count() / 1'000'000'000);
    }

    void hugeDurationsMeanNoLimit_data()
    {
        QTest::addColumn<QString>("field");
        for (const char* f : {"DialRequest::timeout", "connectTimeout", "handshakeTimeout", "maxKeepAlive",
                              "maxLifetime", "setKeepAlive", "readSome timeout"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void hugeDurationsMeanNoLimit()
    {
        QFETCH(QString, field);
        auto params = poolscope::test::loopbackParams();
        if (field == QLatin1String("connectTimeout"))
            params.connectTimeout = std::chrono::milliseconds::max();
        if (field == QLatin1String("handshakeTimeout"))
            params.handshakeTimeout = std::chrono::milliseconds::max();
        if (field == QLatin1String("maxKeepAlive"))
            params.maxKeepAlive = std::chrono::milliseconds::max();
        if (field == QLatin1String("maxLifetime"))
            params.maxLifetime = std::chrono::milliseconds::max();
        auto pool = makePool(params);
        auto request = labRequest(ServerKind::Https);
        if (field == QLatin1String("DialRequest::timeout"))
            request.timeout = std::chrono::microseconds::max();

        auto first = pool.dial(request);
        QVERIFY2(first, first ? "" : first.error().message.c_str()); // no instant time-out
        if (field == QLatin1String("setKeepAlive"))
            QVERIFY(first->setKeepAlive(std::chrono::milliseconds::max()));
        if (field == QLatin1String("readSome timeout")) {
            QVERIFY(first->writeAll("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                                    std::chrono::milliseconds::max()));
            char buf[256];
            auto n = first->readSome(buf, sizeof buf, std::chrono::milliseconds::max());
            QVERIFY2(n && n.value() > 0, n ? "eof" : n.error().message.c_str());
            QVERIFY(first->close()); // the rest of the response is unread
            return;
        }
        QVERIFY(first->release());
        QCOMPARE(pool.stats().idle, 1); // kept, not expired at once
        auto second = pool.dial(request);
        QVERIFY(second);
        QVERIFY(second->reused());
    }
    void tcpKeepAliveOnEveryConnection_data()
    {
        QTest::addColumn<int>("idleS"); // PoolParams::tcpKeepAlive; -1 = leave the default
        QTest::addColumn<int>("intervalS");
        QTest::addColumn<int>("probes");
        QTest::addColumn<int>("expectIdle"); // 0: keep-alive expected off
        QTest::addColumn<int>("expectInterval");
        QTest::addColumn<int>("expectProbes");
        QTest::newRow("default") << -1 << -1 << -1 << 60 << 10 << 3;
        QTest::newRow("configured") << 5 << 2 << 4 << 5 << 2 << 4;
        QTest::newRow("off") << 0 << -1 << -1 << 0 << 0 << 0;
    }
    void tcpKeepAliveOnEveryConnection()
    {
        QFETCH(int, idleS);
        QFETCH(int, intervalS);
        QFETCH(int, probes);
        QFETCH(int, expectIdle);
        QFETCH(int, expectInterval);
        QFETCH(int, expectProbes);
        auto params = poolscope::test::loopbackParams();
        if (idleS >= 0)
            params.tcpKeepAlive = std::chrono::seconds(idleS);
        if (intervalS >= 0)
            params.tcpKeepAliveInterval = std::chrono::seconds(intervalS);
        if (probes >= 0)
            params.tcpKeepAliveProbes = probes;
        auto pool = makePool(params);
        for (ServerKind kind : {ServerKind::Http, ServerKind::Https}) {
            auto lease = pool.dial(labRequest(kind));
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            using poolscope::test::SocketOption;
            auto option = [&](SocketOption which) {
                return poolscope::test::socketOption(lease->nativeSocket(), which).value_or(-1);
            };
            QCOMPARE(option(SocketOption::KeepAlive), expectIdle > 0 ? 1 : 0);
            if (expectIdle > 0 && option(SocketOption::KeepIdle) < 0 && poolscope::test::runningUnderWine())
                QSKIP("Wine 8 has no TCP_KEEPIDLE/KEEPINTVL/KEEPCNT (the engine sets the times through "
                      "SIO_KEEPALIVE_VALS there), so they cannot be read back");
            if (expectIdle > 0) {
                QCOMPARE(option(SocketOption::KeepIdle), expectIdle);
                QCOMPARE(option(SocketOption::KeepInterval), expectInterval);
                QCOMPARE(option(SocketOption::KeepCount), expectProbes);
            }
            QVERIFY(lease->release());
        }
    }

    void leaseIoHasADefaultDeadline()
    {
        auto params = poolscope::test::loopbackParams();
        QCOMPARE(params.ioTimeout, 60'000ms); // the documented default
        params.ioTimeout = 200ms;
        auto pool = makePool(params);
        auto lease = pool.dial(labRequest(ServerKind::Silent)); // accepts, never sends a byte
        QVERIFY(lease);
        char buffer[16];
        QElapsedTimer timer;
        timer.start();
        auto n = lease->readSome(buffer, sizeof buffer); // no per-call timeout: the pool's applies
        QVERIFY(!n);
        QCOMPARE(n.error().code, ErrorCode::TimedOut);
        QVERIFY2(timer.elapsed() >= 190 && timer.elapsed() < poolscope::test::withSlack(200, 800),
                 qPrintable(QString::number(timer.elapsed())));
        timer.restart();
        n = lease->readSome(buffer, sizeof buffer, 20ms); // a per-call timeout wins
        QVERIFY(!n);
        QCOMPARE(n.error().code, ErrorCode::TimedOut);
        QVERIFY2(timer.elapsed() < 190, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(lease->close());
    }

    void successReadsTheSameWayEverywhere()
    {
        // Result and Status convert to true on success; Error has no conversion (it once meant
        // "failed", the reverse), so `if (error)` does not compile and cannot be misread.
        static_assert(!std::is_constructible_v<bool, poolscope::Error>);
        static_assert(std::is_constructible_v<bool, poolscope::Status>);
        static_assert(std::is_constructible_v<bool, poolscope::Result<int>>);
        const poolscope::Status ok;
        const poolscope::Status failed = poolscope::makeError(ErrorCode::TimedOut, "x");
        const poolscope::Result<int> value = 1;
        QVERIFY(ok && value && !failed);
        QVERIFY(ok.error().ok() && !failed.error().ok());
    }

    void errorTextSaysEachThingOnce_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("opening"); // how the one-line text starts
        QTest::newRow("refused") << ServerKind::Refused << ErrorCode::ConnectionRefused
                                 << QStringLiteral("connect");
        QTest::newRow("untrusted") << ServerKind::Untrusted << ErrorCode::HandshakeFailed
                                   << QStringLiteral("TLS handshake with ");
    }
    void errorTextSaysEachThingOnce()
    {
        // Real failures from the lab: the code's words lead only when the engine's message does
        // not already say them ("TLS handshake failed: TLS handshake with … failed" read twice).
        QFETCH(ServerKind, kind);
        QFETCH(ErrorCode, code);
        QFETCH(QString, opening);
        auto pool = makePool();
        auto lease = pool.dial(labRequest(kind));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, code);
        const QString text = QString::fromStdString(poolscope::describe(lease.error()));
        QVERIFY2(text.startsWith(opening), qPrintable(text));
        const QString words = QString::fromLatin1(poolscope::describe(code));
        QVERIFY2(text.indexOf(words, 0, Qt::CaseInsensitive) ==
                         text.lastIndexOf(words, -1, Qt::CaseInsensitive) ||
                     !text.contains(words, Qt::CaseInsensitive),
                 qPrintable(text));
    }

    void errorTextNamesTheCodeOnlyWhenTheMessageDoesNot_data()
    {
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ok") << ErrorCode::Ok << QString() << QStringLiteral("ok");
        QTest::newRow("no message") << ErrorCode::TimedOut << QString() << QStringLiteral("timed out");
        QTest::newRow("says timed out")
            << ErrorCode::TimedOut << QStringLiteral("timed out after 200 ms waiting")
            << QStringLiteral("timed out after 200 ms waiting");
        QTest::newRow("phase timed out")
            << ErrorCode::TimedOut << QStringLiteral("resolve of x.test timed out")
            << QStringLiteral("resolve of x.test timed out");
        QTest::newRow("handshake") << ErrorCode::HandshakeFailed
                                   << QStringLiteral("TLS handshake with a:1 failed: x")
                                   << QStringLiteral("TLS handshake with a:1 failed: x");
        QTest::newRow("case ignored")
            << ErrorCode::ConnectionRefused << QStringLiteral("Connect: REFUSED by a:1")
            << QStringLiteral("Connect: REFUSED by a:1");
        QTest::newRow("shut down") << ErrorCode::ShutDown << QStringLiteral("the pool service is stopping")
                                   << QStringLiteral("the pool service is stopping");
        QTest::newRow("needs the code") << ErrorCode::OutOfResources << QStringLiteral("no free slot")
                                        << QStringLiteral("out of resources: no free slot");
        QTest::newRow("handle") << ErrorCode::InvalidHandle << QStringLiteral("the lease holds no connection")
                                << QStringLiteral("invalid handle: the lease holds no connection");
        QTest::newRow("proxy") << ErrorCode::ProxyFailed
                               << QStringLiteral("proxy 127.0.0.1:1 refused CONNECT to a:1: 403")
                               << QStringLiteral("proxy 127.0.0.1:1 refused CONNECT to a:1: 403");
        QTest::newRow("other words") << ErrorCode::TimedOut << QStringLiteral("no answer from a:1")
                                     << QStringLiteral("timed out: no answer from a:1");
    }
    void errorTextNamesTheCodeOnlyWhenTheMessageDoesNot()
    {
        QFETCH(ErrorCode, code);
        QFETCH(QString, message);
        QFETCH(QString, expected);
        const auto error = poolscope::makeError(code, message.toStdString());
        QCOMPARE(QString::fromStdString(poolscope::describe(error)), expected);
    }

    void invalidParamsAreRejected_data()
    {
        QTest::addColumn<QString>("field");
        for (const char* f : {"tcpKeepAlive", "tcpKeepAliveInterval", "tcpKeepAliveProbes", "ioTimeout"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void invalidParamsAreRejected()
    {
        QFETCH(QString, field);
        poolscope::PoolParams params;
        QVERIFY(params.validate());
        if (field == QLatin1String("tcpKeepAlive"))
            params.tcpKeepAlive = std::chrono::seconds(40'000);
        if (field == QLatin1String("tcpKeepAliveInterval"))
            params.tcpKeepAliveInterval = std::chrono::seconds(0);
        if (field == QLatin1String("tcpKeepAliveProbes"))
            params.tcpKeepAliveProbes = 0;
        if (field == QLatin1String("ioTimeout"))
            params.ioTimeout = -1ms;
        const auto status = params.validate();
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(status.error().message.find(field.toStdString()) != std::string::npos,
                 status.error().message.c_str());
        QVERIFY(!poolscope::ConnectionPool::create(params));
    }
};

QTEST_GUILESS_MAIN(TestEngineContracts)
#include "tst_engine_contracts.moc"
