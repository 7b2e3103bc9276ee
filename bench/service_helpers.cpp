#include "service_helpers.h"

#include <algorithm>
#include <ctime>
#include <exception>
#include <vector>

namespace poolscope::bench {

double threadCpuSeconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

int fillIdleConnections(PoolService* service, const AcquireRequest& request, int count, int limitMs)
{
    std::vector<QFuture<Lease>> pending;
    pending.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        pending.push_back(service->acquire(request));
    const bool all = spinUntil(
        [&] {
            return std::all_of(pending.begin(), pending.end(), [](const auto& f) { return f.isFinished(); });
        },
        limitMs);
    int failed = 0;
    std::vector<QFuture<void>> releases;
    for (auto& future : pending) {
        if (!all || future.isCanceled()) {
            ++failed;
            continue;
        }
        try {
            releases.push_back(service->release(future.result().id));
        } catch (const std::exception&) {
            ++failed;
        }
    }
    (void)spinUntil(
        [&] { return std::all_of(releases.begin(), releases.end(), [](auto& f) { return f.isFinished(); }); },
        limitMs);
    return failed;
}

} // namespace poolscope::bench
