#pragma once
// What the monitor's charts share, drawn with QPainter on qtbase alone: a frame with a title, a
// legend and a plot area, value axes with whole, evenly spaced ticks, and the palette's colours
// (so light and dark themes both read). The timeline and any later chart use the same pieces.

#include <QColor>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <functional>

class QPainter;
class QWidget;

namespace poolscope::ui::charts {

/// The smallest 1, 2 or 5 × 10^k that is ≥ value (value ≤ 0 gives 1).
[[nodiscard]] double niceCeiling(double value);

/// Evenly spaced tick values from 0 to `top` inclusive: `top / step` + 1 values where step is
/// a nice number giving at most `maxTicks` intervals.
[[nodiscard]] QList<double> ticks(double top, int maxTicks);

/// How many tick intervals fit along `length` pixels when each label needs `labelExtent` pixels
/// plus a gap: between 1 and `most`.
[[nodiscard]] int fittingTicks(qreal length, qreal labelExtent, int most);

struct LegendEntry
{
    QString name;
    QColor color;
};

/// Where a chart draws: computed from the widget's rect and fonts, so it follows the scale factor.
struct Frame
{
    QRectF title;
    QRectF plot;   ///< the data area, inside the axes
    QRectF legend; ///< one row under the plot
    qreal leftAxisWidth = 0;
};

/// Lays out a chart in `bounds`: the title on top, the legend at the bottom, the plot between
/// with room for a left axis whose widest label is `widestLeftLabel` and a bottom axis.
[[nodiscard]] Frame layoutFrame(const QWidget& widget, const QRectF& bounds, const QString& widestLeftLabel);

/// Background, title and legend (call first, then the axes and the data).
void paintFrame(QPainter& painter, const QWidget& widget, const Frame& frame, const QString& title,
                const QList<LegendEntry>& legend);

/// A value axis along the bottom of the plot from `from` to `to` with a label per tick and grid
/// lines up the plot. `format` turns a tick value into its label.
void paintBottomAxis(QPainter& painter, const QWidget& widget, const QRectF& plot, double from, double to,
                     const QList<double>& tickValues, const std::function<QString(double)>& format);

/// A value axis up the left side from 0 (bottom) to `top` with grid lines across the plot.
void paintLeftValueAxis(QPainter& painter, const QWidget& widget, const QRectF& plot, double top,
                        const QList<double>& tickValues, const std::function<QString(double)>& format);

/// Category labels up the left side, one per band (top to bottom), elided to the axis width; when
/// the bands are lower than a line of text, only every n-th label is drawn so none overlap.
void paintLeftCategories(QPainter& painter, const QWidget& widget, const QRectF& plot, qreal axisWidth,
                         const QStringList& categories);

/// The text colour and a faint grid colour from the widget's palette.
[[nodiscard]] QColor textColor(const QWidget& widget);
[[nodiscard]] QColor gridColor(const QWidget& widget);

} // namespace poolscope::ui::charts
