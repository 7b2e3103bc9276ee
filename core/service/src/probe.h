#pragma once
// The probe: one HTTP/1.1 request (HEAD or GET) on a leased connection, the whole response read
// with bounded size and time. Blocking: runs on the service's dial threads, never on the worker.

#include "poolscope/connection_pool.h"
#include "poolscope/service/service_types.h"

#include <atomic>
#include <chrono>
#include <string>

namespace poolscope::detail {

struct ProbeSpec
{
    std::string method = "HEAD";
    std::string path = "/";
    std::string hostHeader;                        ///< "host" or "host:port"
    std::chrono::milliseconds timeout{5'000};      ///< write + read
    std::int64_t maxBytes = std::int64_t{4} << 20; ///< body bound (the head is bounded separately)
};

struct ProbeOutcome
{
    Error error; ///< Ok, or why the exchange failed (then the connection is closed)
    ProbeResult result;
    bool mustClose = true; ///< the connection cannot go back to the pool
};

/// Empty when method and path are acceptable (HEAD/GET, origin-form path without CR/LF/space).
[[nodiscard]] QString validateProbeRequest(const QString& method, const QString& path);
/// The Host header value: the port is omitted when it is the scheme's default.
[[nodiscard]] std::string probeHostHeader(const QString& host, quint16 port, bool tls);
[[nodiscard]] std::string buildProbeRequest(const ProbeSpec& spec);
/// Sends the request and reads the response; `stop` aborts within ~100 ms.
[[nodiscard]] ProbeOutcome runProbe(PooledConnection& connection, const ProbeSpec& spec,
                                    const std::atomic<bool>& stop);

} // namespace poolscope::detail
