#include "lab_test_clients.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace poolscope::labtest {

namespace {

using Clock = std::chrono::steady_clock;

bool fillAddress(const std::string& ip, std::uint16_t port, sockaddr_storage& storage, socklen_t& length)
{
    storage = {};
    sockaddr_in v4{};
    if (::inet_pton(AF_INET, ip.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        std::memcpy(&storage, &v4, sizeof v4);
        length = sizeof v4;
        return true;
    }
    sockaddr_in6 v6{};
    if (::inet_pton(AF_INET6, ip.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        std::memcpy(&storage, &v6, sizeof v6);
        length = sizeof v6;
        return true;
    }
    return false;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

milliseconds remainingUntil(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    return std::max(left, milliseconds(0));
}

Fd::Fd(Fd&& o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}

Fd& Fd::operator=(Fd&& o) noexcept
{
    if (this != &o) {
        reset();
        m_fd = std::exchange(o.m_fd, -1);
    }
    return *this;
}

Fd::~Fd()
{
    reset();
}

void Fd::reset() noexcept
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

Connected startConnect(const std::string& ip, std::uint16_t port)
{
    Connected result;
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (!fillAddress(ip, port, storage, length)) {
        result.error = EINVAL;
        return result;
    }
    Fd fd(::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        result.error = errno;
        return result;
    }
    const int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0 &&
        errno != EINPROGRESS) {
        result.error = errno;
        return result;
    }
    result.fd = std::move(fd);
    return result;
}

Connected connectTcp(const std::string& ip, std::uint16_t port, milliseconds timeout)
{
    Connected result = startConnect(ip, port);
    if (!result.fd.valid())
        return result;
    if (waitFor(result.fd.get(), POLLOUT, timeout) != Wait::Ready) {
        result.fd.reset();
        result.error = ETIMEDOUT;
        return result;
    }
    int soError = 0;
    socklen_t len = sizeof soError;
    ::getsockopt(result.fd.get(), SOL_SOCKET, SO_ERROR, &soError, &len);
    if (soError != 0) {
        result.fd.reset();
        result.error = soError;
    }
    return result;
}

Wait waitFor(int fd, short events, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(remainingUntil(deadline).count()));
        if (n > 0)
            return Wait::Ready;
        if (n == 0)
            return Wait::TimedOut;
        if (errno != EINTR)
            return Wait::Failed;
    }
}

long PlainChannel::readSome(char* data, std::size_t size, milliseconds timeout)
{
    const Wait w = waitFor(m_fd.get(), POLLIN, timeout);
    if (w != Wait::Ready) {
        m_lastError = w == Wait::TimedOut ? ETIMEDOUT : errno;
        return -1;
    }
    const ssize_t n = ::recv(m_fd.get(), data, size, 0);
    if (n < 0) {
        m_lastError = errno;
        return -1;
    }
    return static_cast<long>(n);
}

bool PlainChannel::writeAll(std::string_view data, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        const ssize_t n = ::send(m_fd.get(), data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            m_lastError = errno;
            return false;
        }
        if (waitFor(m_fd.get(), POLLOUT, remainingUntil(deadline)) != Wait::Ready) {
            m_lastError = ETIMEDOUT;
            return false;
        }
    }
    return true;
}

std::string HttpResponse::header(const std::string& lowerName) const
{
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

bool HttpReader::fill(milliseconds timeout)
{
    std::array<char, 16384> chunk{};
    const long n = m_channel.readSome(chunk.data(), chunk.size(), timeout);
    if (n <= 0)
        return false;
    m_buffer.append(chunk.data(), static_cast<std::size_t>(n));
    return true;
}

std::optional<HttpResponse> HttpReader::next(bool headRequest, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    std::size_t headEnd = 0;
    while ((headEnd = m_buffer.find("\r\n\r\n")) == std::string::npos) {
        if (remainingUntil(deadline) == milliseconds(0) || !fill(remainingUntil(deadline)))
            return std::nullopt;
    }
    HttpResponse response;
    const std::string head = m_buffer.substr(0, headEnd);
    std::size_t lineEnd = head.find("\r\n");
    const std::string statusLine = head.substr(0, lineEnd);
    if (statusLine.rfind("HTTP/1.", 0) != 0 || statusLine.size() < 12)
        return std::nullopt;
    response.status = std::atoi(statusLine.substr(9, 3).c_str());
    while (lineEnd != std::string::npos) {
        const std::size_t start = lineEnd + 2;
        lineEnd = head.find("\r\n", start);
        const std::string line =
            head.substr(start, lineEnd == std::string::npos ? std::string::npos : lineEnd - start);
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        response.headers[lower(line.substr(0, colon))] = value;
    }
    m_buffer.erase(0, headEnd + 4);
    const std::size_t length =
        headRequest
            ? 0
            : static_cast<std::size_t>(std::strtoull(response.header("content-length").c_str(), nullptr, 10));
    while (m_buffer.size() < length) {
        if (remainingUntil(deadline) == milliseconds(0) || !fill(remainingUntil(deadline)))
            return std::nullopt;
    }
    response.body = m_buffer.substr(0, length);
    m_buffer.erase(0, length);
    return response;
}

bool HttpReader::closedWithin(milliseconds timeout)
{
    std::array<char, 4096> chunk{};
    const long n = m_channel.readSome(chunk.data(), chunk.size(), timeout);
    if (n > 0) {
        m_buffer.append(chunk.data(), static_cast<std::size_t>(n));
        return false;
    }
    return n == 0 || m_channel.lastError() != ETIMEDOUT;
}

std::string httpRequest(std::string_view method, std::string_view path, std::string_view extra)
{
    std::string request(method);
    request += ' ';
    request += path;
    request += " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: lab-test\r\n";
    request += extra;
    request += "\r\n";
    return request;
}

bool ipv6Loopback()
{
    Fd fd(::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd.valid())
        return false;
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_addr = in6addr_loopback;
    return ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
}

} // namespace poolscope::labtest
