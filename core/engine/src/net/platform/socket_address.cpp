// SocketAddress: the same code over sockaddr_in / sockaddr_in6 on every platform.
#include "net/platform/native_sockets.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>

namespace poolscope::detail {

static_assert(sizeof(SocketAddress::storage) == sizeof(sockaddr_storage));
static_assert(alignof(SocketAddress) >= alignof(sockaddr_in6));

namespace {

const sockaddr_in* v4(const SocketAddress& a) noexcept
{
    return reinterpret_cast<const sockaddr_in*>(a.storage);
}
const sockaddr_in6* v6(const SocketAddress& a) noexcept
{
    return reinterpret_cast<const sockaddr_in6*>(a.storage);
}

} // namespace

SocketAddress SocketAddress::fromNative(const void* sockaddr, std::size_t length) noexcept
{
    SocketAddress out;
    if (sockaddr && length <= sizeof out.storage) {
        std::memcpy(out.storage, sockaddr, length);
        out.length = static_cast<std::uint32_t>(length);
    }
    return out;
}

std::size_t SocketAddress::addressBytes(unsigned char (&out)[16]) const noexcept
{
    if (isIpv4()) {
        std::memcpy(out, &v4(*this)->sin_addr, 4);
        return 4;
    }
    if (isIpv6()) {
        std::memcpy(out, &v6(*this)->sin6_addr, 16);
        return 16;
    }
    return 0;
}

bool SocketAddress::isLoopback() const noexcept
{
    unsigned char bytes[16] = {};
    const std::size_t n = addressBytes(bytes);
    if (n == 4)
        return bytes[0] == 127;
    if (n != 16)
        return false;
    static constexpr unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(bytes, kLoopback6, 16) == 0)
        return true;
    return std::memcmp(bytes, kMapped, 12) == 0 && bytes[12] == 127;
}

SocketAddress SocketAddress::loopback(bool ipv6, std::uint16_t port) noexcept
{
    SocketAddress a;
    if (ipv6) {
        auto* six = reinterpret_cast<sockaddr_in6*>(a.storage);
        six->sin6_family = AF_INET6;
        six->sin6_addr.s6_addr[15] = 1; // ::1
        six->sin6_port = htons(port);
        a.length = sizeof(sockaddr_in6);
    } else {
        auto* four = reinterpret_cast<sockaddr_in*>(a.storage);
        four->sin_family = AF_INET;
        four->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        four->sin_port = htons(port);
        a.length = sizeof(sockaddr_in);
    }
    return a;
}

std::optional<SocketAddress> SocketAddress::parseLiteral(const std::string& text, std::uint16_t port)
{
    if (text.find('\0') != std::string::npos)
        return std::nullopt;
    SocketAddress out;
    auto* four = reinterpret_cast<sockaddr_in*>(out.storage);
    if (::inet_pton(AF_INET, text.c_str(), &four->sin_addr) == 1) {
        four->sin_family = AF_INET;
        four->sin_port = htons(port);
        out.length = sizeof(sockaddr_in);
        return out;
    }
    auto* six = reinterpret_cast<sockaddr_in6*>(out.storage);
    if (::inet_pton(AF_INET6, text.c_str(), &six->sin6_addr) == 1) {
        six->sin6_family = AF_INET6;
        six->sin6_port = htons(port);
        out.length = sizeof(sockaddr_in6);
        return out;
    }
    const auto percent = text.find('%');
    if (percent == std::string::npos || text.find(':') == std::string::npos)
        return std::nullopt;
    // A numeric scope ("fe80::1%12", the only kind Windows names interfaces by in addresses) is parsed
    // here: getaddrinfo would need WSAStartup, inet_pton does not.
    const char* scopeBegin = text.data() + percent + 1;
    const char* scopeEnd = text.data() + text.size();
    if (scopeBegin != scopeEnd &&
        std::all_of(scopeBegin, scopeEnd, [](char c) { return c >= '0' && c <= '9'; })) {
        std::uint32_t id = 0;
        const auto [end, ec] = std::from_chars(scopeBegin, scopeEnd, id);
        if (ec == std::errc{} && end == scopeEnd &&
            ::inet_pton(AF_INET6, text.substr(0, percent).c_str(), &six->sin6_addr) == 1) {
            six->sin6_family = AF_INET6;
            six->sin6_port = htons(port);
            six->sin6_scope_id = id;
            out.length = sizeof(sockaddr_in6);
            return out;
        }
        return std::nullopt;
    }
    // Anything else is left to getaddrinfo; AI_NUMERICHOST guarantees it never becomes a DNS query.
    addrinfo hints{};
    hints.ai_family = AF_INET6;
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (::getaddrinfo(text.c_str(), nullptr, &hints, &res) == 0 && res) {
        std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(res, &::freeaddrinfo);
        if (res->ai_addr && res->ai_addrlen <= sizeof out.storage) {
            out = fromNative(res->ai_addr, res->ai_addrlen);
            out.setPort(port);
            return out;
        }
    }
    return std::nullopt;
}

int SocketAddress::family() const noexcept
{
    return length == 0 ? 0 : reinterpret_cast<const sockaddr_storage*>(storage)->ss_family;
}

bool SocketAddress::isIpv4() const noexcept
{
    return family() == AF_INET;
}

bool SocketAddress::isIpv6() const noexcept
{
    return family() == AF_INET6;
}

std::uint16_t SocketAddress::port() const noexcept
{
    if (isIpv4())
        return ntohs(v4(*this)->sin_port);
    if (isIpv6())
        return ntohs(v6(*this)->sin6_port);
    return 0;
}

void SocketAddress::setPort(std::uint16_t port) noexcept
{
    if (isIpv4())
        reinterpret_cast<sockaddr_in*>(storage)->sin_port = htons(port);
    else if (isIpv6())
        reinterpret_cast<sockaddr_in6*>(storage)->sin6_port = htons(port);
}

bool SocketAddress::sameEndpoint(const SocketAddress& other) const noexcept
{
    if (family() != other.family())
        return false;
    if (isIpv4())
        return v4(*this)->sin_addr.s_addr == v4(other)->sin_addr.s_addr &&
               v4(*this)->sin_port == v4(other)->sin_port;
    if (isIpv6())
        return std::memcmp(&v6(*this)->sin6_addr, &v6(other)->sin6_addr, sizeof(in6_addr)) == 0 &&
               v6(*this)->sin6_port == v6(other)->sin6_port &&
               v6(*this)->sin6_scope_id == v6(other)->sin6_scope_id;
    return length == other.length && std::memcmp(storage, other.storage, length) == 0;
}

std::string SocketAddress::toString() const
{
    // Built by appending: GCC 12 at -O3 reports a false -Wrestrict for "literal" + std::string.
    char text[INET6_ADDRSTRLEN] = {};
    std::string out;
    if (isIpv4()) {
        ::inet_ntop(AF_INET, &v4(*this)->sin_addr, text, sizeof text);
        out.append(text).append(":").append(std::to_string(port()));
    } else if (isIpv6()) {
        ::inet_ntop(AF_INET6, &v6(*this)->sin6_addr, text, sizeof text);
        out.append("[").append(text);
        if (v6(*this)->sin6_scope_id != 0)
            out.append("%").append(std::to_string(v6(*this)->sin6_scope_id));
        out.append("]:").append(std::to_string(port()));
    } else {
        out.append("<address family ").append(std::to_string(family())).append(">");
    }
    return out;
}

} // namespace poolscope::detail
