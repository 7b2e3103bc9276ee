#include "widgets/keyboard_splitter.h"

#include <QKeyEvent>
#include <QPainter>
#include <algorithm>

namespace poolscope::ui {

KeyboardSplitterHandle::KeyboardSplitterHandle(Qt::Orientation orientation, QSplitter* parent)
    : QSplitterHandle(orientation, parent)
{
    setFocusPolicy(Qt::TabFocus);
    setAccessibleDescription(tr("Arrow keys move the divider, Page Up / Page Down by larger steps, "
                                "Home / End to the ends"));
}

int KeyboardSplitterHandle::position() const
{
    return orientation() == Qt::Horizontal ? x() : y();
}

void KeyboardSplitterHandle::keyPressEvent(QKeyEvent* event)
{
    const bool horizontal = orientation() == Qt::Horizontal;
    const int page = kStep * kPageSteps;
    int delta = 0;
    switch (event->key()) {
    case Qt::Key_Left:
        delta = horizontal ? -kStep : 0;
        break;
    case Qt::Key_Right:
        delta = horizontal ? kStep : 0;
        break;
    case Qt::Key_Up:
        delta = horizontal ? 0 : -kStep;
        break;
    case Qt::Key_Down:
        delta = horizontal ? 0 : kStep;
        break;
    case Qt::Key_PageUp:
        delta = -page;
        break;
    case Qt::Key_PageDown:
        delta = page;
        break;
    case Qt::Key_Home:
        delta = -QWIDGETSIZE_MAX / 2;
        break;
    case Qt::Key_End:
        delta = QWIDGETSIZE_MAX / 2;
        break;
    default:
        QSplitterHandle::keyPressEvent(event);
        return;
    }
    if (delta == 0) {
        QSplitterHandle::keyPressEvent(event);
        return;
    }
    QSplitter* owner = splitter();
    if (!owner) {
        QSplitterHandle::keyPressEvent(event);
        return;
    }
    const int length = horizontal ? owner->width() : owner->height();
    // QSplitter keeps the neighbours within their minimum and maximum sizes. The keys never
    // collapse a pane (a collapsed one opens again to its minimum): within a collapsing splitter's
    // snap zone an arrow step would otherwise find no way out.
    const int index = owner->indexOf(this);
    const bool before = index > 0 && owner->isCollapsible(index - 1);
    const bool after = index >= 0 && owner->isCollapsible(index);
    if (index > 0) {
        owner->setCollapsible(index - 1, false);
        owner->setCollapsible(index, false);
    }
    moveSplitter(closestLegalPosition(std::clamp(position() + delta, 0, std::max(0, length))));
    if (index > 0) {
        owner->setCollapsible(index - 1, before);
        owner->setCollapsible(index, after);
    }
    event->accept();
}

void KeyboardSplitterHandle::paintEvent(QPaintEvent* event)
{
    QSplitterHandle::paintEvent(event);
    if (!hasFocus())
        return;
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Highlight));
    const QRect inner = rect().adjusted(1, 1, -1, -1);
    if (inner.isValid()) {
        // A line of the highlighted-text colour along it, so it shows on any background.
        painter.setPen(QPen(palette().color(QPalette::HighlightedText), 1, Qt::DotLine));
        if (orientation() == Qt::Horizontal)
            painter.drawLine(inner.center().x(), inner.top(), inner.center().x(), inner.bottom());
        else
            painter.drawLine(inner.left(), inner.center().y(), inner.right(), inner.center().y());
    }
}

void KeyboardSplitterHandle::focusInEvent(QFocusEvent* event)
{
    QSplitterHandle::focusInEvent(event);
    update();
}

void KeyboardSplitterHandle::focusOutEvent(QFocusEvent* event)
{
    QSplitterHandle::focusOutEvent(event);
    update();
}

KeyboardSplitter::KeyboardSplitter(Qt::Orientation orientation, QWidget* parent)
    : QSplitter(orientation, parent)
{
}

QSplitterHandle* KeyboardSplitter::createHandle()
{
    return new KeyboardSplitterHandle(orientation(), this);
}

void KeyboardSplitter::setPaneNames(const QStringList& names)
{
    for (int i = 1; i < count() && i < names.size(); ++i) {
        if (QSplitterHandle* h = handle(i))
            h->setAccessibleName(tr("Resize: %1 / %2").arg(names.at(i - 1), names.at(i)));
    }
}

} // namespace poolscope::ui
