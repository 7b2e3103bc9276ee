#pragma once
// The lab's single event-loop thread: a level-triggered Poller (epoll or poll, poller.h) over every
// listener, connection and UDP socket, a timer queue for idle closing, and a wake-up channel
// (sys::Waker: an eventfd on Linux, a pipe on other POSIX systems, a loopback socket pair on
// Windows) for stop() and posted tasks. Everything except stop() and post() must be called on the
// loop thread (or before it starts / after it ended).

#include "poller.h"
#include "poolscope/result.h"
#include "sockets.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace poolscope::lab::detail {

using Clock = std::chrono::steady_clock;

/// Identifies a pending timer; also its position in the queue (so cancelling is a lookup).
struct TimerKey
{
    Clock::time_point when;
    std::uint64_t sequence = 0;
    auto operator<=>(const TimerKey&) const = default;
};

class EventHandler
{
public:
    virtual ~EventHandler() = default;
    /// `events`: the ready:: bits that fired (kIn, kOut, kError, kHangUp).
    virtual void onEvents(std::uint32_t events) = 0;
};

class EventLoop
{
public:
    [[nodiscard]] static Result<std::unique_ptr<EventLoop>> create(LabPoller poller = LabPoller::Auto);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    /// Registers or updates `fd` with the interest mask `events` (ready::kIn / kOut; 0 for errors
    /// only); false (errno set) on failure.
    bool watch(int fd, std::uint32_t events, EventHandler* handler);
    bool rewatch(int fd, std::uint32_t events, EventHandler* handler);
    void unwatch(int fd);

    /// Runs `task` on the loop thread once `when` has passed.
    TimerKey runAt(Clock::time_point when, std::function<void()> task);
    /// Forgets a pending timer; a no-op if it already ran. A closed connection cancels its idle
    /// timer so heavy connection churn cannot pile up dead timers for a whole keep-alive period.
    void cancel(const TimerKey& timer);

    /// Keeps `handler` alive until the current batch of events is dispatched: events for it may
    /// still be queued, and they must not reach freed memory.
    void retire(std::unique_ptr<EventHandler> handler);

    /// Thread-safe: runs `task` on the loop thread soon.
    void post(std::function<void()> task);
    /// Thread-safe: makes run() return.
    void stop();

    /// Dispatches events, timers and posted tasks until stop().
    void run();

    [[nodiscard]] LabPoller pollerKind() const { return m_poller->kind(); }

private:
    explicit EventLoop(std::unique_ptr<Poller> poller);
    [[nodiscard]] int millisecondsUntilNextTimer() const;
    void runDueTimers();
    void runPostedTasks();

    std::unique_ptr<Poller> m_poller;
    sys::Waker m_waker;
    std::map<TimerKey, std::function<void()>> m_timers;
    std::uint64_t m_timerSequence = 0;
    std::vector<std::unique_ptr<EventHandler>> m_retired;

    std::mutex m_mutex; // guards m_posted and m_stopRequested
    std::vector<std::function<void()>> m_posted;
    bool m_stopRequested = false;
};

} // namespace poolscope::lab::detail
