#include "poolscope/service/replay_convert.h"

#include <QMap>
#include <limits>

namespace poolscope::detail {

static_assert(static_cast<int>(trace::TraceEventKind::Drained) + 1 ==
                  static_cast<int>(ServiceEvent::Kind::Count),
              "trace and service event kinds are listed in the same order");

namespace {

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    if (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b)
        return std::numeric_limits<std::int64_t>::max();
    if (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b)
        return std::numeric_limits<std::int64_t>::min();
    return a + b;
}

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

Clock::time_point traceTime(const trace::TraceHeader& header, std::int64_t offsetUs)
{
    const std::int64_t us = saturatingAdd(header.originSteadyNs / 1000, offsetUs);
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(us)));
}

QDateTime traceWallTime(const trace::TraceHeader& header, std::int64_t offsetUs)
{
    return QDateTime::fromMSecsSinceEpoch(saturatingAdd(header.startWallUs, offsetUs) / 1000, Qt::UTC);
}

ServiceEvent toServiceEvent(const trace::TraceEvent& e, const trace::TraceHeader& header)
{
    ServiceEvent out;
    out.kind = static_cast<ServiceEvent::Kind>(static_cast<int>(e.kind));
    out.id = e.id;
    out.endpoint = qs(e.endpoint);
    out.message =
        e.errorCode != ErrorCode::Ok && !e.errorMessage.empty() ? qs(e.errorMessage) : qs(e.message);
    out.reason = e.reason;
    out.error = e.errorCode;
    out.reused = e.reused;
    out.time = traceWallTime(header, e.offsetUs);
    out.label = qs(e.label);
    out.value = e.value;
    return out;
}

std::shared_ptr<PoolSnapshot> toSnapshot(const trace::TraceState& state, const trace::TraceHeader& header,
                                         quint64 sequence)
{
    auto snapshot = std::make_shared<PoolSnapshot>();
    snapshot->sequence = sequence;
    snapshot->taken = traceTime(header, state.offsetUs);
    snapshot->wallTime = traceWallTime(header, state.offsetUs);
    snapshot->stats = state.stats;
    snapshot->connections = state.connections;
    snapshot->shutDown = state.stats.shutDown;
    QMap<QString, HostRow> hosts;
    for (const ConnectionInfo& c : state.connections) {
        const QString key = qs(c.key);
        HostRow& row = hosts[key];
        row.key = key;
        switch (c.state) {
        case ConnectionState::InUse:
            ++row.active;
            ++snapshot->leases;
            break;
        case ConnectionState::Idle:
            ++row.idle;
            break;
        case ConnectionState::Resolving:
        case ConnectionState::Connecting:
        case ConnectionState::Handshaking:
            ++row.connecting;
            break;
        case ConnectionState::Free:
        case ConnectionState::Closing:
            break;
        }
    }
    snapshot->hosts = hosts.values();
    return snapshot;
}

} // namespace poolscope::detail
