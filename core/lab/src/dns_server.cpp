#include "dns_server.h"

#include "sockets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <string>

namespace poolscope::lab::detail {

namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeAAAA = 28;
constexpr std::uint16_t kClassIn = 1;
constexpr std::uint8_t kRcodeNxDomain = 3;
constexpr std::uint32_t kTtlSeconds = 1; // short, so a learner changing things sees it at once

std::uint16_t read16(std::span<const std::uint8_t> bytes, std::size_t at)
{
    return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t value)
{
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    put16(out, static_cast<std::uint16_t>(value >> 16));
    put16(out, static_cast<std::uint16_t>(value & 0xFFFF));
}

bool underLabTest(const std::string& name)
{
    static constexpr std::string_view kSuffix = ".lab.test";
    if (name.size() <= kSuffix.size())
        return false;
    std::string tail = name.substr(name.size() - kSuffix.size());
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return tail == kSuffix;
}

} // namespace

std::optional<std::vector<std::uint8_t>> answerDnsQuery(std::span<const std::uint8_t> query)
{
    if (query.size() < kHeaderSize)
        return std::nullopt;
    const std::uint16_t flags = read16(query, 2);
    const bool isResponse = (flags & 0x8000) != 0;
    const unsigned opcode = (flags >> 11) & 0xF;
    if (isResponse || opcode != 0 || read16(query, 4) != 1)
        return std::nullopt;

    // QNAME: length-prefixed labels; compression pointers have no place in a question.
    std::string name;
    std::size_t at = kHeaderSize;
    for (;;) {
        if (at >= query.size())
            return std::nullopt;
        const std::uint8_t length = query[at++];
        if (length == 0)
            break;
        if (length > 63 || at + length > query.size() || name.size() + length + 1 > 255)
            return std::nullopt;
        if (!name.empty())
            name += '.';
        name.append(reinterpret_cast<const char*>(query.data() + at), length);
        at += length;
    }
    if (at + 4 > query.size())
        return std::nullopt;
    const std::uint16_t qtype = read16(query, at);
    const std::uint16_t qclass = read16(query, at + 2);
    const std::size_t questionEnd = at + 4;

    const bool known = underLabTest(name);
    const bool answerA = known && qclass == kClassIn && qtype == kTypeA;
    const bool answerAAAA = known && qclass == kClassIn && qtype == kTypeAAAA;

    std::vector<std::uint8_t> reply;
    reply.reserve(questionEnd + 28);
    put16(reply, read16(query, 0)); // ID
    // QR=1, opcode 0, AA=1, RD copied; RA=0 (authoritative only); rcode NOERROR or NXDOMAIN.
    const auto replyFlags =
        static_cast<std::uint16_t>(0x8000 | 0x0400 | (flags & 0x0100) | (known ? 0 : kRcodeNxDomain));
    put16(reply, replyFlags);
    put16(reply, 1);                             // QDCOUNT
    put16(reply, answerA || answerAAAA ? 1 : 0); // ANCOUNT (other types under .lab.test: NODATA)
    put16(reply, 0);                             // NSCOUNT
    put16(reply, 0);                             // ARCOUNT (EDNS in the query is ignored)
    reply.insert(reply.end(), query.begin() + static_cast<std::ptrdiff_t>(kHeaderSize),
                 query.begin() + static_cast<std::ptrdiff_t>(questionEnd));
    if (answerA || answerAAAA) {
        put16(reply, 0xC00C); // pointer to the question's name
        put16(reply, qtype);
        put16(reply, kClassIn);
        put32(reply, kTtlSeconds);
        if (answerA) {
            put16(reply, 4);
            reply.insert(reply.end(), {127, 0, 0, 1});
        } else {
            put16(reply, 16);
            reply.insert(reply.end(), 15, 0);
            reply.push_back(1);
        }
    }
    return reply;
}

class DnsServer::Socket final : public EventHandler
{
public:
    Socket(DnsServer& server, UniqueFd fd) : m_server(server), m_fd(std::move(fd)) {}
    void onEvents(std::uint32_t /*events*/) override { m_server.serve(m_fd.get()); }
    [[nodiscard]] int fd() const noexcept { return m_fd.get(); }

private:
    DnsServer& m_server;
    UniqueFd m_fd;
};

DnsServer::DnsServer(EventLoop& loop, bool answers) : m_loop(loop), m_answers(answers) {}

DnsServer::~DnsServer() = default;

Status DnsServer::addSocket(UniqueFd fd)
{
    auto socket = std::make_unique<Socket>(*this, std::move(fd));
    if (!m_loop.watch(socket->fd(), ready::kIn, socket.get())) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: watching a DNS socket failed: " + errnoText(err),
                         DialPhase::None, err);
    }
    m_sockets.push_back(std::move(socket));
    return {};
}

void DnsServer::serve(int fd)
{
    std::array<std::uint8_t, 1500> buffer{};
    for (int i = 0; i < 64; ++i) { // bounded, so a flood cannot starve the TCP servers
        poolscope::detail::SocketAddress from;
        const sys::IoResult n = sys::recvFrom(fd, buffer.data(), buffer.size(), from);
        if (n < 0) {
            if (n == -EINTR)
                continue;
            return; // EAGAIN, or an ICMP error from an earlier reply's peer: nothing to do
        }
        if (!m_answers) {
            m_counters.requests.fetch_add(1, std::memory_order_relaxed); // received, never answered
            continue;
        }
        const auto reply =
            answerDnsQuery(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n)));
        if (reply) {
            m_counters.requests.fetch_add(1, std::memory_order_relaxed);
            // A full socket buffer drops the reply, which is what UDP does anyway.
            (void)sys::sendTo(fd, reply->data(), reply->size(), from);
        }
    }
}

} // namespace poolscope::lab::detail
