#pragma once
// What a Lease shares with the service that granted it: the connection itself, and a way back to
// the service that stays safe to use after the service stopped (LeaseDevice returns through it).

#include "poolscope/connection_pool.h"

#include <QMutex>
#include <QPointer>
#include <memory>

namespace poolscope {
class PoolService;
}

namespace poolscope::detail {

/// The service for whoever returns a lease from another thread. `service` is cleared (under the
/// mutex) when the service stops, so a holder that posts its return under the mutex never posts
/// to a service being destroyed.
struct ServiceLink
{
    QMutex mutex;
    PoolService* service = nullptr;
};

/// Owns a leased connection; shared by the service's entry and every copy of the Lease, so the
/// connection is freed only when both have let go (see Lease).
struct LeaseAnchor
{
    PooledConnection conn; ///< used by the probe thread while probing, by the worker otherwise
    std::shared_ptr<ServiceLink> link;
};

/// Gives a lease back to the service that granted it, from any thread: released (`reusable`) or
/// closed. Nothing happens once the service stopped (it shut the socket down; the connection is
/// freed with the last copy of the lease). The caller keeps `anchor` alive through the call.
void returnLease(const std::shared_ptr<LeaseAnchor>& anchor, ConnectionId id, bool reusable);

} // namespace poolscope::detail
