#pragma once
// Paints the keep-alive column as a countdown bar (green → amber → red as it runs out) with the
// time left on top. Reads ConnectionsModel::KeepAliveFractionRole; other rows paint normally.

#include "widgets/cell_tool_tip_delegate.h"

namespace poolscope::ui {

class KeepAliveDelegate : public CellToolTipDelegate
{
    Q_OBJECT
public:
    explicit KeepAliveDelegate(QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace poolscope::ui
