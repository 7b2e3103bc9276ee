// Proxies through the service: QNetworkProxy converts to the engine's ProxyOptions (or is refused
// with a clear error), and an acquire with a proxy really goes through the lab's proxy.
#include "poolscope/lab/proxy_server.h"
#include "poolscope/service/network_proxy.h"
#include "service_test_support.h"

#include <QNetworkProxy>
#include <QTest>

using namespace poolscope;
using namespace poolscope::test;
using lab::ServerKind;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(QNetworkProxy::ProxyType)
Q_DECLARE_METATYPE(poolscope::ProxyType)

class TestServiceProxy : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(startLab()); }
    void cleanupTestCase() { stopLab(); }

    void fromQNetworkProxy_data()
    {
        QTest::addColumn<QNetworkProxy::ProxyType>("qtType");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<ProxyType>("type");
        QTest::addColumn<QString>("error"); // part of the message when !ok
        const QString local = QStringLiteral("127.0.0.1");
        QTest::newRow("http") << QNetworkProxy::HttpProxy << local << 3128 << QString() << QString() << true
                              << ProxyType::HttpConnect << QString();
        QTest::newRow("socks5-auth") << QNetworkProxy::Socks5Proxy << local << 1080 << QStringLiteral("bob")
                                     << QStringLiteral("pw-ß") << true << ProxyType::Socks5 << QString();
        QTest::newRow("no-proxy") << QNetworkProxy::NoProxy << QString() << 0 << QString() << QString()
                                  << true << ProxyType::None << QString();
        QTest::newRow("default-proxy") << QNetworkProxy::DefaultProxy << QString() << 0 << QString()
                                       << QString() << true << ProxyType::None << QString();
        QTest::newRow("http-caching")
            << QNetworkProxy::HttpCachingProxy << local << 3128 << QString() << QString() << false
            << ProxyType::None << QStringLiteral("cannot tunnel");
        QTest::newRow("ftp-caching") << QNetworkProxy::FtpCachingProxy << local << 21 << QString()
                                     << QString() << false << ProxyType::None
                                     << QStringLiteral("cannot tunnel");
        QTest::newRow("http-no-host")
            << QNetworkProxy::HttpProxy << QString() << 3128 << QString() << QString() << false
            << ProxyType::None << QStringLiteral("proxy host is empty");
        QTest::newRow("socks-port-0") << QNetworkProxy::Socks5Proxy << local << 0 << QString() << QString()
                                      << false << ProxyType::None << QStringLiteral("port must be between");
        QTest::newRow("password-without-user")
            << QNetworkProxy::Socks5Proxy << local << 1080 << QString() << QStringLiteral("hunter2") << false
            << ProxyType::None << QStringLiteral("without a username");
    }
    void fromQNetworkProxy()
    {
        QFETCH(QNetworkProxy::ProxyType, qtType);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(bool, ok);
        QFETCH(ProxyType, type);
        QFETCH(QString, error);
        const QNetworkProxy proxy(qtType, host, static_cast<quint16>(port), user, password);
        const auto converted = proxyOptionsFrom(proxy);
        QCOMPARE(bool(converted), ok);
        if (!ok) {
            QCOMPARE(converted.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(converted.error().message.find(error.toStdString()) != std::string::npos,
                     converted.error().message.c_str());
            QVERIFY(password.isEmpty() || converted.error().message.find("hunter2") == std::string::npos);
            return;
        }
        QCOMPARE(converted->type, type);
        if (type == ProxyType::None)
            return;
        QCOMPARE(converted->host, host.toStdString());
        QCOMPARE(int(converted->port), port);
        QCOMPARE(converted->username, user.toStdString());
        QCOMPARE(converted->password, password.toStdString());
    }

    void acquireThroughTheLabProxy()
    {
        FdGuard guard;
        {
            auto proxyServer =
                lab::ProxyServer::start({ProxyType::Socks5, "bob", "pw", lab::ProxyFault::None});
            QVERIFY2(proxyServer, proxyServer ? "" : proxyServer.error().message.c_str());
            auto converted = proxyOptionsFrom(
                QNetworkProxy(QNetworkProxy::Socks5Proxy, QStringLiteral("127.0.0.1"),
                              proxyServer.value()->port(), QStringLiteral("bob"), QStringLiteral("pw")));
            QVERIFY(converted);
            auto owner = start();
            QVERIFY(owner);
            PoolService* service = owner->service();
            AcquireRequest req = request(ServerKind::Https, QStringLiteral("via-proxy"));
            req.host = QStringLiteral("localhost"); // the lab's certificate names it; SOCKS5 sends the name
            req.overrideProxy = true;
            req.proxy = converted.value();
            const Lease lease = take(service, req);
            QVERIFY(lease.id != 0);
            QCOMPARE(proxyServer.value()->counters().tunnelsOpened, 1u);
            const auto probed = failureOf(service->probe(lease.id));
            QVERIFY2(!probed, probed ? probed->what() : "");
            QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
                return c.id == lease.id && c.key.find(" via socks5://bob@127.0.0.1:") != std::string::npos &&
                       c.key.find("pw") == std::string::npos;
            }));
            (void)failureOf(service->release(lease.id));
            owner.reset();
        }
        QCOMPARE(guard.settledLeak(), 0);
    }

    // retryConnectErrors retries what may pass next time and nothing else: a proxy that rejects the
    // credentials is asked once, a target the proxy cannot reach is asked until the deadline.
    void retryingThroughAProxy_data()
    {
        QTest::addColumn<ProxyType>("type");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("targetListens");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("socks-wrong-password")
            << ProxyType::Socks5 << QStringLiteral("nope") << true << ErrorCode::ProxyFailed;
        QTest::newRow("http-wrong-password")
            << ProxyType::HttpConnect << QStringLiteral("nope") << true << ErrorCode::ProxyFailed;
        QTest::newRow("socks-target-refused")
            << ProxyType::Socks5 << QStringLiteral("pw") << false << ErrorCode::TimedOut;
        QTest::newRow("http-target-refused")
            << ProxyType::HttpConnect << QStringLiteral("pw") << false << ErrorCode::TimedOut;
    }
    void retryingThroughAProxy()
    {
        QFETCH(ProxyType, type);
        QFETCH(QString, password);
        QFETCH(bool, targetListens);
        QFETCH(ErrorCode, code);
        FdGuard guard;
        {
            auto proxyServer = lab::ProxyServer::start({type, "bob", "pw", lab::ProxyFault::None});
            QVERIFY2(proxyServer, proxyServer ? "" : proxyServer.error().message.c_str());
            auto owner = start();
            QVERIFY(owner);
            // A refusal retried until the deadline would end as TimedOut after 8 s, with many attempts.
            AcquireRequest req = request(targetListens ? ServerKind::Https : ServerKind::Refused,
                                         QStringLiteral("retrier"), targetListens ? 8s : 1500ms);
            req.host = QStringLiteral("localhost");
            req.overrideProxy = true;
            req.proxy = proxyServer.value()->clientOptions("bob", password.toStdString());
            req.retryConnectErrors = true;
            const auto error = failureOf(owner->service()->acquire(req));
            QVERIFY(error);
            QCOMPARE(error->code(), code);
            const auto counters = proxyServer.value()->counters();
            if (targetListens) {
                QCOMPARE(counters.authFailures, 1u);
                QCOMPARE(counters.accepted, 1u);
            } else {
                QVERIFY2(counters.tunnelsRefused >= 2, qPrintable(QString::number(counters.tunnelsRefused)));
                QVERIFY2(QString::fromUtf8(error->what()).contains(QStringLiteral("refused CONNECT to")),
                         error->what());
            }
            owner.reset();
        }
        QCOMPARE(guard.settledLeak(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServiceProxy)
#include "tst_service_proxy.moc"
