#include "poolscope/service/replay_source.h"

#include "poolscope/service/replay_convert.h"
#include "service_log.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>

namespace poolscope {

namespace {

QList<ServiceEvent> toServiceEvents(const std::vector<trace::TraceEvent>& events,
                                    const trace::TraceHeader& header)
{
    QList<ServiceEvent> out;
    out.reserve(static_cast<qsizetype>(events.size()));
    for (const trace::TraceEvent& e : events)
        out.append(detail::toServiceEvent(e, header));
    return out;
}

} // namespace

ReplaySource::ReplaySource(QObject* parent) : MonitorSource(parent)
{
    m_timer.setInterval(kTickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ReplaySource::tick);
}

ReplaySource::~ReplaySource() = default;

bool ReplaySource::open(const QString& path)
{
    pause();
    m_open = false;
    m_path = path;
    m_problems.clear();
    m_latest.reset();
    m_positionUs = 0;
    trace::TraceReader reader;
    if (!reader.open(std::filesystem::path(path.toStdU16String()))) {
        m_error = QString::fromStdString(reader.error());
        qCWarning(lcService) << "cannot replay" << path << ":" << m_error;
        return false;
    }
    m_reader = std::move(reader);
    m_error.clear();
    for (const trace::TraceIssue& issue : m_reader.issues())
        m_problems.append(QString::fromStdString(issue.toString()));
    m_open = true;
    seek(0);
    return m_open;
}

QString ReplaySource::name() const
{
    return QFileInfo(m_path).fileName();
}

Clock::time_point ReplaySource::now() const
{
    return detail::traceTime(m_reader.header(), m_positionUs);
}

QDateTime ReplaySource::wallTime() const
{
    return detail::traceWallTime(m_reader.header(), m_positionUs);
}

void ReplaySource::play()
{
    if (!m_open || isPlaying())
        return;
    if (m_positionUs >= durationUs())
        seek(0);
    m_sinceTick.start();
    m_timer.start();
    Q_EMIT playingChanged(true);
}

void ReplaySource::pause()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    Q_EMIT playingChanged(false);
}

void ReplaySource::setPlaying(bool playing)
{
    playing ? play() : pause();
}

void ReplaySource::setSpeed(double speed)
{
    if (!std::isfinite(speed))
        return;
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == m_speed)
        return;
    m_speed = speed;
    Q_EMIT speedChanged(speed);
}

void ReplaySource::seek(qint64 positionUs)
{
    if (!m_open)
        return;
    m_positionUs = std::clamp<qint64>(positionUs, 0, durationUs());
    Q_EMIT reset();
    if (!publishState())
        return;
    const std::vector<trace::TraceEvent> recent = m_reader.recentEvents(m_positionUs, kRecentEvents);
    if (!recent.empty())
        Q_EMIT eventsReady(toServiceEvents(recent, m_reader.header()));
    Q_EMIT positionChanged(m_positionUs);
}

void ReplaySource::advance(qint64 deltaUs)
{
    if (!m_open || deltaUs <= 0)
        return;
    const qint64 from = m_positionUs;
    m_positionUs = deltaUs > durationUs() - from ? durationUs() : from + deltaUs;
    if (m_positionUs == from)
        return;
    const std::vector<trace::TraceEvent> passed =
        m_reader.eventsBetween(from, m_positionUs, kMaxEventsPerStep);
    if (!passed.empty())
        Q_EMIT eventsReady(toServiceEvents(passed, m_reader.header()));
    if (!publishState())
        return;
    Q_EMIT positionChanged(m_positionUs);
    if (m_positionUs >= durationUs())
        pause();
}

void ReplaySource::tick()
{
    // Real time passed since the last tick, not the nominal interval: a busy event loop replays at
    // the right speed, in fewer steps.
    const qint64 elapsedUs = m_sinceTick.nsecsElapsed() / 1000;
    m_sinceTick.start();
    advance(static_cast<qint64>(std::llround(static_cast<double>(elapsedUs) * m_speed)));
}

bool ReplaySource::publishState()
{
    std::optional<trace::TraceState> state = m_reader.stateAt(m_positionUs);
    if (!state) {
        fail(QString::fromStdString(m_reader.error()));
        return false;
    }
    m_latest = detail::toSnapshot(*state, m_reader.header(), ++m_sequence);
    Q_EMIT snapshotReady(m_latest);
    return true;
}

void ReplaySource::fail(const QString& error)
{
    m_error = error;
    qCWarning(lcService) << "replay of" << m_path << "stopped:" << error;
    pause();
    Q_EMIT failed(error);
}

} // namespace poolscope
