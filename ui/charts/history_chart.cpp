#include "charts/history_chart.h"

#include "charts/chart_painting.h"
#include "util/presentation.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace poolscope::ui {

namespace {

QColor seriesColor(HistoryChart::Series series)
{
    switch (series) {
    case HistoryChart::Series::InUse:
        return stateColor(ConnectionState::InUse);
    case HistoryChart::Series::Idle:
        return stateColor(ConnectionState::Idle);
    case HistoryChart::Series::Waiting:
        break;
    }
    return {0xe0, 0x8e, 0x2b};
}

constexpr HistoryChart::Series kSeries[] = {HistoryChart::Series::InUse, HistoryChart::Series::Idle,
                                            HistoryChart::Series::Waiting};

} // namespace

HistoryChart::HistoryChart(QWidget* parent) : ChartWidget(parent)
{
    setObjectName(QStringLiteral("historyChart"));
    setAccessibleName(tr("Pool usage chart"));
    setAccessibleDescription(tr("No samples yet"));
}

QString HistoryChart::title() const
{
    // The span the axis shows (it grows with the data up to the window), not the window itself.
    if (m_shown % 60 == 0)
        return tr("In use, idle and waiting \u2014 last %n minute(s)", nullptr, m_shown / 60);
    return tr("In use, idle and waiting \u2014 last %n second(s)", nullptr, m_shown);
}

void HistoryChart::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::max(10, seconds);
    if (!m_samples.empty()) {
        const qint64 newest = m_samples.back().ms;
        while (newest - m_samples.front().ms > qint64(m_windowSeconds) * 1000)
            m_samples.pop_front();
    }
    updateRanges();
    update();
}

void HistoryChart::addSample(const PoolSnapshot& snapshot, qint64 msSinceStart)
{
    m_samples.push_back({msSinceStart, snapshot.stats.inUse, snapshot.stats.idle, snapshot.waiters});
    while (msSinceStart - m_samples.front().ms > qint64(m_windowSeconds) * 1000)
        m_samples.pop_front();
    updateRanges();
    const Sample& s = m_samples.back();
    setAccessibleDescription(tr("In use %1, idle %2, waiting %3").arg(s.inUse).arg(s.idle).arg(s.waiting));
    update();
}

void HistoryChart::clear()
{
    m_samples.clear();
    m_top = 4;
    m_shown = std::min(30, m_windowSeconds);
    update();
}

int HistoryChart::valueOf(const Sample& s, Series series)
{
    switch (series) {
    case Series::InUse:
        return s.inUse;
    case Series::Idle:
        return s.idle;
    case Series::Waiting:
        break;
    }
    return s.waiting;
}

QList<QPointF> HistoryChart::points(Series series) const
{
    QList<QPointF> out;
    if (m_samples.empty())
        return out;
    out.reserve(static_cast<qsizetype>(m_samples.size()));
    const qint64 newest = m_samples.back().ms;
    for (const Sample& s : m_samples)
        out.append({static_cast<double>(s.ms - newest) / 1000.0, static_cast<double>(valueOf(s, series))});
    return out;
}

void HistoryChart::updateRanges()
{
    if (m_samples.empty())
        return;
    int peak = 0;
    for (const Sample& s : m_samples)
        peak = std::max({peak, s.inUse, s.idle, s.waiting});
    // A little headroom above the peak, rounded to 1/2/5 × 10^k (at least 4) so ticks stay whole.
    m_top = std::max(4, static_cast<int>(charts::niceCeiling(peak * 1.2)));
    // The visible span grows with the data (at least 30 s, in 10 s steps) up to the window.
    const qint64 span = m_samples.back().ms - m_samples.front().ms;
    m_shown = static_cast<int>(
        std::clamp<qint64>((span / 1000 + 9) / 10 * 10, std::min(30, m_windowSeconds), m_windowSeconds));
}

QRectF HistoryChart::plotRect() const
{
    return charts::layoutFrame(*this, rect(), QString::number(m_top)).plot;
}

void HistoryChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const charts::Frame frame = charts::layoutFrame(*this, rect(), QString::number(m_top));
    QList<charts::LegendEntry> legend{{tr("In use"), seriesColor(Series::InUse)},
                                      {tr("Idle"), seriesColor(Series::Idle)},
                                      {tr("Waiting"), seriesColor(Series::Waiting)}};
    charts::paintFrame(painter, *this, frame, title(), legend);

    // As many ticks as fit: a small chart gets fewer, never overlapping labels.
    const QFontMetricsF fm(font());
    const int xCount =
        charts::fittingTicks(frame.plot.width(), fm.horizontalAdvance(tr("%1 s").arg(-300)), 6);
    const int yCount = charts::fittingTicks(frame.plot.height(), fm.height(), 5);
    QList<double> xTicks;
    for (double t : charts::ticks(m_shown, xCount))
        xTicks.append(-t);
    charts::paintBottomAxis(painter, *this, frame.plot, -m_shown, 0, xTicks,
                            [](double v) { return tr("%1 s").arg(v, 0, 'f', 0); });
    charts::paintLeftValueAxis(painter, *this, frame.plot, m_top, charts::ticks(m_top, yCount),
                               [](double v) { return QString::number(v, 'f', 0); });

    const QRectF plot = frame.plot;
    painter.setClipRect(plot.adjusted(-2, -2, 2, 2));
    const auto map = [&](QPointF p) {
        return QPointF(plot.left() + (p.x() + m_shown) / m_shown * plot.width(),
                       plot.bottom() - p.y() / m_top * plot.height());
    };
    // Waiting last, so a queue shows on top of the other two.
    for (Series series : kSeries) {
        const QList<QPointF> pts = points(series);
        if (pts.isEmpty())
            continue;
        QPen pen(seriesColor(series), 2.0);
        pen.setJoinStyle(Qt::RoundJoin);
        painter.setPen(pen);
        if (pts.size() == 1) {
            painter.setBrush(seriesColor(series));
            painter.drawEllipse(map(pts.front()), 2.5, 2.5);
            painter.setBrush(Qt::NoBrush);
            continue;
        }
        QPainterPath path(map(pts.front()));
        for (qsizetype i = 1; i < pts.size(); ++i)
            path.lineTo(map(pts.at(i)));
        painter.drawPath(path);
    }
}

QString HistoryChart::toolTipAt(QPointF pos) const
{
    const QRectF plot = plotRect();
    if (m_samples.empty() || !plot.adjusted(-4, -4, 4, 4).contains(pos) || plot.width() <= 0)
        return {};
    const qint64 newest = m_samples.back().ms;
    const double secondsBack = (1.0 - (pos.x() - plot.left()) / plot.width()) * m_shown;
    const qint64 at = newest - static_cast<qint64>(secondsBack * 1000.0);
    const auto nearest =
        std::min_element(m_samples.begin(), m_samples.end(), [at](const Sample& a, const Sample& b) {
            return std::llabs(a.ms - at) < std::llabs(b.ms - at);
        });
    return tr("%1 s: in use %2, idle %3, waiting %4")
        .arg(static_cast<double>(nearest->ms - newest) / 1000.0, 0, 'f', 0)
        .arg(nearest->inUse)
        .arg(nearest->idle)
        .arg(nearest->waiting);
}

} // namespace poolscope::ui
