#include "lab_test_dns.h"

#include <arpa/inet.h>
#include <array>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

namespace poolscope::labtest {

std::vector<std::uint8_t> dnsQuery(std::uint16_t id, std::string_view name, std::uint16_t type)
{
    std::vector<std::uint8_t> q = {
        static_cast<std::uint8_t>(id >> 8),
        static_cast<std::uint8_t>(id & 0xFF),
        0x01,
        0x00, // RD
        0x00,
        0x01, // QDCOUNT
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
    };
    while (!name.empty()) {
        const auto dot = name.find('.');
        const std::string_view label = name.substr(0, dot);
        q.push_back(static_cast<std::uint8_t>(label.size()));
        q.insert(q.end(), label.begin(), label.end());
        name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    }
    q.push_back(0);
    q.push_back(static_cast<std::uint8_t>(type >> 8));
    q.push_back(static_cast<std::uint8_t>(type & 0xFF));
    q.push_back(0x00);
    q.push_back(0x01); // IN
    return q;
}

std::optional<DnsReply> parseDnsReply(const std::vector<std::uint8_t>& bytes)
{
    if (bytes.size() < 12 || (bytes[2] & 0x80) == 0)
        return std::nullopt;
    auto read16 = [&](std::size_t at) {
        return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
    };
    DnsReply reply;
    reply.id = read16(0);
    reply.rcode = bytes[3] & 0x0F;
    reply.answers = read16(6);
    std::size_t at = 12;
    auto skipName = [&]() {
        while (at < bytes.size()) {
            const std::uint8_t len = bytes[at];
            if ((len & 0xC0) == 0xC0) {
                at += 2;
                return;
            }
            at += 1u + len;
            if (len == 0)
                return;
        }
    };
    for (int i = 0; i < read16(4); ++i) {
        skipName();
        at += 4;
    }
    for (int i = 0; i < reply.answers && at < bytes.size(); ++i) {
        skipName();
        if (at + 10 > bytes.size())
            return std::nullopt;
        const std::uint16_t type = read16(at);
        const auto ttl = static_cast<std::uint32_t>((read16(at + 4) << 16) | read16(at + 6));
        const std::uint16_t rdLength = read16(at + 8);
        at += 10;
        if (at + rdLength > bytes.size())
            return std::nullopt;
        std::array<char, INET6_ADDRSTRLEN> text{};
        if (type == 1 && rdLength == 4)
            ::inet_ntop(AF_INET, bytes.data() + at, text.data(), text.size());
        else if (type == 28 && rdLength == 16)
            ::inet_ntop(AF_INET6, bytes.data() + at, text.data(), text.size());
        reply.addresses.emplace_back(text.data());
        reply.ttls.push_back(ttl);
        at += rdLength;
    }
    return reply;
}

std::optional<std::vector<std::uint8_t>>
udpExchange(std::uint16_t port, const std::vector<std::uint8_t>& query, milliseconds timeout)
{
    Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::sendto(fd.get(), query.data(), query.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) <
        0)
        return std::nullopt;
    if (waitFor(fd.get(), POLLIN, timeout) != Wait::Ready)
        return std::nullopt;
    std::vector<std::uint8_t> reply(1500);
    const ssize_t n = ::recv(fd.get(), reply.data(), reply.size(), 0);
    if (n < 0)
        return std::nullopt;
    reply.resize(static_cast<std::size_t>(n));
    return reply;
}

} // namespace poolscope::labtest
