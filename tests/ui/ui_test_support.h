#pragma once
// Synthetic snapshot rows for the UI tests (no pool needed).

#include "poolscope/service/service_types.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>
#include <chrono>
#include <string>
#include <vector>

namespace poolscope::test {

inline ConnectionInfo makeConnection(ConnectionId id, ConnectionState state = ConnectionState::InUse,
                                     std::string host = "127.0.0.1", std::uint16_t port = 8080,
                                     bool tls = false, Clock::time_point base = Clock::now())
{
    ConnectionInfo c;
    c.id = id;
    c.handle = static_cast<Handle>(0x10000u | (id & 0xffffu));
    c.host = std::move(host);
    c.port = port;
    c.tls = tls;
    c.key = std::string(tls ? "tls://" : "tcp://") + c.host + ":" + std::to_string(port);
    c.remoteAddress = "127.0.0.1:" + std::to_string(port);
    c.localPort = static_cast<std::uint16_t>(40000 + id % 20000);
    c.state = state;
    c.created = base - std::chrono::seconds(5);
    c.lastUsed = base - std::chrono::seconds(1);
    c.inUseSince = c.lastUsed;
    c.keepAliveDeadline = c.lastUsed + std::chrono::seconds(10);
    c.lifetimeDeadline = Clock::time_point::max();
    c.timings = {100, 250, tls ? 1500 : 0};
    if (tls) {
        c.tlsDetails.version = "TLSv1.3";
        c.tlsDetails.cipher = "TLS_AES_256_GCM_SHA384";
        c.tlsDetails.verified = true;
        c.tlsDetails.verifyResult = "ok";
    }
    return c;
}

inline std::vector<ConnectionInfo> makeConnections(ConnectionId firstId, int count,
                                                   ConnectionState state = ConnectionState::InUse)
{
    std::vector<ConnectionInfo> out;
    out.reserve(static_cast<std::size_t>(count));
    const auto base = Clock::now();
    for (int i = 0; i < count; ++i)
        out.push_back(makeConnection(firstId + static_cast<ConnectionId>(i), state, "127.0.0.1",
                                     static_cast<std::uint16_t>(8000 + i % 7), i % 2 == 1, base));
    return out;
}

/// What this process has open ("3 -> socket:[123]" …), for messages when a descriptor leaks.
inline QString openFdList()
{
    QStringList out;
    const QDir dir(QStringLiteral("/proc/self/fd"));
    for (const QFileInfo& entry : dir.entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot))
        out.append(entry.fileName() + QStringLiteral(" -> ") + entry.symLinkTarget());
    return out.join(QStringLiteral("; "));
}

} // namespace poolscope::test
