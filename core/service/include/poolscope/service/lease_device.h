#pragma once
// LeaseDevice: a service lease as a non-blocking QIODevice, driven by the event loop of the thread
// it lives in (socket notifiers over the leased socket; TLS without linking OpenSSL yourself).
//
//   poolscope::acquireFor(service, request, this, [this](poolscope::Result<poolscope::Lease> lease) {
//       if (!lease)
//           return;
//       auto* device = new poolscope::LeaseDevice(lease.value(), this);
//       connect(device, &QIODevice::readyRead, this, [device] { … device->readAll() … });
//       device->write("GET / HTTP/1.1\r\nHost: example\r\n\r\n");
//   });
//
// Contracts:
//  - Thread: create, use and destroy it on one thread with a running event loop (the GUI thread
//    is fine: nothing in it ever blocks). waitForReadyRead/waitForBytesWritten are not offered
//    (they return false at once); use the signals. Do not moveToThread() it.
//  - Ownership: the device takes over returning the lease. Do not release(), close() or probe()
//    it through the service yourself, nor touch its socket, while the device is open.
//  - Return: close() or destruction gives the connection back to the pool for reuse when the
//    device saw nothing left over: no unread or unsent bytes, no error, no end of stream. Anything
//    else (and abort()) closes it, so no later holder reads another one's leftovers. Reuse is
//    decided from bytes only: a holder that gives up in the middle of a protocol exchange while
//    nothing happens to be buffered calls abort(). The return is posted to the service before
//    close() returns, so an acquire issued after it from the same thread can reuse the connection
//    (deleteLater() alone returns it only when the deletion runs).
//  - End of stream or an I/O error: the connection is closed and returned at once (never reused);
//    readChannelFinished() and disconnected() (end of stream) or errorOccurred() (error) are
//    emitted, and bytes already received stay readable until close().
//  - Service first: when the service stops (or is destroyed) the device's socket is shut down, so
//    it reports an error or end of stream (on Windows only at its next read or write: Winsock
//    signals no readiness for a local shutdown); the connection is freed when the device goes.
//    The device may outlive the service and its PoolServiceThread.

#include "poolscope/error.h"
#include "poolscope/service/service_types.h"

#include <QByteArray>
#include <QIODevice>

class QSocketNotifier;

namespace poolscope {

/// A lease as a non-blocking QIODevice (contracts at the top of this header).
class LeaseDevice : public QIODevice
{
    Q_OBJECT
public:
    /// Opens the device (ReadWrite) over `lease`. An invalid lease (no connection, or one the
    /// service already ended) gives a device that is not open, with errorString() saying why.
    explicit LeaseDevice(Lease lease, QObject* parent = nullptr);
    /// Returns the connection as close() does.
    ~LeaseDevice() override;
    LeaseDevice(const LeaseDevice&) = delete;
    LeaseDevice& operator=(const LeaseDevice&) = delete;

    [[nodiscard]] ConnectionId id() const noexcept { return m_id; } ///< Lease::id
    [[nodiscard]] bool isTls() const noexcept { return m_tls; }     ///< Lease::tls
    /// Whether the connection came from the pool's idle connections rather than a fresh dial.
    [[nodiscard]] bool isReused() const noexcept { return m_reused; }
    /// The error that ended the connection (code Ok while there is none).
    [[nodiscard]] const Error& error() const noexcept { return m_error; }
    /// True once the connection has gone back to the service (or was never there).
    [[nodiscard]] bool isReturned() const noexcept { return !m_anchor; }

    /// Drops unsent bytes and returns the connection to be closed, never reused.
    void abort();
    /// Returns the connection (see the return contract above) and closes the device.
    void close() override;

    [[nodiscard]] bool isSequential() const override { return true; } ///< a stream: always true
    [[nodiscard]] qint64 bytesAvailable() const override;             ///< received and not yet read
    [[nodiscard]] qint64 bytesToWrite() const override;               ///< written and not yet sent
    [[nodiscard]] bool canReadLine() const override;                  ///< a whole line is buffered

Q_SIGNALS:
    /// The connection failed; error() and errorString() tell why. It has been closed.
    void errorOccurred(poolscope::ErrorCode code);
    /// The peer ended the stream. The connection has been closed; buffered bytes stay readable.
    void disconnected();

protected:
    qint64 readData(char* data, qint64 maxSize) override;        ///< from what was received
    qint64 writeData(const char* data, qint64 maxSize) override; ///< buffers; sent as the socket allows

private:
    void onReadable();
    void onWritable();
    void pump();
    void readSocket();
    void flush();
    void fail(const Error& error);
    void finishStream();
    [[nodiscard]] bool leftClean();
    void giveBack(bool reusable);
    void schedulePump();

    std::shared_ptr<detail::LeaseAnchor> m_anchor; ///< null once the connection went back
    ConnectionId m_id = 0;
    bool m_tls = false;
    bool m_reused = false;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    QByteArray m_readBuffer;
    qsizetype m_readPos = 0;
    QByteArray m_writeBuffer; ///< bytes not yet handed to the connection, from m_writePos
    qsizetype m_writePos = 0;
    QByteArray m_inFlight; ///< the chunk a TLS write is retrying: same bytes until it completes
    Error m_error;
    bool m_readWantsWrite = false;
    bool m_writeWantsRead = false;
    bool m_sawEnd = false;
    bool m_pumpScheduled = false;
    bool m_emittingReadyRead = false;
};

} // namespace poolscope
