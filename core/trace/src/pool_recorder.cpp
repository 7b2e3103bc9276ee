// PoolRecorder: the pool's event callback plus a bounded snapshot thread.

#include "poolscope/trace/pool_recorder.h"

#include <algorithm>

namespace poolscope::trace {

PoolRecorder::PoolRecorder(ConnectionPool& pool, TraceWriter& writer, std::chrono::milliseconds interval)
    : m_pool(pool), m_writer(writer),
      m_interval(std::clamp(interval, std::chrono::milliseconds(10), std::chrono::milliseconds(3'600'000)))
{
    snapshotNow(); // the starting point a reader seeks from
    m_pool.setEventCallback([&writer = m_writer](const PoolEvent& event) { writer.write(event); });
    m_thread = std::thread([this] { run(); });
}

PoolRecorder::~PoolRecorder()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
    m_pool.setEventCallback({}); // waits for calls running on other threads
    snapshotNow();
    m_writer.flush();
}

void PoolRecorder::snapshotNow()
{
    const std::int64_t at = m_writer.offsetOf(Clock::now());
    m_writer.writeSnapshot(m_pool.stats(), m_pool.snapshot(), at);
}

void PoolRecorder::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_wake.wait_for(lock, m_interval, [this] { return m_stop; }))
            break;
        lock.unlock();
        snapshotNow();
        lock.lock();
    }
}

} // namespace poolscope::trace
