// The lab's HTTP/1.1 server side on arbitrary client bytes, fed in arbitrary pieces. Oracle: the
// output stays within the budget it was given (plus one response), and nothing crashes.
#include "http_handler.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t step = 1 + data[0] % 64;
    poolscope::lab::detail::HttpSession session(std::chrono::seconds(5));
    std::string input;
    std::string output;
    constexpr std::size_t kBudget = 1 << 16;
    for (std::size_t at = 1; at < size && !session.closeAfterResponse(); at += step) {
        input.append(reinterpret_cast<const char*>(data + at), std::min(step, size - at));
        (void)session.process(input, output, kBudget);
        if (output.size() > kBudget + poolscope::lab::detail::kMaxBytesPath + 4096)
            std::abort();
        output.clear();
    }
    return 0;
}
