#include "util/status_message_fit.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QStatusBar>
#include <QStyle>

namespace poolscope::ui {

namespace {

constexpr int kIndent = 6; // where QStatusBar starts its message

/// QStatusBar's own message area, covered whole (its cut text must not peek out): from its left
/// edge to the first permanent widget shown.
QRect messageRoom(const QStatusBar* bar, const QWidget* overlay)
{
    const QRect contents = bar->contentsRect();
    int right = contents.right() + 1;
    for (const QObject* child : bar->children()) {
        const auto* w = qobject_cast<const QWidget*>(child);
        if (w && w != overlay && w->isVisible() && !w->isWindow())
            right = std::min(right, w->x());
    }
    return {contents.left(), contents.top(), std::max(0, right - contents.left()), contents.height()};
}

class StatusMessageFitter : public QObject
{
public:
    explicit StatusMessageFitter(QStatusBar* bar) : QObject(bar), m_bar(bar), m_label(new QLabel(bar))
    {
        m_label->setObjectName(QStringLiteral("statusMessageElided"));
        m_label->setAutoFillBackground(true);
        m_label->setIndent(kIndent);
        m_label->setTextFormat(Qt::PlainText);
        m_label->hide();
        connect(bar, &QStatusBar::messageChanged, this, &StatusMessageFitter::update);
        bar->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // The type first: while the bar is destroyed its children's removal still passes here.
        const QEvent::Type type = event->type();
        if ((type == QEvent::Resize || type == QEvent::LayoutRequest || type == QEvent::FontChange) &&
            watched == m_watched)
            QMetaObject::invokeMethod(this, &StatusMessageFitter::update, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }

private:
    void update()
    {
        if (!m_bar)
            return;
        const QString message = m_bar->currentMessage();
        const QRect room = messageRoom(m_bar, m_label);
        const QFontMetrics fm = m_bar->fontMetrics();
        const int textRoom = room.width() - 2 * kIndent;
        if (message.isEmpty() || fm.horizontalAdvance(message) <= textRoom) {
            m_label->hide();
            m_label->setToolTip({});
            return;
        }
        m_label->setGeometry(room);
        m_label->setText(fm.elidedText(message, Qt::ElideRight, textRoom));
        m_label->setToolTip(message);
        m_label->setAccessibleName(message);
        m_label->show();
        m_label->raise();
    }

    QPointer<QStatusBar> m_bar;
    const QObject* m_watched = m_bar.data();
    QLabel* m_label;
};

} // namespace

void fitStatusMessages(QStatusBar* bar)
{
    if (bar)
        new StatusMessageFitter(bar);
}

} // namespace poolscope::ui
