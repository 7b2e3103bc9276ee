#pragma once
// Sequential GETs over kept-alive connections to the lab's HTTP(S) server, one client at a time.
// Every client sends the same minimal request and reads the whole response before the next one.

#include "bench_common.h"

#include <memory>
#include <string>
#include <string_view>

namespace poolscope::bench {

inline constexpr std::string_view kGetRequest = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// Collects one HTTP/1.1 response (Content-Length framing, as the lab sends) from pieces.
class ResponseReader
{
public:
    void reset()
    {
        m_buffer.clear();
        m_total = 0;
    }
    /// Adds bytes; true once the whole response is there.
    bool feed(const char* data, std::size_t size);
    [[nodiscard]] bool ok() const { return m_buffer.rfind("HTTP/1.1 200", 0) == 0; }

private:
    std::string m_buffer;
    std::size_t m_total = 0; ///< head + body once the head is complete
};

class KeepAliveClient
{
public:
    virtual ~KeepAliveClient() = default;
    /// Connects (and warms up); false with `error` set when it cannot.
    virtual bool setup(std::string& error) = 0;
    /// Runs `requests` GETs; µs per request, NaN on any failure (with `error` set).
    virtual double run(int requests, std::string& error) = 0;
};

/// `capture`: with ConnectionPool::setHandshakeCapture(true) (the wire log of a plain connection).
std::unique_ptr<KeepAliveClient> makePoolScopeClient(const LabEndpoints& lab, bool tls, bool capture = false);
std::unique_ptr<KeepAliveClient> makeRawClient(const LabEndpoints& lab, bool tls);
std::unique_ptr<KeepAliveClient> makeCurlClient(const LabEndpoints& lab, bool tls);
std::unique_ptr<KeepAliveClient> makeQnamClient(const LabEndpoints& lab, bool tls);

} // namespace poolscope::bench
