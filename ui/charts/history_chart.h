#pragma once
// In use / idle / waiting over the last minutes (one sample per snapshot, newest at 0 s), drawn
// with QPainter. Hovering shows the figures of the nearest sample.

#include "charts/chart_widget.h"
#include "poolscope/service/service_types.h"

#include <QList>
#include <QPointF>
#include <deque>

namespace poolscope::ui {

class HistoryChart : public ChartWidget
{
    Q_OBJECT
public:
    enum class Series
    {
        InUse,
        Idle,
        Waiting
    };
    Q_ENUM(Series)

    explicit HistoryChart(QWidget* parent = nullptr);

    /// Records the figures of a snapshot as the sample for `msSinceStart` (monotonic ms).
    void addSample(const PoolSnapshot& snapshot, qint64 msSinceStart);
    /// Forgets every sample (a replay jumped).
    void clear();
    /// How far back samples are kept and shown. Default 300 s; at least 10 s.
    void setWindowSeconds(int seconds);
    [[nodiscard]] int sampleCount() const { return static_cast<int>(m_samples.size()); }
    /// The points of one series: x in seconds before the newest sample (≤ 0), y the count.
    [[nodiscard]] QList<QPointF> points(Series series) const;
    /// The visible span (grows with the data from 30 s up to the window) and the y axis' top.
    [[nodiscard]] int shownSeconds() const { return m_shown; }
    [[nodiscard]] int yTop() const { return m_top; }
    [[nodiscard]] QString title() const override;
    /// The figures of the sample nearest to `pos` (a widget position inside the plot), empty elsewhere.
    [[nodiscard]] QString toolTipAt(QPointF pos) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Sample
    {
        qint64 ms = 0;
        int inUse = 0;
        int idle = 0;
        int waiting = 0;
    };
    [[nodiscard]] static int valueOf(const Sample& s, Series series);
    [[nodiscard]] QRectF plotRect() const;
    void updateRanges();

    std::deque<Sample> m_samples;
    int m_windowSeconds = 300;
    int m_shown = 30;
    int m_top = 4;
};

} // namespace poolscope::ui
