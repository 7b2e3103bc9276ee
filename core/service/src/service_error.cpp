#include "poolscope/service/service_error.h"

namespace poolscope {

ServiceError::ServiceError(Error error) : m_error(std::move(error))
{
    m_what = describe(m_error);
}

ServiceError::ServiceError(ErrorCode code, std::string message)
    : ServiceError(makeError(code, std::move(message)))
{
}

QString ServiceError::message() const
{
    return QString::fromStdString(m_what);
}

const char* ServiceError::what() const noexcept
{
    return m_what.c_str();
}

void ServiceError::raise() const
{
    throw *this;
}

ServiceError* ServiceError::clone() const
{
    return new ServiceError(*this);
}

} // namespace poolscope
