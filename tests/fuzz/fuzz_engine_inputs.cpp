// What the engine accepts from callers before any I/O: dial requests (host, port, timeout), DNS
// server strings and pool parameters. Oracle: a valid request's normalised host is a non-empty
// name of at most 253 bytes with no control characters; nothing crashes.
#include "net/resolver.h"
#include "pool/pool_state.h"
#include "poolscope/pool_params.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 8)
        return 0;
    std::uint16_t port = 0;
    std::int32_t timeout = 0;
    std::memcpy(&port, data, 2);
    std::memcpy(&timeout, data + 2, 4);
    const std::string text(reinterpret_cast<const char*>(data + 8), size - 8);

    poolscope::DialRequest request;
    request.host = text;
    request.port = port;
    request.timeout = std::chrono::microseconds(timeout);
    if (poolscope::detail::validateRequest(request).ok()) {
        const auto host = poolscope::detail::normalizeHost(text);
        if (host.empty() || host.size() > 253)
            std::abort();
        for (const char c : host) {
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || (c >= 'A' && c <= 'Z'))
                std::abort();
        }
    }
    (void)poolscope::detail::isIpLiteral(text);
    (void)poolscope::detail::isValidDnsServer(text);

    poolscope::PoolParams params;
    params.maxConnections = static_cast<int>(timeout);
    params.maxPerHost = data[6];
    params.maxKeepAlive = std::chrono::milliseconds(static_cast<std::int16_t>(port));
    params.dnsServers = {text};
    const auto status = params.validate();
    if (!status.ok() && status.error().message.empty())
        std::abort();
    return 0;
}
