#pragma once
// The attach protocol (docs/ATTACH_PROTOCOL.md): how a monitor reads a pool another process
// publishes. No Qt: the transport (QLocalServer/QLocalSocket) lives in core/attach; this is what
// goes over it, so both ends decode untrusted bytes with the same fuzzed code
// (tests/fuzz/fuzz_attach_decoder.cpp).
//
// A connection is a stream of frames: a 4-byte big-endian length L (1 … maxFrameBytes) followed by
// L bytes of UTF-8 JSON, one object with a "type". Snapshots and events reuse the trace format's
// records (docs/TRACE_FORMAT.md), so an attached stream can be written to a trace as it arrives.
//
// Sequence numbers: every message the publisher sends carries "seq", one more than the previous.
// A monitor that sees a gap (the publisher dropped events because the monitor fell behind) throws
// away what it derived and waits for the snapshot that follows every gap.

#include "poolscope/trace/trace_types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace poolscope::trace::attach {

/// Both hellos' "protocol": what marks a peer as speaking this protocol.
inline constexpr std::string_view kProtocolName = "poolscope-attach";
inline constexpr int kProtocolMajor = 1; ///< either side drops a peer with another major version
inline constexpr int kProtocolMinor = 0; ///< additions only: unknown fields and types are ignored
/// The largest frame payload a FrameDecoder accepts by default, 16 MiB (a snapshot of 10,000
/// connections fits; a hostile length does not make the receiver buffer gigabytes).
inline constexpr std::size_t kDefaultMaxFrameBytes = std::size_t{16} << 20;

/// What a monitor may ask the publishing app to do. Everything else is read-only.
enum class Action : std::uint8_t
{
    ForceClose, ///< ids: connections to close at once
    CloseIdle,  ///< close every idle connection
    Shutdown,   ///< mode: graceful or forced
    Reopen,     ///< accept dials again after a shutdown
};
/// An action's name on the wire and in discovery entries: "force_close", "close_idle",
/// "shutdown", "reopen" ("unknown" for a value outside Action).
[[nodiscard]] std::string_view actionName(Action action) noexcept;
/// The action named `name` (exactly one of actionName()'s), nullopt when none is.
[[nodiscard]] std::optional<Action> parseAction(std::string_view name) noexcept;

// --- messages, publisher -> monitor ---------------------------------------------------------

/// First message from the publisher.
struct Hello
{
    int major = kProtocolMajor;  ///< the publisher's protocol version
    int minor = kProtocolMinor;  ///< (a peer with another major is dropped)
    std::string app;             ///< the app's name
    std::int64_t pid = 0;        ///< the app's process id
    std::vector<Action> allowed; ///< what the app lets monitors do (empty: read-only)
    TraceHeader trace;           ///< offset 0 / clock origin of every "t" that follows
    std::int64_t seq = 0;        ///< 0: the first message
};
/// The pool now (a trace `snapshot` record plus the service's extras).
struct Snapshot
{
    std::int64_t seq = 0;                    ///< the sequence number (see the top of this header)
    std::int64_t offsetUs = 0;               ///< when it was taken, µs since the Hello's offset 0
    PoolStats stats;                         ///< the pool's counters and gauges
    std::vector<ConnectionInfo> connections; ///< one row per connection
    std::int64_t waiters = 0;                ///< acquires waiting for a connection
    bool draining = false;                   ///< a graceful shutdown is in progress
    bool shutDown = false;                   ///< the pool refuses dials until reopened
    std::uint64_t droppedEvents = 0;         ///< events this monitor missed before this snapshot (a gap)
};
/// Events since the previous message, in order (trace `event` records).
struct Events
{
    std::int64_t seq = 0;           ///< the sequence number (see the top of this header)
    std::vector<TraceEvent> events; ///< in the order they happened, `t` as in a trace
};
/// The answer to a Command.
struct Reply
{
    std::int64_t seq = 0; ///< the sequence number (see the top of this header)
    std::int64_t id = 0;  ///< the command's id
    bool ok = false;      ///< the app did it
    std::string error;    ///< why not, when !ok ("the app published read-only")
};
/// The publisher stops (app quitting, unpublished, monitor dropped for misbehaving).
struct Bye
{
    std::int64_t seq = 0; ///< the sequence number (see the top of this header)
    std::string reason;   ///< why, for people ("the app stopped publishing" …)
};

// --- messages, monitor -> publisher ---------------------------------------------------------

/// First message from the monitor.
struct ClientHello
{
    int major = kProtocolMajor; ///< the monitor's protocol version
    int minor = kProtocolMinor; ///< (a peer with another major is dropped)
    std::string client;         ///< "poolscope 0.1.0"
};
/// Asks the app to act on its pool; refused (a Reply with !ok) unless the Hello allowed the action.
struct Command
{
    std::int64_t id = 0;               ///< chosen by the monitor, echoed in the Reply
    Action action = Action::CloseIdle; ///< what to do
    std::vector<ConnectionId> ids;     ///< ForceClose
    bool forced = false;               ///< Shutdown: forced instead of graceful
};

/// Any message of either direction, as encodeFrame() takes and FrameDecoder::next() gives it.
using Message = std::variant<Hello, Snapshot, Events, Reply, Bye, ClientHello, Command>;

/// Encodes one message as a whole frame (length prefix included), appended to `out`.
/// `origin` is the clock origin snapshot connection times are relative to (TraceWriter::origin()).
/// A Hello's trace.originSteadyNs should be that same origin. The caller keeps frames below the
/// peer's bound (a snapshot of 1,000 connections is about 0.5 MB, far below the 16 MiB default).
void encodeFrame(std::string& out, const Message& message, Clock::time_point origin);

/// A snapshot encoded once for several monitors (a 1,000-connection snapshot is ~0.5 MB of JSON):
/// everything but the per-monitor seq and dropped_events, which close the object.
struct EncodedSnapshot
{
    std::string body; ///< the payload up to, without, its per-monitor fields and closing brace
};
/// Encodes the shared part of `snapshot` (its seq and droppedEvents are ignored); `origin` as for
/// encodeFrame().
[[nodiscard]] EncodedSnapshot encodeSnapshotBody(const Snapshot& snapshot, Clock::time_point origin);
/// Appends the frame of `snapshot` for one monitor: the same bytes encodeFrame() writes for the
/// Snapshot with this seq and droppedEvents.
void appendSnapshotFrame(std::string& out, const EncodedSnapshot& snapshot, std::int64_t seq,
                         std::uint64_t droppedEvents);

/// Turns bytes into messages, however they were split. Bounded: a frame longer than
/// maxFrameBytes, a zero length, a payload that is not one JSON object with a known-good shape,
/// or a wrong protocol/major version is an error, after which the decoder stays failed (the
/// connection must be dropped). Unknown "type"s are skipped (minor-version additions).
class FrameDecoder
{
public:
    /// `maxFrameBytes`: the largest payload accepted (clamped to 1 … 2^32 - 1). `originSteadyNs`: the
    /// peer's clock origin for snapshot times, until setOriginSteadyNs() sets the Hello's.
    explicit FrameDecoder(std::size_t maxFrameBytes = kDefaultMaxFrameBytes, std::int64_t originSteadyNs = 0);
    /// Appends bytes; nothing is decoded yet, but the length prefix of the frame that is waiting
    /// is checked at once, so an oversized or zero length fails before its payload arrives.
    /// Ignored after an error. Call next() until nullopt after each feed: the decoder then holds
    /// at most one partial frame plus what the last feed brought.
    void feed(std::string_view bytes);
    /// The next complete message, nullopt when more bytes are needed or after an error.
    [[nodiscard]] std::optional<Message> next();
    /// The stream broke the protocol: drop the connection (nothing more is decoded).
    [[nodiscard]] bool failed() const noexcept { return !m_error.empty(); }
    /// What broke it ("a frame of length 0" …), empty while not failed().
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    /// Bytes held waiting for the rest of a frame (never more than maxFrameBytes + 4).
    [[nodiscard]] std::size_t buffered() const noexcept;
    /// Sets the clock origin snapshot times are read against (from the Hello's trace header).
    void setOriginSteadyNs(std::int64_t ns) noexcept { m_originSteadyNs = ns; }
    /// Frames whose "type" this decoder does not know, skipped so far.
    [[nodiscard]] std::uint64_t skipped() const noexcept { return m_skipped; }

private:
    void fail(std::string message);
    void checkPrefix();
    std::uint64_t m_skipped = 0;
    std::size_t m_maxFrameBytes;
    std::int64_t m_originSteadyNs;
    std::string m_buffer;
    std::size_t m_consumed = 0;
    std::string m_error;
};

} // namespace poolscope::trace::attach
