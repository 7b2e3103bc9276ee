#include "widgets/connection_waterfall.h"

#include "widgets/timeline_painting.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>
#include <algorithm>
#include <limits>

namespace poolscope::ui {

namespace {

constexpr int kMargin = 6; // left and right
constexpr int kTop = 2;    // above the header and below the last row
constexpr double kMinTickSpacing = 70.0;

/// As tall as the waterfall when there is room; down to three rows (then it scrolls) when not.
class WaterfallScrollArea : public QScrollArea
{
public:
    using QScrollArea::QScrollArea;
    [[nodiscard]] QSize sizeHint() const override
    {
        const int frame = 2 * frameWidth();
        return widget() ? widget()->sizeHint() + QSize(frame, frame) : QScrollArea::sizeHint();
    }
    [[nodiscard]] QSize minimumSizeHint() const override
    {
        const int rows = 3 * (fontMetrics().height() + 2);
        return {100, std::min(sizeHint().height(), rows + 2 * frameWidth())};
    }
};

} // namespace

QScrollArea* ConnectionWaterfall::wrapInScrollArea(QWidget* parent)
{
    auto* scroll = new WaterfallScrollArea(parent);
    scroll->setObjectName(QStringLiteral("connectionWaterfallScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidgetResizable(true);
    scroll->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    const bool shown = !m_segments.empty();
    scroll->setWidget(this);
    setVisible(shown);
    scroll->setVisible(shown);
    m_scroll = scroll;
    return scroll;
}

ConnectionWaterfall::ConnectionWaterfall(ConnectionTimeline* timeline, QWidget* parent)
    : QWidget(parent), m_timeline(timeline)
{
    setObjectName(QStringLiteral("connectionWaterfall"));
    setAccessibleName(tr("Connection timeline"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(m_timeline, &ConnectionTimeline::changed, this, [this] {
        if (m_id != 0 && isVisible())
            refresh();
    });
    setVisible(false);
}

void ConnectionWaterfall::showConnection(ConnectionId id, const ConnectionInfo* fallback)
{
    m_id = id;
    m_fromSnapshot = fallback && !m_timeline->contains(id);
    if (m_fromSnapshot)
        m_fallback = *fallback;
    refresh();
}

void ConnectionWaterfall::refresh()
{
    m_nowUs = m_timeline->currentUs();
    if (m_id == 0)
        m_segments.clear();
    else if (m_fromSnapshot)
        m_segments = ConnectionTimeline::segmentsFor(m_fallback, m_nowUs, m_timeline->currentSteady());
    else
        m_segments = m_timeline->segments(m_id, m_nowUs);
    std::vector<ConnectionTimeline::SegmentKind> rows;
    for (int k = 0; k < static_cast<int>(SegmentKind::Count); ++k) {
        const auto kind = static_cast<SegmentKind>(k);
        if (std::any_of(m_segments.begin(), m_segments.end(),
                        [kind](const TimelineSegment& s) { return s.kind == kind; }))
            rows.push_back(kind);
    }
    const bool relayout = rows != m_rows;
    m_rows = std::move(rows);
    setVisible(!m_segments.empty());
    if (m_scroll)
        m_scroll->setVisible(!m_segments.empty());
    if (relayout) {
        updateGeometry();
        if (m_scroll)
            m_scroll->updateGeometry();
    }
    update();
}

int ConnectionWaterfall::rowHeight() const
{
    return fontMetrics().height() + 2;
}

int ConnectionWaterfall::labelWidth() const
{
    QFont bold = font();
    bold.setBold(true);
    int width = QFontMetrics(bold).horizontalAdvance(tr("Timeline"));
    for (SegmentKind kind : m_rows)
        width = std::max(width, fontMetrics().horizontalAdvance(ConnectionTimeline::kindText(kind)));
    return width + 2 * kMargin;
}

int ConnectionWaterfall::rowTop(int row) const
{
    return kTop + rowHeight() + row * rowHeight(); // the first line is the header with the ticks
}

int ConnectionWaterfall::rowOf(SegmentKind kind) const
{
    const auto it = std::find(m_rows.begin(), m_rows.end(), kind);
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

TimeAxis ConnectionWaterfall::axis() const
{
    TimeAxis a;
    if (m_segments.empty())
        return a;
    a.fromUs = m_segments.front().startUs;
    a.toUs = a.fromUs + 1;
    for (const TimelineSegment& s : m_segments) {
        a.fromUs = std::min(a.fromUs, s.startUs);
        a.toUs = std::max(a.toUs, s.endUs);
        if (s.kind == SegmentKind::Idle && s.open && s.deadlineUs > 0)
            a.toUs = std::max(a.toUs, s.deadlineUs); // the countdown's end is in view
    }
    a.left = labelWidth();
    // Room on the right for the row texts would squeeze the bars: texts go where there is room.
    a.width = std::max(20, width() - labelWidth() - kMargin - 4);
    return a;
}

QRect ConnectionWaterfall::segmentRect(int index) const
{
    if (index < 0 || index >= static_cast<int>(m_segments.size()))
        return {};
    const TimelineSegment& s = m_segments[static_cast<std::size_t>(index)];
    const int row = rowOf(s.kind);
    const double top = rowTop(row) + 2;
    return poolscope::ui::segmentRect(s, axis(), top, rowHeight() - 4).toAlignedRect();
}

int ConnectionWaterfall::segmentAt(QPoint pos) const
{
    // The latest segment whose bar (widened to 6 px, a point or a 2-px phase is hard to hit) is
    // under the mouse.
    for (int i = static_cast<int>(m_segments.size()) - 1; i >= 0; --i) {
        const QRect r = segmentRect(i);
        const QRect row(0, r.top() - 2, width(), rowHeight());
        if (row.contains(pos) && pos.x() >= r.left() - 3 && pos.x() <= r.right() + 3)
            return i;
    }
    return -1;
}

QString ConnectionWaterfall::rowText(SegmentKind kind) const
{
    std::vector<const TimelineSegment*> of;
    for (const TimelineSegment& s : m_segments) {
        if (s.kind == kind)
            of.push_back(&s);
    }
    if (of.empty())
        return {};
    const TimelineSegment& last = *of.back();
    switch (kind) {
    case SegmentKind::Closed:
        return last.label.isEmpty() ? (last.failed ? tr("failed") : tr("closed")) : last.label;
    case SegmentKind::Use: {
        const QString holder = last.label.isEmpty() ? tr("unknown holder") : last.label;
        if (of.size() == 1)
            return tr("%1 · %2").arg(ConnectionTimeline::lengthText(last), holder);
        return tr("%n use(s), last by %1", nullptr, last.number).arg(holder);
    }
    case SegmentKind::Idle:
        if (last.open && last.deadlineUs >= 0) {
            return tr("keep-alive ends in %1")
                .arg(ConnectionTimeline::durationText(std::max<qint64>(0, last.deadlineUs - m_nowUs)));
        }
        return ConnectionTimeline::lengthText(last);
    default: {
        const QString text = ConnectionTimeline::lengthText(last);
        return last.failed ? tr("%1, failed").arg(text) : text;
    }
    }
}

QSize ConnectionWaterfall::sizeHint() const
{
    const int rows = std::max<int>(1, static_cast<int>(m_rows.size()));
    // The header (title and tick labels), then the rows.
    return {320, 2 * kTop + (rows + 1) * rowHeight()};
}

QSize ConnectionWaterfall::minimumSizeHint() const
{
    return {160, sizeHint().height()};
}

void ConnectionWaterfall::paintEvent(QPaintEvent*)
{
    if (m_segments.empty())
        return;
    QPainter p(this);
    const QPalette& pal = palette();
    const TimeAxis a = axis();
    const int rh = rowHeight();
    const QFontMetrics fm = fontMetrics();

    // Header: what this is (its tool tip says the whole span), and the tick labels.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRect(kMargin, kTop, labelWidth() - kMargin, rh), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Timeline"));
    p.setFont(font());

    const double minSpacing =
        std::max(kMinTickSpacing, fm.horizontalAdvance(QStringLiteral("+00.0 ms")) * 1.3);
    const qint64 step = a.tickStep(minSpacing);
    const int rowsBottom = rowTop(static_cast<int>(m_rows.size()));
    QColor grid = pal.color(QPalette::WindowText);
    grid.setAlphaF(0.15f);
    int lastRight = std::numeric_limits<int>::min() / 2;
    for (qint64 t : a.ticks(minSpacing)) {
        const double x = a.x(t);
        p.setPen(grid);
        p.drawLine(QPointF(x, rowTop(0)), QPointF(x, rowsBottom));
        p.setPen(pal.color(QPalette::PlaceholderText));
        const QString label = tickText(t - a.fromUs, step);
        const int w = fm.horizontalAdvance(label);
        const int lo = static_cast<int>(a.left);
        const int lx = std::clamp(static_cast<int>(x) - w / 2, lo, std::max(lo, width() - kMargin - w));
        // Held in at the right edge, the last label could land on the one before: leave it out.
        if (lx < lastRight + fm.horizontalAdvance(QLatin1Char(' ')))
            continue;
        p.drawText(QRect(lx, kTop, w + 2, rh), Qt::AlignLeft | Qt::AlignVCenter, label);
        lastRight = lx + w;
    }

    for (int row = 0; row < static_cast<int>(m_rows.size()); ++row) {
        const SegmentKind kind = m_rows[static_cast<std::size_t>(row)];
        const int top = rowTop(row);
        if (row % 2 == 1)
            p.fillRect(QRect(0, top, width(), rh), pal.color(QPalette::AlternateBase));
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRect(kMargin, top, labelWidth() - kMargin, rh), Qt::AlignLeft | Qt::AlignVCenter,
                   ConnectionTimeline::kindText(kind));
        double barsRight = a.left;
        double barsLeft = a.left + a.width;
        for (const TimelineSegment& s : m_segments) {
            if (s.kind != kind)
                continue;
            paintSegment(p, s, a, top + 2, rh - 4, pal);
            const QRectF r = poolscope::ui::segmentRect(s, a, top + 2, rh - 4);
            barsRight = std::max(barsRight, r.right());
            barsLeft = std::min(barsLeft, r.left());
        }
        // The row's text after its bars, else before them, else over them on a pale box (a use
        // that runs to now fills the row).
        const QString text = rowText(kind);
        const int textWidth = fm.horizontalAdvance(text);
        const int wanted = std::min(textWidth, 60);
        const int right = width() - kMargin;
        const int after = right - static_cast<int>(barsRight) - 6;
        const int before = static_cast<int>(barsLeft) - static_cast<int>(a.left) - 6;
        QRect box;
        int align = Qt::AlignLeft;
        if (after >= wanted) {
            box = QRect(static_cast<int>(barsRight) + 6, top, after, rh);
        } else if (before >= wanted) {
            box = QRect(static_cast<int>(a.left), top, before, rh);
            align = Qt::AlignRight;
        } else {
            const int w = std::min(textWidth + 12, right - static_cast<int>(a.left));
            box = QRect(right - w, top + 1, w, rh - 2);
            QColor back = pal.color(QPalette::Base);
            back.setAlphaF(0.85f);
            p.fillRect(box, back);
            box.adjust(5, 0, -5, 0);
        }
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(box, align | Qt::AlignVCenter,
                   fm.elidedText(text, Qt::ElideRight, std::max(0, box.width())));
    }
}

bool ConnectionWaterfall::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int index = segmentAt(help->pos());
        if (index < 0 && help->pos().y() < rowTop(0)) {
            const TimeAxis a = axis();
            QToolTip::showText(
                help->globalPos(),
                tr("Timeline of #%1 · %2").arg(m_id).arg(ConnectionTimeline::durationText(a.toUs - a.fromUs)),
                this);
        } else if (index >= 0) {
            QToolTip::showText(
                help->globalPos(),
                ConnectionTimeline::describe(m_segments[static_cast<std::size_t>(index)], m_nowUs), this,
                segmentRect(index));
        } else {
            QToolTip::hideText();
            e->ignore();
        }
        return true;
    }
    return QWidget::event(e);
}

} // namespace poolscope::ui
