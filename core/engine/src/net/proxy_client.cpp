#include "net/proxy_client.h"

#include "net/base64.h"
#include "net/resolver.h"

#include <cerrno>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string_view>
#include <vector>

namespace poolscope::detail {

namespace {

std::string hostPort(std::string_view host, std::uint16_t port)
{
    const bool v6 = host.find(':') != std::string_view::npos;
    std::string out;
    out.append(v6 ? "[" : "").append(host).append(v6 ? "]" : "").append(":").append(std::to_string(port));
    return out;
}

/// Only printable ASCII of what a proxy sent, at most `limit` bytes: its words go into an Error.
std::string printable(std::string_view text, std::size_t limit = 80)
{
    std::string out;
    for (const char c : text.substr(0, limit)) {
        const auto u = static_cast<unsigned char>(c);
        out.push_back(u >= 0x20 && u < 0x7f ? c : '?');
    }
    return out;
}

/// Wipes a string that held a secret before it is freed.
struct Scrubbed
{
    std::string text;
    ~Scrubbed()
    {
        if (!text.empty())
            OPENSSL_cleanse(text.data(), text.size());
    }
};

/// Bounded, non-blocking I/O with the proxy; every wait honours the dial's control.
class ProxyIo
{
public:
    ProxyIo(sys::Socket socket, const DialControl& control, std::string proxyName, std::string target)
        : m_socket(socket), m_control(control), m_proxy(std::move(proxyName)), m_target(std::move(target))
    {
    }

    [[nodiscard]] const std::string& proxy() const { return m_proxy; }
    [[nodiscard]] const std::string& target() const { return m_target; }

    /// The proxy refused the tunnel or answered nonsense: asking again gets the same answer.
    [[nodiscard]] Error fail(const std::string& sentence) const
    {
        return makeError(ErrorCode::ProxyFailed, "proxy " + m_proxy + " " + sentence, DialPhase::Proxy);
    }
    /// The proxy answered, but about the target (nothing listens there, unreachable, timed out): the
    /// target's own code, as a direct dial would report it, so a retrying caller retries.
    [[nodiscard]] Error failTarget(ErrorCode code, const std::string& sentence) const
    {
        return makeError(code, "proxy " + m_proxy + " " + sentence, DialPhase::Proxy);
    }
    /// The connection to the proxy itself broke: the transport's code (reset, closed, …), as for any
    /// other connection.
    [[nodiscard]] Error failTransport(const std::string& sentence, int err) const
    {
        return makeError(err == 0 ? ErrorCode::UnexpectedEof : errorCodeFromErrno(err),
                         "proxy " + m_proxy + " " + sentence, DialPhase::Proxy, err);
    }

    [[nodiscard]] Status sendAll(std::string_view bytes)
    {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const sys::IoResult n = sys::send(m_socket, bytes.data() + sent, bytes.size() - sent);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            const int err = n < 0 ? static_cast<int>(-n) : EPIPE;
            if (!sys::retryable(err))
                return failTransport("failed while sending the tunnel request for " + m_target + ": " +
                                         sys::errorText(err),
                                     err);
            if (Status waited = wait(sys::kPollOut); !waited)
                return waited;
        }
        return {};
    }

    /// At least one byte, at most `length`.
    [[nodiscard]] Result<std::size_t> recvSome(void* data, std::size_t length)
    {
        for (;;) {
            const sys::IoResult n = sys::recv(m_socket, data, length);
            if (n > 0)
                return static_cast<std::size_t>(n);
            if (n == 0)
                return failTransport("closed the connection during the tunnel handshake for " + m_target, 0);
            const int err = static_cast<int>(-n);
            if (!sys::retryable(err))
                return failTransport(
                    "failed during the tunnel handshake for " + m_target + ": " + sys::errorText(err), err);
            if (Status waited = wait(sys::kPollIn); !waited)
                return std::move(waited).error();
        }
    }

    [[nodiscard]] Status recvExact(unsigned char* data, std::size_t length)
    {
        std::size_t got = 0;
        while (got < length) {
            auto n = recvSome(data + got, length - got);
            if (!n)
                return std::move(n).error();
            got += n.value();
        }
        return {};
    }

private:
    [[nodiscard]] Status wait(short events)
    {
        const std::string what = "the tunnel handshake with proxy " + m_proxy + " for " + m_target;
        for (;;) {
            if (Error e = m_control.check(DialPhase::Proxy, what); !e.ok())
                return e;
            sys::PollEntry entry{m_socket, events, 0};
            const int ready = sys::poll(&entry, 1, m_control.pollSliceMs());
            if (ready > 0)
                return {};
            if (ready < 0 && -ready != EINTR)
                return failTransport("failed during the tunnel handshake for " + m_target +
                                         ": poll: " + sys::errorText(-ready),
                                     -ready);
        }
    }

    sys::Socket m_socket;
    const DialControl& m_control;
    std::string m_proxy;
    std::string m_target;
};

// ---- HTTP CONNECT ----------------------------------------------------------------------------

/// Reads the reply header up to and including its blank line, never a byte beyond it: each read
/// asks for no more bytes than the terminator could still need.
Result<std::string> readHttpHeader(ProxyIo& io)
{
    static constexpr std::string_view kEnd = "\r\n\r\n";
    std::string header;
    while (header.size() < kMaxProxyReplyHeader) {
        std::size_t matched = 0; // longest suffix of `header` that is a prefix of kEnd
        for (std::size_t k = std::min<std::size_t>(3, header.size()); k > 0; --k) {
            if (std::string_view(header).substr(header.size() - k) == kEnd.substr(0, k)) {
                matched = k;
                break;
            }
        }
        char buffer[4];
        const std::size_t want = std::min(kEnd.size() - matched, kMaxProxyReplyHeader - header.size());
        auto n = io.recvSome(buffer, want);
        if (!n)
            return std::move(n).error();
        header.append(buffer, n.value());
        if (header.size() >= kEnd.size() &&
            header.compare(header.size() - kEnd.size(), kEnd.size(), kEnd) == 0)
            return header;
    }
    return io.fail("sent a reply header longer than " + std::to_string(kMaxProxyReplyHeader) +
                   " bytes to CONNECT " + io.target());
}

Status httpConnect(ProxyIo& io, const ProxyOptions& proxy)
{
    Scrubbed request;
    request.text = "CONNECT " + io.target() + " HTTP/1.1\r\nHost: " + io.target() + "\r\n";
    if (!proxy.username.empty()) {
        Scrubbed credentials;
        credentials.text = proxy.username + ":" + proxy.password;
        Scrubbed encoded;
        encoded.text = base64(credentials.text);
        request.text += "Proxy-Authorization: Basic " + encoded.text + "\r\n";
    }
    request.text += "\r\n";
    if (Status sent = io.sendAll(request.text); !sent)
        return sent;

    auto header = readHttpHeader(io);
    if (!header)
        return std::move(header).error();
    const std::string& text = header.value();
    const std::string_view statusLine = std::string_view(text).substr(0, text.find("\r\n"));
    // "HTTP/1.x SSS reason"
    const bool shaped = statusLine.size() >= 12 && statusLine.substr(0, 7) == "HTTP/1." &&
                        statusLine[8] == ' ' && statusLine[9] >= '1' && statusLine[9] <= '5' &&
                        statusLine[10] >= '0' && statusLine[10] <= '9' && statusLine[11] >= '0' &&
                        statusLine[11] <= '9' && (statusLine.size() == 12 || statusLine[12] == ' ');
    if (!shaped)
        return io.fail("answered CONNECT " + io.target() + " with something that is not an HTTP reply: \"" +
                       printable(statusLine) + "\"");
    if (statusLine[9] == '2')
        return {};
    const std::string sentence = "refused CONNECT to " + io.target() + ": " + printable(statusLine.substr(9));
    const std::string_view status = statusLine.substr(9, 3);
    // What a proxy says when it could not reach the target (as Qt's HTTP proxy engine reads them);
    // 403, 407 and the rest are its own decision.
    if (status == "502" || status == "503")
        return io.failTarget(ErrorCode::ConnectionRefused, sentence);
    if (status == "504")
        return io.failTarget(ErrorCode::TimedOut, sentence);
    return io.fail(sentence);
}

// ---- SOCKS5 ----------------------------------------------------------------------------------

/// The target's code for a SOCKS5 reply about the target (RFC 1928 §6); ProxyFailed for the
/// proxy's own refusals (general failure, ruleset, unsupported command or address type).
ErrorCode socksTargetCode(unsigned code)
{
    switch (code) {
    case 3:
        return ErrorCode::NetworkUnreachable;
    case 4:
        return ErrorCode::HostUnreachable;
    case 5:
        return ErrorCode::ConnectionRefused;
    case 6:
        return ErrorCode::TimedOut;
    default:
        return ErrorCode::ProxyFailed;
    }
}

std::string socksReplyText(unsigned code)
{
    switch (code) {
    case 1:
        return "general SOCKS server failure";
    case 2:
        return "connection not allowed by ruleset";
    case 3:
        return "network unreachable";
    case 4:
        return "host unreachable";
    case 5:
        return "connection refused";
    case 6:
        return "TTL expired";
    case 7:
        return "command not supported";
    case 8:
        return "address type not supported";
    default:
        return "unknown reply code " + std::to_string(code);
    }
}

Status socks5(ProxyIo& io, const ProxyOptions& proxy, const std::string& host, std::uint16_t port)
{
    const bool auth = !proxy.username.empty();
    // Greeting: version 5, the methods offered (0 = none, 2 = username/password).
    std::string greeting = auth ? std::string("\x05\x02\x00\x02", 4) : std::string("\x05\x01\x00", 3);
    if (Status sent = io.sendAll(greeting); !sent)
        return sent;
    unsigned char choice[2] = {};
    if (Status got = io.recvExact(choice, 2); !got)
        return got;
    if (choice[0] != 5)
        return io.fail("is not a SOCKS5 proxy: its reply has version " + std::to_string(choice[0]));
    if (choice[1] == 0xff)
        return io.fail(auth ? "accepts none of the offered authentication methods (none, username/password)"
                            : "requires authentication, and no username was given");
    if (choice[1] == 2) {
        if (!auth)
            return io.fail("chose username/password authentication, which was not offered");
        Scrubbed request;
        request.text.push_back('\x01');
        request.text.push_back(static_cast<char>(proxy.username.size()));
        request.text += proxy.username;
        request.text.push_back(static_cast<char>(proxy.password.size()));
        request.text += proxy.password;
        if (Status sent = io.sendAll(request.text); !sent)
            return sent;
        unsigned char status[2] = {};
        if (Status got = io.recvExact(status, 2); !got)
            return got;
        if (status[0] != 1)
            return io.fail("answered the username/password request with version " +
                           std::to_string(status[0]));
        if (status[1] != 0)
            return io.fail("rejected the username or password for user '" + proxy.username + "'");
    } else if (choice[1] != 0) {
        return io.fail("chose authentication method " + std::to_string(choice[1]) +
                       ", which was not offered");
    }

    // CONNECT: an IP literal as its address, anything else as a name the proxy resolves.
    std::string request("\x05\x01\x00", 3);
    unsigned char address[16] = {};
    std::size_t addressLength = 0;
    if (isIpLiteral(host)) {
        if (auto literal = SocketAddress::parseLiteral(host, port))
            addressLength = literal->addressBytes(address);
    }
    if (addressLength == 4 || addressLength == 16) {
        request.push_back(addressLength == 4 ? '\x01' : '\x04');
        request.append(reinterpret_cast<const char*>(address), addressLength);
    } else {
        if (host.size() > 255)
            return io.fail("cannot carry a host name longer than 255 bytes (" + io.target() + ")");
        request.push_back('\x03');
        request.push_back(static_cast<char>(host.size()));
        request += host;
    }
    request.push_back(static_cast<char>(port >> 8));
    request.push_back(static_cast<char>(port & 0xff));
    if (Status sent = io.sendAll(request); !sent)
        return sent;

    unsigned char reply[4] = {};
    if (Status got = io.recvExact(reply, 4); !got)
        return got;
    if (reply[0] != 5)
        return io.fail("answered CONNECT " + io.target() + " with SOCKS version " + std::to_string(reply[0]) +
                       " instead of 5");
    if (reply[1] != 0) {
        const std::string sentence = "refused CONNECT to " + io.target() + ": " + socksReplyText(reply[1]);
        if (const ErrorCode code = socksTargetCode(reply[1]); code != ErrorCode::ProxyFailed)
            return io.failTarget(code, sentence);
        return io.fail(sentence);
    }
    // The bound address that follows: skip it exactly, so the tunnel starts with the target's bytes.
    std::size_t rest = 0;
    switch (reply[3]) {
    case 1:
        rest = 4 + 2;
        break;
    case 4:
        rest = 16 + 2;
        break;
    case 3: {
        unsigned char length = 0;
        if (Status got = io.recvExact(&length, 1); !got)
            return got;
        rest = std::size_t{length} + 2;
        break;
    }
    default:
        return io.fail("answered CONNECT " + io.target() + " with an unknown address type " +
                       std::to_string(reply[3]));
    }
    unsigned char skip[257 + 2];
    return io.recvExact(skip, rest);
}

} // namespace

Status openProxyTunnel(sys::Socket socket, const ProxyOptions& proxy, const std::string& host,
                       std::uint16_t port, const DialControl& control)
{
    ProxyIo io(socket, control, hostPort(proxy.host, proxy.port), hostPort(host, port));
    switch (proxy.type) {
    case ProxyType::None:
        return {};
    case ProxyType::HttpConnect:
        return httpConnect(io, proxy);
    case ProxyType::Socks5:
        return socks5(io, proxy, host, port);
    }
    return io.fail("has an unknown proxy type");
}

} // namespace poolscope::detail
