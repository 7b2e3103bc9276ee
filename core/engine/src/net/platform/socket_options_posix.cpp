// Putting back the options a holder of the raw socket may have changed (POSIX).
#include "net/platform/native_sockets.h"

#include <cerrno>
#include <sys/time.h>

namespace poolscope::detail::sys {

namespace {

int setInt(Socket s, int level, int name, int value) noexcept
{
    return ::setsockopt(s, level, name, &value, sizeof value) == 0 ? 0 : errno;
}

int getInt(Socket s, int level, int name) noexcept
{
    int value = 0;
    socklen_t length = sizeof value;
    return ::getsockopt(s, level, name, &value, &length) == 0 ? value : -1;
}

} // namespace

BufferSizes bufferSizes(Socket s) noexcept
{
    return {getInt(s, SOL_SOCKET, SO_RCVBUF), getInt(s, SOL_SOCKET, SO_SNDBUF)};
}

int restorePoolOptions(Socket s, const KeepAliveSetting& keepAlive) noexcept
{
    if (const int err = setNonBlocking(s, false))
        return err;
    if (const int err = setInt(s, IPPROTO_TCP, TCP_NODELAY, 1))
        return err;
    const linger off{0, 0};
    if (::setsockopt(s, SOL_SOCKET, SO_LINGER, &off, sizeof off) != 0)
        return errno;
    const timeval none{0, 0};
    if (::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none) != 0 ||
        ::setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none) != 0)
        return errno;
#ifdef SO_NOSIGPIPE
    if (const int err = setInt(s, SOL_SOCKET, SO_NOSIGPIPE, 1))
        return err;
#endif
    if (keepAlive.idleSeconds > 0)
        return enableTcpKeepAlive(s, keepAlive.idleSeconds, keepAlive.intervalSeconds, keepAlive.probes);
    return keepAlive.idleSeconds == 0 ? setInt(s, SOL_SOCKET, SO_KEEPALIVE, 0) : 0;
}

} // namespace poolscope::detail::sys
