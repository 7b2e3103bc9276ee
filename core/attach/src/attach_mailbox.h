#pragma once
// AttachMailbox: what an AttachedSource's reader thread hands to the source's thread (the GUI's),
// in the order it was decoded. Bounded: of the snapshots not taken yet, a newer one replaces an
// older one, in the newer's place in the order (so events that came before it still come before
// it), except the first after a reset (the hello, a gap): it stays, so that no events come between
// a reset and its snapshot, and no snapshot is replaced across a reset. Consecutive event batches
// merge. Once AttachedSource::kMaxPendingEvents events or kMaxPendingSnapshots snapshots wait, the
// reader stops reading until the source has taken them; then the app's publisher sees this monitor
// fall behind and skips messages for it, which the reader sees as a gap (reset(), a snapshot with
// dropped_events): nothing is lost here without being reported.

#include "poolscope/service/service_types.h"
#include "poolscope/trace/attach_protocol.h"

#include <QList>
#include <QString>
#include <deque>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

namespace poolscope::detail {

/// The app's hello: who it is and what it allows.
struct AttachHello
{
    QString app;
    qint64 pid = 0;
    std::vector<trace::attach::Action> allowed;
};
/// Forget what was derived from earlier events (the hello, a gap, dropped events).
struct AttachReset
{
};
struct AttachSnapshot
{
    SnapshotPtr snapshot;
};
struct AttachEvents
{
    QList<ServiceEvent> events;
};
struct AttachReply
{
    qint64 id = 0;
    bool ok = false;
    QString error;
};
/// The connection is gone (the app went, said bye or broke the protocol): why.
struct AttachLost
{
    QString why;
};
/// std::monostate: a snapshot that a newer one replaced before it was taken.
using AttachItem = std::variant<std::monostate, AttachHello, AttachReset, AttachSnapshot, AttachEvents,
                                AttachReply, AttachLost>;

class AttachMailbox
{
public:
    /// Snapshots that may wait (each but the newest kept because a reset came before it).
    static constexpr int kMaxPendingSnapshots = 4;

    /// Reader: appends `item`. True when the source must be woken (nothing woke it since it last took).
    [[nodiscard]] bool push(AttachItem item);
    /// Reader, before it reads more: true (and remembers to be resumed) while too much waits.
    [[nodiscard]] bool pauseIfFull();

    struct Taken
    {
        std::deque<AttachItem> items;
        bool resume = false; ///< the reader paused: tell it to read again
    };
    /// Source: everything waiting, in order.
    [[nodiscard]] Taken take();
    /// Snapshots replaced before the source took them (for the debug log).
    [[nodiscard]] quint64 coalesced() const;

private:
    mutable std::mutex m_mutex;
    std::deque<AttachItem> m_items;
    qsizetype m_pendingEvents = 0;
    std::optional<std::size_t> m_snapshotAt; ///< index in m_items of the snapshot a newer one replaces
    bool m_keepNext = true;                  ///< the next snapshot is the first after a reset
    int m_pendingSnapshots = 0;
    bool m_woken = false;
    bool m_paused = false;
    quint64 m_coalesced = 0;
};

} // namespace poolscope::detail
