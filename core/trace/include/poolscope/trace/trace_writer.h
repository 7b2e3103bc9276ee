#pragma once
// TraceWriter: records a pool to a trace file (docs/TRACE_FORMAT.md). No Qt.
//
//   poolscope::trace::TraceWriter writer("pool.trace", "my-app 1.2");
//   if (!writer.isOpen()) { report(writer.error()); }
//   poolscope::trace::PoolRecorder recorder(pool, writer); // events + a snapshot every second
//
// Every member is thread-safe: write(const PoolEvent&) can be a pool's event callback. Nothing
// throws into the caller on I/O trouble: the first failure is kept (error()), later records are
// dropped and counted. Records are encoded on the calling thread into a buffer that goes to the
// file when it passes bufferBytes (and on flush/close).

#include "poolscope/trace/trace_types.h"

#include <filesystem>
#include <fstream>
#include <mutex>

namespace poolscope::trace {

/// How a TraceWriter writes; the defaults suit a live pool on the steady clock.
struct TraceWriterOptions
{
    std::string writer = "poolscope-trace"; ///< the header's "writer"
    /// Records are collected up to this many bytes before they go to the file (256 KiB; 0 writes
    /// each record at once). A crash loses at most this much.
    std::size_t bufferBytes = std::size_t{256} << 10;
    /// Offset 0: by default the moment the writer opens. Event times come from the pool's clock
    /// (PoolParams::clock): a pool on a ManualClock passes that clock's now() here.
    Clock::time_point origin = Clock::now();
    /// The wall-clock time of offset 0 (the header's start_wall_us): by default also now.
    std::chrono::system_clock::time_point startWall = std::chrono::system_clock::now();
};

/// Writes one trace file: the header at construction, then events and snapshots as they come,
/// the `end` record at close(). Every member may be called from any thread.
class TraceWriter
{
public:
    /// Creates (truncates) `path` and writes the header; check isOpen().
    explicit TraceWriter(const std::filesystem::path& path, TraceWriterOptions options = {});
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;
    ~TraceWriter(); ///< close()

    /// True from a successful open until close() or the first write failure.
    [[nodiscard]] bool isOpen() const;
    /// The first problem ("cannot open …: No such file or directory"), empty while all is well.
    [[nodiscard]] std::string error() const;
    /// The header written (versions, writer, start time, clock origin).
    [[nodiscard]] const TraceHeader& header() const noexcept { return m_header; }
    /// Offset 0 on the pool's clock (TraceWriterOptions::origin).
    [[nodiscard]] Clock::time_point origin() const noexcept { return m_origin; }
    /// Microseconds since offset 0 (what records carry as "t").
    [[nodiscard]] std::int64_t offsetOf(Clock::time_point t) const noexcept;
    /// Offset of a wall-clock time (for sources that time events by the wall clock).
    [[nodiscard]] std::int64_t offsetOfWall(std::chrono::system_clock::time_point t) const noexcept;

    /// Records a pool's event, timed by its `when` (now when unset): usable as the pool's callback.
    void write(const PoolEvent& event);
    /// Records an event as it is, `offsetUs` included (a service's events, a re-recorded replay).
    void write(const TraceEvent& event);
    /// Records the whole pool: `stats` and one row per connection.
    /// `offsetUs`: when the figures were taken; default now.
    void writeSnapshot(const PoolStats& stats, const std::vector<ConnectionInfo>& connections,
                       std::optional<std::int64_t> offsetUs = std::nullopt);
    /// Pushes buffered records to the file.
    void flush();
    /// Writes the `end` record, flushes and closes the file (once; later writes are dropped).
    /// `offsetUs`: the end's time, for a writer whose records are not on Clock::now() (a replay
    /// re-recorded, a pool on a test clock); default now. Never before the last record written.
    void close(std::optional<std::int64_t> offsetUs = std::nullopt);

    /// What the writer has taken so far.
    struct Counts
    {
        std::uint64_t events = 0;    ///< event records accepted
        std::uint64_t snapshots = 0; ///< snapshot records accepted
        std::uint64_t dropped = 0;   ///< records not written (writer closed or failed)
        std::uint64_t bytes = 0;     ///< bytes of the records accepted, header included (buffered or written)
    };
    /// A consistent copy of the counts now.
    [[nodiscard]] Counts counts() const;

private:
    void append(const std::string& record, bool snapshot, std::int64_t offsetUs); // m_mutex held
    void flushLocked();                                                           // m_mutex held
    mutable std::mutex m_mutex;
    std::ofstream m_file;
    std::filesystem::path m_path;
    std::string m_buffer;
    std::size_t m_bufferBytes;
    std::string m_error;
    bool m_open = false;
    std::int64_t m_lastOffsetUs = 0; ///< the largest "t" written
    Clock::time_point m_origin;
    TraceHeader m_header;
    Counts m_counts;
};

} // namespace poolscope::trace
