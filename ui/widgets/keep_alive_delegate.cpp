#include "widgets/keep_alive_delegate.h"

#include "models/connections_model.h"

#include <QApplication>
#include <QPainter>

namespace poolscope::ui {

KeepAliveDelegate::KeepAliveDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

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
    QColor fill;
    if (fraction > 0.5)
        fill = QColor(0x4c, 0xaf, 0x7d);
    else if (fraction > 0.2)
        fill = QColor(0xe0, 0xa5, 0x30);
    else
        fill = QColor(0xd9, 0x53, 0x4f);
    fill.setAlpha(150);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    QColor trackColor = option.palette.color(QPalette::Mid);
    trackColor.setAlpha(60);
    painter->setBrush(trackColor);
    painter->drawRoundedRect(track, 3.0, 3.0);
    if (fraction > 0.0) {
        QRectF bar = track;
        bar.setWidth(track.width() * fraction);
        painter->setBrush(fill);
        painter->drawRoundedRect(bar, 3.0, 3.0);
    }
    const bool selected = option.state & QStyle::State_Selected;
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
