#pragma once
// The one-line pool summary poolscope prints to stdout when it quits.

#include "poolscope/service/service_types.h"

#include <QString>

namespace poolscope::app {

/// "PoolScope summary: in use 0, idle 3, dials 42, reuses 30, failures 6 (handshake 2, resolve 2,
/// socket 1, timeouts 1)". Resolve failures are names the resolver found no address for (not socket
/// errors); timeouts include waiters that gave up and DNS servers that did not answer.
[[nodiscard]] QString poolSummary(const PoolSnapshot& snapshot);

} // namespace poolscope::app
