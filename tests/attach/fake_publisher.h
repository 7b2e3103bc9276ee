#pragma once
// Publishers that are not one, for the monitor's side (AttachedSource): they send whatever bytes a
// test gives them, in the attach protocol's frames (the codec's own encoder) or not.
//   FakePublisher      a QLocalServer on the test's thread: sends `bytes` to the first monitor
//   ThreadedPublisher  the same on a thread of its own, so it keeps sending while the test's
//                      thread (the monitor's GUI thread) is busy or blocked

#include "poolscope/trace/attach_protocol.h"

#include <QDeadlineTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <string>
#include <vector>

namespace poolscope::test {

/// Frames as a publisher would send them (the codec's encoder; the clock origin is irrelevant).
inline std::string frames(const std::vector<trace::attach::Message>& messages)
{
    std::string out;
    for (const trace::attach::Message& m : messages)
        trace::attach::encodeFrame(out, m, Clock::now());
    return out;
}

inline QByteArray bytes(const std::string& s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

inline trace::attach::Hello hello(std::int64_t seq = 1)
{
    trace::attach::Hello h;
    h.app = "fake";
    h.pid = 4242;
    h.seq = seq;
    h.trace.startWallUs = 1'700'000'000'000'000;
    return h;
}

inline trace::attach::Snapshot snapshotMessage(std::int64_t seq, std::uint64_t dropped = 0)
{
    trace::attach::Snapshot s;
    s.seq = seq;
    s.offsetUs = seq * 1000;
    s.droppedEvents = dropped;
    return s;
}

inline QString uniqueServerName(const char* what)
{
    return QStringLiteral("poolscope-test-%1-").arg(QLatin1String(what)) +
           QUuid::createUuid().toString(QUuid::Id128);
}

/// Sends `bytes` to the first monitor (then closes when `closeAfter`), and records what it receives.
class FakePublisher : public QObject
{
public:
    explicit FakePublisher(QByteArray bytes, bool closeAfter = false)
        : m_bytes(std::move(bytes)), m_closeAfter(closeAfter)
    {
        m_server.setSocketOptions(QLocalServer::UserAccessOption);
        m_listening = m_server.listen(uniqueServerName("fake"));
        connect(&m_server, &QLocalServer::newConnection, this, [this] {
            QLocalSocket* socket = m_server.nextPendingConnection();
            if (!socket)
                return;
            m_socket = socket;
            connect(socket, &QLocalSocket::readyRead, this,
                    [this, socket] { received += socket->readAll(); });
            socket->write(m_bytes);
            if (m_closeAfter)
                socket->disconnectFromServer();
        });
    }
    [[nodiscard]] bool listening() const { return m_listening; }
    [[nodiscard]] QString name() const { return m_server.fullServerName(); }
    /// Sends more to the monitor now (as much as the socket takes without waiting); false when
    /// no monitor is connected.
    bool send(const QByteArray& more)
    {
        if (!m_socket || m_socket->state() != QLocalSocket::ConnectedState)
            return false;
        m_socket->write(more);
        m_socket->flush();
        return true;
    }
    QByteArray received;

private:
    QLocalServer m_server;
    QLocalSocket* m_socket = nullptr;
    QByteArray m_bytes;
    bool m_closeAfter;
    bool m_listening = false;
};

/// Sends `bytes` to the first monitor from a thread of its own and stays connected until destroyed
/// (reading and ignoring what the monitor sends). Every wait is bounded (30 s at most in all).
class ThreadedPublisher : public QThread
{
public:
    explicit ThreadedPublisher(QByteArray bytes)
        : m_bytes(std::move(bytes)), m_name(uniqueServerName("threaded"))
    {
    }
    ~ThreadedPublisher() override
    {
        requestInterruption();
        wait();
    }
    /// Starts the thread; true once it listens.
    bool startListening(int timeoutMs)
    {
        start();
        QDeadlineTimer deadline(timeoutMs);
        while (m_state.load() == State::Starting && !deadline.hasExpired())
            QThread::msleep(5);
        return m_state.load() == State::Listening || m_state.load() == State::Sent;
    }
    [[nodiscard]] QString name() const { return m_name; }
    /// Everything was handed to the kernel (the monitor has read all but what the socket buffers).
    [[nodiscard]] bool sent() const { return m_state.load() == State::Sent; }

protected:
    void run() override
    {
        QLocalServer server;
        server.setSocketOptions(QLocalServer::UserAccessOption);
        if (!server.listen(m_name)) {
            m_state = State::Failed;
            return;
        }
        m_state = State::Listening;
        const QDeadlineTimer deadline(30'000);
        while (!isInterruptionRequested() && !deadline.hasExpired() && !server.hasPendingConnections())
            server.waitForNewConnection(20);
        QLocalSocket* socket = server.nextPendingConnection();
        if (!socket)
            return;
        socket->write(m_bytes);
        while (!isInterruptionRequested() && !deadline.hasExpired() && socket->bytesToWrite() > 0 &&
               socket->state() == QLocalSocket::ConnectedState)
            socket->waitForBytesWritten(20);
        if (socket->bytesToWrite() == 0)
            m_state = State::Sent;
        while (!isInterruptionRequested() && !deadline.hasExpired() &&
               socket->state() == QLocalSocket::ConnectedState) {
            if (socket->waitForReadyRead(20))
                socket->readAll();
        }
        delete socket;
    }

private:
    enum class State
    {
        Starting,
        Listening,
        Sent,
        Failed
    };
    QByteArray m_bytes;
    QString m_name;
    std::atomic<State> m_state{State::Starting};
};

} // namespace poolscope::test
