#include "widgets/sort_menu.h"

#include <QAbstractItemModel>
#include <QActionGroup>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPointer>
#include <QTableView>
#include <algorithm>
#include <utility>

namespace poolscope::ui {

namespace {

/// Opens `view`'s actions as a menu at its current cell when the Menu key or Shift+F10 is pressed.
class KeyboardContextMenu : public QObject
{
public:
    explicit KeyboardContextMenu(QTableView* view) : QObject(view), m_view(view) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched != m_view || event->type() != QEvent::KeyPress)
            return false;
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool menuKey = key->key() == Qt::Key_Menu && key->modifiers() == Qt::NoModifier;
        const bool shiftF10 = key->key() == Qt::Key_F10 && key->modifiers() == Qt::ShiftModifier;
        if (!menuKey && !shiftF10)
            return false;
        if (m_view->actions().isEmpty())
            return false;
        if (const QMenu* open = m_menu.data(); open && open->isVisible())
            return true; // already open
        QPoint at(4, 4);
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid()) {
            const QRect cell = m_view->visualRect(current);
            if (m_view->viewport()->rect().intersects(cell))
                at = cell.bottomLeft() + QPoint(4, 0);
        }
        auto* menu = new QMenu(m_view);
        menu->setObjectName(QStringLiteral("keyboardContextMenu"));
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addActions(m_view->actions());
        m_menu = menu;
        menu->popup(m_view->viewport()->mapToGlobal(at));
        return true;
    }

private:
    QTableView* m_view;
    QPointer<QMenu> m_menu;
};

QString menuText(QString header)
{
    return header.replace(QLatin1Char('&'), QStringLiteral("&&")).simplified();
}

} // namespace

SortMenu::SortMenu(const QString& title, QTableView* view, QWidget* parent)
    : QMenu(title, parent), m_view(view), m_columns(new QActionGroup(this)), m_orders(new QActionGroup(this)),
      m_ascending(addAction(tr("&Ascending"))), m_descending(addAction(tr("&Descending")))
{
    m_ascending->setCheckable(true);
    m_descending->setCheckable(true);
    m_ascending->setData(static_cast<int>(Qt::AscendingOrder));
    m_descending->setData(static_cast<int>(Qt::DescendingOrder));
    m_orders->addAction(m_ascending);
    m_orders->addAction(m_descending);
    addSeparator();
    populate();
    sync();

    connect(m_orders, &QActionGroup::triggered, this, [this](QAction* chosen) {
        const QHeaderView* header = m_view->horizontalHeader();
        const int column = std::max(0, header->sortIndicatorSection());
        m_view->sortByColumn(column, static_cast<Qt::SortOrder>(chosen->data().toInt()));
    });
    connect(m_columns, &QActionGroup::triggered, this, [this](QAction* chosen) {
        const QHeaderView* header = m_view->horizontalHeader();
        const int column = chosen->data().toInt();
        // As a click on a header: the sorted column again keeps its direction, another starts ascending.
        const Qt::SortOrder order =
            column == header->sortIndicatorSection() ? header->sortIndicatorOrder() : Qt::AscendingOrder;
        m_view->sortByColumn(column, order);
    });
    connect(m_view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, &SortMenu::sync);
    connect(this, &QMenu::aboutToShow, this, [this] {
        populate();
        sync();
    });
}

void SortMenu::populate()
{
    const QAbstractItemModel* model = m_view->model();
    if (!model)
        return;
    const int count = model->columnCount();
    while (m_columnActions.size() > count)
        delete m_columnActions.takeLast();
    for (int column = 0; column < count; ++column) {
        if (column == m_columnActions.size()) {
            QAction* action = addAction(QString());
            action->setCheckable(true);
            action->setData(column);
            m_columns->addAction(action);
            m_columnActions.append(action);
        }
        QAction* action = m_columnActions.at(column);
        action->setText(menuText(model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()));
        action->setVisible(!m_view->horizontalHeader()->isSectionHidden(column));
    }
}

void SortMenu::sync()
{
    const QHeaderView* header = m_view->horizontalHeader();
    const int column = header->sortIndicatorSection();
    for (QAction* action : std::as_const(m_columnActions))
        action->setChecked(action->data().toInt() == column);
    const bool ascending = header->sortIndicatorOrder() == Qt::AscendingOrder;
    m_ascending->setChecked(ascending);
    m_descending->setChecked(!ascending);
}

QAction* SortMenu::columnAction(int column) const
{
    return column >= 0 && column < m_columnActions.size() ? m_columnActions.at(column) : nullptr;
}

QAction* SortMenu::orderAction(Qt::SortOrder order) const
{
    return order == Qt::AscendingOrder ? m_ascending : m_descending;
}

void SortMenu::openContextMenuFromKeyboard(QTableView* view)
{
    view->installEventFilter(new KeyboardContextMenu(view));
}

} // namespace poolscope::ui
