#pragma once
// How the monitor dials a lab server: by 127.0.0.1 and the server's port, with the lab's CA
// trusted for TLS servers (per request; the pool's defaults are never touched).

#include "poolscope/lab/lab.h"
#include "poolscope/service/service_types.h"

namespace poolscope::ui {

[[nodiscard]] AcquireRequest labAcquireRequest(const lab::Lab& lab, lab::ServerKind kind,
                                               std::chrono::milliseconds timeout, const QString& label);

} // namespace poolscope::ui
