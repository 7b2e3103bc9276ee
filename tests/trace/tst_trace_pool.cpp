// PoolRecorder on a real ConnectionPool against the lab (plain and TLS servers): dials, a reuse,
// returns, a failed TLS dial and closes are recorded; read back, the state at the end equals the
// pool's final snapshot and stats, and the state in the middle equals a snapshot the test took
// then (which the trace never saw: the reader rebuilt it from events).

#include "fd_guard.h"
#include "poolscope/lab/lab.h"
#include "poolscope/trace/pool_recorder.h"
#include "poolscope/trace/trace_reader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using namespace poolscope::trace;
using lab::ServerKind;

namespace {

std::filesystem::path fsPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

struct Row
{
    ConnectionId id;
    ConnectionState state;
    std::string label;
    bool operator==(const Row&) const = default;
};

std::vector<Row> rowsOf(const std::vector<ConnectionInfo>& connections)
{
    std::vector<Row> rows;
    for (const ConnectionInfo& c : connections)
        rows.push_back({c.id, c.state, c.label});
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
    return rows;
}

QString describeRows(const std::vector<Row>& rows)
{
    QStringList out;
    for (const Row& r : rows)
        out << QStringLiteral("%1:%2:%3").arg(r.id).arg(int(r.state)).arg(QString::fromStdString(r.label));
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestTracePool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTrip();
    void cleanupTestCase();

private:
    DialRequest request(ServerKind kind, const char* label) const
    {
        DialRequest r;
        r.host = "127.0.0.1";
        r.port = m_lab->port(kind);
        r.tls = m_lab->server(kind).tls;
        r.timeout = std::chrono::seconds(10);
        r.label = label;
        return r;
    }
    std::unique_ptr<lab::Lab> m_lab;
    poolscope::test::FdGuard m_fds;
};

void TestTracePool::initTestCase()
{
    auto started = lab::Lab::start();
    QVERIFY2(started, started ? "" : started.error().message.c_str());
    m_lab = std::move(started).value();
    m_fds = poolscope::test::FdGuard();
}

void TestTracePool::cleanupTestCase()
{
    m_lab.reset();
}

void TestTracePool::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pool.trace"));
    PoolParams params;
    params.maxConnections = 8;
    params.dnsServers = {m_lab->dnsServer()};
    params.tls = m_lab->trustingTls();
    auto created = ConnectionPool::create(params);
    QVERIFY(created);
    ConnectionPool pool = std::move(created).value();

    std::vector<ConnectionInfo> middle;
    PoolStats middleStats;
    std::int64_t middleAt = 0;
    std::vector<ConnectionInfo> finalRows;
    PoolStats finalStats;
    TraceWriter::Counts counts;
    Handle held = kInvalidHandle; // in use through the end
    {
        TraceWriter writer(fsPath(path));
        QVERIFY2(writer.isOpen(), writer.error().c_str());
        {
            // A long interval: the snapshots are the first and the last, so the middle state can
            // only come from replaying events.
            PoolRecorder recorder(pool, writer, std::chrono::hours(1));
            auto plain = pool.dial(request(ServerKind::Http, "plain"));
            QVERIFY(plain);
            auto secure = pool.dial(request(ServerKind::Https, "secure"));
            QVERIFY2(secure, secure ? "" : secure.error().message.c_str());
            const ConnectionId plainId = plain->id();
            QVERIFY(plain->release().ok());
            auto again = pool.dial(request(ServerKind::Http, "again"));
            QVERIFY(again);
            QCOMPARE(again->id(), plainId);
            QVERIFY(again->reused());
            auto expired = pool.dial(request(ServerKind::Expired, "expired"));
            QVERIFY(!expired);
            QCOMPARE(expired.error().code, ErrorCode::HandshakeFailed);

            middle = pool.snapshot();
            middleStats = pool.stats();
            middleAt = writer.offsetOf(Clock::now());
            QTest::qWait(5); // the events after it are later by more than the clock's resolution

            QVERIFY(secure->close().ok());
            QVERIFY(again->release().ok());
            auto echo = pool.dial(request(ServerKind::Echo, "echo"));
            QVERIFY(echo);
            held = echo->releaseHandle();
            QVERIFY(held != kInvalidHandle);
            recorder.snapshotNow();
        } // the recorder's last snapshot
        finalRows = pool.snapshot();
        finalStats = pool.stats();
        QVERIFY(pool.close(held).ok()); // no longer recorded
        writer.close();
        counts = writer.counts();
        QVERIFY2(writer.error().empty(), writer.error().c_str());
    }
    std::sort(finalRows.begin(), finalRows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    QCOMPARE(finalRows.size(), std::size_t{2}); // "again" idle, "echo" in use
    QVERIFY(counts.events >= 12);
    QCOMPARE(counts.snapshots, 3u);

    TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    QVERIFY2(reader.issues().empty(),
             reader.issues().empty() ? "" : reader.issues().front().toString().c_str());
    QVERIFY(reader.hasEndRecord());
    QCOMPARE(reader.eventCount(), counts.events);
    QCOMPARE(reader.snapshots().size(), 3u);

    // The end: exactly the pool's final snapshot and stats.
    const std::optional<TraceState> end = reader.stateAt(reader.durationUs());
    QVERIFY2(end, reader.error().c_str());
    QCOMPARE(end->snapshotOffsetUs, reader.snapshots().back().offsetUs);
    QVERIFY(end->events.empty());
    QCOMPARE(describeRows(rowsOf(end->connections)), describeRows(rowsOf(finalRows)));
    QCOMPARE(end->connections.size(), finalRows.size());
    for (std::size_t i = 0; i < finalRows.size(); ++i) {
        const ConnectionInfo& got = end->connections[i];
        const ConnectionInfo& want = finalRows[i];
        QCOMPARE(got.key, want.key);
        QCOMPARE(got.remoteAddress, want.remoteAddress);
        QCOMPARE(got.localPort, want.localPort);
        QCOMPARE(got.reuseCount, want.reuseCount);
        QCOMPARE(got.tlsDetails.version, want.tlsDetails.version);
        QCOMPARE(got.tlsDetails.cipher, want.tlsDetails.cipher);
        QCOMPARE(got.tlsDetails.peerSubject, want.tlsDetails.peerSubject);
        QCOMPARE(got.lastError.code, want.lastError.code);
        // Times come back to the microsecond (offsets are whole µs).
        QVERIFY(std::chrono::abs(got.created - want.created) < std::chrono::microseconds(1));
        QVERIFY(std::chrono::abs(got.lastUsed - want.lastUsed) < std::chrono::microseconds(1));
        QCOMPARE(got.lifetimeDeadline == Clock::time_point::max(),
                 want.lifetimeDeadline == Clock::time_point::max());
    }
    QCOMPARE(end->stats.dials, finalStats.dials);
    QCOMPARE(end->stats.reuses, finalStats.reuses);
    QCOMPARE(end->stats.connectsSucceeded, finalStats.connectsSucceeded);
    QCOMPARE(end->stats.handshakeFailures, finalStats.handshakeFailures);
    QCOMPARE(end->stats.closed, finalStats.closed);
    QCOMPARE(end->stats.idle, finalStats.idle);
    QCOMPARE(end->stats.inUse, finalStats.inUse);
    QCOMPARE(end->stats.free, finalStats.free);
    QCOMPARE(end->stats.hosts.size(), finalStats.hosts.size());

    // The middle: rebuilt from the first snapshot and the events after it.
    const std::optional<TraceState> mid = reader.stateAt(middleAt);
    QVERIFY2(mid, reader.error().c_str());
    QCOMPARE(mid->snapshotOffsetUs, reader.snapshots().front().offsetUs);
    QCOMPARE(describeRows(rowsOf(mid->connections)), describeRows(rowsOf(middle)));
    QCOMPARE(mid->stats.inUse, middleStats.inUse);
    QCOMPARE(mid->stats.idle, middleStats.idle);
    QCOMPARE(mid->stats.connecting, middleStats.connecting);
    for (const ConnectionInfo& c : mid->connections) {
        const auto want =
            std::find_if(middle.begin(), middle.end(), [&](const ConnectionInfo& m) { return m.id == c.id; });
        QCOMPARE(c.key, want->key);
        QCOMPARE(c.reuseCount, want->reuseCount);
    }
    bool sawReuse = false;
    bool sawFailedTls = false;
    for (const TraceEvent& e : mid->events) {
        QVERIFY(e.offsetUs <= middleAt);
        sawReuse |= e.kind == TraceEventKind::Acquired && e.reused && e.label == "again";
        sawFailedTls |= e.kind == TraceEventKind::DialFailed && e.errorCode == ErrorCode::HandshakeFailed &&
                        e.label == "expired" && !e.errorMessage.empty();
    }
    QVERIFY(sawReuse);
    QVERIFY(sawFailedTls);

    // At the snapshot in between: that snapshot, nothing replayed.
    const TraceReader::SnapshotEntry between = reader.snapshots()[1];
    QVERIFY(between.offsetUs > middleAt);
    const std::optional<TraceState> atSnapshot = reader.stateAt(between.offsetUs);
    QVERIFY(atSnapshot);
    QCOMPARE(atSnapshot->snapshotOffsetUs, between.offsetUs);
    QVERIFY(atSnapshot->events.empty());
    QCOMPARE(describeRows(rowsOf(atSnapshot->connections)), describeRows(rowsOf(finalRows)));

    // After the middle: the close of the TLS connection, with its reason.
    const std::vector<TraceEvent> later = reader.eventsBetween(middleAt, reader.durationUs(), 100);
    QVERIFY(std::any_of(later.begin(), later.end(), [](const TraceEvent& e) {
        return e.kind == TraceEventKind::Closed && e.reason == CloseReason::Requested && e.label == "secure";
    }));
    QVERIFY(std::none_of(later.begin(), later.end(),
                         [&](const TraceEvent& e) { return e.offsetUs <= middleAt; }));
}

QTEST_GUILESS_MAIN(TestTracePool)
#include "tst_trace_pool.moc"
