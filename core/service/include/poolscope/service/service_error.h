#pragma once
// How PoolService reports failures: every QFuture it returns fails with a ServiceError (set with
// QPromise::setException), which carries the engine's poolscope::Error unchanged.
//
//   service->acquire(request)
//       .then(this, [](const poolscope::Lease& lease) { … })
//       .onFailed(this, [](const poolscope::ServiceError& e) { qWarning() << e.message(); });
//
// or, blocking on a thread that may block: try { lease = future.result(); } catch (const ServiceError& e) { …
// } A future the caller cancelled (QFuture::cancel()) finishes cancelled, without an exception.

#include "poolscope/error.h"

#include <QException>
#include <QString>
#include <string>

namespace poolscope {

class ServiceError : public QException
{
public:
    explicit ServiceError(Error error);
    ServiceError(ErrorCode code, std::string message);

    [[nodiscard]] const Error& error() const noexcept { return m_error; }
    [[nodiscard]] ErrorCode code() const noexcept { return m_error.code; }
    /// "TimedOut: timed out after 200 ms waiting …" style text for logs and UIs.
    [[nodiscard]] QString message() const;

    [[nodiscard]] const char* what() const noexcept override;
    void raise() const override;
    [[nodiscard]] ServiceError* clone() const override;

private:
    Error m_error;
    std::string m_what;
};

} // namespace poolscope
