#pragma once
// What went over the wire on a plain TCP connection, as the engine itself saw it (no packet
// capture): the connect, each hand-out, the first bytes written and read in each use with the
// byte counts, what a protocol layer noted about them (an HTTP status line and its Connection /
// Keep-Alive headers), the peer's FIN or RST, a half-close, and the pool's close. Recorded only
// while ConnectionPool::setHandshakeCapture(true) is on (off by default); plain values, safe to
// copy to another thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

/// What a WireEvent records.
enum class WireEventKind : std::uint8_t
{
    Connected,  ///< the TCP connection was established; `text` is the remote address
    HandedOut,  ///< a use began (`use` counts them from 1; reuses are 2, 3 …)
    Sent,       ///< bytes written in this use: `bytes` in total, `text` the first ones
    Received,   ///< bytes read in this use: `bytes` in total, `text` the first ones
    Note,       ///< what a protocol layer read in them, e.g. "HTTP/1.1 200 OK; Connection: keep-alive"
    PeerClosed, ///< the peer sent FIN: a read returned 0 (end of stream); `text` says which read
    PeerReset,  ///< the peer sent RST: a read or write failed with "connection reset"
    UnreadData, ///< the idle check found bytes nobody asked for (a late or unsolicited answer)
    ShutDown,   ///< this side called shutdown(): `text` says which direction (write only = half-close)
    Closed,     ///< the pool closed the socket; `text` says why
};

/// One line of a wire log.
struct WireEvent
{
    WireEventKind kind = WireEventKind::Connected; ///< what happened
    std::uint32_t use = 0;                         ///< the hand-out it belongs to (0: before the first one)
    std::int64_t offsetUs = 0; ///< microseconds since the log began (the connect), real steady clock
    std::uint64_t bytes = 0;   ///< Sent / Received: bytes moved in this direction during this use
    /// Sent / Received: the first bytes (at most WireLog::kPreviewBytes, raw; printable() shows
    /// them); every other kind: a short text (address, reason, which read).
    std::string text;

    friend bool operator==(const WireEvent&, const WireEvent&) = default; ///< memberwise
};

/// The wire log of one connection. Bounded: at most kMaxEvents lines, kPreviewBytes per preview.
struct WireLog
{
    static constexpr std::size_t kMaxEvents = 48;    ///< lines kept; later ones set `truncated`
    static constexpr std::size_t kPreviewBytes = 64; ///< bytes kept of each Sent / Received
    std::vector<WireEvent> events;                   ///< in order
    bool truncated = false;                          ///< more events came after kMaxEvents; they are missing
    std::uint64_t bytesSent = 0;                     ///< over the whole log
    std::uint64_t bytesReceived = 0;                 ///< over the whole log

    [[nodiscard]] bool empty() const noexcept { return events.empty(); } ///< nothing recorded
    /// The first event of `kind`, or null.
    [[nodiscard]] const WireEvent* first(WireEventKind kind) const noexcept;

    friend bool operator==(const WireLog&, const WireLog&) = default; ///< memberwise
};

/// "connected", "sent", "FIN from peer", "RST from peer" …
[[nodiscard]] std::string_view describe(WireEventKind kind) noexcept;
/// One plain-English line on what the event means, e.g. PeerClosed: "the peer sent FIN: it will
/// send nothing more (it may still read); the connection cannot be reused".
[[nodiscard]] std::string_view explain(WireEventKind kind) noexcept;
/// Bytes as printable ASCII: `\r` `\n` `\t` `\\` and `\xNN` for everything else outside 0x20–0x7e.
[[nodiscard]] std::string printable(std::string_view bytes);

} // namespace poolscope
