#pragma once
// What each lab server is called and how it is explained to a learner.

#include "poolscope/lab/lab.h"

#include <string>
#include <string_view>

namespace poolscope::lab::detail {

/// Short, stable name ("https", "idle-closer" …); also what describe(ServerKind) returns.
[[nodiscard]] std::string_view serverName(ServerKind kind) noexcept;

/// One line a learner understands, with the lab's actual settings filled in.
[[nodiscard]] std::string explainServer(ServerKind kind, const LabOptions& options, bool available);

/// Whether a client should dial the server with TLS / over UDP.
[[nodiscard]] bool dialsWithTls(ServerKind kind) noexcept;
[[nodiscard]] bool isUdp(ServerKind kind) noexcept;

} // namespace poolscope::lab::detail
