// PoolPublisher's monitors: accepting (up to maxMonitors), the hello exchange (client_hello within
// helloTimeout), reading their bounded frames, commands (refused unless allowed), catching up after
// a backlog, and dropping a monitor that misbehaves — never anything that blocks the app.

#include "attach_log.h"
#include "poolscope/attach/pool_publisher.h"
#include "poolscope/service/service_error.h"
#include "poolscope/service/thread_handoff.h"
#include "publisher_monitor.h"

#include <QCoreApplication>
#include <QFuture>
#include <QFutureWatcher>
#include <QLocalServer>
#include <QPointer>
#include <algorithm>

namespace poolscope {

using namespace trace::attach;

namespace {

constexpr qint64 kReadChunk = 16 * 1024;

/// Calls `done` on `context`'s thread with the future's failure as text (empty on success), once it
/// finished; never if `context` is gone first. A QFutureWatcher owned by the context, not
/// future.then(context, …): that overload misbehaves in Qt 6.4 when the context goes first (see
/// ui/util/future_utils.h), and its hand-off is invisible to ThreadSanitizer.
template <class T, class Done> void whenFinished(QFuture<T> future, QObject* context, Done done)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, done = std::move(done)]() mutable {
                         QFuture<T> f = watcher->future();
                         watcher->deleteLater();
                         observeServiceHandoff(); // TSan builds only: see thread_handoff.h
                         QString problem;
                         try {
                             f.waitForFinished(); // finished already: rethrows a stored exception
                             if constexpr (!std::is_void_v<T>) {
                                 if (f.resultCount() > 0)
                                     (void)f.result();
                             }
                             if (f.isCanceled())
                                 problem = QStringLiteral("cancelled");
                         } catch (const ServiceError& e) {
                             problem = e.message();
                         } catch (const std::exception& e) {
                             problem = QString::fromUtf8(e.what());
                         } catch (...) {
                             problem = QStringLiteral("unknown failure");
                         }
                         observeServiceHandoff();
                         done(problem);
                     });
    watcher->setFuture(std::move(future));
}

} // namespace

PoolPublisher::Monitor* PoolPublisher::monitorOf(const QLocalSocket* socket) const
{
    for (const auto& m : m_monitors) {
        if (m->socket == socket)
            return m.get();
    }
    return nullptr;
}

void PoolPublisher::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        auto monitor = std::make_unique<Monitor>();
        monitor->socket = socket;
        socket->setParent(this);
        socket->setReadBufferSize(Monitor::kMaxClientFrameBytes);
        Monitor* raw = monitor.get();
        m_monitors.push_back(std::move(monitor));
        if (static_cast<int>(m_monitors.size()) > m_options.maxMonitors) {
            send(raw, Bye{0, "too many monitors"});
            drop(raw, QStringLiteral("too many monitors (at most %1)").arg(m_options.maxMonitors), true);
            continue;
        }
        raw->helloTimer = new QTimer(socket);
        raw->helloTimer->setSingleShot(true);
        connect(raw->helloTimer, &QTimer::timeout, this, [this, socket] {
            if (Monitor* m = monitorOf(socket))
                drop(m, QStringLiteral("no client_hello within %1 ms").arg(m_options.helloTimeout.count()),
                     true);
        });
        raw->helloTimer->start(m_options.helloTimeout);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (Monitor* m = monitorOf(socket))
                onReadyRead(m);
        });
        connect(socket, &QLocalSocket::bytesWritten, this, [this, socket] {
            if (Monitor* m = monitorOf(socket))
                onBytesWritten(m);
        });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
            if (Monitor* m = monitorOf(socket))
                drop(m, QStringLiteral("the monitor disconnected"), false);
        });
    }
}

void PoolPublisher::onReadyRead(Monitor* monitor)
{
    QLocalSocket* socket = monitor->socket;
    // Bounded: the socket buffers at most kMaxClientFrameBytes, read in chunks, each decoded at
    // once, so the decoder never holds more than one frame plus a chunk.
    for (int round = 0; round < 64 && socket->bytesAvailable() > 0; ++round) {
        const QByteArray chunk = socket->read(kReadChunk);
        monitor->decoder.feed(std::string_view(chunk.constData(), static_cast<std::size_t>(chunk.size())));
        for (int i = 0; i < 1000; ++i) {
            std::optional<Message> message = monitor->decoder.next();
            if (!message)
                break;
            handleMessage(monitor, std::move(*message));
            if (monitorOf(socket) == nullptr)
                return; // dropped while handling
        }
        if (monitor->decoder.failed()) {
            drop(monitor,
                 QStringLiteral("bad frame: %1").arg(QString::fromStdString(monitor->decoder.error())), true);
            return;
        }
    }
}

void PoolPublisher::handleMessage(Monitor* monitor, Message message)
{
    if (auto* hello = std::get_if<ClientHello>(&message)) {
        if (monitor->greeted)
            return drop(monitor, QStringLiteral("a second client_hello"), true);
        monitor->greeted = true;
        monitor->client = QString::fromStdString(hello->client).left(100);
        monitor->helloTimer->stop();
        Hello reply;
        reply.app = m_options.appName.toStdString();
        reply.pid = QCoreApplication::applicationPid();
        reply.allowed.assign(m_options.allowed.begin(), m_options.allowed.end());
        reply.trace = m_header;
        send(monitor, std::move(reply));
        sendSnapshot(monitor);
        ++m_stats.monitorsAccepted;
        qCInfo(lcAttach) << "monitor attached:" << monitor->client;
        Q_EMIT monitorAttached();
        return;
    }
    if (!monitor->greeted)
        return drop(monitor, QStringLiteral("a message before client_hello"), true);
    if (auto* command = std::get_if<Command>(&message))
        return runCommand(monitor, *command);
    drop(monitor, QStringLiteral("a message only a publisher sends"), true);
}

void PoolPublisher::runCommand(Monitor* monitor, const Command& command)
{
    QLocalSocket* socket = monitor->socket;
    const QString name = QString::fromLatin1(actionName(command.action));
    if (!m_options.allowed.contains(command.action)) {
        ++m_stats.commandsRefused;
        qCInfo(lcAttach) << "refused" << name << "from" << monitor->client << "(not allowed)";
        return reply(socket, command.id,
                     m_options.allowed.isEmpty()
                         ? QStringLiteral("refused: the app published this pool read-only")
                         : QStringLiteral("refused: the app does not allow %1 (read-only for it)").arg(name));
    }
    if (!m_service)
        return reply(socket, command.id, QStringLiteral("the pool is gone"));
    qCInfo(lcAttach) << monitor->client << "runs" << name;
    const std::int64_t id = command.id;
    auto finish = [this, socket = QPointer<QLocalSocket>(socket), id](const QString& problem) {
        if (problem.isEmpty())
            ++m_stats.commandsDone;
        if (socket)
            reply(socket, id, problem);
    };
    switch (command.action) {
    case Action::ForceClose:
        whenFinished(m_service->forceClose(QList<ConnectionId>(command.ids.begin(), command.ids.end())), this,
                     finish);
        break;
    case Action::CloseIdle:
        whenFinished(m_service->closeIdle(), this, finish);
        break;
    case Action::Shutdown:
        whenFinished(m_service->shutdown(command.forced ? ShutdownMode::Forced : ShutdownMode::Graceful),
                     this, finish);
        break;
    case Action::Reopen:
        whenFinished(m_service->reopen(), this, finish);
        break;
    }
}

void PoolPublisher::reply(QLocalSocket* socket, std::int64_t id, const QString& error)
{
    Monitor* monitor = monitorOf(socket);
    if (monitor == nullptr)
        return;
    Reply message;
    message.id = id;
    message.ok = error.isEmpty();
    message.error = error.toStdString();
    send(monitor, std::move(message));
}

void PoolPublisher::onBytesWritten(Monitor* monitor)
{
    // Caught up (below half the limit): a snapshot saying how much it missed starts it afresh.
    if (monitor->behind && monitor->socket->bytesToWrite() < m_options.maxBacklogBytes / 2) {
        monitor->behind = false;
        qCInfo(lcAttach) << "monitor" << monitor->client << "caught up after missing"
                         << monitor->droppedEvents << "events";
        sendSnapshot(monitor);
    }
}

void PoolPublisher::drop(Monitor* monitor, const QString& reason, bool misbehaved)
{
    const auto it = std::find_if(m_monitors.begin(), m_monitors.end(),
                                 [monitor](const auto& m) { return m.get() == monitor; });
    if (it == m_monitors.end())
        return;
    std::unique_ptr<Monitor> owned = std::move(*it);
    m_monitors.erase(it);
    QLocalSocket* socket = owned->socket;
    disconnect(socket, nullptr, this, nullptr);
    if (misbehaved) {
        ++m_stats.monitorsDropped;
        qCWarning(lcAttach) << "dropped a monitor:" << reason;
    } else {
        qCInfo(lcAttach) << "monitor detached:" << reason;
    }
    // A bye already queued still goes out if the monitor reads; a stalled one is aborted so its
    // backlog is freed now.
    if (socket->bytesToWrite() > 64 * 1024) {
        socket->abort();
        socket->deleteLater();
    } else {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(1000, socket, [socket] { // a monitor that never reads its bye
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromServer();
        if (socket->state() == QLocalSocket::UnconnectedState)
            socket->deleteLater();
    }
    if (owned->greeted)
        Q_EMIT monitorDetached(reason);
}

} // namespace poolscope
