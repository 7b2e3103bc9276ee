#pragma once
// Thread-safe errno text, whichever strerror_r the C library provides.

#include <cstring>
#include <string>

namespace poolscope::detail {

namespace sys_error_impl {
// GNU strerror_r returns the text (possibly not in `buf`); XSI strerror_r returns a status.
inline const char* pick(const char* gnuResult, const char*) noexcept
{
    return gnuResult;
}
inline const char* pick(int xsiStatus, const char* buf) noexcept
{
    return xsiStatus == 0 ? buf : nullptr;
}
} // namespace sys_error_impl

inline std::string errnoText(int err)
{
    char buf[128] = {};
    const char* text = sys_error_impl::pick(::strerror_r(err, buf, sizeof buf), buf);
    if (!text || !*text)
        return "error " + std::to_string(err);
    return text;
}

} // namespace poolscope::detail
