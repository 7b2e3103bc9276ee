#include "lessons/highlight_overlay.h"

#include <QEvent>
#include <QPainter>

namespace poolscope::ui::lessons {

namespace {
constexpr int kFrameWidth = 3;
}

HighlightOverlay::HighlightOverlay(QWidget* target, const QString& description, Parts parts)
    : QWidget(target), m_target(target), m_parts(std::move(parts)),
      m_savedDescription(target->accessibleDescription())
{
    setObjectName(QStringLiteral("lessonHighlight"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    setGeometry(target->rect());
    target->setAccessibleDescription(m_savedDescription.isEmpty()
                                         ? description
                                         : description + QStringLiteral(" — ") + m_savedDescription);
    target->installEventFilter(this);
    raise();
    show();
}

HighlightOverlay::~HighlightOverlay()
{
    if (QWidget* target = m_target.data())
        target->setAccessibleDescription(m_savedDescription);
}

QList<QRect> HighlightOverlay::frames() const
{
    if (!m_parts)
        return {rect()};
    QList<QRect> out;
    for (const QRect& r : m_parts()) {
        const QRect clipped = r.intersected(rect());
        if (!clipped.isEmpty())
            out.append(clipped);
    }
    return out;
}

bool HighlightOverlay::eventFilter(QObject* watched, QEvent* event)
{
    // Read the guard once: a QPointer may turn null between two reads.
    if (QWidget* target = m_target.data(); target != nullptr && watched == target) {
        switch (event->type()) {
        case QEvent::Resize:
            setGeometry(target->rect());
            break;
        case QEvent::ChildAdded: // a new child (a scroll area's viewport, an editor) must stay under it
            raise();
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HighlightOverlay::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QColor colour = palette().color(QPalette::Highlight);
    QColor fill = colour;
    fill.setAlphaF(0.18F);
    QPen pen(colour, kFrameWidth);
    pen.setJoinStyle(Qt::MiterJoin);
    // A 1 px inner line in the colour of selected text: a marked row is also selected, i.e. painted
    // in the highlight colour, where the outer frame alone would vanish.
    QPen inner(palette().color(QPalette::HighlightedText), 1);
    inner.setJoinStyle(Qt::MiterJoin);
    for (const QRect& frame : frames()) {
        // A frame around a part (a row, a header section) also tints it, so a thin row still shows.
        if (m_parts)
            painter.fillRect(frame, fill);
        const int inset = kFrameWidth / 2;
        painter.setPen(pen);
        painter.drawRect(frame.adjusted(inset, inset, -inset - 1, -inset - 1));
        painter.setPen(inner);
        painter.drawRect(frame.adjusted(kFrameWidth, kFrameWidth, -kFrameWidth - 1, -kFrameWidth - 1));
    }
}

} // namespace poolscope::ui::lessons
