#include "widgets/timeline_painting.h"

#include "util/presentation.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <array>
#include <cmath>

namespace poolscope::ui {

QColor segmentColor(SegmentKind kind, bool failed)
{
    if (failed)
        return closedColor();
    switch (kind) {
    case SegmentKind::Queued:
        return stateColor(ConnectionState::Free);
    case SegmentKind::Dns:
        return stateColor(ConnectionState::Resolving);
    case SegmentKind::Connect:
        return stateColor(ConnectionState::Connecting);
    case SegmentKind::Proxy:
        return proxyPhaseColor();
    case SegmentKind::Tls:
        return stateColor(ConnectionState::Handshaking);
    case SegmentKind::Use:
        return stateColor(ConnectionState::InUse);
    case SegmentKind::Idle:
        return stateColor(ConnectionState::Idle);
    case SegmentKind::Closed:
        return closedColor();
    case SegmentKind::Count:
        break;
    }
    return QColor(Qt::gray);
}

qint64 TimeAxis::tickStep(double minSpacing) const
{
    const qint64 span = std::max<qint64>(1, toUs - fromUs);
    const double maxTicks = std::max(1.0, width / std::max(1.0, minSpacing));
    static constexpr std::array<qint64, 3> kMantissa{1, 2, 5};
    qint64 decade = 1;
    for (int i = 0; i < 14; ++i, decade *= 10) { // 1 µs … 10^13 µs: bounded
        for (qint64 m : kMantissa) {
            const qint64 step = m * decade;
            if (static_cast<double>(span) / static_cast<double>(step) <= maxTicks)
                return step;
        }
    }
    return span;
}

std::vector<qint64> TimeAxis::ticks(double minSpacing) const
{
    const qint64 step = tickStep(minSpacing);
    std::vector<qint64> out;
    // Ticks at whole multiples of the step from the axis start (offsets read "+1 s", "+2 s").
    for (qint64 t = fromUs; t <= toUs && out.size() < 200; t += step)
        out.push_back(t);
    return out;
}

QString tickText(qint64 offsetUs, qint64 stepUs)
{
    if (stepUs < 1000)
        return ConnectionTimeline::tr("+%1 ms").arg(static_cast<double>(offsetUs) / 1000.0, 0, 'f', 2);
    if (stepUs < 1'000'000)
        return ConnectionTimeline::tr("+%1 ms").arg(offsetUs / 1000);
    if (stepUs < 60'000'000) {
        const int decimals = stepUs % 1'000'000 == 0 ? 0 : 1;
        return ConnectionTimeline::tr("+%1 s").arg(static_cast<double>(offsetUs) / 1e6, 0, 'f', decimals);
    }
    return ConnectionTimeline::tr("+%1 min").arg(offsetUs / 60'000'000);
}

QRectF segmentRect(const TimelineSegment& s, const TimeAxis& axis, double top, double height)
{
    const double x0 = axis.x(s.startUs);
    if (s.kind == SegmentKind::Closed)
        return QRectF(x0 - 1.0, top, 2.0, height);
    const double x1 = std::max(axis.x(s.endUs), x0 + 2.0);
    return QRectF(x0, top, x1 - x0, height);
}

void paintSegment(QPainter& p, const TimelineSegment& s, const TimeAxis& axis, double top, double height,
                  const QPalette& palette)
{
    const QColor color = segmentColor(s.kind, s.failed);
    const QRectF r = segmentRect(s, axis, top, height);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    if (s.kind == SegmentKind::Closed) {
        p.setPen(QPen(color, 2.0));
        p.drawLine(QPointF(r.center().x(), top), QPointF(r.center().x(), top + height));
        const double d = std::min(5.0, height / 2.5);
        QPainterPath diamond;
        const QPointF c(r.center().x(), top + height / 2.0);
        diamond.moveTo(c.x(), c.y() - d);
        diamond.lineTo(c.x() + d, c.y());
        diamond.lineTo(c.x(), c.y() + d);
        diamond.lineTo(c.x() - d, c.y());
        diamond.closeSubpath();
        p.fillPath(diamond, color);
        p.restore();
        return;
    }
    QColor fill = color;
    if (s.kind == SegmentKind::Idle || s.kind == SegmentKind::Queued)
        fill.setAlphaF(0.45f); // waiting, not working: lighter on either background
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRect(r);
    if (s.kind == SegmentKind::Idle || s.kind == SegmentKind::Queued) {
        p.setPen(QPen(color, 1.0));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
    }
    if (s.open && r.width() > 6.0) {
        // Still running: a pale stripe at the moving edge.
        QColor edge = palette.color(QPalette::Base);
        edge.setAlphaF(0.6f);
        p.fillRect(QRectF(r.right() - 3.0, r.top(), 3.0, r.height()), edge);
    }
    if (s.kind == SegmentKind::Idle && s.deadlineUs >= 0) {
        const double dx = axis.x(s.deadlineUs);
        if (dx >= axis.left - 1.0 && dx <= axis.left + axis.width + 1.0) {
            p.setPen(QPen(palette.color(QPalette::Text), 1.5, Qt::DashLine));
            p.drawLine(QPointF(dx, top - 2.0), QPointF(dx, top + height + 2.0));
        }
    }
    p.restore();
}

} // namespace poolscope::ui
