#include "wait_queue.h"

#include <QSet>
#include <algorithm>

namespace poolscope::detail {

void WaitQueue::insert(Waiter waiter)
{
    // Arrivals are appended; only a returning waiter needs the search.
    if (m_items.empty() || m_items.back().seq < waiter.seq) {
        m_items.push_back(std::move(waiter));
        return;
    }
    const auto at = std::lower_bound(m_items.begin(), m_items.end(), waiter.seq,
                                     [](const Waiter& w, quint64 seq) { return w.seq < seq; });
    m_items.insert(at, std::move(waiter));
}

Waiter* WaitQueue::find(quint64 seq)
{
    for (auto it = m_items.rbegin(); it != m_items.rend(); ++it) {
        if (it->seq == seq)
            return &*it;
        if (it->seq < seq)
            break;
    }
    return nullptr;
}

template <class Pred> std::vector<Waiter> WaitQueue::takeIf(Pred pred)
{
    std::vector<Waiter> taken;
    auto keep = m_items.begin();
    for (auto it = m_items.begin(); it != m_items.end(); ++it) {
        if (pred(*it))
            taken.push_back(std::move(*it));
        else if (keep != it)
            *keep++ = std::move(*it);
        else
            ++keep;
    }
    m_items.erase(keep, m_items.end());
    return taken;
}

std::vector<Waiter> WaitQueue::takeCancelled()
{
    return takeIf([](const Waiter& w) { return w.cancelled(); });
}

std::vector<Waiter> WaitQueue::takeExpired(Clock::time_point now)
{
    return takeIf([now](const Waiter& w) { return w.deadline <= now; });
}

std::vector<Waiter> WaitQueue::takeByLabel(const QString& label)
{
    return takeIf([&label](const Waiter& w) { return w.request.label == label; });
}

std::vector<Waiter> WaitQueue::takeAll()
{
    std::vector<Waiter> all(std::make_move_iterator(m_items.begin()), std::make_move_iterator(m_items.end()));
    m_items.clear();
    return all;
}

std::optional<Waiter> WaitQueue::takeNextEligible(Clock::time_point now,
                                                  const std::function<bool(const QString&)>& eligible)
{
    QSet<QString> refused;
    for (auto it = m_items.begin(); it != m_items.end(); ++it) {
        if (it->notBefore > now || refused.contains(it->key))
            continue;
        if (!eligible(it->key)) {
            refused.insert(it->key);
            continue;
        }
        Waiter w = std::move(*it);
        m_items.erase(it);
        return w;
    }
    return std::nullopt;
}

QHash<QString, KeyWaiting> WaitQueue::perKey() const
{
    QHash<QString, KeyWaiting> rows;
    for (const auto& w : m_items) {
        auto& row = rows[w.key];
        ++row.count;
        row.oldest = std::min(row.oldest, w.enqueued);
    }
    return rows;
}

std::optional<Clock::time_point> WaitQueue::nextWake() const
{
    std::optional<Clock::time_point> next;
    for (const auto& w : m_items) {
        auto t = w.deadline;
        if (w.notBefore > Clock::time_point{})
            t = std::min(t, w.notBefore);
        if (!next || t < *next)
            next = t;
    }
    return next;
}

std::optional<Clock::time_point> WaitQueue::oldestArrival() const
{
    std::optional<Clock::time_point> oldest;
    for (const auto& w : m_items) {
        if (!oldest || w.enqueued < *oldest)
            oldest = w.enqueued;
    }
    return oldest;
}

} // namespace poolscope::detail
