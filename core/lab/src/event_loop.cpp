#include "event_loop.h"

#include "sockets.h"

#include <algorithm>
#include <cerrno>
#include <exception>
#include <limits>

namespace poolscope::lab::detail {

namespace {

constexpr int kMaxEventsPerWait = 256;

/// An exception escaping the loop thread would terminate the host application. Only
/// std::bad_alloc can realistically get here; dropping one event (the level-triggered poller reports
/// it again) is the better failure.
template <class F> void guarded(F&& f) noexcept
{
    try {
        f();
    } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): see above
    }
}

} // namespace

Result<std::unique_ptr<EventLoop>> EventLoop::create(LabPoller kind)
{
    auto poller = makePoller(kind);
    if (!poller)
        return std::move(poller).error();
    std::unique_ptr<EventLoop> loop(new EventLoop(std::move(poller).value()));
    if (const int err = loop->m_waker.error(); err != 0)
        return makeError(ErrorCode::SocketError, "lab: opening the wake-up channel failed: " + errnoText(err),
                         DialPhase::None, err);
    // The wake-up channel is the only registration without a handler.
    if (!loop->m_poller->add(loop->m_waker.pollable(), ready::kIn, nullptr)) {
        const int err = errno;
        return makeError(ErrorCode::SocketError,
                         "lab: watching the wake-up channel failed: " + errnoText(err), DialPhase::None, err);
    }
    return loop;
}

EventLoop::EventLoop(std::unique_ptr<Poller> poller) : m_poller(std::move(poller)) {}

EventLoop::~EventLoop() = default;

bool EventLoop::watch(int fd, std::uint32_t events, EventHandler* handler)
{
    return m_poller->add(fd, events, handler);
}

bool EventLoop::rewatch(int fd, std::uint32_t events, EventHandler* handler)
{
    return m_poller->modify(fd, events, handler);
}

void EventLoop::unwatch(int fd)
{
    m_poller->remove(fd);
}

TimerKey EventLoop::runAt(Clock::time_point when, std::function<void()> task)
{
    const TimerKey key{when, ++m_timerSequence};
    m_timers.emplace(key, std::move(task));
    return key;
}

void EventLoop::cancel(const TimerKey& timer)
{
    m_timers.erase(timer);
}

void EventLoop::retire(std::unique_ptr<EventHandler> handler)
{
    m_retired.push_back(std::move(handler));
}

void EventLoop::post(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        m_posted.push_back(std::move(task));
    }
    m_waker.signal();
}

void EventLoop::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
    }
    m_waker.signal();
}

int EventLoop::millisecondsUntilNextTimer() const
{
    if (m_timers.empty())
        return -1;
    const auto wait = m_timers.begin()->first.when - Clock::now();
    if (wait <= Clock::duration::zero())
        return 0;
    // Round up: waking a little late is harmless, waking early would spin until the deadline.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
    return static_cast<int>(std::min<decltype(ms)>(ms, std::numeric_limits<int>::max()));
}

void EventLoop::runDueTimers()
{
    // One at a time, so a task may cancel any other timer, due or not. `now` is fixed: a task
    // re-arming itself for a later deadline waits for a later round.
    const auto now = Clock::now();
    while (!m_timers.empty() && m_timers.begin()->first.when <= now) {
        auto task = std::move(m_timers.begin()->second);
        m_timers.erase(m_timers.begin());
        task();
    }
}

void EventLoop::runPostedTasks()
{
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(m_mutex);
        tasks.swap(m_posted);
    }
    for (auto& task : tasks)
        task();
}

void EventLoop::run()
{
    std::vector<Poller::Event> events;
    events.reserve(kMaxEventsPerWait);
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopRequested)
                return;
        }
        if (!m_poller->wait(millisecondsUntilNextTimer(), events))
            return; // an error that does not heal (a bad poller descriptor)
        for (const Poller::Event& ev : events) {
            if (ev.tag == nullptr) {
                m_waker.drain();
                continue;
            }
            guarded([&] { static_cast<EventHandler*>(ev.tag)->onEvents(ev.events); });
        }
        guarded([this] { runPostedTasks(); });
        guarded([this] { runDueTimers(); });
        m_retired.clear();
    }
}

} // namespace poolscope::lab::detail
