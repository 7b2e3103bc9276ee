#include "widgets/history_chart.h"

#include "util/presentation.h"

#include <QChart>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QValueAxis>

namespace poolscope::ui {

namespace {

QLineSeries* makeSeries(const QString& name, const QColor& color, QChart* chart)
{
    auto* series = new QLineSeries(chart);
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(2.0);
    series->setPen(pen);
    chart->addSeries(series);
    return series;
}

} // namespace

HistoryChart::HistoryChart(QWidget* parent) : QChartView(parent)
{
    setObjectName(QStringLiteral("historyChart"));
    setAccessibleName(tr("Pool usage chart"));
    setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart();
    chart->setTitle(tr("In use, idle and waiting \u2014 last %1 minutes").arg(m_windowSeconds / 60));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(std::max(8.0, titleFont.pointSizeF() - 0.5));
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);

    m_inUse = makeSeries(tr("In use"), stateColor(ConnectionState::InUse), chart);
    m_idle = makeSeries(tr("Idle"), stateColor(ConnectionState::Idle), chart);
    m_waiting = makeSeries(tr("Waiting"), QColor(0xe0, 0x8e, 0x2b), chart);

    m_x = new QValueAxis(chart);
    m_x->setRange(-30, 0);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_x->setTickCount(6);
    m_y = new QValueAxis(chart);
    m_y->setRange(0, 4);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTickCount(5);
    m_y->setTruncateLabels(false);
    m_x->setTruncateLabels(false);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries* s : {m_inUse, m_idle, m_waiting}) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    // QChartView starts with a default chart and setChart() only releases it: delete it here.
    QChart* defaultChart = this->chart();
    setChart(chart);
    delete defaultChart;
    setMinimumHeight(160);
}

void HistoryChart::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::max(10, seconds);
    chart()->setTitle(tr("In use, idle and waiting \u2014 last %1 minutes").arg(m_windowSeconds / 60));
    rebuild();
}

void HistoryChart::addSample(const PoolSnapshot& snapshot, qint64 msSinceStart)
{
    m_samples.push_back({msSinceStart, snapshot.stats.inUse, snapshot.stats.idle, snapshot.waiters});
    while (!m_samples.empty() && msSinceStart - m_samples.front().ms > qint64(m_windowSeconds) * 1000)
        m_samples.pop_front();
    rebuild();
}

void HistoryChart::rebuild()
{
    if (m_samples.empty())
        return;
    const qint64 newest = m_samples.back().ms;
    QList<QPointF> inUse, idle, waiting;
    inUse.reserve(static_cast<qsizetype>(m_samples.size()));
    idle.reserve(static_cast<qsizetype>(m_samples.size()));
    waiting.reserve(static_cast<qsizetype>(m_samples.size()));
    int peak = 0;
    for (const Sample& s : m_samples) {
        const double x = static_cast<double>(s.ms - newest) / 1000.0;
        inUse.append({x, static_cast<double>(s.inUse)});
        idle.append({x, static_cast<double>(s.idle)});
        waiting.append({x, static_cast<double>(s.waiting)});
        peak = std::max({peak, s.inUse, s.idle, s.waiting});
    }
    m_inUse->replace(inUse);
    m_idle->replace(idle);
    m_waiting->replace(waiting);
    // A tidy y range: the next multiple of 4 above the peak, so the ticks stay whole numbers.
    // The visible span grows with the data (at least 30 s) up to the window.
    const qint64 span = newest - m_samples.front().ms;
    const int shown = static_cast<int>(std::clamp<qint64>((span / 1000 + 9) / 10 * 10, 30, m_windowSeconds));
    if (static_cast<int>(-m_x->min()) != shown)
        m_x->setRange(-shown, 0);
    const int top = std::max(4, ((peak + peak / 5) / 4 + 1) * 4);
    if (static_cast<int>(m_y->max()) != top)
        m_y->setRange(0, top);
}

} // namespace poolscope::ui
