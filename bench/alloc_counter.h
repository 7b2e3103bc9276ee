#pragma once
// Heap accounting for the memory figures. The benchmark binary replaces the global operator new
// and installs OpenSSL memory functions; both keep per-thread tallies of live bytes (malloc's
// usable size plus its 8-byte chunk header, per allocation), so a figure taken on one thread
// is not disturbed by other threads. C++ (the pool's own structures) and OpenSSL are kept apart.

#include <cstdint>

namespace poolscope::bench::alloc {

struct Tally
{
    std::int64_t cppBytes = 0; ///< live bytes from operator new on this thread
    std::int64_t cppBlocks = 0;
    std::int64_t opensslBytes = 0; ///< live bytes from OPENSSL_malloc on this thread
    std::int64_t opensslBlocks = 0;
};

/// This thread's tally now (take two and subtract).
[[nodiscard]] Tally current() noexcept;

/// Routes OpenSSL's allocations through the counter. Must run before OpenSSL allocates anything
/// (first thing in main); returns false when that was too late (OpenSSL figures are then n/a).
bool installOpenSslCounter() noexcept;
[[nodiscard]] bool openSslCounterInstalled() noexcept;

} // namespace poolscope::bench::alloc
