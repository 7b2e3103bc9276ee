// poolscope-hitcount: the hit path (acquire an idle connection + release it, one thread, one key)
// in loops made to be counted by callgrind rather than timed. Wall-clock figures on a loaded
// machine are noise; instruction counts are not. Each loop is its own function, so
// bench/hitcount.sh reads each one's inclusive instruction count and divides it by the cycles:
//
//   countPoolCycles      ConnectionPool::dial() that reuses + PooledConnection::release()
//   countTwoKeyCycles    the same, alternating between two keys
//   countCheckCycles     the engine's liveness check of an idle plain connection, alone
//   countBaselineCycles  the naive pool (mutex + unordered_map<string, vector<int>>), no check
//
// The pool's own bookkeeping per cycle is the first minus the second; the third is the
// baseline's. The server is a listening socket of this process on 127.0.0.1: a connection the
// kernel completed from the backlog stays idle and usable, which is all the hit path needs.
//
//   poolscope-hitcount [cycles]   (default 20000; exit code 1 if a cycle did not reuse)
#include "baseline_pool.h"
#include "poolscope/connection_pool.h"
#include "tls/tls_client.h"

#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace poolscope::bench {

// Not static and never inlined: callgrind reports each under its own name.
[[gnu::noinline]] int countPoolCycles(ConnectionPool& pool, const DialRequest& request, int cycles)
{
    int failures = 0;
    for (int i = 0; i < cycles; ++i) {
        auto lease = pool.dial(request);
        if (!lease || !lease->reused() || !lease->release())
            ++failures;
    }
    return failures;
}

/// The same, alternating between two keys whose hosts have the same length (127.0.0.1 and
/// localhost): what a dial pays when it names another key than the previous one.
[[gnu::noinline]] int countTwoKeyCycles(ConnectionPool& pool, const DialRequest& first,
                                        const DialRequest& second, int cycles)
{
    int failures = 0;
    for (int i = 0; i < cycles; ++i) {
        auto lease = pool.dial(i % 2 == 0 ? first : second);
        if (!lease || !lease->reused() || !lease->release())
            ++failures;
    }
    return failures;
}

[[gnu::noinline]] int countCheckCycles(int fd, int cycles)
{
    int failures = 0;
    for (int i = 0; i < cycles; ++i) {
        if (!detail::plainIdleConnectionUsable(fd))
            ++failures;
    }
    return failures;
}

[[gnu::noinline]] int countBaselineCycles(MutexMapPool& pool, const std::string& host, std::uint16_t port,
                                          int cycles)
{
    int failures = 0;
    for (int i = 0; i < cycles; ++i) {
        const int fd = pool.acquire(host, port);
        if (fd < 0) {
            ++failures;
            continue;
        }
        pool.release(host, port, fd);
    }
    return failures;
}

namespace {

/// A listening socket on 127.0.0.1 with an ephemeral port; -1 on failure.
int listenLoopback(std::uint16_t& port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        return -1;
    }
    port = ntohs(addr.sin_port);
    return fd;
}

int connectLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int run(int cycles)
{
    std::uint16_t port = 0;
    const int listener = listenLoopback(port);
    if (listener < 0) {
        std::fprintf(stderr, "poolscope-hitcount: cannot listen on 127.0.0.1\n");
        return 1;
    }
    PoolParams params;
    params.maxConnections = 4;
    params.maxKeepAlive = std::chrono::minutes(10);
    auto pool = ConnectionPool::create(params);
    DialRequest request;
    request.host = "127.0.0.1";
    request.port = port;
    request.timeout = std::chrono::seconds(10);
    DialRequest otherKey = request; // same port, another host of the same length
    otherKey.host = "localhost";
    MutexMapPool baseline(false);
    const int checkFd = connectLoopback(port);
    const int baselineFd = connectLoopback(port);
    if (baselineFd >= 0)
        baseline.release(request.host, port, baselineFd); // the baseline owns (and closes) it
    int failures = 0;
    if (!pool || checkFd < 0 || baselineFd < 0) {
        std::fprintf(stderr, "poolscope-hitcount: cannot set up the loopback connections\n");
        failures = 1;
    } else if (auto first = pool->dial(request); !first || !first->release()) {
        std::fprintf(stderr, "poolscope-hitcount: the first dial failed\n");
        failures = 1;
    } else if (auto second = pool->dial(otherKey); !second || !second->release()) {
        std::fprintf(stderr, "poolscope-hitcount: the dial of localhost failed\n");
        failures = 1;
    } else {
        // Warm-up (lazy symbol binding, first allocations), outside the counted functions' names.
        constexpr int kWarmUp = 100;
        for (int i = 0; i < kWarmUp; ++i) {
            auto lease = pool->dial(i % 2 == 0 ? request : otherKey);
            (void)detail::plainIdleConnectionUsable(checkFd);
            const int fd = baseline.acquire(request.host, port);
            if (fd >= 0)
                baseline.release(request.host, port, fd);
        }
        failures += countPoolCycles(pool.value(), request, cycles);
        failures += countTwoKeyCycles(pool.value(), request, otherKey, cycles);
        failures += countCheckCycles(checkFd, cycles);
        failures += countBaselineCycles(baseline, request.host, port, cycles);
        if (failures > 0)
            std::fprintf(stderr, "poolscope-hitcount: %d cycles did not reuse an idle connection\n",
                         failures);
        else
            std::printf("poolscope-hitcount: %d cycles of each loop, every one reused\n", cycles);
    }
    if (checkFd >= 0)
        ::close(checkFd);
    ::close(listener);
    return failures > 0 ? 1 : 0;
}

} // namespace

} // namespace poolscope::bench

int main(int argc, char** argv)
{
    int cycles = 20'000;
    if (argc > 1) {
        char* end = nullptr;
        const long value = std::strtol(argv[1], &end, 10);
        if (end == argv[1] || *end != '\0' || value < 1 || value > 10'000'000) {
            std::fprintf(stderr, "usage: poolscope-hitcount [cycles 1..10000000]\n");
            return 2;
        }
        cycles = static_cast<int>(value);
    }
    return poolscope::bench::run(cycles);
}
