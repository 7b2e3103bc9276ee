#pragma once
// A frame drawn over a widget a lesson step points at: a child of the target that covers it, lets
// every mouse event through and draws a 3 px palette(Highlight) frame around the whole target or
// around parts of it (a table's rows, a header section) that a function computes at paint time, so
// the frame follows resizes, scrolling and new rows. Deleting it removes the mark.

#include <QPointer>
#include <QWidget>
#include <functional>

namespace poolscope::ui::lessons {

class HighlightOverlay : public QWidget
{
    Q_OBJECT
public:
    /// Parts of the target to frame, in the target's coordinates; empty: nothing to frame now.
    using Parts = std::function<QList<QRect>()>;

    /// Frames all of `target` when `parts` is null. `description` becomes the target's accessible
    /// description while the overlay lives (the mark is not colour only).
    HighlightOverlay(QWidget* target, const QString& description, Parts parts = {});
    ~HighlightOverlay() override;

    [[nodiscard]] QWidget* target() const { return m_target; }
    /// What it frames now, in the target's coordinates.
    [[nodiscard]] QList<QRect> frames() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    QPointer<QWidget> m_target;
    Parts m_parts;
    QString m_savedDescription;
};

} // namespace poolscope::ui::lessons
