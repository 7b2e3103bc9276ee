#pragma once
// Min-idle warm-up: keeps `minIdle` idle connections per target, one dial in flight per target,
// and after a failure waits an exponential backoff with jitter (equal jitter: half fixed, half
// random) before the next attempt. The last error is kept for the UI. Pure logic: the service
// runs the dials and feeds the results back.

#include "poolscope/service/pool_service.h"

#include <QList>
#include <optional>
#include <random>
#include <vector>

namespace poolscope::detail {

class Warmup
{
public:
    struct Order
    {
        quint64 token = 0;
        WarmupTarget target;
    };

    /// Empty when valid; otherwise why not.
    [[nodiscard]] static QString validate(const QList<WarmupTarget>& targets);
    /// Replaces the targets; counters of a target that stays (same host, port, tls) are kept.
    void setTargets(const QList<WarmupTarget>& targets);
    [[nodiscard]] bool empty() const noexcept { return m_states.empty(); }

    /// Targets below their minimum with no dial in flight and no backoff pending. Pass allowed =
    /// false to only count (while draining, when waiters queue, or the pool has no free slot).
    [[nodiscard]] std::vector<Order> due(Clock::time_point now,
                                         const std::vector<ConnectionInfo>& connections, bool allowed);
    /// A warm-up dial ended. For a failure, returns the WarmupFailed event to report
    /// (OutOfResources, Cancelled and ShutDown are not the target's failures: retried soon, not counted).
    std::optional<ServiceEvent> finished(quint64 token, const Error& error, Clock::time_point now);
    [[nodiscard]] QList<WarmupRow> rows(const std::vector<ConnectionInfo>& connections) const;

    [[nodiscard]] static int idleCount(const WarmupTarget& target,
                                       const std::vector<ConnectionInfo>& connections);
    /// The un-jittered backoff after `failures` consecutive failures (>= 1).
    [[nodiscard]] static std::chrono::milliseconds backoffFor(const WarmupTarget& target, int failures);

private:
    struct State
    {
        WarmupTarget target;
        QString key;
        int consecutiveFailures = 0;
        quint64 failures = 0;
        quint64 successes = 0;
        Error lastError;
        std::chrono::milliseconds backoff{0};
        Clock::time_point nextAttempt{};
        quint64 inFlight = 0; ///< token of the dial in flight, 0 when none
    };

    std::vector<State> m_states;
    quint64 m_nextToken = 1;
    std::minstd_rand m_random{std::random_device{}()};
};

} // namespace poolscope::detail
