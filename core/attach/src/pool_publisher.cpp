// PoolPublisher: the local server, the discovery entry, and what goes to every monitor (events,
// snapshots). The per-monitor protocol (hello, commands, dropping) is in publisher_monitors.cpp.

#include "poolscope/attach/pool_publisher.h"

#include "attach_log.h"
#include "discovery_entry.h"
#include "poolscope/attach/inspectable_apps.h"
#include "poolscope/service/service_recorder.h"
#include "poolscope/service/thread_handoff.h"
#include "publisher_monitor.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLockFile>
#include <QMutex>
#include <QSaveFile>
#include <QSet>
#include <QTimer>

namespace poolscope {

using namespace trace::attach;

namespace {

/// Pools this process publishes ("<pid>-<pool>"): a second publisher of the same name is refused.
QMutex g_registryMutex;
QSet<QString>& registry()
{
    static QSet<QString> names;
    return names;
}

QString defaultAppName()
{
    QString name = QCoreApplication::applicationName();
    if (name.isEmpty())
        name = QFileInfo(QCoreApplication::applicationFilePath()).completeBaseName();
    return name.isEmpty() ? QStringLiteral("app") : name;
}

} // namespace

PoolPublisher::PoolPublisher(PoolService* service, PublishOptions options, QObject* parent)
    : QObject(parent), m_service(service), m_options(std::move(options))
{
    if (m_options.appName.isEmpty())
        m_options.appName = defaultAppName();
}

PoolPublisher::~PoolPublisher()
{
    stop();
}

bool PoolPublisher::start()
{
    if (m_publishing)
        return true;
    m_error = m_options.validate();
    if (m_error.isEmpty() && !m_service)
        m_error = QStringLiteral("no service to publish");
    if (!m_error.isEmpty())
        return false;
    const QString dir = inspectableAppsDirectory();
    if (dir.isEmpty()) {
        m_error = QStringLiteral("cannot create the directory for discovery entries");
        return false;
    }
    const QString base = detail::entryBaseName(QCoreApplication::applicationPid(), m_options.poolName);
    {
        QMutexLocker locker(&g_registryMutex);
        if (registry().contains(base)) {
            m_error =
                QStringLiteral("this process already publishes a pool named \"%1\"").arg(m_options.poolName);
            return false;
        }
        registry().insert(base);
    }
    m_registryKey = base;
    // The lock first, the entry second: a reader never sees an entry without its live lock.
    m_lock = std::make_unique<QLockFile>(dir + u'/' + base + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        m_error = QStringLiteral("cannot take the discovery lock %1").arg(m_lock->fileName());
        stop();
        return false;
    }
#ifdef Q_OS_WIN
    m_serverName =
        QStringLiteral("poolscope-attach-%1-%2").arg(QString::fromLocal8Bit(qgetenv("USERNAME")), base);
#else
    m_serverName = dir + u'/' + base + QStringLiteral(".sock");
#endif
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    QLocalServer::removeServer(m_serverName); // a dead process's socket of the same pid and pool
    if (!m_server->listen(m_serverName)) {
        m_error = QStringLiteral("cannot listen on %1: %2").arg(m_serverName, m_server->errorString());
        stop();
        return false;
    }
    m_serverName = m_server->fullServerName();
    m_origin = Clock::now();
    m_header.writer = m_options.appName.toStdString();
    m_header.startWallUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    m_header.originSteadyNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(m_origin.time_since_epoch()).count();
    m_entryPath = dir + u'/' + base + QStringLiteral(".json");
    if (!writeEntry()) {
        m_error = QStringLiteral("cannot write the discovery entry %1").arg(m_entryPath);
        stop();
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &PoolPublisher::onNewConnection);
    connect(m_service, &PoolService::eventsReady, this, &PoolPublisher::onEvents);
    m_snapshotTimer = new QTimer(this);
    m_snapshotTimer->setInterval(m_options.snapshotInterval);
    connect(m_snapshotTimer, &QTimer::timeout, this, &PoolPublisher::onSnapshotTimer);
    m_snapshotTimer->start();
    m_publishing = true;
    qCInfo(lcAttach) << "publishing pool" << m_options.poolName << "of" << m_options.appName << "on"
                     << m_serverName;
    return true;
}

void PoolPublisher::stop()
{
    const bool wasPublishing = m_publishing;
    m_publishing = false;
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    observeServiceHandoff();
    if (m_snapshotTimer != nullptr) {
        delete m_snapshotTimer;
        m_snapshotTimer = nullptr;
    }
    while (!m_monitors.empty()) {
        Monitor* monitor = m_monitors.back().get();
        if (monitor->greeted)
            send(monitor, Bye{0, wasPublishing ? "the app stopped publishing" : "not publishing"});
        drop(monitor, QStringLiteral("the app stopped publishing"), false);
    }
    if (m_server != nullptr) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    removeEntry();
    if (!m_registryKey.isEmpty()) {
        QMutexLocker locker(&g_registryMutex);
        registry().remove(m_registryKey);
        m_registryKey.clear();
    }
    if (wasPublishing)
        qCInfo(lcAttach) << "stopped publishing pool" << m_options.poolName;
}

bool PoolPublisher::writeEntry()
{
    QJsonArray allowed;
    for (const Action action : std::as_const(m_options.allowed))
        allowed.append(QString::fromLatin1(actionName(action)));
    const QJsonObject entry{
        {QStringLiteral("protocol"), QString::fromLatin1(kProtocolName)},
        {QStringLiteral("version"), kProtocolMajor},
        {QStringLiteral("name"), m_options.appName},
        {QStringLiteral("pool"), m_options.poolName},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("server"), m_serverName},
        {QStringLiteral("started"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("allowed"), allowed},
    };
    QSaveFile file(m_entryPath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(QJsonDocument(entry).toJson(QJsonDocument::Compact));
    return file.commit();
}

void PoolPublisher::removeEntry()
{
    if (!m_entryPath.isEmpty()) // the entry before the lock: never an entry without a live lock
        QFile::remove(m_entryPath);
    m_entryPath.clear();
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
}

bool PoolPublisher::isPublishing() const
{
    return m_publishing;
}

QString PoolPublisher::error() const
{
    return m_error;
}

QString PoolPublisher::serverName() const
{
    return m_serverName;
}

int PoolPublisher::monitorCount() const
{
    return static_cast<int>(m_monitors.size());
}

PoolPublisher::Stats PoolPublisher::stats() const
{
    return m_stats;
}

std::int64_t PoolPublisher::wallOffsetUs(const QDateTime& time) const
{
    if (!time.isValid())
        return std::max<std::int64_t>(
            0, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - m_origin).count());
    return std::max<std::int64_t>(0, time.toMSecsSinceEpoch() * 1000 - m_header.startWallUs);
}

void PoolPublisher::onEvents(const QList<ServiceEvent>& events)
{
    observeServiceHandoff();
    if (!m_publishing || events.isEmpty())
        return;
    Events message;
    message.events.reserve(static_cast<std::size_t>(events.size()));
    for (const ServiceEvent& event : events)
        message.events.push_back(ServiceRecorder::toTraceEvent(event, wallOffsetUs(event.time)));
    for (const auto& m : m_monitors) {
        Monitor* monitor = m.get();
        if (!monitor->greeted)
            continue;
        if (fellBehind(monitor)) {
            monitor->droppedEvents += message.events.size();
            m_stats.eventsDropped += message.events.size();
            ++monitor->seq; // the message it missed: a gap it can see
            continue;
        }
        send(monitor, message);
    }
}

void PoolPublisher::onSnapshotTimer()
{
    for (const auto& m : m_monitors) {
        if (m->greeted && !fellBehind(m.get()))
            sendSnapshot(m.get());
    }
}

bool PoolPublisher::fellBehind(Monitor* monitor)
{
    if (!monitor->behind && monitor->socket->bytesToWrite() > m_options.maxBacklogBytes) {
        monitor->behind = true; // until onBytesWritten() sees it below half the limit
        qCInfo(lcAttach) << "monitor" << monitor->client
                         << "fell behind; nothing more goes to it until it catches up";
    }
    return monitor->behind;
}

void PoolPublisher::sendSnapshot(Monitor* monitor)
{
    if (!m_service)
        return;
    observeServiceHandoff();
    const SnapshotPtr snapshot = m_service->latestSnapshot();
    observeServiceHandoff();
    if (!snapshot)
        return;
    if (!m_haveEncoded || snapshot->sequence != m_encodedSequence) {
        Snapshot message;
        message.offsetUs = wallOffsetUs(snapshot->wallTime);
        message.stats = snapshot->stats;
        message.connections = snapshot->connections;
        message.waiters = snapshot->waiters;
        message.draining = snapshot->draining;
        message.shutDown = snapshot->shutDown;
        m_encoded = encodeSnapshotBody(message, m_origin);
        m_encodedSequence = snapshot->sequence;
        m_haveEncoded = true;
    }
    std::string frame;
    appendSnapshotFrame(frame, m_encoded, monitor->seq, monitor->droppedEvents);
    monitor->droppedEvents = 0;
    writeFrame(monitor, frame);
    ++m_stats.snapshotsSent;
}

void PoolPublisher::send(Monitor* monitor, Message message)
{
    std::visit(
        [&](auto& m) {
            if constexpr (requires { m.seq; })
                m.seq = monitor->seq;
        },
        message);
    std::string frame;
    encodeFrame(frame, message, m_origin);
    writeFrame(monitor, frame);
}

void PoolPublisher::writeFrame(Monitor* monitor, const std::string& frame)
{
    ++monitor->seq;
    const qint64 written = monitor->socket->write(frame.data(), static_cast<qint64>(frame.size()));
    if (written > 0) {
        ++m_stats.framesSent;
        m_stats.bytesSent += static_cast<quint64>(written);
    }
}

} // namespace poolscope
