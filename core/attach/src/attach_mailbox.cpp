#include "attach_mailbox.h"

#include "poolscope/attach/attached_source.h"

#include <utility>

namespace poolscope::detail {

bool AttachMailbox::push(AttachItem item)
{
    SnapshotPtr replaced; // freed here, on the reader's thread, after the lock
    std::lock_guard lock(m_mutex);
    if (auto* events = std::get_if<AttachEvents>(&item)) {
        m_pendingEvents += events->events.size();
        if (!m_items.empty()) {
            if (auto* last = std::get_if<AttachEvents>(&m_items.back())) {
                last->events.append(std::move(events->events));
                return std::exchange(m_woken, true) == false;
            }
        }
    } else if (std::holds_alternative<AttachSnapshot>(item)) {
        if (m_keepNext) {
            m_keepNext = false;
            m_snapshotAt.reset(); // this one stays
            ++m_pendingSnapshots;
        } else if (m_snapshotAt) {
            replaced = std::move(std::get<AttachSnapshot>(m_items[*m_snapshotAt]).snapshot);
            m_items[*m_snapshotAt] = std::monostate{};
            ++m_coalesced;
            m_snapshotAt = m_items.size();
        } else {
            m_snapshotAt = m_items.size();
            ++m_pendingSnapshots;
        }
    } else if (std::holds_alternative<AttachReset>(item) || std::holds_alternative<AttachHello>(item)) {
        // A reset (the hello is one): no snapshot before it is replaced by one after it, and the
        // first after it stays.
        m_snapshotAt.reset();
        m_keepNext = true;
    }
    m_items.push_back(std::move(item));
    return std::exchange(m_woken, true) == false;
}

bool AttachMailbox::pauseIfFull()
{
    std::lock_guard lock(m_mutex);
    if (m_pendingEvents < AttachedSource::kMaxPendingEvents && m_pendingSnapshots < kMaxPendingSnapshots)
        return false;
    m_paused = true;
    return true;
}

AttachMailbox::Taken AttachMailbox::take()
{
    Taken taken;
    std::lock_guard lock(m_mutex);
    taken.items.swap(m_items);
    taken.resume = std::exchange(m_paused, false);
    m_pendingEvents = 0;
    m_pendingSnapshots = 0;
    m_snapshotAt.reset(); // m_keepNext stays: a reset taken already may still wait for its snapshot
    m_woken = false;
    return taken;
}

quint64 AttachMailbox::coalesced() const
{
    std::lock_guard lock(m_mutex);
    return m_coalesced;
}

} // namespace poolscope::detail
