// Handshake capture against the lab's real OpenSSL servers: off records nothing, on records the
// TLS 1.3 and TLS 1.2 ladders in order with sizes and time offsets, a resumed handshake skips the
// certificate, and a failed one ends with the alert that ended it, carried by its DialFailed.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"
#include "tls/tls_internal.h"

#include <QtTest>
#include <algorithm>
#include <iterator>
#include <mutex>
#include <optional>
#include <vector>

using namespace std::chrono_literals;
using poolscope::ConnectionPool;
using poolscope::EventKind;
using poolscope::HandshakeDirection;
using poolscope::HandshakeMessage;
using poolscope::HandshakeTranscript;
using poolscope::HandshakeType;
using poolscope::PoolEvent;
using poolscope::TlsContentType;
using poolscope::lab::ServerKind;
using poolscope::test::EventsOfKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;
using poolscope::test::sharedLab;

namespace poolscope {
inline char* toString(HandshakeType v)
{
    return qstrdup(std::string(describe(v)).c_str());
}
inline char* toString(HandshakeDirection v)
{
    return qstrdup(v == HandshakeDirection::Sent ? "sent" : "received");
}
} // namespace poolscope

Q_DECLARE_METATYPE(poolscope::lab::ServerKind)
Q_DECLARE_METATYPE(poolscope::HandshakeDirection)

namespace {

/// The handshake messages (not alerts or ChangeCipherSpec) of one direction, in order.
std::vector<HandshakeType> handshakeTypes(const HandshakeTranscript& t, HandshakeDirection direction)
{
    std::vector<HandshakeType> out;
    for (const HandshakeMessage& m : t.messages) {
        if (m.contentType == TlsContentType::Handshake && m.direction == direction)
            out.push_back(m.type);
    }
    return out;
}

QString ladderText(const HandshakeTranscript& t)
{
    QStringList lines;
    for (const HandshakeMessage& m : t.messages)
        lines << QStringLiteral("%1 %2 %3 B +%4 us")
                     .arg(m.direction == HandshakeDirection::Sent ? QStringLiteral("->")
                                                                  : QStringLiteral("<-"),
                          QString::fromUtf8(poolscope::messageName(m).data()))
                     .arg(m.size)
                     .arg(m.offsetUs);
    return lines.join(QLatin1Char('\n'));
}

/// Every message has a size and the offsets never go back.
bool sizesAndOffsetsSane(const HandshakeTranscript& t)
{
    std::int64_t last = 0;
    for (const HandshakeMessage& m : t.messages) {
        if (m.size == 0 || m.offsetUs < last)
            return false;
        last = m.offsetUs;
    }
    return true;
}

} // namespace

class TestEngineHandshakeCapture : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void offByDefaultRecordsNothing()
    {
        auto pool = makePool();
        QVERIFY(!pool.handshakeCapture());
        EventsOfKind failed(EventKind::DialFailed);
        failed.install(pool);
        auto lease = pool.dial(labRequest(ServerKind::Https));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QVERIFY(lease->info()->tlsDetails.handshake.empty());
        QVERIFY(!lease->info()->tlsDetails.handshake.truncated);
        QVERIFY(!pool.dial(labRequest(ServerKind::Untrusted)));
        pool.setEventCallback({});
        QCOMPARE(failed.events().size(), std::size_t{1});
        QVERIFY(failed.events().front().handshake == nullptr);
    }

    void fullTls13Handshake()
    {
        auto pool = makePool();
        pool.setHandshakeCapture(true);
        QVERIFY(pool.handshakeCapture());
        auto lease = pool.dial(labRequest(ServerKind::Https));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        const auto info = lease->info();
        QCOMPARE(info->tlsDetails.version, std::string("TLSv1.3"));
        const HandshakeTranscript& t = info->tlsDetails.handshake;
        const QByteArray ladder = ladderText(t).toUtf8();
        QVERIFY2(!t.empty(), "no transcript with capture on");
        QCOMPARE(t.messages.front().direction, HandshakeDirection::Sent);
        QCOMPARE(t.messages.front().type, HandshakeType::ClientHello);
        const std::vector<HandshakeType> received = handshakeTypes(t, HandshakeDirection::Received);
        const std::vector<HandshakeType> expectedReceived{
            HandshakeType::ServerHello, HandshakeType::EncryptedExtensions, HandshakeType::Certificate,
            HandshakeType::CertificateVerify, HandshakeType::Finished};
        QVERIFY2(received == expectedReceived, ladder.constData());
        const std::vector<HandshakeType> sent = handshakeTypes(t, HandshakeDirection::Sent);
        const std::vector<HandshakeType> expectedSent{HandshakeType::ClientHello, HandshakeType::Finished};
        QVERIFY2(sent == expectedSent, ladder.constData());
        QCOMPARE(t.messages.back().type, HandshakeType::Finished); // the client's Finished ends it
        QCOMPARE(t.messages.back().direction, HandshakeDirection::Sent);
        QVERIFY2(sizesAndOffsetsSane(t), ladder.constData());
        QVERIFY2(t.messages.back().offsetUs > t.messages.front().offsetUs, ladder.constData());
        // The handshake's own time cannot exceed the phase time measured around it.
        QVERIFY(t.messages.back().offsetUs <= info->timings.tlsUs);
        QVERIFY(t.firstAlert() == nullptr);
        QVERIFY(!t.truncated);
        QVERIFY(poolscope::skippedByResumption(t).empty());
        // The snapshot rows carry it as well.
        bool inSnapshot = false;
        for (const auto& row : pool.snapshot())
            inSnapshot = inSnapshot || (row.id == lease->id() && row.tlsDetails.handshake == t);
        QVERIFY(inSnapshot);
    }

    void tls12Ladder()
    {
        auto pool = makePool();
        pool.setHandshakeCapture(true);
        auto lease = pool.dial(labRequest(ServerKind::Tls12Only));
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        const auto info = lease->info();
        QCOMPARE(info->tlsDetails.version, std::string("TLSv1.2"));
        const HandshakeTranscript& t = info->tlsDetails.handshake;
        const QByteArray ladder = ladderText(t).toUtf8();
        for (const HandshakeType type :
             {HandshakeType::ServerHello, HandshakeType::Certificate, HandshakeType::ServerKeyExchange,
              HandshakeType::ServerHelloDone, HandshakeType::Finished})
            QVERIFY2(t.received(type), ladder.constData());
        for (const HandshakeType type :
             {HandshakeType::ClientHello, HandshakeType::ClientKeyExchange, HandshakeType::Finished})
            QVERIFY2(t.sent(type), ladder.constData());
        QVERIFY2(!t.received(HandshakeType::EncryptedExtensions), ladder.constData());
        // The client's ChangeCipherSpec comes right before its Finished. (OpenSSL 3.0's message
        // callback reports the ChangeCipherSpec it sends, not the one it receives.)
        const auto finished =
            std::find_if(t.messages.begin(), t.messages.end(), [](const HandshakeMessage& m) {
                return m.direction == HandshakeDirection::Sent &&
                       m.contentType == TlsContentType::Handshake && m.type == HandshakeType::Finished;
            });
        QVERIFY2(finished != t.messages.begin() && finished != t.messages.end(), ladder.constData());
        QVERIFY2(std::prev(finished)->contentType == TlsContentType::ChangeCipherSpec, ladder.constData());
        QCOMPARE(std::prev(finished)->size, 1u);
        QVERIFY2(sizesAndOffsetsSane(t), ladder.constData());
    }

    void resumedHandshakeSkipsTheCertificate()
    {
        auto pool = makePool();
        pool.setHandshakeCapture(true);
        const auto request = labRequest(ServerKind::Https);
        {
            auto first = pool.dial(request);
            QVERIFY(first);
            QVERIFY(!poolscope::test::httpGet(first.value()).empty()); // reading delivers the ticket
            QVERIFY(first->close());
        }
        auto second = pool.dial(request);
        QVERIFY2(second, second ? "" : second.error().message.c_str());
        const auto info = second->info();
        QVERIFY(info->tlsDetails.resumed);
        const HandshakeTranscript& t = info->tlsDetails.handshake;
        const QByteArray ladder = ladderText(t).toUtf8();
        QVERIFY2(t.received(HandshakeType::ServerHello), ladder.constData());
        QVERIFY2(t.received(HandshakeType::Finished), ladder.constData());
        QVERIFY2(!t.received(HandshakeType::Certificate), ladder.constData());
        QVERIFY2(!t.received(HandshakeType::CertificateVerify), ladder.constData());
        const std::vector<HandshakeType> skipped{HandshakeType::Certificate,
                                                 HandshakeType::CertificateVerify};
        QVERIFY(poolscope::skippedByResumption(t) == skipped);
    }

    void failedHandshakeEndsWithItsAlert_data()
    {
        QTest::addColumn<ServerKind>("kind");
        QTest::addColumn<HandshakeDirection>("direction");
        QTest::addColumn<int>("alert");
        QTest::addColumn<bool>("certificateSeen");
        // What OpenSSL's client sends for each verify result (ssl_x509err2alert), and what a
        // server that speaks only TLS 1.0/1.1 answers to a ClientHello offering 1.2 and 1.3.
        QTest::newRow("untrusted: self-signed")
            << ServerKind::Untrusted << HandshakeDirection::Sent << 48 << true; // unknown_ca
        QTest::newRow("expired") << ServerKind::Expired << HandshakeDirection::Sent << 45
                                 << true; // certificate_expired
        QTest::newRow("wrong host") << ServerKind::WrongHost << HandshakeDirection::Sent << 42
                                    << true; // bad_certificate
        QTest::newRow("legacy TLS only")
            << ServerKind::LegacyTls << HandshakeDirection::Received << 70 << false; // protocol_version
    }
    void failedHandshakeEndsWithItsAlert()
    {
        QFETCH(ServerKind, kind);
        QFETCH(HandshakeDirection, direction);
        QFETCH(int, alert);
        QFETCH(bool, certificateSeen);
        auto pool = makePool();
        pool.setHandshakeCapture(true);
        EventsOfKind failed(EventKind::DialFailed);
        failed.install(pool);
        auto lease = pool.dial(labRequest(kind));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, poolscope::ErrorCode::HandshakeFailed);
        pool.setEventCallback({}); // DialFailed was delivered before dial() returned
        QCOMPARE(failed.events().size(), std::size_t{1});
        const auto transcript = failed.events().front().handshake;
        QVERIFY2(transcript, "DialFailed carries no transcript");
        const QByteArray ladder = ladderText(*transcript).toUtf8();
        QCOMPARE(transcript->messages.front().type, HandshakeType::ClientHello);
        const HandshakeMessage* ending = transcript->firstAlert();
        QVERIFY2(ending, ladder.constData());
        QVERIFY2(ending == &transcript->messages.back(), ladder.constData()); // nothing after it
        QCOMPARE(ending->direction, direction);
        QCOMPARE(ending->alertLevel, std::uint8_t{2}); // fatal
        QVERIFY2(ending->alertDescription == alert, ladder.constData());
        QCOMPARE(ending->size, 2u);
        QCOMPARE(transcript->received(HandshakeType::Certificate), certificateSeen);
        // The error names the same alert the transcript shows.
        QCOMPARE(lease.error().tlsAlert.empty(), false);
        QVERIFY(!poolscope::describeAlert(ending->alertDescription).empty());
    }

    void captureFollowsTheSwitch()
    {
        auto pool = makePool();
        pool.setHandshakeCapture(true);
        auto on = pool.dial(labRequest(ServerKind::Https));
        QVERIFY(on);
        pool.setHandshakeCapture(false);
        auto request = labRequest(ServerKind::Https);
        request.allowReuse = false;
        auto off = pool.dial(request);
        QVERIFY(off);
        QVERIFY(!on->info()->tlsDetails.handshake.empty());
        QVERIFY(off->info()->tlsDetails.handshake.empty());
        // The TLS 1.3 ticket read after the handshake is not recorded: the callback is gone.
        const std::size_t before = on->info()->tlsDetails.handshake.messages.size();
        QVERIFY(!poolscope::test::httpGet(on.value()).empty());
        QCOMPARE(on->info()->tlsDetails.handshake.messages.size(), before);
    }

    void recordingIsBoundedAndSkipsRecordHeaders()
    {
        using poolscope::detail::tls_internal::ConnectionState;
        using poolscope::detail::tls_internal::onMessage;
        HandshakeTranscript transcript;
        ConnectionState state;
        state.capture = &transcript;
        state.captureStart = poolscope::Clock::now();
        const unsigned char header[5] = {22, 3, 3, 0, 40};
        onMessage(1, 0x0304, 256 /* SSL3_RT_HEADER */, header, sizeof header, nullptr, &state);
        onMessage(1, 0x0304, 257 /* SSL3_RT_INNER_CONTENT_TYPE */, header, 1, nullptr, &state);
        QVERIFY(transcript.empty());
        const unsigned char empty[1] = {0};
        onMessage(0, 0x0304, 22, empty, 0, nullptr, &state); // a handshake message of no bytes
        onMessage(0, 0x0304, 21, empty, 1, nullptr, &state); // a cut-off alert
        QVERIFY(transcript.empty());
        const unsigned char finished[4] = {20, 0, 0, 0};
        for (int i = 0; i < 1000; ++i)
            onMessage(0, 0x0304, 22, finished, sizeof finished, nullptr, &state);
        QCOMPARE(transcript.messages.size(), HandshakeTranscript::kMaxMessages);
        QVERIFY(transcript.truncated);
        QCOMPARE(transcript.messages.front().type, HandshakeType::Finished);
        QCOMPARE(transcript.messages.front().size, 4u);
        state.capture = nullptr;
        onMessage(0, 0x0304, 22, finished, sizeof finished, nullptr, &state); // capture over: ignored
        QCOMPARE(transcript.messages.size(), HandshakeTranscript::kMaxMessages);
    }

    void everyMessageAndAlertIsExplained()
    {
        for (const HandshakeType type :
             {HandshakeType::HelloRequest, HandshakeType::ClientHello, HandshakeType::ServerHello,
              HandshakeType::NewSessionTicket, HandshakeType::EndOfEarlyData,
              HandshakeType::EncryptedExtensions, HandshakeType::Certificate,
              HandshakeType::ServerKeyExchange, HandshakeType::CertificateRequest,
              HandshakeType::ServerHelloDone, HandshakeType::CertificateVerify,
              HandshakeType::ClientKeyExchange, HandshakeType::Finished, HandshakeType::CertificateStatus,
              HandshakeType::KeyUpdate, HandshakeType::MessageHash}) {
            QVERIFY(poolscope::describe(type) != "unknown handshake message");
            QVERIFY(!poolscope::explain(type).empty());
        }
        QCOMPARE(poolscope::describe(static_cast<HandshakeType>(99)),
                 std::string_view("unknown handshake message"));
        QCOMPARE(poolscope::explain(HandshakeType::ServerHello),
                 std::string_view("the server picks the TLS version and cipher and sends its key share"));
        QCOMPARE(poolscope::describeAlert(48), std::string_view("unknown_ca"));
        QCOMPARE(poolscope::describeAlert(45), std::string_view("certificate_expired"));
        QCOMPARE(poolscope::describeAlert(200), std::string_view("unknown alert"));
        QVERIFY(!poolscope::explainAlert(200).empty());
        HandshakeMessage alert;
        alert.contentType = TlsContentType::Alert;
        QCOMPARE(poolscope::messageName(alert), std::string_view("Alert"));
        HandshakeMessage ccs;
        ccs.contentType = TlsContentType::ChangeCipherSpec;
        QCOMPARE(poolscope::messageName(ccs), std::string_view("ChangeCipherSpec"));
    }
};

QTEST_GUILESS_MAIN(TestEngineHandshakeCapture)
#include "tst_engine_handshake_capture.moc"
