#pragma once
// Shared by the engine_net sources: the test class and small helpers. Test-only header.

#include "fd_guard.h"
#include "net/connector.h"
#include "net/dial_control.h"
#include "net/platform/socket_api.h"
#include "net/resolver.h"
#include "net_test_support.h"
#include "test_platform.h"
#include "tls/tls_client.h"

#include <QtTest>
#include <chrono>
#include <memory>
#include <string_view>

namespace poolscope::test::net {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline constexpr int kSlackMs = 100; // scheduling slack on a loaded 2-core CI machine
inline constexpr int kCancelBoundMs = 50 + kSlackMs;
inline constexpr int kAresServFail = 3;     // ARES_ESERVFAIL
inline constexpr int kAresNotFound = 4;     // ARES_ENOTFOUND
inline constexpr int kAresConnRefused = 11; // ARES_ECONNREFUSED

inline QByteArray fromView(std::string_view v)
{
    return QByteArray(v.data(), static_cast<qsizetype>(v.size()));
}

inline QByteArray explain(const Error& e)
{
    return fromView(poolscope::describe(e.code)) + " / " + fromView(poolscope::describe(e.phase)) +
           " / sys=" + QByteArray::number(e.systemError) +
           " / verify=" + QByteArray::number(e.tlsVerifyResult) + " / alert='" +
           QByteArray::fromStdString(e.tlsAlert) + "' / " + QByteArray::fromStdString(e.message);
}

template <class T> QByteArray explain(const Result<T>& r)
{
    return r.ok() ? QByteArray("ok") : explain(r.error());
}

inline qint64 msSince(Clock::time_point start)
{
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

inline Clock::rep nowTicks()
{
    return Clock::now().time_since_epoch().count();
}

inline qint64 msBetween(Clock::rep from, Clock::rep to)
{
    return std::chrono::duration_cast<milliseconds>(Clock::duration(to - from)).count();
}

inline detail::DialControl withDeadline(milliseconds budget)
{
    detail::DialControl c;
    c.deadline = Clock::now() + budget;
    return c;
}

} // namespace poolscope::test::net

#define EXPECT_ERROR(result, expectedCode)                                                                   \
    do {                                                                                                     \
        QVERIFY2(!(result).ok(), "expected a failure");                                                      \
        QVERIFY2((result).error().code == (expectedCode),                                                    \
                 poolscope::test::net::explain(result).constData());                                         \
    } while (false)

class TestEngineNet : public QObject
{
    Q_OBJECT

private:
    // No pool or lab holds the socket library open here (WSAStartup on Windows).
    poolscope::detail::sys::Runtime m_sockets;
    poolscope::test::TestPki m_pki;

    static std::shared_ptr<poolscope::detail::TlsClientContext>
    clientContext(const poolscope::TlsOptions& options)
    {
        auto ctx = poolscope::detail::TlsClientContext::create(options);
        return ctx.ok() ? ctx.value() : nullptr;
    }
    [[nodiscard]] poolscope::TlsOptions trustingOptions() const
    {
        poolscope::TlsOptions o;
        o.extraCaPem = m_pki.caPem;
        return o;
    }

private slots:
    void initTestCase();

    void dialControl();
    void ipLiteral_data();
    void ipLiteral();
    void dnsServerString_data();
    void dnsServerString();

    void resolveLiteral_data();
    void resolveLiteral();
    void resolveInvalidHost_data();
    void resolveInvalidHost();
    void resolveLocalhostFromHostsFile();
    void resolveViaLocalDns_data();
    void resolveViaLocalDns();
    void resolveNxdomain();
    void resolveServerFailure();
    void resolveTimesOut();
    void resolveCancelled_data();
    void resolveCancelled();

    void connectRefused();
    void connectSucceeds_data();
    void connectSucceeds();
    void connectFailsOverImmediately();
    void connectStaggersPastHangingAddress();
    void connectTimesOut();
    void connectCancelled();

    void handshakeSucceeds_data();
    void handshakeSucceeds();
    void handshakeRejects_data();
    void handshakeRejects();
    void handshakeWithoutVerification();
    void handshakeAgainstPlainServer();
    void handshakePeerCloses_data();
    void handshakePeerCloses();
    void handshakeTimesOut();
    void handshakeCancelled();
    void sessionResumption_data();
    void sessionResumption();
    void closeNotifyReachesPeer();
    void noSigpipeOnResetPeer();
    void badContextOptions_data();
    void badContextOptions();

    void plainLiveness_data();
    void plainLiveness();
    void tlsLiveness_data();
    void tlsLiveness();
};
