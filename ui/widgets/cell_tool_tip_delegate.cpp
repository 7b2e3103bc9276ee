#include "widgets/cell_tool_tip_delegate.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QStyle>
#include <QTextDocumentFragment>
#include <QToolTip>

namespace poolscope::ui {

CellToolTipDelegate::CellToolTipDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void CellToolTipDelegate::install(QAbstractItemView* view)
{
    view->setItemDelegate(new CellToolTipDelegate(view));
}

bool CellToolTipDelegate::textElided(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (opt.text.isEmpty())
        return false;
    const QWidget* widget = opt.widget;
    const QStyle* style = widget ? widget->style() : QApplication::style();
    // The same rectangle and margins the style lays the text out in when it paints the cell.
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QString firstLine = opt.text.section(QLatin1Char('\n'), 0, 0);
    return opt.fontMetrics.horizontalAdvance(firstLine) > textRect.width() - 2 * margin;
}

bool CellToolTipDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                    const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (!event || !view || event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString tip = index.data(Qt::ToolTipRole).toString();
    if (textElided(option, index)) {
        const QString text = index.data(Qt::DisplayRole).toString();
        const bool rich = Qt::mightBeRichText(tip);
        const QString plainTip = rich ? QTextDocumentFragment::fromHtml(tip).toPlainText() : tip;
        if (!plainTip.contains(text)) {
            if (tip.isEmpty())
                tip = text;
            else if (rich)
                tip = QStringLiteral("<p>%1</p>%2").arg(text.toHtmlEscaped(), tip);
            else
                tip = text + QStringLiteral("\n\n") + tip;
        }
    }
    if (tip.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return false;
    }
    QToolTip::showText(event->globalPos(), tip, view, option.rect);
    return true;
}

} // namespace poolscope::ui
