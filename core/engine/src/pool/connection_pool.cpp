// ConnectionPool: the public face of PoolState. Thin on purpose: every rule lives in PoolState.
#include "poolscope/connection_pool.h"

#include "pool/pool_state.h"

namespace poolscope {

Result<ConnectionPool> ConnectionPool::create(PoolParams params)
{
    if (auto valid = params.validate(); !valid)
        return valid.error();
    return ConnectionPool(std::make_shared<detail::PoolState>(std::move(params)));
}

ConnectionPool::ConnectionPool(std::shared_ptr<detail::PoolState> state) : m_state(std::move(state)) {}
ConnectionPool::ConnectionPool(ConnectionPool&&) noexcept = default;

ConnectionPool& ConnectionPool::operator=(ConnectionPool&& other) noexcept
{
    if (this != &other) {
        if (m_state)
            m_state->detachOwner();
        m_state = std::move(other.m_state);
    }
    return *this;
}

ConnectionPool::~ConnectionPool()
{
    if (m_state)
        m_state->detachOwner();
}

namespace {
Error movedFrom()
{
    return makeError(ErrorCode::InvalidArgument, "the ConnectionPool was moved from");
}
} // namespace

Result<PooledConnection> ConnectionPool::dial(const DialRequest& request)
{
    if (!m_state)
        return movedFrom();
    auto acquired = m_state->dial(request, true);
    if (!acquired)
        return std::move(acquired).error();
    PooledConnection lease(m_state, acquired->handle, acquired->id, acquired->reused);
    lease.m_fd = acquired->fd; // from the dial itself: no second lookup under the lock
    lease.m_ssl = acquired->ssl;
    lease.m_wire = std::move(acquired->wire);
    return lease;
}

Result<Handle> ConnectionPool::dialHandle(const DialRequest& request)
{
    if (!m_state)
        return movedFrom();
    auto acquired = m_state->dial(request);
    if (!acquired)
        return std::move(acquired).error();
    return acquired->handle;
}

Status ConnectionPool::release(Handle handle)
{
    return m_state ? m_state->release(handle) : Status(movedFrom());
}
Status ConnectionPool::close(Handle handle)
{
    return m_state ? m_state->close(handle) : Status(movedFrom());
}
int ConnectionPool::nativeSocket(Handle handle) const
{
    return m_state ? m_state->nativeSocket(handle) : -1;
}
SSL* ConnectionPool::ssl(Handle handle) const
{
    return m_state ? m_state->ssl(handle) : nullptr;
}

Status ConnectionPool::startTls(Handle handle, std::chrono::microseconds timeout, const TlsOptions* options,
                                std::stop_token stop)
{
    return m_state ? m_state->startTls(handle, timeout, options, std::move(stop)) : Status(movedFrom());
}

std::optional<ConnectionInfo> ConnectionPool::info(Handle handle) const
{
    return m_state ? m_state->info(handle) : std::nullopt;
}

Status ConnectionPool::setKeepAlive(Handle handle, std::chrono::milliseconds keepAlive)
{
    return m_state ? m_state->setKeepAlive(handle, keepAlive) : Status(movedFrom());
}

Status ConnectionPool::setServerKeepAlive(Handle handle, std::chrono::milliseconds timeout)
{
    return m_state ? m_state->setServerKeepAlive(handle, timeout) : Status(movedFrom());
}

Status ConnectionPool::setLabel(Handle handle, std::string label)
{
    return m_state ? m_state->setLabel(handle, std::move(label)) : Status(movedFrom());
}

int ConnectionPool::shutdown(ShutdownHow how)
{
    return m_state ? m_state->shutdown(how) : 0;
}
void ConnectionPool::reopen()
{
    if (m_state)
        m_state->reopen();
}
bool ConnectionPool::isShutDown() const
{
    return !m_state || m_state->isShutDown();
}
int ConnectionPool::closeIdle()
{
    return m_state ? m_state->closeIdle() : 0;
}
int ConnectionPool::closeExpired()
{
    return m_state ? m_state->closeExpired() : 0;
}
int ConnectionPool::checkIdle()
{
    return m_state ? m_state->checkIdle() : 0;
}

std::optional<Clock::time_point> ConnectionPool::nextIdleDeadline() const
{
    return m_state ? m_state->nextIdleDeadline() : std::nullopt;
}

void ConnectionPool::setHandshakeCapture(bool on) noexcept
{
    if (m_state)
        m_state->setHandshakeCapture(on);
}

bool ConnectionPool::handshakeCapture() const noexcept
{
    return m_state && m_state->handshakeCapture();
}

PoolParams ConnectionPool::params() const
{
    return m_state ? m_state->params() : PoolParams{};
}
Status ConnectionPool::setParams(const PoolParams& params)
{
    return m_state ? m_state->setParams(params) : Status(movedFrom());
}
PoolStats ConnectionPool::stats() const
{
    return m_state ? m_state->stats() : PoolStats{};
}
std::vector<ConnectionInfo> ConnectionPool::snapshot() const
{
    return m_state ? m_state->snapshot() : std::vector<ConnectionInfo>{};
}
void ConnectionPool::setEventCallback(EventCallback callback)
{
    if (m_state)
        m_state->setEventCallback(std::move(callback));
}

} // namespace poolscope
