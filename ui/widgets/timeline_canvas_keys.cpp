// TimelineCanvas from the keyboard: a cursor on a lane and one of its spans, moved by the arrow
// keys, Home and End; Enter selects the lane's connection as a click does; + / - zoom; the cursor
// drawn while the canvas has the focus and named in its accessible description.

#include "widgets/timeline_canvas.h"

#include <QFocusEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <algorithm>

namespace poolscope::ui {

int TimelineCanvas::cursorIndex() const
{
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        if (m_lanes[i].id == m_cursorLane)
            return static_cast<int>(i);
    }
    return -1;
}

void TimelineCanvas::scrollLaneIntoView(std::size_t index)
{
    const int lh = laneHeight();
    const int top = static_cast<int>(index) * lh;
    const int visible = viewport()->height() - headerHeight();
    QScrollBar* bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + lh > bar->value() + visible)
        bar->setValue(top + lh - visible);
}

void TimelineCanvas::scrollTimeIntoView(qint64 fromUs, qint64 toUs)
{
    const TimeAxis a = axis();
    if (fromUs >= a.fromUs && toUs <= a.toUs)
        return;
    // Scrolled back to it (following stops), its end a tenth of the width from the right edge.
    const qint64 spanUs = static_cast<qint64>(m_span.count()) * 1000;
    const qint64 end = std::min(m_nowUs, std::max(toUs + spanUs / 10, fromUs + spanUs / 2));
    if (m_follow && end >= m_nowUs)
        return;
    if (m_follow)
        setFollowLive(false);
    m_viewEndUs = end;
    updateScrollBars();
}

void TimelineCanvas::moveCursor(ConnectionId lane, int segment)
{
    m_cursorLane = lane;
    m_cursorSegment = lane == 0 ? -1 : segment;
    const int index = cursorIndex();
    if (index >= 0) {
        scrollLaneIntoView(static_cast<std::size_t>(index));
        if (m_cursorSegment >= 0) {
            const std::vector<TimelineSegment> segments = m_timeline->segments(lane, m_nowUs);
            if (m_cursorSegment < static_cast<int>(segments.size())) {
                const TimelineSegment& s = segments[static_cast<std::size_t>(m_cursorSegment)];
                scrollTimeIntoView(s.startUs, s.endUs);
            }
        }
    }
    describeCursor();
    viewport()->update();
}

void TimelineCanvas::describeCursor()
{
    const int index = cursorIndex();
    if (index < 0) {
        setAccessibleDescription(m_description);
        return;
    }
    QString item = laneText(m_lanes[static_cast<std::size_t>(index)]);
    if (m_cursorSegment >= 0) {
        const std::vector<TimelineSegment> segments = m_timeline->segments(m_cursorLane, m_nowUs);
        if (m_cursorSegment < static_cast<int>(segments.size()))
            item += QStringLiteral(": ") + ConnectionTimeline::describe(
                                               segments[static_cast<std::size_t>(m_cursorSegment)], m_nowUs);
    }
    setAccessibleDescription(tr("%1. At the cursor: %2").arg(m_description, item));
}

void TimelineCanvas::keyPressEvent(QKeyEvent* event)
{
    const auto modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Minus || event->key() == Qt::Key_Equal) {
        Q_EMIT zoomRequested(event->key() == Qt::Key_Minus ? -1 : 1);
        event->accept();
        return;
    }
    if (m_lanes.empty() || (modifiers != Qt::NoModifier && modifiers != Qt::ShiftModifier)) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    const int last = static_cast<int>(m_lanes.size()) - 1;
    const int index = cursorIndex();
    const auto laneId = [this](int i) {
        return m_lanes[static_cast<std::size_t>(std::clamp(i, 0, int(m_lanes.size()) - 1))].id;
    };
    switch (event->key()) {
    case Qt::Key_Up:
        moveCursor(laneId(index < 0 ? 0 : index - 1), -1);
        break;
    case Qt::Key_Down:
        moveCursor(laneId(index < 0 ? 0 : index + 1), -1);
        break;
    case Qt::Key_Home:
        moveCursor(laneId(0), -1);
        break;
    case Qt::Key_End:
        moveCursor(laneId(last), -1);
        break;
    case Qt::Key_Left:
    case Qt::Key_Right: {
        const ConnectionId lane = index < 0 ? laneId(0) : m_cursorLane;
        const int count = static_cast<int>(m_timeline->segments(lane, m_nowUs).size());
        if (count == 0)
            break;
        int segment = m_cursorSegment;
        if (event->key() == Qt::Key_Right)
            segment = segment < 0 ? 0 : std::min(segment + 1, count - 1);
        else
            segment = segment < 0 ? count - 1 : std::max(segment - 1, 0);
        moveCursor(lane, segment);
        break;
    }
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (index >= 0)
            Q_EMIT laneClicked(m_cursorLane); // as a click on it
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineCanvas::focusInEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusInEvent(event);
    // The cursor starts on the connection selected in the table, else the newest lane.
    if (cursorIndex() < 0 && !m_lanes.empty()) {
        ConnectionId start = m_lanes.front().id;
        for (const ConnectionTimeline::Lane& lane : m_lanes) {
            if (lane.id == m_selected && m_selected != 0)
                start = lane.id;
        }
        moveCursor(start, -1);
    }
    viewport()->update();
}

void TimelineCanvas::focusOutEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void TimelineCanvas::paintCursor(QPainter& p, const TimeAxis& a)
{
    const int index = cursorIndex();
    if (!hasFocus() || index < 0)
        return;
    const QRect lane = laneRect(m_cursorLane);
    if (lane.isEmpty())
        return;
    p.save();
    p.setClipRect(QRect(0, headerHeight(), viewport()->width(), viewport()->height() - headerHeight()));
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
    p.drawRect(lane.adjusted(1, 1, -1, -1));
    if (m_cursorSegment >= 0) {
        const std::vector<TimelineSegment> segments = m_timeline->segments(m_cursorLane, m_nowUs);
        if (m_cursorSegment < static_cast<int>(segments.size())) {
            QRectF r = segmentRect(segments[static_cast<std::size_t>(m_cursorSegment)], a, lane.top() + 3,
                                   lane.height() - 6);
            r = r.adjusted(-3, -2, 3, 2);
            p.setPen(QPen(palette().color(QPalette::Text), 2));
            p.drawRect(r);
        }
    }
    p.restore();
}

} // namespace poolscope::ui
