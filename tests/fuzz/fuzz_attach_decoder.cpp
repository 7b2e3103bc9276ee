// FrameDecoder on arbitrary bytes (what a peer of the attach protocol may send). The input is fed
// in pieces whose sizes come from its first byte, draining after each feed as the publisher does.
// Oracle: no crash, no sanitizer report, and the decoder's promises: it never holds more than one
// frame plus the last piece, stays failed after its first error (no message after it), and every
// message it returns encodes again to a frame it decodes to the same bytes.
#include "poolscope/trace/attach_protocol.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace poolscope::trace::attach;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    constexpr std::size_t kMaxFrame = 4096; // small, so the fuzzer reaches the limit
    const std::size_t piece = std::size_t{data[0]} % 64 + 1;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    FrameDecoder decoder(kMaxFrame, 1'000'000);
    bool failed = false;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
        decoder.feed(bytes.substr(at, piece));
        if (decoder.buffered() > kMaxFrame + 4 + piece)
            std::abort();
        for (int i = 0; i < 10'000; ++i) {
            const auto message = decoder.next();
            if (!message)
                break;
            if (failed)
                std::abort();
            std::string frame;
            encodeFrame(frame, *message, {});
            FrameDecoder again(std::size_t{64} << 20, 1'000'000);
            again.feed(frame);
            const auto decoded = again.next();
            if (!decoded || decoded->index() != message->index())
                std::abort();
        }
        if (failed && !decoder.failed())
            std::abort();
        failed = decoder.failed();
        if (failed && (decoder.error().empty() || decoder.buffered() != 0))
            std::abort();
    }
    return 0;
}
