#include "proxy_protocol.h"

#include "net/base64.h"
#include "net/platform/socket_api.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <openssl/evp.h>
#include <string_view>

namespace poolscope::lab::detail {

namespace {

std::string httpReply(std::string_view status, std::string_view extra = {})
{
    std::string out = "HTTP/1.1 ";
    out.append(status).append("\r\n").append(extra).append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    return out;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool parsePort(std::string_view text, std::uint16_t& port)
{
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
        return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

} // namespace

bool loopbackTarget(const std::string& host, std::string& literal)
{
    if (auto address = poolscope::detail::SocketAddress::parseLiteral(host, 1)) {
        if (!address->isLoopback())
            return false;
        literal = host;
        return true;
    }
    const std::string name = lower(host);
    static constexpr std::string_view kLabSuffix = ".lab.test";
    if (name == "localhost" || (name.size() > kLabSuffix.size() && name.ends_with(kLabSuffix))) {
        literal = "127.0.0.1";
        return true;
    }
    return false;
}

ProxyAction ProxyHandshake::feed(std::string& input)
{
    if (m_stage == Stage::Done)
        return {};
    if (input.size() > kMaxProxyRequest)
        return {ProxyAction::Kind::Close,
                m_options.type == ProxyType::HttpConnect ? httpReply("431 Request Header Fields Too Large")
                                                         : std::string(),
                {},
                0,
                false};
    return m_options.type == ProxyType::HttpConnect ? feedHttp(input) : feedSocks(input);
}

ProxyAction ProxyHandshake::feedHttp(std::string& input)
{
    const std::size_t end = input.find("\r\n\r\n");
    if (end == std::string::npos)
        return {};
    const std::string header = input.substr(0, end + 2);
    input.erase(0, end + 4);
    m_stage = Stage::Done;
    ProxyAction close{ProxyAction::Kind::Close, {}, {}, 0, false};

    // "CONNECT host:port HTTP/1.1"
    const std::string_view line = std::string_view(header).substr(0, header.find("\r\n"));
    const std::size_t firstSpace = line.find(' ');
    const std::size_t lastSpace = line.rfind(' ');
    if (firstSpace == std::string_view::npos || lastSpace <= firstSpace ||
        !line.substr(lastSpace + 1).starts_with("HTTP/1.")) {
        close.reply = httpReply("400 Bad Request");
        return close;
    }
    if (line.substr(0, firstSpace) != "CONNECT") {
        close.reply = httpReply("405 Method Not Allowed");
        return close;
    }
    std::string_view authority = line.substr(firstSpace + 1, lastSpace - firstSpace - 1);
    const std::size_t colon = authority.rfind(':');
    std::uint16_t port = 0;
    if (colon == std::string_view::npos || !parsePort(authority.substr(colon + 1), port)) {
        close.reply = httpReply("400 Bad Request");
        return close;
    }
    std::string_view host = authority.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);

    if (!m_options.username.empty()) {
        const std::string expected = "proxy-authorization: basic " +
                                     poolscope::detail::base64(m_options.username + ":" + m_options.password);
        bool authorized = false;
        std::size_t at = header.find("\r\n");
        while (at != std::string::npos && at + 2 < header.size()) {
            const std::size_t next = header.find("\r\n", at + 2);
            const std::string field = header.substr(at + 2, next - at - 2);
            // Field name case-insensitive; the credentials themselves compared exactly.
            const std::size_t nameEnd = std::string_view("proxy-authorization: basic ").size();
            if (field.size() == expected.size() &&
                lower(field.substr(0, nameEnd)) == expected.substr(0, nameEnd) &&
                field.substr(nameEnd) == expected.substr(nameEnd))
                authorized = true;
            at = next;
        }
        if (!authorized) {
            close.reply = httpReply("407 Proxy Authentication Required",
                                    "Proxy-Authenticate: Basic realm=\"poolscope lab\"\r\n");
            close.authFailed = true;
            return close;
        }
    }
    return {ProxyAction::Kind::Connect, {}, std::string(host), port, false};
}

ProxyAction ProxyHandshake::feedSocks(std::string& input)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(input[i]); };
    ProxyAction close{ProxyAction::Kind::Close, {}, {}, 0, false};
    const bool authRequired = !m_options.username.empty();
    if (m_stage == Stage::Greeting) {
        if (input.size() < 2 || input.size() < 2 + std::size_t{byte(1)})
            return {};
        if (byte(0) != 5)
            return close;
        const std::size_t count = byte(1);
        bool none = false, userPass = false;
        for (std::size_t i = 0; i < count; ++i) {
            none = none || byte(2 + i) == 0;
            userPass = userPass || byte(2 + i) == 2;
        }
        input.erase(0, 2 + count);
        if (authRequired ? !userPass : !none) {
            m_stage = Stage::Done;
            close.reply = std::string("\x05\xff", 2);
            close.authFailed = authRequired;
            return close;
        }
        m_stage = authRequired ? Stage::Auth : Stage::Request;
        ProxyAction more;
        more.reply = std::string(1, '\x05') + std::string(1, authRequired ? '\x02' : '\x00');
        ProxyAction next = feedSocks(input);
        next.reply.insert(0, more.reply);
        return next;
    }
    if (m_stage == Stage::Auth) {
        if (input.size() < 2 || input.size() < 3 + std::size_t{byte(1)})
            return {};
        const std::size_t userLength = byte(1);
        if (input.size() < 3 + userLength + byte(2 + userLength))
            return {};
        const std::size_t passLength = byte(2 + userLength);
        const bool ok = byte(0) == 1 && input.compare(2, userLength, m_options.username) == 0 &&
                        userLength == m_options.username.size() && passLength == m_options.password.size() &&
                        input.compare(3 + userLength, passLength, m_options.password) == 0;
        input.erase(0, 3 + userLength + passLength);
        if (!ok) {
            m_stage = Stage::Done;
            close.reply = std::string("\x01\x01", 2);
            close.authFailed = true;
            return close;
        }
        m_stage = Stage::Request;
        ProxyAction next = feedSocks(input);
        next.reply.insert(0, std::string("\x01\x00", 2));
        return next;
    }
    // Request: VER CMD RSV ATYP DST.ADDR DST.PORT
    if (input.size() < 5)
        return {};
    std::size_t addressLength = 0;
    switch (byte(3)) {
    case 1:
        addressLength = 4;
        break;
    case 4:
        addressLength = 16;
        break;
    case 3:
        addressLength = 1 + std::size_t{byte(4)};
        break;
    default:
        m_stage = Stage::Done;
        close.reply = std::string("\x05\x08\x00\x01\x00\x00\x00\x00\x00\x00", 10);
        return close;
    }
    if (input.size() < 4 + addressLength + 2)
        return {};
    m_stage = Stage::Done;
    if (byte(0) != 5 || byte(1) != 1) {
        input.clear();
        close.reply = std::string("\x05\x07\x00\x01\x00\x00\x00\x00\x00\x00", 10);
        return close;
    }
    ProxyAction connect{ProxyAction::Kind::Connect, {}, {}, 0, false};
    const auto portAt = 4 + addressLength;
    connect.port = static_cast<std::uint16_t>(byte(portAt) << 8 | byte(portAt + 1));
    if (byte(3) == 3) {
        connect.host = input.substr(5, addressLength - 1);
    } else {
        // Back to text through the engine's address type, so IPv6 comes out canonical.
        unsigned char bytes[16] = {};
        std::copy_n(input.data() + 4, addressLength, reinterpret_cast<char*>(bytes));
        if (addressLength == 4) {
            connect.host = std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." +
                           std::to_string(bytes[2]) + "." + std::to_string(bytes[3]);
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            for (std::size_t i = 0; i < 16; i += 2) {
                if (i > 0)
                    connect.host.push_back(':');
                for (const unsigned char b : {bytes[i], bytes[i + 1]}) {
                    connect.host.push_back(kHex[b >> 4]);
                    connect.host.push_back(kHex[b & 15]);
                }
            }
        }
    }
    input.erase(0, portAt + 2);
    return connect;
}

std::string ProxyHandshake::finish(TargetOutcome outcome) const
{
    if (m_options.type == ProxyType::HttpConnect) {
        switch (outcome) {
        case TargetOutcome::Connected:
            return "HTTP/1.1 200 Connection Established\r\n\r\n";
        case TargetOutcome::NotAllowed:
            return httpReply("403 Forbidden");
        case TargetOutcome::Refused:
            return httpReply("502 Bad Gateway");
        }
        return httpReply("500 Internal Server Error");
    }
    // BND.ADDR/BND.PORT: 0.0.0.0:0, which RFC 1928 allows and clients skip.
    char code = '\x01';
    switch (outcome) {
    case TargetOutcome::Connected:
        code = '\x00';
        break;
    case TargetOutcome::NotAllowed:
        code = '\x02';
        break;
    case TargetOutcome::Refused:
        code = '\x05';
        break;
    }
    std::string reply("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10);
    reply[1] = code;
    return reply;
}

} // namespace poolscope::lab::detail
