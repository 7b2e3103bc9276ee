#include "tile_flow_layout.h"

#include <QWidget>
#include <algorithm>

namespace poolscope::ui {

TileFlowLayout::TileFlowLayout(QWidget* parent, int spacing) : QLayout(parent)
{
    setSpacing(spacing);
    setContentsMargins(0, 0, 0, 0);
}

TileFlowLayout::~TileFlowLayout()
{
    while (QLayoutItem* item = takeAt(0))
        delete item;
}

void TileFlowLayout::addItem(QLayoutItem* item)
{
    m_items.append(item);
    invalidate();
}

QLayoutItem* TileFlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem* item = m_items.takeAt(index);
    invalidate();
    return item;
}

QList<QLayoutItem*> TileFlowLayout::visibleItems() const
{
    QList<QLayoutItem*> out;
    for (QLayoutItem* item : m_items) {
        if (!item->isEmpty()) // a hidden widget's item is empty
            out.append(item);
    }
    return out;
}

QSize TileFlowLayout::tileSize() const
{
    QSize size(0, 0);
    for (const QLayoutItem* item : visibleItems())
        size = size.expandedTo(item->sizeHint()).expandedTo(item->minimumSize());
    return size;
}

int TileFlowLayout::columnsFor(int width) const
{
    const auto tiles = static_cast<int>(visibleItems().size());
    if (tiles == 0)
        return 0;
    const int tileWidth = std::max(1, tileSize().width());
    const int fit = std::max(1, (width + spacing()) / (tileWidth + spacing()));
    return std::min(tiles, fit);
}

int TileFlowLayout::arrange(const QRect& rect, bool apply) const
{
    const QList<QLayoutItem*> tiles = visibleItems();
    if (tiles.isEmpty())
        return 0;
    const QMargins m = contentsMargins();
    const QRect area = rect.marginsRemoved(m);
    const int columns = columnsFor(area.width());
    const int rows = (static_cast<int>(tiles.size()) + columns - 1) / columns;
    const int tileHeight = tileSize().height();
    // Spread the width exactly: the first `extra` columns get one pixel more.
    const int share = std::max(0, area.width() - spacing() * (columns - 1));
    const int base = share / columns;
    const int extra = share % columns;
    if (apply) {
        for (int i = 0; i < tiles.size(); ++i) {
            const int row = i / columns;
            const int column = i % columns;
            const int x = area.x() + column * (base + spacing()) + std::min(column, extra);
            const int y = area.y() + row * (tileHeight + spacing());
            tiles[i]->setGeometry(QRect(x, y, base + (column < extra ? 1 : 0), tileHeight));
        }
    }
    return m.top() + m.bottom() + rows * tileHeight + (rows - 1) * spacing();
}

int TileFlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize TileFlowLayout::sizeHint() const
{
    // Everything in one row: the width the strip would like.
    const auto tiles = static_cast<int>(visibleItems().size());
    const QSize tile = tileSize();
    const QMargins m = contentsMargins();
    const int width = tiles * tile.width() + std::max(0, tiles - 1) * spacing() + m.left() + m.right();
    return {width, heightForWidth(width)};
}

QSize TileFlowLayout::minimumSize() const
{
    // One column: the narrowest the strip can go.
    const QMargins m = contentsMargins();
    const int width = tileSize().width() + m.left() + m.right();
    return {width, tileSize().height() + m.top() + m.bottom()};
}

void TileFlowLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

} // namespace poolscope::ui
