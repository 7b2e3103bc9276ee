// TlsOptions beyond the defaults, against the lab's real OpenSSL servers: the protocol range, a
// trust store without the system's, client certificates (the lab's mutual-TLS server), every
// certificate problem reported with its certificate, and accepting one problem for one
// certificate only.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"

#include <QTemporaryFile>
#include <QtTest>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <optional>

using poolscope::AcceptedCertificateError;
using poolscope::CertificateProblem;
using poolscope::DialRequest;
using poolscope::ErrorCode;
using poolscope::TlsOptions;
using poolscope::TlsVersion;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;
using poolscope::test::sharedLab;

Q_DECLARE_METATYPE(poolscope::lab::ServerKind)

namespace {

/// The certificate's SHA-256 and common name, read back from the DER a problem carries.
struct ParsedCertificate
{
    std::string sha256;
    std::string commonName;
};

std::optional<ParsedCertificate> parse(const std::string& der)
{
    const auto* in = reinterpret_cast<const unsigned char*>(der.data());
    X509* cert = d2i_X509(nullptr, &in, static_cast<long>(der.size()));
    if (!cert)
        return std::nullopt;
    ParsedCertificate parsed;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &length) == 1)
        parsed.sha256 = QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex().toStdString();
    char name[256] = {};
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, name, sizeof name) > 0)
        parsed.commonName = name;
    X509_free(cert);
    return parsed;
}

/// A request for `kind` on 127.0.0.1 or by `host`, trusting the lab CA or not.
DialRequest request(ServerKind kind, const std::string& host, bool trustLab)
{
    DialRequest r = labRequest(kind);
    r.host = host;
    r.tls = true;
    r.overrideTls = true;
    if (!trustLab)
        r.tlsOptions = TlsOptions{};
    return r;
}

} // namespace

class TestEngineTlsOptions : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;
    std::unique_ptr<poolscope::lab::Lab> m_mtlsLab;

    DialRequest mutualTlsRequest(std::string host = "127.0.0.1") const
    {
        DialRequest r;
        r.host = std::move(host);
        r.port = m_mtlsLab->mutualTlsPort();
        r.tls = true;
        r.timeout = std::chrono::seconds(5);
        r.overrideTls = true;
        r.tlsOptions = m_mtlsLab->trustingTls();
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        (void)sharedLab();
        poolscope::lab::LabOptions options;
        options.mutualTls = true;
        auto lab = poolscope::lab::Lab::start(options);
        QVERIFY2(lab, lab ? "" : lab.error().message.c_str());
        m_mtlsLab = std::move(lab).value();
        QVERIFY(m_mtlsLab->mutualTlsPort() != 0);
        QCOMPARE(sharedLab().mutualTlsPort(), std::uint16_t{0}); // only when asked for
    }
    void cleanupTestCase() { m_mtlsLab.reset(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void versionRange_data()
    {
        QTest::addColumn<TlsVersion>("minVersion");
        QTest::addColumn<TlsVersion>("maxVersion");
        QTest::addColumn<QString>("negotiated");
        QTest::newRow("1.2 only") << TlsVersion::Tls1_2 << TlsVersion::Tls1_2 << QStringLiteral("TLSv1.2");
        QTest::newRow("1.2 to 1.3") << TlsVersion::Tls1_2 << TlsVersion::Tls1_3 << QStringLiteral("TLSv1.3");
        QTest::newRow("1.3 only") << TlsVersion::Tls1_3 << TlsVersion::Tls1_3 << QStringLiteral("TLSv1.3");
    }
    void versionRange()
    {
        QFETCH(TlsVersion, minVersion);
        QFETCH(TlsVersion, maxVersion);
        QFETCH(QString, negotiated);
        auto pool = makePool();
        auto r = labRequest(ServerKind::Https);
        r.tlsOptions.minVersion = minVersion;
        r.tlsOptions.maxVersion = maxVersion;
        auto lease = pool.dial(r);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QCOMPARE(QString::fromStdString(lease->info()->tlsDetails.version), negotiated);
        QVERIFY(lease->info()->tlsDetails.verified);
    }

    void validateRejects_data()
    {
        auto a = sharedLab().issueClientIdentity("a");
        auto b = sharedLab().issueClientIdentity("b");
        QVERIFY(a && b);
        QTest::addColumn<TlsOptions>("options");
        QTest::addColumn<QString>("field");
        TlsOptions o;
        o.minVersion = TlsVersion::Tls1_3;
        o.maxVersion = TlsVersion::Tls1_2;
        QTest::newRow("min above max") << o << QStringLiteral("tls.maxVersion");
        o = {};
        o.clientCertificatePem = a->certificatePem;
        QTest::newRow("certificate without key") << o << QStringLiteral("tls.clientCertificatePem");
        o = {};
        o.clientKeyPem = a->keyPem;
        QTest::newRow("key without certificate") << o << QStringLiteral("tls.clientKeyPem");
        o.clientCertificatePem = b->certificatePem;
        QTest::newRow("key of another certificate") << o << QStringLiteral("does not match");
        o = {};
        o.clientCertificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        o.clientKeyPem = a->keyPem;
        QTest::newRow("unreadable certificate") << o << QStringLiteral("tls.clientCertificatePem");
        o = {};
        o.acceptedErrors = {{0, std::string(64, 'a')}};
        QTest::newRow("accepted code 0") << o << QStringLiteral("tls.acceptedErrors");
        o.acceptedErrors = {{X509_V_ERR_HOSTNAME_MISMATCH, "ab:cd"}};
        QTest::newRow("accepted fingerprint not hex") << o << QStringLiteral("tls.acceptedErrors");
    }
    void validateRejects()
    {
        QFETCH(TlsOptions, options);
        QFETCH(QString, field);
        const auto status = options.validate();
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::InvalidArgument);
        const QString message = QString::fromStdString(status.error().message);
        QVERIFY2(message.contains(field), qPrintable(message));
        // The key never shows: not one of its base64 lines is in the message.
        for (const auto& line : QString::fromStdString(options.clientKeyPem).split(QLatin1Char('\n'))) {
            if (line.size() > 16 && !line.startsWith(QLatin1String("-----")))
                QVERIFY2(!message.contains(line), qPrintable(message));
        }
        // PoolParams::validate() checks the pool's default options the same way.
        poolscope::PoolParams params = poolscope::test::loopbackParams();
        params.tls = options;
        QVERIFY(!params.validate());
    }

    void dialRejectsMismatchedKeyBeforeAnyHandshake()
    {
        auto a = sharedLab().issueClientIdentity("a");
        auto b = sharedLab().issueClientIdentity("b");
        QVERIFY(a && b);
        auto pool = makePool();
        auto r = mutualTlsRequest();
        r.tlsOptions.clientCertificatePem = a->certificatePem;
        r.tlsOptions.clientKeyPem = b->keyPem;
        const auto handshakesBefore = m_mtlsLab->mutualTlsPort() ? pool.stats().handshakeFailures : 0u;
        auto lease = pool.dial(r);
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(lease.error().phase, poolscope::DialPhase::Validate);
        QVERIFY2(lease.error().message.find("does not match") != std::string::npos,
                 lease.error().message.c_str());
        QCOMPARE(pool.stats().handshakeFailures, handshakesBefore);
    }

    // The server listens on one port of both loopback families: a name reaches it either way.
    void clientCertificate_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("ipv4") << QStringLiteral("127.0.0.1");
        QTest::newRow("ipv6") << QStringLiteral("::1");
        QTest::newRow("localhost") << QStringLiteral("localhost");
    }
    void clientCertificate()
    {
        QFETCH(QString, host);
        if (host == QLatin1String("::1") && m_mtlsLab->server(ServerKind::Https).port6 == 0)
            QSKIP("no IPv6 loopback here");
        const auto request = [&] { return mutualTlsRequest(host.toStdString()); };
        auto identity = m_mtlsLab->issueClientIdentity("tester");
        QVERIFY2(identity, identity ? "" : identity.error().message.c_str());
        auto pool = makePool();
        {
            auto lease = pool.dial(request());
            QVERIFY(!lease);
            QCOMPARE(lease.error().code, ErrorCode::HandshakeFailed);
            QCOMPARE(lease.error().tlsVerifyResult, 0L); // our side verified the server fine
            QVERIFY2(!lease.error().tlsAlert.empty(), lease.error().message.c_str());
        }
        // A certificate of another CA (the shared lab's) is refused as well.
        auto foreign = sharedLab().issueClientIdentity("foreign");
        QVERIFY(foreign);
        auto r = request();
        r.tlsOptions.clientCertificatePem = foreign->certificatePem;
        r.tlsOptions.clientKeyPem = foreign->keyPem;
        QVERIFY(!pool.dial(r));

        r.tlsOptions.clientCertificatePem = identity->certificatePem;
        r.tlsOptions.clientKeyPem = identity->keyPem;
        auto lease = pool.dial(r);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QVERIFY(lease->info()->tlsDetails.verified);
        if (host != QLatin1String("localhost"))
            QVERIFY2(QString::fromStdString(lease->info()->remoteAddress).contains(host),
                     lease->info()->remoteAddress.c_str());
        std::string error;
        QVERIFY2(poolscope::test::httpGet(lease.value(), "/", &error).rfind("HTTP/1.1 200", 0) == 0,
                 error.c_str());
        const std::string key = lease->info()->key;
        QVERIFY2(key.find("PRIVATE") == std::string::npos && key.find("BEGIN") == std::string::npos,
                 key.c_str());
    }

    void newFieldsArePartOfTheReuseKey_data()
    {
        QTest::addColumn<int>("field");
        QTest::newRow("maxVersion") << 0;
        QTest::newRow("useSystemCa") << 1;
        QTest::newRow("client certificate") << 2;
        QTest::newRow("acceptedErrors") << 3;
    }
    void newFieldsArePartOfTheReuseKey()
    {
        QFETCH(int, field);
        auto a = m_mtlsLab->issueClientIdentity("a");
        auto b = m_mtlsLab->issueClientIdentity("b");
        QVERIFY(a && b);
        auto pool = makePool();
        DialRequest first = mutualTlsRequest();
        first.tlsOptions.clientCertificatePem = a->certificatePem;
        first.tlsOptions.clientKeyPem = a->keyPem;
        DialRequest second = first;
        switch (field) {
        case 0:
            second.tlsOptions.maxVersion = TlsVersion::Tls1_2; // what the server speaks anyway
            break;
        case 1:
            second.tlsOptions.useSystemCa = false;
            break;
        case 2:
            second.tlsOptions.clientCertificatePem = b->certificatePem;
            second.tlsOptions.clientKeyPem = b->keyPem;
            break;
        default:
            second.tlsOptions.acceptedErrors = {{X509_V_ERR_HOSTNAME_MISMATCH, std::string(64, '0')}};
            break;
        }
        poolscope::ConnectionId firstId = 0;
        {
            auto lease = pool.dial(first);
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            firstId = lease->info()->id;
        }
        {
            auto again = pool.dial(first); // the same options reuse it
            QVERIFY2(again, again ? "" : again.error().message.c_str());
            QCOMPARE(again->info()->id, firstId);
        }
        auto other = pool.dial(second);
        QVERIFY2(other, other ? "" : other.error().message.c_str());
        QVERIFY(other->info()->id != firstId);
    }

    void withoutSystemCaOnlyExtraCaIsTrusted()
    {
        // The system store is made to hold the lab CA, so only useSystemCa decides the outcome.
        QTemporaryFile bundle;
        QVERIFY(bundle.open());
        bundle.write(QByteArray::fromStdString(sharedLab().caPem()));
        bundle.close();
        const QByteArray previous = qgetenv("SSL_CERT_FILE");
        const bool hadPrevious = qEnvironmentVariableIsSet("SSL_CERT_FILE");
        qputenv("SSL_CERT_FILE", bundle.fileName().toLocal8Bit());
        auto restore = qScopeGuard([&] {
            if (hadPrevious)
                qputenv("SSL_CERT_FILE", previous);
            else
                qunsetenv("SSL_CERT_FILE");
        });
        auto pool = makePool();
        auto r = request(ServerKind::Https, "127.0.0.1", false);
        r.allowReuse = false;
        r.tlsOptions.alpn = {"x-poolscope-system-ca-test"}; // a context of its own, loaded now
        auto system = pool.dial(r);
        QVERIFY2(system, system ? "" : system.error().message.c_str());
        QVERIFY(system->info()->tlsDetails.verified);

        r.tlsOptions.useSystemCa = false;
        auto without = pool.dial(r);
        QVERIFY(!without);
        QCOMPARE(without.error().code, ErrorCode::HandshakeFailed);
        QVERIFY(without.error().tlsVerifyResult != X509_V_OK);
        QVERIFY(!without.error().certificateProblems.empty());

        r.tlsOptions.extraCaPem = sharedLab().caPem();
        auto extra = pool.dial(r);
        QVERIFY2(extra, extra ? "" : extra.error().message.c_str());
        QVERIFY(extra->info()->tlsDetails.verified);
    }

    void problemsCarryTheirCertificate_data()
    {
        QTest::addColumn<ServerKind>("server");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("trustLab");
        QTest::addColumn<long>("code");
        QTest::addColumn<QString>("commonName");
        QTest::newRow("self-signed") << ServerKind::Untrusted << QStringLiteral("127.0.0.1") << true
                                     << long(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
                                     << QStringLiteral("localhost");
        QTest::newRow("wrong host") << ServerKind::WrongHost << QStringLiteral("localhost") << true
                                    << long(X509_V_ERR_HOSTNAME_MISMATCH)
                                    << QStringLiteral("wrong.host.invalid");
        QTest::newRow("expired") << ServerKind::Expired << QStringLiteral("localhost") << true
                                 << long(X509_V_ERR_CERT_HAS_EXPIRED) << QStringLiteral("localhost");
        QTest::newRow("untrusted issuer and wrong host")
            << ServerKind::WrongHost << QStringLiteral("localhost") << false
            << long(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) << QStringLiteral("wrong.host.invalid");
    }
    void problemsCarryTheirCertificate()
    {
        QFETCH(ServerKind, server);
        QFETCH(QString, host);
        QFETCH(bool, trustLab);
        QFETCH(long, code);
        QFETCH(QString, commonName);
        auto pool = makePool();
        auto lease = pool.dial(request(server, host.toStdString(), trustLab));
        QVERIFY(!lease);
        const auto& problems = lease.error().certificateProblems;
        QVERIFY2(!problems.empty(), lease.error().message.c_str());
        QCOMPARE(lease.error().tlsVerifyResult, problems.front().code);
        QCOMPARE(problems.front().code, code);
        QCOMPARE(problems.front().depth, 0);
        QVERIFY(!problems.front().description.empty());
        for (const auto& p : problems) {
            const auto parsed = parse(p.certificateDer);
            QVERIFY(parsed);
            QCOMPARE(parsed->sha256, p.sha256);
            QCOMPARE(QString::fromStdString(parsed->commonName), commonName);
        }
        if (!trustLab) { // the host name too, not only the issuer: every problem, not the last one
            QVERIFY(problems.size() >= 2);
            QVERIFY(std::any_of(problems.begin(), problems.end(),
                                [](const auto& p) { return p.code == X509_V_ERR_HOSTNAME_MISMATCH; }));
        }
    }

    void acceptingExactlyThoseProblems_data() { problemsCarryTheirCertificate_data(); }
    void acceptingExactlyThoseProblems()
    {
        QFETCH(ServerKind, server);
        QFETCH(QString, host);
        QFETCH(bool, trustLab);
        auto pool = makePool();
        auto r = request(server, host.toStdString(), trustLab);
        auto refused = pool.dial(r);
        QVERIFY(!refused);
        const std::vector<CertificateProblem> problems = refused.error().certificateProblems;
        QVERIFY(!problems.empty());

        // The same codes for another certificate (one digit off) accept nothing.
        for (const auto& p : problems) {
            std::string other = p.sha256;
            other.back() = other.back() == '0' ? '1' : '0';
            r.tlsOptions.acceptedErrors.push_back({p.code, other});
        }
        auto stillRefused = pool.dial(r);
        QVERIFY(!stillRefused);
        QCOMPARE(stillRefused.error().certificateProblems, problems);

        // All but one accepted: the one left still fails the dial, and only it is reported.
        r.tlsOptions.acceptedErrors.clear();
        for (std::size_t i = 1; i < problems.size(); ++i)
            r.tlsOptions.acceptedErrors.push_back({problems[i].code, problems[i].sha256});
        auto partly = pool.dial(r);
        QVERIFY(!partly);
        QCOMPARE(partly.error().certificateProblems, std::vector<CertificateProblem>{problems.front()});

        // Every problem, for its own certificate (the fingerprint in capitals, as Qt prints it).
        r.tlsOptions.acceptedErrors.push_back(
            {problems.front().code,
             QByteArray::fromStdString(problems.front().sha256).toUpper().toStdString()});
        auto lease = pool.dial(r);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        const auto info = lease->info();
        QVERIFY(info);
        const auto& details = info->tlsDetails;
        QVERIFY(!details.verified); // made despite problems: never shown as verified
        QCOMPARE(details.acceptedProblems.size(), problems.size());
        QVERIFY2(details.verifyResult.find("accepted") != std::string::npos, details.verifyResult.c_str());
    }
};

QTEST_GUILESS_MAIN(TestEngineTlsOptions)
#include "tst_engine_tls_options.moc"
