// The probe's HTTP/1.1 response parser (pure, no I/O): framing, Connection / Keep-Alive handling,
// limits, and malformed input, fed whole and split at every byte boundary.
#include "http_response_parser.h"
#include "probe.h"

#include <QTest>

using namespace poolscope;
using namespace poolscope::http;

Q_DECLARE_METATYPE(poolscope::http::ResponseParser::State)

namespace {

using State = ResponseParser::State;

QByteArray crlf(const char* text)
{
    return QByteArray(text).replace("|", "\r\n");
}

} // namespace

class TestServiceHttpParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void splitAnywhere_data() { parse_data(); }
    void splitAnywhere();
    void keepAliveHeader_data();
    void keepAliveHeader();
    void connectionTokens();
    void wireNote_data();
    void wireNote();
    void bodyLimit();
    void trailingBytesAreNotConsumed();
    void interimResponses();
    void probeRequestText();
    void probeValidation_data();
    void probeValidation();
};

void TestServiceHttpParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("head"); // the request was HEAD
    QTest::addColumn<bool>("eof");  // the peer closed after the input
    QTest::addColumn<State>("state");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("body");
    QTest::addColumn<bool>("mustClose");
    QTest::addColumn<int>("keepAlive");

    // --- well-formed ---
    QTest::newRow("content-length") << crlf("HTTP/1.1 200 OK|Content-Length: 3||abc") << false << false
                                    << State::Done << 200 << qint64(3) << false << -1;
    QTest::newRow("keep-alive timeout")
        << crlf("HTTP/1.1 200 OK|Connection: keep-alive|Keep-Alive: timeout=5, max=100|Content-Length: 0||")
        << false << false << State::Done << 200 << qint64(0) << false << 5;
    QTest::newRow("head ignores content-length") << crlf("HTTP/1.1 200 OK|Content-Length: 1000||") << true
                                                 << false << State::Done << 200 << qint64(0) << false << -1;
    QTest::newRow("204 has no body") << crlf("HTTP/1.1 204 No Content||") << false << false << State::Done
                                     << 204 << qint64(0) << false << -1;
    QTest::newRow("304 has no body") << crlf("HTTP/1.1 304 Not Modified|Content-Length: 50||") << false
                                     << false << State::Done << 304 << qint64(0) << false << -1;
    QTest::newRow("chunked")
        << crlf("HTTP/1.1 200 OK|Transfer-Encoding: chunked||3|abc|A;ext=1|0123456789|0||") << false << false
        << State::Done << 200 << qint64(13) << false << -1;
    QTest::newRow("chunked with trailers")
        << crlf("HTTP/1.1 200 OK|Transfer-Encoding: gzip, chunked||2|hi|0|X-Checksum: 1|X-Other: 2||")
        << false << false << State::Done << 200 << qint64(2) << false << -1;
    QTest::newRow("until close") << crlf("HTTP/1.1 200 OK||streamed until the end") << false << true
                                 << State::Done << 200 << qint64(22) << true << -1;
    QTest::newRow("until close, not yet closed") << crlf("HTTP/1.1 200 OK||partial") << false << false
                                                 << State::Body << 200 << qint64(7) << true << -1;
    QTest::newRow("connection close") << crlf("HTTP/1.1 200 OK|Connection: close|Content-Length: 2||ok")
                                      << false << false << State::Done << 200 << qint64(2) << true << -1;
    QTest::newRow("http/1.0 closes by default") << crlf("HTTP/1.0 200 OK|Content-Length: 2||ok") << false
                                                << false << State::Done << 200 << qint64(2) << true << -1;
    QTest::newRow("http/1.0 keep-alive")
        << crlf("HTTP/1.0 200 OK|Connection: Keep-Alive|Content-Length: 2||ok") << false << false
        << State::Done << 200 << qint64(2) << false << -1;
    QTest::newRow("bare LF line endings") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok") << false
                                          << false << State::Done << 200 << qint64(2) << false << -1;
    QTest::newRow("no reason phrase") << crlf("HTTP/1.1 404|Content-Length: 0||") << false << false
                                      << State::Done << 404 << qint64(0) << false << -1;
    QTest::newRow("repeated equal content-length")
        << crlf("HTTP/1.1 200 OK|Content-Length: 2, 2||ok") << false << false << State::Done << 200
        << qint64(2) << false << -1;
    QTest::newRow("te and cl: te wins, close after")
        << crlf("HTTP/1.1 200 OK|Content-Length: 99|Transfer-Encoding: chunked||2|ok|0||") << false << false
        << State::Done << 200 << qint64(2) << true << -1;
    QTest::newRow("unknown transfer coding reads until close")
        << crlf("HTTP/1.1 200 OK|Transfer-Encoding: gzip||zzzz") << false << true << State::Done << 200
        << qint64(4) << true << -1;
    QTest::newRow("incomplete head") << crlf("HTTP/1.1 200 OK|Content-Len") << false << false
                                     << State::Headers << 200 << qint64(0) << false << -1;

    // --- malformed ---
    QTest::newRow("empty, closed") << QByteArray() << false << true << State::Error << 0 << qint64(0) << true
                                   << -1;
    QTest::newRow("not http") << crlf("SSH-2.0-OpenSSH_9.2|") << false << false << State::Error << 0
                              << qint64(0) << true << -1;
    QTest::newRow("http/2 text") << crlf("HTTP/2.0 200 OK||") << false << false << State::Error << 0
                                 << qint64(0) << true << -1;
    QTest::newRow("two-digit status")
        << crlf("HTTP/1.1 20 OK||") << false << false << State::Error << 0 << qint64(0) << true << -1;
    QTest::newRow("status 099") << crlf("HTTP/1.1 099 Odd||") << false << false << State::Error << 0
                                << qint64(0) << true << -1;
    QTest::newRow("letters in status")
        << crlf("HTTP/1.1 2x0 OK||") << false << false << State::Error << 0 << qint64(0) << true << -1;
    QTest::newRow("missing space after status")
        << crlf("HTTP/1.1 200OK||") << false << false << State::Error << 0 << qint64(0) << true << -1;
    QTest::newRow("obs-fold") << crlf("HTTP/1.1 200 OK|X-A: 1| folded|Content-Length: 0||") << false << false
                              << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("space before colon") << crlf("HTTP/1.1 200 OK|Content-Length : 0||") << false << false
                                        << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("header without colon") << crlf("HTTP/1.1 200 OK|Garbage||") << false << false
                                          << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("bare CR in header") << QByteArray("HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n") << false << false
                                       << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("NUL in header") << QByteArray("HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", 29) << false << false
                                   << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("negative content-length") << crlf("HTTP/1.1 200 OK|Content-Length: -1||") << false << false
                                             << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("content-length with sign") << crlf("HTTP/1.1 200 OK|Content-Length: +5||hello") << false
                                              << false << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("conflicting content-lengths")
        << crlf("HTTP/1.1 200 OK|Content-Length: 2|Content-Length: 3||ok") << false << false << State::Error
        << 200 << qint64(0) << true << -1;
    QTest::newRow("empty content-length") << crlf("HTTP/1.1 200 OK|Content-Length: ||") << false << false
                                          << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("huge content-length") << crlf("HTTP/1.1 200 OK|Content-Length: 99999999999999999999999||")
                                         << false << false << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("truncated body") << crlf("HTTP/1.1 200 OK|Content-Length: 10||abc") << false << true
                                    << State::Error << 200 << qint64(3) << true << -1;
    QTest::newRow("truncated head") << crlf("HTTP/1.1 200 OK|Content-") << false << true << State::Error
                                    << 200 << qint64(0) << true << -1;
    QTest::newRow("bad chunk size") << crlf("HTTP/1.1 200 OK|Transfer-Encoding: chunked||zz|") << false
                                    << false << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("chunk size overflow")
        << crlf("HTTP/1.1 200 OK|Transfer-Encoding: chunked||ffffffffffffffffffff|") << false << false
        << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("chunk without CRLF after data")
        << crlf("HTTP/1.1 200 OK|Transfer-Encoding: chunked||3|abcX|0||") << false << false << State::Error
        << 200 << qint64(3) << true << -1;
    QTest::newRow("truncated chunked") << crlf("HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|ab") << false
                                       << true << State::Error << 200 << qint64(2) << true << -1;
    QTest::newRow("malformed trailer") << crlf("HTTP/1.1 200 OK|Transfer-Encoding: chunked||0|no colon||")
                                       << false << false << State::Error << 200 << qint64(0) << true << -1;
    QTest::newRow("101 switching") << crlf("HTTP/1.1 101 Switching Protocols|Upgrade: h2c||") << false
                                   << false << State::Error << 101 << qint64(0) << true << -1;
    QTest::newRow("control char in reason") << QByteArray("HTTP/1.1 200 O\x01K\r\n\r\n") << false << false
                                            << State::Error << 0 << qint64(0) << true << -1;
}

void TestServiceHttpParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, head);
    QFETCH(bool, eof);
    QFETCH(State, state);
    QFETCH(int, status);
    QFETCH(qint64, body);
    QFETCH(bool, mustClose);
    QFETCH(int, keepAlive);

    const auto out =
        parseResponse(std::string_view(input.constData(), static_cast<std::size_t>(input.size())), head, eof);
    QCOMPARE(out.state, state);
    if (state == State::Error)
        QVERIFY2(!out.error.empty(), "an error says why");
    else
        QVERIFY(out.error.empty());
    if (state != State::Error) {
        QCOMPARE(out.head.status, status);
        QCOMPARE(out.bodyBytes, body);
        QCOMPARE(out.mustClose, mustClose);
        QCOMPARE(out.head.keepAliveTimeout, keepAlive);
    } else {
        QVERIFY(out.mustClose);
    }
}

void TestServiceHttpParser::splitAnywhere()
{
    // The same bytes in two pieces, split at every position, must give the same outcome.
    QFETCH(QByteArray, input);
    QFETCH(bool, head);
    QFETCH(bool, eof);
    QFETCH(State, state);
    QFETCH(qint64, body);

    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        ResponseParser parser(head);
        const auto a = std::string_view(input.constData(), static_cast<std::size_t>(cut));
        const auto b =
            std::string_view(input.constData() + cut, static_cast<std::size_t>(input.size() - cut));
        std::size_t used = parser.feed(a);
        if (used == a.size())
            used += parser.feed(b);
        if (eof && used == static_cast<std::size_t>(input.size()))
            parser.finishEof();
        QVERIFY2(parser.state() == state, qPrintable(QStringLiteral("split at %1").arg(cut)));
        if (state != State::Error)
            QCOMPARE(parser.bodyBytes(), body);
    }
    // …and byte by byte.
    ResponseParser parser(head);
    for (char c : input)
        (void)parser.feed(std::string_view(&c, 1));
    if (eof && !parser.done() && !parser.failed())
        parser.finishEof();
    QCOMPARE(parser.state(), state);
}

void TestServiceHttpParser::keepAliveHeader_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("timeout");

    QTest::newRow("plain") << QStringLiteral("timeout=5") << 5;
    QTest::newRow("with max") << QStringLiteral("timeout=15, max=1000") << 15;
    QTest::newRow("max first") << QStringLiteral("max=3, timeout=2") << 2;
    QTest::newRow("case and spaces") << QStringLiteral("  TimeOut = 7 ") << 7;
    QTest::newRow("quoted") << QStringLiteral("timeout=\"9\"") << 9;
    QTest::newRow("semicolon") << QStringLiteral("max=5; timeout=4") << 4;
    QTest::newRow("zero") << QStringLiteral("timeout=0") << 0;
    QTest::newRow("clamped") << QStringLiteral("timeout=99999999999999") << 1'000'000;
    QTest::newRow("absent") << QStringLiteral("max=5") << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("negative") << QStringLiteral("timeout=-1") << -1;
    QTest::newRow("fraction") << QStringLiteral("timeout=1.5") << -1;
    QTest::newRow("no value") << QStringLiteral("timeout=") << -1;
    QTest::newRow("no equals") << QStringLiteral("timeout") << -1;
    QTest::newRow("garbage then valid") << QStringLiteral("timeout=x, timeout=3") << 3;
    QTest::newRow("prefix name") << QStringLiteral("xtimeout=3") << -1;
}

void TestServiceHttpParser::keepAliveHeader()
{
    QFETCH(QString, value);
    QFETCH(int, timeout);
    const std::string v = value.toStdString();
    QCOMPARE(parseKeepAliveTimeout(v).value_or(-1), timeout);
}

void TestServiceHttpParser::connectionTokens()
{
    QVERIFY(headerHasToken("close", "close"));
    QVERIFY(headerHasToken("Keep-Alive, Close", "close"));
    QVERIFY(headerHasToken(" upgrade ,  CLOSE ", "close"));
    QVERIFY(!headerHasToken("closed", "close"));
    QVERIFY(!headerHasToken("", "close"));
    QVERIFY(!headerHasToken("keep-alive", "close"));
}

void TestServiceHttpParser::wireNote_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("note");
    QTest::newRow("both headers, as received")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nkeep-alive: timeout=5, max=100\r\n"
                      "CONNECTION: Keep-Alive\r\n\r\n")
        << QByteArray("HTTP/1.1 200 OK; Connection: Keep-Alive; Keep-Alive: timeout=5, max=100");
    QTest::newRow("close") << QByteArray(
                                  "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                           << QByteArray("HTTP/1.1 503 Busy; Connection: close");
    QTest::newRow("neither") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n")
                             << QByteArray("HTTP/1.1 204 No Content");
}

void TestServiceHttpParser::wireNote()
{
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, note);
    ResponseParser parser(false);
    (void)parser.feed(std::string_view(response.constData(), static_cast<std::size_t>(response.size())));
    QVERIFY(parser.done());
    QCOMPARE(QByteArray::fromStdString(poolscope::http::wireNote(parser.head())), note);
}

void TestServiceHttpParser::bodyLimit()
{
    ParserLimits limits;
    limits.maxBodyBytes = 10;
    // Declared too large: refused before reading.
    auto declared = parseResponse("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", false, false, limits);
    QCOMPARE(declared.state, State::Error);
    // Chunked growing past the limit.
    auto chunked = parseResponse(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", false, false, limits);
    QCOMPARE(chunked.state, State::Error);
    // Until close growing past the limit.
    auto streamed = parseResponse("HTTP/1.1 200 OK\r\n\r\n0123456789abc", false, false, limits);
    QCOMPARE(streamed.state, State::Error);
    // Head limit.
    ParserLimits small;
    small.maxHeadBytes = 64;
    const std::string longHeader = "HTTP/1.1 200 OK\r\nX-Long: " + std::string(100, 'a') + "\r\n\r\n";
    QCOMPARE(parseResponse(longHeader, false, false, small).state, State::Error);
    // Too many headers.
    ParserLimits few;
    few.maxHeaders = 2;
    QCOMPARE(parseResponse("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", false, false, few).state,
             State::Error);
}

void TestServiceHttpParser::trailingBytesAreNotConsumed()
{
    const std::string two = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n";
    ResponseParser parser(false);
    const auto used = parser.feed(two);
    QVERIFY(parser.done());
    QCOMPARE(used, two.find("okHTTP") + 2);
}

void TestServiceHttpParser::interimResponses()
{
    auto out = parseResponse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                             "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
                             false, false);
    QCOMPARE(out.state, State::Done);
    QCOMPARE(out.head.status, 200);
    QCOMPARE(out.bodyBytes, qint64(1));

    std::string many;
    for (int i = 0; i < 20; ++i)
        many += "HTTP/1.1 100 Continue\r\n\r\n";
    QCOMPARE(parseResponse(many, false, false).state, State::Error);
}

void TestServiceHttpParser::probeRequestText()
{
    detail::ProbeSpec spec;
    spec.method = "GET";
    spec.path = "/bytes/10";
    spec.hostHeader = detail::probeHostHeader(QStringLiteral("LocalHost"), 8080, false);
    const auto text = detail::buildProbeRequest(spec);
    QVERIFY(text.starts_with("GET /bytes/10 HTTP/1.1\r\nHost: localhost:8080\r\n"));
    QVERIFY(text.ends_with("\r\n\r\n"));
    QCOMPARE(detail::probeHostHeader(QStringLiteral("example.org"), 443, true), std::string("example.org"));
    QCOMPARE(detail::probeHostHeader(QStringLiteral("example.org"), 80, false), std::string("example.org"));
    QCOMPARE(detail::probeHostHeader(QStringLiteral("::1"), 8443, true), std::string("[::1]:8443"));
}

void TestServiceHttpParser::probeValidation_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("valid");
    QTest::newRow("head") << QStringLiteral("HEAD") << QStringLiteral("/") << true;
    QTest::newRow("get with query") << QStringLiteral("GET") << QStringLiteral("/a?b=c") << true;
    QTest::newRow("post") << QStringLiteral("POST") << QStringLiteral("/") << false;
    QTest::newRow("lower-case get") << QStringLiteral("get") << QStringLiteral("/") << false;
    QTest::newRow("relative path") << QStringLiteral("GET") << QStringLiteral("index.html") << false;
    QTest::newRow("header injection") << QStringLiteral("GET") << QStringLiteral("/\r\nX-Evil: 1") << false;
    QTest::newRow("space") << QStringLiteral("GET") << QStringLiteral("/a b") << false;
    QTest::newRow("non-ascii") << QStringLiteral("GET") << QStringLiteral("/caf\u00e9") << false;
}

void TestServiceHttpParser::probeValidation()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(bool, valid);
    QCOMPARE(detail::validateProbeRequest(method, path).isEmpty(), valid);
}

QTEST_GUILESS_MAIN(TestServiceHttpParser)
#include "tst_service_http_parser.moc"
