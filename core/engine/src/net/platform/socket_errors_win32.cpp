// Winsock's error codes as errno values, and the sentences for them (socket_api.h promises both).
#include "net/platform/native_sockets.h"

#include <cerrno>
#include <cstring>

namespace poolscope::detail::sys {

namespace {

struct WsaErrno
{
    int wsa;
    int err;
};

// Every Winsock code the engine can meet, onto the errno value a Linux program would see for the same
// event. Codes with no POSIX counterpart in the Windows C library (EHOSTDOWN, ESHUTDOWN,
// ESOCKTNOSUPPORT, EPFNOSUPPORT, ...) go to the nearest one that exists there.
constexpr WsaErrno kWsaErrno[] = {
    {WSAEINTR, EINTR},
    {WSAEBADF, EBADF},
    {WSAEACCES, EACCES},
    {WSAEFAULT, EFAULT},
    {WSAEINVAL, EINVAL},
    {WSAEMFILE, EMFILE},
    {WSAEWOULDBLOCK, EWOULDBLOCK},
    {WSAEINPROGRESS, EINPROGRESS},
    {WSAEALREADY, EALREADY},
    {WSAENOTSOCK, ENOTSOCK},
    {WSAEDESTADDRREQ, EDESTADDRREQ},
    {WSAEMSGSIZE, EMSGSIZE},
    {WSAEPROTOTYPE, EPROTOTYPE},
    {WSAENOPROTOOPT, ENOPROTOOPT},
    {WSAEPROTONOSUPPORT, EPROTONOSUPPORT},
    {WSAESOCKTNOSUPPORT, EPROTONOSUPPORT},
    {WSAEOPNOTSUPP, EOPNOTSUPP},
    {WSAEPFNOSUPPORT, EAFNOSUPPORT},
    {WSAEAFNOSUPPORT, EAFNOSUPPORT},
    {WSAEADDRINUSE, EADDRINUSE},
    {WSAEADDRNOTAVAIL, EADDRNOTAVAIL},
    {WSAENETDOWN, ENETDOWN},
    {WSAENETUNREACH, ENETUNREACH},
    // On a TCP socket Winsock reports WSAENETRESET when keep-alive probes went unanswered; Linux
    // reports that as ETIMEDOUT.
    {WSAENETRESET, ETIMEDOUT},
    {WSAECONNABORTED, ECONNABORTED},
    {WSAECONNRESET, ECONNRESET},
    {WSAENOBUFS, ENOBUFS},
    {WSAEISCONN, EISCONN},
    {WSAENOTCONN, ENOTCONN},
    // A send after shutdown(SD_SEND); Linux says EPIPE. (recv() treats it as end of stream.)
    {WSAESHUTDOWN, EPIPE},
    {WSAETIMEDOUT, ETIMEDOUT},
    {WSAECONNREFUSED, ECONNREFUSED},
    {WSAELOOP, ELOOP},
    {WSAENAMETOOLONG, ENAMETOOLONG},
    {WSAEHOSTDOWN, EHOSTUNREACH},
    {WSAEHOSTUNREACH, EHOSTUNREACH},
    {WSAENOTEMPTY, ENOTEMPTY},
    {WSAEPROCLIM, ENOBUFS},
    {WSAECANCELLED, ECANCELED},
    // Winsock is missing or did not start: no network to use.
    {WSASYSNOTREADY, ENETDOWN},
    {WSANOTINITIALISED, ENETDOWN},
    {WSAVERNOTSUPPORTED, ENOSYS},
    {WSA_NOT_ENOUGH_MEMORY, ENOMEM},
    {WSA_INVALID_HANDLE, EBADF},
    {WSA_INVALID_PARAMETER, EINVAL},
    {WSA_OPERATION_ABORTED, ECANCELED},
};

struct ErrnoText
{
    int err;
    const char* text;
};

// glibc's sentences. The Windows C library's strerror knows only the codes up to EILSEQ (42) and words
// some of those differently ("Interrupted function call", "Not enough space").
constexpr ErrnoText kErrnoText[] = {
    {EPERM, "Operation not permitted"},
    {EINTR, "Interrupted system call"},
    {EIO, "Input/output error"},
    {EBADF, "Bad file descriptor"},
    {EAGAIN, "Resource temporarily unavailable"},
    {ENOMEM, "Cannot allocate memory"},
    {EACCES, "Permission denied"},
    {EFAULT, "Bad address"},
    {EINVAL, "Invalid argument"},
    {ENFILE, "Too many open files in system"},
    {EMFILE, "Too many open files"},
    {EPIPE, "Broken pipe"},
    {ENAMETOOLONG, "File name too long"},
    {ENOSYS, "Function not implemented"},
    {ENOTEMPTY, "Directory not empty"},
    {EADDRINUSE, "Address already in use"},
    {EADDRNOTAVAIL, "Cannot assign requested address"},
    {EAFNOSUPPORT, "Address family not supported by protocol"},
    {EALREADY, "Operation already in progress"},
    {EBADMSG, "Bad message"},
    {ECANCELED, "Operation canceled"},
    {ECONNABORTED, "Software caused connection abort"},
    {ECONNREFUSED, "Connection refused"},
    {ECONNRESET, "Connection reset by peer"},
    {EDESTADDRREQ, "Destination address required"},
    {EHOSTUNREACH, "No route to host"},
    {EIDRM, "Identifier removed"},
    {EINPROGRESS, "Operation now in progress"},
    {EISCONN, "Transport endpoint is already connected"},
    {ELOOP, "Too many levels of symbolic links"},
    {EMSGSIZE, "Message too long"},
    {ENETDOWN, "Network is down"},
    {ENETRESET, "Network dropped connection on reset"},
    {ENETUNREACH, "Network is unreachable"},
    {ENOBUFS, "No buffer space available"},
    {ENODATA, "No data available"},
    {ENOLINK, "Link has been severed"},
    {ENOMSG, "No message of desired type"},
    {ENOPROTOOPT, "Protocol not available"},
    {ENOSR, "Out of streams resources"},
    {ENOSTR, "Device not a stream"},
    {ENOTCONN, "Transport endpoint is not connected"},
    {ENOTRECOVERABLE, "State not recoverable"},
    {ENOTSOCK, "Socket operation on non-socket"},
    {ENOTSUP, "Operation not supported"},
    {EOPNOTSUPP, "Operation not supported"},
    {EOVERFLOW, "Value too large for defined data type"},
    {EOWNERDEAD, "Owner died"},
    {EPROTO, "Protocol error"},
    {EPROTONOSUPPORT, "Protocol not supported"},
    {EPROTOTYPE, "Protocol wrong type for socket"},
    {ETIME, "Timer expired"},
    {ETIMEDOUT, "Connection timed out"},
    {ETXTBSY, "Text file busy"},
    {EWOULDBLOCK, "Resource temporarily unavailable"},
};

} // namespace

int fromWsa(int wsa) noexcept
{
    if (wsa == 0)
        return 0;
    for (const WsaErrno& entry : kWsaErrno) {
        if (entry.wsa == wsa)
            return entry.err;
    }
    return EIO;
}

int lastError() noexcept
{
    return fromWsa(::WSAGetLastError());
}

std::string errorText(int err)
{
    for (const ErrnoText& entry : kErrnoText) {
        if (entry.err == err)
            return entry.text;
    }
    char buf[128] = {};
    if (::strerror_s(buf, sizeof buf, err) != 0 || buf[0] == '\0')
        return "error " + std::to_string(err);
    return buf;
}

} // namespace poolscope::detail::sys
