#pragma once
// Walks a window's visible widgets and names what a user would see cut: text wider than the room
// it is given (labels, buttons, check boxes, group box titles, tabs, dock titles, a status bar
// message) and widgets that
// stick out of their parent. Each finding is one line naming the widget (class, objectName, text)
// and the sizes, for a test's failure message.

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QCheckBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionButton>
#include <QTabBar>
#include <QToolButton>
#include <QWidget>

namespace poolscope::test {

/// "QPushButton 'dialButton' \"Dial\"" for a failure message; the path of objectNames up to the
/// window when the widget has none of its own.
inline QString describeWidget(const QWidget* w)
{
    QString name = w->objectName();
    for (const QWidget* p = w->parentWidget(); name.isEmpty() && p; p = p->parentWidget()) {
        if (!p->objectName().isEmpty())
            name = QStringLiteral("in ") + p->objectName();
    }
    QString text;
    if (const auto* label = qobject_cast<const QLabel*>(w))
        text = label->text();
    else if (const auto* button = qobject_cast<const QAbstractButton*>(w))
        text = button->text();
    else if (const auto* box = qobject_cast<const QGroupBox*>(w))
        text = box->title();
    else if (const auto* dock = qobject_cast<const QDockWidget*>(w))
        text = dock->windowTitle();
    return QStringLiteral("%1 '%2' \"%3\"")
        .arg(QString::fromLatin1(w->metaObject()->className()), name, text.left(60));
}

/// Every widget under `root` that is visible on screen: itself and all its ancestors shown, and
/// somewhere inside the window (QMainWindow parks a tabbed dock's hidden page and an unused dock tab
/// bar outside it).
inline QList<QWidget*> visibleWidgets(QWidget* root)
{
    QList<QWidget*> out;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisible() || w->isWindow() || w->window() != root)
            continue;
        const QRect inWindow(w->mapTo(root, QPoint(0, 0)), w->size());
        if (inWindow.intersects(root->rect()))
            out.append(w);
    }
    return out;
}

namespace detail {

inline QString stripMnemonic(QString text)
{
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}

inline QString sizes(int need, int room)
{
    return QStringLiteral(" needs %1 px, has %2").arg(need).arg(room);
}

/// A label: a wrapped one must get the height its width needs, any other the width of its text.
inline QString clippedLabel(const QLabel* label)
{
    if (label->text().isEmpty() || label->textFormat() == Qt::MarkdownText)
        return {};
    const QSize hint = label->sizeHint();
    if (label->wordWrap()) {
        const int need = label->heightForWidth(label->width());
        if (need > label->height() + 1)
            return describeWidget(label) + QStringLiteral(" (wrapped, height)") +
                   sizes(need, label->height());
        return {};
    }
    if (hint.width() > label->width() + 1)
        return describeWidget(label) + QStringLiteral(" (width)") + sizes(hint.width(), label->width());
    const int lineHeight = label->fontMetrics().height();
    if (lineHeight > label->contentsRect().height() + 1)
        return describeWidget(label) + QStringLiteral(" (height)") +
               sizes(lineHeight, label->contentsRect().height());
    return {};
}

/// A button's text against the contents area its style gives the text (icon included).
inline QString clippedButton(const QAbstractButton* button)
{
    const QString text = stripMnemonic(button->text());
    if (text.isEmpty())
        return {};
    if (const auto* tool = qobject_cast<const QToolButton*>(button)) {
        if (tool->toolButtonStyle() == Qt::ToolButtonIconOnly)
            return {};
        // Tool buttons size to their hint (text, icon, the style's margins), never elide.
        const int need = tool->sizeHint().width();
        return need > tool->width() + 1 ? describeWidget(button) + sizes(need, tool->width()) : QString();
    }
    QStyleOptionButton option;
    option.initFrom(button);
    option.text = button->text();
    option.icon = button->icon();
    option.iconSize = button->iconSize();
    QStyle::SubElement element = QStyle::SE_PushButtonContents;
    if (qobject_cast<const QCheckBox*>(button))
        element = QStyle::SE_CheckBoxContents;
    else if (qobject_cast<const QRadioButton*>(button))
        element = QStyle::SE_RadioButtonContents;
    else if (!qobject_cast<const QPushButton*>(button))
        return {};
    const int room = button->style()->subElementRect(element, &option, button).width();
    int need = button->fontMetrics().horizontalAdvance(text);
    if (!button->icon().isNull())
        need += button->iconSize().width() + 4;
    return need > room + 1 ? describeWidget(button) + sizes(need, room) : QString();
}

inline QString clippedGroupBox(const QGroupBox* box)
{
    const QString title = stripMnemonic(box->title());
    if (title.isEmpty())
        return {};
    const int need = box->fontMetrics().horizontalAdvance(title) + (box->isCheckable() ? 24 : 8);
    return need > box->width() ? describeWidget(box) + QStringLiteral(" (title)") + sizes(need, box->width())
                               : QString();
}

/// Every tab shown whole inside the bar (no tab pushed behind the scroll arrows), at its full
/// width unless it is elided and says its text in a tool tip.
inline QStringList clippedTabs(const QTabBar* bar)
{
    QStringList out;
    for (int i = 0; i < bar->count(); ++i) {
        if (!bar->isTabVisible(i))
            continue;
        const QRect tab = bar->tabRect(i);
        const QString name = describeWidget(bar) + QStringLiteral(" tab \"%1\"").arg(bar->tabText(i));
        if (!bar->rect().contains(tab))
            out.append(name + QStringLiteral(" outside the bar"));
        // The tab bar's own hint for the tab (text, icon, close button, the style's padding).
        const int need = bar->fontMetrics().horizontalAdvance(stripMnemonic(bar->tabText(i))) +
                         bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
        if (need > tab.width() + 1 && bar->tabToolTip(i).isEmpty())
            out.append(name + sizes(need, tab.width()));
    }
    return out;
}

/// A dock's title next to its float and close buttons.
inline QString clippedDockTitle(const QDockWidget* dock)
{
    if (dock->titleBarWidget() || dock->windowTitle().isEmpty())
        return {};
    const QStyle* style = dock->style();
    const int margin = style->pixelMetric(QStyle::PM_DockWidgetTitleMargin, nullptr, dock);
    const int buttonMargin = style->pixelMetric(QStyle::PM_DockWidgetTitleBarButtonMargin, nullptr, dock);
    const int buttonIcon = style->pixelMetric(QStyle::PM_SmallIconSize, nullptr, dock);
    int buttons = 0;
    if (dock->features() & QDockWidget::DockWidgetClosable)
        ++buttons;
    if (dock->features() & QDockWidget::DockWidgetFloatable)
        ++buttons;
    const int need = dock->fontMetrics().horizontalAdvance(stripMnemonic(dock->windowTitle())) + 2 * margin +
                     buttons * (buttonIcon + 2 * buttonMargin);
    return need > dock->width() && dock->toolTip().isEmpty()
               ? describeWidget(dock) + QStringLiteral(" (title)") + sizes(need, dock->width())
               : QString();
}

/// A status bar's message against the room left of its permanent widgets; a message too long
/// must show elided on a label whose tool tip has all of it (ui/util/status_message_fit.h).
inline QString clippedStatusMessage(const QStatusBar* bar)
{
    const QString message = bar->currentMessage();
    if (message.isEmpty())
        return {};
    int right = bar->contentsRect().right() - 4;
    bool elided = false;
    for (const QObject* child : bar->children()) {
        const auto* w = qobject_cast<const QWidget*>(child);
        if (!w || !w->isVisible() || w->isWindow())
            continue;
        const auto* label = qobject_cast<const QLabel*>(w);
        if (label && label->toolTip() == message && label->text().endsWith(QChar(0x2026)))
            elided = true;
        else
            right = std::min(right, w->x() - 4);
    }
    const int room = right - bar->contentsRect().left() - 6;
    const int need = bar->fontMetrics().horizontalAdvance(message);
    return need > room && !elided
               ? describeWidget(bar) + QStringLiteral(" message \"%1\"").arg(message.left(60)) +
                     sizes(need, room)
               : QString();
}

/// Inside a scroll area's viewport the content may be larger than what shows: that is scrolling.
inline bool scrolledContent(const QWidget* w)
{
    const QWidget* parent = w->parentWidget();
    const auto* area = parent ? qobject_cast<const QAbstractScrollArea*>(parent->parentWidget()) : nullptr;
    return area && area->viewport() == parent;
}

} // namespace detail

/// Text a user would see cut, one line per widget (empty when nothing is).
inline QStringList clippedTexts(QWidget* root)
{
    QStringList out;
    for (QWidget* w : visibleWidgets(root)) {
        QString finding;
        if (const auto* label = qobject_cast<const QLabel*>(w))
            finding = detail::clippedLabel(label);
        else if (const auto* button = qobject_cast<const QAbstractButton*>(w))
            finding = detail::clippedButton(button);
        else if (const auto* box = qobject_cast<const QGroupBox*>(w))
            finding = detail::clippedGroupBox(box);
        else if (const auto* dock = qobject_cast<const QDockWidget*>(w))
            finding = detail::clippedDockTitle(dock);
        else if (const auto* status = qobject_cast<const QStatusBar*>(w))
            finding = detail::clippedStatusMessage(status);
        else if (const auto* bar = qobject_cast<const QTabBar*>(w))
            out.append(detail::clippedTabs(bar));
        if (!finding.isEmpty())
            out.append(finding);
    }
    return out;
}

/// Widgets that stick out of their parent's rectangle (a scroll area's content excepted).
inline QStringList widgetsOutsideParents(QWidget* root)
{
    QStringList out;
    for (QWidget* w : visibleWidgets(root)) {
        const QWidget* parent = w->parentWidget();
        if (!parent || detail::scrolledContent(w))
            continue;
        if (!parent->rect().contains(w->geometry()))
            out.append(describeWidget(w) + QStringLiteral(" at %1,%2 %3x%4 outside %5 (%6x%7)")
                                               .arg(w->x())
                                               .arg(w->y())
                                               .arg(w->width())
                                               .arg(w->height())
                                               .arg(describeWidget(parent))
                                               .arg(parent->width())
                                               .arg(parent->height()));
    }
    return out;
}

} // namespace poolscope::test
