#pragma once
// The FIFO of acquire requests that have not been handed a connection yet. Pure bookkeeping: no
// timers, no pool; the service decides when to serve, expire or cancel. Ordered by arrival
// (sequence number), so a request that comes back after an OutOfResources keeps its place.

#include "poolscope/service/service_types.h"

#include <QHash>
#include <QPromise>
#include <QString>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace poolscope::detail {

struct Waiter
{
    quint64 seq = 0; ///< arrival order
    std::shared_ptr<QPromise<Lease>> promise;
    AcquireRequest request;
    QString key;                  ///< "tls://host:port"
    Clock::time_point enqueued{}; ///< when acquire() was called
    Clock::time_point deadline{};
    Clock::time_point notBefore{}; ///< retry backoff (retryConnectErrors)
    int attempts = 0;              ///< dials tried
    int connectFailures = 0;
    bool announced = false; ///< WaiterQueued was reported

    [[nodiscard]] bool cancelled() const { return promise->isCanceled(); }
};

struct KeyWaiting
{
    int count = 0;
    Clock::time_point oldest = Clock::time_point::max();
};

class WaitQueue
{
public:
    [[nodiscard]] bool empty() const noexcept { return m_items.empty(); }
    [[nodiscard]] int size() const noexcept { return static_cast<int>(m_items.size()); }

    /// Inserts in arrival order (a returning waiter goes back to its place).
    void insert(Waiter waiter);
    /// The waiter with this sequence number, if queued (searched from the back: new arrivals).
    [[nodiscard]] Waiter* find(quint64 seq);
    /// Removes and returns the waiters whose caller cancelled the future.
    [[nodiscard]] std::vector<Waiter> takeCancelled();
    /// Removes and returns the waiters whose deadline is at or before `now`.
    [[nodiscard]] std::vector<Waiter> takeExpired(Clock::time_point now);
    [[nodiscard]] std::vector<Waiter> takeByLabel(const QString& label);
    [[nodiscard]] std::vector<Waiter> takeAll();
    /// The first waiter in FIFO order that may be tried now: not backing off and `eligible(key)`.
    /// `eligible` is asked at most once per key per call.
    [[nodiscard]] std::optional<Waiter> takeNextEligible(Clock::time_point now,
                                                         const std::function<bool(const QString&)>& eligible);
    /// Waiting requests per key (count, oldest arrival).
    [[nodiscard]] QHash<QString, KeyWaiting> perKey() const;
    /// The earliest deadline or end of backoff, for the queue timer.
    [[nodiscard]] std::optional<Clock::time_point> nextWake() const;
    [[nodiscard]] std::optional<Clock::time_point> oldestArrival() const;

private:
    template <class Pred> std::vector<Waiter> takeIf(Pred pred);

    std::deque<Waiter> m_items;
};

} // namespace poolscope::detail
