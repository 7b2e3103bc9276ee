#pragma once
// The dmConnectionPool API of the seed (a game engine's connection pool), served by PoolScope's
// engine so code written against it compiles unchanged — with the engine's fixes: reuse keyed by
// host name (not only the resolved IP), a liveness check before reuse, a real idle keep-alive,
// checked handles in every build, eviction of idle connections when full, closed descriptors
// after Shutdown, and a cancel flag honoured in every phase.
//
// Thread-safe: any function may be called from any thread.

#include <cstdint>
#include <dmsdk/dlib/socket.h>
#include <dmsdk/dlib/sslsocket.h>

namespace dmConnectionPool {

struct Pool;
/// Connection pool handle.
typedef Pool* HPool;
/// Connection handle: one hand-out of a connection. After Return or Close it is an error to use it
/// (ignored, or INVALID_SOCKET_HANDLE / nullptr) until the pool has made 2^32 more hand-outs; a
/// handle of another pool is an error unless it happens to equal one this pool holds out.
typedef uint32_t HConnection;

/// Creation parameters.
struct Params
{
    int m_MaxConnections = 64; ///< max connections in the pool (1 … 65535)
    int m_MaxKeepAlive = 10;   ///< seconds an idle connection is kept for reuse (0 = no reuse)
};

/// What a pool call did; details of a failed dial come through its dmSocket::Result.
enum Result
{
    RESULT_OK = 0,                ///< done
    RESULT_OUT_OF_RESOURCES = -1, ///< pool full (nothing idle to evict) or invalid params
    RESULT_SOCKET_ERROR = -2,     ///< anything else: resolve, connect, cancel, bad argument
    RESULT_HANDSHAKE_FAILED = -3, ///< TLS handshake failed (verification included) or timed out
    RESULT_SHUT_DOWN = -4,        ///< the pool is shut down
};

/// Pool-wide gauges.
struct Stats
{
    uint32_t m_Free;          ///< slots not holding a connection
    uint32_t m_Connected;     ///< idle connections, ready for reuse
    uint32_t m_InUse;         ///< connections handed out (or being dialled)
    uint32_t m_InUseAndValid; ///< of those, handed out with a connected socket (not still dialling)
};

/// Creates a pool. RESULT_OUT_OF_RESOURCES (and *pool = nullptr) for invalid params.
Result New(const Params* params, HPool* pool);

/// Deletes the pool. Every connection, idle or in use, is closed; outstanding handles die with it.
Result Delete(HPool pool);

/// Connects to host:port (or reuses an idle connection to the same host, port and ssl).
/// @param pool the pool
/// @param host name or IP literal; with `port` and `ssl` it is the reuse key
/// @param port TCP port
/// @param ssl dial with TLS (the pool's default options: peer verified)
/// @param timeout microseconds for the whole dial (resolve, connect, TLS handshake); 0 = no limit.
/// @param connection set to the new handle on success
/// @param sock_res set to the socket-level reason on failure (may be null).
Result Dial(HPool pool, const char* host, uint16_t port, bool ssl, int timeout, HConnection* connection,
            dmSocket::Result* sock_res);

/// As above; a non-zero *cancelflag (set from any thread) aborts any phase within 50 ms, with
/// RESULT_SOCKET_ERROR and sock_res = dmSocket::RESULT_INTR.
Result Dial(HPool pool, const char* host, uint16_t port, bool ssl, int timeout, int* cancelflag,
            HConnection* connection, dmSocket::Result* sock_res);

/// Returns the connection to the pool for reuse (it is closed instead if dirty or dead). After
/// GetSocket/GetSSLSocket the pool's socket options are put back first, or the connection is
/// closed when they cannot be (ConnectionPool::release(Handle) in poolscope/connection_pool.h).
void Return(HPool pool, HConnection connection);

/// Closes the connection. Use it whenever an error occurs on the connection.
void Close(HPool pool, HConnection connection);

/// The connection's socket; dmSocket::INVALID_SOCKET_HANDLE for an invalid handle.
dmSocket::Socket GetSocket(HPool pool, HConnection connection);

/// The connection's SSL*; nullptr for a plain connection or an invalid handle.
dmSSLSocket::Socket GetSSLSocket(HPool pool, HConnection connection);

/// Shuts down in-use sockets with `how`, closes idle ones and blocks new dials. Returns the number
/// of connections still in use; call again until it returns 0. Reopen() allows dials again.
uint32_t Shutdown(HPool pool, dmSocket::ShutdownType how);

/// Allows dials again after Shutdown().
void Reopen(HPool pool);

/// Sets how long (seconds) a returned connection stays idle for reuse; 0 = closed on Return.
/// Applies to idle connections too: their deadline becomes their last use plus the new value.
void SetMaxKeepAlive(HPool pool, uint32_t maxKeepAlive);

/// Upgrades an in-use plain connection to TLS, verifying that the peer's certificate names `host`
/// (also sent as SNI): e.g. after an HTTP CONNECT through a proxy. `timeout` in microseconds (0 =
/// no limit). When `host` is not the host that was dialled, the connection is closed on Return
/// (it is verified for another name, so it is never reused). RESULT_HANDSHAKE_FAILED when the
/// handshake fails (sock_res says why; dmSocket::RESULT_WOULDBLOCK when it ran out of time).
/// After any failure other than a refused request the connection is closed and its handle dead;
/// calling Close() on it anyway is harmless. Refused requests, with the connection left in use:
/// RESULT_SOCKET_ERROR with RESULT_BADF for a stale handle, RESULT_INVAL for a bad argument or a
/// connection that already uses TLS.
Result CreateSSLSocket(HPool pool, HConnection connection, const char* host, int timeout,
                       dmSocket::Result* sock_res);

/// Pool gauges (free / connected-idle / in use).
void GetStats(HPool pool, Stats* stats);

/// How many times this connection was handed out again after its first use.
uint32_t GetReuseCount(HPool pool, HConnection connection);

} // namespace dmConnectionPool
