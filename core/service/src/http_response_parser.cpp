#include "http_response_parser.h"

#include "http_syntax.h"

#include <algorithm>
#include <limits>

namespace poolscope::http {

using namespace syntax;

ResponseParser::ResponseParser(bool headRequest, ParserLimits limits)
    : m_headRequest(headRequest), m_limits(limits)
{
}

bool ResponseParser::mustClose() const noexcept
{
    return m_state == State::Error || m_head.connectionClose || m_head.body == BodyKind::UntilClose ||
           m_framingConflict;
}

void ResponseParser::fail(std::string message)
{
    if (m_state == State::Error)
        return;
    m_state = State::Error;
    m_error = std::move(message);
}

bool ResponseParser::takeLine(std::string_view data, std::size_t& pos, std::size_t limit, bool& complete)
{
    const auto nl = data.find('\n', pos);
    const auto end = nl == std::string_view::npos ? data.size() : nl;
    if (m_line.size() + (end - pos) > limit)
        return false;
    m_line.append(data.substr(pos, end - pos));
    complete = nl != std::string_view::npos;
    pos = complete ? nl + 1 : end;
    return true;
}

std::size_t ResponseParser::feed(std::string_view data)
{
    std::size_t pos = 0;
    while (pos < data.size() && m_state != State::Done && m_state != State::Error) {
        switch (m_state) {
        case State::StatusLine:
        case State::Headers:
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::Trailers: {
            const bool inHead = m_state != State::ChunkSize && m_state != State::ChunkDataEnd;
            const std::size_t headRoom =
                m_headBytes >= m_limits.maxHeadBytes ? 0 : m_limits.maxHeadBytes - m_headBytes;
            const std::size_t limit = inHead                        ? headRoom
                                      : m_state == State::ChunkSize ? m_limits.maxChunkLineBytes
                                                                    : 1;
            bool complete = false;
            if (!takeLine(data, pos, limit, complete)) {
                fail(inHead ? "response head exceeds " + std::to_string(m_limits.maxHeadBytes) + " bytes"
                     : m_state == State::ChunkSize ? std::string("chunk size line too long")
                                                   : std::string("chunk data not followed by CRLF"));
                break;
            }
            if (!complete)
                break;
            std::string_view line = m_line;
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
                fail("bare CR or NUL in a line");
                break;
            }
            if (inHead)
                m_headBytes += m_line.size() + 1;
            switch (m_state) {
            case State::StatusLine:
                processStatusLine(line);
                break;
            case State::Headers:
                line.empty() ? finishHead() : processHeaderLine(line);
                break;
            case State::ChunkSize:
                processChunkSize(line);
                break;
            case State::ChunkDataEnd:
                if (line.empty())
                    m_state = State::ChunkSize;
                else
                    fail("chunk data not followed by CRLF");
                break;
            case State::Trailers:
                processTrailer(line);
                break;
            default:
                break;
            }
            m_line.clear();
            break;
        }
        case State::Body:
        case State::ChunkData: {
            auto n = static_cast<std::int64_t>(data.size() - pos);
            const bool counted = m_state == State::ChunkData || m_head.body == BodyKind::ContentLength;
            if (counted)
                n = std::min(n, m_remaining);
            addBody(n);
            pos += static_cast<std::size_t>(n);
            if (counted && m_state != State::Error) {
                m_remaining -= n;
                if (m_remaining == 0)
                    m_state = m_state == State::ChunkData ? State::ChunkDataEnd : State::Done;
            }
            break;
        }
        case State::Done:
        case State::Error:
            break;
        }
    }
    return pos;
}

void ResponseParser::processStatusLine(std::string_view line)
{
    // HTTP-version SP status-code [SP reason-phrase]
    if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || !isDigit(line[5]) || line[6] != '.' ||
        !isDigit(line[7]) || line[8] != ' ' || !isDigit(line[9]) || !isDigit(line[10]) ||
        !isDigit(line[11]) || (line.size() > 12 && line[12] != ' ')) {
        fail("malformed status line");
        return;
    }
    const auto reason = line.size() > 13 ? line.substr(13) : std::string_view{};
    if (std::any_of(reason.begin(), reason.end(), isControl)) {
        fail("control character in the reason phrase");
        return;
    }
    m_head.versionMajor = line[5] - '0';
    m_head.versionMinor = line[7] - '0';
    if (m_head.versionMajor != 1) {
        fail("unsupported HTTP version " + std::string(line.substr(0, 8)));
        return;
    }
    m_head.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (m_head.status < 100) {
        fail("invalid status code");
        return;
    }
    m_head.statusLine = std::string(line);
    m_head.reason = std::string(reason);
    m_state = State::Headers;
}

void ResponseParser::processHeaderLine(std::string_view line)
{
    if (isOws(line.front())) {
        fail("obsolete header line folding");
        return;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        fail("header line without a name and colon");
        return;
    }
    const auto name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), isTokenChar)) {
        fail("invalid header name");
        return;
    }
    const auto value = trim(line.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), isControl)) {
        fail("control character in a header value");
        return;
    }
    if (m_head.headers.size() >= m_limits.maxHeaders) {
        fail("more than " + std::to_string(m_limits.maxHeaders) + " headers");
        return;
    }
    m_head.headers.emplace_back(std::string(name), std::string(value));
}

void ResponseParser::finishHead()
{
    if (m_head.status < 200) {
        if (m_head.status == 101) {
            fail("101 Switching Protocols is not supported");
            return;
        }
        if (++m_interim > m_limits.maxInterimResponses) {
            fail("too many interim (1xx) responses");
            return;
        }
        m_head = ResponseHead{};
        m_state = State::StatusLine;
        return;
    }

    bool close = false;
    bool keepAlive = false;
    bool haveTe = false;
    std::string_view lastCoding;
    std::optional<std::int64_t> length;
    bool badLength = false;
    for (const auto& [name, value] : m_head.headers) {
        if (iequals(name, "connection")) {
            close = close || headerHasToken(value, "close");
            keepAlive = keepAlive || headerHasToken(value, "keep-alive");
        } else if (iequals(name, "keep-alive")) {
            if (m_head.keepAliveTimeout < 0)
                m_head.keepAliveTimeout = parseKeepAliveTimeout(value).value_or(-1);
        } else if (iequals(name, "transfer-encoding")) {
            haveTe = true;
            forEachListItem(value, ",", [&](std::string_view coding) { lastCoding = coding; });
        } else if (iequals(name, "content-length")) {
            forEachListItem(value, ",", [&](std::string_view item) {
                const auto n = parseDecimal(item);
                if (!n || *n >= kMaxLength || (length && *length != *n))
                    badLength = true;
                else
                    length = n;
            });
            if (trim(value).empty())
                badLength = true;
        }
    }
    m_head.connectionClose = close || (m_head.versionMinor == 0 && !keepAlive);

    if (m_headRequest || m_head.status == 204 || m_head.status == 304) {
        m_head.body = BodyKind::None;
        m_state = State::Done;
        return;
    }
    if (haveTe) {
        m_framingConflict = length.has_value() || badLength;
        m_head.body = iequals(lastCoding, "chunked") ? BodyKind::Chunked : BodyKind::UntilClose;
        m_state = m_head.body == BodyKind::Chunked ? State::ChunkSize : State::Body;
        return;
    }
    if (badLength) {
        fail("invalid Content-Length");
        return;
    }
    if (length) {
        if (*length > m_limits.maxBodyBytes) {
            fail("response body of " + std::to_string(*length) + " bytes exceeds the limit of " +
                 std::to_string(m_limits.maxBodyBytes));
            return;
        }
        m_head.body = BodyKind::ContentLength;
        m_head.contentLength = *length;
        m_remaining = *length;
        m_state = *length == 0 ? State::Done : State::Body;
        return;
    }
    m_head.body = BodyKind::UntilClose;
    m_state = State::Body;
}

void ResponseParser::processChunkSize(std::string_view line)
{
    std::size_t i = 0;
    std::int64_t size = 0;
    for (; i < line.size(); ++i) {
        const char c = lower(line[i]);
        int digit = 0;
        if (isDigit(c))
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else
            break;
        if (size > (kMaxLength >> 4)) {
            fail("chunk size overflows");
            return;
        }
        size = size * 16 + digit;
    }
    auto rest = line.substr(i);
    while (!rest.empty() && isOws(rest.front()))
        rest.remove_prefix(1);
    if (i == 0 || (!rest.empty() && rest.front() != ';')) {
        fail("invalid chunk size line");
        return;
    }
    if (size == 0) {
        m_state = State::Trailers;
        return;
    }
    if (m_bodyBytes + size > m_limits.maxBodyBytes) {
        fail("response body exceeds the limit of " + std::to_string(m_limits.maxBodyBytes) + " bytes");
        return;
    }
    m_remaining = size;
    m_state = State::ChunkData;
}

void ResponseParser::processTrailer(std::string_view line)
{
    if (line.empty()) {
        m_state = State::Done;
        return;
    }
    const auto colon = line.find(':');
    if (isOws(line.front()) || colon == std::string_view::npos || colon == 0 ||
        !std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), isTokenChar))
        fail("malformed trailer field");
}

void ResponseParser::addBody(std::int64_t n)
{
    m_bodyBytes += n;
    if (m_bodyBytes > m_limits.maxBodyBytes)
        fail("response body exceeds the limit of " + std::to_string(m_limits.maxBodyBytes) + " bytes");
}

void ResponseParser::finishEof()
{
    switch (m_state) {
    case State::Done:
    case State::Error:
        return;
    case State::Body:
        if (m_head.body == BodyKind::UntilClose) {
            m_state = State::Done;
            return;
        }
        fail("connection closed after " + std::to_string(m_bodyBytes) + " of " +
             std::to_string(m_head.contentLength) + " body bytes");
        return;
    case State::StatusLine:
        if (m_headBytes == 0 && m_line.empty() && m_interim == 0) {
            fail("connection closed before a response");
            return;
        }
        [[fallthrough]];
    default:
        fail("connection closed in the middle of the response");
        return;
    }
}

ParseOutcome parseResponse(std::string_view bytes, bool headRequest, bool eof, ParserLimits limits)
{
    ResponseParser parser(headRequest, limits);
    ParseOutcome out;
    out.consumed = parser.feed(bytes);
    if (eof && out.consumed == bytes.size())
        parser.finishEof();
    out.state = parser.state();
    out.head = parser.head();
    out.bodyBytes = parser.bodyBytes();
    out.mustClose = parser.mustClose();
    out.error = parser.error();
    return out;
}

} // namespace poolscope::http
