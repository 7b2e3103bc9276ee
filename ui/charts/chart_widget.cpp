#include "charts/chart_widget.h"

#include "charts/chart_painting.h"

#include <QHelpEvent>
#include <QToolTip>

namespace poolscope::ui {

ChartWidget::ChartWidget(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent); // paintFrame() fills the whole rect
}

QSize ChartWidget::minimumSizeHint() const
{
    return {fontMetrics().horizontalAdvance(QLatin1Char('0')) * 30, fontMetrics().height() * 8};
}

QSize ChartWidget::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(QLatin1Char('0')) * 60, fontMetrics().height() * 12};
}

bool ChartWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        QString text = toolTipAt(help->pos());
        if (text.isEmpty() && charts::layoutFrame(*this, rect(), QString()).title.contains(help->pos()))
            text = title();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace poolscope::ui
