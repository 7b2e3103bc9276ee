#include "widgets/keep_alive_delegate.h"

#include "models/connections_model.h"
#include "util/palette_colours.h"

#include <QApplication>
#include <QPainter>

namespace poolscope::ui {

KeepAliveDelegate::KeepAliveDelegate(QObject* parent) : CellToolTipDelegate(parent) {}

void KeepAliveDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    const double fraction = index.data(ConnectionsModel::KeepAliveFractionRole).toDouble();
    if (fraction < 0.0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection, focus

    const QRectF track = QRectF(option.rect).adjusted(4.0, 4.0, -4.0, -4.0);
    // Colours from the palette this cell is painted with: the bar stays 3:1 against the cell and
    // its track in a light or a dark palette.
    const bool selected = option.state & QStyle::State_Selected;
    QColor background = option.palette.color(
        (opt.features & QStyleOptionViewItem::Alternate) ? QPalette::AlternateBase : QPalette::Base);
    if (selected)
        background = option.palette.color(QPalette::Highlight);
    else if (opt.backgroundBrush.style() != Qt::NoBrush) // the row's flash
        background = composite(opt.backgroundBrush.color(), background);
    const QColor fill = keepAliveFill(fraction, option.palette, background);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(keepAliveTrack(option.palette, background));
    painter->drawRoundedRect(track, 3.0, 3.0);
    if (fraction > 0.0) {
        QRectF bar = track;
        bar.setWidth(track.width() * fraction);
        painter->setBrush(fill);
        painter->drawRoundedRect(bar, 3.0, 3.0);
    }
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(track.adjusted(4.0, 0.0, -4.0, 0.0), Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

QSize KeepAliveDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 110));
    return size;
}

} // namespace poolscope::ui
