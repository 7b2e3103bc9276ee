// PooledConnection's non-blocking steps (tryRead/tryWrite/restoreBlocking) against the lab, plain
// and TLS: a request and a response that needs many reads, the socket blocking between steps, the
// peer's close as eof, a shut-down socket as an error. Waits are poll() on the socket, bounded.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "net/platform/socket_api.h"
#include "qtest_printers.h"

#include <QtTest>
#include <optional>
#include <string>

using namespace std::chrono_literals;
using poolscope::PooledConnection;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;
using poolscope::test::sharedLab;
namespace sys = poolscope::detail::sys;

Q_DECLARE_METATYPE(poolscope::lab::ServerKind)

namespace {

/// Waits (at most 5 s) for what the last step wanted. False on time-out.
bool waitFor(const PooledConnection& c, const PooledConnection::IoStep& step)
{
    sys::PollEntry entry{c.nativeSocket(), static_cast<short>(step.wantWrite ? sys::kPollOut : sys::kPollIn),
                         0};
    return sys::poll(&entry, 1, 5000) > 0;
}

/// Writes all of `data`; empty on success, else why not.
std::string writeAll(PooledConnection& c, std::string_view data)
{
    for (int rounds = 0; !data.empty() && rounds < 10'000; ++rounds) {
        auto step = c.tryWrite(data);
        if (!step)
            return step.error().message;
        if (sys::isNonBlocking(c.nativeSocket(), false))
            return "left non-blocking";
        data.remove_prefix(step->bytes);
        if (step->bytes == 0 && !waitFor(c, *step))
            return "timed out";
    }
    return data.empty() ? std::string() : "too many rounds";
}

struct ReadOutcome
{
    std::string bytes;
    int reads = 0;
    bool eof = false;
    std::string error;
};

/// Reads until a whole response with a body of `bodyBytes` arrived, eof, or an error.
ReadOutcome readResponse(PooledConnection& c, std::size_t bodyBytes)
{
    ReadOutcome out;
    char buffer[16 * 1024];
    const auto complete = [&] {
        const auto head = out.bytes.find("\r\n\r\n");
        return head != std::string::npos && out.bytes.size() >= head + 4 + bodyBytes;
    };
    for (int rounds = 0; !complete() && rounds < 100'000; ++rounds) {
        auto step = c.tryRead(buffer, sizeof buffer);
        if (!step) {
            out.error = step.error().message;
            break;
        }
        if (sys::isNonBlocking(c.nativeSocket(), false)) {
            out.error = "left non-blocking";
            break;
        }
        if (step->eof) {
            out.eof = true;
            break;
        }
        if (step->bytes > 0) {
            out.bytes.append(buffer, step->bytes);
            ++out.reads;
        } else if (!waitFor(c, *step)) {
            out.error = "timed out";
            break;
        }
    }
    return out;
}

} // namespace

class TestEngineSteps : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void kinds_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::newRow("plain") << ServerKind::Http;
        QTest::newRow("tls") << ServerKind::Https;
    }

    void requestAndLargeResponse_data() { kinds_data(); }
    void requestAndLargeResponse()
    {
        QFETCH(ServerKind, kind);
        auto pool = makePool();
        auto lease = pool.dial(labRequest(kind));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        const std::string body(2 * 1024 * 1024, 'b'); // a request larger than the socket buffers
        const std::string request =
            "GET /bytes/1048576 HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n" + body;
        const std::string written = writeAll(*lease, request);
        QVERIFY2(written.empty(), written.c_str());
        const auto response = readResponse(*lease, 1024 * 1024);
        QVERIFY2(response.error.empty(), response.error.c_str());
        QVERIFY(response.bytes.rfind("HTTP/1.1 200 OK", 0) == 0);
        QVERIFY(response.reads > 1);
        QCOMPARE(response.bytes.size() - response.bytes.find("\r\n\r\n") - 4, std::size_t{1024 * 1024});
        QVERIFY(lease->restoreBlocking().ok());
        QVERIFY(lease->release().ok());
        QCOMPARE(pool.stats().idle, 1);
    }

    void peerCloseIsEof_data() { kinds_data(); }
    void peerCloseIsEof()
    {
        QFETCH(ServerKind, kind);
        auto pool = makePool();
        auto lease = pool.dial(labRequest(kind));
        QVERIFY(lease);
        QVERIFY(writeAll(*lease, "GET /close HTTP/1.1\r\nHost: x\r\n\r\n").empty());
        const auto response = readResponse(*lease, std::string::npos / 2); // until the end
        QVERIFY2(response.error.empty(), response.error.c_str());
        QVERIFY(response.eof);
        QVERIFY(response.bytes.rfind("HTTP/1.1 200 OK", 0) == 0);
        QVERIFY(lease->close().ok());
    }

    void shutDownSocketIsAnError_data() { kinds_data(); }
    void shutDownSocketIsAnError()
    {
        QFETCH(ServerKind, kind);
        auto pool = makePool();
        auto lease = pool.dial(labRequest(kind));
        QVERIFY(lease);
        QVERIFY(lease->shutdownSocket().ok());
        auto step = lease->tryWrite("GET / HTTP/1.1\r\n\r\n");
        QVERIFY(!step);
        QVERIFY(lease->close().ok());
    }

    void emptyLeaseRefuses()
    {
        PooledConnection empty;
        char c = 0;
        QCOMPARE(empty.tryRead(&c, 1).error().code, poolscope::ErrorCode::InvalidHandle);
        QCOMPARE(empty.tryWrite("x").error().code, poolscope::ErrorCode::InvalidHandle);
        QCOMPARE(empty.restoreBlocking().error().code, poolscope::ErrorCode::InvalidHandle);
    }
};

QTEST_GUILESS_MAIN(TestEngineSteps)
#include "tst_engine_steps.moc"
