// Replaying events on a snapshot: what a connection row becomes after each event kind.

#include "poolscope/trace/trace_reader.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <map>

namespace poolscope::trace {

namespace {

Clock::time_point timeAt(std::int64_t originNs, std::int64_t offsetUs)
{
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
        std::chrono::nanoseconds(originNs) + std::chrono::microseconds(offsetUs)));
}

/// "tls://host:443", "tcp://[::1]:80" → host, port, tls (what a new row knows from its event).
void fillFromEndpoint(ConnectionInfo& row, std::string_view endpoint)
{
    row.key = std::string(endpoint);
    row.tls = endpoint.starts_with("tls://");
    const std::size_t scheme = endpoint.find("://");
    std::string_view rest = scheme == std::string_view::npos ? endpoint : endpoint.substr(scheme + 3);
    if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos)
        rest = rest.substr(0, hash);
    const std::size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos)
        return;
    std::string_view host = rest.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    row.host = std::string(host);
    const std::string_view port = rest.substr(colon + 1);
    (void)std::from_chars(port.data(), port.data() + port.size(), row.port);
}

bool isServiceKind(TraceEventKind kind)
{
    return kind >= TraceEventKind::WaiterQueued;
}

} // namespace

void applyEvent(TraceState& state, const TraceEvent& e, std::int64_t originNs)
{
    if (e.kind == TraceEventKind::ShutdownStarted)
        state.stats.shutDown = true;
    if (e.kind == TraceEventKind::Reopened)
        state.stats.shutDown = false;
    if (e.id == 0 || isServiceKind(e.kind))
        return;
    auto& rows = state.connections;
    auto it = std::lower_bound(rows.begin(), rows.end(), e.id,
                               [](const ConnectionInfo& row, ConnectionId id) { return row.id < id; });
    const bool present = it != rows.end() && it->id == e.id;
    if (e.kind == TraceEventKind::Closed || e.kind == TraceEventKind::DialFailed ||
        e.state == ConnectionState::Free) {
        if (present)
            rows.erase(it);
        return;
    }
    const Clock::time_point at = timeAt(originNs, e.offsetUs);
    if (!present) {
        ConnectionInfo row;
        row.id = e.id;
        row.created = row.lastUsed = at;
        row.lifetimeDeadline = Clock::time_point::max();
        fillFromEndpoint(row, e.endpoint);
        it = rows.insert(it, std::move(row));
    }
    ConnectionInfo& row = *it;
    if (e.state)
        row.state = *e.state;
    if (!e.label.empty())
        row.label = e.label;
    if (e.kind == TraceEventKind::Acquired) {
        row.lastUsed = row.inUseSince = at;
        if (e.reused)
            ++row.reuseCount;
    } else if (e.kind == TraceEventKind::Released) {
        row.lastUsed = at;
    } else if (e.kind == TraceEventKind::Connected || e.kind == TraceEventKind::HandshakeDone) {
        if (row.state == ConnectionState::InUse)
            row.inUseSince = at;
    }
    if (e.errorCode != ErrorCode::Ok) {
        row.lastError.code = e.errorCode;
        row.lastError.message = e.errorMessage;
    }
}

void recomputeGauges(TraceState& state)
{
    PoolStats& s = state.stats;
    s.connecting = s.idle = s.inUse = 0;
    std::map<std::string, HostStats> hosts;
    for (const ConnectionInfo& row : state.connections) {
        HostStats& h = hosts[row.key];
        h.key = row.key;
        switch (row.state) {
        case ConnectionState::Resolving:
        case ConnectionState::Connecting:
        case ConnectionState::Handshaking:
            ++s.connecting;
            ++h.connecting;
            break;
        case ConnectionState::Idle:
            ++s.idle;
            ++h.idle;
            break;
        case ConnectionState::InUse:
            ++s.inUse;
            ++h.inUse;
            break;
        case ConnectionState::Free:
        case ConnectionState::Closing:
            break;
        }
    }
    // 64-bit: maxConnections comes from the file and may be anything an int holds.
    const auto live = static_cast<std::int64_t>(state.connections.size());
    s.free = static_cast<int>(std::clamp<std::int64_t>(std::int64_t{s.maxConnections} - live, 0, INT_MAX));
    std::vector<HostStats> rebuilt;
    for (auto& [key, h] : hosts) {
        h.max = s.maxConnections;
        for (const HostStats& old : s.hosts) {
            if (old.key == key)
                h.max = old.max;
        }
        rebuilt.push_back(std::move(h));
    }
    s.hosts = std::move(rebuilt);
}

} // namespace poolscope::trace
