#pragma once
// A trace's records as the service's own value types, so every view reads a replay exactly as it
// reads the live pool. Also used by PoolScope::Attach (an attached app's stream is trace records).

#include "poolscope/service/service_types.h"
#include "poolscope/trace/trace_types.h"

namespace poolscope::detail {

/// The engine's time point of a trace offset (the writer's steady clock: consistent with the
/// connection times its snapshots hold, whichever machine reads them).
[[nodiscard]] Clock::time_point traceTime(const trace::TraceHeader& header, std::int64_t offsetUs);
[[nodiscard]] QDateTime traceWallTime(const trace::TraceHeader& header, std::int64_t offsetUs);
[[nodiscard]] ServiceEvent toServiceEvent(const trace::TraceEvent& event, const trace::TraceHeader& header);
/// The state as a snapshot; its per-host rows are counted from the connections (a trace keeps no
/// limits or waiters per host, so those are 0). Mutable, for a caller that knows more.
[[nodiscard]] std::shared_ptr<PoolSnapshot> toSnapshot(const trace::TraceState& state,
                                                       const trace::TraceHeader& header, quint64 sequence);

} // namespace poolscope::detail
