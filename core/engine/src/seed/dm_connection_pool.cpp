// The seed's dmConnectionPool API on top of poolscope::ConnectionPool.
#include "poolscope/connection_pool.h"
#include "seed/seed_test_hooks.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <dmsdk/dlib/connection_pool.h>
#include <mutex>
#include <new>
#include <random>
#include <string>
#include <unordered_map>

namespace dmConnectionPool {

/// The seed's HConnection is 32 bits; the engine's Handle is 64. A seed handle is a number this
/// pool issues in sequence (from a random start, skipping 0 and numbers still held) and maps to
/// the engine handle of that hand-out. Once returned or closed the number is forgotten, so a
/// stale HConnection is an error until the sequence comes round again: after 2^32 hand-outs of
/// this pool at the earliest. The engine handle behind it is checked as well, so a number held
/// while the pool itself closed the connection (Shutdown, a failed CreateSSLSocket) is an error
/// too.
struct Pool
{
    explicit Pool(poolscope::ConnectionPool p, HConnection start) : pool(std::move(p)), next(start) {}

    HConnection issue(poolscope::Handle handle)
    {
        const std::lock_guard lock(mutex);
        do {
            ++next;
        } while (next == 0 || live.count(next) != 0);
        live.emplace(next, handle);
        return next;
    }
    /// The engine handle of a held seed handle; kInvalidHandle for anything else.
    poolscope::Handle find(HConnection connection) const
    {
        const std::lock_guard lock(mutex);
        const auto it = live.find(connection);
        return it == live.end() ? poolscope::kInvalidHandle : it->second;
    }
    /// As find(), and forgets the seed handle (Return and Close end a hand-out).
    poolscope::Handle take(HConnection connection)
    {
        const std::lock_guard lock(mutex);
        const auto node = live.extract(connection);
        return node ? node.mapped() : poolscope::kInvalidHandle;
    }

    poolscope::ConnectionPool pool;
    mutable std::mutex mutex;
    std::unordered_map<HConnection, poolscope::Handle> live;
    HConnection next;
};

namespace detail {
void setNextSeedHandle(HPool pool, HConnection next)
{
    const std::lock_guard lock(pool->mutex);
    pool->next = next - 1;
}
std::size_t heldSeedHandles(HPool pool)
{
    const std::lock_guard lock(pool->mutex);
    return pool->live.size();
}
} // namespace detail

namespace {

dmSocket::Result fromErrno(int err)
{
    switch (err) {
    case ECONNREFUSED:
        return dmSocket::RESULT_CONNREFUSED;
    case ECONNRESET:
        return dmSocket::RESULT_CONNRESET;
    case ECONNABORTED:
        return dmSocket::RESULT_CONNABORTED;
    case EHOSTUNREACH:
        return dmSocket::RESULT_HOSTUNREACH;
    case ENETUNREACH:
        return dmSocket::RESULT_NETUNREACH;
    case ENETDOWN:
        return dmSocket::RESULT_NETDOWN;
    case ETIMEDOUT:
        return dmSocket::RESULT_TIMEDOUT;
    case EADDRNOTAVAIL:
        return dmSocket::RESULT_ADDRNOTAVAIL;
    case EADDRINUSE:
        return dmSocket::RESULT_ADDRINUSE;
    case EAFNOSUPPORT:
        return dmSocket::RESULT_AFNOSUPPORT;
    case EACCES:
        return dmSocket::RESULT_ACCES;
    case EMFILE:
        return dmSocket::RESULT_MFILE;
    case ENOBUFS:
        return dmSocket::RESULT_NOBUFS;
    case ENOMEM:
        return dmSocket::RESULT_NOMEM;
    case EPIPE:
        return dmSocket::RESULT_PIPE;
    default:
        return dmSocket::RESULT_UNKNOWN;
    }
}

/// The seed's two-level result: a pool Result plus a socket-level reason.
void translate(const poolscope::Error& error, Result& result, dmSocket::Result& sock)
{
    using poolscope::ErrorCode;
    result = RESULT_SOCKET_ERROR;
    sock = dmSocket::RESULT_UNKNOWN;
    switch (error.code) {
    case ErrorCode::Ok:
        result = RESULT_OK;
        sock = dmSocket::RESULT_OK;
        break;
    case ErrorCode::InvalidArgument:
        sock = dmSocket::RESULT_INVAL;
        break;
    case ErrorCode::ResolveFailed:
        sock = dmSocket::RESULT_HOST_NOT_FOUND;
        break;
    case ErrorCode::ConnectionRefused:
        sock = dmSocket::RESULT_CONNREFUSED;
        break;
    case ErrorCode::HostUnreachable:
        sock = dmSocket::RESULT_HOSTUNREACH;
        break;
    case ErrorCode::NetworkUnreachable:
        sock = dmSocket::RESULT_NETUNREACH;
        break;
    case ErrorCode::ConnectionReset:
        sock = dmSocket::RESULT_CONNRESET;
        break;
    case ErrorCode::TimedOut:
        sock = dmSocket::RESULT_TIMEDOUT;
        if (error.phase == poolscope::DialPhase::Handshake)
            result = RESULT_HANDSHAKE_FAILED;
        break;
    case ErrorCode::Cancelled:
        sock = dmSocket::RESULT_INTR;
        break;
    case ErrorCode::HandshakeFailed:
        result = RESULT_HANDSHAKE_FAILED;
        sock = error.systemError ? fromErrno(error.systemError) : dmSocket::RESULT_UNKNOWN;
        break;
    case ErrorCode::OutOfResources:
        result = RESULT_OUT_OF_RESOURCES;
        sock = dmSocket::RESULT_NOBUFS;
        break;
    case ErrorCode::ShutDown:
        result = RESULT_SHUT_DOWN;
        sock = dmSocket::RESULT_UNKNOWN;
        break;
    case ErrorCode::InvalidHandle:
        sock = dmSocket::RESULT_BADF;
        break;
    case ErrorCode::SocketError:
    case ErrorCode::UnexpectedEof:
        sock = fromErrno(error.systemError);
        break;
    case ErrorCode::ProxyFailed:
        sock = error.systemError ? fromErrno(error.systemError) : dmSocket::RESULT_UNKNOWN;
        break;
    case ErrorCode::TooManyOpenFiles:
        sock = dmSocket::RESULT_MFILE;
        break;
    }
}

} // namespace

Result New(const Params* params, HPool* pool)
{
    if (!pool)
        return RESULT_OUT_OF_RESOURCES;
    *pool = nullptr;
    if (!params || params->m_MaxKeepAlive < 0)
        return RESULT_OUT_OF_RESOURCES;
    poolscope::PoolParams p;
    p.maxConnections = params->m_MaxConnections;
    p.maxKeepAlive = std::chrono::seconds(params->m_MaxKeepAlive);
    auto created = poolscope::ConnectionPool::create(p);
    if (!created)
        return RESULT_OUT_OF_RESOURCES;
    std::random_device rd;
    *pool = new (std::nothrow) Pool(std::move(created).value(), static_cast<HConnection>(rd()));
    return *pool ? RESULT_OK : RESULT_OUT_OF_RESOURCES;
}

Result Delete(HPool pool)
{
    // Destroying the ConnectionPool shuts everything down; the handle API holds no lease, so the
    // shared state (and every descriptor) goes with it.
    delete pool;
    return RESULT_OK;
}

Result Dial(HPool pool, const char* host, uint16_t port, bool ssl, int timeout, HConnection* connection,
            dmSocket::Result* sock_res)
{
    return Dial(pool, host, port, ssl, timeout, nullptr, connection, sock_res);
}

Result Dial(HPool pool, const char* host, uint16_t port, bool ssl, int timeout, int* cancelflag,
            HConnection* connection, dmSocket::Result* sock_res)
{
    dmSocket::Result ignored = dmSocket::RESULT_OK;
    dmSocket::Result& sock = sock_res ? *sock_res : ignored;
    if (connection)
        *connection = 0;
    if (!pool || !host || !connection || timeout < 0) {
        sock = dmSocket::RESULT_INVAL;
        return RESULT_SOCKET_ERROR;
    }
    poolscope::DialRequest request;
    request.host = host;
    request.port = port;
    request.tls = ssl;
    request.timeout = std::chrono::microseconds(timeout);
    request.cancelFlag = cancelflag;
    auto handle = pool->pool.dialHandle(request);
    if (!handle) {
        Result result = RESULT_SOCKET_ERROR;
        translate(handle.error(), result, sock);
        return result;
    }
    *connection = pool->issue(handle.value());
    sock = dmSocket::RESULT_OK;
    return RESULT_OK;
}

void Return(HPool pool, HConnection connection)
{
    if (pool)
        (void)pool->pool.release(pool->take(connection));
}

void Close(HPool pool, HConnection connection)
{
    if (pool)
        (void)pool->pool.close(pool->take(connection));
}

dmSocket::Socket GetSocket(HPool pool, HConnection connection)
{
    return pool ? pool->pool.nativeSocket(pool->find(connection)) : dmSocket::INVALID_SOCKET_HANDLE;
}

dmSSLSocket::Socket GetSSLSocket(HPool pool, HConnection connection)
{
    return pool ? pool->pool.ssl(pool->find(connection)) : nullptr;
}

Result CreateSSLSocket(HPool pool, HConnection connection, const char* host, int timeout,
                       dmSocket::Result* sock_res)
{
    dmSocket::Result ignored = dmSocket::RESULT_OK;
    dmSocket::Result& sock = sock_res ? *sock_res : ignored;
    if (!pool || !host || !*host || timeout < 0) {
        sock = dmSocket::RESULT_INVAL;
        return RESULT_SOCKET_ERROR;
    }
    const poolscope::Handle handle = pool->find(connection);
    const auto info = pool->pool.info(handle);
    if (!info) {
        sock = dmSocket::RESULT_BADF;
        return RESULT_SOCKET_ERROR;
    }
    // The certificate must name `host` (the tunnel's far end), not the host that was dialled (a
    // proxy). Upgraded for another name, the connection is closed on Return, never reused.
    poolscope::TlsOptions options = pool->pool.params().tls;
    std::string name = host;
    if (name.size() > 2 && name.front() == '[' && name.back() == ']')
        name = name.substr(1, name.size() - 2); // as the engine keeps IPv6 literals
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name != info->host)
        options.serverName = name;
    const auto status = pool->pool.startTls(handle, std::chrono::microseconds(timeout), &options);
    if (!status.ok() && !pool->pool.info(handle))
        (void)pool->take(connection); // the pool closed it: the number is dead, Close() need not come
    if (status.ok()) {
        sock = dmSocket::RESULT_OK;
        return RESULT_OK;
    }
    const poolscope::Error& error = status.error();
    if (error.code == poolscope::ErrorCode::TimedOut) {
        sock = dmSocket::RESULT_WOULDBLOCK; // as the seed reports a handshake that ran out of time
        return RESULT_HANDSHAKE_FAILED;
    }
    Result result = RESULT_SOCKET_ERROR;
    translate(error, result, sock);
    if (error.phase == poolscope::DialPhase::Handshake || error.code == poolscope::ErrorCode::HandshakeFailed)
        result = RESULT_HANDSHAKE_FAILED;
    return result;
}

uint32_t Shutdown(HPool pool, dmSocket::ShutdownType how)
{
    if (!pool)
        return 0;
    poolscope::ShutdownHow h = poolscope::ShutdownHow::Both;
    if (how == dmSocket::SHUTDOWNTYPE_READ)
        h = poolscope::ShutdownHow::Read;
    else if (how == dmSocket::SHUTDOWNTYPE_WRITE)
        h = poolscope::ShutdownHow::Write;
    return static_cast<uint32_t>(pool->pool.shutdown(h));
}

void Reopen(HPool pool)
{
    if (pool)
        pool->pool.reopen();
}

void SetMaxKeepAlive(HPool pool, uint32_t maxKeepAlive)
{
    if (!pool)
        return;
    poolscope::PoolParams params = pool->pool.params();
    params.maxKeepAlive = std::chrono::seconds(maxKeepAlive);
    (void)pool->pool.setParams(params); // every uint32_t second count is in range
}

void GetStats(HPool pool, Stats* stats)
{
    if (!stats)
        return;
    *stats = {};
    if (!pool)
        return;
    const auto s = pool->pool.stats();
    stats->m_Free = static_cast<uint32_t>(s.free);
    stats->m_Connected = static_cast<uint32_t>(s.idle);
    stats->m_InUse = static_cast<uint32_t>(s.inUse + s.connecting);
    stats->m_InUseAndValid = static_cast<uint32_t>(s.inUse);
}

uint32_t GetReuseCount(HPool pool, HConnection connection)
{
    if (!pool)
        return 0;
    const auto info = pool->pool.info(pool->find(connection));
    return info ? info->reuseCount : 0;
}

} // namespace dmConnectionPool

namespace dmSocket {

const char* ResultToString(Result result)
{
    switch (result) {
#define POOLSCOPE_RESULT_CASE(name)                                                                          \
    case name:                                                                                               \
        return #name;
        POOLSCOPE_RESULT_CASE(RESULT_OK)
        POOLSCOPE_RESULT_CASE(RESULT_ACCES)
        POOLSCOPE_RESULT_CASE(RESULT_AFNOSUPPORT)
        POOLSCOPE_RESULT_CASE(RESULT_WOULDBLOCK)
        POOLSCOPE_RESULT_CASE(RESULT_BADF)
        POOLSCOPE_RESULT_CASE(RESULT_CONNRESET)
        POOLSCOPE_RESULT_CASE(RESULT_DESTADDRREQ)
        POOLSCOPE_RESULT_CASE(RESULT_FAULT)
        POOLSCOPE_RESULT_CASE(RESULT_HOSTUNREACH)
        POOLSCOPE_RESULT_CASE(RESULT_INTR)
        POOLSCOPE_RESULT_CASE(RESULT_INVAL)
        POOLSCOPE_RESULT_CASE(RESULT_ISCONN)
        POOLSCOPE_RESULT_CASE(RESULT_MFILE)
        POOLSCOPE_RESULT_CASE(RESULT_MSGSIZE)
        POOLSCOPE_RESULT_CASE(RESULT_NETDOWN)
        POOLSCOPE_RESULT_CASE(RESULT_NETUNREACH)
        POOLSCOPE_RESULT_CASE(RESULT_NOBUFS)
        POOLSCOPE_RESULT_CASE(RESULT_NOENT)
        POOLSCOPE_RESULT_CASE(RESULT_NOMEM)
        POOLSCOPE_RESULT_CASE(RESULT_NOTCONN)
        POOLSCOPE_RESULT_CASE(RESULT_NOTSOCK)
        POOLSCOPE_RESULT_CASE(RESULT_OPNOTSUPP)
        POOLSCOPE_RESULT_CASE(RESULT_PIPE)
        POOLSCOPE_RESULT_CASE(RESULT_PROTONOSUPPORT)
        POOLSCOPE_RESULT_CASE(RESULT_PROTOTYPE)
        POOLSCOPE_RESULT_CASE(RESULT_TIMEDOUT)
        POOLSCOPE_RESULT_CASE(RESULT_ADDRNOTAVAIL)
        POOLSCOPE_RESULT_CASE(RESULT_CONNREFUSED)
        POOLSCOPE_RESULT_CASE(RESULT_ADDRINUSE)
        POOLSCOPE_RESULT_CASE(RESULT_CONNABORTED)
        POOLSCOPE_RESULT_CASE(RESULT_INPROGRESS)
        POOLSCOPE_RESULT_CASE(RESULT_HOST_NOT_FOUND)
        POOLSCOPE_RESULT_CASE(RESULT_TRY_AGAIN)
        POOLSCOPE_RESULT_CASE(RESULT_NO_RECOVERY)
        POOLSCOPE_RESULT_CASE(RESULT_NO_DATA)
        POOLSCOPE_RESULT_CASE(RESULT_UNKNOWN)
#undef POOLSCOPE_RESULT_CASE
    }
    return "RESULT_UNKNOWN";
}

} // namespace dmSocket
