#include "widgets/timeline_canvas.h"

#include "util/presentation.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>

namespace poolscope::ui {

namespace {

constexpr qint64 kScrollUnitUs = 100'000; // the horizontal scroll bar counts 100 ms steps
constexpr int kMargin = 6;

} // namespace

TimelineCanvas::TimelineCanvas(ConnectionTimeline* timeline, QWidget* parent)
    : QAbstractScrollArea(parent), m_timeline(timeline)
{
    setObjectName(QStringLiteral("timelineCanvas"));
    setAccessibleName(tr("Connections over time"));
    m_description = tr("One lane per connection, newest on top: its phases (queued, DNS, TCP connect, "
                       "TLS handshake, in use, idle, closed) over time; clicking a lane selects "
                       "its connection");
    setAccessibleDescription(m_description);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_nowUs = m_timeline->currentUs();
    m_viewEndUs = m_nowUs;
    connect(m_timeline, &ConnectionTimeline::changed, this, [this] {
        if (isVisible())
            refresh();
    });
    // Changes the user makes (drag, arrows, page, wheel); the canvas's own moves are blocked.
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (!m_settingScroll)
            userScrolled();
    });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(), qOverload<>(&QWidget::update));
    m_liveTimer.setInterval(250);
    connect(&m_liveTimer, &QTimer::timeout, this, &TimelineCanvas::refresh);
}

void TimelineCanvas::setFollowLive(bool on)
{
    if (m_follow == on)
        return;
    m_follow = on;
    if (on && isVisible())
        m_liveTimer.start();
    else
        m_liveTimer.stop();
    refresh();
    Q_EMIT followLiveChanged(on);
}

void TimelineCanvas::setSpan(std::chrono::milliseconds span)
{
    m_span = std::clamp(span, std::chrono::milliseconds{1000},
                        std::chrono::duration_cast<std::chrono::milliseconds>(kMaxHistory));
    refresh();
}

int TimelineCanvas::laneHeight() const
{
    return fontMetrics().height() + 6;
}

int TimelineCanvas::headerHeight() const
{
    return fontMetrics().height() + 6;
}

int TimelineCanvas::labelWidth() const
{
    const int wanted =
        fontMetrics().horizontalAdvance(QStringLiteral("#0000 tls://127.0.0.1:65535")) + 2 * kMargin;
    return std::min(wanted, std::max(60, viewport()->width() / 3));
}

qint64 TimelineCanvas::historyStartUs() const
{
    const qint64 spanUs = static_cast<qint64>(m_span.count()) * 1000;
    const qint64 oldest =
        m_nowUs - std::chrono::duration_cast<std::chrono::microseconds>(kMaxHistory).count();
    qint64 start = m_nowUs - spanUs;
    for (const ConnectionTimeline::Lane& lane : m_lanes) {
        if (lane.startUs >= 0)
            start = std::min(start, lane.startUs);
    }
    return std::max(start, oldest);
}

TimeAxis TimelineCanvas::axis() const
{
    TimeAxis a;
    a.toUs = m_viewEndUs;
    a.fromUs = m_viewEndUs - static_cast<qint64>(m_span.count()) * 1000;
    a.left = labelWidth();
    a.width = std::max(20, viewport()->width() - labelWidth() - kMargin);
    return a;
}

void TimelineCanvas::setSelected(ConnectionId id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        if (m_lanes[i].id != id)
            continue;
        scrollLaneIntoView(i); // the way a table scrolls to its current row
        break;
    }
    viewport()->update();
}

void TimelineCanvas::refresh()
{
    m_nowUs = m_timeline->currentUs();
    std::vector<ConnectionTimeline::Lane> all = m_timeline->lanes();
    // Newest on top, at most kMaxLanes.
    std::reverse(all.begin(), all.end());
    if (all.size() > static_cast<std::size_t>(kMaxLanes))
        all.resize(static_cast<std::size_t>(kMaxLanes));
    m_lanes = std::move(all);
    if (m_cursorLane != 0 && cursorIndex() < 0) // its lane left: the cursor goes with it
        moveCursor(m_lanes.empty() ? 0 : m_lanes.front().id, -1);
    if (m_follow)
        m_viewEndUs = m_nowUs;
    updateScrollBars();
    viewport()->update();
}

void TimelineCanvas::updateScrollBars()
{
    const qint64 spanUs = static_cast<qint64>(m_span.count()) * 1000;
    const qint64 start = historyStartUs();
    const int maximum = static_cast<int>(std::max<qint64>(0, (m_nowUs - spanUs - start) / kScrollUnitUs));
    // Scrolled back past what is kept: the view moves to the oldest moment kept.
    m_viewEndUs = std::clamp(m_viewEndUs, start + spanUs, std::max(start + spanUs, m_nowUs));
    m_settingScroll = true;
    QScrollBar* h = horizontalScrollBar();
    h->setRange(0, maximum);
    h->setPageStep(static_cast<int>(std::max<qint64>(1, spanUs / kScrollUnitUs)));
    h->setSingleStep(static_cast<int>(std::max<qint64>(1, spanUs / kScrollUnitUs / 10)));
    h->setValue(m_follow ? maximum : static_cast<int>((m_viewEndUs - spanUs - start) / kScrollUnitUs));
    QScrollBar* v = verticalScrollBar();
    const int lanesHeight = static_cast<int>(m_lanes.size()) * laneHeight();
    v->setRange(0, std::max(0, lanesHeight - (viewport()->height() - headerHeight())));
    v->setPageStep(std::max(1, viewport()->height() - headerHeight()));
    v->setSingleStep(laneHeight());
    m_settingScroll = false;
}

void TimelineCanvas::userScrolled()
{
    QScrollBar* h = horizontalScrollBar();
    const qint64 spanUs = static_cast<qint64>(m_span.count()) * 1000;
    m_viewEndUs = historyStartUs() + spanUs + static_cast<qint64>(h->value()) * kScrollUnitUs;
    // Back at the right end: following again.
    const bool follow = h->value() >= h->maximum();
    if (follow != m_follow) {
        m_follow = follow;
        if (follow && isVisible())
            m_liveTimer.start();
        else
            m_liveTimer.stop();
        Q_EMIT followLiveChanged(follow);
    }
    if (m_follow)
        m_viewEndUs = m_nowUs;
    viewport()->update();
}

QRect TimelineCanvas::laneRect(ConnectionId id) const
{
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        if (m_lanes[i].id != id)
            continue;
        const int top = headerHeight() + static_cast<int>(i) * laneHeight() - verticalScrollBar()->value();
        const QRect r(0, top, viewport()->width(), laneHeight());
        return r.bottom() < headerHeight() || r.top() > viewport()->height() ? QRect() : r;
    }
    return {};
}

ConnectionId TimelineCanvas::laneAt(QPoint pos) const
{
    if (pos.y() < headerHeight())
        return 0;
    const int index = (pos.y() - headerHeight() + verticalScrollBar()->value()) / laneHeight();
    if (index < 0 || index >= static_cast<int>(m_lanes.size()))
        return 0;
    return m_lanes[static_cast<std::size_t>(index)].id;
}

QString TimelineCanvas::laneText(const ConnectionTimeline::Lane& lane) const
{
    return tr("#%1 %2").arg(lane.id).arg(lane.endpoint);
}

QString TimelineCanvas::laneLabel(const ConnectionTimeline::Lane& lane, int width) const
{
    // "#12 127.0.0.1:8443": the id always, then the end of host:port (the port tells lab servers
    // apart); a reuse key's "#options" suffix is left out.
    QString endpoint = lane.endpoint;
    endpoint.remove(QRegularExpression(QStringLiteral("^[a-z]+://")));
    if (const qsizetype hash = endpoint.indexOf(QLatin1Char('#')); hash >= 0)
        endpoint.truncate(hash);
    const QString id = QStringLiteral("#%1 ").arg(lane.id);
    const QFontMetrics fm = fontMetrics();
    return id + fm.elidedText(endpoint, Qt::ElideLeft, std::max(0, width - fm.horizontalAdvance(id)));
}

void TimelineCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QPalette& pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    const QFontMetrics fm = fontMetrics();
    const TimeAxis a = axis();
    const int lh = laneHeight();
    const int hh = headerHeight();
    const int w = viewport()->width();
    const int h = viewport()->height();

    if (m_lanes.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect().adjusted(kMargin, hh, -kMargin, 0),
                   Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   tr("Each connection gets a lane here once it dials: DNS, connect, TLS, its uses and idle "
                      "stretches, and why it closed."));
    }

    // Lanes (clipped below the header).
    p.save();
    p.setClipRect(QRect(0, hh, w, h - hh));
    const int first = std::max(0, verticalScrollBar()->value() / lh);
    for (int i = first; i < static_cast<int>(m_lanes.size()); ++i) {
        const int top = hh + i * lh - verticalScrollBar()->value();
        if (top > h)
            break;
        const ConnectionTimeline::Lane& lane = m_lanes[static_cast<std::size_t>(i)];
        if (lane.id == m_selected && m_selected != 0) {
            QColor mark = pal.color(QPalette::Highlight);
            mark.setAlphaF(0.3f); // the segments stay readable on it, light or dark
            p.fillRect(QRect(0, top, w, lh), mark);
        } else if (i % 2 == 1) {
            p.fillRect(QRect(0, top, w, lh), pal.color(QPalette::AlternateBase));
        }
        p.setPen(lane.failed ? closedColor()
                             : pal.color(lane.departed ? QPalette::PlaceholderText : QPalette::Text));
        p.drawText(QRect(kMargin, top, static_cast<int>(a.left) - 2 * kMargin, lh),
                   Qt::AlignLeft | Qt::AlignVCenter, laneLabel(lane, static_cast<int>(a.left) - 2 * kMargin));
        p.save();
        p.setClipRect(QRectF(a.left, top, a.width + 1, lh));
        for (const TimelineSegment& s : m_timeline->segments(lane.id, m_nowUs)) {
            if (s.endUs < a.fromUs || s.startUs > a.toUs)
                continue;
            paintSegment(p, s, a, top + 3, lh - 6, pal);
        }
        p.restore();
    }
    p.restore();

    // Header: clock times at round steps, with faint lines down through the lanes.
    p.fillRect(QRect(0, 0, w, hh), pal.color(QPalette::Window));
    const double minSpacing = fm.horizontalAdvance(QStringLiteral("00:00:00.000")) * 1.4;
    const qint64 step = a.tickStep(minSpacing);
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.12f);
    const qint64 firstTick = (a.fromUs / step + 1) * step;
    for (qint64 t = firstTick; t <= a.toUs; t += step) {
        const double x = a.x(t);
        p.setPen(grid);
        p.drawLine(QPointF(x, hh), QPointF(x, h));
        const QString label =
            QDateTime::fromMSecsSinceEpoch(t / 1000, Qt::UTC)
                .toLocalTime()
                .toString(step < 1'000'000 ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
        const int lw = fm.horizontalAdvance(label);
        if (x - lw / 2.0 < a.left || x + lw / 2.0 > w)
            continue;
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRectF(x - lw / 2.0, 0, lw + 2, hh), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRect(kMargin, 0, static_cast<int>(a.left) - kMargin, hh), Qt::AlignLeft | Qt::AlignVCenter,
               m_follow ? tr("Live") : tr("Paused"));
    paintCursor(p, a);
}

void TimelineCanvas::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TimelineCanvas::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    const bool vertical = std::abs(delta.y()) > std::abs(delta.x());
    // Lanes scroll with the plain wheel when they overflow; time with Shift, a horizontal wheel,
    // or the plain wheel when every lane fits.
    if (vertical && !(event->modifiers() & Qt::ShiftModifier) && verticalScrollBar()->maximum() > 0) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    const int steps = (vertical ? delta.y() : delta.x()) / 120;
    const int notches = steps != 0 ? steps : ((vertical ? delta.y() : delta.x()) > 0 ? 1 : -1);
    QScrollBar* bar = horizontalScrollBar();
    bar->setValue(bar->value() - notches * bar->singleStep()); // wheel up / left: back in time
    event->accept();
}

void TimelineCanvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        if (const ConnectionId id = laneAt(event->position().toPoint()); id != 0) {
            Q_EMIT laneClicked(id);
            event->accept();
            return;
        }
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void TimelineCanvas::showEvent(QShowEvent* event)
{
    QAbstractScrollArea::showEvent(event);
    if (m_follow)
        m_liveTimer.start();
    refresh();
}

void TimelineCanvas::hideEvent(QHideEvent* event)
{
    QAbstractScrollArea::hideEvent(event);
    m_liveTimer.stop();
}

bool TimelineCanvas::viewportEvent(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QAbstractScrollArea::viewportEvent(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const ConnectionId id = laneAt(help->pos());
    if (id == 0) {
        QToolTip::hideText();
        return true;
    }
    const TimeAxis a = axis();
    QString text;
    if (help->pos().x() < a.left) {
        for (const ConnectionTimeline::Lane& lane : m_lanes) {
            if (lane.id == id)
                text = laneText(lane) + QLatin1Char('\n') + tr("Click to select it in the table.");
        }
    } else {
        const QRect lane = laneRect(id);
        const std::vector<TimelineSegment> segments = m_timeline->segments(id, m_nowUs);
        for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
            const QRectF r = segmentRect(*it, a, lane.top() + 3, lane.height() - 6);
            if (help->pos().x() >= r.left() - 3 && help->pos().x() <= r.right() + 3) {
                text = ConnectionTimeline::describe(*it, m_nowUs);
                break;
            }
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

} // namespace poolscope::ui
