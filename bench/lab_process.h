#pragma once
// Runs the lab (PoolScope::Lab) in a child process, so that the benchmark's client process holds
// only its own sockets and heap: 10,000 idle connections need 10,000 descriptors on each side,
// and the memory figures must not include the servers' buffers. The child exits when the parent
// closes its control pipe (or dies). Call start() before any thread is created.

#include "bench_common.h"

#include <memory>
#include <string>
#include <sys/types.h>

namespace poolscope::bench {

class LabProcess
{
public:
    [[nodiscard]] static std::unique_ptr<LabProcess> start(std::string& error);
    ~LabProcess();
    LabProcess(const LabProcess&) = delete;
    LabProcess& operator=(const LabProcess&) = delete;

    [[nodiscard]] const LabEndpoints& endpoints() const noexcept { return m_endpoints; }

private:
    LabProcess() = default;
    pid_t m_pid = -1;
    int m_control = -1; ///< write end; closing it tells the child to stop
    LabEndpoints m_endpoints;
};

/// Raises RLIMIT_NOFILE's soft limit to the hard limit (the 10k-idle run needs it).
void raiseDescriptorLimit();

} // namespace poolscope::bench
