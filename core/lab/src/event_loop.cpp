#include "event_loop.h"

#include "sockets.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <limits>
#include <sys/epoll.h>
#include <sys/eventfd.h>

namespace poolscope::lab::detail {

namespace {

constexpr int kMaxEventsPerWait = 256;

/// An exception escaping the loop thread would terminate the host application. Only
/// std::bad_alloc can realistically get here; dropping one event (level-triggered epoll reports
/// it again) is the better failure.
template <class F> void guarded(F&& f) noexcept
{
    try {
        f();
    } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): see above
    }
}

} // namespace

Result<std::unique_ptr<EventLoop>> EventLoop::create()
{
    UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll.valid()) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: epoll_create1 failed: " + errnoText(err),
                         DialPhase::None, err);
    }
    UniqueFd wakeup(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!wakeup.valid()) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: eventfd failed: " + errnoText(err), DialPhase::None,
                         err);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr; // the wakeup fd is the only registration without a handler
    if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, wakeup.get(), &ev) != 0) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: epoll_ctl(eventfd) failed: " + errnoText(err),
                         DialPhase::None, err);
    }
    return std::unique_ptr<EventLoop>(new EventLoop(std::move(epoll), std::move(wakeup)));
}

EventLoop::EventLoop(UniqueFd epoll, UniqueFd wakeup) : m_epoll(std::move(epoll)), m_wakeup(std::move(wakeup))
{
}

EventLoop::~EventLoop() = default;

bool EventLoop::watch(int fd, std::uint32_t events, EventHandler* handler)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool EventLoop::rewatch(int fd, std::uint32_t events, EventHandler* handler)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return ::epoll_ctl(m_epoll.get(), EPOLL_CTL_MOD, fd, &ev) == 0;
}

void EventLoop::unwatch(int fd)
{
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
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
    wake();
}

void EventLoop::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
    }
    wake();
}

void EventLoop::wake()
{
    const std::uint64_t one = 1;
    // EAGAIN means the counter is already non-zero: the loop will wake anyway.
    [[maybe_unused]] const auto written = ::write(m_wakeup.get(), &one, sizeof one);
}

void EventLoop::drainWakeup()
{
    std::uint64_t value = 0;
    [[maybe_unused]] const auto read = ::read(m_wakeup.get(), &value, sizeof value);
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
    std::array<epoll_event, kMaxEventsPerWait> events{};
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopRequested)
                return;
        }
        const int count =
            ::epoll_wait(m_epoll.get(), events.data(), kMaxEventsPerWait, millisecondsUntilNextTimer());
        if (count < 0 && errno != EINTR)
            return; // only EBADF/EINVAL are possible, and they do not heal
        for (int i = 0; i < count; ++i) {
            const epoll_event& ev = events[static_cast<std::size_t>(i)];
            if (ev.data.ptr == nullptr) {
                drainWakeup();
                continue;
            }
            guarded([&] { static_cast<EventHandler*>(ev.data.ptr)->onEvents(ev.events); });
        }
        guarded([this] { runPostedTasks(); });
        guarded([this] { runDueTimers(); });
        m_retired.clear();
    }
}

} // namespace poolscope::lab::detail
