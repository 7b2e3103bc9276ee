#pragma once
// The naive pool the hit-path figures are compared with (a mutex and a hash map of idle
// descriptors) and the liveness check it makes, shared by poolscope-bench and poolscope-hitcount.
#include <cerrno>
#include <cstdint>
#include <mutex>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace poolscope::bench {

/// The same check the engine makes on a plain idle connection (tls_liveness.cpp): poll, and only
/// when it says readable, a peek to tell EOF / bytes from a spurious wake-up. Used by the baseline
/// pool and by the syscall-floor row.
inline bool plainUsable(int fd) noexcept
{
    pollfd p{fd, POLLIN, 0};
    int ready = -1;
    do {
        ready = ::poll(&p, 1, 0);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0 || (p.revents & POLLNVAL) != 0)
        return false;
    if (ready == 0)
        return true;
    char byte = 0;
    ssize_t n = -1;
    do {
        n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

/// What a straightforward pool looks like: one mutex, a hash map from "host:port" (built on every
/// call) to a stack of idle descriptors, the liveness check outside the lock.
class MutexMapPool
{
public:
    explicit MutexMapPool(bool check) : m_check(check) {}
    ~MutexMapPool()
    {
        for (auto& [key, fds] : m_idle)
            for (int fd : fds)
                ::close(fd);
    }
    MutexMapPool(const MutexMapPool&) = delete;
    MutexMapPool& operator=(const MutexMapPool&) = delete;

    int acquire(const std::string& host, std::uint16_t port)
    {
        const std::string key = host + ':' + std::to_string(port);
        for (int attempt = 0; attempt < 64; ++attempt) {
            int fd = -1;
            {
                std::lock_guard lock(m_mutex);
                auto it = m_idle.find(key);
                if (it == m_idle.end() || it->second.empty())
                    return -1;
                fd = it->second.back();
                it->second.pop_back();
            }
            if (!m_check || plainUsable(fd))
                return fd;
            ::close(fd);
        }
        return -1;
    }

    void release(const std::string& host, std::uint16_t port, int fd)
    {
        if (m_check && !plainUsable(fd)) {
            ::close(fd);
            return;
        }
        const std::string key = host + ':' + std::to_string(port);
        std::lock_guard lock(m_mutex);
        m_idle[key].push_back(fd);
    }

private:
    bool m_check;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::vector<int>> m_idle;
};

} // namespace poolscope::bench
