// ServiceRecorder: ServiceEvents and PoolSnapshots to trace records on the recorder's thread.

#include "poolscope/service/service_recorder.h"

#include "service_log.h"

#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <utility>

namespace poolscope {

namespace {

std::filesystem::path toPath(const QString& path)
{
#ifdef Q_OS_WIN
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

std::int64_t wallUs(const QDateTime& time)
{
    return time.toMSecsSinceEpoch() * 1000;
}

trace::TraceEventKind traceKind(ServiceEvent::Kind kind)
{
    using K = ServiceEvent::Kind;
    using T = trace::TraceEventKind;
    switch (kind) {
    case K::DialStarted:
        return T::DialStarted;
    case K::Resolved:
        return T::Resolved;
    case K::Connected:
        return T::Connected;
    case K::HandshakeDone:
        return T::HandshakeDone;
    case K::Acquired:
        return T::Acquired;
    case K::Released:
        return T::Released;
    case K::Closed:
        return T::Closed;
    case K::DialFailed:
        return T::DialFailed;
    case K::ShutdownStarted:
        return T::ShutdownStarted;
    case K::Reopened:
        return T::Reopened;
    case K::WaiterQueued:
        return T::WaiterQueued;
    case K::WaiterServed:
        return T::WaiterServed;
    case K::WaiterTimedOut:
        return T::WaiterTimedOut;
    case K::WaiterCancelled:
        return T::WaiterCancelled;
    case K::LeakSuspected:
        return T::LeakSuspected;
    case K::ProbeCompleted:
        return T::ProbeCompleted;
    case K::ProbeFailed:
        return T::ProbeFailed;
    case K::WarmupFailed:
        return T::WarmupFailed;
    case K::ParamsChanged:
        return T::ParamsChanged;
    case K::Drained:
        return T::Drained;
    case K::Count:
        break;
    }
    return T::ParamsChanged;
}

/// The connection's state after an engine event (service events carry no state).
std::optional<ConnectionState> stateAfter(ServiceEvent::Kind kind, const QString& endpoint)
{
    using K = ServiceEvent::Kind;
    switch (kind) {
    case K::DialStarted:
        return ConnectionState::Resolving;
    case K::Resolved:
        return ConnectionState::Connecting;
    case K::Connected:
        return endpoint.startsWith(QLatin1String("tls://")) ? ConnectionState::Handshaking
                                                            : ConnectionState::InUse;
    case K::HandshakeDone:
    case K::Acquired:
        return ConnectionState::InUse;
    case K::Released:
        return ConnectionState::Idle;
    case K::Closed:
    case K::DialFailed:
        return ConnectionState::Free;
    default:
        return std::nullopt;
    }
}

/// A source showing another time (a replay, an app started earlier) records on its own clock.
trace::TraceWriterOptions writerOptions(const QString& writerName, const MonitorSource* source = nullptr)
{
    trace::TraceWriterOptions options;
    options.writer = writerName.toStdString();
    if (source != nullptr && source->wallTime().isValid()) {
        options.origin = source->now();
        options.startWall = std::chrono::system_clock::time_point(
            std::chrono::milliseconds(source->wallTime().toMSecsSinceEpoch()));
    }
    return options;
}

} // namespace

ServiceRecorder::ServiceRecorder(PoolService* service, const QString& path,
                                 std::chrono::milliseconds interval, const QString& writerName,
                                 QObject* parent)
    : ServiceRecorder(
          service, [service] { return service->latestSnapshot(); }, writerOptions(writerName), path, interval,
          parent)
{
    if (!m_stopped) {
        connect(service, &PoolService::eventsReady, this, &ServiceRecorder::onEvents);
        connect(service, &PoolService::snapshotReady, this,
                [this](const SnapshotPtr& snapshot) { onSnapshot(snapshot, false); });
        onSnapshot(service->latestSnapshot(), true);
        qCInfo(lcService) << "recording the pool to" << path;
    }
}

ServiceRecorder::ServiceRecorder(MonitorSource* source, const QString& path,
                                 std::chrono::milliseconds interval, const QString& writerName,
                                 QObject* parent)
    : ServiceRecorder(
          source, [source] { return source->latestSnapshot(); }, writerOptions(writerName, source), path,
          interval, parent)
{
    if (!m_stopped) {
        connect(source, &MonitorSource::eventsReady, this, &ServiceRecorder::onEvents);
        connect(source, &MonitorSource::snapshotReady, this, [this](const SnapshotPtr& snapshot) {
            onSnapshot(snapshot, std::exchange(m_forceNextSnapshot, false));
        });
        connect(source, &MonitorSource::reset, this, [this] { m_forceNextSnapshot = true; });
        onSnapshot(source->latestSnapshot(), true);
        qCInfo(lcService) << "recording" << source->kind() << "source" << source->name() << "to" << path;
    }
}

ServiceRecorder::ServiceRecorder(QObject* source, std::function<SnapshotPtr()> latest,
                                 trace::TraceWriterOptions options, const QString& path,
                                 std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent), m_source(source), m_latest(std::move(latest)), m_path(path),
      m_interval(std::clamp(interval, std::chrono::milliseconds(100), std::chrono::milliseconds(3'600'000)))
{
    m_pendingTimer.setSingleShot(true);
    connect(&m_pendingTimer, &QTimer::timeout, this, &ServiceRecorder::writePending);
    m_writer = std::make_unique<trace::TraceWriter>(toPath(path), options);
    if (!m_writer->isOpen() || source == nullptr)
        m_stopped = true;
}

ServiceRecorder::~ServiceRecorder()
{
    stop();
}

bool ServiceRecorder::isRecording() const
{
    return !m_stopped && m_writer->isOpen();
}

QString ServiceRecorder::error() const
{
    return QString::fromStdString(m_writer->error());
}

trace::TraceWriter::Counts ServiceRecorder::counts() const
{
    return m_writer->counts();
}

void ServiceRecorder::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    std::optional<std::int64_t> end;
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
        observeServiceHandoff();
        onSnapshot(m_latest(), true);
        // A source on its own clock (a replay shows the past) ends the trace at its own "now".
        if (const auto* source = qobject_cast<const MonitorSource*>(m_source.data());
            source != nullptr && source->wallTime().isValid())
            end = wallUs(source->wallTime()) - m_writer->header().startWallUs;
    } else if (m_pending && m_writer->isOpen()) {
        writeSnapshot(m_pending);
    }
    m_pendingTimer.stop();
    m_writer->close(end);
    checkWriter();
}

trace::TraceEvent ServiceRecorder::toTraceEvent(const ServiceEvent& event, std::int64_t offsetUs)
{
    trace::TraceEvent e;
    e.offsetUs = std::max<std::int64_t>(0, offsetUs);
    e.kind = traceKind(event.kind);
    e.id = event.id;
    e.state = stateAfter(event.kind, event.endpoint);
    e.endpoint = event.endpoint.toStdString();
    e.label = event.label.toStdString();
    e.reason = event.reason;
    e.reused = event.reused;
    e.errorCode = event.error;
    if (event.error != ErrorCode::Ok)
        e.errorMessage = event.message.toStdString();
    else
        e.message = event.message.toStdString();
    e.value = event.value;
    return e;
}

void ServiceRecorder::onEvents(const QList<ServiceEvent>& events)
{
    if (m_stopped)
        return;
    observeServiceHandoff();
    const std::int64_t startUs = m_writer->header().startWallUs;
    for (const ServiceEvent& event : events)
        m_writer->write(toTraceEvent(event, wallUs(event.time) - startUs));
    checkWriter();
}

void ServiceRecorder::onSnapshot(const SnapshotPtr& snapshot, bool force)
{
    observeServiceHandoff();
    if (!snapshot || !m_writer->isOpen())
        return;
    if (!force && snapshot->sequence == m_lastSequence && m_lastSnapshotWall.isValid())
        return;
    const qint64 sinceLastMs =
        m_lastSnapshotWall.isValid() ? m_lastSnapshotWall.msecsTo(snapshot->wallTime) : m_interval.count();
    if (!force && sinceLastMs < m_interval.count()) {
        m_pending = snapshot;
        if (!m_pendingTimer.isActive())
            m_pendingTimer.start(std::chrono::milliseconds(std::clamp<qint64>(
                m_interval.count() - std::max<qint64>(0, sinceLastMs), 1, m_interval.count())));
        return;
    }
    writeSnapshot(snapshot);
}

void ServiceRecorder::writePending()
{
    if (m_stopped || !m_pending || !m_writer->isOpen())
        return;
    SnapshotPtr pending = std::exchange(m_pending, nullptr);
    if (pending->sequence == m_lastSequence)
        return;
    // The record keeps its own time, but it used the interval's slot: the next one waits a whole interval.
    const QDateTime slot = m_lastSnapshotWall.addMSecs(m_interval.count());
    writeSnapshot(pending);
    m_lastSnapshotWall = std::max(m_lastSnapshotWall, slot);
}

void ServiceRecorder::writeSnapshot(const SnapshotPtr& snapshot)
{
    m_pending.reset();
    m_pendingTimer.stop();
    QElapsedTimer timer;
    timer.start();
    const std::int64_t at = snapshot->wallTime.isValid()
                                ? wallUs(snapshot->wallTime) - m_writer->header().startWallUs
                                : m_writer->offsetOf(Clock::now());
    m_writer->writeSnapshot(snapshot->stats, snapshot->connections, std::max<std::int64_t>(0, at));
    m_lastSnapshotUs = timer.nsecsElapsed() / 1000;
    m_maxSnapshotUs = std::max(m_maxSnapshotUs, m_lastSnapshotUs);
    m_lastSnapshotWall = snapshot->wallTime.isValid() ? snapshot->wallTime : QDateTime::currentDateTimeUtc();
    m_lastSequence = snapshot->sequence;
    checkWriter();
}

void ServiceRecorder::checkWriter()
{
    if (m_writer->isOpen() || m_writer->error().empty() || m_reportedFailure)
        return;
    m_reportedFailure = true;
    m_stopped = true;
    qCWarning(lcService) << "recording stopped:" << error();
    Q_EMIT failed(error());
}

} // namespace poolscope
