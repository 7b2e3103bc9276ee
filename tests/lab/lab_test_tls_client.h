#pragma once
// An OpenSSL client for the lab's TLS servers: every verification outcome, version, ALPN and
// resumption is observable, and every wait is bounded.

#include "lab_test_clients.h"

#include <memory>
#include <openssl/ssl.h>
#include <string>
#include <vector>

namespace poolscope::labtest {

struct TlsClientOptions
{
    std::string caPem;      ///< trust anchors; empty: trust nothing
    std::string verifyName; ///< host name or IP literal checked against the certificate; empty: none
    std::string sni = "localhost";
    int minVersion = TLS1_2_VERSION;
    int maxVersion = 0;
    bool securityLevel0 = false; ///< allow TLS 1.0/1.1 (SHA-1) like an old client
    bool verifyPeer = true;
    SSL_SESSION* resume = nullptr; ///< offered for resumption (not owned)
    std::vector<std::string> alpn;
};

class TlsChannel final : public Channel
{
public:
    ~TlsChannel() override;
    /// Connects and handshakes. Always returns a channel; check handshakeOk()/error().
    static std::unique_ptr<TlsChannel> connect(const std::string& ip, std::uint16_t port,
                                               const TlsClientOptions& options,
                                               milliseconds timeout = milliseconds(5000));
    [[nodiscard]] bool handshakeOk() const noexcept { return m_ok; }
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    [[nodiscard]] long verifyResult() const;
    [[nodiscard]] int version() const;
    [[nodiscard]] bool resumed() const;
    [[nodiscard]] std::string alpn() const;
    /// The session for resumption; caller frees it with SSL_SESSION_free.
    [[nodiscard]] SSL_SESSION* takeSession() const;

    long readSome(char* data, std::size_t size, milliseconds timeout) override;
    bool writeAll(std::string_view data, milliseconds timeout) override;
    [[nodiscard]] int fd() const override { return m_fd.get(); }

private:
    TlsChannel() = default;
    Fd m_fd;
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    bool m_ok = false;
    std::string m_error;
};

} // namespace poolscope::labtest
