#pragma once
// The few facts about the platform a test needs that neither Qt nor the engine's socket layer
// gives: the per-process descriptor limit, and whether the suite runs under Wine. The one support
// file with platform headers (fd_guard.cpp aside), so test sources include none.

namespace poolscope::test {

/// The soft limit on this process's open descriptors (RLIMIT_NOFILE), or -1 where there is none a
/// test could lower (Windows: sockets are kernel handles, limited by system resources only).
[[nodiscard]] long long descriptorLimit();
/// The hard limit the soft one may be raised to, or -1 without a limit.
[[nodiscard]] long long descriptorLimitMax();
/// Sets the soft limit; false when that failed or there is no limit.
bool setDescriptorLimit(long long limit);

/// True when a Windows build runs under Wine, whose sockets differ from Windows' in a few
/// documented ways (a reset peer reads as end of stream, for one). Always false elsewhere.
[[nodiscard]] bool runningUnderWine();

} // namespace poolscope::test
