#pragma once
// TraceReader: opens a trace (docs/TRACE_FORMAT.md), checks it once from end to end, and answers
// "what did the pool look like at time t" without holding the file in memory: an index of the
// snapshot records (byte offset + time) lets stateAt(t) read one snapshot and the events after it.
//
// Bad files: open() fails, with error() naming line 1, when the file is empty or its first line is
// not a supported header. A bad line later (not JSON, invalid UTF-8, nested too deep, longer than
// maxLineBytes, a record with a wrong field) ends the readable part there: it is reported in
// issues() with its line number and everything before it stays usable. A last line cut short
// (no newline, not a complete record) is reported and skipped. Snapshot records as the writer
// starts them are only checked as JSON (and their "t") at open, to keep opening an hour of a large
// pool fast; one whose fields are wrong is found by the first stateAt() that reads it, added to
// issues() and skipped (the state is rebuilt from the snapshot before it). No Qt; one reader per
// thread.

#include "poolscope/trace/json.h"
#include "poolscope/trace/trace_types.h"

#include <filesystem>
#include <istream>
#include <memory>

namespace poolscope::trace {

/// A TraceReader's bounds on untrusted input; the defaults read every trace PoolScope writes.
struct TraceReaderOptions
{
    /// A longer line is a bad line (it ends the usable part; line 1 fails open()).
    std::size_t maxLineBytes = kMaxLineBytes;
    int maxDepth = 32; ///< JSON arrays/objects nested deeper make a line bad
};

/// Reads one trace file (see the top of this header). Not thread-safe: use one reader per thread.
class TraceReader
{
public:
    /// A reader with nothing open yet; call open().
    explicit TraceReader(TraceReaderOptions options = {});
    ~TraceReader();
    /// Takes over the other reader's file and index (the moved-from one has nothing open).
    TraceReader(TraceReader&&) noexcept;
    /// Takes over the other reader's file and index, closing this one's.
    TraceReader& operator=(TraceReader&&) noexcept;

    /// Opens and checks `path`; false (see error()) when there is nothing usable.
    bool open(const std::filesystem::path& path);
    /// The same on any seekable stream (tests, fuzzing).
    bool open(std::unique_ptr<std::istream> stream);

    /// Why open() failed ("line 1: …"), empty after a successful open.
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    /// Problems after the header, in line order. The first one that is not a skipped last line or
    /// a skipped snapshot ends the usable part of the file. stateAt() may add skipped snapshots.
    [[nodiscard]] const std::vector<TraceIssue>& issues() const noexcept { return m_issues; }
    /// The file's header record (valid after a successful open()).
    [[nodiscard]] const TraceHeader& header() const noexcept { return m_header; }

    /// Where one snapshot record is: what stateAt() seeks to.
    struct SnapshotEntry
    {
        std::uint64_t byteOffset = 0; ///< of the line's first byte in the file
        std::int64_t offsetUs = 0;    ///< its `t`
        std::uint64_t line = 0;       ///< its 1-based line number
    };
    /// The snapshot records of the usable part, in file order.
    [[nodiscard]] const std::vector<SnapshotEntry>& snapshots() const noexcept { return m_snapshots; }
    /// Event records in the usable part.
    [[nodiscard]] std::uint64_t eventCount() const noexcept { return m_events; }
    /// The largest `t` in the usable part (the trace's length in µs).
    [[nodiscard]] std::int64_t durationUs() const noexcept { return m_durationUs; }
    /// The usable part holds the writer's `end` record (false: the writer did not close the
    /// file, e.g. the app crashed or is still recording).
    [[nodiscard]] bool hasEndRecord() const noexcept { return m_hasEnd; }

    /// The pool at `offsetUs` (clamped to 0 … durationUs()): the last snapshot at or before it with
    /// the events after that snapshot (up to offsetUs) replayed on top. nullopt only when the file
    /// can no longer be read (then error() says why).
    [[nodiscard]] std::optional<TraceState> stateAt(std::int64_t offsetUs);
    /// Events with from < t ≤ to, in file order, at most `max` (a replay's event log).
    /// Reads about the stretch asked for, not the file up to it.
    [[nodiscard]] std::vector<TraceEvent> eventsBetween(std::int64_t from, std::int64_t to, std::size_t max);
    /// The last `max` events with t ≤ `to`, in file order (what a replay's event log shows after a
    /// seek). Reads backwards from `to` a few snapshots at a time, not the whole file before it.
    [[nodiscard]] std::vector<TraceEvent> recentEvents(std::int64_t to, std::size_t max);

private:
    enum class LineStatus
    {
        Line,
        LastLineWithoutNewline,
        TooLong,
        End
    };
    LineStatus readLine(std::string& line);
    void scan();
    bool fail(std::uint64_t line, std::string message);
    /// Reads records from byte `from` up to `to`; `visit` returns false to stop.
    /// Where reading for events up to `offsetUs` may stop (see eventsBetween).
    [[nodiscard]] std::uint64_t byteAfter(std::int64_t offsetUs) const noexcept;
    /// The byte of the `back`-th snapshot before the last one at or before `offsetUs`.
    [[nodiscard]] std::uint64_t snapshotByteAtOrBefore(std::int64_t offsetUs,
                                                       std::size_t back) const noexcept;
    /// `snapshots` false skips snapshot lines unparsed (for readers that want only events).
    template <class Visit>
    bool forEachRecord(std::uint64_t from, std::uint64_t to, bool snapshots, Visit&& visit);
    /// One try of stateAt(): `index` is set to the snapshot it starts from, `snapshotProblem` to
    /// why that snapshot's fields are wrong (then it returns nullopt).
    [[nodiscard]] std::optional<TraceState> stateFrom(std::int64_t offsetUs, std::size_t& index,
                                                      std::string& snapshotProblem);

    TraceReaderOptions m_options;
    JsonLimits m_limits;
    std::unique_ptr<std::istream> m_in;
    std::string m_error;
    std::vector<TraceIssue> m_issues;
    TraceHeader m_header;
    std::vector<SnapshotEntry> m_snapshots;
    std::uint64_t m_events = 0;
    std::int64_t m_durationUs = 0;
    bool m_hasEnd = false;
    std::uint64_t m_bodyStart = 0; ///< byte after the header line
    std::uint64_t m_usableEnd = 0; ///< byte where the usable part ends
    std::uint64_t m_firstBodyLine = 2;
    std::vector<char> m_piece; ///< readLine()'s buffer
};

/// Applies one event to a state (the replay step of stateAt(); exposed for replay sources that
/// step forward themselves). Service-only kinds change nothing.
void applyEvent(TraceState& state, const TraceEvent& event, std::int64_t originSteadyNs);
/// Recomputes the gauges (connecting, idle, in use, free, hosts) from the connection rows.
void recomputeGauges(TraceState& state);

} // namespace poolscope::trace
