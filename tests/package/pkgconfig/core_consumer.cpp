// pkgconfig_core_consumer: built by package_consumer_pkgconfig against the *installed* tree with
// nothing but `pkg-config --cflags --libs poolscope-core poolscope-lab` (no CMake package). It
// resolves a lab name through the lab's DNS server (c-ares), dials the lab's HTTPS server over TLS
// (OpenSSL; verified as "localhost", a name on the lab's certificate), sends one request, then dials
// twice more to check that a returned connection is reused. So a library missing from the .pc
// files fails the link, and a wrong one fails here.
// Prints "pkgconfig core: OK" and exits 0 on success.

#include <chrono>
#include <cstdio>
#include <poolscope/connection_pool.h>
#include <poolscope/lab/lab.h>
#include <string>

using namespace std::chrono_literals;

namespace {

int fail(const std::string& why)
{
    std::fprintf(stderr, "pkgconfig core: FAILED: %s\n", why.c_str());
    return 1;
}

} // namespace

int main()
{
    auto lab = poolscope::lab::Lab::start();
    if (!lab)
        return fail("lab: " + lab.error().message);

    poolscope::PoolParams params;
    params.dnsServers = {(*lab)->dnsServer()};
    auto pool = poolscope::ConnectionPool::create(params);
    if (!pool)
        return fail("pool: " + pool.error().message);

    poolscope::DialRequest request;
    request.host = "pkgconfig.lab.test"; // the lab's DNS answers 127.0.0.1 / ::1
    request.port = (*lab)->port(poolscope::lab::ServerKind::Https);
    request.tls = true;
    request.overrideTls = true;
    request.tlsOptions = (*lab)->trustingTls();
    request.tlsOptions.serverName = "localhost"; // a name the lab's certificate holds
    request.timeout = 5s;

    {
        auto first = pool->dial(request);
        if (!first)
            return fail("dial: " + first.error().message);
        const std::string get = "GET / HTTP/1.1\r\nHost: pkgconfig.lab.test\r\n\r\n";
        if (auto written = first->writeAll(get, 5000ms); !written)
            return fail("write: " + written.error().message);
        char buffer[64] = {};
        auto read = first->readSome(buffer, sizeof buffer - 1, 5000ms);
        if (!read || *read == 0)
            return fail("no response");
        if (std::string(buffer, *read).rfind("HTTP/1.1 ", 0) != 0)
            return fail("not an HTTP response: " + std::string(buffer, *read));
        // A response larger than this read would leave bytes behind and spoil reuse: close it.
        (void)first->close();
    }
    {
        auto fresh = pool->dial(request);
        if (!fresh)
            return fail("second dial: " + fresh.error().message);
    } // returned to the pool here
    auto again = pool->dial(request);
    if (!again)
        return fail("third dial: " + again.error().message);
    if (!again->reused())
        return fail("the idle connection was not reused");
    std::printf("pkgconfig core: OK (dialled %s:%u over TLS, reused)\n", request.host.c_str(),
                static_cast<unsigned>(request.port));
    return 0;
}
