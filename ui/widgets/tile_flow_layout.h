#pragma once
// Equal-width tiles in as many columns as fit, wrapping into more rows when the width shrinks (the
// counters strip on a narrow window or at a large scale factor). One row when everything fits, each
// tile then stretched to share the width, as a box layout with equal stretch would.

#include <QLayout>
#include <QList>

namespace poolscope::ui {

class TileFlowLayout : public QLayout
{
public:
    explicit TileFlowLayout(QWidget* parent = nullptr, int spacing = 6);
    ~TileFlowLayout() override;
    TileFlowLayout(const TileFlowLayout&) = delete;
    TileFlowLayout& operator=(const TileFlowLayout&) = delete;

    void addItem(QLayoutItem* item) override;
    [[nodiscard]] int count() const override { return static_cast<int>(m_items.size()); }
    [[nodiscard]] QLayoutItem* itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem* takeAt(int index) override;
    [[nodiscard]] Qt::Orientations expandingDirections() const override { return Qt::Horizontal; }
    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override;
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSize() const override;
    void setGeometry(const QRect& rect) override;

    /// Columns used at `width` (content width, margins excluded) for the visible tiles.
    [[nodiscard]] int columnsFor(int width) const;

private:
    [[nodiscard]] QList<QLayoutItem*> visibleItems() const;
    [[nodiscard]] QSize tileSize() const;             ///< the largest visible tile's size hint
    int arrange(const QRect& rect, bool apply) const; ///< returns the height used

    QList<QLayoutItem*> m_items;
};

} // namespace poolscope::ui
