// acquireFor: the acquire's answer travels to the receiver inside a Delivery that releases the lease
// when it is destroyed undelivered (receiver dead before the post, or the posted call dropped with
// the receiver).
#include "poolscope/service/acquire_for.h"

#include "lease_anchor.h"
#include "thread_handoff.h"

#include <QPointer>

namespace poolscope {

namespace {

struct Delivery
{
    Lease lease;
    bool delivered = false;
    Delivery() = default;
    Delivery(const Delivery&) = delete;
    Delivery& operator=(const Delivery&) = delete;
    ~Delivery()
    {
        if (!delivered && lease.anchor)
            detail::returnLease(lease.anchor, lease.id, true); // never touched: fit for reuse
    }
};

} // namespace

void acquireFor(PoolService* service, const AcquireRequest& request, QObject* receiver,
                std::function<void(Result<Lease>)> onDone)
{
    QFuture<Lease> acquired = service->acquire(request);
    // The worker may finish the future while then() attaches to it; Qt orders the two with a lock
    // inside QtCore, which ThreadSanitizer cannot see, so the hand-off lock (TSan builds only)
    // shows it the order the worker's fulfil() already observes.
    detail::HandoffScope scope;
    // No context for then(): it runs where the future finishes (the worker), never skipped.
    (void)acquired.then(
        [target = QPointer<QObject>(receiver), onDone = std::move(onDone)](QFuture<Lease> future) mutable {
            auto delivery = std::make_shared<Delivery>();
            Error error = makeError(ErrorCode::Cancelled, "the acquire was cancelled");
            try {
                future.waitForFinished(); // finished already; rethrows the service's error
                if (future.resultCount() > 0) {
                    delivery->lease = future.result();
                    error = {};
                }
            } catch (const ServiceError& e) {
                error = e.error();
            }
            QObject* to = target.data();
            if (!to)
                return; // `delivery` goes here and releases the lease
            detail::postTo(to, [delivery, error, onDone = std::move(onDone)] {
                delivery->delivered = true;
                onDone(error.ok() ? Result<Lease>(delivery->lease) : Result<Lease>(error));
            });
        });
    // Our reference goes inside the scope too: when it is the last one, dropping it destroys the
    // lease the worker stored in the future, and the scope shows TSan that the store came first.
    acquired = QFuture<Lease>();
}

} // namespace poolscope
