#pragma once
// acquireFor: an acquire whose answer is delivered to a receiver object, and whose lease goes back
// to the pool when the receiver is gone first.
//
// Why not acquire().then(receiver, …): when the receiver dies before the future finishes, Qt 6.4
// asserts (Q_ASSERT(context) in qfuture_impl.h) in debug builds and silently drops the continuation
// in release builds, and the lease in the future's result is then never returned: the service
// holds it until it is flagged as a leak.

#include "poolscope/service/pool_service.h"

#include <functional>

namespace poolscope {

/// Acquires like PoolService::acquire() and calls `onDone` on `receiver`'s thread with the lease or
/// the error (a ServiceError's Error; Cancelled when the service cancelled the request). When
/// `receiver` is destroyed before `onDone` runs, `onDone` is not called and the lease is released,
/// never leaked. Call from any thread; `receiver` lives on a thread with an event loop and is
/// destroyed on that thread. The service may go first: `onDone` then gets ShutDown.
void acquireFor(PoolService* service, const AcquireRequest& request, QObject* receiver,
                std::function<void(Result<Lease>)> onDone);

} // namespace poolscope
