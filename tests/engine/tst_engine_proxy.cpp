// Dials through proxies (HTTP CONNECT and SOCKS5, with and without authentication) against the
// lab's own proxy, which forwards to loopback only: tunnels, TLS verified against the TARGET, the
// reuse key, per-dial overrides, and every way a proxy can fail — each with a clear error, no
// leaked descriptor, and a password that never shows.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "poolscope/lab/proxy_server.h"
#include "poolscope/reuse_key.h"
#include "qtest_printers.h"
#include "timing.h"

#include <QElapsedTimer>
#include <QtTest>
#include <map>
#include <optional>

using namespace std::chrono_literals;
using poolscope::ConnectionPool;
using poolscope::DialPhase;
using poolscope::DialRequest;
using poolscope::ErrorCode;
using poolscope::PoolParams;
using poolscope::ProxyOptions;
using poolscope::ProxyType;
using poolscope::lab::ProxyFault;
using poolscope::lab::ProxyServer;
using poolscope::lab::ProxyServerOptions;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::loopbackParams;
using poolscope::test::makePool;
using poolscope::test::sharedLab;

Q_DECLARE_METATYPE(poolscope::ProxyType)
Q_DECLARE_METATYPE(poolscope::lab::ProxyFault)
Q_DECLARE_METATYPE(poolscope::ErrorCode)
Q_DECLARE_METATYPE(poolscope::DialPhase)

namespace {

constexpr const char* kUser = "alice";
constexpr const char* kPassword = "s3cr3t-Pa55";

/// A dial to the lab's Http (plain) or Https (TLS, lab CA trusted) server by name, through `proxy`.
DialRequest proxiedRequest(const ProxyOptions& proxy, bool tls, std::string host = "localhost")
{
    DialRequest request;
    request.host = std::move(host);
    request.port = sharedLab().port(tls ? ServerKind::Https : ServerKind::Http);
    request.tls = tls;
    request.timeout = 5s;
    if (tls) {
        request.overrideTls = true;
        request.tlsOptions = sharedLab().trustingTls();
    }
    request.overrideProxy = true;
    request.proxy = proxy;
    return request;
}

bool contains(const std::string& text, const char* what)
{
    return text.find(what) != std::string::npos;
}

} // namespace

class TestEngineProxy : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;
    // Started once for the suite (before any test's descriptor count).
    std::map<std::pair<ProxyType, bool>, std::unique_ptr<ProxyServer>> m_proxies; // (type, auth)
    std::map<std::pair<ProxyType, ProxyFault>, std::unique_ptr<ProxyServer>> m_faulty;

    ProxyServer& proxy(ProxyType type, bool auth) { return *m_proxies.at({type, auth}); }

private Q_SLOTS:
    void initTestCase()
    {
        (void)sharedLab();
        for (const ProxyType type : {ProxyType::HttpConnect, ProxyType::Socks5}) {
            for (const bool auth : {false, true}) {
                ProxyServerOptions options;
                options.type = type;
                if (auth) {
                    options.username = kUser;
                    options.password = kPassword;
                }
                auto server = ProxyServer::start(options);
                QVERIFY2(server, server ? "" : server.error().message.c_str());
                m_proxies[{type, auth}] = std::move(server).value();
            }
            for (const ProxyFault fault :
                 {ProxyFault::CloseEarly, ProxyFault::Garbage, ProxyFault::OversizedHeader,
                  ProxyFault::BadVersion, ProxyFault::Silent}) {
                auto server = ProxyServer::start({type, {}, {}, fault});
                QVERIFY2(server, server ? "" : server.error().message.c_str());
                m_faulty[{type, fault}] = std::move(server).value();
            }
        }
    }
    void cleanupTestCase()
    {
        m_faulty.clear();
        m_proxies.clear();
    }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void tunnel_data()
    {
        QTest::addColumn<ProxyType>("type");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("auth"); // none / ok / wrong / missing
        QTest::addColumn<QString>("host");
        for (const auto& [type, typeName] :
             {std::pair{ProxyType::HttpConnect, "http"}, {ProxyType::Socks5, "socks5"}}) {
            for (const bool tls : {false, true}) {
                for (const char* auth : {"none", "ok", "wrong", "missing"}) {
                    // Names and literals both: SOCKS5 sends a name as ATYP 3, a literal as ATYP 1.
                    const char* host = std::string_view(auth) == "ok" ? "127.0.0.1" : "localhost";
                    QTest::addRow("%s-%s-%s", typeName, tls ? "tls" : "plain", auth)
                        << type << tls << QString::fromLatin1(auth) << QString::fromLatin1(host);
                }
            }
        }
    }
    void tunnel()
    {
        QFETCH(ProxyType, type);
        QFETCH(bool, tls);
        QFETCH(QString, auth);
        QFETCH(QString, host);
        const bool needsAuth = auth != QLatin1String("none");
        ProxyServer& server = proxy(type, needsAuth);
        ProxyOptions options = server.clientOptions();
        if (auth == QLatin1String("ok"))
            options = server.clientOptions(kUser, kPassword);
        else if (auth == QLatin1String("wrong"))
            options = server.clientOptions(kUser, "not-the-password");
        const auto before = server.counters();

        auto pool = makePool();
        auto lease = pool.dial(proxiedRequest(options, tls, host.toStdString()));
        const auto after = server.counters();
        QCOMPARE(after.accepted, before.accepted + 1);
        if (auth == QLatin1String("wrong") || auth == QLatin1String("missing")) {
            QVERIFY(!lease);
            const auto& error = lease.error();
            QCOMPARE(error.code, ErrorCode::ProxyFailed);
            QCOMPARE(error.phase, DialPhase::Proxy);
            QVERIFY2(contains(error.message, "proxy 127.0.0.1:"), error.message.c_str());
            if (type == ProxyType::HttpConnect)
                QVERIFY2(contains(error.message, "407 Proxy Authentication Required"), error.message.c_str());
            else if (auth == QLatin1String("wrong"))
                QVERIFY2(contains(error.message, "rejected the username or password"), error.message.c_str());
            else
                QVERIFY2(contains(error.message, "requires authentication"), error.message.c_str());
            QVERIFY(!contains(error.message, kPassword) && !contains(error.message, "not-the-password"));
            QCOMPARE(after.authFailures, before.authFailures + 1);
            QCOMPARE(after.tunnelsOpened, before.tunnelsOpened);
            const auto stats = pool.stats();
            QCOMPARE(stats.connectsSucceeded, 0u);
            QCOMPARE(stats.socketErrors, 1u);
            QCOMPARE(stats.connecting + stats.inUse + stats.idle, 0);
            return;
        }
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QCOMPARE(after.tunnelsOpened, before.tunnelsOpened + 1);
        const auto info = lease->info();
        QVERIFY(info);
        // Connected to the proxy; verified (TLS) against the target's name, not the proxy's.
        QCOMPARE(info->remoteAddress, "127.0.0.1:" + std::to_string(server.port()));
        QVERIFY(info->timings.proxyUs > 0);
        if (tls) {
            QVERIFY(info->tlsDetails.verified);
            QCOMPARE(info->tlsDetails.serverName,
                     host == QLatin1String("localhost") ? std::string("localhost") : std::string());
        }
        QVERIFY2(poolscope::keyIsProxied(info->key), info->key.c_str());
        QVERIFY(!contains(info->key, kPassword));
        std::string error;
        QVERIFY2(poolscope::test::httpGet(lease.value(), "/", &error).rfind("HTTP/1.1 200", 0) == 0,
                 error.c_str());
    }

    void reuseKeyIncludesTheProxy()
    {
        auto pool = makePool();
        ProxyServer& http = proxy(ProxyType::HttpConnect, false);
        ProxyServer& socks = proxy(ProxyType::Socks5, false);
        const auto httpBefore = http.counters().tunnelsOpened;
        const auto socksBefore = socks.counters().tunnelsOpened;
        std::string firstKey;
        {
            auto lease = pool.dial(proxiedRequest(http.clientOptions(), false));
            QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
            QVERIFY(!poolscope::test::httpGet(lease.value()).empty());
            firstKey = lease->info()->key;
        }
        QCOMPARE(firstKey, "tcp://localhost:" + std::to_string(sharedLab().port(ServerKind::Http)) +
                               " via http://127.0.0.1:" + std::to_string(http.port()));
        {
            auto again = pool.dial(proxiedRequest(http.clientOptions(), false));
            QVERIFY(again);
            QVERIFY(again->reused());
            QVERIFY(!poolscope::test::httpGet(again.value()).empty());
        }
        QCOMPARE(http.counters().tunnelsOpened, httpBefore + 1);
        {
            ProxyOptions none;
            auto direct = pool.dial(proxiedRequest(none, false, "127.0.0.1"));
            QVERIFY2(direct, direct ? "" : direct.error().message.c_str());
            QVERIFY(!direct->reused());
            QVERIFY(!poolscope::keyIsProxied(direct->info()->key));
            auto viaSocks = pool.dial(proxiedRequest(socks.clientOptions(), false));
            QVERIFY(viaSocks);
            QVERIFY(!viaSocks->reused());
            QVERIFY(viaSocks->info()->key != firstKey);
        }
        QCOMPARE(socks.counters().tunnelsOpened, socksBefore + 1);
        QCOMPARE(http.counters().tunnelsOpened, httpBefore + 1);
        QCOMPARE(pool.stats().reuses, 1u);
    }

    void perDialOverrideBeatsThePool()
    {
        ProxyServer& http = proxy(ProxyType::HttpConnect, false);
        ProxyServer& socks = proxy(ProxyType::Socks5, true);
        PoolParams params = loopbackParams();
        params.proxy = socks.clientOptions(kUser, kPassword);
        auto pool = makePool(params);
        const auto httpBefore = http.counters().tunnelsOpened;
        const auto socksBefore = socks.counters().tunnelsOpened;

        DialRequest viaPool = proxiedRequest({}, true);
        viaPool.overrideProxy = false; // the pool's SOCKS5 proxy
        auto a = pool.dial(viaPool);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(socks.counters().tunnelsOpened, socksBefore + 1);
        QVERIFY2(contains(a->info()->key, "via socks5://alice@127.0.0.1:"), a->info()->key.c_str());
        QVERIFY(!contains(a->info()->key, kPassword));

        auto b = pool.dial(proxiedRequest(http.clientOptions(), true)); // the dial's HTTP proxy
        QVERIFY2(b, b ? "" : b.error().message.c_str());
        QCOMPARE(http.counters().tunnelsOpened, httpBefore + 1);

        auto c = pool.dial(proxiedRequest({}, true, "127.0.0.1")); // overridden with none: direct
        QVERIFY2(c, c ? "" : c.error().message.c_str());
        QCOMPARE(c->info()->remoteAddress,
                 "127.0.0.1:" + std::to_string(sharedLab().port(ServerKind::Https)));
        QCOMPARE(socks.counters().tunnelsOpened, socksBefore + 1);
        QCOMPARE(http.counters().tunnelsOpened, httpBefore + 1);
        for (const auto& row : pool.snapshot())
            QVERIFY(!contains(row.key, kPassword));
    }

    void proxyRefusesTheTarget_data()
    {
        QTest::addColumn<ProxyType>("type");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("expected");
        // The proxy's own refusals are ProxyFailed (a retry gets the same answer); a target nothing
        // listens on is the target's code, as a direct dial reports it.
        QTest::addColumn<ErrorCode>("code");
        const int refused = sharedLab().port(ServerKind::Refused);
        // The lab proxy never connects off loopback: these names and addresses are refused by it.
        // The addresses are from 0.0.0.0/8 ("this network", never routed), so even a proxy that
        // failed to refuse them could not send a packet off the machine.
        QTest::newRow("http-public-name") << ProxyType::HttpConnect << QStringLiteral("public.example") << 80
                                          << QStringLiteral("403 Forbidden") << ErrorCode::ProxyFailed;
        QTest::newRow("http-non-loopback-ip") << ProxyType::HttpConnect << QStringLiteral("0.0.0.1") << 80
                                              << QStringLiteral("403 Forbidden") << ErrorCode::ProxyFailed;
        QTest::newRow("http-nothing-listens")
            << ProxyType::HttpConnect << QStringLiteral("127.0.0.1") << refused
            << QStringLiteral("502 Bad Gateway") << ErrorCode::ConnectionRefused;
        QTest::newRow("socks-public-name")
            << ProxyType::Socks5 << QStringLiteral("public.example") << 80
            << QStringLiteral("connection not allowed by ruleset") << ErrorCode::ProxyFailed;
        QTest::newRow("socks-non-loopback-ip")
            << ProxyType::Socks5 << QStringLiteral("0.0.0.2") << 80
            << QStringLiteral("connection not allowed by ruleset") << ErrorCode::ProxyFailed;
        QTest::newRow("socks-nothing-listens")
            << ProxyType::Socks5 << QStringLiteral("127.0.0.1") << refused
            << QStringLiteral("connection refused") << ErrorCode::ConnectionRefused;
    }
    void proxyRefusesTheTarget()
    {
        QFETCH(ProxyType, type);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, expected);
        QFETCH(ErrorCode, code);
        ProxyServer& server = proxy(type, false);
        const auto before = server.counters().tunnelsRefused;
        auto pool = makePool();
        DialRequest request = proxiedRequest(server.clientOptions(), false, host.toStdString());
        request.port = static_cast<std::uint16_t>(port);
        auto lease = pool.dial(request);
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, code);
        QCOMPARE(lease.error().phase, DialPhase::Proxy);
        QVERIFY2(contains(lease.error().message, "refused CONNECT to "), lease.error().message.c_str());
        QVERIFY2(contains(lease.error().message, expected.toUtf8().constData()),
                 lease.error().message.c_str());
        QCOMPARE(server.counters().tunnelsRefused, before + 1);
    }

    void misbehavingProxy_data()
    {
        QTest::addColumn<ProxyType>("type");
        QTest::addColumn<ProxyFault>("fault");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("expected");
        // The connection to the proxy breaking is the transport's code, as on any connection.
        QTest::newRow("http-closes") << ProxyType::HttpConnect << ProxyFault::CloseEarly
                                     << ErrorCode::UnexpectedEof
                                     << QStringLiteral("closed the connection during the tunnel handshake");
        QTest::newRow("socks-closes")
            << ProxyType::Socks5 << ProxyFault::CloseEarly << ErrorCode::UnexpectedEof
            << QStringLiteral("closed the connection during the tunnel handshake");
        QTest::newRow("http-garbage")
            << ProxyType::HttpConnect << ProxyFault::Garbage << ErrorCode::ProxyFailed
            << QStringLiteral("not an HTTP reply: \"SSH-2.0-NotAProxy\"");
        QTest::newRow("socks-garbage") << ProxyType::Socks5 << ProxyFault::Garbage << ErrorCode::ProxyFailed
                                       << QStringLiteral("is not a SOCKS5 proxy");
        QTest::newRow("http-oversized-header")
            << ProxyType::HttpConnect << ProxyFault::OversizedHeader << ErrorCode::ProxyFailed
            << QStringLiteral("reply header longer than 8192 bytes");
        QTest::newRow("socks-bad-version")
            << ProxyType::Socks5 << ProxyFault::BadVersion << ErrorCode::ProxyFailed
            << QStringLiteral("its reply has version 4");
        QTest::newRow("http-silent") << ProxyType::HttpConnect << ProxyFault::Silent << ErrorCode::TimedOut
                                     << QStringLiteral("timed out");
        QTest::newRow("socks-silent")
            << ProxyType::Socks5 << ProxyFault::Silent << ErrorCode::TimedOut << QStringLiteral("timed out");
    }
    void misbehavingProxy()
    {
        QFETCH(ProxyType, type);
        QFETCH(ProxyFault, fault);
        QFETCH(ErrorCode, code);
        QFETCH(QString, expected);
        ProxyServer& server = *m_faulty.at({type, fault});
        auto pool = makePool();
        DialRequest request = proxiedRequest(server.clientOptions(), true);
        request.timeout = 300ms;
        QElapsedTimer timer;
        timer.start();
        auto lease = pool.dial(request);
        const auto elapsed = timer.elapsed();
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, code);
        QCOMPARE(lease.error().phase, DialPhase::Proxy);
        QVERIFY2(
            contains(lease.error().message, ("proxy 127.0.0.1:" + std::to_string(server.port())).c_str()),
            lease.error().message.c_str());
        QVERIFY2(contains(lease.error().message, expected.toUtf8().constData()),
                 lease.error().message.c_str());
        QVERIFY2(elapsed < poolscope::test::withSlack(300, 300), qPrintable(QString::number(elapsed)));
        const auto stats = pool.stats();
        QCOMPARE(stats.connectsStarted, 1u);
        QCOMPARE(stats.connectsSucceeded, 0u);
        QCOMPARE(stats.socketErrors + stats.timeouts, 1u);
        QCOMPARE(stats.connecting + stats.inUse + stats.idle, 0);
        QCOMPARE(server.counters().tunnelsOpened, 0u);
    }

    void proxyThatRefusesTcp()
    {
        auto pool = makePool();
        ProxyOptions options;
        options.type = ProxyType::Socks5;
        options.host = "127.0.0.1";
        options.port = sharedLab().port(ServerKind::Refused);
        auto lease = pool.dial(proxiedRequest(options, false));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::ConnectionRefused);
        QCOMPARE(lease.error().phase, DialPhase::Connect);
        QCOMPARE(pool.stats().socketErrors, 1u);
        QCOMPARE(pool.stats().connecting, 0);
    }

    void invalidOptions_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("expected");
        const int http = int(ProxyType::HttpConnect), socks = int(ProxyType::Socks5);
        QTest::newRow("no-host") << http << QString() << 8080 << QString() << QString()
                                 << QStringLiteral("proxy host is empty");
        QTest::newRow("port-0") << socks << QStringLiteral("127.0.0.1") << 0 << QString() << QString()
                                << QStringLiteral("proxy port must be between 1 and 65535");
        QTest::newRow("bracketed-host") << socks << QStringLiteral("[::1]") << 1080 << QString() << QString()
                                        << QStringLiteral("is not a host name or IP address");
        QTest::newRow("password-without-user")
            << socks << QStringLiteral("127.0.0.1") << 1080 << QString() << QStringLiteral("hunter2")
            << QStringLiteral("without a username");
        QTest::newRow("colon-in-http-user")
            << http << QStringLiteral("127.0.0.1") << 8080 << QStringLiteral("a:b")
            << QStringLiteral("hunter2") << QStringLiteral("must not contain ':'");
        QTest::newRow("control-in-password")
            << http << QStringLiteral("127.0.0.1") << 8080 << QStringLiteral("a")
            << QStringLiteral("hunter2\n") << QStringLiteral("control character");
        QTest::newRow("long-user") << socks << QStringLiteral("127.0.0.1") << 1080
                                   << QString(256, QLatin1Char('u')) << QString()
                                   << QStringLiteral("longer than 255 bytes");
        QTest::newRow("unknown-type") << 7 << QStringLiteral("127.0.0.1") << 1080 << QString() << QString()
                                      << QStringLiteral("proxy type");
    }
    void invalidOptions()
    {
        QFETCH(int, type);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(QString, expected);
        ProxyOptions options;
        options.type = static_cast<ProxyType>(type);
        options.host = host.toStdString();
        options.port = static_cast<std::uint16_t>(port);
        options.username = username.toStdString();
        options.password = password.toStdString();
        const auto status = options.validate();
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(contains(status.error().message, expected.toUtf8().constData()),
                 status.error().message.c_str());
        QVERIFY(password.isEmpty() || !contains(status.error().message, "hunter2"));

        // The same options are refused by the pool (creation) and by a dial that overrides.
        PoolParams params = loopbackParams();
        params.proxy = options;
        auto pool = ConnectionPool::create(params);
        QVERIFY(!pool);
        QVERIFY2(contains(pool.error().message, "proxy"), pool.error().message.c_str());
        auto good = makePool();
        auto lease = good.dial(proxiedRequest(options, false));
        QVERIFY(!lease);
        QCOMPARE(lease.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(good.stats().connectsStarted, 0u);
    }

    void ipv6TargetThroughSocks()
    {
        const auto port6 = sharedLab().server(ServerKind::Http).port6;
        if (port6 == 0)
            QSKIP("no IPv6 loopback here");
        ProxyServer& socks = proxy(ProxyType::Socks5, false);
        const auto before = socks.counters().tunnelsOpened;
        auto pool = makePool();
        DialRequest request = proxiedRequest(socks.clientOptions(), false, "::1");
        request.port = port6;
        auto lease = pool.dial(request);
        QVERIFY2(lease, lease ? "" : lease.error().message.c_str());
        QCOMPARE(socks.counters().tunnelsOpened, before + 1);
        QVERIFY2(contains(lease->info()->key, "tcp://[::1]:"), lease->info()->key.c_str());
        QVERIFY(!poolscope::test::httpGet(lease.value()).empty());
    }
};

QTEST_GUILESS_MAIN(TestEngineProxy)
#include "tst_engine_proxy.moc"
