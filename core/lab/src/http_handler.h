#pragma once
// HTTP/1.1 for the lab's web servers, without any I/O: bytes in, responses out. Pipelined
// requests are answered in order; a request that asks to close (or is malformed) ends the stream.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace poolscope::lab::detail {

inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
inline constexpr std::size_t kMaxBytesPath = 1024 * 1024; ///< largest N for /bytes/N

class HttpSession
{
public:
    explicit HttpSession(std::chrono::seconds keepAlive) : m_keepAlive(keepAlive) {}

    /// Consumes every complete request at the front of `input` (erasing it) and appends the
    /// responses to `output`, stopping early once `output` holds `outputBudget` bytes so a client
    /// pipelining huge downloads cannot make the server buffer without bound.
    /// Returns how many requests were answered.
    std::size_t process(std::string& input, std::string& output, std::size_t outputBudget);

    /// True once a response that ends the connection ("Connection: close", 400) was produced;
    /// everything after it in `input` is ignored.
    [[nodiscard]] bool closeAfterResponse() const noexcept { return m_close; }

private:
    enum class Step
    {
        Answered,
        NeedMore
    };
    Step processOne(std::string_view input, std::size_t& consumed, std::string& output);

    std::chrono::seconds m_keepAlive;
    std::size_t m_bodyToSkip = 0;
    bool m_close = false;
};

} // namespace poolscope::lab::detail
