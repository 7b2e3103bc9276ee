// The lab's DNS responder on arbitrary datagrams. Oracle: an answer echoes the query's id and is
// marked as a response; nothing crashes.
#include "dns_server.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto answer = poolscope::lab::detail::answerDnsQuery(std::span<const std::uint8_t>(data, size));
    if (!answer)
        return 0;
    if (size < 2 || answer->size() < 12 || (*answer)[0] != data[0] || (*answer)[1] != data[1])
        std::abort();
    if (((*answer)[2] & 0x80) == 0)
        std::abort(); // QR bit: it must be a response
    return 0;
}
