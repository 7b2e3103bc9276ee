#pragma once
// Walks a window's visible widgets and names what a user would see cut: text wider than the room
// it is given (labels, buttons, check boxes, group box titles, tabs, dock titles, a status bar
// message, table cells and header sections without an ellipsis and a tool tip) and widgets that
// stick out of their parent. Each finding is one line naming the widget (class, objectName, text)
// and the sizes, for a test's failure message.

#include "painted_text.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionButton>
#include <QStyledItemDelegate>
#include <QTabBar>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QToolTip>
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

/// What hovering `widget` at `pos` (its own coordinates) shows as a tool tip, in plain text.
inline QString toolTipAt(QWidget* widget, QPoint pos)
{
    // QToolTip::hideText() only starts a timer: hide the tip now, so what shows next is this one.
    const auto hideTips = [] {
        for (QWidget* tip : QApplication::topLevelWidgets()) {
            if (tip->objectName() == QLatin1String("qtooltip_label"))
                tip->hide();
        }
    };
    hideTips();
    QHelpEvent help(QEvent::ToolTip, pos, widget->mapToGlobal(pos));
    QCoreApplication::sendEvent(widget, &help);
    const QString text = QToolTip::isVisible() ? QToolTip::text() : QString();
    hideTips();
    return Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
}

/// Header sections narrower than their text: each must say its text in a tool tip.
inline QStringList clippedSections(QHeaderView* header)
{
    QStringList out;
    if (!header->isVisible() || header->orientation() != Qt::Horizontal || !header->model())
        return out;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (header->isSectionHidden(logical))
            continue;
        const int x = header->sectionViewportPosition(logical);
        const int size = header->sectionSize(logical);
        if (x < 0 || x + size > header->viewport()->width())
            continue; // scrolled out of view, not cut
        const int need = header->sectionSizeHint(logical);
        if (need <= size + 1 || need >= header->maximumSectionSize())
            continue;
        const QString text = header->model()->headerData(logical, Qt::Horizontal).toString();
        if (toolTipAt(header->viewport(), QPoint(x + size / 2, header->height() / 2)).isEmpty())
            out.append(describeWidget(header) + QStringLiteral(" section \"%1\"").arg(text) +
                       sizes(need, size));
    }
    return out;
}

/// Cells (of the root's rows on screen) whose text is wider than the cell: each must show an
/// ellipsis and, hovered, a tool tip with the whole text. Only cells a QStyledItemDelegate (or one
/// derived from it) draws, whose text is the model's DisplayRole.
inline QStringList clippedCells(QAbstractItemView* view)
{
    QStringList out;
    const QAbstractItemModel* model = view->model();
    QWidget* viewport = view->viewport();
    if (!model)
        return out;
    const QStyle* style = view->style();
    const int textMargin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    const QModelIndex first = view->indexAt(QPoint(1, 1));
    constexpr int kMostRows = 400;
    for (int row = first.isValid() ? first.row() : 0, seen = 0; row < model->rowCount() && seen < kMostRows;
         ++row, ++seen) {
        bool below = false;
        for (int column = 0; column < model->columnCount(); ++column) {
            const QModelIndex index = model->index(row, column);
            const QRect cell = view->visualRect(index);
            if (cell.top() >= viewport->height()) {
                below = true;
                break;
            }
            if (cell.isEmpty() || cell.left() < 0 || cell.right() >= viewport->width())
                continue; // hidden, or partly scrolled out of view
            if (!qobject_cast<const QStyledItemDelegate*>(view->itemDelegateForIndex(index)))
                continue;
            const QString text = index.data(Qt::DisplayRole).toString();
            if (text.isEmpty())
                continue;
            const QVariant font = index.data(Qt::FontRole);
            const QFontMetrics fm(font.isValid() ? font.value<QFont>() : view->font());
            int room = cell.width() - 2 * textMargin;
            if (!index.data(Qt::DecorationRole).isNull())
                room -= view->iconSize().isValid()
                            ? view->iconSize().width() + 2 * textMargin
                            : style->pixelMetric(QStyle::PM_SmallIconSize) + 2 * textMargin;
            const int need = fm.horizontalAdvance(text.split(QLatin1Char('\n')).constFirst());
            if (need <= room)
                continue;
            const QString where =
                describeWidget(view) +
                QStringLiteral(" cell %1,%2 \"%3\"").arg(row).arg(column).arg(text.left(60));
            if (view->textElideMode() == Qt::ElideNone)
                out.append(where + QStringLiteral(" cut without an ellipsis") + sizes(need, room));
            else if (!toolTipAt(viewport, cell.center()).contains(text))
                out.append(where + QStringLiteral(" elided without its text in a tool tip") +
                           sizes(need, room));
        }
        if (below)
            break;
    }
    return out;
}

/// Text the widget draws itself that a user would see cut: outside the widget, on top of another
/// piece of text, or elided ("…") where hovering shows no tool tip.
inline QStringList clippedPaintedTexts(QWidget* widget)
{
    QStringList out;
    const QList<PaintedText> texts = paintedTexts(*widget);
    const QRectF bounds = QRectF(widget->rect()).adjusted(-0.5, -0.5, 0.5, 0.5);
    const auto describe = [widget](const PaintedText& t) {
        return describeWidget(widget) + QStringLiteral(" draws \"%1\" at %2,%3 %4x%5")
                                            .arg(t.text)
                                            .arg(t.rect.x(), 0, 'f', 1)
                                            .arg(t.rect.y(), 0, 'f', 1)
                                            .arg(t.rect.width(), 0, 'f', 1)
                                            .arg(t.rect.height(), 0, 'f', 1);
    };
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const PaintedText& t = texts.at(i);
        if (t.text.trimmed().isEmpty())
            continue;
        if (!bounds.contains(t.rect))
            out.append(describe(t) +
                       QStringLiteral(" outside it (%1x%2)").arg(widget->width()).arg(widget->height()));
        // Touching is fine; sharing more than a pixel each way is text on text.
        for (qsizetype j = i + 1; j < texts.size(); ++j) {
            const QRectF both = t.rect.intersected(texts.at(j).rect);
            if (!texts.at(j).text.trimmed().isEmpty() && both.width() > 1.0 && both.height() > 1.0)
                out.append(describe(t) + QStringLiteral(" on top of \"%1\"").arg(texts.at(j).text));
        }
        if (t.text.contains(QChar(0x2026)) && toolTipAt(widget, t.rect.center().toPoint()).isEmpty())
            out.append(describe(t) + QStringLiteral(" elided, and no tool tip says the rest"));
    }
    return out;
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
        else if (auto* header = qobject_cast<QHeaderView*>(w))
            out.append(detail::clippedSections(header));
        else if (auto* view = qobject_cast<QAbstractItemView*>(w))
            out.append(detail::clippedCells(view));
        if (!finding.isEmpty())
            out.append(finding);
        // Ours may paint text of their own (charts, timeline, handshake ladder): check what they draw.
        if (QByteArrayView(w->metaObject()->className()).startsWith("poolscope::"))
            out.append(detail::clippedPaintedTexts(w));
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
