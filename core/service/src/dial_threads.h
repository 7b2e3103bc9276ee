#pragma once
// The service's dial threads: a small bounded pool of std::threads for the blocking work the worker
// hands off (dials, warm-up dials, HTTP probes).
//
// Why not QThreadPool/QtConcurrent: their hand-off of a job to a waiting thread is ordered by Qt's
// own mutexes, which ThreadSanitizer cannot see in a distribution's Qt, while the job object is
// written and read in Qt's header templates, compiled into our instrumented code. TSan then reports
// the hand-off as a race whenever a job lands on a thread that already exists, which depends on
// timing. std::mutex and std::condition_variable are seen by TSan, so every hand-off here is ordered
// for it exactly as it is for the machine, and a real race inside a job is still reported.
//
// Contract: start() and waitForDone() may be called from any thread; jobs run in FIFO order on up to
// maxThreads threads; a thread idle for `idleExpiry` exits. The destructor waits for every queued
// and running job, then joins every thread.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace poolscope::detail {

class DialThreads
{
public:
    explicit DialThreads(int maxThreads, std::chrono::milliseconds idleExpiry = std::chrono::seconds(30));
    ~DialThreads();
    DialThreads(const DialThreads&) = delete;
    DialThreads& operator=(const DialThreads&) = delete;

    /// Queues `job`; starts a thread for it when none is idle and fewer than maxThreads run.
    void start(std::function<void()> job);
    /// Blocks until no job is queued or running. Jobs started meanwhile are waited for too.
    void waitForDone();
    /// Threads alive now (idle or busy).
    [[nodiscard]] int threadCount() const;

private:
    void run(int id);
    void joinExited();

    const int m_maxThreads;
    const std::chrono::milliseconds m_idleExpiry;
    mutable std::mutex m_mutex;
    std::condition_variable m_work; ///< a job was queued, or quitting
    std::condition_variable m_done; ///< the pool became quiet
    std::deque<std::function<void()>> m_jobs;
    std::map<int, std::thread> m_threads; ///< alive
    std::vector<std::thread> m_exited;    ///< returned from run(), to be joined
    int m_nextId = 0;
    int m_idle = 0;
    int m_busy = 0;
    bool m_quitting = false;
};

} // namespace poolscope::detail
