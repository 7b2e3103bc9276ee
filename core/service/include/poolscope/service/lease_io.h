#pragma once
// Blocking I/O on a service lease for worker threads: the engine's deadline-bounded writeAll and
// readSome, plain and TLS alike, without including or linking OpenSSL.
//
//   // on a thread that may block (never the GUI thread):
//   poolscope::Lease lease = service->acquire(request).result();
//   if (auto sent = poolscope::writeAll(lease, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); !sent) { … }
//   char buffer[4096];
//   auto got = poolscope::readSome(lease, buffer, sizeof buffer, std::chrono::seconds(5));
//   … service->release(lease.id);   // or close(lease.id) after an error or a half-read response
//
// Contracts (every function below):
//  - Thread: the thread that holds the lease, one call at a time per lease. Not while a
//    LeaseDevice (lease_device.h) owns the lease, nor while PoolService::probe() runs on it, nor
//    between calling release() or close() of it and their future finishing: the connection goes
//    back to the pool (or the device) then, on the service's thread. Only
//    PoolService::forceClose() (and the service's own shutdown or stop) may end the lease while a
//    call runs; see "Service first".
//  - Deadline: `timeout` bounds the whole call, in milliseconds. 0 = the pool's
//    PoolParams::ioTimeout (60 s unless configured); std::chrono::milliseconds::max() = none.
//    Negative: InvalidArgument, nothing done. Running out: TimedOut (DialPhase::Io).
//  - After an error the stream is in an unknown state (part of a request sent, part of a record
//    read): close the lease (PoolService::close) rather than release it, so no later holder reads
//    its leftovers.
//  - Service first: a lease closed by force (PoolService::forceClose from any thread, the
//    monitor's Close button), a forced shutdown, or the service stopping or being destroyed shuts the socket
//    down: a call blocked in these functions returns at once and later calls return at once, writes with an
//    error, reads with an error or as end of stream (0 bytes; a shut-down socket reads as the peer's close on
//    some platforms). On Windows a call already blocked waits for its deadline (Winsock signals no readiness
//    for a local shutdown); later calls return at once. Nothing is freed under the caller: the Lease's anchor
//    keeps the connection allocated until its last copy is gone.
//  - A default-made Lease (no anchor): InvalidArgument; one whose connection already went back to
//    the pool (through a LeaseDevice, or a release() or close() whose future has finished):
//    InvalidHandle. Nothing is done either way.
//  - The socket stays in blocking mode in between, as Lease::socket promises.

#include "poolscope/result.h"
#include "poolscope/service/service_types.h"

#include <QByteArray>
#include <QByteArrayView>
#include <chrono>
#include <cstddef>

namespace poolscope {

/// Writes all of `data` within `timeout` (contracts at the top of this header). Ok once every byte
/// was handed to the kernel (or, over TLS, encrypted and handed over); an empty `data` is Ok at
/// once.
Status writeAll(const Lease& lease, QByteArrayView data, std::chrono::milliseconds timeout = {});

/// Reads what arrives first, at most `size` bytes into `buffer`, waiting up to `timeout` for at
/// least one (contracts at the top of this header). Returns how many; 0 means the peer ended the
/// stream (orderly close): close the lease then. `size` 0 returns 0 at once without reading.
/// `buffer` may be null only when `size` is 0 (else InvalidArgument).
[[nodiscard]] Result<std::size_t> readSome(const Lease& lease, char* buffer, std::size_t size,
                                           std::chrono::milliseconds timeout = {});

/// As readSome(), into a new QByteArray of at most `maxSize` bytes (1 … 16 MiB; else
/// InvalidArgument). An empty array means the peer ended the stream.
[[nodiscard]] Result<QByteArray> readSome(const Lease& lease, qsizetype maxSize,
                                          std::chrono::milliseconds timeout = {});

} // namespace poolscope
