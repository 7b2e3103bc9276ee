#pragma once
// The UI diff's input, shared by the timed section (ui_diff.cpp) and the counting harness
// (ui_count.cpp): 10,000 connections over 1,000 hosts, half of them TLS, and the same table
// with every tenth row changed the way a busy pool changes it between two publishes.
#include "poolscope/pool_types.h"

#include <chrono>
#include <cstdio>
#include <vector>

namespace poolscope::bench {

inline constexpr int kUiRows = 10'000;

/// Main thread or any; builds a fresh vector each call.
inline std::vector<ConnectionInfo> makeUiSnapshot(Clock::time_point now)
{
    std::vector<ConnectionInfo> rows(kUiRows);
    for (int i = 0; i < kUiRows; ++i) {
        ConnectionInfo& c = rows[static_cast<std::size_t>(i)];
        c.id = static_cast<ConnectionId>(i + 1);
        c.handle = static_cast<Handle>((1u << 16) | static_cast<unsigned>(i));
        const int hostIndex = i % 1000;
        char host[32];
        std::snprintf(host, sizeof host, "k%d.lab.test", hostIndex);
        c.host = host;
        c.port = 443;
        c.tls = i % 2 == 0;
        c.key = c.tls ? "tls://" : "tcp://";
        c.key.append(c.host).append(":443");
        c.remoteAddress = "127.0.0.1:443";
        c.localPort = static_cast<std::uint16_t>(20000 + i);
        c.state = i % 4 == 0 ? ConnectionState::InUse : ConnectionState::Idle;
        c.created = now - std::chrono::seconds(60);
        c.lastUsed = now - std::chrono::milliseconds(i % 5000);
        c.keepAliveDeadline = c.lastUsed + std::chrono::seconds(10);
        c.lifetimeDeadline = Clock::time_point::max();
        c.reuseCount = static_cast<std::uint32_t>(i % 17);
        if (c.tls) {
            c.tlsDetails.version = "TLSv1.3";
            c.tlsDetails.cipher = "TLS_AES_256_GCM_SHA384";
            c.tlsDetails.verified = true;
            c.tlsDetails.resumed = i % 3 == 0;
            c.tlsDetails.peerSubject = "CN=localhost";
            c.tlsDetails.peerIssuer = "CN=PoolScope Lab CA";
            c.tlsDetails.verifyResult = "ok";
        }
        c.timings = {10, 40, c.tls ? 900 : 0};
    }
    return rows;
}

/// Every tenth row changes: in use ↔ idle, used again, one more reuse.
inline std::vector<ConnectionInfo> changeTenPercent(std::vector<ConnectionInfo> rows, Clock::time_point now)
{
    for (std::size_t i = 0; i < rows.size(); i += 10) {
        ConnectionInfo& c = rows[i];
        c.state = c.state == ConnectionState::Idle ? ConnectionState::InUse : ConnectionState::Idle;
        c.lastUsed = now;
        c.keepAliveDeadline = now + std::chrono::seconds(10);
        ++c.reuseCount;
    }
    return rows;
}

} // namespace poolscope::bench
