#pragma once
// What the connection waterfall (details pane) and the pool-wide timeline tab share: one colour per
// segment kind (the table's state colours, mid-tone so they read on light and dark palettes), how
// a segment is drawn, and a time axis with round tick steps.

#include "models/connection_timeline.h"

#include <QColor>
#include <QRectF>
#include <QString>
#include <vector>

class QPainter;
class QPalette;

namespace poolscope::ui {

using SegmentKind = ConnectionTimeline::SegmentKind;
using TimelineSegment = ConnectionTimeline::Segment;

/// The fill of a segment kind; a failed phase and a failed dial's close are the closed red.
[[nodiscard]] QColor segmentColor(SegmentKind kind, bool failed = false);

/// Maps a time range onto [left, left + width] pixels.
struct TimeAxis
{
    qint64 fromUs = 0;
    qint64 toUs = 1;
    double left = 0;
    double width = 1;

    [[nodiscard]] double x(qint64 us) const
    {
        const double span = static_cast<double>(std::max<qint64>(1, toUs - fromUs));
        return left + width * static_cast<double>(us - fromUs) / span;
    }
    [[nodiscard]] qint64 timeAt(double px) const
    {
        const double span = static_cast<double>(std::max<qint64>(1, toUs - fromUs));
        return fromUs + static_cast<qint64>((px - left) / std::max(1.0, width) * span);
    }
    /// Round tick times (1, 2, 5 × 10^n µs) with at least `minSpacing` pixels between them.
    [[nodiscard]] std::vector<qint64> ticks(double minSpacing) const;
    /// The tick step ticks() chose, in µs.
    [[nodiscard]] qint64 tickStep(double minSpacing) const;
};

/// "+250 ms", "+1.5 s", "+2 min": a tick's offset from the axis start, in the step's unit.
[[nodiscard]] QString tickText(qint64 offsetUs, qint64 stepUs);

/// The pixels a segment covers on `axis` within a row [top, top + height]: at least 2 px wide
/// (a DNS lookup of 50 µs in a minute-long life stays visible), a Closed point is a 2-px line.
[[nodiscard]] QRectF segmentRect(const TimelineSegment& segment, const TimeAxis& axis, double top,
                                 double height);

/// Draws one segment: a bar (idle stretches lighter, a still-running one with an open right
/// edge), a Closed point as a line with a diamond, the keep-alive deadline of an idle stretch as a
/// tick. `palette` gives the outline colour, so it reads on light and dark backgrounds.
void paintSegment(QPainter& painter, const TimelineSegment& segment, const TimeAxis& axis, double top,
                  double height, const QPalette& palette);

} // namespace poolscope::ui
