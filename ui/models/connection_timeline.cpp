#include "models/connection_timeline.h"

#include "poolscope/reuse_key.h"
#include "util/presentation.h"

#include <QDateTime>
#include <algorithm>
#include <limits>

namespace poolscope::ui {

namespace {

using Kind = ServiceEvent::Kind;
using std::chrono::duration_cast;
using std::chrono::microseconds;

constexpr qint64 kNone = -1;

bool valid(Clock::time_point tp)
{
    return tp != Clock::time_point{} && tp != Clock::time_point::max();
}

} // namespace

ConnectionTimeline::ConnectionTimeline(QObject* parent) : QObject(parent)
{
    setObjectName(QStringLiteral("connectionTimeline"));
}

qint64 ConnectionTimeline::nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

void ConnectionTimeline::setClock(std::function<qint64()> wallUs, std::function<Clock::time_point()> steady)
{
    m_wallNow = wallUs ? std::move(wallUs) : &ConnectionTimeline::nowUs;
    m_steadyNow = steady ? std::move(steady) : [] { return Clock::now(); };
}

void ConnectionTimeline::clear()
{
    m_records.clear();
    Q_EMIT changed();
}

void ConnectionTimeline::setLinger(std::chrono::milliseconds linger)
{
    m_linger = std::max(linger, std::chrono::milliseconds{0});
}

void ConnectionTimeline::setMaxConnections(int count)
{
    m_maxConnections = std::max(1, count);
    while (size() > m_maxConnections) {
        // Departed ones first (the oldest close), then the oldest dial.
        auto victim = m_records.end();
        for (auto it = m_records.begin(); it != m_records.end(); ++it) {
            if (it->second.closedUs >= 0 &&
                (victim == m_records.end() || it->second.closedUs < victim->second.closedUs))
                victim = it;
        }
        m_records.erase(victim != m_records.end() ? victim : m_records.begin());
    }
}

ConnectionTimeline::Record* ConnectionTimeline::find(ConnectionId id)
{
    const auto it = m_records.find(id);
    return it == m_records.end() ? nullptr : &it->second;
}

ConnectionTimeline::Record* ConnectionTimeline::obtain(ConnectionId id, bool force)
{
    if (Record* r = find(id))
        return r;
    if (size() >= m_maxConnections) {
        auto victim = m_records.end();
        for (auto it = m_records.begin(); it != m_records.end(); ++it) {
            if (it->second.closedUs >= 0 &&
                (victim == m_records.end() || it->second.closedUs < victim->second.closedUs))
                victim = it;
        }
        if (victim == m_records.end()) {
            // Only live connections: a new dial pushes out the oldest one, a snapshot row does not
            // (it would push out another live one on every snapshot).
            if (!force || id < m_records.begin()->first)
                return nullptr;
            victim = m_records.begin();
        }
        m_records.erase(victim);
    }
    Record& r = m_records[id];
    r.id = id;
    return &r;
}

void ConnectionTimeline::addUse(Record& record, Use use)
{
    use.number = ++record.usesSeen;
    record.uses.push_back(std::move(use));
    while (record.uses.size() > kMaxUses)
        record.uses.pop_front();
}

void ConnectionTimeline::noteEvents(std::span<const ServiceEvent> events)
{
    qint64 latest = kNone;
    for (const ServiceEvent& e : events) {
        if (e.id == 0 || !e.time.isValid() || !noteEvent(e))
            continue;
        latest = std::max(latest, toUs(e.time));
    }
    if (latest == kNone)
        return;
    prune(latest);
    Q_EMIT changed();
}

bool ConnectionTimeline::noteEvent(const ServiceEvent& e)
{
    const qint64 t = toUs(e.time);
    const bool force = e.kind == Kind::DialStarted || e.kind == Kind::DialFailed;
    switch (e.kind) {
    case Kind::DialStarted:
    case Kind::Resolved:
    case Kind::Connected:
    case Kind::HandshakeDone:
    case Kind::Acquired:
    case Kind::Released:
    case Kind::Closed:
    case Kind::DialFailed:
    case Kind::WaiterServed:
        break;
    default:
        return false;
    }
    Record* r = obtain(e.id, force);
    if (!r)
        return false;
    if (r->endpoint.isEmpty() && !e.endpoint.isEmpty()) {
        r->endpoint = e.endpoint;
        r->tls = e.endpoint.startsWith(QLatin1String("tls://"));
        r->proxied = keyIsProxied(e.endpoint.toStdString());
    }
    const auto openUse = [r]() -> Use* {
        return !r->uses.empty() && r->uses.back().endUs == kNone ? &r->uses.back() : nullptr;
    };
    switch (e.kind) {
    case Kind::DialStarted:
        r->dialUs = t;
        break;
    case Kind::Resolved:
        r->resolvedUs = t;
        break;
    case Kind::Connected:
        r->connectedUs = t;
        break;
    case Kind::HandshakeDone:
        r->handshakeUs = t;
        r->tls = true;
        break;
    case Kind::Acquired:
        if (!openUse()) { // a snapshot may have shown this use first
            Use use;
            use.startUs = t;
            use.label = e.label;
            use.reused = e.reused;
            addUse(*r, std::move(use));
        }
        break;
    case Kind::Released:
        if (Use* use = openUse()) {
            use->endUs = std::max(t, use->startUs);
            if (use->label.isEmpty())
                use->label = e.label;
        } else if (!r->uses.empty()) {
            r->uses.back().endUs = std::max(t, r->uses.back().startUs); // a snapshot ended it first
        }
        break;
    case Kind::Closed:
        if (r->closedUs == kNone || r->closeEstimated) {
            r->closedUs = t;
            r->closeEstimated = false;
        }
        if (!r->failed) {
            r->why = closeReasonText(e.reason);
            if (r->why.isEmpty())
                r->why = e.message;
        }
        if (Use* use = openUse())
            use->endUs = std::max(t, use->startUs);
        break;
    case Kind::DialFailed:
        r->failed = true;
        r->why = e.message.isEmpty() ? errorCodeText(e.error) : e.message;
        r->closedUs = t;
        r->closeEstimated = false;
        break;
    case Kind::WaiterServed:
        r->waits.emplace_back(t - std::max<qint64>(0, e.value) * 1000, t);
        while (r->waits.size() > kMaxUses)
            r->waits.pop_front();
        break;
    default:
        break;
    }
    return true;
}

void ConnectionTimeline::noteRow(Record& r, const ConnectionInfo& c, qint64 wallUs, Clock::time_point taken)
{
    const auto conv = [&](Clock::time_point tp) {
        return wallUs + duration_cast<microseconds>(tp - taken).count();
    };
    if (r.endpoint.isEmpty())
        r.endpoint = qs(c.key);
    r.tls = r.tls || c.tls;
    r.proxied = r.proxied || keyIsProxied(c.key) || c.timings.proxyUs > 0;
    if (c.timings.resolveUs > 0 || c.timings.connectUs > 0 || c.timings.proxyUs > 0 || c.timings.tlsUs > 0) {
        r.timings = c.timings;
        r.haveTimings = true;
    }
    if (r.dialUs == kNone && valid(c.created))
        r.dialUs = conv(c.created);
    if (c.state == ConnectionState::InUse && valid(c.inUseSince)) {
        const qint64 since = conv(c.inUseSince);
        const bool held = !r.uses.empty() && r.uses.back().endUs == kNone;
        // A snapshot taken before the last return still says InUse since the old start: no new use.
        if (!held && (r.uses.empty() || since > r.uses.back().endUs)) {
            Use use;
            use.startUs = since;
            use.label = qs(c.label);
            use.reused = c.reuseCount > 0;
            addUse(r, std::move(use));
        } else if (held && r.uses.back().label.isEmpty())
            r.uses.back().label = qs(c.label);
    } else if (c.state == ConnectionState::Idle) {
        const qint64 deadline = valid(c.keepAliveDeadline) ? conv(c.keepAliveDeadline) : kNone;
        if (r.uses.empty()) {
            r.idleDeadlineUs = deadline;
        } else {
            Use& last = r.uses.back();
            const qint64 returned = valid(c.lastUsed) ? conv(c.lastUsed) : kNone;
            if (last.endUs == kNone && returned > last.startUs)
                last.endUs = returned; // the Released event is late (or was dropped)
            if (last.endUs != kNone)
                last.idleDeadlineUs = deadline;
        }
    }
}

void ConnectionTimeline::noteSnapshot(const PoolSnapshot& snapshot, std::chrono::milliseconds linger)
{
    setLinger(linger);
    const qint64 wall = snapshot.wallTime.isValid() ? toUs(snapshot.wallTime) : m_wallNow();
    const Clock::time_point taken = snapshot.taken == Clock::time_point{} ? m_steadyNow() : snapshot.taken;
    ++m_generation;
    // A 10,000-row snapshot over a full timeline: rows it does not keep are skipped at the cost of
    // one lookup, not a search for a departed connection to drop (there is none left).
    auto departed = std::count_if(m_records.begin(), m_records.end(),
                                  [](const auto& entry) { return entry.second.closedUs != kNone; });
    for (const ConnectionInfo& c : snapshot.connections) {
        Record* r = find(c.id);
        if (!r) {
            const bool full = size() >= m_maxConnections;
            if (full && departed == 0)
                continue;
            r = obtain(c.id, false);
            if (r && full)
                --departed;
        }
        if (r) {
            noteRow(*r, c, wall, taken);
            r->snapshotGeneration = m_generation;
        }
    }
    // Listed before, gone now, and no Closed event yet: it left around now (the event, when it
    // comes, has the exact time and the reason).
    for (auto& [id, r] : m_records) {
        if (r.snapshotGeneration != 0 && r.snapshotGeneration != m_generation && r.closedUs == kNone) {
            r.closedUs = wall;
            r.closeEstimated = true;
            if (!r.uses.empty() && r.uses.back().endUs == kNone)
                r.uses.back().endUs = std::max(wall, r.uses.back().startUs);
        }
    }
    prune(wall);
    Q_EMIT changed();
}

void ConnectionTimeline::prune(qint64 nowUs)
{
    const qint64 linger = duration_cast<microseconds>(m_linger).count();
    std::erase_if(m_records, [&](const auto& entry) {
        return entry.second.closedUs != kNone && entry.second.closedUs + linger < nowUs;
    });
}

std::vector<ConnectionTimeline::Lane> ConnectionTimeline::lanes() const
{
    std::vector<Lane> out;
    out.reserve(m_records.size());
    for (const auto& [id, r] : m_records) {
        qint64 start = r.dialUs;
        for (const auto& w : r.waits)
            start = start == kNone ? w.first : std::min(start, w.first);
        if (start == kNone && !r.uses.empty())
            start = r.uses.front().startUs;
        if (start == kNone)
            start = r.closedUs;
        out.push_back(Lane{id, r.endpoint, r.closedUs != kNone, r.failed, start});
    }
    return out;
}

qint64 ConnectionTimeline::earliestUs() const
{
    qint64 earliest = kNone;
    for (const Lane& lane : lanes()) {
        if (lane.startUs != kNone)
            earliest = earliest == kNone ? lane.startUs : std::min(earliest, lane.startUs);
    }
    return earliest;
}

std::vector<ConnectionTimeline::Segment> ConnectionTimeline::segments(ConnectionId id, qint64 nowUs) const
{
    const auto it = m_records.find(id);
    return it == m_records.end() ? std::vector<Segment>{} : build(it->second, nowUs);
}

std::vector<ConnectionTimeline::Segment>
ConnectionTimeline::segmentsFor(const ConnectionInfo& info, qint64 nowUs, Clock::time_point clockNow)
{
    Record r;
    r.id = info.id;
    noteRow(r, info, nowUs, clockNow);
    return build(r, nowUs);
}

bool ConnectionTimeline::buildDial(const Record& r, qint64 nowUs, std::vector<Segment>& out,
                                   qint64& dialEndUs)
{
    dialEndUs = std::numeric_limits<qint64>::min();
    if (r.dialUs == kNone)
        return false;
    struct Phase
    {
        SegmentKind kind;
        qint64 exactUs;
        qint64 doneUs;
    };
    std::vector<Phase> phases{{SegmentKind::Dns, r.timings.resolveUs, r.resolvedUs},
                              {SegmentKind::Connect, r.timings.connectUs, r.connectedUs}};
    // No event marks the tunnel's end: its time is known from a snapshot's timings, and a dial
    // that fails after connecting to a proxy failed in the tunnel unless TLS had begun.
    if (r.proxied)
        phases.push_back({SegmentKind::Proxy, r.timings.proxyUs, kNone});
    if (r.tls)
        phases.push_back({SegmentKind::Tls, r.timings.tlsUs, r.handshakeUs});
    const bool used = !r.uses.empty();
    qint64 t = r.dialUs;
    for (std::size_t i = 0; i < phases.size(); ++i) {
        const Phase& p = phases[i];
        bool laterDone = used;
        for (std::size_t j = i + 1; j < phases.size(); ++j)
            laterDone = laterDone || phases[j].doneUs != kNone || phases[j].exactUs > 0;
        const bool done = p.doneUs != kNone || p.exactUs > 0 || laterDone;
        Segment s;
        s.kind = p.kind;
        s.startUs = t;
        if (done) {
            if (p.exactUs > 0) {
                s.exactUs = p.exactUs;
                s.endUs = t + p.exactUs;
            } else if (p.doneUs != kNone) {
                s.endUs = std::max(t, p.doneUs);
            } else {
                continue; // measured as not run (an address needs no name resolution)
            }
            out.push_back(s);
            t = s.endUs;
            continue;
        }
        // The phase the dial is in, or the one it failed in.
        if (r.failed) {
            s.failed = true;
            s.endUs = std::max(t, r.closedUs);
        } else if (r.closedUs != kNone) {
            s.endUs = std::max(t, r.closedUs);
        } else {
            s.open = true;
            s.endUs = std::max(t, nowUs);
        }
        out.push_back(s);
        dialEndUs = s.endUs;
        return false;
    }
    dialEndUs = t;
    return true;
}

std::vector<ConnectionTimeline::Segment> ConnectionTimeline::build(const Record& r, qint64 nowUs)
{
    std::vector<Segment> out;
    for (const auto& [from, to] : r.waits) {
        Segment s;
        s.kind = SegmentKind::Queued;
        s.startUs = from;
        s.endUs = to;
        out.push_back(s);
    }
    qint64 dialEnd = 0;
    const bool established = buildDial(r, nowUs, out, dialEnd);
    const qint64 end = r.closedUs != kNone ? r.closedUs : nowUs;
    const auto idle = [&](qint64 from, qint64 deadline, qint64 nextStart) {
        Segment s;
        s.kind = SegmentKind::Idle;
        s.startUs = from;
        s.deadlineUs = deadline;
        s.open = nextStart == kNone && r.closedUs == kNone;
        s.endUs = std::max(from, nextStart != kNone ? nextStart : end);
        if (s.endUs > s.startUs || s.open)
            out.push_back(s);
    };
    if (r.uses.empty() && established && !r.failed) // dialled ahead (warm-up), not handed out yet
        idle(dialEnd, r.idleDeadlineUs, kNone);
    for (std::size_t i = 0; i < r.uses.size(); ++i) {
        const Use& u = r.uses[i];
        Segment s;
        s.kind = SegmentKind::Use;
        s.startUs = std::max(u.startUs, dialEnd);
        s.label = u.label;
        s.reused = u.reused;
        s.number = u.number;
        s.open = u.endUs == kNone && r.closedUs == kNone;
        s.endUs = std::max(s.startUs, u.endUs != kNone ? u.endUs : end);
        out.push_back(s);
        if (u.endUs != kNone)
            idle(s.endUs, u.idleDeadlineUs, i + 1 < r.uses.size() ? r.uses[i + 1].startUs : kNone);
    }
    if (r.closedUs != kNone) {
        Segment s;
        s.kind = SegmentKind::Closed;
        s.startUs = s.endUs = r.closedUs;
        s.failed = r.failed;
        s.label = r.why;
        s.estimatedEnd = r.closeEstimated;
        out.push_back(s);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Segment& a, const Segment& b) { return a.startUs < b.startUs; });
    return out;
}

} // namespace poolscope::ui
