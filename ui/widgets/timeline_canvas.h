#pragma once
// The lanes of the pool-wide timeline: one lane per connection (newest on top, at most kMaxLanes),
// time from left to right over a chosen span. Following live, the right edge is now; scrolling
// back (the horizontal scroll bar, a horizontal or Shift+wheel, or the wheel when all lanes fit)
// stops following. Clicking a lane reports its connection; the selected connection's lane is
// highlighted and scrolled into view. From the keyboard (timeline_canvas_keys.cpp): Up / Down
// move a cursor between lanes, Left / Right between the lane's spans, Home / End to the first /
// last lane, Enter selects the lane's connection as a click does, + / - zoom; the accessible
// description names the lane and span under the cursor.

#include "models/connection_timeline.h"
#include "widgets/timeline_painting.h"

#include <QAbstractScrollArea>
#include <QTimer>
#include <chrono>
#include <vector>

namespace poolscope::ui {

class TimelineCanvas : public QAbstractScrollArea
{
    Q_OBJECT
public:
    /// `timeline` is not owned and must outlive the canvas.
    explicit TimelineCanvas(ConnectionTimeline* timeline, QWidget* parent = nullptr);

    static constexpr int kMaxLanes = 100;
    /// How far back the scroll bar reaches at most.
    static constexpr std::chrono::minutes kMaxHistory{15};

    void setFollowLive(bool on);
    [[nodiscard]] bool followLive() const { return m_follow; }
    /// The time shown across the width.
    void setSpan(std::chrono::milliseconds span);
    [[nodiscard]] std::chrono::milliseconds span() const { return m_span; }
    /// The time at the right edge (µs since the epoch).
    [[nodiscard]] qint64 viewEndUs() const { return m_viewEndUs; }

    /// The lanes shown, top to bottom.
    [[nodiscard]] const std::vector<ConnectionTimeline::Lane>& lanes() const { return m_lanes; }
    /// A lane's rectangle in viewport coordinates (empty when it has no lane or is scrolled out).
    [[nodiscard]] QRect laneRect(ConnectionId id) const;
    [[nodiscard]] ConnectionId laneAt(QPoint viewportPos) const;
    /// The connection selected elsewhere (the table): its lane is highlighted. 0: none.
    void setSelected(ConnectionId id);
    [[nodiscard]] ConnectionId selected() const { return m_selected; }
    /// Rebuilds the lanes from the timeline and repaints (the timeline's changed(), a timer).
    void refresh();

    /// The keyboard cursor: its lane (0: none) and span (index into the lane's segments, -1: the
    /// lane as a whole).
    [[nodiscard]] ConnectionId cursorLane() const { return m_cursorLane; }
    [[nodiscard]] int cursorSegment() const { return m_cursorSegment; }

Q_SIGNALS:
    void laneClicked(poolscope::ConnectionId id);
    /// The user scrolled (following stops) or setFollowLive() changed it.
    void followLiveChanged(bool on);
    /// + (1: less time across the width) or - (-1: more) was pressed.
    void zoomRequested(int direction);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    [[nodiscard]] int laneHeight() const;
    [[nodiscard]] int headerHeight() const;
    [[nodiscard]] int labelWidth() const;
    [[nodiscard]] TimeAxis axis() const;
    [[nodiscard]] qint64 historyStartUs() const;
    void updateScrollBars();
    void userScrolled();
    [[nodiscard]] QString laneText(const ConnectionTimeline::Lane& lane) const;
    /// laneText() shortened to `width` pixels for the label column.
    [[nodiscard]] QString laneLabel(const ConnectionTimeline::Lane& lane, int width) const;

    // The keyboard cursor (timeline_canvas_keys.cpp).
    [[nodiscard]] int cursorIndex() const; ///< its lane's index in m_lanes, -1 when gone
    void moveCursor(ConnectionId lane, int segment);
    void scrollLaneIntoView(std::size_t index);
    void scrollTimeIntoView(qint64 fromUs, qint64 toUs);
    void describeCursor();
    void paintCursor(QPainter& painter, const TimeAxis& axis);

    ConnectionTimeline* m_timeline;
    std::vector<ConnectionTimeline::Lane> m_lanes;
    std::chrono::milliseconds m_span{60'000};
    qint64 m_nowUs = 0;
    qint64 m_viewEndUs = 0;
    ConnectionId m_selected = 0;
    bool m_follow = true;
    bool m_settingScroll = false;
    QTimer m_liveTimer; ///< while shown and following: now moves on
    ConnectionId m_cursorLane = 0;
    int m_cursorSegment = -1;
    QString m_description; ///< the accessible description without the cursor
};

} // namespace poolscope::ui
