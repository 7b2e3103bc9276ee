#pragma once
// Per-socket options the pool sets on every connection it makes.

#include <chrono>

namespace poolscope::detail {

/// Turns on TCP keep-alive: the first probe after `idle` without traffic, then one every
/// `interval`; after `probes` unanswered ones the kernel ends the connection, so a reader blocked
/// on a peer that vanished without FIN wakes with an error. Returns errno (0 on success). Where
/// the platform lacks a per-socket idle/interval/count option, the system default applies.
int enableTcpKeepAlive(int fd, std::chrono::seconds idle, std::chrono::seconds interval, int probes) noexcept;

} // namespace poolscope::detail
