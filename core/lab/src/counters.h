#pragma once
// Counters written by the loop thread and read by any thread through Lab::counters().

#include "poolscope/lab/lab.h"

#include <atomic>
#include <cstdint>

namespace poolscope::lab::detail {

struct AtomicCounters
{
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> handshakes{0};
    std::atomic<std::uint64_t> resumed{0};
    std::atomic<int> open{0};

    [[nodiscard]] ServerCounters snapshot() const noexcept
    {
        ServerCounters c;
        c.accepted = accepted.load(std::memory_order_relaxed);
        c.requests = requests.load(std::memory_order_relaxed);
        c.handshakes = handshakes.load(std::memory_order_relaxed);
        c.resumed = resumed.load(std::memory_order_relaxed);
        c.open = open.load(std::memory_order_relaxed);
        return c;
    }
};

} // namespace poolscope::lab::detail
