#pragma once
// Minimal clients the lab tests talk through: sockets, a plain byte channel and an HTTP/1.1
// response reader, every wait bounded by poll(). Deliberately independent of the pool engine: only
// its socket layer (net/platform/socket_api.h) is used, so the clients run wherever the lab does
// and no test file includes a platform header.

#include "net/platform/socket_api.h"
#include "net/unique_fd.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::labtest {

using std::chrono::milliseconds;

namespace sys = poolscope::detail::sys;
/// A socket the test owns (the engine's RAII owner).
using Fd = poolscope::detail::UniqueFd;

struct Connected
{
    Fd fd;
    int error = 0; ///< errno value of the failed connect (ECONNREFUSED …), 0 on success
};

/// Non-blocking connect to `ip` (IPv4 or IPv6 literal), waiting at most `timeout`.
[[nodiscard]] Connected connectTcp(const std::string& ip, std::uint16_t port,
                                   milliseconds timeout = milliseconds(3000));
/// Starts a non-blocking connect and returns at once (for many connections in parallel).
[[nodiscard]] Connected startConnect(const std::string& ip, std::uint16_t port);

enum class Wait
{
    Ready,
    TimedOut,
    Failed
};
/// Polls `fd` for `events` (sys::kPollIn / kPollOut); Ready on any report, errors included.
[[nodiscard]] Wait waitFor(int fd, short events, milliseconds timeout);
/// Time left until `deadline`, never negative.
[[nodiscard]] milliseconds remainingUntil(std::chrono::steady_clock::time_point deadline);

/// A byte stream over which HTTP is spoken: plain TCP or TLS.
class Channel
{
public:
    virtual ~Channel() = default;
    /// > 0 bytes read, 0 at orderly EOF, -1 on error or when `timeout` passed (lastError says).
    virtual long readSome(char* data, std::size_t size, milliseconds timeout) = 0;
    virtual bool writeAll(std::string_view data, milliseconds timeout) = 0;
    [[nodiscard]] virtual int fd() const = 0;
    [[nodiscard]] int lastError() const noexcept { return m_lastError; } ///< an errno value, or ETIMEDOUT

protected:
    int m_lastError = 0;
};

class PlainChannel final : public Channel
{
public:
    explicit PlainChannel(Fd fd) : m_fd(std::move(fd)) {}
    long readSome(char* data, std::size_t size, milliseconds timeout) override;
    bool writeAll(std::string_view data, milliseconds timeout) override;
    [[nodiscard]] int fd() const override { return m_fd.get(); }

private:
    Fd m_fd;
};

struct HttpResponse
{
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;
    [[nodiscard]] std::string header(const std::string& lowerName) const;
};

/// Reads pipelined HTTP/1.1 responses from a channel, keeping bytes of the next one buffered.
class HttpReader
{
public:
    explicit HttpReader(Channel& channel) : m_channel(channel) {}
    /// The next response (no body for a HEAD request), or nothing on EOF/error/time-out.
    std::optional<HttpResponse> next(bool headRequest = false, milliseconds timeout = milliseconds(5000));
    /// True if the peer closes (EOF or reset) within `timeout` with no further bytes.
    bool closedWithin(milliseconds timeout);
    [[nodiscard]] const std::string& buffered() const noexcept { return m_buffer; }

private:
    bool fill(milliseconds timeout);
    Channel& m_channel;
    std::string m_buffer;
};

/// "GET <path> HTTP/1.1" with Host and any extra header lines ("Connection: close\r\n").
[[nodiscard]] std::string httpRequest(std::string_view method, std::string_view path,
                                      std::string_view extra = {});

/// A plain connection with an HTTP response reader on it.
struct HttpClient
{
    PlainChannel channel;
    HttpReader reader;
    explicit HttpClient(Fd fd) : channel(std::move(fd)), reader(channel) {}
};

/// Connects to a lab HTTP port; nullptr when the connect fails.
[[nodiscard]] inline std::unique_ptr<HttpClient> connectHttp(std::uint16_t port, const char* ip = "127.0.0.1")
{
    Connected c = connectTcp(ip, port);
    if (c.error != 0)
        return nullptr;
    return std::make_unique<HttpClient>(std::move(c.fd));
}

/// The I/O bound the lab suites use for one exchange.
inline constexpr milliseconds kIo(5000);

/// Whether this host can bind ::1 at all.
[[nodiscard]] bool ipv6Loopback();

} // namespace poolscope::labtest
