#pragma once
// A loopback server that misbehaves in one chosen way, for fault-injection tests. One thread,
// connections served one after another; it stops and closes everything when destroyed.

#include <cstdint>
#include <memory>
#include <string>

namespace poolscope::test {

enum class Fault
{
    RstMidResponse,      ///< reads a request, sends half a response, then RST
    CloseInHandshake,    ///< reads the ClientHello, then closes (FIN)
    HalfCloseAfterReply, ///< answers a request fully (keep-alive), then shuts down its write side
    SlowlorisHandshake,  ///< sends a TLS record header one byte every 50 ms, never finishing
    GarbageHello,        ///< answers the ClientHello with bytes that are not TLS
    FatalAlert,          ///< answers the ClientHello with a fatal handshake_failure alert
    AlertWhileIdle,      ///< completes TLS and a request, then sends close_notify while the client idles
};

class FaultServer
{
public:
    explicit FaultServer(Fault fault);
    ~FaultServer();
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    /// PEM of the self-signed certificate the TLS faults use (trust it to get past verification).
    [[nodiscard]] const std::string& certificatePem() const;
    /// Connections the server finished misbehaving on.
    [[nodiscard]] int served() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace poolscope::test
