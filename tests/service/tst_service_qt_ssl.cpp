// Qt's TLS types through the service: a QSslConfiguration becomes the dial's TlsOptions (or is
// refused when it asks for less than TLS 1.2), a client certificate from QSslCertificate/QSslKey
// opens the lab's mutual-TLS server, a verification failure reads as QSslErrors carrying the
// server's certificate, and accepting exactly those errors for that certificate lets the dial
// through, marked as not verified.
#include "poolscope/service/qt_ssl.h"
#include "service_test_support.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTest>

using namespace poolscope;
using namespace poolscope::test;
using lab::ServerKind;

Q_DECLARE_METATYPE(QSsl::SslProtocol)
Q_DECLARE_METATYPE(poolscope::TlsVersion)

class TestServiceQtSsl : public QObject
{
    Q_OBJECT
    std::unique_ptr<lab::Lab> m_lab;

    [[nodiscard]] QList<QSslCertificate> labCa() const
    {
        return QSslCertificate::fromData(QByteArray::fromStdString(m_lab->caPem()));
    }
    [[nodiscard]] AcquireRequest tlsRequest(ServerKind kind, const TlsOptions& options) const
    {
        AcquireRequest r = labRequest(*m_lab, kind, QStringLiteral("qt-ssl"));
        r.tls = true;
        r.overrideTls = true;
        r.tlsOptions = options;
        return r;
    }
    [[nodiscard]] std::unique_ptr<PoolServiceThread> startPool() const
    {
        ServiceOptions options = labOptions(*m_lab);
        options.pool.tls = {}; // every dial here brings its own options
        return startService(std::move(options));
    }

private Q_SLOTS:
    void initTestCase()
    {
        lab::LabOptions options;
        options.mutualTls = true;
        auto lab = lab::Lab::start(options);
        QVERIFY2(lab, lab ? "" : lab.error().message.c_str());
        m_lab = std::move(lab).value();
    }
    void cleanupTestCase() { m_lab.reset(); }

    void protocols_data()
    {
        QTest::addColumn<QSsl::SslProtocol>("protocol");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<TlsVersion>("min");
        QTest::addColumn<TlsVersion>("max");
        QTest::newRow("TlsV1_2") << QSsl::TlsV1_2 << true << TlsVersion::Tls1_2 << TlsVersion::Tls1_2;
        QTest::newRow("TlsV1_2OrLater")
            << QSsl::TlsV1_2OrLater << true << TlsVersion::Tls1_2 << TlsVersion::Tls1_3;
        QTest::newRow("SecureProtocols")
            << QSsl::SecureProtocols << true << TlsVersion::Tls1_2 << TlsVersion::Tls1_3;
        QTest::newRow("TlsV1_3") << QSsl::TlsV1_3 << true << TlsVersion::Tls1_3 << TlsVersion::Tls1_3;
        QTest::newRow("TlsV1_3OrLater")
            << QSsl::TlsV1_3OrLater << true << TlsVersion::Tls1_3 << TlsVersion::Tls1_3;
        QTest::newRow("AnyProtocol") << QSsl::AnyProtocol << false << TlsVersion::Tls1_2
                                     << TlsVersion::Tls1_3;
        QT_WARNING_PUSH
        QT_WARNING_DISABLE_DEPRECATED
        QTest::newRow("TlsV1_0") << QSsl::TlsV1_0 << false << TlsVersion::Tls1_2 << TlsVersion::Tls1_3;
        QTest::newRow("TlsV1_1OrLater")
            << QSsl::TlsV1_1OrLater << false << TlsVersion::Tls1_2 << TlsVersion::Tls1_3;
        QT_WARNING_POP
        QTest::newRow("DtlsV1_2") << QSsl::DtlsV1_2 << false << TlsVersion::Tls1_2 << TlsVersion::Tls1_3;
    }
    void protocols()
    {
        QFETCH(QSsl::SslProtocol, protocol);
        QFETCH(bool, ok);
        QFETCH(TlsVersion, min);
        QFETCH(TlsVersion, max);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setProtocol(protocol);
        const auto options = tlsOptionsFrom(configuration);
        QCOMPARE(bool(options), ok);
        if (!ok) {
            QCOMPARE(options.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(options.error().message.find("older than TLS 1.2") != std::string::npos,
                     options.error().message.c_str());
            return;
        }
        QCOMPARE(options->minVersion, min);
        QCOMPARE(options->maxVersion, max);
        QVERIFY(options->verifyPeer);
    }

    void caCertificatesAndVerifyMode()
    {
        // Untouched: the system store, nothing extra.
        auto untouched = tlsOptionsFrom(QSslConfiguration::defaultConfiguration());
        QVERIFY(untouched);
        QVERIFY(untouched->useSystemCa);
        QVERIFY(untouched->extraCaPem.empty());
        QVERIFY(untouched->verifyPeer);
        // Added to the system's: both.
        QSslConfiguration added = QSslConfiguration::defaultConfiguration();
        added.setCaCertificates(QSslConfiguration::systemCaCertificates() + labCa());
        auto both = tlsOptionsFrom(added);
        QVERIFY(both);
        if (!QSslConfiguration::systemCaCertificates().isEmpty())
            QVERIFY(both->useSystemCa);
        QCOMPARE(both->extraCaPem, m_lab->caPem());
        // Replaced: only the lab CA.
        QSslConfiguration replaced = QSslConfiguration::defaultConfiguration();
        replaced.setCaCertificates(labCa());
        replaced.setPeerVerifyMode(QSslSocket::VerifyNone);
        replaced.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        auto only = tlsOptionsFrom(replaced, QStringLiteral("localhost"));
        QVERIFY(only);
        QVERIFY(!only->useSystemCa);
        QCOMPARE(only->extraCaPem, m_lab->caPem());
        QVERIFY(!only->verifyPeer); // VerifyNone is carried over as the explicit opt-out
        QCOMPARE(only->serverName, std::string("localhost"));
        QCOMPARE(only->alpn, std::vector<std::string>{"http/1.1"});
    }

    void labCaOnlyWithTls12ThroughTheService()
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(labCa());
        configuration.setProtocol(QSsl::TlsV1_2);
        auto options = tlsOptionsFrom(configuration);
        QVERIFY2(options, options ? "" : options.error().message.c_str());
        FdGuard guard;
        {
            auto owner = startPool();
            QVERIFY(owner);
            PoolService* service = owner->service();
            const Lease lease = takeLease(service, tlsRequest(ServerKind::Https, options.value()));
            QVERIFY(lease.id != 0);
            QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
                return c.id == lease.id && c.tlsDetails.version == "TLSv1.2" && c.tlsDetails.verified;
            }));
            (void)failureOf(service->release(lease.id));
            owner.reset();
        }
        QCOMPARE(guard.settledLeak(), 0);
    }

    void clientCertificateFromQSslKey()
    {
        auto identity = m_lab->issueClientIdentity("qt client");
        QVERIFY2(identity, identity ? "" : identity.error().message.c_str());
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(labCa());
        const auto ca = tlsOptionsFrom(configuration);
        QVERIFY(ca);
        configuration.setLocalCertificate(
            QSslCertificate(QByteArray::fromStdString(identity->certificatePem)));
        configuration.setPrivateKey(QSslKey(QByteArray::fromStdString(identity->keyPem), QSsl::Ec));
        QVERIFY(!configuration.privateKey().isNull());
        auto options = tlsOptionsFrom(configuration);
        QVERIFY2(options, options ? "" : options.error().message.c_str());
        QVERIFY(!options->clientCertificatePem.empty() && !options->clientKeyPem.empty());

        auto owner = startPool();
        QVERIFY(owner);
        PoolService* service = owner->service();
        AcquireRequest r = tlsRequest(ServerKind::Https, ca.value());
        r.port = m_lab->mutualTlsPort();
        auto refused = failureOf(service->acquire(r));
        QVERIFY(refused);
        QCOMPARE(refused->code(), ErrorCode::HandshakeFailed);
        r.tlsOptions = options.value();
        const Lease lease = takeLease(service, r);
        QVERIFY(lease.id != 0);
        (void)failureOf(service->release(lease.id));
    }

    void verificationFailureAsQSslErrorsThenAccepted()
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(labCa());
        auto options = tlsOptionsFrom(configuration);
        QVERIFY(options);
        auto owner = startPool();
        QVERIFY(owner);
        PoolService* service = owner->service();
        AcquireRequest r = tlsRequest(ServerKind::WrongHost, options.value());
        r.host = QStringLiteral("localhost");
        auto failure = failureOf(service->acquire(r));
        QVERIFY(failure);
        const QList<QSslError> errors = sslErrorsFrom(failure->error());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.front().error(), QSslError::HostNameMismatch);
        const QSslCertificate served(
            QByteArray::fromStdString(m_lab->serverCertificatePem(ServerKind::WrongHost)));
        QVERIFY(!served.isNull());
        QCOMPARE(errors.front().certificate().digest(QCryptographicHash::Sha256),
                 served.digest(QCryptographicHash::Sha256));
        QCOMPARE(errors.front().certificate().subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("wrong.host.invalid")});

        // Accepting it for ANOTHER certificate (the https server's) changes nothing.
        const QSslCertificate other(
            QByteArray::fromStdString(m_lab->serverCertificatePem(ServerKind::Https)));
        auto elsewhere = acceptedErrorsFrom(QSslError(QSslError::HostNameMismatch, other));
        QVERIFY(elsewhere);
        r.tlsOptions.acceptedErrors = elsewhere.value();
        QVERIFY(failureOf(service->acquire(r)));

        auto accepted = acceptedErrorsFrom(errors);
        QVERIFY2(accepted, accepted ? "" : accepted.error().message.c_str());
        r.tlsOptions.acceptedErrors = accepted.value();
        const Lease lease = takeLease(service, r);
        QVERIFY(lease.id != 0);
        QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
            return c.id == lease.id && !c.tlsDetails.verified && c.tlsDetails.acceptedProblems.size() == 1;
        }));
        (void)failureOf(service->release(lease.id));
    }

    void errorsWithoutACertificateCannotBeAccepted()
    {
        QVERIFY(!acceptedErrorsFrom(QSslError(QSslError::HostNameMismatch)));
        const QSslCertificate served(
            QByteArray::fromStdString(m_lab->serverCertificatePem(ServerKind::Https)));
        QVERIFY(!acceptedErrorsFrom(QSslError(QSslError::UnspecifiedError, served)));
        QVERIFY(!acceptedErrorsFrom(QSslError(QSslError::OcspTryLater, served)));
        QCOMPARE(sslErrorKindFrom(18), QSslError::SelfSignedCertificate);
        QCOMPARE(sslErrorKindFrom(10), QSslError::CertificateExpired);
        QCOMPARE(sslErrorKindFrom(12345), QSslError::UnspecifiedError);
        QVERIFY(sslErrorsFrom(Error{}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestServiceQtSsl)
#include "tst_service_qt_ssl.moc"
