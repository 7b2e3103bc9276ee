#pragma once
// The selected connection's life as a waterfall, like a browser's network timing: one row per kind
// (queued, DNS, TCP connect, TLS handshake, uses, idle stretches, the close) on one time axis from
// the first moment known to now or the close. Uses are labelled with their holder, idle stretches
// show the keep-alive deadline, the close its reason; a failed dial ends in a red phase. The tool
// tip of a bar gives its exact times. Fed by the details pane from a ConnectionTimeline.

#include "models/connection_timeline.h"
#include "widgets/timeline_painting.h"

#include <QWidget>
#include <vector>

class QScrollArea;

namespace poolscope::ui {

class ConnectionWaterfall : public QWidget
{
    Q_OBJECT
public:
    /// `timeline` is not owned and must outlive the widget.
    explicit ConnectionWaterfall(ConnectionTimeline* timeline, QWidget* parent = nullptr);

    /// Shows connection `id` (0: nothing, the widget hides). Without a timeline record, `fallback`
    /// (its snapshot row, if it is still in the pool) gives what one snapshot knows.
    void showConnection(ConnectionId id, const ConnectionInfo* fallback = nullptr);
    [[nodiscard]] ConnectionId shownId() const { return m_id; }

    [[nodiscard]] const std::vector<ConnectionTimeline::Segment>& segments() const { return m_segments; }
    /// The kinds shown, one per row, top to bottom.
    [[nodiscard]] const std::vector<ConnectionTimeline::SegmentKind>& rowKinds() const { return m_rows; }
    /// Where segment `index` is drawn (widget coordinates), empty when out of range.
    [[nodiscard]] QRect segmentRect(int index) const;
    /// The segment under `pos`, or -1.
    [[nodiscard]] int segmentAt(QPoint pos) const;
    /// The text at the end of a row (a duration, the holder, the keep-alive left, the reason).
    [[nodiscard]] QString rowText(ConnectionTimeline::SegmentKind kind) const;

    /// Puts the waterfall in a scroll area that is shown and hidden with it, as tall as the
    /// waterfall when there is room and scrolling when there is not (a 1024×640 window), and
    /// returns it for the caller's layout.
    QScrollArea* wrapInScrollArea(QWidget* parent);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    void refresh();
    [[nodiscard]] int rowHeight() const;
    [[nodiscard]] int labelWidth() const;
    [[nodiscard]] int rowTop(int row) const;
    [[nodiscard]] int rowOf(ConnectionTimeline::SegmentKind kind) const;
    [[nodiscard]] TimeAxis axis() const;

    ConnectionTimeline* m_timeline;
    QScrollArea* m_scroll = nullptr;
    ConnectionId m_id = 0;
    bool m_fromSnapshot = false;
    ConnectionInfo m_fallback;
    qint64 m_nowUs = 0;
    std::vector<ConnectionTimeline::Segment> m_segments;
    std::vector<ConnectionTimeline::SegmentKind> m_rows;
};

} // namespace poolscope::ui
