#include "charts/chart_painting.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QWidget>
#include <algorithm>
#include <cmath>

namespace poolscope::ui::charts {

namespace {

constexpr qreal kMargin = 6;
constexpr qreal kGap = 4;

QFont titleFont(const QWidget& widget)
{
    QFont font = widget.font();
    font.setBold(true);
    return font;
}

} // namespace

double niceCeiling(double value)
{
    if (!(value > 0) || !std::isfinite(value))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        // A relative tolerance, so 0.3 / 0.1 rounding noise does not push 3 up to 5.
        if (step * magnitude >= value * (1 - 1e-9))
            return step * magnitude;
    }
    return 10 * magnitude;
}

QList<double> ticks(double top, int maxTicks)
{
    QList<double> out;
    if (!(top > 0) || !std::isfinite(top) || maxTicks < 1)
        return {0.0};
    const double step = niceCeiling(top / maxTicks);
    const auto count = static_cast<int>(std::floor(top / step + 1e-9));
    for (int i = 0; i <= count; ++i)
        out.append(i * step);
    return out;
}

int fittingTicks(qreal length, qreal labelExtent, int most)
{
    if (!(labelExtent > 0))
        return std::max(1, most);
    const auto fit = static_cast<int>(length / (labelExtent * 1.6));
    return std::clamp(fit, 1, std::max(1, most));
}

QColor textColor(const QWidget& widget)
{
    return widget.palette().color(QPalette::Text);
}

QColor gridColor(const QWidget& widget)
{
    QColor c = textColor(widget);
    c.setAlphaF(0.15f);
    return c;
}

Frame layoutFrame(const QWidget& widget, const QRectF& bounds, const QString& widestLeftLabel)
{
    const QFontMetricsF fm(widget.font());
    const QFontMetricsF tm(titleFont(widget));
    Frame f;
    const QRectF inner = bounds.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    f.title = QRectF(inner.left(), inner.top(), inner.width(), tm.height());
    f.legend = QRectF(inner.left(), inner.bottom() - fm.height(), inner.width(), fm.height());
    // Long category names are elided rather than squeezing the plot below 60 % of the width.
    f.leftAxisWidth = std::min(std::ceil(fm.horizontalAdvance(widestLeftLabel)) + 2 * kGap,
                               std::floor(inner.width() * 0.4));
    const qreal top = f.title.bottom() + kGap + fm.height() / 2;     // room for the top tick's label
    const qreal bottom = f.legend.top() - kGap - fm.height() - kGap; // the bottom axis' labels
    // Half a label of room on the right, so the last bottom tick's label is not cut.
    const qreal right = inner.right() - fm.horizontalAdvance(QStringLiteral("00 s")) / 2;
    f.plot = QRectF(QPointF(inner.left() + f.leftAxisWidth, top), QPointF(right, std::max(top + 1, bottom)));
    return f;
}

void paintFrame(QPainter& painter, const QWidget& widget, const Frame& frame, const QString& title,
                const QList<LegendEntry>& legend)
{
    painter.fillRect(widget.rect(), widget.palette().color(QPalette::Base));
    painter.setPen(textColor(widget));
    painter.setFont(titleFont(widget));
    painter.drawText(frame.title, Qt::AlignCenter | Qt::TextSingleLine,
                     QFontMetricsF(painter.font()).elidedText(title, Qt::ElideRight, frame.title.width()));

    painter.setFont(widget.font());
    const QFontMetricsF fm(widget.font());
    const qreal swatch = std::round(fm.height() * 0.6);
    qreal total = 0;
    for (const LegendEntry& e : legend)
        total += swatch + kGap + fm.horizontalAdvance(e.name) + 3 * kGap;
    qreal x = frame.legend.center().x() - total / 2;
    for (const LegendEntry& e : legend) {
        const QRectF box(x, frame.legend.center().y() - swatch / 2, swatch, swatch);
        painter.fillRect(box, e.color);
        x += swatch + kGap;
        const qreal w = fm.horizontalAdvance(e.name);
        painter.setPen(textColor(widget));
        painter.drawText(QRectF(x, frame.legend.top(), w + 1, frame.legend.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, e.name);
        x += w + 3 * kGap;
    }
}

void paintBottomAxis(QPainter& painter, const QWidget& widget, const QRectF& plot, double from, double to,
                     const QList<double>& tickValues, const std::function<QString(double)>& format)
{
    const QFontMetricsF fm(widget.font());
    painter.setFont(widget.font());
    const double span = to - from;
    // Left to right, whatever order the caller gave, so "touches the one before" means on screen.
    QList<double> ordered = tickValues;
    std::sort(ordered.begin(), ordered.end());
    qreal lastRight = -1e9;
    for (double t : ordered) {
        const qreal x = span > 0 ? plot.left() + (t - from) / span * plot.width() : plot.left();
        painter.setPen(QPen(gridColor(widget), 0));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QString label = format(t);
        const qreal w = fm.horizontalAdvance(label) + 2;
        // Centred under its tick, but never left of the plot (the value axis' "0" is there) or past
        // the widget's edge; a label that would then touch the one before is left out.
        const qreal left = std::clamp(x - w / 2, plot.left(), std::max(plot.left(), widget.width() - w));
        if (left < lastRight + kGap)
            continue;
        painter.setPen(textColor(widget));
        painter.drawText(QRectF(left, plot.bottom() + kGap, w, fm.height()), Qt::AlignCenter, label);
        lastRight = left + w;
    }
    painter.setPen(QPen(textColor(widget), 0));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
}

void paintLeftValueAxis(QPainter& painter, const QWidget& widget, const QRectF& plot, double top,
                        const QList<double>& tickValues, const std::function<QString(double)>& format)
{
    const QFontMetricsF fm(widget.font());
    painter.setFont(widget.font());
    for (double t : tickValues) {
        const qreal y = top > 0 ? plot.bottom() - t / top * plot.height() : plot.bottom();
        painter.setPen(QPen(gridColor(widget), 0));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(textColor(widget));
        painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - kGap, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, format(t));
    }
    painter.setPen(QPen(textColor(widget), 0));
    painter.drawLine(plot.bottomLeft(), plot.topLeft());
}

void paintLeftCategories(QPainter& painter, const QWidget& widget, const QRectF& plot, qreal axisWidth,
                         const QStringList& categories)
{
    if (categories.isEmpty())
        return;
    const QFontMetricsF fm(widget.font());
    painter.setFont(widget.font());
    painter.setPen(textColor(widget));
    const qreal band = plot.height() / static_cast<qreal>(categories.size());
    const qreal width = axisWidth - 2 * kGap;
    const auto every = static_cast<qsizetype>(std::max(1.0, std::ceil(fm.height() / std::max(band, 1.0))));
    for (qsizetype i = 0; i < categories.size(); i += every) {
        const QRectF cell(plot.left() - axisWidth + kGap, plot.top() + band * static_cast<qreal>(i), width,
                          band);
        painter.drawText(cell, Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(categories.at(i), Qt::ElideMiddle, width));
    }
    painter.setPen(QPen(textColor(widget), 0));
    painter.drawLine(plot.bottomLeft(), plot.topLeft());
}

} // namespace poolscope::ui::charts
