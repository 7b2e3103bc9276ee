// The attach protocol's codec (docs/ATTACH_PROTOCOL.md) without a socket: every message round
// trips (re-encoded byte for byte, seq kept), frames decode however the bytes are split, and bad
// input (zero or oversized length, garbage, another protocol or major version, wrong field types)
// fails the decoder for good, an oversized length before its payload arrives. Unknown types are
// skipped.

#include "fd_guard.h"
#include "poolscope/trace/attach_protocol.h"

#include <QElapsedTimer>
#include <QTest>
#include <limits>

using namespace poolscope;
using namespace poolscope::trace;
using namespace poolscope::trace::attach;

namespace {

const Clock::time_point kOrigin = Clock::time_point(std::chrono::seconds(1000));
const std::int64_t kOriginNs = std::int64_t{1000} * 1'000'000'000;

ConnectionInfo sampleConnection(ConnectionId id)
{
    ConnectionInfo c;
    c.id = id;
    c.host = "127.0.0.1";
    c.port = 8443;
    c.tls = true;
    c.key = "https://127.0.0.1:8443";
    c.remoteAddress = "127.0.0.1";
    c.localPort = 40000;
    c.state = ConnectionState::Idle;
    c.reuseCount = 3;
    c.label = "lab \xC3\xA4";
    c.created = kOrigin + std::chrono::milliseconds(5);
    c.lastUsed = kOrigin + std::chrono::milliseconds(7);
    c.keepAliveDeadline = Clock::time_point::max();
    c.tlsDetails.version = "TLSv1.3";
    c.tlsDetails.alpn = "http/1.1";
    c.lastError.code = ErrorCode::HandshakeFailed;
    c.lastError.phase = DialPhase::Handshake;
    c.lastError.message = "bad cert";
    return c;
}

std::vector<Message> sampleMessages()
{
    Hello hello;
    hello.seq = 0;
    hello.app = "demo";
    hello.pid = 4242;
    hello.allowed = {Action::ForceClose, Action::Reopen};
    hello.trace.writer = "poolscope test";
    hello.trace.startWallUs = 1'700'000'000'000'000;
    hello.trace.originSteadyNs = kOriginNs;
    Snapshot snapshot;
    snapshot.seq = 1;
    snapshot.offsetUs = 1234;
    snapshot.stats.maxConnections = 8;
    snapshot.stats.idle = 2;
    snapshot.stats.dials = 17;
    snapshot.stats.hosts.push_back(HostStats{"https://127.0.0.1:8443", 0, 2, 0, 8});
    snapshot.connections = {sampleConnection(1), sampleConnection(2)};
    snapshot.waiters = 3;
    snapshot.draining = true;
    snapshot.droppedEvents = 99;
    Events events;
    events.seq = 2;
    TraceEvent e;
    e.offsetUs = 2000;
    e.kind = TraceEventKind::Acquired;
    e.id = 1;
    e.state = ConnectionState::InUse;
    e.endpoint = "tcp://127.0.0.1:80";
    e.reused = true;
    events.events.push_back(e);
    e.kind = TraceEventKind::WaiterQueued;
    e.state.reset();
    e.message = "queued";
    e.value = 5;
    events.events.push_back(e);
    Command command;
    command.id = 7;
    command.action = Action::ForceClose;
    command.ids = {1, 2, 18'446'744'073'709'551'615u};
    Command shutdown;
    shutdown.id = 8;
    shutdown.action = Action::Shutdown;
    shutdown.forced = true;
    return {hello,
            snapshot,
            events,
            Reply{3, 7, false, "the app published read-only"},
            Reply{4, 8, true, {}},
            Bye{5, "app quitting"},
            ClientHello{kProtocolMajor, kProtocolMinor, "poolscope 0.1.0"},
            command,
            shutdown};
}

std::string frame(const Message& m)
{
    std::string out;
    encodeFrame(out, m, kOrigin);
    return out;
}

std::string rawFrame(std::string_view payload)
{
    std::string out(4, '\0');
    const auto n = static_cast<std::uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<char>((n >> (24 - 8 * i)) & 0xFF);
    return out + std::string(payload);
}

std::vector<std::string> decodeAll(FrameDecoder& d)
{
    std::vector<std::string> reencoded;
    for (int guard = 0; guard < 1000; ++guard) {
        auto m = d.next();
        if (!m)
            break;
        reencoded.push_back(frame(*m));
    }
    return reencoded;
}

} // namespace

class TestAttachProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_fds = poolscope::test::FdGuard(); }
    void roundTrip_data();
    void roundTrip();
    void splitAtEveryByte();
    void badInput_data();
    void badInput();
    void oversizeRefusedBeforePayload();
    void unknownTypeSkipped();
    void actionNames();
    void snapshotFrameCost();
    void cleanupTestCase() { QCOMPARE(m_fds.settledLeak(), 0); }

private:
    poolscope::test::FdGuard m_fds;
};

void TestAttachProtocol::roundTrip_data()
{
    QTest::addColumn<int>("index");
    const char* names[] = {"hello",           "snapshot", "events",       "reply refused",
                           "reply ok",        "bye",      "client_hello", "command force_close",
                           "command shutdown"};
    for (int i = 0; i < 9; ++i)
        QTest::newRow(names[i]) << i;
}

void TestAttachProtocol::roundTrip()
{
    QFETCH(int, index);
    const Message original = sampleMessages().at(static_cast<std::size_t>(index));
    const std::string bytes = frame(original);
    QVERIFY(bytes.size() > 4);
    FrameDecoder d(kDefaultMaxFrameBytes, kOriginNs);
    d.feed(bytes);
    const auto decoded = d.next();
    QVERIFY2(decoded.has_value(), d.error().c_str());
    QCOMPARE(decoded->index(), original.index());
    QCOMPARE(frame(*decoded), bytes); // every field survives
    QVERIFY(!d.next().has_value());
    QVERIFY(!d.failed());
    QCOMPARE(d.buffered(), std::size_t{0});
    // Spot checks against the values, not just the encoder's view of them.
    if (const auto* s = std::get_if<Snapshot>(&*decoded)) {
        QCOMPARE(s->seq, std::int64_t{1});
        QCOMPARE(s->connections.size(), std::size_t{2});
        QCOMPARE(s->connections[1].created, kOrigin + std::chrono::milliseconds(5));
        QCOMPARE(s->connections[1].label, std::string("lab \xC3\xA4"));
        QCOMPARE(s->droppedEvents, std::uint64_t{99});
        QVERIFY(s->draining);
    } else if (const auto* h = std::get_if<Hello>(&*decoded)) {
        QCOMPARE(h->pid, std::int64_t{4242});
        QCOMPARE(h->allowed.size(), std::size_t{2});
        QCOMPARE(h->trace.originSteadyNs, kOriginNs);
    } else if (const auto* e = std::get_if<Events>(&*decoded)) {
        QCOMPARE(e->seq, std::int64_t{2});
        QCOMPARE(e->events.size(), std::size_t{2});
        QCOMPARE(e->events[1].value, std::int64_t{5});
    } else if (const auto* c = std::get_if<Command>(&*decoded)) {
        if (c->action == Action::ForceClose)
            QCOMPARE(c->ids.back(), ConnectionId{18'446'744'073'709'551'615u});
        else
            QVERIFY(c->forced);
    } else if (const auto* b = std::get_if<Bye>(&*decoded)) {
        QCOMPARE(b->seq, std::int64_t{5});
        QCOMPARE(b->reason, std::string("app quitting"));
    }
}

void TestAttachProtocol::splitAtEveryByte()
{
    std::string stream;
    std::vector<std::string> expected;
    for (const Message& m : sampleMessages()) {
        expected.push_back(frame(m));
        stream += expected.back();
    }
    { // all frames in one feed
        FrameDecoder d(kDefaultMaxFrameBytes, kOriginNs);
        d.feed(stream);
        QCOMPARE(decodeAll(d), expected);
    }
    // Two pieces, split at every byte (a frame boundary, a length prefix, mid-payload).
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        FrameDecoder d(kDefaultMaxFrameBytes, kOriginNs);
        d.feed(std::string_view(stream).substr(0, cut));
        std::vector<std::string> got = decodeAll(d);
        d.feed(std::string_view(stream).substr(cut));
        for (std::string& f : decodeAll(d))
            got.push_back(std::move(f));
        if (got != expected)
            QFAIL(qPrintable(
                QStringLiteral("split at byte %1: %2").arg(cut).arg(QString::fromStdString(d.error()))));
    }
    { // one byte at a time, draining after each
        FrameDecoder d(kDefaultMaxFrameBytes, kOriginNs);
        std::vector<std::string> got;
        for (const char c : stream) {
            d.feed(std::string_view(&c, 1));
            QVERIFY(d.buffered() <= 4 + stream.size());
            for (std::string& f : decodeAll(d))
                got.push_back(std::move(f));
        }
        QCOMPARE(got, expected);
    }
}

void TestAttachProtocol::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    auto row = [](const char* name, const std::string& bytes, const char* error) {
        QTest::newRow(name) << QByteArray::fromStdString(bytes) << QString::fromLatin1(error);
    };
    row("zero length", std::string(4, '\0'), "length 0");
    row("garbage", rawFrame("\x01\x02not json at all"), "not JSON");
    row("truncated JSON", rawFrame(R"({"type":"bye","seq":1)"), "not JSON");
    row("not an object", rawFrame("[1,2,3]"), "JSON object");
    row("no type", rawFrame(R"({"seq":1})"), "\"type\"");
    row("type not a string", rawFrame(R"({"type":5})"), "\"type\"");
    row("wrong major",
        rawFrame(R"({"type":"hello","seq":0,"protocol":"poolscope-attach","version":2,"trace":{}})"),
        "version 2 is not supported");
    row("wrong protocol", rawFrame(R"({"type":"client_hello","protocol":"http","version":1})"),
        "not the PoolScope attach protocol");
    row("client_hello without version", rawFrame(R"({"type":"client_hello","protocol":"poolscope-attach"})"),
        "\"version\" is missing");
    row("seq a string", rawFrame(R"({"type":"bye","seq":"1"})"), "\"seq\" must be");
    row("seq negative", rawFrame(R"({"type":"bye","seq":-1})"), "\"seq\" must not be negative");
    row("events not an array", rawFrame(R"({"type":"events","seq":1,"events":{}})"), "must be an array");
    row("bad event", rawFrame(R"({"type":"events","seq":1,"events":[{"kind":"acquired"}]})"), "\"t\"");
    row("unknown action", rawFrame(R"({"type":"command","id":1,"action":"rm -rf"})"), "unknown value");
    row("ids not numbers", rawFrame(R"({"type":"command","id":1,"action":"force_close","ids":["1"]})"),
        "connection ids");
    row("deep nesting", rawFrame(std::string(100, '[') + std::string(100, ']')), "not JSON");
    row("snapshot without stats", rawFrame(R"({"type":"snapshot","seq":1,"t":0,"connections":[]})"),
        "\"stats\" is missing");
}

void TestAttachProtocol::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    FrameDecoder d(1024);
    d.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    QVERIFY(!d.next().has_value());
    QVERIFY(d.failed());
    QVERIFY2(QString::fromStdString(d.error()).contains(error), d.error().c_str());
    // Failed for good: a valid frame after the bad one is not decoded, and nothing is held.
    d.feed(frame(Bye{1, "x"}));
    QVERIFY(!d.next().has_value());
    QVERIFY(d.failed());
    QCOMPARE(d.buffered(), std::size_t{0});
}

void TestAttachProtocol::oversizeRefusedBeforePayload()
{
    FrameDecoder d(64 * 1024);
    d.feed(std::string("\x7F\xFF", 2)); // half a prefix: wait
    QVERIFY(!d.failed());
    d.feed(std::string("\xFF\xFF", 2)); // 2 GiB announced: refused at once
    QVERIFY(d.failed());
    QVERIFY2(QString::fromStdString(d.error()).contains(QStringLiteral("2147483647 bytes")),
             d.error().c_str());
    d.feed(std::string(1 << 16, 'x'));
    QCOMPARE(d.buffered(), std::size_t{0});
    // A frame one byte over the bound, announced after a valid one in the same feed.
    FrameDecoder e(100);
    e.feed(rawFrame(R"({"type":"bye","seq":1})") + rawFrame(std::string(101, ' ')));
    QVERIFY(e.next().has_value());
    QVERIFY(!e.next().has_value());
    QVERIFY(e.failed());
    // Exactly at the bound is fine.
    std::string payload = R"({"type":"bye","seq":1,"reason":")";
    payload += std::string(100 - payload.size() - 2, 'r') + "\"}";
    QCOMPARE(payload.size(), std::size_t{100});
    FrameDecoder f(100);
    f.feed(rawFrame(payload));
    QVERIFY2(f.next().has_value(), f.error().c_str());
}

void TestAttachProtocol::unknownTypeSkipped()
{
    FrameDecoder d;
    d.feed(rawFrame(R"({"type":"telemetry","seq":1,"anything":[1,{"a":null}]})") + frame(Bye{2, "done"}));
    const auto m = d.next();
    QVERIFY2(m.has_value(), d.error().c_str());
    QCOMPARE(std::get<Bye>(*m).seq, std::int64_t{2});
    QCOMPARE(d.skipped(), std::uint64_t{1});
    // Unknown fields and unknown event kinds are skipped too (minor-version additions).
    d.feed(rawFrame(
        R"({"type":"events","seq":3,"new_field":1,"events":[{"type":"event","t":1,"kind":"future_kind"}]})"));
    const auto events = d.next();
    QVERIFY2(events.has_value(), d.error().c_str());
    QVERIFY(std::get<Events>(*events).events.empty());
}

void TestAttachProtocol::actionNames()
{
    for (const Action a : {Action::ForceClose, Action::CloseIdle, Action::Shutdown, Action::Reopen})
        QCOMPARE(parseAction(actionName(a)), std::optional<Action>(a));
    QCOMPARE(actionName(Action::CloseIdle), std::string_view("close_idle"));
    QVERIFY(!parseAction("Force_Close").has_value());
}

/// What a publisher spends per snapshot at 1,000 connections: encoding the frame (its CPU work per
/// snapshot, besides copying the rows and the socket writes; PoolPublisher encodes a snapshot once
/// for all monitors and only when the service published a new one) and its size; and what a
/// monitor spends decoding it.
void TestAttachProtocol::snapshotFrameCost()
{
    Snapshot snapshot;
    snapshot.stats.maxConnections = 1000;
    for (ConnectionId id = 1; id <= 1000; ++id) {
        ConnectionInfo c = sampleConnection(id);
        c.label = "worker " + std::to_string(id);
        c.localPort = static_cast<std::uint16_t>(40000 + id);
        c.state = id % 2 ? ConnectionState::InUse : ConnectionState::Idle;
        c.lastError = {};
        snapshot.connections.push_back(std::move(c));
    }
    const Message message = snapshot;
    qint64 encodeUs = std::numeric_limits<qint64>::max();
    qint64 decodeUs = std::numeric_limits<qint64>::max();
    std::size_t bytes = 0;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        std::string out;
        encodeFrame(out, message, kOrigin);
        encodeUs = std::min(encodeUs, timer.nsecsElapsed() / 1000);
        bytes = out.size();
        FrameDecoder d(kDefaultMaxFrameBytes, kOriginNs);
        timer.restart();
        d.feed(out);
        const auto decoded = d.next();
        decodeUs = std::min(decodeUs, timer.nsecsElapsed() / 1000);
        QVERIFY2(decoded, d.error().c_str());
        QCOMPARE(std::get<Snapshot>(*decoded).connections.size(), std::size_t{1000});
        QCOMPARE(std::get<Snapshot>(*decoded).connections[999].label, std::string("worker 1000"));
    }
    // Encoded once for every monitor: per monitor only seq and dropped_events are appended.
    QElapsedTimer once;
    once.start();
    const EncodedSnapshot body = encodeSnapshotBody(snapshot, kOrigin);
    const qint64 bodyUs = once.nsecsElapsed() / 1000;
    once.restart();
    std::string perMonitor;
    appendSnapshotFrame(perMonitor, body, 7, 3);
    const qint64 perMonitorUs = once.nsecsElapsed() / 1000;
    Snapshot numbered = snapshot;
    numbered.seq = 7;
    numbered.droppedEvents = 3;
    QCOMPARE(perMonitor, frame(numbered)); // the same bytes as encoding the whole message
    qInfo("encoded once: %lld µs, then %lld µs per monitor", bodyUs, perMonitorUs);
    qInfo("a 1,000-connection snapshot frame: %zu bytes, encoded in %lld µs, decoded in %lld µs (best of 5); "
          "at 10 Hz "
          "a publisher encodes %.1f ms per second (once for all its monitors)",
          bytes, encodeUs, decodeUs, static_cast<double>(encodeUs) * 10 / 1000);
    QVERIFY(bytes < kDefaultMaxFrameBytes / 8);                          // far below a monitor's bound
    QVERIFY2(encodeUs < 500'000, qPrintable(QString::number(encodeUs))); // sanitizer builds included
}

QTEST_GUILESS_MAIN(TestAttachProtocol)
#include "tst_trace_attach_protocol.moc"
