// Putting back the options a holder of the raw socket may have changed (Winsock).
#include "net/platform/native_sockets.h"

namespace poolscope::detail::sys {

namespace {

int setInt(Socket s, int level, int name, int value) noexcept
{
    return ::setsockopt(native(s), level, name, reinterpret_cast<const char*>(&value), sizeof value) == 0
               ? 0
               : lastError();
}

int getInt(Socket s, int level, int name) noexcept
{
    int value = 0;
    int length = sizeof value;
    return ::getsockopt(native(s), level, name, reinterpret_cast<char*>(&value), &length) == 0 ? value : -1;
}

/// Winsock's time-outs are a DWORD of milliseconds (POSIX takes a timeval); 0 means none.
int clearTimeout(Socket s, int name) noexcept
{
    const DWORD none = 0;
    return ::setsockopt(native(s), SOL_SOCKET, name, reinterpret_cast<const char*>(&none), sizeof none) == 0
               ? 0
               : lastError();
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
    if (::setsockopt(native(s), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&off), sizeof off) != 0)
        return lastError();
    if (const int err = clearTimeout(s, SO_RCVTIMEO))
        return err;
    if (const int err = clearTimeout(s, SO_SNDTIMEO))
        return err;
    if (keepAlive.idleSeconds > 0)
        return enableTcpKeepAlive(s, keepAlive.idleSeconds, keepAlive.intervalSeconds, keepAlive.probes);
    return keepAlive.idleSeconds == 0 ? setInt(s, SOL_SOCKET, SO_KEEPALIVE, 0) : 0;
}

} // namespace poolscope::detail::sys
