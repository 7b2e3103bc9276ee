// Socket options never pass from one holder to the next: a holder given the raw socket changes an
// option, returns the connection, and the next lease of the same connection sees the pool's value
// again; a lowered buffer size (which cannot be undone) closes it instead. Real sockets, the lab.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "net/platform/socket_api.h"
#include "qtest_printers.h"
#include "test_platform.h"

#include <QtTest>
#include <optional>
#include <string>

using namespace std::chrono_literals;
using poolscope::CloseReason;
using poolscope::ConnectionPool;
using poolscope::EventKind;
using poolscope::PoolParams;
using poolscope::lab::ServerKind;
using poolscope::test::EventsOfKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::loopbackParams;
using poolscope::test::makePool;
using poolscope::test::setSocketOption;
using poolscope::test::sharedLab;
using poolscope::test::SocketOption;
using poolscope::test::socketOption;
namespace sys = poolscope::detail::sys;

Q_DECLARE_METATYPE(poolscope::lab::ServerKind)
Q_DECLARE_METATYPE(poolscope::test::SocketOption)

namespace {

/// Keep-alive values no default has, so a holder's change and the pool's value differ.
PoolParams keepAliveParams()
{
    PoolParams params = loopbackParams();
    params.tcpKeepAlive = 45s;
    params.tcpKeepAliveInterval = 11s;
    params.tcpKeepAliveProbes = 4;
    return params;
}

/// One request and response, so the connection is used, not only handed back and forth.
bool exchange(poolscope::PooledConnection& lease)
{
    std::string error;
    const std::string response = poolscope::test::httpGet(lease, "/", &error);
    if (response.rfind("HTTP/1.1 200", 0) != 0) {
        qWarning("exchange failed: %s", error.c_str());
        return false;
    }
    return true;
}

} // namespace

class TestEngineSocketOptions : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void optionPutBack_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::addColumn<SocketOption>("option");
        QTest::addColumn<int>("holderValue");
        QTest::addColumn<int>("poolValue");
        const struct
        {
            const char* name;
            SocketOption option;
            int holderValue;
            int poolValue;
        } rows[] = {
            {"TCP_NODELAY off", SocketOption::NoDelay, 0, 1},
            {"SO_LINGER {1, 0}", SocketOption::Linger, 1, 0},
            {"SO_RCVTIMEO 300 ms", SocketOption::ReceiveTimeout, 300, 0},
            {"SO_KEEPALIVE off", SocketOption::KeepAlive, 0, 1},
            {"TCP_KEEPIDLE 7 s", SocketOption::KeepIdle, 7, 45},
            {"TCP_KEEPINTVL 3 s", SocketOption::KeepInterval, 3, 11},
        };
        for (const auto kind : {ServerKind::Http, ServerKind::Https}) {
            for (const auto& row : rows) {
                QTest::addRow("%s %s", kind == ServerKind::Http ? "plain" : "tls", row.name)
                    << kind << row.option << row.holderValue << row.poolValue;
            }
        }
    }
    void optionPutBack()
    {
        QFETCH(ServerKind, kind);
        QFETCH(SocketOption, option);
        QFETCH(int, holderValue);
        QFETCH(int, poolValue);
        auto pool = makePool(keepAliveParams());
        {
            auto lease = pool.dial(labRequest(kind));
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            if (!socketOption(lease->nativeSocket(), option) && poolscope::test::runningUnderWine())
                QSKIP("Wine 8 has no TCP_KEEPIDLE/KEEPINTVL (the engine sets the times through "
                      "SIO_KEEPALIVE_VALS there), so they cannot be read back");
            QCOMPARE(socketOption(lease->nativeSocket(), option), std::optional<int>(poolValue));
            QVERIFY(setSocketOption(lease->nativeSocket(), option, holderValue));
            QCOMPARE(socketOption(lease->nativeSocket(), option), std::optional<int>(holderValue));
            QVERIFY(exchange(*lease));
            QVERIFY(lease->release().ok());
        }
        auto next = pool.dial(labRequest(kind));
        QVERIFY(next);
        QVERIFY(next->reused());
        QCOMPARE(socketOption(next->nativeSocket(), option), std::optional<int>(poolValue));
        QVERIFY(exchange(*next));
        QVERIFY(next->release().ok());
    }

    void blockingModePutBack_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::newRow("plain") << ServerKind::Http;
        QTest::newRow("tls") << ServerKind::Https;
    }
    void blockingModePutBack()
    {
        QFETCH(ServerKind, kind);
        auto pool = makePool();
        {
            auto lease = pool.dial(labRequest(kind));
            QVERIFY(lease);
            QVERIFY(exchange(*lease));
            QCOMPARE(sys::setNonBlocking(lease->nativeSocket(), true), 0);
            QVERIFY(lease->release().ok());
        }
        auto next = pool.dial(labRequest(kind));
        QVERIFY(next);
        QVERIFY(next->reused());
        QCOMPARE(poolscope::test::nonBlocking(next->nativeSocket()), std::optional<bool>(false));
        QVERIFY(next->release().ok());
    }

    void loweredBufferCloses_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::addColumn<SocketOption>("option");
        QTest::newRow("plain SO_RCVBUF") << ServerKind::Http << SocketOption::ReceiveBuffer;
        QTest::newRow("plain SO_SNDBUF") << ServerKind::Http << SocketOption::SendBuffer;
        QTest::newRow("tls SO_RCVBUF") << ServerKind::Https << SocketOption::ReceiveBuffer;
    }
    void loweredBufferCloses()
    {
        QFETCH(ServerKind, kind);
        QFETCH(SocketOption, option);
        auto pool = makePool();
        EventsOfKind closed(EventKind::Closed);
        closed.install(pool);
        poolscope::ConnectionId first = 0;
        {
            auto lease = pool.dial(labRequest(kind));
            QVERIFY(lease);
            first = lease->id();
            const auto before = socketOption(lease->nativeSocket(), option);
            QVERIFY(before && *before > 4096);
            QVERIFY(setSocketOption(lease->nativeSocket(), option, 1024)); // the kernel's minimum or so
            QVERIFY(exchange(*lease));
            QVERIFY(lease->release().ok());
        }
        const auto event = closed.of(first);
        QVERIFY(event);
        QCOMPARE(event->reason, CloseReason::NotReusable);
        QVERIFY2(event->error.message.find("buffer") != std::string::npos, event->error.message.c_str());
        QCOMPARE(pool.stats().idle, 0);
        auto next = pool.dial(labRequest(kind));
        QVERIFY(next);
        QVERIFY(!next->reused());
        QVERIFY(next->id() != first);
        QVERIFY(next->release().ok());
        pool.setEventCallback({});
    }

    /// A lease that only used writeAll/readSome pays nothing on return: nothing is put back.
    /// (The option is changed behind the engine's back, through the descriptor an earlier lease
    /// of the same connection was given, only to see that the return leaves it alone.)
    void unexposedLeaseIsLeftAlone()
    {
        auto pool = makePool();
        int fd = -1;
        {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            fd = lease->nativeSocket();
            QVERIFY(lease->release().ok());
        }
        {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease && lease->reused());
            QVERIFY(setSocketOption(fd, SocketOption::NoDelay, 0));
            QVERIFY(exchange(*lease));
            QVERIFY(lease->release().ok());
        }
        auto next = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(next && next->reused());
        QCOMPARE(socketOption(next->nativeSocket(), SocketOption::NoDelay), std::optional<int>(0));
        QVERIFY(next->release().ok()); // exposed now: this return puts it back
        auto last = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(last && last->reused());
        QCOMPARE(socketOption(last->nativeSocket(), SocketOption::NoDelay), std::optional<int>(1));
        QVERIFY(last->release().ok());
    }

    /// The handle API hands the socket out too (ConnectionPool::nativeSocket(handle)).
    void handleApiPutBack()
    {
        auto pool = makePool();
        auto handle = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(handle);
        const int fd = pool.nativeSocket(handle.value());
        QVERIFY(fd >= 0);
        QVERIFY(setSocketOption(fd, SocketOption::NoDelay, 0));
        QVERIFY(pool.release(handle.value()).ok());
        auto next = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(next && next->reused());
        QCOMPARE(socketOption(next->nativeSocket(), SocketOption::NoDelay), std::optional<int>(1));
        QVERIFY(next->release().ok());
    }
};

QTEST_GUILESS_MAIN(TestEngineSocketOptions)
#include "tst_engine_socket_options.moc"
