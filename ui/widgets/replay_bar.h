#pragma once
// The controls of a replayed trace: play/pause, back to the start, a time slider, the position and
// length, and the speed. Every view of the window follows the slider (they read the ReplaySource).

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace poolscope {
class ReplaySource;
}

namespace poolscope::ui {

class ReplayBar : public QWidget
{
    Q_OBJECT
public:
    /// `source` is not owned and must outlive the bar.
    explicit ReplayBar(ReplaySource* source, QWidget* parent = nullptr);

    [[nodiscard]] QToolButton* playButton() const { return m_play; }
    [[nodiscard]] QSlider* slider() const { return m_slider; }
    [[nodiscard]] QComboBox* speedBox() const { return m_speed; }
    [[nodiscard]] QLabel* positionLabel() const { return m_position; }

    /// "1:02.5" — a trace position as minutes, seconds and tenths (hours when it has them).
    [[nodiscard]] static QString formatPosition(qint64 us);

private:
    void showPosition(qint64 us);
    void showPlaying(bool playing);

    ReplaySource* m_source;
    QToolButton* m_play = nullptr;
    QToolButton* m_start = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_position = nullptr;
    QComboBox* m_speed = nullptr;
    bool m_updating = false; ///< the slider is being moved to the source's position
};

} // namespace poolscope::ui
