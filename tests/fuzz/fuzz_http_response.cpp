// The probe's HTTP/1.1 response parser on arbitrary bytes. Oracle: parsing the input in one piece
// and in arbitrary splits must agree (same state, status, framing, body size, reuse decision).
#include "http_response_parser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const bool head = (data[0] & 1) != 0;
    const bool eof = (data[0] & 2) != 0;
    const std::size_t step = 1 + data[1] % 17;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

    poolscope::http::ParserLimits limits;
    limits.maxHeadBytes = 4096;
    limits.maxBodyBytes = 1 << 16;
    const auto whole = poolscope::http::parseResponse(bytes, head, eof, limits);

    poolscope::http::ResponseParser split(head, limits);
    std::size_t consumed = 0;
    for (std::size_t at = 0; at < bytes.size() && !split.done() && !split.failed(); at += step) {
        const auto piece = bytes.substr(at, step);
        const std::size_t used = split.feed(piece);
        if (used > piece.size())
            std::abort();
        consumed += used;
    }
    if (eof && !split.done() && !split.failed())
        split.finishEof();

    if (whole.state != split.state())
        std::abort();
    if (split.done()) {
        if (whole.consumed != consumed)
            std::abort(); // after a complete response, the next one starts at the same byte
        if (whole.head.status != split.head().status || whole.bodyBytes != split.bodyBytes() ||
            whole.mustClose != split.mustClose())
            std::abort();
        if (split.head().status < 100 || split.head().status > 999)
            std::abort();
    }
    if (split.failed() && split.error().empty())
        std::abort(); // a failure must say why
    (void)poolscope::http::parseKeepAliveTimeout(bytes);
    (void)poolscope::http::headerHasToken(bytes, "close");
    return 0;
}
