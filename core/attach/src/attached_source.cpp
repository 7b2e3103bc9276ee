#include "poolscope/attach/attached_source.h"

#include "attach_handoff.h"
#include "attach_log.h"
#include "attach_mailbox.h"
#include "attach_reader.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QThread>
#include <algorithm>

namespace poolscope {

namespace {

namespace wire = trace::attach;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
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
    stopReader();
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
    stopReader();
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
    stopReader();
    failPending(QStringLiteral("the connection was replaced"));
    m_serverName = serverName;
    m_allowed.clear();
    const quint64 generation = m_generation;
    setStatus(Status::Connecting, QStringLiteral("connecting to %1").arg(serverName));
    if (generation == m_generation) // a receiver may have detached or attached elsewhere
        startReader(serverName);
}

void AttachedSource::startReader(const QString& serverName)
{
    const quint64 generation = m_generation;
    m_mailbox = std::make_shared<detail::AttachMailbox>();
    // Posts to this object's thread: the reader stops before this object goes (stopReader()), and a
    // wake-up still queued then finds another generation.
    auto wake = [this, generation] {
        detail::postAttachCall(this, [this, generation] { drain(generation); });
    };
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("poolscope-attach-reader"));
    m_reader = new detail::AttachReader(serverName,
                                        "poolscope " + QCoreApplication::applicationVersion().toStdString(),
                                        m_mailbox, &m_sequence, std::move(wake));
    m_reader->moveToThread(m_thread.get());
    // Deleted on its own thread, with its socket, as the thread ends.
    connect(m_thread.get(), &QThread::finished, m_reader, &QObject::deleteLater);
    m_thread->start();
    detail::postAttachCall(m_reader, [reader = m_reader] { reader->open(); });
}

void AttachedSource::stopReader()
{
    ++m_generation;
    if (m_mailbox && m_mailbox->coalesced() > 0)
        qCDebug(lcAttach) << m_mailbox->coalesced() << "snapshots were replaced by newer ones before shown";
    m_mailbox.reset();
    m_reader = nullptr;
    if (!m_thread)
        return;
    m_thread->requestInterruption(); // the reader stops between two frames
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

void AttachedSource::drain(quint64 generation)
{
    if (generation != m_generation || !m_mailbox)
        return;
    detail::AttachMailbox::Taken taken = m_mailbox->take();
    for (detail::AttachItem& item : taken.items) {
        if (auto* snapshot = std::get_if<detail::AttachSnapshot>(&item)) {
            handleSnapshot(std::move(snapshot->snapshot));
        } else if (auto* events = std::get_if<detail::AttachEvents>(&item)) {
            Q_EMIT eventsReady(events->events);
        } else if (std::holds_alternative<detail::AttachReset>(item)) {
            Q_EMIT reset();
        } else if (auto* reply = std::get_if<detail::AttachReply>(&item)) {
            if (m_pending.remove(reply->id))
                Q_EMIT commandFinished(reply->id, reply->ok, reply->error);
        } else if (auto* hello = std::get_if<detail::AttachHello>(&item)) {
            handleHello(hello->app, hello->pid, hello->allowed);
        } else if (auto* lost = std::get_if<detail::AttachLost>(&item)) {
            lose(lost->why);
        }
        if (generation != m_generation) // a receiver detached or reattached, or the app went
            return;
    }
    if (taken.resume && m_reader)
        detail::postAttachCall(m_reader, [reader = m_reader] { reader->resume(); });
}

void AttachedSource::handleHello(const QString& app, qint64 pid, const std::vector<wire::Action>& allowed)
{
    m_allowed = allowed;
    m_app.name = app;
    m_app.pid = pid;
    m_app.serverName = m_serverName;
    m_app.allowed.clear();
    for (wire::Action a : allowed)
        m_app.allowed.append(qs(std::string(wire::actionName(a))));
    m_retries = 0;
    m_retryTimer.stop();
    qCDebug(lcAttach) << "attached to" << m_app.name << "pid" << m_app.pid;
    // Whatever was shown (an earlier attach) is history: a snapshot follows at once.
    const quint64 generation = m_generation;
    Q_EMIT reset();
    if (generation == m_generation) // a receiver may have detached
        setStatus(Status::Attached, {});
}

void AttachedSource::handleSnapshot(SnapshotPtr snapshot)
{
    m_latest = std::move(snapshot);
    m_sinceSnapshot.start();
    Q_EMIT snapshotReady(m_latest);
}

void AttachedSource::lose(const QString& why)
{
    if (!m_thread)
        return;
    qCInfo(lcAttach) << "lost" << m_app.name << ":" << why;
    stopReader();
    failPending(QStringLiteral("the connection to the app was lost (%1)").arg(why));
    m_frozenNs = m_sinceSnapshot.isValid() ? m_sinceSnapshot.nsecsElapsed() : 0;
    setStatus(Status::Lost, why);
    if (m_autoReattach && m_retries < kMaxRetries)
        m_retryTimer.start();
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
