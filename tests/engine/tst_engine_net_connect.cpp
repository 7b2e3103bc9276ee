// engine_net: Happy Eyeballs connect and plain-socket liveness.

#include "tst_engine_net.h"

#include <atomic>
#include <optional>
#include <semaphore>
#include <thread>

using namespace poolscope;
using namespace poolscope::detail;
using namespace poolscope::test::net;
using poolscope::test::FdGuard;
using poolscope::test::LoopbackServer;

void TestEngineNet::connectRefused()
{
    FdGuard guard;
    {
        std::uint16_t port4 = 0;
        std::uint16_t port6 = 0;
        const UniqueFd holder4 = test::refusingSocket(test::kAfInet, port4);
        const UniqueFd holder6 = test::refusingSocket(test::kAfInet6, port6);
        QVERIFY(holder4.valid() && holder6.valid());

        auto r = connectAny({test::loopback(test::kAfInet, port4)}, withDeadline(milliseconds(2000)),
                            milliseconds(250));
        EXPECT_ERROR(r, ErrorCode::ConnectionRefused);
        QCOMPARE(r.error().systemError, ECONNREFUSED);
        QVERIFY(r.error().phase == DialPhase::Connect);
        QCOMPARE(QByteArray::fromStdString(r.error().message),
                 "connect to 127.0.0.1:" + QByteArray::number(port4) + " failed: Connection refused");

        r = connectAny({test::loopback(test::kAfInet6, port6), test::loopback(test::kAfInet, port4)},
                       withDeadline(milliseconds(2000)), milliseconds(250));
        EXPECT_ERROR(r, ErrorCode::ConnectionRefused);
        QCOMPARE(QByteArray::fromStdString(r.error().message),
                 "connect to [::1]:" + QByteArray::number(port6) +
                     ", 127.0.0.1:" + QByteArray::number(port4) + " failed: Connection refused");
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::connectSucceeds_data()
{
    QTest::addColumn<int>("family");
    QTest::newRow("127.0.0.1") << test::kAfInet;
    QTest::newRow("::1") << test::kAfInet6;
}

void TestEngineNet::connectSucceeds()
{
    QFETCH(int, family);
    FdGuard guard;
    {
        LoopbackServer server([](int fd, const std::stop_token& stop) { test::drainUntilClosed(fd, stop); },
                              family);
        QVERIFY(server.ok());
        auto r = connectAny({server.address()}, withDeadline(milliseconds(2000)), milliseconds(250));
        QVERIFY2(r.ok(), explain(r).constData());
        const Connected& c = r.value();
        QCOMPARE(c.remote.toString(), server.address().toString());
        QVERIFY(c.localPort != 0);
        QCOMPARE(c.localPort, sys::localPort(c.fd.get()));
        QVERIFY(test::nonBlocking(c.fd.get()) == true);
        QVERIFY(test::inheritable(c.fd.get()) == false);
        const std::optional<int> nodelay = test::socketOption(c.fd.get(), test::SocketOption::NoDelay);
        QVERIFY(nodelay.has_value());
        QVERIFY(*nodelay != 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::connectFailsOverImmediately()
{
    FdGuard guard;
    {
        std::uint16_t port6 = 0;
        const UniqueFd refusing = test::refusingSocket(test::kAfInet6, port6);
        LoopbackServer server([](int fd, const std::stop_token& stop) { test::drainUntilClosed(fd, stop); });
        QVERIFY(refusing.valid() && server.ok());
        const auto start = Clock::now();
        // A refusal must start the next address at once, not after the (long) stagger.
        auto r = connectAny({test::loopback(test::kAfInet6, port6), server.address()},
                            withDeadline(milliseconds(5000)), milliseconds(2000));
        const qint64 elapsed = msSince(start);
        QVERIFY2(r.ok(), explain(r).constData());
        QCOMPARE(r.value().remote.toString(), server.address().toString());
        QVERIFY2(elapsed < 500, QByteArray::number(elapsed).constData());
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::connectStaggersPastHangingAddress()
{
    FdGuard guard;
    {
        UniqueFd listener;
        std::vector<UniqueFd> fillers;
        SocketAddress hanging;
        if (!test::makeHangingAddress(listener, fillers, hanging))
            QSKIP("this network stack completes connects to a full accept queue; no hanging address");
        LoopbackServer server([](int fd, const std::stop_token& stop) { test::drainUntilClosed(fd, stop); });
        QVERIFY(server.ok());
        constexpr int staggerMs = 150;
        const auto start = Clock::now();
        auto r = connectAny({hanging, server.address()}, withDeadline(milliseconds(5000)),
                            milliseconds(staggerMs));
        const qint64 elapsed = msSince(start);
        QVERIFY2(r.ok(), explain(r).constData());
        QCOMPARE(r.value().remote.toString(), server.address().toString());
        QVERIFY2(elapsed >= staggerMs && elapsed <= staggerMs + kSlackMs,
                 QByteArray::number(elapsed).constData());
        qInfo("second address won after %lld ms (stagger %d ms)", static_cast<long long>(elapsed), staggerMs);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::connectTimesOut()
{
    FdGuard guard;
    {
        UniqueFd listener;
        std::vector<UniqueFd> fillers;
        SocketAddress hanging;
        if (!test::makeHangingAddress(listener, fillers, hanging))
            QSKIP("this network stack completes connects to a full accept queue; no hanging address");
        const auto start = Clock::now();
        auto r = connectAny({hanging}, withDeadline(milliseconds(300)), milliseconds(250));
        const qint64 elapsed = msSince(start);
        EXPECT_ERROR(r, ErrorCode::TimedOut);
        QVERIFY(r.error().phase == DialPhase::Connect);
        QCOMPARE(QByteArray::fromStdString(r.error().message),
                 QByteArray::fromStdString("connect to " + hanging.toString() + " timed out"));
        QVERIFY2(elapsed >= 300 && elapsed <= 300 + kSlackMs, QByteArray::number(elapsed).constData());
        qInfo("timed out after %lld ms (deadline 300 ms)", static_cast<long long>(elapsed));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::connectCancelled()
{
    FdGuard guard;
    {
        UniqueFd listener;
        std::vector<UniqueFd> fillers;
        SocketAddress hanging;
        if (!test::makeHangingAddress(listener, fillers, hanging))
            QSKIP("this network stack completes connects to a full accept queue; no hanging address");
        std::stop_source stop;
        DialControl control = withDeadline(milliseconds(10000));
        control.stop = stop.get_token();
        std::optional<Result<Connected>> result;
        std::atomic<Clock::rep> returnedAt{0};
        std::binary_semaphore go{0};
        int before = 0;
        {
            std::jthread worker([&] {
                if (!go.try_acquire_for(std::chrono::seconds(10)))
                    return;
                result.emplace(connectAny({hanging}, control, milliseconds(250)));
                returnedAt = nowTicks();
            });
            // Counted once the thread exists: on Windows its handle is one more.
            before = test::openFdCount();
            go.release();
            // The attempt's socket appearing means connectAny is under way.
            QTRY_VERIFY(test::openFdCount() > before);
            const auto triggeredAt = nowTicks();
            stop.request_stop();
            worker.join();
            const qint64 latency = msBetween(triggeredAt, returnedAt.load());
            QVERIFY2(latency <= kCancelBoundMs, QByteArray::number(latency).constData());
            qInfo("cancel seen after %lld ms", static_cast<long long>(latency));
        }
        QVERIFY(result.has_value());
        EXPECT_ERROR(*result, ErrorCode::Cancelled);
        QVERIFY(result->error().phase == DialPhase::Connect);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestEngineNet::plainLiveness_data()
{
    QTest::addColumn<QByteArray>("action");
    QTest::addColumn<bool>("usable");
    QTest::newRow("idle") << QByteArray("none") << true;
    QTest::newRow("unread bytes") << QByteArray("bytes") << false;
    QTest::newRow("peer closed") << QByteArray("fin") << false;
    QTest::newRow("peer reset") << QByteArray("rst") << false;
}

void TestEngineNet::plainLiveness()
{
    QFETCH(QByteArray, action);
    QFETCH(bool, usable);
    FdGuard guard;
    {
        std::atomic<bool> accepted{false};
        std::binary_semaphore go{0};
        LoopbackServer server([&, action](int fd, const std::stop_token& stop) {
            accepted = true;
            if (!test::waitFor(go, stop))
                return;
            if (action == "fin")
                return;
            if (action == "rst") {
                test::resetOnClose(fd);
                return;
            }
            if (action == "bytes")
                (void)sys::send(fd, "x", 1);
            test::drainUntilClosed(fd, stop);
        });
        QVERIFY(server.ok());
        auto conn = connectAny({server.address()}, withDeadline(milliseconds(5000)), milliseconds(250));
        QVERIFY2(conn.ok(), explain(conn).constData());
        const int fd = conn.value().fd.get();
        QTRY_VERIFY(accepted.load());
        QVERIFY(plainIdleConnectionUsable(fd));
        go.release();
        if (action != "none")
            QVERIFY(test::pollReadable(fd, 2000));
        QCOMPARE(plainIdleConnectionUsable(fd), usable);
        if (action == "bytes") {
            char byte = 0;
            QCOMPARE(sys::recv(fd, &byte, 1), sys::IoResult(1)); // the check peeked, it did not consume
        }
    }
    QCOMPARE(guard.settledLeak(), 0);
}
