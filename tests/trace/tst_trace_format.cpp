// The trace format without a pool: the strict JSON parser, the format's names, bad files (each
// reported with its line number, what came before kept), the writer's escaping and open errors,
// and what a 1,000-connection snapshot record costs to write.

#include "fd_guard.h"
#include "poolscope/trace/trace_reader.h"
#include "poolscope/trace/trace_writer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using namespace poolscope::trace;

namespace {

const QByteArray kHeader = QByteArrayLiteral(
    R"({"type":"header","format":"poolscope-trace","version":1,"version_minor":0,"writer":"test","start_wall_us":1,"clock":"steady","origin_steady_ns":1000})"
    "\n");

QByteArray eventLine(int t, int id, const char* kind = "dial_started", const char* state = "resolving")
{
    return QStringLiteral(
               R"({"type":"event","t":%1,"kind":"%2","id":%3,"endpoint":"tcp://127.0.0.1:80","label":"x","reason":"none","reused":false,"state":"%4"})")
               .arg(t)
               .arg(QLatin1String(kind))
               .arg(id)
               .arg(QLatin1String(state))
               .toUtf8() +
           '\n';
}

std::filesystem::path fsPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestTraceFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_fds = poolscope::test::FdGuard(); }
    void json_data();
    void json();
    void namesReadBack();
    void badFiles_data();
    void badFiles();
    void badSnapshotFoundWhenRead_data();
    void badSnapshotFoundWhenRead();
    void writerEscapesAndRoundTrips();
    void writerOpenError();
    void keepAliveLimitRoundTrips();
    void certificateProblemsRoundTrip();
    void unknownThingsAreIgnored();
    void snapshotCost();
    void cleanupTestCase() { QCOMPARE(m_fds.leaked(), 0); }

private:
    poolscope::test::FdGuard m_fds;
};

void TestTraceFormat::json_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("object") << QByteArray(R"({"a":[1,-2,3.5e3,true,false,null,"x"]})") << true << QString();
    QTest::newRow("escapes") << QByteArray(R"("a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00")") << true << QString();
    QTest::newRow("u64 max") << QByteArray("18446744073709551615") << true << QString();
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << false << "member name";
    QTest::newRow("leading zero") << QByteArray("01") << false << "start with 0";
    QTest::newRow("bare word") << QByteArray("nope") << false << "unexpected character";
    QTest::newRow("unclosed string") << QByteArray(R"("abc)") << false << "not closed";
    QTest::newRow("control char") << QByteArray("\"a\tb\"") << false << "control character";
    QTest::newRow("lone surrogate") << QByteArray(R"("\ud800")") << false << "surrogate";
    QTest::newRow("bad utf-8") << QByteArray("\"\xC3\x28\"") << false << "UTF-8";
    QTest::newRow("overlong utf-8") << QByteArray("\"\xC0\xAF\"") << false << "UTF-8";
    QTest::newRow("deep") << QByteArray(40, '[') + QByteArray(40, ']') << false << "nested deeper";
    QTest::newRow("32 deep is fine") << QByteArray(32, '[') + QByteArray(32, ']') << true << QString();
    QTest::newRow("two values") << QByteArray("1 2") << false << "after the value";
    QTest::newRow("empty") << QByteArray() << false << "missing";
    QTest::newRow("huge number") << QByteArray(100, '1') << false << "longer than";
}

void TestTraceFormat::json()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QString, errorPart);
    const JsonParseResult result = parseJson(std::string_view(text.constData(), std::size_t(text.size())));
    QCOMPARE(result.value.has_value(), ok);
    if (!ok)
        QVERIFY2(QString::fromStdString(result.error).contains(errorPart), result.error.c_str());
    // The check-only pass (what open uses on snapshot records) agrees to the byte.
    const JsonCheckResult checked = checkJson(std::string_view(text.constData(), std::size_t(text.size())));
    QCOMPARE(checked.ok, ok);
    QCOMPARE(checked.error, result.error);
    QCOMPARE(checked.errorAt, result.errorAt);
}

void TestTraceFormat::namesReadBack()
{
    for (int i = 0; i <= int(TraceEventKind::Drained); ++i)
        QCOMPARE(parseEventKind(traceName(TraceEventKind(i))), std::optional(TraceEventKind(i)));
    for (int i = 0; i <= int(ConnectionState::Closing); ++i)
        QCOMPARE(parseState(traceName(ConnectionState(i))), std::optional(ConnectionState(i)));
    for (int i = 0; i <= int(CloseReason::NotReusable); ++i)
        QCOMPARE(parseCloseReason(traceName(CloseReason(i))), std::optional(CloseReason(i)));
    for (int i = 0; i <= int(ErrorCode::ProxyFailed); ++i)
        QCOMPARE(parseErrorCode(traceName(ErrorCode(i))), std::optional(ErrorCode(i)));
    for (int i = 0; i <= int(DialPhase::Proxy); ++i)
        QCOMPARE(parseDialPhase(traceName(DialPhase(i))), std::optional(DialPhase(i)));
    for (int i = 0; i <= int(KeepAliveLimit::Lifetime); ++i)
        QCOMPARE(parseKeepAliveLimit(traceName(KeepAliveLimit(i))), std::optional(KeepAliveLimit(i)));
    QCOMPARE(parseEventKind("no_such_kind"), std::nullopt);
}

void TestTraceFormat::badFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("opens");
    QTest::addColumn<int>("line");          // the line named by the error or the first issue
    QTest::addColumn<QString>("errorPart"); // in error() or the first issue
    QTest::addColumn<int>("eventsKept");

    const QByteArray two = eventLine(10, 1) + eventLine(20, 2);
    QTest::newRow("valid") << kHeader + two << true << 0 << QString() << 2;
    QTest::newRow("empty file") << QByteArray() << false << 1 << "empty" << 0;
    QTest::newRow("not json") << QByteArray("hello\n") << false << 1 << "not a JSON record" << 0;
    QTest::newRow("wrong header") << eventLine(1, 1) << false << 1 << "first record must be the header" << 0;
    QTest::newRow("other format") << QByteArray(R"({"type":"header","format":"other","version":1})"
                                                "\n")
                                  << false << 1 << "not a PoolScope trace" << 0;
    QTest::newRow("future major")
        << QByteArray(R"({"type":"header","format":"poolscope-trace","version":2,"version_minor":0})"
                      "\n") +
               two
        << false << 1 << "version 2 is not supported" << 0;
    QTest::newRow("future minor is fine")
        << QByteArray(
               R"({"type":"header","format":"poolscope-trace","version":1,"version_minor":9,"new":[1]})"
               "\n") +
               two
        << true << 0 << QString() << 2;
    QTest::newRow("truncated last line")
        << kHeader + two + eventLine(30, 3).left(40) << true << 4 << "cut short" << 2;
    QTest::newRow("complete last line without newline")
        << kHeader + two + eventLine(30, 3).chopped(1) << true << 0 << QString() << 3;
    QTest::newRow("garbage in the middle") << kHeader + eventLine(10, 1) + "}{ garbage\n" + eventLine(20, 2)
                                           << true << 3 << "not a JSON record" << 1;
    QTest::newRow("not an object") << kHeader + eventLine(10, 1) + "[1,2]\n" + eventLine(20, 2) << true << 3
                                   << "JSON object" << 1;
    QTest::newRow("huge line") << kHeader + eventLine(10, 1) + "{\"type\":\"event\",\"label\":\"" +
                                      QByteArray(int(kMaxLineBytes) + 10, 'a') + "\"}\n" + eventLine(20, 2)
                               << true << 3 << "longer than 16777216 bytes" << 1;
    QTest::newRow("bad utf-8") << kHeader + eventLine(10, 1) +
                                      R"({"type":"event","t":5,"kind":"closed","label":")" + "\xFF\xFE" +
                                      "\"}\n" + eventLine(20, 2)
                               << true << 3 << "UTF-8" << 1;
    QTest::newRow("deep nesting") << kHeader + eventLine(10, 1) + R"({"type":"event","x":)" +
                                         QByteArray(64, '[') + QByteArray(64, ']') + "}\n"
                                  << true << 3 << "nested deeper than 32" << 1;
    QTest::newRow("missing t") << kHeader + eventLine(10, 1) + R"({"type":"event","kind":"closed"})" + "\n"
                               << true << 3 << "\"t\" is missing" << 1;
    QTest::newRow("negative id") << kHeader + eventLine(10, 1) +
                                        R"({"type":"event","t":1,"kind":"closed","id":-4})" + "\n"
                                 << true << 3 << "\"id\" must be a whole number" << 1;
    QTest::newRow("unknown state") << kHeader + eventLine(10, 1) + eventLine(11, 2, "acquired", "flying")
                                   << true << 3 << "unknown value \"flying\"" << 1;
    QTest::newRow("huge pool size")
        << kHeader + R"({"type":"snapshot","t":1,"stats":{"max_connections":-2147483648},"connections":[]})" +
               "\n" + eventLine(10, 1)
        << true << 0 << QString() << 1;
    QTest::newRow("second header") << kHeader + eventLine(10, 1) + kHeader << true << 3 << "second header"
                                   << 1;
}

void TestTraceFormat::badFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, opens);
    QFETCH(int, line);
    QFETCH(QString, errorPart);
    QFETCH(int, eventsKept);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.trace"));
    QVERIFY(writeFile(path, bytes));
    TraceReader reader;
    QCOMPARE(reader.open(fsPath(path)), opens);
    if (!opens) {
        const QString error = QString::fromStdString(reader.error());
        QVERIFY2(error.startsWith(QStringLiteral("line %1: ").arg(line)), qPrintable(error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        return;
    }
    QVERIFY(reader.error().empty());
    QCOMPARE(int(reader.eventCount()), eventsKept);
    if (line == 0) {
        QVERIFY2(reader.issues().empty(),
                 reader.issues().empty() ? "" : reader.issues().front().toString().c_str());
    } else {
        QVERIFY(!reader.issues().empty());
        const QString issue = QString::fromStdString(reader.issues().front().toString());
        QCOMPARE(int(reader.issues().front().line), line);
        QVERIFY2(issue.contains(errorPart), qPrintable(issue));
    }
    // What was kept is usable: the state at the end has the events kept, and no more.
    const std::optional<TraceState> state = reader.stateAt(reader.durationUs());
    QVERIFY2(state, reader.error().c_str());
    QCOMPARE(int(state->events.size()), eventsKept);
    QCOMPARE(int(state->connections.size()), eventsKept);
}

// A snapshot record as the writer starts it is only checked as JSON at open (to open an hour of a
// large pool fast); wrong fields in it are found by the stateAt() that reads it: reported with the
// line, skipped, and the state rebuilt from the snapshot before (or from the events alone).
void TestTraceFormat::badSnapshotFoundWhenRead_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("errorPart");
    QTest::addColumn<int>("snapshotAt"); // the snapshot the state is rebuilt from, -1 for none
    QTest::addColumn<int>("events");     // events kept = connections in the state

    const QByteArray empty = R"({"type":"snapshot","t":1,"stats":{},"connections":[]})"
                             "\n";
    QTest::newRow("snapshot without rows")
        << kHeader + eventLine(10, 1) + R"({"type":"snapshot","t":12,"stats":{}})" + "\n"
        << 3 << "\"connections\" is missing" << -1 << 1;
    QTest::newRow("certificate date out of range")
        << kHeader + eventLine(10, 1) +
               R"({"type":"snapshot","t":12,"stats":{},"connections":[{"id":1,"state":"idle","tls":true,"tls_details":{"peer_not_after":19000002000}}]})" +
               "\n"
        << 3 << "\"peer_not_after\" is out of range" << -1 << 1;
    const auto withError = [](const char* problems) {
        return QByteArray(R"({"type":"snapshot","t":12,"stats":{},"connections":[{"id":1,"state":"idle",)"
                          R"("error":{"code":"handshake_failed","message":"m","certificate_problems":)") +
               problems + "}}]}\n";
    };
    QTest::newRow("certificate problems not a list")
        << kHeader + eventLine(10, 1) + withError("7") << 3 << "\"certificate_problems\" must be an array"
        << -1 << 1;
    QTest::newRow("certificate problem without its code")
        << kHeader + eventLine(10, 1) + withError(R"([{"depth":0}])") << 3 << "\"code\" is missing" << -1
        << 1;
    QTest::newRow("certificate problem depth out of range")
        << kHeader + eventLine(10, 1) + withError(R"([{"code":18,"depth":-1}])") << 3
        << "\"depth\" must be from 0 to 100" << -1 << 1;
    QTest::newRow("too many certificate problems")
        << kHeader + eventLine(10, 1) +
               withError(("[" + QByteArray(R"({"code":18},)").repeated(64) + R"({"code":18}])").constData())
        << 3 << "more than 64 entries" << -1 << 1;
    QTest::newRow("falls back to the snapshot before")
        << kHeader + empty + eventLine(10, 1) + R"({"type":"snapshot","t":12,"stats":{},"connections":7})" +
               "\n" + eventLine(20, 2)
        << 4 << "\"connections\"" << 1 << 2;
    QTest::newRow("first of two bad")
        << kHeader + eventLine(10, 1) + R"({"type":"snapshot","t":12,"stats":[],"connections":[]})" + "\n" +
               eventLine(20, 2) + R"({"type":"snapshot","t":22,"stats":{}})" + "\n" + eventLine(30, 3)
        << 3 << "stats must be an object" << -1 << 3;
}

void TestTraceFormat::badSnapshotFoundWhenRead()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, line);
    QFETCH(QString, errorPart);
    QFETCH(int, snapshotAt);
    QFETCH(int, events);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.trace"));
    QVERIFY(writeFile(path, bytes));
    TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    QVERIFY2(reader.issues().empty(),
             reader.issues().empty() ? "" : reader.issues().front().toString().c_str());
    QCOMPARE(int(reader.eventCount()), events);
    for (int round = 0; round < 2; ++round) { // the second read finds nothing new
        const std::optional<TraceState> state = reader.stateAt(reader.durationUs());
        QVERIFY2(state, reader.error().c_str());
        QVERIFY(reader.error().empty());
        QCOMPARE(int(state->snapshotOffsetUs), snapshotAt);
        QCOMPARE(int(state->events.size()), events);
        QCOMPARE(int(state->connections.size()), events);
        QVERIFY(!reader.issues().empty());
        QCOMPARE(int(reader.issues().front().line), line);
        const QString issue = QString::fromStdString(reader.issues().front().toString());
        QVERIFY2(issue.contains(errorPart), qPrintable(issue));
        QVERIFY2(issue.contains(QStringLiteral("skipped")), qPrintable(issue));
    }
    // Seeking for events never needs the snapshot's fields.
    QCOMPARE(int(reader.recentEvents(reader.durationUs(), 100).size()), events);
}

void TestTraceFormat::writerEscapesAndRoundTrips()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.trace"));
    {
        TraceWriterOptions options;
        options.writer = "escape test";
        TraceWriter writer(fsPath(path), options);
        QVERIFY2(writer.isOpen(), writer.error().c_str());
        TraceEvent e;
        e.offsetUs = 5;
        e.kind = TraceEventKind::DialFailed;
        e.id = 7;
        e.state = ConnectionState::Free;
        e.label = std::string("quote\" back\\ nl\n ctl\x01 bad\xFF utf8 \xC3\xA9");
        e.errorCode = ErrorCode::HandshakeFailed;
        e.errorMessage = "certificate has expired";
        e.value = -3;
        writer.write(e);
        QCOMPARE(writer.counts().events, 1u);
    }
    TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    QVERIFY(reader.hasEndRecord());
    QCOMPARE(reader.header().writer, std::string("escape test"));
    const std::vector<TraceEvent> events = reader.eventsBetween(-1, 1000, 10);
    QCOMPARE(events.size(), 1u);
    QCOMPARE(events[0].label, std::string("quote\" back\\ nl\n ctl\x01 bad\xEF\xBF\xBD utf8 \xC3\xA9"));
    QCOMPARE(events[0].errorCode, ErrorCode::HandshakeFailed);
    QCOMPARE(events[0].errorMessage, std::string("certificate has expired"));
    QCOMPARE(events[0].value, std::int64_t{-3});
    QCOMPARE(events[0].state, std::optional(ConnectionState::Free));
}

// Which limit ends an idle connection, and the server's deadline, survive a trace; a row without
// a server deadline reads back as "never".
void TestTraceFormat::keepAliveLimitRoundTrips()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("k.trace"));
    const auto now = Clock::now();
    std::vector<ConnectionInfo> rows(2);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = i + 1;
        rows[i].state = ConnectionState::Idle;
        rows[i].created = rows[i].lastUsed = now;
        rows[i].keepAliveDeadline = now + std::chrono::seconds(4);
    }
    rows[0].keepAliveLimit = KeepAliveLimit::Server;
    rows[0].serverKeepAliveDeadline = now + std::chrono::seconds(4);
    {
        TraceWriter writer(fsPath(path));
        QVERIFY2(writer.isOpen(), writer.error().c_str());
        writer.writeSnapshot(PoolStats{}, rows);
    }
    TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    const auto state = reader.stateAt(reader.durationUs());
    QVERIFY(state);
    QCOMPARE(state->connections.size(), 2u);
    QCOMPARE(state->connections[0].keepAliveLimit, KeepAliveLimit::Server);
    QVERIFY(std::chrono::abs(state->connections[0].serverKeepAliveDeadline -
                             rows[0].serverKeepAliveDeadline) < std::chrono::microseconds(1));
    QCOMPARE(state->connections[1].keepAliveLimit, KeepAliveLimit::Pool);
    QCOMPARE(state->connections[1].serverKeepAliveDeadline, Clock::time_point::max());
}

// A replay shows why a dial failed verification and what a connection was made despite, as live.
void TestTraceFormat::certificateProblemsRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.trace"));
    const auto now = Clock::now();
    const CertificateProblem selfSigned{18, 0, "der bytes are not recorded", std::string(64, 'a'),
                                        "self-signed certificate"};
    const CertificateProblem expired{10, 1, {}, {}, "certificate has expired"};
    std::vector<ConnectionInfo> rows(3);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = i + 1;
        rows[i].state = ConnectionState::Idle;
        rows[i].tls = true;
        rows[i].created = rows[i].lastUsed = now;
    }
    rows[0].tlsDetails.acceptedProblems = {selfSigned};
    rows[1].state = ConnectionState::Closing;
    rows[1].lastError =
        makeError(ErrorCode::HandshakeFailed, "certificate verify failed", DialPhase::Handshake);
    rows[1].lastError.certificateProblems = {selfSigned, expired};
    {
        TraceWriter writer(fsPath(path));
        QVERIFY2(writer.isOpen(), writer.error().c_str());
        writer.writeSnapshot(PoolStats{}, rows);
    }
    TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    const auto state = reader.stateAt(reader.durationUs());
    QVERIFY2(state, reader.error().c_str());
    QCOMPARE(state->connections.size(), 3u);
    CertificateProblem recorded = selfSigned;
    recorded.certificateDer.clear();
    QCOMPARE(state->connections[0].tlsDetails.acceptedProblems, std::vector<CertificateProblem>{recorded});
    QCOMPARE(state->connections[1].lastError.certificateProblems,
             (std::vector<CertificateProblem>{recorded, expired}));
    QVERIFY(state->connections[2].tlsDetails.acceptedProblems.empty());
    QVERIFY(state->connections[2].lastError.certificateProblems.empty());
}

void TestTraceFormat::writerOpenError()
{
    QTemporaryDir dir;
    TraceWriter writer(fsPath(dir.filePath(QStringLiteral("no/such/dir/x.trace"))));
    QVERIFY(!writer.isOpen());
    QVERIFY2(QString::fromStdString(writer.error()).contains(QStringLiteral("cannot open")),
             writer.error().c_str());
    writer.write(TraceEvent{}); // dropped, never thrown
    QCOMPARE(writer.counts().dropped, 1u);
    TraceReader reader;
    QVERIFY(!reader.open(fsPath(dir.filePath(QStringLiteral("missing.trace")))));
    QVERIFY(QString::fromStdString(reader.error()).contains(QStringLiteral("cannot open")));
    TraceReader never;
    QVERIFY(!never.stateAt(0));
    QCOMPARE(never.error(), std::string("no trace is open"));
}

void TestTraceFormat::unknownThingsAreIgnored()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("u.trace"));
    QVERIFY(writeFile(path,
                      kHeader + eventLine(10, 1) +
                          R"({"type":"annotation","t":11,"text":"hi"})"
                          "\n" +
                          R"({"type":"event","t":12,"kind":"teleported","id":1})"
                          "\n" +
                          R"({"type":"event","t":13,"kind":"released","id":1,"state":"idle","extra":{"a":1}})"
                          "\n"));
    TraceReader reader;
    QVERIFY2(reader.open(fsPath(path)), reader.error().c_str());
    QVERIFY(reader.issues().empty());
    QCOMPARE(reader.eventCount(), 2u);
    const auto state = reader.stateAt(100);
    QVERIFY(state);
    QCOMPARE(state->connections.size(), 1u);
    QCOMPARE(state->connections[0].state, ConnectionState::Idle);
    QCOMPARE(state->connections[0].host, std::string("127.0.0.1"));
    QCOMPARE(state->connections[0].port, std::uint16_t{80});
    QCOMPARE(state->stats.idle, 1);
}

void TestTraceFormat::snapshotCost()
{
    std::vector<ConnectionInfo> rows(1000);
    const Clock::time_point now = Clock::now();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ConnectionInfo& c = rows[i];
        c.id = i + 1;
        c.host = "127.0.0.1";
        c.port = 8443;
        c.tls = true;
        c.key = "tls://127.0.0.1:8443";
        c.remoteAddress = "127.0.0.1:8443";
        c.localPort = std::uint16_t(40000 + i);
        c.state = i % 2 ? ConnectionState::InUse : ConnectionState::Idle;
        c.created = c.lastUsed = c.inUseSince = now;
        c.keepAliveDeadline = now + std::chrono::seconds(30);
        c.lifetimeDeadline = Clock::time_point::max();
        c.label = "worker " + std::to_string(i);
        c.tlsDetails.version = "TLSv1.3";
        c.tlsDetails.cipher = "TLS_AES_256_GCM_SHA384";
        c.tlsDetails.peerSubject = "CN=localhost";
        c.tlsDetails.peerIssuer = "CN=PoolScope Lab CA";
        c.tlsDetails.verifyResult = "ok";
        c.tlsDetails.verified = true;
    }
    PoolStats stats;
    stats.maxConnections = 1000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.trace"));
    TraceWriter writer(fsPath(path));
    QVERIFY(writer.isOpen());
    qint64 best = std::numeric_limits<qint64>::max();
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        writer.writeSnapshot(stats, rows);
        best = std::min(best, timer.nsecsElapsed() / 1000);
    }
    writer.close();
    const qint64 bytes = QFileInfo(path).size() / 5;
    qInfo("a 1,000-connection snapshot record: %lld bytes, written in %lld µs (best of 5)", bytes, best);
    QVERIFY2(best < 500'000, qPrintable(QString::number(best))); // sanitizer builds included
    TraceReader reader;
    QVERIFY(reader.open(fsPath(path)));
    QCOMPARE(reader.snapshots().size(), 5u);
    const auto state = reader.stateAt(reader.durationUs());
    QVERIFY(state);
    QCOMPARE(state->connections.size(), 1000u);
    QCOMPARE(state->connections[999].label, std::string("worker 999"));
    QCOMPARE(state->connections[0].lifetimeDeadline, Clock::time_point::max());
}

QTEST_GUILESS_MAIN(TestTraceFormat)
#include "tst_trace_format.moc"
