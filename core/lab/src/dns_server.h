#pragma once
// The lab's DNS over UDP: names under ".lab.test" resolve to loopback, everything else is
// NXDOMAIN. A silent variant receives queries and never answers.

#include "counters.h"
#include "event_loop.h"
#include "sockets.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace poolscope::lab::detail {

/// The answer to one DNS query message, or nothing when the message is not a well-formed query
/// with exactly one question (such messages are dropped, as a real server would).
[[nodiscard]] std::optional<std::vector<std::uint8_t>> answerDnsQuery(std::span<const std::uint8_t> query);

class DnsServer
{
public:
    DnsServer(EventLoop& loop, bool answers);
    ~DnsServer();
    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

    /// Takes a bound UDP socket and starts serving it.
    Status addSocket(UniqueFd fd);
    [[nodiscard]] const AtomicCounters& counters() const noexcept { return m_counters; }

private:
    class Socket;
    void serve(int fd);

    EventLoop& m_loop;
    bool m_answers;
    AtomicCounters m_counters;
    std::vector<std::unique_ptr<Socket>> m_sockets;
};

} // namespace poolscope::lab::detail
