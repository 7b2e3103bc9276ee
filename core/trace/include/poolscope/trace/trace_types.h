#pragma once
// What a PoolScope trace holds (docs/TRACE_FORMAT.md): a header, events, snapshots. Plain values
// built on the engine's public types; no Qt.

#include "poolscope/pool_types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::trace {

/// The header record's "format": what marks a file as a PoolScope trace.
inline constexpr std::string_view kFormatName = "poolscope-trace";
inline constexpr int kFormatMajor = 1; ///< a reader refuses any other major version
inline constexpr int kFormatMinor = 0; ///< additions only: readers ignore what they do not know
/// The longest line (one record) a reader accepts by default, 16 MiB: a snapshot of a very large
/// pool fits, a corrupt file without newlines does not fill memory.
inline constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;

/// Every event kind a trace may hold: the engine's (EventKind) and those of a PoolService.
enum class TraceEventKind : std::uint8_t
{
    // the engine's
    DialStarted,
    Resolved,
    Connected,
    HandshakeDone,
    Acquired,
    Released,
    Closed,
    DialFailed,
    ShutdownStarted,
    Reopened,
    // a service's own
    WaiterQueued,
    WaiterServed,
    WaiterTimedOut,
    WaiterCancelled,
    LeakSuspected,
    ProbeCompleted,
    ProbeFailed,
    WarmupFailed,
    ParamsChanged,
    Drained,
};

/// One `event` record.
struct TraceEvent
{
    std::int64_t offsetUs = 0;                         ///< since the trace's start
    TraceEventKind kind = TraceEventKind::DialStarted; ///< what happened
    ConnectionId id = 0; ///< the connection it happened to, 0 for a pool-wide event
    /// The connection's state after the event; absent for a service's own kinds.
    std::optional<ConnectionState> state;
    std::string endpoint; ///< the connection's reuse key ("tls://host:port"), empty when pool-wide
    std::string label;    ///< the holder's label (or the last holder's)
    CloseReason reason = CloseReason::None; ///< why it closed (Closed), else None
    bool reused = false;                    ///< Acquired: it came from idle (a reuse)
    ErrorCode errorCode = ErrorCode::Ok;    ///< what failed, Ok when nothing did
    std::string errorMessage;               ///< the failure in words, empty when nothing failed
    std::string message;                    ///< a service's human text
    std::int64_t value = 0;                 ///< kind-specific figure (docs/TRACE_FORMAT.md)
};

/// The `header` record, always the first line.
struct TraceHeader
{
    int versionMajor = kFormatMajor; ///< the format version the file was written in
    int versionMinor = kFormatMinor; ///< (readers accept any minor of their major)
    std::string writer;              ///< "poolscope 0.1.0", a program's own name …
    std::int64_t startWallUs = 0;    ///< Unix time of offset 0, in microseconds
    /// The steady clock's reading at offset 0 (ns since its epoch), so a connection's time points
    /// read back as the writer's: valid on the machine and boot that wrote the trace.
    std::int64_t originSteadyNs = 0;
};

/// The pool at one moment, rebuilt by TraceReader::stateAt().
struct TraceState
{
    std::int64_t offsetUs = 0;          ///< the moment described
    std::int64_t snapshotOffsetUs = -1; ///< the snapshot it started from, -1 when none
    /// Gauges recomputed from `connections`; counters as of that snapshot (events carry none).
    PoolStats stats;
    std::vector<ConnectionInfo> connections; ///< sorted by id
    /// The events replayed on top of the snapshot (after it, up to offsetUs), in file order.
    std::vector<TraceEvent> events;
};

/// A problem in a trace file, with the line (1-based) it was found on.
struct TraceIssue
{
    std::uint64_t line = 0; ///< 1-based line number in the file
    std::string message;    ///< what is wrong with it
    /// "line N: message".
    [[nodiscard]] std::string toString() const;
};

// Names as written in traces (stable: part of the format). traceName() gives "unknown" for a value
// outside the enum; parse*() give nullopt for a name that is not exactly one of them.
/// An event kind's name in traces ("dial_started", "waiter_queued" …).
[[nodiscard]] std::string_view traceName(TraceEventKind kind) noexcept;
/// A connection state's name in traces ("resolving", "in_use" …).
[[nodiscard]] std::string_view traceName(ConnectionState state) noexcept;
/// A close reason's name in traces ("none", "stale", "force_closed" …).
[[nodiscard]] std::string_view traceName(CloseReason reason) noexcept;
/// An error code's name in traces ("ok", "timed_out" …).
[[nodiscard]] std::string_view traceName(ErrorCode code) noexcept;
/// A dial phase's name in traces.
[[nodiscard]] std::string_view traceName(DialPhase phase) noexcept;
/// A keep-alive limit's name in traces.
[[nodiscard]] std::string_view traceName(KeepAliveLimit limit) noexcept;
/// The event kind named `name` (case-sensitive), nullopt when none is.
[[nodiscard]] std::optional<TraceEventKind> parseEventKind(std::string_view name) noexcept;
/// The connection state named `name`, nullopt when none is.
[[nodiscard]] std::optional<ConnectionState> parseState(std::string_view name) noexcept;
/// The close reason named `name`, nullopt when none is.
[[nodiscard]] std::optional<CloseReason> parseCloseReason(std::string_view name) noexcept;
/// The error code named `name`, nullopt when none is.
[[nodiscard]] std::optional<ErrorCode> parseErrorCode(std::string_view name) noexcept;
/// The dial phase named `name`, nullopt when none is.
[[nodiscard]] std::optional<DialPhase> parseDialPhase(std::string_view name) noexcept;
/// The keep-alive limit named `name`, nullopt when none is.
[[nodiscard]] std::optional<KeepAliveLimit> parseKeepAliveLimit(std::string_view name) noexcept;
/// The engine's kind as a trace kind.
[[nodiscard]] TraceEventKind toTraceKind(EventKind kind) noexcept;

} // namespace poolscope::trace
