#pragma once
// DNS messages written and read byte by byte, and one UDP exchange with a bounded wait.

#include "lab_test_clients.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::labtest {

/// A DNS query message for one question, built byte by byte.
[[nodiscard]] std::vector<std::uint8_t> dnsQuery(std::uint16_t id, std::string_view name, std::uint16_t type);

struct DnsReply
{
    std::uint16_t id = 0;
    int rcode = -1;
    int answers = 0;
    std::vector<std::string> addresses; ///< A/AAAA answers in text form
    std::vector<std::uint32_t> ttls;
};
/// Parses the reply; nothing if it is not a DNS response.
[[nodiscard]] std::optional<DnsReply> parseDnsReply(const std::vector<std::uint8_t>& bytes);

/// Sends `query` over UDP to 127.0.0.1:port and waits for one datagram; nothing on time-out.
[[nodiscard]] std::optional<std::vector<std::uint8_t>>
udpExchange(std::uint16_t port, const std::vector<std::uint8_t>& query, milliseconds timeout);

} // namespace poolscope::labtest
