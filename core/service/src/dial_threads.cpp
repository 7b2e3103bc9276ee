// The service's dial threads (see dial_threads.h for why they are not a QThreadPool).
#include "dial_threads.h"

#include <algorithm>
#include <utility>

namespace poolscope::detail {

DialThreads::DialThreads(int maxThreads, std::chrono::milliseconds idleExpiry)
    : m_maxThreads(std::max(maxThreads, 1)), m_idleExpiry(std::max(idleExpiry, std::chrono::milliseconds{1}))
{
}

DialThreads::~DialThreads()
{
    waitForDone();
    std::map<int, std::thread> alive;
    {
        const std::lock_guard lock(m_mutex);
        m_quitting = true;
        alive.swap(m_threads);
    }
    m_work.notify_all();
    for (auto& [id, thread] : alive)
        thread.join();
    joinExited();
}

void DialThreads::start(std::function<void()> job)
{
    joinExited();
    const std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
    if (m_idle > 0)
        m_work.notify_one();
    // An idle thread counts until it wakes, so it may already be promised to an earlier job: start
    // a thread whenever queued jobs outnumber idle threads. At the limit, a busy thread takes the
    // job when it finishes its own.
    if (static_cast<int>(m_jobs.size()) > m_idle && static_cast<int>(m_threads.size()) < m_maxThreads) {
        const int id = m_nextId++;
        m_threads.emplace(id, std::thread([this, id] { run(id); }));
    }
}

void DialThreads::waitForDone()
{
    {
        std::unique_lock lock(m_mutex);
        m_done.wait(lock, [this] { return m_jobs.empty() && m_busy == 0; });
    }
    joinExited();
}

int DialThreads::threadCount() const
{
    const std::lock_guard lock(m_mutex);
    return static_cast<int>(m_threads.size());
}

void DialThreads::run(int id)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_jobs.empty()) {
            ++m_idle;
            const bool woken =
                m_work.wait_for(lock, m_idleExpiry, [this] { return m_quitting || !m_jobs.empty(); });
            --m_idle;
            if (!woken || m_jobs.empty()) {
                // Expired or quitting: hand our own std::thread to whoever joins next.
                if (const auto self = m_threads.find(id); self != m_threads.end()) {
                    m_exited.push_back(std::move(self->second));
                    m_threads.erase(self);
                }
                return;
            }
        }
        auto job = std::move(m_jobs.front());
        m_jobs.pop_front();
        ++m_busy;
        lock.unlock();
        try {
            job();
        } catch (...) { // NOLINT(bugprone-empty-catch): jobs report their own errors; an escaped
        }               // exception must not take the host application down with a dial thread
        job = nullptr;  // captured state is released here, before the pool counts the job done
        lock.lock();
        --m_busy;
        if (m_jobs.empty() && m_busy == 0)
            m_done.notify_all();
    }
}

void DialThreads::joinExited()
{
    std::vector<std::thread> exited;
    {
        const std::lock_guard lock(m_mutex);
        exited.swap(m_exited);
    }
    for (auto& thread : exited)
        thread.join();
}

} // namespace poolscope::detail
