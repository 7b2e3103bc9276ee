#include "attach_reader.h"

#include "attach_log.h"
#include "poolscope/attach/attached_source.h"
#include "poolscope/service/replay_convert.h"

#include <QElapsedTimer>
#include <QThread>
#include <algorithm>
#include <limits>

namespace poolscope::detail {

namespace {

namespace wire = trace::attach;

/// Bytes read from the socket per turn before what they hold is decoded.
constexpr qint64 kReadChunk = qint64{1} << 20;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

std::int64_t seqOf(const wire::Message& message)
{
    return std::visit(
        [](const auto& m) -> std::int64_t {
            if constexpr (requires { m.seq; })
                return m.seq;
            else
                return 0;
        },
        message);
}

} // namespace

AttachReader::AttachReader(QString serverName, std::string client, std::shared_ptr<AttachMailbox> mailbox,
                           std::atomic<quint64>* sequence, std::function<void()> wake)
    : m_serverName(std::move(serverName)), m_client(std::move(client)), m_mailbox(std::move(mailbox)),
      m_sequence(sequence), m_wake(std::move(wake)), m_decoder(AttachedSource::kMaxFrameBytes)
{
}

AttachReader::~AttachReader()
{
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
    }
}

void AttachReader::open()
{
    m_socket = new QLocalSocket(this);
    // What the socket buffers beyond what was decoded stays small: while the mailbox is full the
    // app's publisher, not this process, holds what is not read yet.
    m_socket->setReadBufferSize(2 * kReadChunk);
    connect(m_socket, &QLocalSocket::connected, this, &AttachReader::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &AttachReader::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &AttachReader::onDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, &AttachReader::onSocketError);
    qCDebug(lcAttach) << "connecting to" << m_serverName;
    m_socket->connectToServer(m_serverName);
}

void AttachReader::write(const std::string& frame)
{
    if (m_done || !m_socket)
        return;
    m_socket->write(frame.data(), static_cast<qint64>(frame.size()));
}

void AttachReader::resume()
{
    if (!m_done && m_socket)
        onReadyRead();
}

bool AttachReader::stopping() const
{
    return m_done || QThread::currentThread()->isInterruptionRequested();
}

void AttachReader::post(AttachItem item)
{
    if (m_mailbox->push(std::move(item)))
        m_wake();
}

void AttachReader::onConnected()
{
    wire::ClientHello hello;
    hello.client = m_client;
    std::string frame;
    wire::encodeFrame(frame, wire::Message{hello}, Clock::time_point{});
    m_socket->write(frame.data(), static_cast<qint64>(frame.size()));
}

void AttachReader::onReadyRead()
{
    readAvailable(false);
}

void AttachReader::readAvailable(bool evenWhenFull)
{
    // Bounded: each pass reads at most kReadChunk bytes and decodes what they complete; the
    // decoder never holds more than one frame's worth. Stops when the source stops this thread,
    // and pauses while the mailbox is full (resume() goes on).
    while (!stopping() && m_socket->bytesAvailable() > 0) {
        if (!evenWhenFull && m_mailbox->pauseIfFull())
            return;
        const QByteArray bytes = m_socket->read(kReadChunk);
        if (bytes.isEmpty())
            break;
        m_decoder.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        while (!stopping()) {
            QElapsedTimer timer;
            timer.start();
            std::optional<wire::Message> message = m_decoder.next();
            if (!message)
                break;
            const auto* snapshot = std::get_if<wire::Snapshot>(&*message);
            const std::size_t connections = snapshot ? snapshot->connections.size() : 0;
            if (!handle(*message))
                return;
            if (snapshot)
                qCDebug(lcAttach) << "decoded snapshot:" << connections << "connections in"
                                  << timer.nsecsElapsed() / 1000 << "us";
        }
        if (!m_done && m_decoder.failed()) {
            lose(QStringLiteral("protocol error: %1").arg(qs(m_decoder.error())));
            return;
        }
    }
}

bool AttachReader::handle(wire::Message& message)
{
    if (std::holds_alternative<wire::ClientHello>(message) ||
        std::holds_alternative<wire::Command>(message)) {
        lose(QStringLiteral("protocol error: the app sent a monitor's message"));
        return false;
    }
    if (const auto* hello = std::get_if<wire::Hello>(&message)) {
        if (m_helloSeen) {
            lose(QStringLiteral("protocol error: a second hello"));
            return false;
        }
        return handleHello(*hello);
    }
    if (!m_helloSeen) {
        lose(QStringLiteral("protocol error: the app did not start with a hello"));
        return false;
    }
    const std::int64_t seq = seqOf(message);
    if (seq <= m_lastSeq) {
        lose(QStringLiteral("protocol error: message %1 after %2 (sequence numbers must grow)")
                 .arg(seq)
                 .arg(m_lastSeq));
        return false;
    }
    if (seq != m_lastSeq + 1 && !m_needSnapshot) {
        // The app dropped messages for us (we fell behind): what was derived from the events is
        // incomplete. The snapshot that follows every gap starts it again.
        qCDebug(lcAttach) << "gap in the stream:" << m_lastSeq << "->" << seq;
        m_needSnapshot = true;
        post(AttachReset{});
    }
    m_lastSeq = seq;
    if (auto* snapshot = std::get_if<wire::Snapshot>(&message)) {
        handleSnapshot(*snapshot);
    } else if (const auto* events = std::get_if<wire::Events>(&message)) {
        if (!m_needSnapshot)
            handleEvents(*events);
    } else if (auto* reply = std::get_if<wire::Reply>(&message)) {
        post(AttachReply{reply->id, reply->ok, qs(reply->error)});
    } else if (const auto* bye = std::get_if<wire::Bye>(&message)) {
        lose(bye->reason.empty() ? QStringLiteral("the app closed the connection")
                                 : QStringLiteral("the app closed the connection: %1").arg(qs(bye->reason)));
        return false;
    }
    return true;
}

bool AttachReader::handleHello(const wire::Hello& hello)
{
    if (hello.major != wire::kProtocolMajor) {
        lose(QStringLiteral("protocol error: the app speaks version %1.%2, this monitor %3.%4")
                 .arg(hello.major)
                 .arg(hello.minor)
                 .arg(wire::kProtocolMajor)
                 .arg(wire::kProtocolMinor));
        return false;
    }
    m_helloSeen = true;
    m_lastSeq = hello.seq;
    m_header = hello.trace;
    m_decoder.setOriginSteadyNs(hello.trace.originSteadyNs);
    // Whatever was shown (an earlier attach) is history: a snapshot follows at once.
    m_needSnapshot = true;
    post(AttachHello{qs(hello.app), hello.pid, hello.allowed});
    return true;
}

void AttachReader::handleSnapshot(wire::Snapshot& s)
{
    if (s.droppedEvents > 0 && !m_needSnapshot)
        post(AttachReset{});
    m_needSnapshot = false;
    trace::TraceState state;
    state.offsetUs = s.offsetUs;
    state.stats = s.stats;
    state.connections = std::move(s.connections);
    std::shared_ptr<PoolSnapshot> snapshot = toSnapshot(state, m_header, ++*m_sequence);
    snapshot->waiters =
        static_cast<int>(std::clamp<std::int64_t>(s.waiters, 0, std::numeric_limits<int>::max()));
    snapshot->draining = s.draining;
    snapshot->shutDown = s.shutDown || s.stats.shutDown;
    snapshot->droppedEvents = s.droppedEvents;
    post(AttachSnapshot{std::move(snapshot)});
}

void AttachReader::handleEvents(const wire::Events& events)
{
    if (events.events.empty())
        return;
    QList<ServiceEvent> out;
    out.reserve(static_cast<qsizetype>(events.events.size()));
    for (const trace::TraceEvent& e : events.events)
        out.append(toServiceEvent(e, m_header));
    post(AttachEvents{std::move(out)});
}

void AttachReader::onDisconnected()
{
    if (m_done)
        return;
    // A bye (or the last snapshot) may have come with the close: read it first, however full the
    // mailbox (what is left is at most the socket's read buffer).
    readAvailable(true);
    if (!m_done)
        lose(m_helloSeen ? QStringLiteral("the app exited")
                         : QStringLiteral("the app closed the connection before its hello"));
}

void AttachReader::onSocketError(QLocalSocket::LocalSocketError error)
{
    if (error == QLocalSocket::PeerClosedError || m_done)
        return; // disconnected() follows and says why
    lose(!m_helloSeen ? QStringLiteral("cannot connect to %1: %2").arg(m_serverName, m_socket->errorString())
                      : QStringLiteral("the connection failed: %1").arg(m_socket->errorString()));
}

void AttachReader::lose(const QString& why)
{
    if (m_done)
        return;
    m_done = true;
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
    post(AttachLost{why});
}

} // namespace poolscope::detail
