#pragma once
// A table's default delegate that never leaves a cut cell unexplained: hovering a cell whose text
// is elided shows the whole text in the tool tip, above the model's own tool tip when it has one.

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace poolscope::ui {

class CellToolTipDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit CellToolTipDelegate(QObject* parent = nullptr);

    /// Makes a CellToolTipDelegate `view`'s default delegate (owned by the view); per-column
    /// delegates set with setItemDelegateForColumn() keep their columns.
    static void install(QAbstractItemView* view);

    /// Whether `index`'s text is wider than the room `option` gives it (so the view elides it).
    [[nodiscard]] bool textElided(const QStyleOptionViewItem& option, const QModelIndex& index) const;

    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;
};

} // namespace poolscope::ui
