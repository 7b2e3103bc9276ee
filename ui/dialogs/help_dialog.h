#pragma once
// Help (F1): what the window shows, how to read it, and every action with its keyboard shortcut,
// taken from the actions themselves so the list can never fall behind them; and the glossary
// (ui/help/glossary.h), each term with a "Show me" link to the lesson that shows it.

#include <QDialog>
#include <QList>

class QAction;
class QTabWidget;
class QTextBrowser;

namespace poolscope::ui {

class HelpDialog : public QDialog
{
    Q_OBJECT
public:
    /// `actions` are listed in this order with their text, shortcut and status tip.
    explicit HelpDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
    /// The text shown (HTML).
    [[nodiscard]] static QString helpHtml(const QList<QAction*>& actions);
    /// The glossary (HTML): every term, its definition and a "lesson:NAME" link when a lesson shows it.
    [[nodiscard]] static QString glossaryHtml();

    /// Switches to the Glossary tab.
    void showGlossary();
    [[nodiscard]] QTextBrowser* glossaryBrowser() const { return m_glossary; }

Q_SIGNALS:
    /// A "Show me" link was clicked: the dialog closes, the window opens lesson `name`.
    void lessonRequested(const QString& name);

private:
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_glossary = nullptr;
};

} // namespace poolscope::ui
