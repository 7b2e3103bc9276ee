#include "lease_anchor.h"

#include "poolscope/service/pool_service.h"

#include <QMutexLocker>

namespace poolscope::detail {

void returnLease(const std::shared_ptr<LeaseAnchor>& anchor, ConnectionId id, bool reusable)
{
    if (!anchor || !anchor->link)
        return;
    // Posting under the mutex: stop() clears `service` under it, so this never posts to a service
    // being destroyed. Both calls only post to the worker.
    const QMutexLocker lock(&anchor->link->mutex);
    if (PoolService* service = anchor->link->service) {
        if (reusable)
            (void)service->release(id);
        else
            (void)service->close({id});
    }
}

} // namespace poolscope::detail
