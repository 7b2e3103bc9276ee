#include "net/socket_options.h"

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace poolscope::detail {

int enableTcpKeepAlive(int fd, std::chrono::seconds idle, std::chrono::seconds interval, int probes) noexcept
{
    const int on = 1;
    const int idleS = static_cast<int>(idle.count());
    const int intervalS = static_cast<int>(interval.count());
    (void)idleS;
    (void)intervalS;
    (void)probes;
    if (::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) != 0)
        return errno;
#if defined(TCP_KEEPIDLE)
    if (::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idleS, sizeof idleS) != 0)
        return errno;
#elif defined(TCP_KEEPALIVE) // macOS names the idle time TCP_KEEPALIVE
    if (::setsockopt(fd, IPPROTO_TCP, TCP_KEEPALIVE, &idleS, sizeof idleS) != 0)
        return errno;
#endif
#if defined(TCP_KEEPINTVL)
    if (::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intervalS, sizeof intervalS) != 0)
        return errno;
#endif
#if defined(TCP_KEEPCNT)
    if (::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes) != 0)
        return errno;
#endif
    return 0;
}

} // namespace poolscope::detail
