#include "sockets.h"

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

Result<BoundSocket> bindLoopback(Loopback family, SocketRole role, std::string_view what, std::uint16_t port)
{
    const auto address = poolscope::detail::SocketAddress::loopback(family == Loopback::V6, port);
    int err = 0;
    UniqueFd fd(sys::openSocket(
        address.family(), role == SocketRole::Datagram ? sys::SocketType::Datagram : sys::SocketType::Stream,
        err));
    if (!fd.valid())
        return socketError(what, "socket", family, err);
    if ((err = sys::bind(fd.get(), address)) != 0)
        return socketError(what, "bind", family, err);
    if (role == SocketRole::Listener && (err = sys::listen(fd.get())) != 0)
        return socketError(what, "listen on", family, err);
    const std::uint16_t bound = sys::localPort(fd.get());
    if (bound == 0)
        return socketError(what, "getsockname of", family, EINVAL);
    return BoundSocket{std::move(fd), bound};
}

bool ipv6LoopbackAvailable()
{
    auto probe = bindLoopback(Loopback::V6, SocketRole::Datagram, "ipv6-probe");
    return probe.ok();
}

} // namespace poolscope::lab::detail
