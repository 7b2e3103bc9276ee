#pragma once
// Sorting a table without a mouse: a "Sort By" menu (one checked entry per column, and the
// direction) applied through QTableView::sortByColumn, so the view's sort proxy sorts and the header
// shows the indicator; and the Menu key / Shift+F10 on a table opening its context menu at the
// current row (the offscreen and some desktop platforms send no context-menu event for them).

#include <QMenu>

class QActionGroup;
class QTableView;

namespace poolscope::ui {

class SortMenu : public QMenu
{
    Q_OBJECT
public:
    /// A menu titled `title` for `view` (sorting enabled, the model's horizontal headers name the
    /// columns). Its checks follow the header's sort indicator, however it changed.
    SortMenu(const QString& title, QTableView* view, QWidget* parent = nullptr);

    /// The entry of `column` (null when out of range).
    [[nodiscard]] QAction* columnAction(int column) const;
    [[nodiscard]] QAction* orderAction(Qt::SortOrder order) const;

    /// The Menu key and Shift+F10 on `view` open a menu of its actions at the current cell.
    static void openContextMenuFromKeyboard(QTableView* view);

private:
    void populate();
    void sync();

    QTableView* m_view;
    QActionGroup* m_columns;
    QActionGroup* m_orders;
    QAction* m_ascending;
    QAction* m_descending;
    QList<QAction*> m_columnActions;
};

} // namespace poolscope::ui
