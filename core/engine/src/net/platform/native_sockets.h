#pragma once
// The operating system's socket headers, for the files of net/platform only.

#if defined(_WIN32)
// inet_pton, inet_ntop and WSAPoll need Vista's declarations. These come before every include
// because any standard header may pull in the headers that fix the defaults.
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#endif
// winsock2.h has to come before the other two, which sorting would undo.
// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
// clang-format on
#if _WIN32_WINNT < 0x0600
#error "net/platform needs _WIN32_WINNT 0x0600 (Vista) or later for WSAPoll and inet_pton"
#endif
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include "net/platform/socket_api.h"

#if defined(_WIN32)
#include <cstdint>

namespace poolscope::detail::sys {
/// A WSAE* code as the errno value socket_api.h promises (socket_errors_win32.cpp).
[[nodiscard]] int fromWsa(int wsa) noexcept;
/// fromWsa(WSAGetLastError()).
[[nodiscard]] int lastError() noexcept;
/// The SOCKET an `int` socket stands for (socket_api.h says why it fits).
[[nodiscard]] inline SOCKET native(Socket s) noexcept
{
    return static_cast<SOCKET>(static_cast<std::intptr_t>(s));
}
/// Checks what socket(), WSASocketW() or accept() returned: INVALID_SOCKET gives lastError(); a
/// handle too large to be an `int` (never seen; Windows keeps 32 significant bits) is closed and
/// given as EMFILE. Returns true when `s` may be used.
[[nodiscard]] bool usableHandle(SOCKET s, int& err) noexcept;
/// A socket of `type` and `protocol`, non-blocking, not inherited by child processes and small
/// enough to be an `int` (socket_api_win32.cpp). kInvalidSocket with `err` set on failure.
[[nodiscard]] Socket openNonBlocking(int family, int type, int protocol, int& err) noexcept;
// The IPPROTO_TCP keep-alive options (TCP_KEEPCNT since Windows 10 1703, the other two since 1709).
// mingw-w64's headers lack them; the values are the Windows SDK's.
#ifdef TCP_KEEPIDLE
constexpr int kTcpKeepIdle = TCP_KEEPIDLE;
#else
constexpr int kTcpKeepIdle = 3;
#endif
#ifdef TCP_KEEPINTVL
constexpr int kTcpKeepIntvl = TCP_KEEPINTVL;
#else
constexpr int kTcpKeepIntvl = 17;
#endif
#ifdef TCP_KEEPCNT
constexpr int kTcpKeepCnt = TCP_KEEPCNT;
#else
constexpr int kTcpKeepCnt = 16;
#endif
} // namespace poolscope::detail::sys
#endif
