// Operations on one connection by its handle: release (and the socket-option restore it needs),
// close, the raw-socket accessors and per-connection settings.
#include "pool/hit_clock.h"
#include "pool/pool_state.h"
#include "poolscope/deadline.h"

#include <openssl/ssl.h>

namespace poolscope::detail {

Status PoolState::release(Handle handle, ConnectionId expectId)
{
    const HitTime fastTime = hitNow(); // read before the lock: the critical section stays short
    int fd = -1;
    SSL* ssl = nullptr;
    bool pending = false;
    bool check = false;
    bool exposed = false;
    sys::KeepAliveSetting keepAlive;
    sys::BufferSizes dialBuffers;
    Slot* slot = nullptr;
    std::shared_ptr<WireRecorder> wire;
    {
        Deferred deferred(*this);
        std::lock_guard lock(m_mutex);
        slot = lookupInUseLocked(handle, expectId);
        if (!slot)
            return makeError(ErrorCode::InvalidHandle,
                             "release: handle is not an in-use connection of this pool");
        check = m_params.checkOnReturn;
        pending = slot->shutdownPending;
        // By default the liveness check waits for the next hand-out (PoolParams::checkOnReturn):
        // with no check to run and no TLS buffers to free there is nothing to do outside the
        // lock, so a plain connection goes back in this one hold (unless its holder had the raw
        // socket: see restoreExposed).
        exposed = slot->exposed;
        if (!check && !pending && !slot->ssl && !exposed) {
            settleReturnLocked(*slot, CloseReason::None, false, fastTime, deferred);
            return {};
        }
        slot->busy = true;
        fd = slot->fd.get();
        ssl = slot->ssl.get();
        wire = slot->wire;
        keepAlive = slot->dialKeepAlive;
        dialBuffers = slot->dialBuffers;
    }
    // The caller still owns the connection while we look at it, so no lock is needed here.
    Error restoreError;
    const CloseReason restored =
        exposed && !pending ? restoreExposed(fd, keepAlive, dialBuffers, restoreError) : CloseReason::None;
    IdleVerdict verdict = IdleVerdict::Usable;
    const bool clean =
        !pending && restored == CloseReason::None &&
        (!check || (ssl ? tlsIdleConnectionUsable(ssl, fd) : plainIdleConnectionUsable(fd, &verdict)));
    if (wire && !clean)
        recordVerdict(*wire, verdict, "the check on return");
    // An idle TLS connection keeps no record buffers (SSL_MODE_RELEASE_BUFFERS frees them only
    // after I/O, and the check may just have taken the read buffer). OpenSSL refuses, harmlessly,
    // while it holds unread bytes.
    if (clean && ssl != nullptr)
        (void)SSL_free_buffers(ssl);

    const HitTime time = hitNow(); // read before the lock: the critical section stays short
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    slot->busy = false;
    if (restored != CloseReason::None) {
        // Closed with what the holder changed, in the Closed event and the connection's last error.
        retireSlotLocked(*slot, restored, deferred, &restoreError);
        return {};
    }
    const CloseReason dirty = clean ? CloseReason::None : pending ? slot->pendingClose : CloseReason::Stale;
    settleReturnLocked(*slot, dirty, check, time, deferred);
    return {};
}

CloseReason PoolState::restoreExposed(int fd, const sys::KeepAliveSetting& keepAlive,
                                      const sys::BufferSizes& dialBuffers, Error& why)
{
    if (const int err = sys::restorePoolOptions(fd, keepAlive)) {
        why = makeError(errorCodeFromErrno(err),
                        "its holder changed a socket option the pool could not put back: " +
                            sys::errorText(err),
                        DialPhase::None, err);
        return CloseReason::NotReusable;
    }
    // A size set with setsockopt stays fixed for the socket's life (the kernel stops tuning it),
    // and no call undoes that. The kernel's own tuning only raises a size, so one below what the
    // dial saw was set by the holder; a raised one cannot be told from the kernel's and stays.
    const sys::BufferSizes now = sys::bufferSizes(fd);
    const auto lowered = [](int dial, int current) { return dial > 0 && current >= 0 && current < dial; };
    if (lowered(dialBuffers.receive, now.receive) || lowered(dialBuffers.send, now.send)) {
        why = makeError(ErrorCode::SocketError,
                        "its holder lowered the socket's receive or send buffer (SO_RCVBUF/SO_SNDBUF " +
                            std::to_string(now.receive) + "/" + std::to_string(now.send) + ", dialled with " +
                            std::to_string(dialBuffers.receive) + "/" + std::to_string(dialBuffers.send) +
                            "), which cannot be undone");
        return CloseReason::NotReusable;
    }
    return CloseReason::None;
}

void PoolState::settleReturnLocked(Slot& slot, CloseReason dirty, bool checked, const HitTime& time,
                                   Deferred& deferred)
{
    const auto now = time.stamp;
    const auto keepAlive = keepAliveFor(slot);
    const CloseReason why = dirty != CloseReason::None ? dirty
                            : m_ownerGone              ? CloseReason::PoolDestroyed
                            : m_shutDown               ? CloseReason::Shutdown
                            : slot.notReusable         ? CloseReason::NotReusable
                            // an exhausted slot has no handle left for another hand-out
                            : time.reached(slot.lifetimeDeadline) || slot.exhausted ? CloseReason::Lifetime
                            // the server would close it before anyone could reuse it
                            : keepAlive.count() == 0 || time.reached(slot.serverKeepAliveDeadline)
                                ? CloseReason::Expired
                                : CloseReason::None;
    slot.exposed = false; // the next holder starts with the pool's options
    if (why != CloseReason::None) {
        retireSlotLocked(slot, why, deferred);
        return;
    }
    transitionLocked(slot, ConnectionTrigger::Released);
    slot.checkedOnReturn = checked;
    slot.lastUsed = now;
    setIdleDeadlineLocked(slot, keepAlive);
    pushIdleLocked(slot);
    emitLocked(deferred, EventKind::Released, slot);
}

Status PoolState::close(Handle handle, ConnectionId expectId, CloseReason reason)
{
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, expectId);
    if (!slot)
        return makeError(ErrorCode::InvalidHandle, "close: handle is not an in-use connection of this pool");
    retireSlotLocked(*slot, reason, deferred);
    return {};
}

int PoolState::nativeSocket(Handle handle)
{
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, 0);
    if (!slot)
        return -1;
    slot->exposed = true;
    return slot->fd.get();
}

SSL* PoolState::ssl(Handle handle, ConnectionId expectId, bool expose)
{
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, expectId);
    if (!slot)
        return nullptr;
    slot->exposed = slot->exposed || expose;
    return slot->ssl.get();
}

void PoolState::markExposed(Handle handle, ConnectionId expectId)
{
    std::lock_guard lock(m_mutex);
    if (Slot* slot = lookupInUseLocked(handle, expectId))
        slot->exposed = true;
}

Status PoolState::setKeepAlive(Handle handle, std::chrono::milliseconds keepAlive, ConnectionId expectId)
{
    if (keepAlive.count() < 0)
        return makeError(ErrorCode::InvalidArgument, "setKeepAlive: keep-alive must not be negative");
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, expectId);
    if (!slot)
        return makeError(ErrorCode::InvalidHandle,
                         "setKeepAlive: handle is not an in-use connection of this pool");
    slot->keepAliveOverride = keepAlive;
    return {};
}

Status PoolState::setServerKeepAlive(Handle handle, std::chrono::milliseconds timeout, ConnectionId expectId)
{
    if (timeout.count() < 0)
        return makeError(ErrorCode::InvalidArgument, "setServerKeepAlive: the time-out must not be negative");
    const auto now = poolNow(); // precise: this deadline is the server's, not a stamp of ours
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, expectId);
    if (!slot)
        return makeError(ErrorCode::InvalidHandle,
                         "setServerKeepAlive: handle is not an in-use connection of this pool");
    slot->serverKeepAliveDeadline = saturatingAdd(now, timeout);
    return {};
}

void PoolState::setIdleDeadlineLocked(Slot& slot, std::chrono::milliseconds keepAlive)
{
    slot.keepAliveDeadline = saturatingAdd(slot.lastUsed, keepAlive);
    slot.keepAliveLimit = slot.keepAliveOverride ? KeepAliveLimit::Holder : KeepAliveLimit::Pool;
    if (slot.serverKeepAliveDeadline < slot.keepAliveDeadline) {
        slot.keepAliveDeadline = slot.serverKeepAliveDeadline;
        slot.keepAliveLimit = KeepAliveLimit::Server;
    }
}

Status PoolState::setLabel(Handle handle, std::string label)
{
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, 0);
    if (!slot)
        return makeError(ErrorCode::InvalidHandle,
                         "setLabel: handle is not an in-use connection of this pool");
    slot->label = std::move(label);
    return {};
}

Status PoolState::shutdownInUse(Handle handle, ConnectionId expectId, ShutdownHow how, CloseReason reason)
{
    std::lock_guard lock(m_mutex);
    Slot* slot = lookupInUseLocked(handle, expectId);
    if (!slot)
        return makeError(ErrorCode::InvalidHandle,
                         "shutdown: handle is not an in-use connection of this pool");
    shutdownInUseLocked(*slot, how, reason);
    return {};
}

bool PoolState::holds(Handle handle, ConnectionId id) const
{
    std::lock_guard lock(m_mutex);
    return lookupInUseLocked(handle, id) != nullptr;
}

void PoolState::disown(Handle handle, ConnectionId id)
{
    std::lock_guard lock(m_mutex);
    if (Slot* slot = lookupInUseLocked(handle, id))
        slot->leased = false;
}

std::uint32_t PoolState::reuseCount(Handle handle) const
{
    std::lock_guard lock(m_mutex);
    const Slot* slot = lookupLocked(handle);
    return slot ? slot->reuseCount : 0;
}

} // namespace poolscope::detail
