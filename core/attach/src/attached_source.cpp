#include "poolscope/attach/attached_source.h"

#include "attach_log.h"
#include "poolscope/service/replay_convert.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <algorithm>
#include <limits>

namespace poolscope {

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

AttachedSource::AttachedSource(QObject* parent) : MonitorSource(parent)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(kRetryInterval);
    connect(&m_retryTimer, &QTimer::timeout, this, &AttachedSource::retry);
}

AttachedSource::~AttachedSource()
{
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
        delete m_socket;
        m_socket = nullptr;
    }
}

void AttachedSource::attach(const InspectableApp& app)
{
    m_app = app;
    m_retries = 0;
    connectTo(app.serverName);
}

void AttachedSource::attach(const QString& serverName)
{
    m_app = InspectableApp{};
    m_app.serverName = serverName;
    m_retries = 0;
    connectTo(serverName);
}

void AttachedSource::detach()
{
    m_retryTimer.stop();
    if (m_status == Status::Detached)
        return;
    closeSocket();
    failPending(QStringLiteral("detached before the app answered"));
    m_frozenNs = m_sinceSnapshot.isValid() ? m_sinceSnapshot.nsecsElapsed() : 0;
    setStatus(Status::Detached, QStringLiteral("detached"));
}

void AttachedSource::reattach()
{
    m_retryTimer.stop();
    QString serverName = m_serverName;
    // The app may have restarted (new pid, new server): find it again, by pid first, then by name.
    QStringList keys;
    if (m_app.pid > 0)
        keys.append(QString::number(m_app.pid));
    if (!m_app.name.isEmpty())
        keys.append(m_app.pool.isEmpty() ? m_app.name : m_app.name + QLatin1Char(':') + m_app.pool);
    for (const QString& key : keys) {
        QString error;
        if (const std::optional<InspectableApp> found = findInspectableApp(key, &error)) {
            m_app = *found;
            serverName = found->serverName;
            break;
        }
    }
    if (serverName.isEmpty())
        return;
    connectTo(serverName);
}

void AttachedSource::setAutoReattach(bool on)
{
    m_autoReattach = on;
    if (!on)
        m_retryTimer.stop();
    else if (m_status == Status::Lost && m_retries < kMaxRetries)
        m_retryTimer.start();
}

void AttachedSource::retry()
{
    if (m_status != Status::Lost || !m_autoReattach || m_retries >= kMaxRetries)
        return;
    ++m_retries;
    qCDebug(lcAttach) << "reattach attempt" << m_retries << "to" << m_app.name << m_app.pid;
    reattach();
}

void AttachedSource::connectTo(const QString& serverName)
{
    closeSocket();
    failPending(QStringLiteral("the connection was replaced"));
    m_serverName = serverName;
    m_helloSeen = false;
    m_needSnapshot = false;
    m_lastSeq = 0;
    m_allowed.clear();
    m_decoder = std::make_unique<wire::FrameDecoder>(kMaxFrameBytes);
    m_socket = new QLocalSocket(this);
    connect(m_socket, &QLocalSocket::connected, this, &AttachedSource::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &AttachedSource::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &AttachedSource::onDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, &AttachedSource::onSocketError);
    setStatus(Status::Connecting, QStringLiteral("connecting to %1").arg(serverName));
    qCDebug(lcAttach) << "connecting to" << serverName;
    m_socket->connectToServer(serverName);
}

void AttachedSource::onConnected()
{
    wire::ClientHello hello;
    hello.client = "poolscope " + QCoreApplication::applicationVersion().toStdString();
    std::string frame;
    wire::encodeFrame(frame, wire::Message{hello}, Clock::time_point{});
    m_socket->write(frame.data(), static_cast<qint64>(frame.size()));
}

void AttachedSource::onReadyRead()
{
    const quint64 generation = m_generation;
    // Bounded: each pass reads at most kReadChunk bytes and decodes what they complete; the
    // decoder never holds more than one frame's worth.
    while (m_socket && generation == m_generation && m_socket->bytesAvailable() > 0) {
        const QByteArray bytes = m_socket->read(kReadChunk);
        if (bytes.isEmpty())
            break;
        m_decoder->feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        while (generation == m_generation) {
            std::optional<wire::Message> message = m_decoder->next();
            if (!message)
                break;
            if (!handle(*message))
                return;
        }
        if (generation == m_generation && m_decoder->failed()) {
            lose(QStringLiteral("protocol error: %1").arg(qs(m_decoder->error())));
            return;
        }
    }
}

bool AttachedSource::handle(wire::Message& message)
{
    const quint64 generation = m_generation;
    if (std::holds_alternative<wire::ClientHello>(message) ||
        std::holds_alternative<wire::Command>(message)) {
        lose(QStringLiteral("protocol error: the app sent a monitor's message"));
        return false;
    }
    if (auto* hello = std::get_if<wire::Hello>(&message)) {
        if (m_helloSeen) {
            lose(QStringLiteral("protocol error: a second hello"));
            return false;
        }
        handleHello(*hello);
        return generation == m_generation;
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
        Q_EMIT reset();
        if (generation != m_generation)
            return false;
    }
    m_lastSeq = seq;
    if (auto* snapshot = std::get_if<wire::Snapshot>(&message)) {
        handleSnapshot(*snapshot);
    } else if (auto* events = std::get_if<wire::Events>(&message)) {
        if (!m_needSnapshot)
            handleEvents(*events);
    } else if (auto* reply = std::get_if<wire::Reply>(&message)) {
        if (m_pending.remove(reply->id))
            Q_EMIT commandFinished(reply->id, reply->ok, qs(reply->error));
    } else if (auto* bye = std::get_if<wire::Bye>(&message)) {
        lose(bye->reason.empty() ? QStringLiteral("the app closed the connection")
                                 : QStringLiteral("the app closed the connection: %1").arg(qs(bye->reason)));
        return false;
    }
    return generation == m_generation;
}

void AttachedSource::handleHello(wire::Hello& hello)
{
    if (hello.major != wire::kProtocolMajor) {
        lose(QStringLiteral("protocol error: the app speaks version %1.%2, this monitor %3.%4")
                 .arg(hello.major)
                 .arg(hello.minor)
                 .arg(wire::kProtocolMajor)
                 .arg(wire::kProtocolMinor));
        return;
    }
    m_helloSeen = true;
    m_lastSeq = hello.seq;
    m_header = hello.trace;
    m_decoder->setOriginSteadyNs(hello.trace.originSteadyNs);
    m_allowed = hello.allowed;
    m_app.name = qs(hello.app);
    m_app.pid = hello.pid;
    m_app.serverName = m_serverName;
    m_app.allowed.clear();
    for (wire::Action a : hello.allowed)
        m_app.allowed.append(qs(std::string(wire::actionName(a))));
    m_retries = 0;
    m_retryTimer.stop();
    qCDebug(lcAttach) << "attached to" << m_app.name << "pid" << m_app.pid;
    // Whatever was shown (an earlier attach) is history: a snapshot follows at once.
    m_needSnapshot = true;
    const quint64 generation = m_generation;
    Q_EMIT reset();
    if (generation == m_generation) // a receiver may have detached
        setStatus(Status::Attached, {});
}

void AttachedSource::handleSnapshot(wire::Snapshot& s)
{
    if (s.droppedEvents > 0 && !m_needSnapshot)
        Q_EMIT reset();
    m_needSnapshot = false;
    trace::TraceState state;
    state.offsetUs = s.offsetUs;
    state.stats = s.stats;
    state.connections = std::move(s.connections);
    std::shared_ptr<PoolSnapshot> snapshot = detail::toSnapshot(state, m_header, ++m_sequence);
    snapshot->waiters =
        static_cast<int>(std::clamp<std::int64_t>(s.waiters, 0, std::numeric_limits<int>::max()));
    snapshot->draining = s.draining;
    snapshot->shutDown = s.shutDown || s.stats.shutDown;
    snapshot->droppedEvents = s.droppedEvents;
    m_latest = std::move(snapshot);
    m_sinceSnapshot.start();
    Q_EMIT snapshotReady(m_latest);
}

void AttachedSource::handleEvents(const wire::Events& events)
{
    if (events.events.empty())
        return;
    QList<ServiceEvent> out;
    out.reserve(static_cast<qsizetype>(events.events.size()));
    for (const trace::TraceEvent& e : events.events)
        out.append(detail::toServiceEvent(e, m_header));
    Q_EMIT eventsReady(out);
}

void AttachedSource::onDisconnected()
{
    // A bye (or the last snapshot) may have come with the close: read it first.
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
    lose(m_helloSeen ? QStringLiteral("the app exited")
                     : QStringLiteral("the app closed the connection before its hello"));
}

void AttachedSource::onSocketError(QLocalSocket::LocalSocketError error)
{
    if (error == QLocalSocket::PeerClosedError || !m_socket)
        return; // disconnected() follows and says why
    lose(m_status == Status::Connecting && !m_helloSeen
             ? QStringLiteral("cannot connect to %1: %2").arg(m_serverName, m_socket->errorString())
             : QStringLiteral("the connection failed: %1").arg(m_socket->errorString()));
}

void AttachedSource::lose(const QString& why)
{
    if (!m_socket)
        return;
    qCInfo(lcAttach) << "lost" << m_app.name << ":" << why;
    closeSocket();
    failPending(QStringLiteral("the connection to the app was lost (%1)").arg(why));
    m_frozenNs = m_sinceSnapshot.isValid() ? m_sinceSnapshot.nsecsElapsed() : 0;
    setStatus(Status::Lost, why);
    if (m_autoReattach && m_retries < kMaxRetries)
        m_retryTimer.start();
}

void AttachedSource::closeSocket()
{
    ++m_generation;
    m_decoder.reset();
    if (!m_socket)
        return;
    QLocalSocket* socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    // Possibly inside one of its own signals: deleted on the next turn (or with this object).
    socket->deleteLater();
}

void AttachedSource::failPending(const QString& why)
{
    const QList<qint64> ids = m_pending.values();
    m_pending.clear();
    for (qint64 id : ids)
        Q_EMIT commandFinished(id, false, why);
}

void AttachedSource::setStatus(Status status, const QString& text)
{
    const bool changed = status != m_status || text != m_statusText;
    m_status = status;
    m_statusText = text;
    if (changed)
        Q_EMIT statusChanged(status);
}

QString AttachedSource::name() const
{
    if (!m_app.name.isEmpty())
        return m_app.name;
    if (m_app.pid > 0)
        return QStringLiteral("pid %1").arg(m_app.pid);
    return m_serverName;
}

bool AttachedSource::allows(wire::Action action) const
{
    return std::find(m_allowed.begin(), m_allowed.end(), action) != m_allowed.end();
}

MonitorSource::Capabilities AttachedSource::capabilities() const
{
    Capabilities caps;
    if (m_status != Status::Attached)
        return caps;
    caps |= Capability::Record; // what arrives is recorded here: the app is not asked
    if (allows(wire::Action::ForceClose) || allows(wire::Action::CloseIdle))
        caps |= Capability::Close;
    if (allows(wire::Action::Shutdown) || allows(wire::Action::Reopen))
        caps |= Capability::Shutdown;
    return caps;
}

Clock::time_point AttachedSource::now() const
{
    if (!m_latest)
        return Clock::now();
    const qint64 ns = m_status == Status::Attached ? m_sinceSnapshot.nsecsElapsed() : m_frozenNs;
    return m_latest->taken + std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(ns));
}

QDateTime AttachedSource::wallTime() const
{
    if (!m_latest)
        return QDateTime::currentDateTimeUtc();
    const qint64 ns = m_status == Status::Attached ? m_sinceSnapshot.nsecsElapsed() : m_frozenNs;
    return m_latest->wallTime.addMSecs(ns / 1'000'000);
}

} // namespace poolscope
