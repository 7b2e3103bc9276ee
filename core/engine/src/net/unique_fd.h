#pragma once
// RAII owner of a socket.

#include "net/platform/socket_api.h"

#include <utility>

namespace poolscope::detail {

class UniqueFd
{
public:
    UniqueFd() = default;
    explicit UniqueFd(sys::Socket fd) noexcept : m_fd(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : m_fd(std::exchange(o.m_fd, sys::kInvalidSocket)) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept
    {
        if (this != &o)
            reset(std::exchange(o.m_fd, sys::kInvalidSocket));
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    [[nodiscard]] sys::Socket get() const noexcept { return m_fd; }
    [[nodiscard]] bool valid() const noexcept { return m_fd != sys::kInvalidSocket; }
    [[nodiscard]] sys::Socket release() noexcept { return std::exchange(m_fd, sys::kInvalidSocket); }
    void reset(sys::Socket fd = sys::kInvalidSocket) noexcept
    {
        if (valid())
            sys::close(m_fd);
        m_fd = fd;
    }

private:
    sys::Socket m_fd = sys::kInvalidSocket;
};

} // namespace poolscope::detail
