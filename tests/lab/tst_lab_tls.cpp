// The TLS servers, through an in-process OpenSSL client: verification outcomes, versions,
// ALPN, session resumption, and the plain server on a "TLS" port.

#include "tst_lab_servers.h"

#include <QElapsedTimer>
#include <QTest>
#include <openssl/x509_vfy.h>

using namespace poolscope::lab;
using namespace poolscope::labtest;
using std::chrono::milliseconds;

void TestLabServers::tlsVerification_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<bool>("trustLabCa");
    QTest::addColumn<QByteArray>("verifyName");
    QTest::addColumn<bool>("handshakeOk");
    QTest::addColumn<qlonglong>("verifyResult");

    QTest::newRow("https, lab CA, localhost")
        << ServerKind::Https << true << QByteArray("localhost") << true << qlonglong{X509_V_OK};
    QTest::newRow("https, lab CA, 127.0.0.1")
        << ServerKind::Https << true << QByteArray("127.0.0.1") << true << qlonglong{X509_V_OK};
    QTest::newRow("https, lab CA, ::1")
        << ServerKind::Https << true << QByteArray("::1") << true << qlonglong{X509_V_OK};
    QTest::newRow("https without the lab CA")
        << ServerKind::Https << false << QByteArray("localhost") << false
        << qlonglong{X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY};
    QTest::newRow("expired") << ServerKind::Expired << true << QByteArray("localhost") << false
                             << qlonglong{X509_V_ERR_CERT_HAS_EXPIRED};
    QTest::newRow("wrong-host by name") << ServerKind::WrongHost << true << QByteArray("localhost") << false
                                        << qlonglong{X509_V_ERR_HOSTNAME_MISMATCH};
    QTest::newRow("wrong-host by IP") << ServerKind::WrongHost << true << QByteArray("127.0.0.1") << false
                                      << qlonglong{X509_V_ERR_IP_ADDRESS_MISMATCH};
    QTest::newRow("untrusted even with the lab CA")
        << ServerKind::Untrusted << true << QByteArray("localhost") << false
        << qlonglong{X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT};
    QTest::newRow("tls12-only, lab CA")
        << ServerKind::Tls12Only << true << QByteArray("localhost") << true << qlonglong{X509_V_OK};
}

void TestLabServers::tlsVerification()
{
    QFETCH(ServerKind, kind);
    QFETCH(bool, trustLabCa);
    QFETCH(QByteArray, verifyName);
    QFETCH(bool, handshakeOk);
    QFETCH(qlonglong, verifyResult);

    TlsClientOptions options = trustingClient();
    if (!trustLabCa)
        options.caPem.clear();
    options.verifyName = verifyName.toStdString();
    auto tls = TlsChannel::connect("127.0.0.1", m_lab->port(kind), options);
    QVERIFY2(tls->handshakeOk() == handshakeOk, tls->error().c_str());
    QCOMPARE(static_cast<qlonglong>(tls->verifyResult()), verifyResult);
    if (handshakeOk)
        QTRY_COMPARE(m_lab->counters(kind).handshakes, std::uint64_t{1});
    else
        QCOMPARE(m_lab->counters(kind).handshakes, std::uint64_t{0});
    tls.reset();
    QTRY_COMPARE(m_lab->counters(kind).open, 0);
}

void TestLabServers::httpsServesHttpWithAlpn()
{
    TlsClientOptions options = trustingClient();
    options.alpn = {"h2", "http/1.1"};
    auto tls = TlsChannel::connect("127.0.0.1", m_lab->port(ServerKind::Https), options);
    QVERIFY2(tls->handshakeOk(), tls->error().c_str());
    QCOMPARE(qb(tls->alpn()), QByteArray("http/1.1"));
    HttpReader reader(*tls);
    for (int i = 0; i < 2; ++i) {
        QVERIFY(tls->writeAll(httpRequest("GET", "/"), kIo));
        const auto response = reader.next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(qb(response->body), QByteArray("ok\n"));
        QCOMPARE(qb(response->header("keep-alive")), QByteArray("timeout=5"));
    }
    const ServerCounters counters = m_lab->counters(ServerKind::Https);
    QCOMPARE(counters.accepted, std::uint64_t{1});
    QCOMPARE(counters.handshakes, std::uint64_t{1});
    QCOMPARE(counters.requests, std::uint64_t{2});
    // A big body crosses many TLS records and partial writes.
    QVERIFY(tls->writeAll(httpRequest("GET", "/bytes/1048576"), kIo));
    const auto big = reader.next(false, milliseconds(10000));
    QVERIFY(big);
    QCOMPARE(big->body.size(), std::size_t{1048576});
}

void TestLabServers::tlsSessionsResume_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<int>("version");
    QTest::newRow("https (TLS 1.3 tickets)") << ServerKind::Https << TLS1_3_VERSION;
    QTest::newRow("tls12-only (TLS 1.2)") << ServerKind::Tls12Only << TLS1_2_VERSION;
}

void TestLabServers::tlsSessionsResume()
{
    QFETCH(ServerKind, kind);
    QFETCH(int, version);
    SSL_SESSION* session = nullptr;
    {
        auto first = TlsChannel::connect("127.0.0.1", m_lab->port(kind), trustingClient());
        QVERIFY2(first->handshakeOk(), first->error().c_str());
        QCOMPARE(first->version(), version);
        QVERIFY(!first->resumed());
        // TLS 1.3 tickets arrive after the handshake: read a response so they are processed.
        HttpReader reader(*first);
        QVERIFY(first->writeAll(httpRequest("GET", "/"), kIo));
        QVERIFY(reader.next());
        session = first->takeSession();
    }
    QVERIFY(session);
    TlsClientOptions options = trustingClient();
    options.resume = session;
    auto second = TlsChannel::connect("127.0.0.1", m_lab->port(kind), options);
    SSL_SESSION_free(session);
    QVERIFY2(second->handshakeOk(), second->error().c_str());
    QVERIFY2(second->resumed(), "the server did not resume the offered session");
    QTRY_COMPARE(m_lab->counters(kind).handshakes, std::uint64_t{2});
    QCOMPARE(m_lab->counters(kind).resumed, std::uint64_t{1});
}

void TestLabServers::tls12OnlyNegotiatesTls12()
{
    auto modern = TlsChannel::connect("127.0.0.1", m_lab->port(ServerKind::Https), trustingClient());
    QVERIFY2(modern->handshakeOk(), modern->error().c_str());
    QCOMPARE(modern->version(), TLS1_3_VERSION); // the same client gets 1.3 where it is offered

    auto capped = TlsChannel::connect("127.0.0.1", m_lab->port(ServerKind::Tls12Only), trustingClient());
    QVERIFY2(capped->handshakeOk(), capped->error().c_str());
    QCOMPARE(capped->version(), TLS1_2_VERSION);

    TlsClientOptions only13 = trustingClient();
    only13.minVersion = TLS1_3_VERSION;
    auto refused = TlsChannel::connect("127.0.0.1", m_lab->port(ServerKind::Tls12Only), only13);
    QVERIFY2(!refused->handshakeOk(), "a TLS 1.3-only client must not get through");
}

void TestLabServers::legacyTlsRefusedByModernClient()
{
    const ServerInfo& info = m_lab->server(ServerKind::LegacyTls);
    if (info.port == 0)
        QSKIP(info.explanation.c_str());

    auto modern = TlsChannel::connect("127.0.0.1", info.port, trustingClient());
    QVERIFY2(!modern->handshakeOk(), "a client requiring TLS >= 1.2 connected to legacy-tls");
    QVERIFY(modern->error().find("timed out") == std::string::npos); // refused, not stalled
    QCOMPARE(m_lab->counters(ServerKind::LegacyTls).handshakes, std::uint64_t{0});

    // It really is a working TLS server, for a client old enough.
    for (const int version : {TLS1_VERSION, TLS1_1_VERSION}) {
        TlsClientOptions old = trustingClient();
        old.minVersion = version;
        old.maxVersion = version;
        old.securityLevel0 = true;
        auto legacy = TlsChannel::connect("127.0.0.1", info.port, old);
        QVERIFY2(legacy->handshakeOk(), legacy->error().c_str());
        QCOMPARE(legacy->version(), version);
        QCOMPARE(legacy->verifyResult(), long{X509_V_OK});
    }
    QTRY_COMPARE(m_lab->counters(ServerKind::LegacyTls).handshakes, std::uint64_t{2});
}

void TestLabServers::plainOnTlsPortFailsHandshake()
{
    const ServerInfo& info = m_lab->server(ServerKind::PlainOnTlsPort);
    QVERIFY(info.tls); // presented as TLS …
    QElapsedTimer timer;
    timer.start();
    auto tls = TlsChannel::connect("127.0.0.1", info.port, trustingClient());
    QVERIFY2(!tls->handshakeOk(), "a TLS handshake succeeded against a plain HTTP server");
    QVERIFY2(tls->error().find("timed out") == std::string::npos, tls->error().c_str());
    qInfo("TLS against plain-on-tls-port failed after %lld ms: %s", static_cast<long long>(timer.elapsed()),
          tls->error().c_str());
    tls.reset();

    // … but speaks plain HTTP.
    Connected c = connectTcp("127.0.0.1", info.port);
    QCOMPARE(c.error, 0);
    PlainChannel plain(std::move(c.fd));
    HttpReader reader(plain);
    QVERIFY(plain.writeAll(httpRequest("GET", "/"), kIo));
    const auto response = reader.next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}
