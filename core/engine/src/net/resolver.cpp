#include "net/resolver.h"

#include "net/platform/socket_api.h"

#include <algorithm>
// c-ares brings the socket types it is declared with (AF_*, SOCK_STREAM, timeval) on each platform.
#include <ares.h>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>

namespace poolscope::detail {

namespace {

constexpr std::size_t kMaxHostLength = 253;

struct ChannelDeleter
{
    void operator()(ares_channeldata* channel) const noexcept { ares_destroy(channel); }
};
using UniqueChannel = std::unique_ptr<ares_channeldata, ChannelDeleter>;

struct AddrInfoDeleter
{
    void operator()(ares_addrinfo* info) const noexcept { ares_freeaddrinfo(info); }
};

struct QueryState
{
    bool done = false;
    int status = ARES_SUCCESS;
    bool outOfMemory = false;
    std::vector<SocketAddress> addresses;
};

Error resolveError(ErrorCode code, std::string message, int systemError = 0)
{
    return makeError(code, std::move(message), DialPhase::Resolve, systemError);
}

int libraryInitStatus()
{
    // c-ares wants one process-wide init; it is never cleaned up because other channels (ours on
    // other threads, or the embedding application's) may still be alive at exit.
    static std::once_flag once;
    static int status = ARES_SUCCESS;
    std::call_once(once, [] { status = ares_library_init(ARES_LIB_INIT_ALL); });
    return status;
}

Error validateHost(const std::string& host)
{
    auto invalid = [](std::string message) {
        return makeError(ErrorCode::InvalidArgument, std::move(message), DialPhase::Validate);
    };
    if (host.empty())
        return invalid("host must not be empty");
    if (host.size() > kMaxHostLength)
        return invalid("host is " + std::to_string(host.size()) + " bytes long; at most 253 are allowed");
    for (std::size_t i = 0; i < host.size(); ++i) {
        const auto c = static_cast<unsigned char>(host[i]);
        if (c <= 0x20 || c == 0x7f)
            return invalid("host contains a space or control character at offset " + std::to_string(i));
    }
    if (host.front() == '[' || host.back() == ']')
        return invalid("host '" + host + "' must be given without brackets");
    return {};
}

/// RFC 8305 §4: keep the resolver's preferred family first, then alternate families so a broken
/// family costs at most one stagger delay instead of one per address.
std::vector<SocketAddress> happyEyeballsOrder(const std::vector<SocketAddress>& in)
{
    std::vector<SocketAddress> unique;
    for (const auto& a : in) {
        if (std::none_of(unique.begin(), unique.end(),
                         [&](const SocketAddress& u) { return a.sameEndpoint(u); }))
            unique.push_back(a);
    }
    if (unique.empty())
        return unique;
    const int first = unique.front().family();
    std::vector<SocketAddress> preferred, other, out;
    for (const auto& a : unique)
        (a.family() == first ? preferred : other).push_back(a);
    for (std::size_t i = 0; i < std::max(preferred.size(), other.size()); ++i) {
        if (i < preferred.size())
            out.push_back(preferred[i]);
        if (i < other.size())
            out.push_back(other[i]);
    }
    return out;
}

void onAddrInfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) noexcept
{
    std::unique_ptr<ares_addrinfo, AddrInfoDeleter> owned(result);
    auto* state = static_cast<QueryState*>(arg);
    state->done = true;
    state->status = status;
    if (status != ARES_SUCCESS || !result)
        return;
    try {
        for (const ares_addrinfo_node* node = result->nodes; node; node = node->ai_next) {
            if (!node->ai_addr)
                continue;
            const SocketAddress address = SocketAddress::fromNative(node->ai_addr, static_cast<std::size_t>(node->ai_addrlen));
            if (address.isIpv4() || address.isIpv6())
                state->addresses.push_back(address);
        }
    } catch (const std::bad_alloc&) {
        // c-ares is C: nothing may unwind through it.
        state->outOfMemory = true;
    }
}

std::optional<std::string> normalizedServer(const std::string& server)
{
    std::string ip = server;
    std::string port = "53";
    if (!server.empty() && server.front() == '[') {
        const auto close = server.find(']');
        if (close == std::string::npos)
            return std::nullopt;
        ip = server.substr(1, close - 1);
        if (close + 1 != server.size()) {
            if (server[close + 1] != ':')
                return std::nullopt;
            port = server.substr(close + 2);
        }
    } else if (std::count(server.begin(), server.end(), ':') == 1) {
        const auto colon = server.find(':');
        ip = server.substr(0, colon);
        port = server.substr(colon + 1);
    }
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
        return std::nullopt;
    const auto literal =
        ip.find('%') == std::string::npos ? SocketAddress::parseLiteral(ip, 0) : std::nullopt;
    if (!literal)
        return std::nullopt;
    return literal->isIpv4() ? ip + ":" + port : "[" + ip + "]:" + port;
}

int toPollTimeoutMs(const timeval& tv) noexcept
{
    const long ms = tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
    return static_cast<int>(std::clamp(ms, 0L, static_cast<long>(kCancelSlice.count())));
}

Error mapStatus(const std::string& host, int status)
{
    if (status == ARES_ECONNREFUSED || status == ARES_EFILE || status == ARES_ESERVFAIL) {
        if (const int err = sys::descriptorShortage())
            return resolveError(ErrorCode::TooManyOpenFiles,
                                "resolve of " + host + " failed: no file descriptor left for a DNS query (" +
                                    sys::errorText(err) + ")",
                                err);
    }
    switch (status) {
    case ARES_ENOTFOUND:
    case ARES_ENODATA:
    case ARES_ENONAME:
        return resolveError(ErrorCode::ResolveFailed, "host '" + host + "' not found", status);
    case ARES_ETIMEOUT:
        // c-ares ran out of its own retries before the dial's deadline: the servers did not answer.
        return resolveError(ErrorCode::TimedOut,
                            "resolve of " + host + " timed out: " + ares_strerror(status), status);
    case ARES_ENOMEM:
        return resolveError(ErrorCode::OutOfResources, "resolve of " + host + ": out of memory", status);
    case ARES_ECONNREFUSED:
        // c-ares also ends here when every server answered SERVFAIL/REFUSED, not only when none
        // could be reached, so the text must not claim the servers were unreachable.
        return resolveError(ErrorCode::ResolveFailed,
                            "resolve of " + host + " failed: no DNS server gave a usable answer (" +
                                ares_strerror(status) + ")",
                            status);
    default:
        return resolveError(ErrorCode::ResolveFailed,
                            "resolve of " + host + " failed: " + ares_strerror(status), status);
    }
}

Result<std::vector<SocketAddress>> resolveWithAres(const std::string& host, std::uint16_t port,
                                                   const DialControl& control, const ResolverOptions& options)
{
    const std::string what = "resolve of " + host;
    if (const int status = libraryInitStatus(); status != ARES_SUCCESS)
        return resolveError(ErrorCode::ResolveFailed,
                            "c-ares could not be initialised: " + std::string(ares_strerror(status)), status);

    std::string servers;
    for (const auto& server : options.servers) {
        const auto normalized = normalizedServer(server);
        if (!normalized)
            return makeError(ErrorCode::InvalidArgument,
                             "DNS server '" + server + "' is not an IP address with an optional port",
                             DialPhase::Validate);
        servers += (servers.empty() ? "" : ",") + *normalized;
    }

    // Declared before the channel: ares_destroy() may still invoke the callback, which writes here.
    QueryState state;

    ares_options opts{};
    // HOSTALIASES is a convenience for interactive tools; a pool dials the names it was given.
    opts.flags = ARES_FLAG_NOALIASES;
    ares_channel raw = nullptr;
    if (const int status = ares_init_options(&raw, &opts, ARES_OPT_FLAGS); status != ARES_SUCCESS) {
        if (raw)
            ares_destroy(raw);
        return resolveError(status == ARES_ENOMEM ? ErrorCode::OutOfResources : ErrorCode::ResolveFailed,
                            what + " failed: the resolver could not be set up: " + ares_strerror(status),
                            status);
    }
    UniqueChannel channel(raw);
    if (!servers.empty()) {
        if (const int status = ares_set_servers_ports_csv(channel.get(), servers.c_str());
            status != ARES_SUCCESS)
            return resolveError(ErrorCode::ResolveFailed,
                                "DNS servers '" + servers + "' rejected by c-ares: " + ares_strerror(status),
                                status);
    }

    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    // Completion may be synchronous (hosts file, immediate failure): `state.done` covers both.
    ares_getaddrinfo(channel.get(), host.c_str(), nullptr, &hints, &onAddrInfo, &state);

    while (!state.done) {
        if (Error e = control.check(DialPhase::Resolve, what); !e.ok()) {
            ares_cancel(channel.get());
            return e;
        }
        std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
        const int bits = ares_getsock(channel.get(), socks.data(), ARES_GETSOCK_MAXNUM);
        std::array<sys::PollEntry, ARES_GETSOCK_MAXNUM> fds{};
        std::size_t count = 0;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
            const bool readable = ARES_GETSOCK_READABLE(bits, i) != 0;
            const bool writable = ARES_GETSOCK_WRITABLE(bits, i) != 0;
            if (!readable && !writable)
                continue;
            const auto index = static_cast<std::size_t>(i);
            fds[count].socket = static_cast<sys::Socket>(socks[index]);
            fds[count].events =
                static_cast<short>((readable ? sys::kPollIn : 0) | (writable ? sys::kPollOut : 0));
            ++count;
        }
        const int slice = control.pollSliceMs();
        timeval maxTv{slice / 1000, (slice % 1000) * 1000};
        timeval tv{};
        const timeval* next = ares_timeout(channel.get(), &maxTv, &tv);
        const int timeoutMs = next ? toPollTimeoutMs(*next) : slice;
        const int ready = sys::poll(fds.data(), count, timeoutMs);
        if (ready < 0 && -ready != EINTR) {
            const int err = -ready;
            ares_cancel(channel.get());
            return resolveError(ErrorCode::SocketError, what + " failed: poll: " + sys::errorText(err), err);
        }
        bool processed = false;
        for (std::size_t i = 0; ready > 0 && i < count; ++i) {
            const short revents = fds[i].revents;
            if (revents == 0)
                continue;
            const bool readable = (revents & (sys::kPollIn | sys::kPollErr | sys::kPollHup)) != 0;
            const bool writable = (revents & sys::kPollOut) != 0;
            const auto socket = static_cast<ares_socket_t>(fds[i].socket);
            ares_process_fd(channel.get(), readable ? socket : ARES_SOCKET_BAD,
                            writable ? socket : ARES_SOCKET_BAD);
            processed = true;
        }
        if (!processed) // lets c-ares act on its own timeouts (retransmit, next server)
            ares_process_fd(channel.get(), ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    }

    if (state.outOfMemory)
        return resolveError(ErrorCode::OutOfResources, what + ": out of memory", ARES_ENOMEM);
    if (state.status != ARES_SUCCESS)
        return mapStatus(host, state.status);
    for (auto& address : state.addresses)
        address.setPort(port);
    auto ordered = happyEyeballsOrder(state.addresses);
    if (ordered.empty())
        return resolveError(ErrorCode::ResolveFailed, "host '" + host + "' has no IPv4 or IPv6 address",
                            ARES_ENODATA);
    return ordered;
}

} // namespace

bool isIpLiteral(const std::string& host)
{
    return host.find('\0') == std::string::npos && SocketAddress::parseLiteral(host, 0).has_value();
}

bool isValidDnsServer(const std::string& server)
{
    return server.find('\0') == std::string::npos && normalizedServer(server).has_value();
}

Result<std::vector<SocketAddress>> resolve(const std::string& host, std::uint16_t port,
                                           const DialControl& control, const ResolverOptions& options)
{
    try {
        if (Error e = validateHost(host); !e.ok())
            return e;
        if (auto literal = SocketAddress::parseLiteral(host, port))
            return std::vector<SocketAddress>{*literal};
        return resolveWithAres(host, port, control, options);
    } catch (const std::bad_alloc&) {
        return resolveError(ErrorCode::OutOfResources, "resolve: out of memory");
    }
}

} // namespace poolscope::detail
