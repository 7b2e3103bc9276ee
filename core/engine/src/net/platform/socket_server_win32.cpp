// Winsock 2 behind socket_api.h, the serving half: bound and listening sockets, accept, datagrams,
// the wake-up pair and server-thread set-up (the lab's loopback servers use these).
#include "net/platform/native_sockets.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <string>
#include <utility>

namespace poolscope::detail {

using sys::fromWsa;
using sys::lastError;
using sys::native;

namespace {

// mswsock.h's value, which not every mingw-w64 release declares: WSAIoctl code that turns off
// WSAECONNRESET reports on a UDP socket after an ICMP port-unreachable.
#ifdef SIO_UDP_CONNRESET
constexpr DWORD kSioUdpConnReset = SIO_UDP_CONNRESET;
#else
constexpr DWORD kSioUdpConnReset = IOC_IN | IOC_VENDOR | 12;
#endif

void setFlag(SOCKET s, int level, int name) noexcept
{
    const DWORD on = 1;
    (void)::setsockopt(s, level, name, reinterpret_cast<const char*>(&on), sizeof on);
}

/// getsockname() (`peer` false) or getpeername() of `s`; an empty address on failure.
SocketAddress endpoint(sys::Socket s, bool peer) noexcept
{
    sockaddr_storage address{};
    int length = sizeof address;
    const int rc = peer ? ::getpeername(native(s), reinterpret_cast<sockaddr*>(&address), &length)
                        : ::getsockname(native(s), reinterpret_cast<sockaddr*>(&address), &length);
    if (rc != 0 || length < 0)
        return {};
    return SocketAddress::fromNative(&address, static_cast<std::size_t>(length));
}

/// Waits up to `timeoutMs` for `events` on `s`: 0 when they came, else the error (ETIMEDOUT).
int awaitReady(sys::Socket s, short events, int timeoutMs) noexcept
{
    sys::PollEntry entry{s, events, 0};
    const int ready = sys::poll(&entry, 1, timeoutMs);
    if (ready < 0)
        return -ready;
    if (ready == 0)
        return ETIMEDOUT;
    return (entry.revents & (sys::kPollErr | sys::kPollInvalid)) != 0 && (entry.revents & events) == 0 ? EIO
                                                                                                       : 0;
}

/// The connected pair behind Waker: `reader` accepted from a private loopback listener, checked to be
/// `writer`'s own connection (another local process could connect to the listener first). Returns
/// 0 with both set, or the error with neither.
int openWakePair(sys::Socket& reader, sys::Socket& writer) noexcept
{
    constexpr int kStepTimeoutMs = 5000;
    constexpr int kStrangersTolerated = 8;
    int err = 0;
    const sys::Socket listener = sys::openSocket(AF_INET, sys::SocketType::Stream, err);
    if (listener == sys::kInvalidSocket)
        return err;
    struct Closer
    {
        sys::Socket& s;
        ~Closer() { sys::close(std::exchange(s, sys::kInvalidSocket)); }
    };
    sys::Socket ownListener = listener;
    const Closer closeListener{ownListener};
    if ((err = sys::bind(listener, SocketAddress::loopback(false, 0))) != 0 ||
        (err = sys::listen(listener)) != 0)
        return err;
    const SocketAddress listening = endpoint(listener, false);
    sys::Socket ownWriter = sys::openTcp(AF_INET, err); // TCP_NODELAY: a signal leaves at once
    if (ownWriter == sys::kInvalidSocket)
        return err;
    const Closer closeWriter{ownWriter};
    if (const int started = sys::connect(ownWriter, listening); started != 0 && started != EINPROGRESS)
        return started;
    for (int attempt = 0; attempt <= kStrangersTolerated; ++attempt) {
        if ((err = awaitReady(listener, sys::kPollIn, kStepTimeoutMs)) != 0)
            return err;
        sys::Socket accepted = sys::accept(listener, err);
        if (accepted == sys::kInvalidSocket) {
            if (sys::retryable(err) || err == ECONNRESET || err == ECONNABORTED)
                continue;
            return err;
        }
        // Read only now: Windows fills in a connecting socket's local address once it is connected.
        const SocketAddress writerEnd = endpoint(ownWriter, false);
        if (!endpoint(accepted, true).sameEndpoint(writerEnd)) {
            sys::closeWithReset(accepted); // not ours
            continue;
        }
        sys::Socket ownReader = accepted;
        const Closer closeReader{ownReader};
        if ((err = awaitReady(ownWriter, sys::kPollOut, kStepTimeoutMs)) != 0)
            return err;
        if ((err = sys::pendingError(ownWriter)) != 0)
            return err;
        reader = std::exchange(ownReader, sys::kInvalidSocket);
        writer = std::exchange(ownWriter, sys::kInvalidSocket);
        return 0;
    }
    return ECONNREFUSED;
}

} // namespace

namespace sys {

int lastSocketError() noexcept
{
    return lastError();
}

Socket openSocket(int family, SocketType type, int& err) noexcept
{
    const bool datagram = type == SocketType::Datagram;
    const Socket s = openNonBlocking(family, datagram ? SOCK_DGRAM : SOCK_STREAM,
                                     datagram ? IPPROTO_UDP : IPPROTO_TCP, err);
    if (s == kInvalidSocket)
        return kInvalidSocket;
    const SOCKET n = native(s);
    // Best effort, as socket_api.h says: ::1 is IPv6-only by default here, and the other two only
    // harden a socket that works without them.
    if (family == AF_INET6)
        setFlag(n, IPPROTO_IPV6, IPV6_V6ONLY);
    setFlag(n, SOL_SOCKET, SO_EXCLUSIVEADDRUSE);
    if (datagram) {
        BOOL report = FALSE;
        DWORD returned = 0;
        (void)::WSAIoctl(n, kSioUdpConnReset, &report, sizeof report, nullptr, 0, &returned, nullptr,
                         nullptr);
    }
    return s;
}

int bind(Socket s, const SocketAddress& at) noexcept
{
    return ::bind(native(s), reinterpret_cast<const sockaddr*>(at.storage), static_cast<int>(at.length)) == 0
               ? 0
               : lastError();
}

int listen(Socket s) noexcept
{
    return ::listen(native(s), SOMAXCONN) == 0 ? 0 : lastError();
}

Socket accept(Socket listener, int& err) noexcept
{
    const SOCKET s = ::accept(native(listener), nullptr, nullptr);
    if (!usableHandle(s, err))
        return kInvalidSocket;
    // An accepted socket takes the listener's non-blocking mode; inheritance is set explicitly,
    // since whether it follows WSA_FLAG_NO_HANDLE_INHERIT is not documented.
    (void)::SetHandleInformation(reinterpret_cast<HANDLE>(s), HANDLE_FLAG_INHERIT, 0);
    u_long on = 1;
    if (::ioctlsocket(s, static_cast<long>(FIONBIO), &on) != 0) {
        err = lastError();
        ::closesocket(s);
        return kInvalidSocket;
    }
    setFlag(s, IPPROTO_TCP, TCP_NODELAY);
    return static_cast<Socket>(s);
}

void closeWithReset(Socket s) noexcept
{
    if (s < 0)
        return;
    linger abortive{};
    abortive.l_onoff = 1;
    abortive.l_linger = 0;
    (void)::setsockopt(native(s), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&abortive),
                       sizeof abortive);
    ::closesocket(native(s));
}

IoResult sendTo(Socket s, const void* data, std::size_t length, const SocketAddress& to) noexcept
{
    if (length > static_cast<std::size_t>(INT_MAX))
        return -static_cast<IoResult>(EMSGSIZE);
    const int n = ::sendto(native(s), static_cast<const char*>(data), static_cast<int>(length), 0,
                           reinterpret_cast<const sockaddr*>(to.storage), static_cast<int>(to.length));
    return n == SOCKET_ERROR ? -static_cast<IoResult>(lastError()) : static_cast<IoResult>(n);
}

IoResult recvFrom(Socket s, void* data, std::size_t length, SocketAddress& from) noexcept
{
    const int chunk = static_cast<int>(std::min<std::size_t>(length, INT_MAX));
    sockaddr_storage sender{};
    int senderLength = sizeof sender;
    const int n = ::recvfrom(native(s), static_cast<char*>(data), chunk, 0,
                             reinterpret_cast<sockaddr*>(&sender), &senderLength);
    IoResult result = n;
    if (n == SOCKET_ERROR) {
        const int wsa = ::WSAGetLastError();
        // Winsock fills the buffer and fails a longer datagram; POSIX returns the cut datagram.
        if (wsa != WSAEMSGSIZE)
            return -static_cast<IoResult>(fromWsa(wsa));
        result = chunk;
    }
    from = senderLength > 0 ? SocketAddress::fromNative(&sender, static_cast<std::size_t>(senderLength))
                            : SocketAddress{};
    return result;
}

// ---- wake-ups ------------------------------------------------------------------------------------

Waker::Waker() noexcept
{
    m_error = openWakePair(m_read, m_write);
}

Waker::~Waker()
{
    close(m_read);
    close(m_write);
}

void Waker::signal() noexcept
{
    // WSAEWOULDBLOCK: the pair's buffer is full of signals not yet drained, which is enough.
    if (m_write != kInvalidSocket)
        (void)::send(native(m_write), "w", 1, 0);
}

void Waker::drain() noexcept
{
    std::array<char, 256> buffer{};
    for (int i = 0; i < 64 && m_read != kInvalidSocket; ++i) {
        const int n = ::recv(native(m_read), buffer.data(), static_cast<int>(buffer.size()), 0);
        if (n < static_cast<int>(buffer.size()))
            break;
    }
}

// ---- threads -------------------------------------------------------------------------------------

void prepareServerThread(const char* name) noexcept
{
    // No SIGPIPE on Windows. SetThreadDescription exists from Windows 10 1607 on, so it is looked
    // up rather than linked.
    using SetDescription = HRESULT(WINAPI*)(HANDLE, PCWSTR);
    const HMODULE kernel = ::GetModuleHandleW(L"kernel32.dll");
    if (!kernel || !name)
        return;
    const FARPROC proc = ::GetProcAddress(kernel, "SetThreadDescription");
    if (!proc)
        return;
    // Through void(*)(), the one function type a cast to and from is warning-free.
    const auto setDescription = reinterpret_cast<SetDescription>(reinterpret_cast<void (*)()>(proc));
    std::wstring wide;
    for (const char* c = name; *c != '\0' && wide.size() < 64; ++c)
        wide.push_back(static_cast<wchar_t>(static_cast<unsigned char>(*c)));
    (void)setDescription(::GetCurrentThread(), wide.c_str());
}

} // namespace sys

} // namespace poolscope::detail
