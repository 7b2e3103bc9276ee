#pragma once
// Sanitizer builds run many times slower than normal ones. Timing assertions keep their contract
// (e.g. "cancel within 50 ms") but multiply their scheduling slack by POOLSCOPE_TIME_SCALE, which
// the asan/tsan test presets set; it is 1 everywhere else.

#include <QtGlobal>
#include <algorithm>

namespace poolscope::test {

inline int timeScale()
{
    bool ok = false;
    const int scale = qEnvironmentVariableIntValue("POOLSCOPE_TIME_SCALE", &ok);
    return ok ? std::clamp(scale, 1, 50) : 1;
}

/// `contractMs` plus `slackMs` of scheduling slack, the slack scaled for sanitizer builds.
inline long long withSlack(long long contractMs, long long slackMs)
{
    return contractMs + slackMs * timeScale();
}

} // namespace poolscope::test
