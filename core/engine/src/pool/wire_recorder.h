#pragma once
// Records one plain connection's wire log (poolscope/wire_log.h). Exists only while capture was on
// when the connection was made or handed out; everything that may record holds a pointer that is
// null otherwise, so capture off costs one branch. Its own mutex (a leaf lock, taken under the
// pool's or none): the holder records its reads and writes without the pool's lock while
// snapshot() copies the log under it.
#include "poolscope/pool_types.h"
#include "poolscope/wire_log.h"
#include "tls/tls_client.h"

#include <mutex>
#include <string>
#include <string_view>

namespace poolscope::detail {

class WireRecorder
{
public:
    WireRecorder() : m_start(Clock::now()) {}

    void add(WireEventKind kind, std::string text = {})
    {
        const std::lock_guard lock(m_mutex);
        // A FIN or RST happens once; several observers (a read, the held-connection watcher, the
        // idle watcher) may each find it, and the log says it once.
        if (kind == WireEventKind::PeerClosed || kind == WireEventKind::PeerReset) {
            bool& logged = kind == WireEventKind::PeerClosed ? m_finLogged : m_rstLogged;
            if (logged)
                return;
            logged = true;
        }
        (void)push(kind, std::move(text));
    }
    /// A new use begins: the next bytes each way start new Sent/Received lines.
    void handedOut(bool reused)
    {
        const std::lock_guard lock(m_mutex);
        ++m_use;
        m_sent = m_received = kNone;
        (void)push(WireEventKind::HandedOut, reused ? "reused" : "new");
    }
    void sent(std::string_view bytes) { moved(WireEventKind::Sent, bytes, m_sent, m_log.bytesSent); }
    void received(std::string_view bytes)
    {
        moved(WireEventKind::Received, bytes, m_received, m_log.bytesReceived);
    }
    [[nodiscard]] WireLog log() const
    {
        const std::lock_guard lock(m_mutex);
        return m_log;
    }

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    /// Appends an event; kNone when the log is full (truncated) or out of memory.
    std::size_t push(WireEventKind kind, std::string text)
    {
        if (m_log.events.size() >= WireLog::kMaxEvents) {
            m_log.truncated = true;
            return kNone;
        }
        WireEvent e;
        e.kind = kind;
        e.use = m_use;
        e.offsetUs = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - m_start).count();
        e.text = std::move(text);
        try {
            m_log.events.push_back(std::move(e));
        } catch (...) {
            m_log.truncated = true; // called from noexcept paths: a lost line, not a failure
            return kNone;
        }
        return m_log.events.size() - 1;
    }

    void moved(WireEventKind kind, std::string_view bytes, std::size_t& line, std::uint64_t& total)
    {
        if (bytes.empty())
            return;
        const std::lock_guard lock(m_mutex);
        total += bytes.size();
        if (line == kNone) {
            line = push(kind, std::string(bytes.substr(0, WireLog::kPreviewBytes)));
            if (line == kNone)
                return;
            m_log.events[line].bytes = bytes.size();
            return;
        }
        WireEvent& e = m_log.events[line];
        e.bytes += bytes.size();
        if (e.text.size() < WireLog::kPreviewBytes)
            e.text.append(bytes.substr(0, WireLog::kPreviewBytes - e.text.size()));
    }

    mutable std::mutex m_mutex;
    const Clock::time_point m_start;
    WireLog m_log;
    std::uint32_t m_use = 0;
    std::size_t m_sent = kNone;     ///< this use's Sent line
    std::size_t m_received = kNone; ///< this use's Received line
    bool m_finLogged = false;
    bool m_rstLogged = false;
};

/// What a failed idle check found, into the wire log; `where` names the check.
inline void recordVerdict(WireRecorder& wire, IdleVerdict verdict, std::string_view where)
{
    switch (verdict) {
    case IdleVerdict::PeerClosed:
        wire.add(WireEventKind::PeerClosed, std::string(where) + " read end of stream");
        break;
    case IdleVerdict::PeerReset:
        wire.add(WireEventKind::PeerReset, std::string(where) + " found the connection reset");
        break;
    case IdleVerdict::UnreadData:
        wire.add(WireEventKind::UnreadData, std::string(where));
        break;
    case IdleVerdict::Usable:
    case IdleVerdict::Broken:
        break;
    }
}

} // namespace poolscope::detail
