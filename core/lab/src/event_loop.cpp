#include "event_loop.h"

#include "sockets.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <limits>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/eventfd.h>
#endif

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
    UniqueFd wakeRead;
    UniqueFd wakeWrite;
#if defined(__linux__)
    wakeRead.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!wakeRead.valid()) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: eventfd failed: " + errnoText(err), DialPhase::None,
                         err);
    }
#else
    int ends[2] = {-1, -1};
    if (::pipe(ends) != 0) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: pipe failed: " + errnoText(err), DialPhase::None, err);
    }
    wakeRead.reset(ends[0]);
    wakeWrite.reset(ends[1]);
    for (int fd : ends) {
        if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
            ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
            const int err = errno;
            return makeError(ErrorCode::SocketError, "lab: fcntl on the wake-up pipe failed: " + errnoText(err),
                             DialPhase::None, err);
        }
    }
#endif
    // The wake-up descriptor is the only registration without a handler.
    if (!poller.value()->add(wakeRead.get(), ready::kIn, nullptr)) {
        const int err = errno;
        return makeError(ErrorCode::SocketError, "lab: watching the wake-up descriptor failed: " + errnoText(err),
                         DialPhase::None, err);
    }
    return std::unique_ptr<EventLoop>(
        new EventLoop(std::move(poller).value(), std::move(wakeRead), std::move(wakeWrite)));
}

EventLoop::EventLoop(std::unique_ptr<Poller> poller, UniqueFd wakeRead, UniqueFd wakeWrite)
    : m_poller(std::move(poller)), m_wakeRead(std::move(wakeRead)), m_wakeWrite(std::move(wakeWrite))
{
}

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
    // An eventfd takes 8 bytes; a pipe takes any. EAGAIN means a wake-up is already pending.
    const std::uint64_t one = 1;
    const int fd = m_wakeWrite.valid() ? m_wakeWrite.get() : m_wakeRead.get();
    [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
}

void EventLoop::drainWakeup()
{
    // A pipe may hold several wake-ups: read until empty (bounded: the pipe is finite).
    std::array<std::uint64_t, 64> buffer{};
    for (int i = 0; i < 64; ++i) {
        const ssize_t got = ::read(m_wakeRead.get(), buffer.data(), sizeof buffer);
        if (got < static_cast<ssize_t>(sizeof buffer))
            break;
    }
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
                drainWakeup();
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
