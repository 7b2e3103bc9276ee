// LeaseDevice: socket notifiers over the leased socket drive the engine's non-blocking steps.
#include "poolscope/service/lease_device.h"

#include "lease_anchor.h"
#include "poolscope/service/pool_service.h"

#include <QPointer>
#include <QSocketNotifier>
#include <string_view>

namespace poolscope {

namespace {

constexpr qsizetype kChunk = 16 * 1024;
/// Read per pass before the event loop gets its turn again (a fast peer must not stall it).
constexpr qsizetype kReadPerPass = 256 * 1024;

} // namespace

LeaseDevice::LeaseDevice(Lease lease, QObject* parent)
    : QIODevice(parent), m_anchor(std::move(lease.anchor)), m_id(lease.id), m_tls(lease.tls),
      m_reused(lease.reused)
{
    if (!m_anchor || !m_anchor->conn.valid()) {
        m_anchor.reset();
        m_error = makeError(ErrorCode::InvalidHandle, "the lease holds no connection");
        setErrorString(ServiceError(m_error).message());
        return;
    }
    const auto socket = static_cast<qintptr>(m_anchor->conn.nativeSocket());
    m_readNotifier = new QSocketNotifier(socket, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &LeaseDevice::onReadable);
    m_writeNotifier = new QSocketNotifier(socket, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &LeaseDevice::onWritable);
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

LeaseDevice::~LeaseDevice()
{
    if (isOpen())
        LeaseDevice::close();
    giveBack(false);
}

qint64 LeaseDevice::bytesAvailable() const
{
    return m_readBuffer.size() - m_readPos + QIODevice::bytesAvailable();
}

qint64 LeaseDevice::bytesToWrite() const
{
    return m_writeBuffer.size() - m_writePos + m_inFlight.size();
}

bool LeaseDevice::canReadLine() const
{
    return m_readBuffer.indexOf('\n', m_readPos) >= 0 || QIODevice::canReadLine();
}

void LeaseDevice::abort()
{
    m_writeBuffer.clear();
    m_writePos = 0;
    m_inFlight.clear();
    giveBack(false);
    QIODevice::close();
}

void LeaseDevice::close()
{
    if (m_anchor)
        giveBack(leftClean());
    QIODevice::close();
    m_readBuffer.clear();
    m_readPos = 0;
    m_writeBuffer.clear();
    m_writePos = 0;
    m_inFlight.clear();
}

qint64 LeaseDevice::readData(char* data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_readBuffer.size() - m_readPos);
    if (n <= 0)
        return m_anchor ? 0 : -1;
    std::copy_n(m_readBuffer.constData() + m_readPos, n, data);
    m_readPos += n;
    if (m_readPos == m_readBuffer.size()) {
        m_readBuffer.clear(); // keeps its capacity
        m_readPos = 0;
    } else if (m_readPos >= kReadPerPass && m_readPos * 2 >= m_readBuffer.size()) {
        m_readBuffer.remove(0, m_readPos); // a reader that never drains it all
        m_readPos = 0;
    }
    return n;
}

qint64 LeaseDevice::writeData(const char* data, qint64 maxSize)
{
    if (!m_anchor) {
        setErrorString(m_error.ok() ? ServiceError(ErrorCode::InvalidHandle,
                                                   "the device's connection went back to the pool")
                                          .message()
                                    : ServiceError(m_error).message());
        return -1;
    }
    m_writeBuffer.append(data, maxSize);
    schedulePump();
    return maxSize;
}

void LeaseDevice::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(this, &LeaseDevice::pump, Qt::QueuedConnection);
}

// A slot connected to bytesWritten or readyRead may delete the device: each step checks it is
// still there before the next.
void LeaseDevice::pump()
{
    m_pumpScheduled = false;
    const QPointer<LeaseDevice> self(this);
    flush();
    if (self)
        readSocket();
}

void LeaseDevice::onReadable()
{
    const QPointer<LeaseDevice> self(this);
    if (std::exchange(m_writeWantsRead, false))
        flush();
    if (self)
        readSocket();
}

void LeaseDevice::onWritable()
{
    m_writeNotifier->setEnabled(false);
    const QPointer<LeaseDevice> self(this);
    if (std::exchange(m_readWantsWrite, false))
        readSocket();
    if (self)
        flush();
}

void LeaseDevice::readSocket()
{
    if (!m_anchor)
        return;
    qsizetype total = 0;
    Error error;
    bool ended = false;
    while (total < kReadPerPass) {
        const qsizetype old = m_readBuffer.size();
        m_readBuffer.resize(old + kChunk);
        auto step = m_anchor->conn.tryRead(m_readBuffer.data() + old, kChunk);
        m_readBuffer.resize(old + (step.ok() ? static_cast<qsizetype>(step.value().bytes) : 0));
        if (!step.ok()) {
            error = step.error();
            break;
        }
        if (step.value().bytes > 0) {
            total += static_cast<qsizetype>(step.value().bytes);
            continue;
        }
        ended = step.value().eof;
        if (step.value().wantWrite) {
            m_readWantsWrite = true;
            m_writeNotifier->setEnabled(true);
        }
        break;
    }
    // Bytes OpenSSL already decrypted are not on the socket any more: no notifier would tell.
    if (total >= kReadPerPass)
        schedulePump();
    const QPointer<LeaseDevice> self(this);
    if (total > 0 && !m_emittingReadyRead) {
        m_emittingReadyRead = true;
        Q_EMIT readyRead();
        if (!self)
            return;
        m_emittingReadyRead = false;
    }
    if (!error.ok())
        fail(error);
    else if (ended)
        finishStream();
}

void LeaseDevice::flush()
{
    qint64 written = 0;
    while (m_anchor) {
        if (m_inFlight.isEmpty()) {
            if (m_writePos == m_writeBuffer.size())
                break;
            const qsizetype n = std::min(kChunk, m_writeBuffer.size() - m_writePos);
            m_inFlight = m_writeBuffer.mid(m_writePos, n);
            m_writePos += n;
            if (m_writePos == m_writeBuffer.size()) {
                m_writeBuffer.clear();
                m_writePos = 0;
            }
        }
        auto step = m_anchor->conn.tryWrite(
            std::string_view(m_inFlight.constData(), static_cast<std::size_t>(m_inFlight.size())));
        if (!step.ok()) {
            fail(step.error());
            return;
        }
        if (step.value().bytes > 0) {
            m_inFlight.remove(0, static_cast<qsizetype>(step.value().bytes));
            written += static_cast<qint64>(step.value().bytes);
            continue;
        }
        if (step.value().wantWrite)
            m_writeNotifier->setEnabled(true);
        else
            m_writeWantsRead = true; // the read notifier is always on
        break;
    }
    if (written > 0)
        Q_EMIT bytesWritten(written);
}

void LeaseDevice::fail(const Error& error)
{
    m_error = error;
    setErrorString(ServiceError(error).message());
    giveBack(false);
    Q_EMIT errorOccurred(error.code);
}

void LeaseDevice::finishStream()
{
    m_sawEnd = true;
    giveBack(false);
    const QPointer<LeaseDevice> self(this);
    Q_EMIT readChannelFinished();
    if (self)
        Q_EMIT disconnected();
}

bool LeaseDevice::leftClean()
{
    if (!m_error.ok() || m_sawEnd || bytesAvailable() > 0 || bytesToWrite() > 0 || m_readWantsWrite ||
        m_writeWantsRead)
        return false;
    // One look, without waiting, for bytes already on their way: they would be the next holder's
    // leftovers. TLS records without data (a session ticket) are consumed here and leave it clean.
    char probe[256];
    const auto step = m_anchor->conn.tryRead(probe, sizeof probe);
    return step.ok() && step.value().bytes == 0 && step.value().wantRead;
}

void LeaseDevice::giveBack(bool reusable)
{
    if (!m_anchor)
        return;
    // Notifiers first: on Windows the socket stays non-blocking while one watches it.
    delete m_readNotifier;
    m_readNotifier = nullptr;
    delete m_writeNotifier;
    m_writeNotifier = nullptr;
    const std::shared_ptr<detail::LeaseAnchor> anchor = std::move(m_anchor);
    (void)anchor->conn.restoreBlocking();
    detail::returnLease(anchor, m_id, reusable);
}

} // namespace poolscope
