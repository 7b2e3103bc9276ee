#include "util/tool_bar_fit.h"

#include <QAction>
#include <QEvent>
#include <QLayout>
#include <QToolBar>
#include <QToolButton>

namespace poolscope::ui {

namespace {

/// Whether QToolBarLayout, laid out at the bar's width now, moved an action into the overflow
/// menu (it hides the action's widget then). Its own verdict: an estimate of the widths missed by
/// a few pixels of style metrics.
bool overflows(QToolBar* bar)
{
    if (QLayout* layout = bar->layout()) {
        layout->invalidate();
        layout->activate();
    }
    for (QAction* action : bar->actions()) {
        const QWidget* w = bar->widgetForAction(action);
        if (w && action->isVisible() && !action->isSeparator() && w->isHidden())
            return true;
    }
    return false;
}

void fit(QToolBar* bar)
{
    QList<QToolButton*> buttons;
    for (QAction* action : bar->actions()) {
        if (auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action)))
            buttons.append(button);
    }
    for (QToolButton* button : buttons)
        button->setToolButtonStyle(bar->toolButtonStyle());
    for (qsizetype i = buttons.size() - 1; i >= 0 && overflows(bar); --i)
        buttons[i]->setToolButtonStyle(Qt::ToolButtonIconOnly);
}

class ToolBarFitter : public QObject
{
public:
    explicit ToolBarFitter(QToolBar* bar) : QObject(bar), m_bar(bar) { bar->installEventFilter(this); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_bar && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
            fit(m_bar);
        return false;
    }

private:
    QToolBar* m_bar;
};

} // namespace

void keepToolBarActionsVisible(QToolBar* bar)
{
    new ToolBarFitter(bar); // owned by the bar
    fit(bar);
}

} // namespace poolscope::ui
