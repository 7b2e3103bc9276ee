#pragma once
// The Timeline tab: every connection as a lane over time (TimelineCanvas) with a Follow-live
// toggle, the span shown across the width, and a legend of the segment colours. Clicking a lane
// reports its connection (the window selects it in the table).

#include "models/connection_timeline.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;

namespace poolscope::ui {

class TimelineCanvas;

class PoolTimelineView : public QWidget
{
    Q_OBJECT
public:
    /// `timeline` is not owned and must outlive the view.
    explicit PoolTimelineView(ConnectionTimeline* timeline, QWidget* parent = nullptr);

    [[nodiscard]] TimelineCanvas* canvas() const { return m_canvas; }
    [[nodiscard]] QCheckBox* followCheck() const { return m_follow; }
    [[nodiscard]] QComboBox* spanCombo() const { return m_span; }

Q_SIGNALS:
    void connectionClicked(poolscope::ConnectionId id);

private:
    TimelineCanvas* m_canvas = nullptr;
    QCheckBox* m_follow = nullptr;
    QComboBox* m_span = nullptr;
    QLabel* m_legend = nullptr;
};

} // namespace poolscope::ui
