#include "sockets.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace poolscope::lab::detail {

namespace {

Error socketError(std::string_view what, std::string_view step, Loopback family, int err)
{
    std::string message = "lab: ";
    message += step;
    message += family == Loopback::V4 ? " 127.0.0.1" : " [::1]";
    message += " for '";
    message += what;
    message += "' failed: ";
    message += errnoText(err);
    return makeError(ErrorCode::SocketError, std::move(message), DialPhase::None, err);
}

} // namespace

std::string errnoText(int err)
{
    char buffer[256] = {};
    // GNU strerror_r may return a static string instead of filling the buffer.
    const char* text = ::strerror_r(err, buffer, sizeof buffer);
    return text ? std::string(text) : std::string("errno ") + std::to_string(err);
}

Result<BoundSocket> bindLoopback(Loopback family, SocketRole role, std::string_view what)
{
    const int domain = family == Loopback::V4 ? AF_INET : AF_INET6;
    const int type = role == SocketRole::Datagram ? SOCK_DGRAM : SOCK_STREAM;
    UniqueFd fd(::socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd.valid())
        return socketError(what, "socket", family, errno);

    const int one = 1;
    if (family == Loopback::V6)
        ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);

    sockaddr_storage storage{};
    socklen_t length = 0;
    if (family == Loopback::V4) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        std::memcpy(&storage, &addr, sizeof addr);
        length = sizeof addr;
    } else {
        sockaddr_in6 addr{};
        addr.sin6_family = AF_INET6;
        addr.sin6_addr = in6addr_loopback;
        std::memcpy(&storage, &addr, sizeof addr);
        length = sizeof addr;
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0)
        return socketError(what, "bind", family, errno);
    if (role == SocketRole::Listener && ::listen(fd.get(), SOMAXCONN) != 0)
        return socketError(what, "listen on", family, errno);

    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &boundLength) != 0)
        return socketError(what, "getsockname of", family, errno);
    std::uint16_t port = 0;
    if (bound.ss_family == AF_INET) {
        sockaddr_in addr{};
        std::memcpy(&addr, &bound, sizeof addr);
        port = ntohs(addr.sin_port);
    } else {
        sockaddr_in6 addr{};
        std::memcpy(&addr, &bound, sizeof addr);
        port = ntohs(addr.sin6_port);
    }
    return BoundSocket{std::move(fd), port};
}

bool ipv6LoopbackAvailable()
{
    auto probe = bindLoopback(Loopback::V6, SocketRole::Datagram, "ipv6-probe");
    return probe.ok();
}

} // namespace poolscope::lab::detail
