// TraceReader: one checking pass at open (bounded lines, strict JSON, known records), an index of
// snapshots, and stateAt() reading only from the nearest snapshot on.

#include "poolscope/trace/trace_reader.h"

#include "trace_records.h"

#include <algorithm>
#include <deque>
#include <fstream>

namespace poolscope::trace {

namespace {

enum class RecordType
{
    Header,
    Event,
    Snapshot,
    End,
    Unknown
};

struct ParsedLine
{
    std::optional<JsonValue> value;
    RecordType type = RecordType::Unknown;
    std::string problem;
};

ParsedLine parseRecord(const std::string& line, const JsonLimits& limits)
{
    ParsedLine out;
    JsonParseResult parsed = parseJson(line, limits);
    if (!parsed.value) {
        out.problem =
            "not a JSON record (" + parsed.error + " at byte " + std::to_string(parsed.errorAt + 1) + ")";
        return out;
    }
    if (!parsed.value->isObject()) {
        out.problem = "a record must be a JSON object";
        return out;
    }
    const JsonValue* type = parsed.value->find("type");
    const auto name = type != nullptr ? type->toString() : std::nullopt;
    if (!name) {
        out.problem = "a record needs a \"type\" string";
        return out;
    }
    if (*name == "header")
        out.type = RecordType::Header;
    else if (*name == "event")
        out.type = RecordType::Event;
    else if (*name == "snapshot")
        out.type = RecordType::Snapshot;
    else if (*name == "end")
        out.type = RecordType::End;
    out.value = std::move(parsed.value);
    return out;
}

// How the writer starts every snapshot record. No other record can start this way (its first
// "type" member would say "snapshot"), so a line that does is a snapshot record, if it is valid.
constexpr std::string_view kSnapshotStart = R"({"type":"snapshot")";

bool isSnapshotLine(std::string_view line) noexcept
{
    return line.starts_with(kSnapshotStart);
}

/// Checks a snapshot line as strictly as parseRecord() would, but decodes only its "t": the rest
/// (a whole pool, hundreds of KB at 1,000 connections) is decoded when stateAt() reads it.
std::string checkSnapshotLine(std::string_view line, const JsonLimits& limits, std::int64_t& t)
{
    JsonCheckResult checked = checkJson(line, limits);
    if (!checked.ok)
        return "not a JSON record (" + checked.error + " at byte " + std::to_string(checked.errorAt + 1) +
               ")";
    std::vector<JsonValue::Member> members;
    if (const std::optional<std::string_view> text = checked.find("t")) {
        JsonParseResult parsed = parseJson(*text, limits);
        if (parsed.value)
            members.emplace_back("t", std::move(*parsed.value));
    }
    return detail::decodeOffset(JsonValue::makeObject(std::move(members)), t);
}

} // namespace

TraceReader::TraceReader(TraceReaderOptions options) : m_options(options)
{
    m_limits.maxDepth = options.maxDepth;
    m_limits.maxStringBytes = options.maxLineBytes;
}

TraceReader::~TraceReader() = default;
TraceReader::TraceReader(TraceReader&&) noexcept = default;
TraceReader& TraceReader::operator=(TraceReader&&) noexcept = default;

bool TraceReader::open(const std::filesystem::path& path)
{
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!file->is_open()) {
        const std::u8string name = path.u8string();
        m_error = "cannot open " + std::string(name.begin(), name.end()) + " for reading";
        return false;
    }
    return open(std::unique_ptr<std::istream>(std::move(file)));
}

bool TraceReader::fail(std::uint64_t line, std::string message)
{
    m_error = TraceIssue{line, std::move(message)}.toString();
    m_in.reset();
    return false;
}

bool TraceReader::open(std::unique_ptr<std::istream> stream)
{
    *this = TraceReader(m_options);
    m_in = std::move(stream);
    if (!m_in || !*m_in)
        return fail(1, "the trace cannot be read");
    std::string line;
    const LineStatus status = readLine(line);
    if (status == LineStatus::End)
        return fail(1, "the file is empty (a trace starts with a header record)");
    if (status == LineStatus::TooLong)
        return fail(1, "the line is longer than " + std::to_string(m_options.maxLineBytes) + " bytes");
    ParsedLine parsed = parseRecord(line, m_limits);
    if (!parsed.value)
        return fail(1, parsed.problem);
    if (parsed.type != RecordType::Header)
        return fail(1, "the first record must be the header (this is not a PoolScope trace)");
    std::string problem = detail::decodeHeader(*parsed.value, m_header);
    if (!problem.empty())
        return fail(1, problem);
    m_bodyStart = m_usableEnd =
        static_cast<std::uint64_t>(line.size()) + (status == LineStatus::Line ? 1 : 0);
    scan();
    return true;
}

TraceReader::LineStatus TraceReader::readLine(std::string& line)
{
    // istream::getline into a fixed piece finds the newline inside the stream's buffer (no call
    // per byte): a 500 KB snapshot line is a few copies, not half a million calls.
    line.clear();
    m_piece.resize(std::size_t{1} << 16);
    bool tooLong = false;
    bool any = false;
    for (;;) {
        m_in->getline(m_piece.data(), static_cast<std::streamsize>(m_piece.size()));
        const auto got = static_cast<std::size_t>(m_in->gcount());
        const bool eof = m_in->eof();
        const bool newline = !eof && !m_in->fail(); // the newline was taken (and not stored)
        const std::size_t stored = newline ? got - 1 : got;
        any = any || got > 0;
        const std::size_t room = m_options.maxLineBytes - line.size();
        line.append(m_piece.data(), std::min(stored, room));
        tooLong = tooLong || stored > room; // keep consuming to the newline, keep nothing more
        if (newline)
            return tooLong ? LineStatus::TooLong : LineStatus::Line;
        if (eof) {
            if (tooLong)
                return LineStatus::TooLong;
            return any ? LineStatus::LastLineWithoutNewline : LineStatus::End;
        }
        if (m_in->bad() || got == 0)
            return any ? LineStatus::LastLineWithoutNewline : LineStatus::End;
        m_in->clear(); // the piece was full: the line goes on
    }
}

void TraceReader::scan()
{
    std::string line;
    std::uint64_t position = m_bodyStart;
    for (std::uint64_t number = m_firstBodyLine;; ++number) {
        const LineStatus status = readLine(line);
        if (status == LineStatus::End)
            break;
        const std::uint64_t start = position;
        if (status == LineStatus::TooLong) {
            m_issues.push_back({number, "the line is longer than " + std::to_string(m_options.maxLineBytes) +
                                            " bytes; reading stopped here"});
            return;
        }
        position += line.size() + (status == LineStatus::Line ? 1 : 0);
        if (line.empty() || line == "\r") {
            m_usableEnd = position; // blank lines are allowed
            continue;
        }
        std::string problem;
        std::int64_t t = 0;
        ParsedLine parsed;
        if (isSnapshotLine(line)) {
            parsed.type = RecordType::Snapshot;
            problem = checkSnapshotLine(line, m_limits, t);
            if (problem.empty())
                m_snapshots.push_back({start, t, number});
        } else {
            parsed = parseRecord(line, m_limits);
            problem = parsed.problem;
            if (parsed.value && parsed.type != RecordType::Unknown && parsed.type != RecordType::Header)
                problem = detail::decodeOffset(*parsed.value, t);
            if (problem.empty() && parsed.type == RecordType::Header)
                problem = "a second header record";
            if (problem.empty() && parsed.type == RecordType::Snapshot) {
                // Not in the writer's member order: checked in full, as it is parsed anyway.
                PoolStats stats;
                std::vector<ConnectionInfo> rows;
                problem = detail::decodeSnapshot(*parsed.value, m_header.originSteadyNs, stats, rows);
                if (problem.empty())
                    m_snapshots.push_back({start, t, number});
            }
            if (problem.empty() && parsed.type == RecordType::Event) {
                TraceEvent event;
                bool known = false;
                problem = detail::decodeEvent(*parsed.value, event, known);
                if (problem.empty() && known)
                    ++m_events;
            }
        }
        if (!problem.empty()) {
            if (status == LineStatus::LastLineWithoutNewline)
                m_issues.push_back({number, "the last line is cut short (" + problem + "); skipped"});
            else
                m_issues.push_back({number, problem + "; reading stopped here"});
            return;
        }
        if (parsed.type == RecordType::End)
            m_hasEnd = true;
        m_durationUs = std::max(m_durationUs, t);
        m_usableEnd = position;
    }
}

template <class Visit>
bool TraceReader::forEachRecord(std::uint64_t from, std::uint64_t to, bool snapshots, Visit&& visit)
{
    if (!m_in) {
        if (m_error.empty())
            m_error = "no trace is open";
        return false;
    }
    m_in->clear();
    m_in->seekg(static_cast<std::streamoff>(from));
    if (!*m_in) {
        m_error = "the trace can no longer be read (seek failed)";
        return false;
    }
    std::string line;
    for (std::uint64_t position = from; position < to;) {
        const LineStatus status = readLine(line);
        if (status == LineStatus::End || status == LineStatus::TooLong)
            break;
        position += line.size() + (status == LineStatus::Line ? 1 : 0);
        if (line.empty() || line == "\r")
            continue;
        if (!snapshots && isSnapshotLine(line))
            continue; // checked at open; not worth parsing when only events are wanted
        ParsedLine parsed = parseRecord(line, m_limits);
        if (!parsed.value) {
            m_error = "the trace changed since it was opened: " + parsed.problem;
            return false;
        }
        if (!visit(*parsed.value, parsed.type == RecordType::Snapshot, parsed.type == RecordType::Event))
            break;
    }
    return true;
}

std::optional<TraceState> TraceReader::stateAt(std::int64_t offsetUs)
{
    // Snapshots are checked only as JSON at open; one whose fields turn out wrong is reported,
    // dropped from the index, and the state rebuilt from the snapshot before it (bounded: each
    // round either returns or drops one).
    for (;;) {
        std::size_t index = m_snapshots.size();
        std::string snapshotProblem;
        std::optional<TraceState> state = stateFrom(offsetUs, index, snapshotProblem);
        if (snapshotProblem.empty() || index >= m_snapshots.size())
            return state;
        TraceIssue issue{m_snapshots[index].line,
                         snapshotProblem +
                             "; this snapshot is skipped (the state is rebuilt from the one before)"};
        const auto at =
            std::upper_bound(m_issues.begin(), m_issues.end(), issue.line,
                             [](std::uint64_t line, const TraceIssue& i) { return line < i.line; });
        m_issues.insert(at, std::move(issue));
        m_snapshots.erase(m_snapshots.begin() + static_cast<std::ptrdiff_t>(index));
    }
}

std::optional<TraceState> TraceReader::stateFrom(std::int64_t offsetUs, std::size_t& index,
                                                 std::string& snapshotProblem)
{
    TraceState state;
    state.offsetUs = std::clamp<std::int64_t>(offsetUs, 0, m_durationUs);
    std::uint64_t from = m_bodyStart;
    std::uint64_t to = m_usableEnd;
    for (std::size_t i = m_snapshots.size(); i-- > 0;) {
        if (m_snapshots[i].offsetUs <= state.offsetUs) {
            from = m_snapshots[i].byteOffset;
            to = i + 1 < m_snapshots.size() ? m_snapshots[i + 1].byteOffset : m_usableEnd;
            state.snapshotOffsetUs = m_snapshots[i].offsetUs;
            index = i;
            break;
        }
    }
    if (state.snapshotOffsetUs < 0 && !m_snapshots.empty())
        to = m_snapshots.front().byteOffset;
    bool changed = false;
    bool sawSnapshot = false;
    std::string problem;
    const bool read = forEachRecord(from, to, true, [&](const JsonValue& record, bool snapshot, bool event) {
        if (snapshot) {
            // Only the snapshot at `from` counts; a later one (after a dropped bad snapshot the
            // range runs past it) is replaced by replaying the events.
            if (sawSnapshot || state.snapshotOffsetUs < 0)
                return true;
            sawSnapshot = true;
            snapshotProblem =
                detail::decodeSnapshot(record, m_header.originSteadyNs, state.stats, state.connections);
            std::sort(state.connections.begin(), state.connections.end(),
                      [](const ConnectionInfo& a, const ConnectionInfo& b) { return a.id < b.id; });
            return snapshotProblem.empty();
        }
        if (event) {
            TraceEvent e;
            bool known = false;
            problem = detail::decodeEvent(record, e, known);
            if (problem.empty() && known && e.offsetUs <= state.offsetUs) {
                applyEvent(state, e, m_header.originSteadyNs);
                changed = true;
                state.events.push_back(std::move(e));
            }
        }
        return problem.empty();
    });
    if (read && !snapshotProblem.empty())
        return std::nullopt; // stateAt() drops that snapshot and asks again
    // The index said a snapshot starts at `from`: no snapshot there means the file was cut or
    // rewritten under us (read() stops quietly at an end of file that came too early).
    if (read && problem.empty() && state.snapshotOffsetUs >= 0 && !sawSnapshot)
        problem = "no snapshot record where the index has one";
    if (!read || !problem.empty()) {
        if (m_error.empty())
            m_error = "the trace changed since it was opened: " + problem;
        return std::nullopt;
    }
    if (changed)
        recomputeGauges(state);
    return state;
}

std::uint64_t TraceReader::byteAfter(std::int64_t offsetUs) const noexcept
{
    // Events are written in time order give or take the few that concurrent threads reported out
    // of order; those are never more than a snapshot interval late, so the second snapshot after
    // `offsetUs` bounds them without reading the rest of the file.
    int later = 0;
    for (const SnapshotEntry& entry : m_snapshots) {
        if (entry.offsetUs > offsetUs && ++later == 2)
            return entry.byteOffset;
    }
    return m_usableEnd;
}

std::uint64_t TraceReader::snapshotByteAtOrBefore(std::int64_t offsetUs, std::size_t back) const noexcept
{
    for (std::size_t i = m_snapshots.size(); i-- > 0;) {
        if (m_snapshots[i].offsetUs <= offsetUs)
            return m_snapshots[i >= back ? i - back : 0].byteOffset;
    }
    return m_bodyStart;
}

std::vector<TraceEvent> TraceReader::eventsBetween(std::int64_t from, std::int64_t to, std::size_t max)
{
    std::vector<TraceEvent> out;
    if (max == 0 || to <= from)
        return out;
    // Start at the last snapshot at or before `from`: events before it are older than `from`.
    (void)forEachRecord(snapshotByteAtOrBefore(from, 0), byteAfter(to), false,
                        [&](const JsonValue& record, bool, bool event) {
                            if (!event)
                                return true;
                            TraceEvent e;
                            bool known = false;
                            if (detail::decodeEvent(record, e, known).empty() && known && e.offsetUs > from &&
                                e.offsetUs <= to)
                                out.push_back(std::move(e));
                            return out.size() < max;
                        });
    return out;
}

std::vector<TraceEvent> TraceReader::recentEvents(std::int64_t to, std::size_t max)
{
    std::deque<TraceEvent> ring;
    if (max == 0)
        return {};
    const std::uint64_t end = byteAfter(to);
    // Widen the window backwards a few snapshots at a time until it holds `max` events or
    // reaches the start: a seek reads about what it shows, not the whole file before it.
    for (std::size_t back = 2;; back *= 4) {
        const std::uint64_t start = snapshotByteAtOrBefore(to, back);
        ring.clear();
        const bool read = forEachRecord(start, end, false, [&](const JsonValue& record, bool, bool event) {
            if (!event)
                return true;
            TraceEvent e;
            bool known = false;
            if (detail::decodeEvent(record, e, known).empty() && known && e.offsetUs <= to) {
                ring.push_back(std::move(e));
                if (ring.size() > max)
                    ring.pop_front();
            }
            return true;
        });
        if (!read || ring.size() >= max || start == m_bodyStart || back > m_snapshots.size())
            break;
    }
    return {std::make_move_iterator(ring.begin()), std::make_move_iterator(ring.end())};
}

} // namespace poolscope::trace
