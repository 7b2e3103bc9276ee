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

/// The exception a failed PoolService future carries (see the top of this header).
class ServiceError : public QException
{
public:
    explicit ServiceError(Error error); ///< carries `error` unchanged
    /// An error of the service's own (no dial phase, no system error).
    ServiceError(ErrorCode code, std::string message);

    [[nodiscard]] const Error& error() const noexcept { return m_error; }  ///< the engine's Error
    [[nodiscard]] ErrorCode code() const noexcept { return m_error.code; } ///< error().code
    /// The error in one line for logs and UIs (poolscope::describe(const Error&): "connection
    /// refused: …", or the message alone when it already says what failed).
    [[nodiscard]] QString message() const;

    /// message() as UTF-8; valid as long as this exception.
    [[nodiscard]] const char* what() const noexcept override;
    void raise() const override;                        ///< throws a copy (QException)
    [[nodiscard]] ServiceError* clone() const override; ///< a heap copy the caller owns

private:
    Error m_error;
    std::string m_what;
};

} // namespace poolscope
