#pragma once
// The base of the monitor's charts: an opaque widget sized in text lines (so it follows the font
// and the scale factor) that shows toolTipAt() under the mouse, and its title over the title.

#include <QString>
#include <QWidget>

namespace poolscope::ui {

class ChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ChartWidget(QWidget* parent = nullptr);

    /// What the chart shows at `pos` (widget coordinates), empty where nothing is.
    [[nodiscard]] virtual QString toolTipAt(QPointF pos) const = 0;
    /// The title drawn on top; hovering it shows it whole (it is elided when the chart is narrow).
    [[nodiscard]] virtual QString title() const = 0;

    [[nodiscard]] QSize minimumSizeHint() const override;
    [[nodiscard]] QSize sizeHint() const override;

protected:
    bool event(QEvent* event) override;
};

} // namespace poolscope::ui
