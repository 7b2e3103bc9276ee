#pragma once
// Help (F1): what the window shows, how to read it, and every action with its keyboard shortcut,
// taken from the actions themselves so the list can never fall behind them.

#include <QDialog>
#include <QList>

class QAction;

namespace poolscope::ui {

class HelpDialog : public QDialog
{
    Q_OBJECT
public:
    /// `actions` are listed in this order with their text, shortcut and status tip.
    explicit HelpDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
    /// The text shown (HTML).
    [[nodiscard]] static QString helpHtml(const QList<QAction*>& actions);
};

} // namespace poolscope::ui
