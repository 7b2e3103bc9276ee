// Blocking I/O on a service lease (poolscope/service/lease_io.h) against the lab, plain and TLS:
// a request and its response, read deadlines on a server that has not been asked anything, the
// lease closed by force or the service gone first, empty leases and bad arguments, and socket
// options a holder changed through Lease::socket never reaching the next holder. No OpenSSL here.
#include "poolscope/service/lease_io.h"
#include "service_test_support.h"
#include "test_platform.h"
#include "timing.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <atomic>
#include <thread>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using lab::ServerKind;

namespace {

/// Reads one Content-Length framed response (what the lab sends); empty on any failure or after
/// 1000 reads.
QByteArray readResponse(const Lease& lease)
{
    QByteArray bytes;
    for (int reads = 0; reads < 1000; ++reads) {
        const qsizetype head = bytes.indexOf("\r\n\r\n");
        const qsizetype at = bytes.indexOf("Content-Length: ");
        if (head >= 0 && at >= 0 &&
            bytes.size() - head - 4 >= bytes.mid(at + 16, bytes.indexOf("\r\n", at) - at - 16).toLongLong())
            return bytes;
        auto got = readSome(lease, 16 * 1024, 5s);
        if (!got || got->isEmpty())
            return {};
        bytes += got.value();
    }
    return {};
}

const QByteArray kGet = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

} // namespace

class TestServiceLeaseIo : public QObject, private LabServiceFixture
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { QVERIFY(startLab()); }
    void cleanupTestCase() { stopLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void kinds_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::newRow("plain") << ServerKind::Http;
        QTest::newRow("tls") << ServerKind::Https;
    }

    void requestAndResponse_data() { kinds_data(); }
    void requestAndResponse()
    {
        QFETCH(ServerKind, kind);
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        for (int round = 0; round < 2; ++round) {
            const Lease lease = take(service, request(kind));
            QVERIFY(lease.anchor);
            QCOMPARE(lease.reused, round == 1);
            const Status sent = writeAll(lease, kGet, 5s);
            QVERIFY2(sent, sent.error().message.c_str());
            const QByteArray response = readResponse(lease);
            QVERIFY2(response.startsWith("HTTP/1.1 200 OK"), response.constData());
            QVERIFY(response.endsWith("\r\n\r\nok\n"));
            QVERIFY(!failureOf(service->release(lease.id)));
        }
    }

    /// The lab's servers wait for a request: a read before one was sent is a read from a server
    /// that does not answer. A deadline never ends a call early; the upper bound only catches a
    /// deadline that is not honoured at all.
    void readTimeout_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<int>("poolIoTimeoutMs");
        QTest::newRow("plain 200 ms") << ServerKind::Http << 200 << 60'000;
        QTest::newRow("tls 200 ms") << ServerKind::Https << 200 << 60'000;
        QTest::newRow("plain 0 = the pool's 150 ms") << ServerKind::Http << 0 << 150;
        QTest::newRow("tls 0 = the pool's 150 ms") << ServerKind::Https << 0 << 150;
    }
    void readTimeout()
    {
        QFETCH(ServerKind, kind);
        QFETCH(int, timeoutMs);
        QFETCH(int, poolIoTimeoutMs);
        ServiceOptions options = labOptions(*m_lab);
        options.pool.ioTimeout = std::chrono::milliseconds(poolIoTimeoutMs);
        auto owner = start(options);
        QVERIFY(owner);
        const Lease lease = take(owner->service(), request(kind));
        QVERIFY(lease.anchor);
        char buffer[64];
        QElapsedTimer timer;
        timer.start();
        const auto got = readSome(lease, buffer, sizeof buffer, std::chrono::milliseconds(timeoutMs));
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!got);
        QCOMPARE(got.error().code, ErrorCode::TimedOut);
        const int expected = timeoutMs > 0 ? timeoutMs : poolIoTimeoutMs;
        QVERIFY2(elapsed >= expected - 2, qPrintable(QString::number(elapsed))); // ms rounding
        QVERIFY2(elapsed < 10'000 * timeScale(), qPrintable(QString::number(elapsed)));
        QVERIFY(!failureOf(owner->service()->close({lease.id}))); // after an error: close
    }

    /// A force-close wakes a read blocked on another thread and fails later calls at once.
    void forceClosedWhileBlocked_data() { kinds_data(); }
    void forceClosedWhileBlocked()
    {
        QFETCH(ServerKind, kind);
        auto owner = start();
        QVERIFY(owner);
        const Lease lease = take(owner->service(), request(kind));
        QVERIFY(lease.anchor);
        std::atomic<bool> started{false};
        std::atomic<bool> finished{false};
        ErrorCode code = ErrorCode::Ok;
        std::thread reader([&] {
            char buffer[64];
            started = true;
            const auto got = readSome(lease, buffer, sizeof buffer, std::chrono::minutes(5));
            code = got ? ErrorCode::Ok : got.error().code;
            finished = true;
        });
        QTRY_VERIFY(started.load());
        QVERIFY(!failureOf(owner->service()->forceClose({lease.id})));
        QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 10'000 * timeScale());
        reader.join();
        // A shut-down socket reads as end of stream (0 bytes) or fails, depending on the platform.
        QVERIFY(code != ErrorCode::TimedOut);
        QVERIFY(!writeAll(lease, kGet, 5s));
        char buffer[64];
        const auto again = readSome(lease, buffer, sizeof buffer, 5s);
        QVERIFY(!again || again.value() == 0);
    }

    void serviceDestroyedFirst_data() { kinds_data(); }
    void serviceDestroyedFirst()
    {
        QFETCH(ServerKind, kind);
#if defined(Q_OS_WIN)
        // Under Wine the calls below return at once and pass, but with a TLS connection still
        // leased as the service stops, the process never finishes exiting (its main thread stays
        // in its exit callbacks), so ctest times the whole suite out. Known problem, to be fixed,
        // not hidden: see issue #14's note.
        QSKIP("Windows: the process does not exit after this case under Wine (known problem)");
#endif
        auto owner = start();
        QVERIFY(owner);
        const Lease lease = take(owner->service(), request(kind));
        QVERIFY(lease.anchor);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(
                                               "stopped with 1 connection\\(s\\) still leased")));
        owner.reset();
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!writeAll(lease, kGet, std::chrono::minutes(5)));
        auto got = readSome(lease, 64, std::chrono::minutes(5));
        QVERIFY(!got || got->isEmpty());
        QVERIFY(timer.elapsed() < 10'000 * timeScale());
    }

    void releasedLeaseRefuses()
    {
        auto owner = start();
        QVERIFY(owner);
        const Lease lease = take(owner->service(), request(ServerKind::Http));
        QVERIFY(!failureOf(owner->service()->release(lease.id)));
        const Status sent = writeAll(lease, kGet);
        QCOMPARE(sent.error().code, ErrorCode::InvalidHandle);
        char c = 0;
        QCOMPARE(readSome(lease, &c, 1).error().code, ErrorCode::InvalidHandle);
    }

    void badArguments()
    {
        const Lease empty;
        char c = 0;
        QCOMPARE(writeAll(empty, kGet).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(readSome(empty, &c, 1).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(readSome(empty, 16).error().code, ErrorCode::InvalidArgument);

        auto owner = start();
        QVERIFY(owner);
        const Lease lease = take(owner->service(), request(ServerKind::Http));
        QCOMPARE(writeAll(lease, kGet, -1ms).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(readSome(lease, &c, 1, -1ms).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(readSome(lease, nullptr, 1).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(readSome(lease, 0).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(readSome(lease, 17 * 1024 * 1024).error().code, ErrorCode::InvalidArgument);
        const auto none = readSome(lease, nullptr, 0);
        QVERIFY(none && none.value() == 0);
        QVERIFY(writeAll(lease, QByteArrayView()));
        // Nothing was sent or read: the connection is fit for reuse.
        QVERIFY(!failureOf(owner->service()->release(lease.id)));
        const Lease next = take(owner->service(), request(ServerKind::Http));
        QVERIFY(next.reused);
        QVERIFY(!failureOf(owner->service()->release(next.id)));
    }

    /// Lease::socket hands the descriptor out: what a holder changes on it goes no further.
    void socketOptionsDoNotPassOn_data() { kinds_data(); }
    void socketOptionsDoNotPassOn()
    {
        QFETCH(ServerKind, kind);
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        {
            const Lease lease = take(service, request(kind));
            QVERIFY(setSocketOption(lease.socket, SocketOption::NoDelay, 0));
            QVERIFY(setSocketOption(lease.socket, SocketOption::ReceiveTimeout, 250));
            QVERIFY(writeAll(lease, kGet, 5s));
            QVERIFY(!readResponse(lease).isEmpty());
            QVERIFY(!failureOf(service->release(lease.id)));
        }
        const Lease next = take(service, request(kind));
        QVERIFY(next.reused);
        QCOMPARE(socketOption(next.socket, SocketOption::NoDelay), std::optional<int>(1));
        QCOMPARE(socketOption(next.socket, SocketOption::ReceiveTimeout), std::optional<int>(0));
        QVERIFY(!failureOf(service->release(next.id)));
    }
};

QTEST_GUILESS_MAIN(TestServiceLeaseIo)
#include "tst_service_lease_io.moc"
