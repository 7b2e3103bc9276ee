#include "lab_test_dns.h"

#include <array>
#include <cstdio>

namespace poolscope::labtest {

namespace {

/// An A or AAAA record's address in the usual text form (RFC 5952 for IPv6: lower-case hex, the
/// longest run of two or more zero groups, the first of equal ones, written "::").
std::string addressText(const std::uint8_t* bytes, std::size_t length)
{
    std::array<char, 8> part{};
    std::string text;
    if (length == 4) {
        for (std::size_t i = 0; i < 4; ++i) {
            std::snprintf(part.data(), part.size(), i == 0 ? "%u" : ".%u", static_cast<unsigned>(bytes[i]));
            text += part.data();
        }
        return text;
    }
    std::array<unsigned, 8> groups{};
    for (std::size_t i = 0; i < 8; ++i)
        groups[i] = (static_cast<unsigned>(bytes[2 * i]) << 8) | bytes[2 * i + 1];
    std::size_t bestStart = 8;
    std::size_t bestLength = 1;
    for (std::size_t i = 0; i < 8;) {
        std::size_t end = i;
        while (end < 8 && groups[end] == 0)
            ++end;
        if (end - i > bestLength) {
            bestStart = i;
            bestLength = end - i;
        }
        i = end == i ? i + 1 : end;
    }
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += "::";
            i += bestLength - 1;
            continue;
        }
        if (!text.empty() && text.back() != ':')
            text += ':';
        std::snprintf(part.data(), part.size(), "%x", groups[i]);
        text += part.data();
    }
    return text;
}

} // namespace

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
        if ((type == 1 && rdLength == 4) || (type == 28 && rdLength == 16))
            reply.addresses.push_back(addressText(bytes.data() + at, rdLength));
        else
            reply.addresses.emplace_back();
        reply.ttls.push_back(ttl);
        at += rdLength;
    }
    return reply;
}

std::optional<std::vector<std::uint8_t>>
udpExchange(std::uint16_t port, const std::vector<std::uint8_t>& query, milliseconds timeout)
{
    const auto to = poolscope::detail::SocketAddress::loopback(false, port);
    int err = 0;
    const Fd fd(sys::openSocket(to.family(), sys::SocketType::Datagram, err));
    if (!fd.valid() || sys::sendTo(fd.get(), query.data(), query.size(), to) < 0)
        return std::nullopt;
    if (waitFor(fd.get(), sys::kPollIn, timeout) != Wait::Ready)
        return std::nullopt;
    std::vector<std::uint8_t> reply(1500);
    const sys::IoResult n = sys::recv(fd.get(), reply.data(), reply.size());
    if (n < 0)
        return std::nullopt;
    reply.resize(static_cast<std::size_t>(n));
    return reply;
}

} // namespace poolscope::labtest
