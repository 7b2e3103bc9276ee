#include "lab_test_clients.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <utility>

namespace poolscope::labtest {

namespace {

using Clock = std::chrono::steady_clock;
using poolscope::detail::SocketAddress;

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

Connected startConnect(const std::string& ip, std::uint16_t port)
{
    Connected result;
    const std::optional<SocketAddress> address = SocketAddress::parseLiteral(ip, port);
    if (!address) {
        result.error = EINVAL;
        return result;
    }
    // Non-blocking, not inherited, TCP_NODELAY.
    Fd fd(sys::openTcp(address->family(), result.error));
    if (!fd.valid())
        return result;
    const int started = sys::connect(fd.get(), *address);
    if (started != 0 && started != EINPROGRESS) {
        result.error = started;
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
    if (waitFor(result.fd.get(), sys::kPollOut, timeout) != Wait::Ready) {
        result.fd.reset();
        result.error = ETIMEDOUT;
        return result;
    }
    if (const int err = sys::pendingError(result.fd.get()); err != 0) {
        result.fd.reset();
        result.error = err;
    }
    return result;
}

Wait waitFor(int fd, short events, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    for (int attempt = 0; attempt < 100; ++attempt) { // EINTR aside, the first round decides
        sys::PollEntry entry{fd, events, 0};
        const int n = sys::poll(&entry, 1, static_cast<int>(remainingUntil(deadline).count()));
        if (n > 0)
            return Wait::Ready;
        if (n == 0)
            return Wait::TimedOut;
        if (n != -EINTR)
            return Wait::Failed;
    }
    return Wait::Failed;
}

long PlainChannel::readSome(char* data, std::size_t size, milliseconds timeout)
{
    const Wait w = waitFor(m_fd.get(), sys::kPollIn, timeout);
    if (w != Wait::Ready) {
        m_lastError = w == Wait::TimedOut ? ETIMEDOUT : EIO;
        return -1;
    }
    const sys::IoResult n = sys::recv(m_fd.get(), data, size);
    if (n < 0) {
        m_lastError = static_cast<int>(-n);
        return -1;
    }
    return static_cast<long>(n);
}

bool PlainChannel::writeAll(std::string_view data, milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        const sys::IoResult n = sys::send(m_fd.get(), data.data(), data.size()); // never SIGPIPE
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && !sys::retryable(static_cast<int>(-n))) {
            m_lastError = static_cast<int>(-n);
            return false;
        }
        if (waitFor(m_fd.get(), sys::kPollOut, remainingUntil(deadline)) != Wait::Ready) {
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
    int err = 0;
    const Fd fd(sys::openSocket(SocketAddress::loopback(true, 0).family(), sys::SocketType::Datagram, err));
    return fd.valid() && sys::bind(fd.get(), SocketAddress::loopback(true, 0)) == 0;
}

} // namespace poolscope::labtest
