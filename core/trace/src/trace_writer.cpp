// TraceWriter: encode on the caller's thread, buffer, write in large pieces, never throw I/O
// trouble at the pool.

#include "poolscope/trace/trace_writer.h"

#include "trace_records.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace poolscope::trace {

namespace {

std::string displayName(const std::filesystem::path& path)
{
    const std::u8string name = path.u8string(); // string() throws on Windows for unmappable names
    return std::string(name.begin(), name.end());
}

} // namespace

TraceWriter::TraceWriter(const std::filesystem::path& path, TraceWriterOptions options)
    : m_path(path), m_bufferBytes(options.bufferBytes), m_origin(options.origin)
{
    m_header.writer = std::move(options.writer);
    m_header.startWallUs =
        std::chrono::duration_cast<std::chrono::microseconds>(options.startWall.time_since_epoch()).count();
    m_header.originSteadyNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(m_origin.time_since_epoch()).count();
    errno = 0;
    m_file.open(path, std::ios::binary | std::ios::trunc | std::ios::out);
    if (!m_file.is_open()) {
        const int err = errno;
        m_error = "cannot open " + displayName(path) + " for writing" +
                  (err != 0 ? std::string(": ") + std::strerror(err) : std::string());
        return;
    }
    m_open = true;
    std::string line;
    detail::encodeHeader(line, m_header);
    std::lock_guard lock(m_mutex);
    append(line, false, 0);
    flushLocked(); // a header on disk at once: a crash right after still leaves a readable trace
}

TraceWriter::~TraceWriter()
{
    close();
}

bool TraceWriter::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

std::string TraceWriter::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

std::int64_t TraceWriter::offsetOf(Clock::time_point t) const noexcept
{
    return detail::offsetUs(m_origin, t);
}

std::int64_t TraceWriter::offsetOfWall(std::chrono::system_clock::time_point t) const noexcept
{
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    return us - m_header.startWallUs;
}

void TraceWriter::write(const PoolEvent& event)
{
    TraceEvent e;
    e.offsetUs = event.when == Clock::time_point{} ? offsetOf(Clock::now()) : offsetOf(event.when);
    e.kind = toTraceKind(event.kind);
    e.id = event.id;
    e.state = event.state;
    e.endpoint = event.endpoint;
    e.label = event.label;
    e.reason = event.reason;
    e.reused = event.reused;
    e.errorCode = event.error.code;
    e.errorMessage = event.error.message;
    write(e);
}

void TraceWriter::write(const TraceEvent& event)
{
    std::string line;
    detail::encodeEvent(line, event);
    std::lock_guard lock(m_mutex);
    append(line, false, event.offsetUs);
}

void TraceWriter::writeSnapshot(const PoolStats& stats, const std::vector<ConnectionInfo>& connections,
                                std::optional<std::int64_t> offsetUs)
{
    std::string line;
    line.reserve(512 + connections.size() * 640);
    const std::int64_t at = offsetUs.value_or(offsetOf(Clock::now()));
    detail::encodeSnapshot(line, at, stats, connections, m_origin);
    std::lock_guard lock(m_mutex);
    append(line, true, at);
}

void TraceWriter::append(const std::string& record, bool snapshot, std::int64_t offsetUs)
{
    if (!m_open || record.size() > kMaxLineBytes) {
        ++m_counts.dropped;
        return;
    }
    m_lastOffsetUs = std::max(m_lastOffsetUs, offsetUs);
    m_buffer += record;
    if (snapshot)
        ++m_counts.snapshots;
    else if (m_counts.bytes > 0) // the header is not an event
        ++m_counts.events;
    m_counts.bytes += record.size();
    if (m_buffer.size() >= m_bufferBytes)
        flushLocked();
}

void TraceWriter::flushLocked()
{
    if (!m_open || m_buffer.empty())
        return;
    m_file.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_file.flush();
    m_buffer.clear();
    if (!m_file) {
        m_error = "cannot write to " + displayName(m_path) + " (disk full or the file went away?)";
        m_open = false;
    }
}

void TraceWriter::flush()
{
    std::lock_guard lock(m_mutex);
    flushLocked();
}

void TraceWriter::close(std::optional<std::int64_t> offsetUs)
{
    std::lock_guard lock(m_mutex);
    if (!m_open)
        return;
    std::string line;
    const std::int64_t at = std::max(m_lastOffsetUs, offsetUs.value_or(offsetOf(Clock::now())));
    detail::encodeEnd(line, at, m_counts.events, m_counts.snapshots);
    m_buffer += line;
    flushLocked();
    m_open = false;
    m_file.close();
    if (!m_file && m_error.empty())
        m_error = "cannot close " + displayName(m_path);
}

TraceWriter::Counts TraceWriter::counts() const
{
    std::lock_guard lock(m_mutex);
    return m_counts;
}

} // namespace poolscope::trace
