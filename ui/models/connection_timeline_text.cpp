// ConnectionTimeline's words: segment kind names, durations, and the tool tip of a segment.

#include "models/connection_timeline.h"
#include "util/presentation.h"

#include <QDateTime>
#include <QStringList>

namespace poolscope::ui {

namespace {

QString clockText(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC)
        .toLocalTime()
        .toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

QString ConnectionTimeline::kindText(SegmentKind kind)
{
    switch (kind) {
    case SegmentKind::Queued:
        return tr("Queued");
    case SegmentKind::Dns:
        return tr("DNS");
    case SegmentKind::Connect:
        return tr("TCP connect");
    case SegmentKind::Proxy:
        return tr("Proxy tunnel");
    case SegmentKind::Tls:
        return tr("TLS handshake");
    case SegmentKind::Use:
        return tr("In use");
    case SegmentKind::Idle:
        return tr("Idle");
    case SegmentKind::Closed:
        return tr("Closed");
    case SegmentKind::Count:
        break;
    }
    return {};
}

QString ConnectionTimeline::durationText(qint64 us)
{
    if (us < 10'000) // dial phases on a LAN: hundredths of a millisecond matter
        return tr("%1 ms").arg(static_cast<double>(std::max<qint64>(0, us)) / 1000.0, 0, 'f', 2);
    if (us < 1'000'000)
        return tr("%1 ms").arg(us / 1000);
    return formatDuration(std::chrono::milliseconds(us / 1000));
}

bool ConnectionTimeline::isDialPhase(SegmentKind kind)
{
    return kind == SegmentKind::Dns || kind == SegmentKind::Connect || kind == SegmentKind::Proxy ||
           kind == SegmentKind::Tls;
}

QString ConnectionTimeline::lengthText(const Segment& s)
{
    if (s.exactUs > 0)
        return durationText(s.exactUs);
    const qint64 length = s.endUs - s.startUs;
    if (!isDialPhase(s.kind) || s.open)
        return durationText(length);
    // A dial phase known only from event times (a dial that failed before any snapshot listed it):
    // whole milliseconds, so say so.
    if (length < 1000)
        return tr("< 1 ms");
    return tr("≈ %1 ms").arg(length / 1000);
}

QString ConnectionTimeline::describe(const Segment& s, qint64 nowUs)
{
    QStringList lines;
    if (s.kind == SegmentKind::Closed) {
        lines << (s.failed ? tr("Dial failed at %1") : tr("Closed at %1")).arg(clockText(s.startUs));
        if (s.estimatedEnd)
            lines << tr("(no close event seen: it left the pool's snapshots then)");
        if (!s.label.isEmpty())
            lines << (s.failed ? tr("Why: %1") : tr("Reason: %1")).arg(s.label);
        return lines.join(QLatin1Char('\n'));
    }
    QString title = kindText(s.kind);
    if (s.kind == SegmentKind::Use)
        title = tr("Use %1").arg(s.number);
    if (s.failed)
        title = tr("%1 (failed)").arg(title);
    lines << title;
    lines << (s.open ? tr("From %1, still running").arg(clockText(s.startUs))
                     : tr("From %1 to %2").arg(clockText(s.startUs), clockText(s.endUs)));
    lines << tr("Duration: %1").arg(lengthText(s));
    if (isDialPhase(s.kind) && s.exactUs <= 0 && !s.open)
        lines << tr("(from event times, to the millisecond)");
    if (s.kind == SegmentKind::Use) {
        lines << tr("Held by: %1").arg(s.label.isEmpty() ? tr("unknown") : s.label);
        lines << (s.reused ? tr("Reused an idle connection") : tr("A new connection"));
    }
    if (s.kind == SegmentKind::Idle && s.deadlineUs >= 0) {
        const qint64 left = s.deadlineUs - nowUs;
        lines << (left >= 0
                      ? tr("Keep-alive deadline: %1 (in %2)").arg(clockText(s.deadlineUs), durationText(left))
                      : tr("Keep-alive deadline: %1").arg(clockText(s.deadlineUs)));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace poolscope::ui
