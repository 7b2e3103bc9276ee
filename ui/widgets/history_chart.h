#pragma once
// In use / idle / waiting over the last minutes (one sample per second, newest at 0 s).

#include "poolscope/service/service_types.h"

#include <QChartView>
#include <deque>

class QLineSeries;
class QValueAxis;

namespace poolscope::ui {

class HistoryChart : public QChartView
{
    Q_OBJECT
public:
    explicit HistoryChart(QWidget* parent = nullptr);

    /// Records the figures of a snapshot as the sample for `msSinceStart` (monotonic ms).
    void addSample(const PoolSnapshot& snapshot, qint64 msSinceStart);
    void setWindowSeconds(int seconds);
    [[nodiscard]] int sampleCount() const { return static_cast<int>(m_samples.size()); }
    [[nodiscard]] QLineSeries* inUseSeries() const { return m_inUse; }

private:
    struct Sample
    {
        qint64 ms = 0;
        int inUse = 0;
        int idle = 0;
        int waiting = 0;
    };
    void rebuild();

    std::deque<Sample> m_samples;
    int m_windowSeconds = 300;
    QLineSeries* m_inUse = nullptr;
    QLineSeries* m_idle = nullptr;
    QLineSeries* m_waiting = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};

} // namespace poolscope::ui
