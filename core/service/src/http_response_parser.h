#pragma once
// HTTP/1.1 response parsing for the probe: status line, headers, body framing (Content-Length,
// chunked, until close; none for HEAD/1xx/204/304) and the Connection / Keep-Alive headers.
// Pure: no I/O, no clocks, no Qt, bounded memory (the body is counted, not kept), so it can be
// unit-tested with malformed input and fuzzed (feed arbitrary bytes in arbitrary splits).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace poolscope::http {

enum class BodyKind
{
    None,
    ContentLength,
    Chunked,
    UntilClose
};

struct ResponseHead
{
    int versionMajor = 0;
    int versionMinor = 0;
    int status = 0;
    std::string statusLine; ///< without the line ending
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers; ///< names as received, values trimmed
    bool connectionClose = false; ///< "Connection: close", or HTTP/1.0 without "keep-alive"
    int keepAliveTimeout = -1;    ///< "Keep-Alive: timeout=N" (seconds), -1 when absent/invalid
    BodyKind body = BodyKind::None;
    std::int64_t contentLength = -1;

    /// The first header called `name` (case-insensitive).
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

struct ParserLimits
{
    std::size_t maxHeadBytes = std::size_t{64}
                               << 10; ///< status line + headers (+ each interim head, + trailers)
    std::size_t maxHeaders = 128;
    std::int64_t maxBodyBytes = std::int64_t{4} << 20;
    std::size_t maxChunkLineBytes = 1024;
    int maxInterimResponses = 8; ///< 1xx heads skipped before the final one
};

/// Incremental parser of one response. Feed the bytes as they arrive; call finishEof() when the
/// peer closed. Bytes after a complete response are not consumed (feed() says how many it used).
class ResponseParser
{
public:
    enum class State
    {
        StatusLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Error
    };

    explicit ResponseParser(bool headRequest, ParserLimits limits = {});

    /// Consumes bytes; returns how many were used (less than data.size() only when Done/Error).
    std::size_t feed(std::string_view data);
    /// The connection was closed by the peer: completes an until-close body, otherwise an error
    /// if the response is incomplete.
    void finishEof();

    [[nodiscard]] State state() const noexcept { return m_state; }
    [[nodiscard]] bool done() const noexcept { return m_state == State::Done; }
    [[nodiscard]] bool failed() const noexcept { return m_state == State::Error; }
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    [[nodiscard]] const ResponseHead& head() const noexcept { return m_head; }
    [[nodiscard]] std::int64_t bodyBytes() const noexcept { return m_bodyBytes; }
    [[nodiscard]] int interimResponses() const noexcept { return m_interim; }
    /// The connection cannot be reused after this response: Connection: close, HTTP/1.0 without
    /// keep-alive, a body delimited by the close, or ambiguous framing (Transfer-Encoding + Content-Length).
    [[nodiscard]] bool mustClose() const noexcept;

private:
    bool takeLine(std::string_view data, std::size_t& pos, std::size_t limit, bool& complete);
    void processStatusLine(std::string_view line);
    void processHeaderLine(std::string_view line);
    void finishHead();
    void processChunkSize(std::string_view line);
    void processTrailer(std::string_view line);
    void addBody(std::int64_t n);
    void fail(std::string message);

    bool m_headRequest;
    ParserLimits m_limits;
    State m_state = State::StatusLine;
    ResponseHead m_head;
    std::string m_line; ///< partial line being assembled
    std::size_t m_headBytes = 0;
    std::int64_t m_bodyBytes = 0;
    std::int64_t m_remaining = 0; ///< Content-Length left / current chunk left
    bool m_framingConflict = false;
    int m_interim = 0;
    std::string m_error;
};

/// "timeout=5, max=100" → 5. Case-insensitive, optional quotes and whitespace, ',' or ';'
/// separated. nullopt when there is no valid timeout parameter. Values above 10^6 are clamped.
[[nodiscard]] std::optional<int> parseKeepAliveTimeout(std::string_view value);

/// Whether a comma-separated header value (Connection) holds `token` (case-insensitive).
[[nodiscard]] bool headerHasToken(std::string_view value, std::string_view token);
/// The line a wire log notes for a response: its status line and the headers that decide what
/// happens to the connection, e.g. "HTTP/1.1 200 OK; Connection: keep-alive; Keep-Alive: timeout=5"
/// (each header only when present).
[[nodiscard]] std::string wireNote(const ResponseHead& head);

/// One-shot helper over ResponseParser: parses `bytes` as a whole (with `eof` when the peer
/// closed after them).
struct ParseOutcome
{
    ResponseParser::State state = ResponseParser::State::StatusLine;
    ResponseHead head;
    std::int64_t bodyBytes = 0;
    std::size_t consumed = 0;
    bool mustClose = false;
    std::string error;
};
[[nodiscard]] ParseOutcome parseResponse(std::string_view bytes, bool headRequest, bool eof,
                                         ParserLimits limits = {});

} // namespace poolscope::http
