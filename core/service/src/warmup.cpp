#include "warmup.h"

#include "endpoint.h"
#include "poolscope/deadline.h"

#include <algorithm>

namespace poolscope::detail {

QString Warmup::validate(const QList<WarmupTarget>& targets)
{
    for (const auto& t : targets) {
        if (t.host.isEmpty() || t.port == 0)
            return QStringLiteral("warm-up target needs a host and a port");
        if (t.minIdle < 0 || t.minIdle > 65535)
            return QStringLiteral("warm-up minIdle must be between 0 and 65535");
        if (t.initialBackoff.count() <= 0 || t.maxBackoff < t.initialBackoff)
            return QStringLiteral(
                "warm-up backoff: initialBackoff must be > 0 and maxBackoff >= initialBackoff");
    }
    return {};
}

void Warmup::setTargets(const QList<WarmupTarget>& targets)
{
    std::vector<State> next;
    next.reserve(static_cast<std::size_t>(targets.size()));
    for (const auto& t : targets) {
        State s;
        s.key = endpointKey(t.host, t.port, t.tls);
        const auto old =
            std::find_if(m_states.begin(), m_states.end(), [&](const State& o) { return o.key == s.key; });
        if (old != m_states.end())
            s = std::move(*old);
        s.target = t;
        next.push_back(std::move(s));
    }
    m_states = std::move(next);
}

int Warmup::idleCount(const WarmupTarget& target, const std::vector<ConnectionInfo>& connections)
{
    const std::string host = target.host.toLower().toStdString();
    return static_cast<int>(
        std::count_if(connections.begin(), connections.end(), [&](const ConnectionInfo& c) {
            return c.state == ConnectionState::Idle && c.port == target.port && c.tls == target.tls &&
                   c.host == host;
        }));
}

std::chrono::milliseconds Warmup::backoffFor(const WarmupTarget& target, int failures)
{
    auto backoff = target.initialBackoff;
    for (int i = 1; i < failures && backoff < target.maxBackoff; ++i)
        backoff *= 2;
    return std::min(backoff, target.maxBackoff);
}

std::vector<Warmup::Order> Warmup::due(Clock::time_point now, const std::vector<ConnectionInfo>& connections,
                                       bool allowed)
{
    std::vector<Order> orders;
    if (!allowed)
        return orders;
    for (auto& s : m_states) {
        if (s.inFlight != 0 || now < s.nextAttempt || idleCount(s.target, connections) >= s.target.minIdle)
            continue;
        s.inFlight = m_nextToken++;
        orders.push_back(Order{s.inFlight, s.target});
    }
    return orders;
}

std::optional<ServiceEvent> Warmup::finished(quint64 token, const Error& error, Clock::time_point now)
{
    const auto it =
        std::find_if(m_states.begin(), m_states.end(), [&](const State& s) { return s.inFlight == token; });
    if (it == m_states.end())
        return std::nullopt; // the target was removed meanwhile
    it->inFlight = 0;
    if (error.code == ErrorCode::OutOfResources || error.code == ErrorCode::Cancelled ||
        error.code == ErrorCode::ShutDown) {
        // Not the target's fault (no free slot, the service stopping): try again soon, count nothing.
        it->nextAttempt = saturatingAdd(now, it->target.initialBackoff);
        return std::nullopt;
    }
    if (error.ok()) {
        ++it->successes;
        it->consecutiveFailures = 0;
        it->backoff = std::chrono::milliseconds{0};
        it->nextAttempt = now;
        return std::nullopt;
    }
    ++it->failures;
    ++it->consecutiveFailures;
    it->lastError = error;
    it->backoff = backoffFor(it->target, it->consecutiveFailures);
    // Equal jitter: half the backoff fixed, half random, so targets that failed together spread out.
    std::uniform_real_distribution<double> half(0.5, 1.0);
    const auto delay = std::chrono::milliseconds{
        static_cast<std::int64_t>(static_cast<double>(it->backoff.count()) * half(m_random))};
    it->nextAttempt = saturatingAdd(now, delay);

    ServiceEvent e;
    e.kind = ServiceEvent::Kind::WarmupFailed;
    e.endpoint = it->key;
    e.error = error.code;
    e.value = delay.count();
    e.message = QStringLiteral("warm-up of %1 failed (%2 in a row), next attempt in %3 ms: %4")
                    .arg(it->key)
                    .arg(it->consecutiveFailures)
                    .arg(delay.count())
                    .arg(QString::fromStdString(error.message));
    e.time = QDateTime::currentDateTimeUtc();
    return e;
}

QList<WarmupRow> Warmup::rows(const std::vector<ConnectionInfo>& connections) const
{
    QList<WarmupRow> rows;
    rows.reserve(static_cast<qsizetype>(m_states.size()));
    for (const auto& s : m_states) {
        WarmupRow r;
        r.key = s.key;
        r.minIdle = s.target.minIdle;
        r.idle = idleCount(s.target, connections);
        r.dialing = s.inFlight != 0 ? 1 : 0;
        r.consecutiveFailures = s.consecutiveFailures;
        r.failures = s.failures;
        r.successes = s.successes;
        r.lastErrorCode = s.lastError.code;
        r.lastError = QString::fromStdString(s.lastError.message);
        r.backoff = s.backoff;
        r.nextAttempt = s.nextAttempt;
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace poolscope::detail
