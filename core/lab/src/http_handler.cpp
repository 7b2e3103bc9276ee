#include "http_handler.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace poolscope::lab::detail {

namespace {

struct Request
{
    std::string_view method;
    std::string_view path;
    bool http10 = false;
    bool connectionClose = false;
    bool connectionKeepAlive = false;
    std::size_t contentLength = 0;
};

struct Parsed
{
    std::optional<Request> request;
    std::string_view error; ///< set when the request is malformed
};

bool isTchar(char c)
{
    // RFC 9110 token characters.
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), isTchar);
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<std::size_t> parseSize(std::string_view digits)
{
    std::size_t value = 0;
    if (digits.empty() || digits.size() > 12)
        return std::nullopt;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return value;
}

/// A TLS ClientHello (or any binary) sent to a plain port must get its 400 at once, not after
/// 16 KiB that never come: the request line is checked as soon as its first bytes arrive.
bool requestLinePrefixInvalid(std::string_view input)
{
    for (char c : input) {
        if (c == ' ')
            return false;
        if (!isTchar(c))
            return true;
    }
    return false;
}

void applyConnectionTokens(std::string_view value, Request& request)
{
    while (!value.empty()) {
        const auto comma = value.find(',');
        const auto token = trim(value.substr(0, comma));
        if (equalsIgnoreCase(token, "close"))
            request.connectionClose = true;
        else if (equalsIgnoreCase(token, "keep-alive"))
            request.connectionKeepAlive = true;
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
}

std::string_view pathOf(std::string_view target)
{
    // Absolute form ("http://host/path") is allowed by RFC 9112 and used through proxies.
    for (std::string_view scheme : {"http://", "https://"}) {
        if (target.size() > scheme.size() && equalsIgnoreCase(target.substr(0, scheme.size()), scheme)) {
            target.remove_prefix(scheme.size());
            const auto slash = target.find('/');
            target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
            break;
        }
    }
    return target.substr(0, target.find('?'));
}

Parsed parseHead(std::string_view head)
{
    Parsed result;
    const auto lineEnd = head.find("\r\n");
    const std::string_view requestLine = head.substr(0, lineEnd);
    const auto firstSpace = requestLine.find(' ');
    const auto lastSpace = requestLine.rfind(' ');
    if (firstSpace == std::string_view::npos || firstSpace == lastSpace) {
        result.error = "request line is not 'METHOD target HTTP/1.x'";
        return result;
    }
    Request request;
    request.method = requestLine.substr(0, firstSpace);
    const std::string_view target = requestLine.substr(firstSpace + 1, lastSpace - firstSpace - 1);
    const std::string_view version = requestLine.substr(lastSpace + 1);
    if (!isToken(request.method)) {
        result.error = "method is not a token";
        return result;
    }
    if (version == "HTTP/1.0")
        request.http10 = true;
    else if (version != "HTTP/1.1") {
        result.error = "unsupported HTTP version";
        return result;
    }
    if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) {
            return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
        })) {
        result.error = "request target is empty or has spaces or control characters";
        return result;
    }
    request.path = pathOf(target);

    bool sawLength = false;
    std::string_view rest = lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
    while (!rest.empty()) {
        const auto end = rest.find("\r\n");
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
        if (line.empty())
            continue;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) {
            result.error = "header line is not 'Name: value'";
            return result;
        }
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (equalsIgnoreCase(name, "Connection")) {
            applyConnectionTokens(value, request);
        } else if (equalsIgnoreCase(name, "Content-Length")) {
            const auto length = parseSize(value);
            if (!length || (sawLength && *length != request.contentLength)) {
                result.error = "invalid Content-Length";
                return result;
            }
            request.contentLength = *length;
            sawLength = true;
        } else if (equalsIgnoreCase(name, "Transfer-Encoding")) {
            // Without chunked decoding the end of such a body cannot be found: refuse rather
            // than misread the next request (request smuggling).
            result.error = "Transfer-Encoding request bodies are not supported";
            return result;
        }
    }
    result.request = request;
    return result;
}

void appendResponse(std::string& out, std::string_view status, std::string_view contentType,
                    std::size_t contentLength, bool keepAlive, std::chrono::seconds keepAliveFor,
                    std::string_view extraHeaders = {})
{
    out += "HTTP/1.1 ";
    out += status;
    out += "\r\nServer: poolscope-lab\r\nContent-Type: ";
    out += contentType;
    out += "\r\nContent-Length: ";
    out += std::to_string(contentLength);
    if (keepAlive) {
        out += "\r\nConnection: keep-alive\r\nKeep-Alive: timeout=";
        out += std::to_string(keepAliveFor.count());
    } else {
        out += "\r\nConnection: close";
    }
    out += "\r\n";
    out += extraHeaders;
    out += "\r\n";
}

} // namespace

HttpSession::Step HttpSession::processOne(std::string_view input, std::size_t& consumed, std::string& output)
{
    std::size_t start = 0;
    while (start < input.size() && (input[start] == '\r' || input[start] == '\n'))
        ++start; // RFC 9112 §2.2: ignore empty lines before a request line
    const std::string_view pending = input.substr(start);
    const auto headEnd = pending.find("\r\n\r\n");
    const bool tooLong = (headEnd == std::string_view::npos ? pending.size() : headEnd + 4) > kMaxHeaderBytes;

    std::string_view error;
    std::optional<Request> request;
    if (requestLinePrefixInvalid(pending.substr(0, std::min(pending.size(), pending.find(' ')))))
        error = "request line does not start with a method";
    else if (tooLong)
        error = "request head is larger than 16 KiB";
    else if (headEnd == std::string_view::npos) {
        consumed = start;
        return Step::NeedMore;
    } else {
        auto parsed = parseHead(pending.substr(0, headEnd + 2));
        error = parsed.error;
        request = parsed.request;
    }

    if (!request) {
        std::string body = "bad request: ";
        body += error;
        body += '\n';
        appendResponse(output, "400 Bad Request", "text/plain", body.size(), false, m_keepAlive);
        output += body;
        m_close = true;
        consumed = input.size();
        return Step::Answered;
    }

    consumed = start + headEnd + 4;
    m_bodyToSkip = request->contentLength; // bodies are accepted and ignored
    const bool keepAlive = request->http10 ? request->connectionKeepAlive && !request->connectionClose
                                           : !request->connectionClose;
    const bool head = request->method == "HEAD";
    if (!head && request->method != "GET") {
        static constexpr std::string_view kBody = "only GET and HEAD are served here\n";
        appendResponse(output, "405 Method Not Allowed", "text/plain", kBody.size(), keepAlive, m_keepAlive,
                       "Allow: GET, HEAD\r\n");
        output += kBody;
        m_close = !keepAlive;
        return Step::Answered;
    }

    static constexpr std::string_view kBytesPrefix = "/bytes/";
    if (request->path.substr(0, kBytesPrefix.size()) == kBytesPrefix) {
        const auto count = parseSize(request->path.substr(kBytesPrefix.size()));
        if (!count || *count > kMaxBytesPath) {
            static constexpr std::string_view kBody = "/bytes/N takes N from 0 to 1048576\n";
            appendResponse(output, "400 Bad Request", "text/plain", kBody.size(), keepAlive, m_keepAlive);
            if (!head)
                output += kBody;
        } else {
            appendResponse(output, "200 OK", "application/octet-stream", *count, keepAlive, m_keepAlive);
            if (!head)
                output.append(*count, 'x');
        }
        m_close = !keepAlive;
        return Step::Answered;
    }

    const bool closeRequested = request->path == "/close";
    static constexpr std::string_view kOk = "ok\n";
    appendResponse(output, "200 OK", "text/plain", kOk.size(), keepAlive && !closeRequested, m_keepAlive);
    if (!head)
        output += kOk;
    m_close = !keepAlive || closeRequested;
    return Step::Answered;
}

std::size_t HttpSession::process(std::string& input, std::string& output, std::size_t outputBudget)
{
    std::size_t offset = 0;
    std::size_t answered = 0;
    while (!m_close && output.size() < outputBudget) {
        if (m_bodyToSkip > 0) {
            const std::size_t skip = std::min(m_bodyToSkip, input.size() - offset);
            offset += skip;
            m_bodyToSkip -= skip;
            if (m_bodyToSkip > 0)
                break;
        }
        if (offset == input.size())
            break;
        std::size_t consumed = 0;
        const Step step = processOne(std::string_view(input).substr(offset), consumed, output);
        offset += consumed;
        if (step == Step::NeedMore)
            break;
        ++answered;
    }
    if (m_close)
        offset = input.size();
    input.erase(0, offset);
    return answered;
}

} // namespace poolscope::lab::detail
