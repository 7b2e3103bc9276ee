// Blocking I/O on a service lease: the anchor's engine lease does the work, so TLS needs no
// OpenSSL on the caller's side and a shut-down socket fails the call instead of blocking it.
#include "poolscope/service/lease_io.h"

#include "lease_anchor.h"

#include <string_view>

namespace poolscope {

namespace {

constexpr qsizetype kMaxReadSize = 16 * 1024 * 1024;

/// The anchor's engine lease, or why there is none to use.
Result<PooledConnection*> connectionOf(const Lease& lease, std::chrono::milliseconds timeout)
{
    if (!lease.anchor)
        return makeError(ErrorCode::InvalidArgument, "the lease holds no connection (a default-made Lease)");
    if (timeout.count() < 0)
        return makeError(ErrorCode::InvalidArgument,
                         "negative I/O timeout: " + std::to_string(timeout.count()) + " ms");
    PooledConnection& conn = lease.anchor->conn;
    if (!conn.valid())
        return makeError(ErrorCode::InvalidHandle,
                         "lease #" + std::to_string(lease.id) + " already went back to the pool");
    return &conn;
}

} // namespace

Status writeAll(const Lease& lease, QByteArrayView data, std::chrono::milliseconds timeout)
{
    auto conn = connectionOf(lease, timeout);
    if (!conn)
        return std::move(conn).error();
    return conn.value()->writeAll(std::string_view(data.data(), static_cast<std::size_t>(data.size())),
                                  timeout);
}

Result<std::size_t> readSome(const Lease& lease, char* buffer, std::size_t size,
                             std::chrono::milliseconds timeout)
{
    if (buffer == nullptr && size > 0)
        return makeError(ErrorCode::InvalidArgument,
                         "readSome: null buffer of " + std::to_string(size) + " bytes");
    auto conn = connectionOf(lease, timeout);
    if (!conn)
        return std::move(conn).error();
    return conn.value()->readSome(buffer, size, timeout);
}

Result<QByteArray> readSome(const Lease& lease, qsizetype maxSize, std::chrono::milliseconds timeout)
{
    if (maxSize < 1 || maxSize > kMaxReadSize)
        return makeError(ErrorCode::InvalidArgument,
                         "readSome: maxSize " + std::to_string(maxSize) + " is outside 1 … 16 MiB");
    QByteArray bytes(maxSize, Qt::Uninitialized);
    auto got = readSome(lease, bytes.data(), static_cast<std::size_t>(maxSize), timeout);
    if (!got)
        return std::move(got).error();
    bytes.truncate(static_cast<qsizetype>(got.value()));
    return bytes;
}

} // namespace poolscope
