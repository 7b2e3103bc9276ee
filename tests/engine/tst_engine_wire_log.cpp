// The wire log of plain connections against the lab's real servers: with capture off nothing is
// recorded; with it on, the connect, each hand-out, the first bytes (capped) and byte counts each
// way, the idle-closer's FIN (seen by a read and by the idle check), the resetter's RST, a
// half-close and the pool's close, bounded in length.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "test_platform.h"

#include <QtTest>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using poolscope::ConnectionPool;
using poolscope::EventKind;
using poolscope::PoolEvent;
using poolscope::ShutdownHow;
using poolscope::WireEvent;
using poolscope::WireEventKind;
using poolscope::WireLog;
using poolscope::lab::ServerKind;
using poolscope::test::EventsOfKind;
using poolscope::test::FdGuard;
using poolscope::test::httpGet;
using poolscope::test::labRequest;
using poolscope::test::makePool;
using poolscope::test::sharedLab;

namespace {

/// The log in one line per event, for failure messages.
std::string dump(const WireLog& log)
{
    std::string out;
    for (const WireEvent& e : log.events) {
        out.append("\n  #").append(std::to_string(e.use)).append(" ");
        out.append(poolscope::describe(e.kind)).append(" ").append(std::to_string(e.bytes)).append(" B ");
        out.append(poolscope::printable(e.text));
    }
    return out;
}

std::vector<WireEventKind> kinds(const WireLog& log)
{
    std::vector<WireEventKind> out;
    for (const WireEvent& e : log.events)
        out.push_back(e.kind);
    return out;
}

/// The wire log a connection's Closed event carried, or null (none kept, or no log).
std::shared_ptr<const WireLog> closedLog(const EventsOfKind& closed, poolscope::ConnectionId id)
{
    const std::optional<PoolEvent> event = closed.of(id);
    return event ? event->wire : nullptr;
}

ConnectionPool capturingPool()
{
    auto pool = makePool();
    pool.setHandshakeCapture(true);
    return pool;
}

} // namespace

class TestEngineWireLog : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void printableEscapes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << QByteArray("GET / HTTP/1.1") << QStringLiteral("GET / HTTP/1.1");
        QTest::newRow("line ends") << QByteArray("a\r\nb\tc") << QStringLiteral("a\\r\\nb\\tc");
        QTest::newRow("backslash") << QByteArray("a\\b") << QStringLiteral("a\\\\b");
        QTest::newRow("binary") << QByteArray("\x00\x7f\xff", 3) << QStringLiteral("\\x00\\x7f\\xff");
        QTest::newRow("empty") << QByteArray() << QString();
    }
    void printableEscapes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string out =
            poolscope::printable(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        QCOMPARE(QString::fromStdString(out), expected);
    }

    void offRecordsNothing()
    {
        auto pool = makePool();
        QVERIFY(!pool.handshakeCapture());
        EventsOfKind closed(EventKind::Closed);
        closed.install(pool);
        poolscope::ConnectionId id = 0;
        for (int use = 0; use < 2; ++use) {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            QCOMPARE(lease->reused(), use == 1);
            QVERIFY(!lease->recordsWire());
            std::string error;
            QVERIFY2(!httpGet(*lease, "/", &error).empty(), error.c_str());
            lease->noteWire("ignored");
            QVERIFY(lease->info()->wire.empty());
            id = lease->id();
            if (use == 1)
                QVERIFY(lease->close());
        }
        QVERIFY(closedLog(closed, id) == nullptr);
        QCOMPARE(pool.stats().closed, std::uint64_t{1});
    }

    void firstBytesAndCountsOfEachUse()
    {
        auto pool = capturingPool();
        const std::string path = "/" + std::string(200, 'x'); // a request longer than the preview
        std::string firstResponse;
        {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            QVERIFY(lease->recordsWire());
            firstResponse = httpGet(*lease, path);
            QVERIFY(!firstResponse.empty());
            lease->noteWire("HTTP/1.1 200 OK");
            const WireLog log = lease->info()->wire;
            const std::vector<WireEventKind> expected{WireEventKind::Connected, WireEventKind::HandedOut,
                                                      WireEventKind::Sent, WireEventKind::Received,
                                                      WireEventKind::Note};
            QVERIFY2(kinds(log) == expected, dump(log).c_str());
            QVERIFY(log.events[0].text.starts_with("127.0.0.1:"));
            QCOMPARE(log.events[1].text, std::string("new"));
            const WireEvent& sent = log.events[2];
            QCOMPARE(sent.use, 1u);
            QCOMPARE(sent.text.size(), WireLog::kPreviewBytes); // capped, the count is not
            QVERIFY2(sent.text.starts_with("GET /xxx"), sent.text.c_str());
            QVERIFY(sent.bytes > path.size());
            QCOMPARE(log.bytesSent, sent.bytes);
            const WireEvent& received = log.events[3];
            QVERIFY2(received.text.starts_with("HTTP/1.1 200"), received.text.c_str());
            QCOMPARE(received.bytes, std::uint64_t{firstResponse.size()}); // every byte of the response
            QCOMPARE(log.bytesReceived, received.bytes);
            QVERIFY(log.events[3].offsetUs >= log.events[2].offsetUs);
            QVERIFY(!log.truncated);
        }
        // The second use starts new lines; the totals keep counting.
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        QVERIFY(lease->reused());
        const std::string second = httpGet(*lease, "/");
        QVERIFY(!second.empty());
        const WireLog log = lease->info()->wire;
        QCOMPARE(log.events.size(), std::size_t{8});
        QCOMPARE(log.events[5].kind, WireEventKind::HandedOut);
        QCOMPARE(log.events[5].text, std::string("reused"));
        QCOMPARE(log.events[6].kind, WireEventKind::Sent);
        QCOMPARE(log.events[6].use, 2u);
        QVERIFY(log.events[6].text.starts_with("GET / HTTP/1.1\r\n"));
        QCOMPARE(log.events[7].kind, WireEventKind::Received);
        QCOMPARE(log.events[7].bytes, std::uint64_t{second.size()});
        QCOMPARE(log.bytesReceived, std::uint64_t{firstResponse.size() + second.size()});
    }

    void finFromIdleCloserSeenByRead()
    {
        auto pool = capturingPool();
        auto lease = pool.dial(labRequest(ServerKind::IdleCloser));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QVERIFY(!httpGet(*lease).empty());
        // The server closes a connection idle longer than idleCloseAfter (300 ms): FIN.
        char byte = 0;
        auto read = lease->readSome(&byte, 1, 10s);
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(*read, std::size_t{0});
        const WireLog log = lease->info()->wire;
        const WireEvent* fin = log.first(WireEventKind::PeerClosed);
        QVERIFY2(fin, dump(log).c_str());
        QCOMPARE(fin->text, std::string("read returned end of stream"));
        QVERIFY(!log.first(WireEventKind::PeerReset));
        auto again = lease->readSome(&byte, 1, 10s); // the same FIN, found a second time
        QVERIFY(again && *again == 0);
        const std::vector<WireEventKind> seen = kinds(lease->info()->wire);
        QCOMPARE(std::count(seen.begin(), seen.end(), WireEventKind::PeerClosed), 1); // said once
        QVERIFY(lease->close());
    }

    void finFromIdleCloserSeenByIdleCheck_data()
    {
        QTest::addColumn<bool>("byDial");
        QTest::addColumn<QString>("where");
        QTest::newRow("idle watcher")
            << false << QStringLiteral("the idle watcher's check read end of stream");
        QTest::newRow("before hand-out")
            << true << QStringLiteral("the check before hand-out read end of stream");
    }
    void finFromIdleCloserSeenByIdleCheck()
    {
        QFETCH(bool, byDial);
        QFETCH(QString, where);
        auto pool = capturingPool();
        EventsOfKind closed(EventKind::Closed);
        closed.install(pool);
        poolscope::ConnectionId id = 0;
        {
            auto lease = pool.dial(labRequest(ServerKind::IdleCloser));
            QVERIFY(lease);
            QVERIFY(!httpGet(*lease).empty());
            id = lease->id();
        }
        // Idle in the pool until the server's FIN arrives; then the check closes it. A dial that
        // still got it back (no FIN yet) returns it at once. (QTRY_* evaluates its expression once
        // more after success, so the check sits inside.)
        const auto check = [&] {
            if (byDial)
                (void)pool.dial(labRequest(ServerKind::IdleCloser));
            else
                (void)pool.checkIdle();
            return closedLog(closed, id) != nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(check(), 10'000);
        QVERIFY(pool.stats().staleDetected >= 1); // a later connection may have gone stale too
        const auto log = closedLog(closed, id);
        QVERIFY(log);
        const WireEvent* fin = log->first(WireEventKind::PeerClosed);
        QVERIFY2(fin, dump(*log).c_str());
        QCOMPARE(QString::fromStdString(fin->text), where);
        QCOMPARE(log->events.back().kind, WireEventKind::Closed);
        QCOMPARE(log->events.back().text, std::string(poolscope::describe(poolscope::CloseReason::Stale)));
    }

    void rstFromResetter()
    {
        // The peer resets an established, idle connection while the holder reads: the read, not
        // the dial's checks, is the first to meet the reset. (The lab's resetter resets right
        // after accept, which races the dial's own readiness check on a loaded machine.)
        std::atomic<bool> reset{false};
        poolscope::test::LoopbackAcceptor peer(
            [&reset](int fd, const std::atomic<bool>& stop) {
                for (int i = 0; i < 10'000 && !reset.load() && !stop.load(); ++i)
                    std::this_thread::sleep_for(1ms);
                (void)poolscope::test::setResetOnClose(fd); // the acceptor's close sends RST
            },
            "wire-log-resetter");
        auto pool = capturingPool();
        poolscope::DialRequest request;
        request.host = "127.0.0.1";
        request.port = peer.port();
        auto lease = pool.dial(request);
        QVERIFY(lease);
        reset.store(true);
        char byte = 0;
        auto read = lease->readSome(&byte, 1, 10s);
        const WireLog log = lease->info()->wire;
#ifdef Q_OS_WIN
        if (read) { // Winsock (seen under Wine) may report the reset to readiness polling only
            QCOMPARE(*read, std::size_t{0});
            QVERIFY2(log.first(WireEventKind::PeerClosed), dump(log).c_str());
            QVERIFY(lease->close());
            QSKIP("the read saw end of stream, not the reset (Winsock under Wine)");
        }
#endif
        QVERIFY2(!read, "the read should fail with the peer's reset");
        QCOMPARE(read.error().code, poolscope::ErrorCode::ConnectionReset);
        const WireEvent* rst = log.first(WireEventKind::PeerReset);
        QVERIFY2(rst, dump(log).c_str());
        QCOMPARE(rst->text, std::string("read failed: connection reset"));
        QVERIFY(!log.first(WireEventKind::PeerClosed));
        QVERIFY(lease->close());
    }

    void halfCloseAndPoolClose()
    {
        auto pool = capturingPool();
        EventsOfKind closed(EventKind::Closed);
        closed.install(pool);
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const poolscope::ConnectionId id = lease->id();
        QVERIFY(lease->shutdownSocket(ShutdownHow::Write));
        const WireLog log = lease->info()->wire;
        QCOMPARE(log.events.back().kind, WireEventKind::ShutDown);
        QCOMPARE(log.events.back().text, std::string("write side (half-close)"));
        QVERIFY(lease->release()); // closed, never reused: it was shut down
        const auto last = closedLog(closed, id);
        QVERIFY(last);
        QCOMPARE(last->events.back().kind, WireEventKind::Closed);
        QCOMPARE(pool.snapshot().size(), std::size_t{0});
    }

    void boundedLength()
    {
        auto pool = capturingPool();
        // Three lines per use (hand-out, sent, received): 20 uses overflow kMaxEvents.
        for (int use = 0; use < 20; ++use) {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            QVERIFY(!httpGet(*lease).empty());
        }
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        const WireLog log = lease->info()->wire;
        QCOMPARE(log.events.size(), WireLog::kMaxEvents);
        QVERIFY(log.truncated);
        QVERIFY(log.bytesSent > 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineWireLog)
#include "tst_engine_wire_log.moc"
