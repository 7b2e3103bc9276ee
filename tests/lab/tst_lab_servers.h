#pragma once
// Every lab server proved to behave as named: with this test's own socket/OpenSSL clients and
// with independent ones (openssl s_client, curl). Each test gets a fresh Lab and ends with no
// descriptor leaked (checked in cleanup(); where descriptors can be counted).

#include "fd_guard.h"
#include "lab_test_clients.h"
#include "lab_test_dns.h"
#include "lab_test_tls_client.h"
#include "poolscope/lab/lab.h"

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <optional>

Q_DECLARE_METATYPE(poolscope::lab::ServerKind)
Q_DECLARE_METATYPE(poolscope::lab::LabPoller)

class TestLabServers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // tst_lab_servers.cpp
    void startsFastAndLeavesNoDescriptor();
    void serverTable_data();
    void serverTable();
    void destroyingLabWithOpenConnectionsLeavesNoDescriptor();
    void startFailureIsAnErrorNotACrash();
    void pollerBackends_data();
    void pollerBackends();
    void pollerFromEnvironment();
    void pollerAutoAndEpollByPlatform();
    void pollBackendDisablesAClosedDescriptor();

    // tst_lab_http.cpp
    void httpKeepAliveServesSeveralRequests();
    void httpPipelinedRequestsAnsweredInOrder();
    void httpConnectionCloseHonoured_data();
    void httpConnectionCloseHonoured();
    void httpHeadHasNoBody();
    void httpBytes_data();
    void httpBytes();
    void httpMalformedGets400_data();
    void httpMalformedGets400();
    void httpClosesIdleKeepAlive();
    void httpOverIpv6();
    void echoEchoes();

    // tst_lab_tls.cpp
    void tlsVerification_data();
    void tlsVerification();
    void httpsServesHttpWithAlpn();
    void tlsSessionsResume_data();
    void tlsSessionsResume();
    void tls12OnlyNegotiatesTls12();
    void legacyTlsRefusedByModernClient();
    void plainOnTlsPortFailsHandshake();

    // tst_lab_network.cpp
    void silentSendsNothing();
    void idleCloserClosesAfterIdleLimit();
    void idleCloserLimitChangesAtRuntime();
    void resetterResets();
    void refusedRefuses_data();
    void refusedRefuses();
    void ipv4PortsRefuseOnIpv6();
    void dnsAnswers_data();
    void dnsAnswers();
    void dnsIgnoresMalformed();
    void dnsSilentNeverAnswers();
    void thousandConcurrentConnections();

    // tst_lab_external_clients.cpp
    void opensslClient_data();
    void opensslClient();
    void curlClient_data();
    void curlClient();
    void curlReusesKeepAliveConnection();

private:
    /// Replaces the per-test lab with one started with `options`.
    bool restartLab(const poolscope::lab::LabOptions& options);
    /// The current lab's CA as a PEM file for the command-line clients.
    [[nodiscard]] QString writeCaFile();
    [[nodiscard]] poolscope::labtest::TlsClientOptions trustingClient() const;

    /// The socket library for the test's own clients (WSAStartup on Windows), which outlive a lab.
    poolscope::detail::sys::Runtime m_runtime;
    std::unique_ptr<poolscope::lab::Lab> m_lab;
    std::optional<poolscope::test::FdGuard> m_guard;
    QTemporaryDir m_dir;
    qint64 m_coldStartMs = -1;
    QString m_openssl;
    QString m_curl;
};

/// std::string → QByteArray, for readable QCOMPARE failures.
inline QByteArray qb(const std::string& s)
{
    return QByteArray::fromStdString(s);
}
