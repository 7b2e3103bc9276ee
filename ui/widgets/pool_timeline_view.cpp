#include "widgets/pool_timeline_view.h"

#include "widgets/timeline_canvas.h"
#include "widgets/timeline_painting.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <array>

namespace poolscope::ui {

PoolTimelineView::PoolTimelineView(ConnectionTimeline* timeline, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("poolTimeline"));
    setAccessibleName(tr("Timeline of every connection"));
    m_canvas = new TimelineCanvas(timeline, this);

    m_follow = new QCheckBox(tr("&Follow live"), this);
    m_follow->setObjectName(QStringLiteral("timelineFollow"));
    m_follow->setChecked(m_canvas->followLive());
    m_follow->setToolTip(tr("Keep now at the right edge. Scroll back (scroll bar, Shift+wheel) to pause "
                            "and look at what happened."));
    connect(m_follow, &QCheckBox::toggled, m_canvas, &TimelineCanvas::setFollowLive);
    connect(m_canvas, &TimelineCanvas::followLiveChanged, m_follow, [this](bool on) {
        const QSignalBlocker block(m_follow);
        m_follow->setChecked(on);
    });

    m_span = new QComboBox(this);
    m_span->setObjectName(QStringLiteral("timelineSpan"));
    m_span->setAccessibleName(tr("Time shown"));
    m_span->setToolTip(tr("How much time the width shows"));
    static constexpr std::array<int, 5> kSpans{10, 30, 60, 300, 900};
    for (int seconds : kSpans)
        m_span->addItem(seconds < 60 ? tr("%1 s").arg(seconds) : tr("%1 min").arg(seconds / 60), seconds);
    m_span->setCurrentIndex(1); // 30 s: a dial's phases and a few uses are told apart
    m_canvas->setSpan(std::chrono::seconds(m_span->currentData().toInt()));
    connect(m_span, &QComboBox::currentIndexChanged, m_canvas,
            [this] { m_canvas->setSpan(std::chrono::seconds(m_span->currentData().toInt())); });

    // The legend: the colours both timelines use.
    QStringList items;
    for (int k = 0; k < static_cast<int>(SegmentKind::Count); ++k) {
        const auto kind = static_cast<SegmentKind>(k);
        items.append(QStringLiteral("<span style='color:%1'>&#9632;</span>&nbsp;%2")
                         .arg(segmentColor(kind).name(),
                              ConnectionTimeline::kindText(kind).toHtmlEscaped().replace(
                                  QLatin1Char(' '), QStringLiteral("&nbsp;")))); // wraps between items only
    }
    m_legend = new QLabel(items.join(QStringLiteral(" &nbsp; ")), this);
    m_legend->setObjectName(QStringLiteral("timelineLegend"));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    QFont small = m_legend->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_legend->setFont(small);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addWidget(m_follow);
    bar->addWidget(m_span);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_canvas, 1);
    layout->addWidget(m_legend); // under the lanes: wraps at narrow widths without squeezing the controls
    m_legend->setContentsMargins(4, 0, 4, 2);
    // Tab as they read: Follow live, the span, then the lanes (the canvas was made first).
    setTabOrder(m_follow, m_span);
    setTabOrder(m_span, m_canvas);

    connect(m_canvas, &TimelineCanvas::laneClicked, this, &PoolTimelineView::connectionClicked);
    // + and - on the canvas step through the spans offered (+: less time across the width).
    connect(m_canvas, &TimelineCanvas::zoomRequested, m_span, [this](int direction) {
        m_span->setCurrentIndex(std::clamp(m_span->currentIndex() - direction, 0, m_span->count() - 1));
    });
}

} // namespace poolscope::ui
