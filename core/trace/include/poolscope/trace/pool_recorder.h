#pragma once
// PoolRecorder: records a ConnectionPool into a TraceWriter for as long as it lives. It becomes
// the pool's event callback and writes a snapshot every `interval` on its own thread; on
// destruction it stops that thread, removes the callback and writes a last snapshot, so the
// trace ends with the pool's final state.
//
//   TraceWriter writer("pool.trace");
//   PoolRecorder recorder(pool, writer);   // until it goes out of scope
//
// The pool and the writer must outlive the recorder. It replaces any callback the pool had.

#include "poolscope/connection_pool.h"
#include "poolscope/trace/trace_writer.h"

#include <condition_variable>
#include <thread>

namespace poolscope::trace {

/// Records a pool into a writer from construction to destruction (see the top of this header).
/// Construct and destroy it on one thread; snapshotNow() may be called from any.
class PoolRecorder
{
public:
    /// `interval` is clamped to 10 ms … 1 h.
    PoolRecorder(ConnectionPool& pool, TraceWriter& writer,
                 std::chrono::milliseconds interval = std::chrono::milliseconds(1000));
    PoolRecorder(const PoolRecorder&) = delete;
    PoolRecorder& operator=(const PoolRecorder&) = delete;
    ~PoolRecorder();

    /// Writes a snapshot now (any thread).
    void snapshotNow();

private:
    void run();
    ConnectionPool& m_pool;
    TraceWriter& m_writer;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread; // last: starts after everything it reads
};

} // namespace poolscope::trace
