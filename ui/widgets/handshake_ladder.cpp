#include "widgets/handshake_ladder.h"

#include "util/palette_colours.h"
#include "util/presentation.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QResizeEvent>
#include <QToolTip>

namespace poolscope::ui {

namespace {

constexpr int kMargin = 8;

QColor alertColor()
{
    return QColor(0xb0, 0x3a, 0x2e);
}

QString sizeAndTime(const HandshakeMessage& m)
{
    return HandshakeLadder::tr("%1 B · +%2 ms")
        .arg(m.size)
        .arg(static_cast<double>(m.offsetUs) / 1000.0, 0, 'f', 2);
}

} // namespace

HandshakeLadder::HandshakeLadder(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("handshakeLadder"));
    setAccessibleName(tr("TLS handshake ladder"));
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    policy.setHeightForWidth(true); // a wrapped message needs more lines when narrow
    setSizePolicy(policy);
    setMode(Mode::Empty);
}

void HandshakeLadder::setCaptureOn(bool on)
{
    if (m_captureOn == on)
        return;
    m_captureOn = on;
    if (m_mode == Mode::CaptureOff || m_mode == Mode::NotCaptured)
        setMode(on ? Mode::NotCaptured : Mode::CaptureOff);
    updateGeometry();
    update(); // the line changes with it
}

void HandshakeLadder::setUnavailableReason(const QString& reason)
{
    m_unavailable = reason;
    updateGeometry();
    update();
    Q_EMIT preferredHeightChanged();
}

void HandshakeLadder::showTranscript(const HandshakeTranscript& transcript, bool resumed,
                                     const QString& caption)
{
    if (transcript.empty()) {
        m_rows.clear();
        m_footer.clear();
        m_caption.clear();
        setMode(m_captureOn ? Mode::NotCaptured : Mode::CaptureOff);
        return;
    }
    QList<Row> rows = buildRows(transcript);
    QString footer = skippedText(transcript, resumed);
    if (transcript.truncated) {
        const QString cut = tr("Only the first %n message(s) were recorded.", nullptr,
                               static_cast<int>(HandshakeTranscript::kMaxMessages));
        footer = footer.isEmpty() ? cut : footer + QLatin1Char(' ') + cut;
    }
    if (m_mode == Mode::Rows && footer == m_footer && caption == m_caption && rows.size() == m_rows.size()) {
        bool same = true;
        for (qsizetype i = 0; same && i < rows.size(); ++i)
            same = rows[i].label == m_rows[i].label && rows[i].detail == m_rows[i].detail;
        if (same)
            return; // the same ladder again (every snapshot re-sends it): no relayout, no repaint
    }
    m_rows = std::move(rows);
    m_footer = std::move(footer);
    m_caption = caption;
    setMode(Mode::Rows);
    updateGeometry();
    update();
}

void HandshakeLadder::clear()
{
    m_rows.clear();
    m_footer.clear();
    m_caption.clear();
    setMode(Mode::Empty);
}

void HandshakeLadder::setMode(Mode mode)
{
    const bool changed = m_mode != mode;
    m_mode = mode;
    if (changed) {
        updateGeometry();
        update();
        Q_EMIT preferredHeightChanged();
    }
}

QString HandshakeLadder::message() const
{
    if (m_mode == Mode::Rows)
        return {};
    if (!m_unavailable.isEmpty())
        return m_unavailable;
    if (!m_captureOn || m_mode == Mode::CaptureOff)
        return tr("Turn on View › Capture TLS Handshakes to see what goes over the wire in the next "
                  "TLS handshakes.");
    if (m_mode == Mode::NotCaptured)
        return tr("This connection's handshake ran before capture was on; dial a new connection to see "
                  "its ladder.");
    return tr("Select an established TLS connection to see its handshake.");
}

QList<HandshakeLadder::Row> HandshakeLadder::buildRows(const HandshakeTranscript& transcript)
{
    QList<Row> rows;
    rows.reserve(static_cast<qsizetype>(transcript.messages.size()));
    for (const HandshakeMessage& m : transcript.messages) {
        Row row;
        row.fromClient = m.direction == HandshakeDirection::Sent;
        row.detail = sizeAndTime(m);
        switch (m.contentType) {
        case TlsContentType::Alert: {
            row.alert = true;
            const QString level = m.alertLevel == 2 ? tr("fatal") : tr("warning");
            row.label = tr("Alert: %1 (%2)").arg(qs(describeAlert(m.alertDescription)), level);
            row.toolTip = alertExplanation(m.alertDescription);
            break;
        }
        case TlsContentType::ChangeCipherSpec:
            row.label = QStringLiteral("ChangeCipherSpec");
            row.toolTip = tr("switches to the keys just agreed (in TLS 1.3 only sent so middleboxes "
                             "see a familiar handshake)");
            break;
        case TlsContentType::Handshake:
            row.label = qs(describe(m.type));
            row.toolTip = explanation(m.type);
            break;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

QString HandshakeLadder::skippedText(const HandshakeTranscript& transcript, bool resumed)
{
    if (!resumed)
        return {};
    QStringList names;
    for (const HandshakeType type : skippedByResumption(transcript))
        names << qs(describe(type));
    if (names.isEmpty())
        return {};
    return tr("Resumed session: no %1 this time; the server proved who it is in the earlier handshake "
              "whose ticket the client offered.")
        .arg(names.join(QStringLiteral(", ")));
}

int HandshakeLadder::rowHeight() const
{
    return fontMetrics().lineSpacing() + 8; // the label, then the arrow under it
}

int HandshakeLadder::headerHeight() const
{
    // The caption (if any) and the column titles.
    return fontMetrics().lineSpacing() * (m_caption.isEmpty() ? 1 : 2) + 6;
}

QSize HandshakeLadder::minimumSizeHint() const
{
    // Every arrow keeps its height: in a scroll area the ladder scrolls rather than squeezes.
    if (m_mode == Mode::Rows)
        return {200, sizeHint().height()};
    return {200, fontMetrics().lineSpacing() * 2 + 2 * kMargin};
}

int HandshakeLadder::heightForWidth(int width) const
{
    return m_mode == Mode::Rows ? sizeHint().height()
                                : std::max(minimumSizeHint().height(), messageHeight(width));
}

int HandshakeLadder::messageHeight(int width) const
{
    if (m_mode == Mode::Rows)
        return 0;
    const QRect text = fontMetrics().boundingRect(QRect(0, 0, std::max(1, width - 2 * kMargin), 10'000),
                                                  Qt::TextWordWrap, message());
    return text.height() + 2 * kMargin;
}

void HandshakeLadder::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_mode != Mode::Rows && event->size().width() != event->oldSize().width())
        Q_EMIT preferredHeightChanged();
}

QSize HandshakeLadder::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const int width = 320;
    if (m_mode != Mode::Rows) {
        const QRect text =
            fm.boundingRect(QRect(0, 0, width - 2 * kMargin, 1000), Qt::TextWordWrap, message());
        return {width, text.height() + 2 * kMargin};
    }
    int height = kMargin + headerHeight() + static_cast<int>(m_rows.size()) * rowHeight() + kMargin;
    if (!m_footer.isEmpty())
        height +=
            fm.boundingRect(QRect(0, 0, width - 2 * kMargin, 1000), Qt::TextWordWrap, m_footer).height() + 4;
    return {width, height};
}

int HandshakeLadder::rowAt(QPoint pos) const
{
    if (m_mode != Mode::Rows)
        return -1;
    const int top = kMargin + headerHeight();
    if (pos.y() < top)
        return -1;
    const int index = (pos.y() - top) / rowHeight();
    return index < m_rows.size() ? index : -1;
}

bool HandshakeLadder::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = rowAt(help->pos());
        if (index >= 0)
            QToolTip::showText(help->globalPos(),
                               m_rows[index].label + QStringLiteral(": ") + m_rows[index].toolTip, this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void HandshakeLadder::paintEvent(QPaintEvent* /*event*/)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm = fontMetrics();
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (m_mode != Mode::Rows) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, message());
        return;
    }

    QFont bold = font();
    bold.setBold(true);
    const QString client = tr("Client");
    const QString server = tr("Server");
    const int half = std::max(fm.horizontalAdvance(client), fm.horizontalAdvance(server)) / 2 + 6;
    const int left = area.left() + half;
    const int right = area.right() - half;
    p.setFont(bold);
    p.setPen(pal.color(QPalette::WindowText));
    int titleTop = area.top();
    if (!m_caption.isEmpty()) {
        p.drawText(QRect(area.left(), titleTop, area.width(), fm.lineSpacing()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(bold).elidedText(m_caption, Qt::ElideRight, area.width()));
        titleTop += fm.lineSpacing();
    }
    const int titleHeight = area.top() + headerHeight() - titleTop;
    p.drawText(QRect(left - half, titleTop, 2 * half, titleHeight), Qt::AlignCenter, client);
    p.drawText(QRect(right - half, titleTop, 2 * half, titleHeight), Qt::AlignCenter, server);
    p.setFont(font());

    const int top = area.top() + headerHeight();
    const int bottom = top + static_cast<int>(m_rows.size()) * rowHeight();
    QColor rail = pal.color(QPalette::Mid);
    p.setPen(QPen(rail, 2));
    p.drawLine(left, top, left, bottom);
    p.drawLine(right, top, right, bottom);

    // Readable on the window in a light or a dark palette (a dark palette's Link is often too dim).
    const QColor sentColor = readableText(pal.color(QPalette::Link), pal, QPalette::Window);
    const QColor receivedColor = pal.color(QPalette::WindowText);
    const QColor alertTextColor = readableText(alertColor(), pal, QPalette::Window);
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row& row = m_rows[i];
        const int y = top + static_cast<int>(i) * rowHeight();
        const QColor color = row.alert ? alertTextColor : row.fromClient ? sentColor : receivedColor;
        // Label (name, then size and time) centred over the arrow, elided to fit; alerts in bold.
        const QRect textRect(left + 6, y + 1, right - left - 12, fm.lineSpacing());
        const QFont rowFont = row.alert ? bold : font();
        p.setFont(rowFont);
        p.setPen(color);
        p.drawText(textRect, Qt::AlignCenter,
                   QFontMetrics(rowFont).elidedText(row.label + QStringLiteral("  ") + row.detail,
                                                    Qt::ElideRight, textRect.width()));
        p.setFont(font());
        // The arrow.
        const int ay = y + fm.lineSpacing() + 4;
        const int from = row.fromClient ? left : right;
        const int to = row.fromClient ? right : left;
        p.setPen(QPen(color, row.alert ? 2.0 : 1.5));
        p.drawLine(from, ay, to, ay);
        const int dir = row.fromClient ? -1 : 1;
        QPainterPath head;
        head.moveTo(to, ay);
        head.lineTo(to + dir * 8, ay - 4);
        head.lineTo(to + dir * 8, ay + 4);
        head.closeSubpath();
        p.fillPath(head, color);
    }

    if (!m_footer.isEmpty()) {
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRect(area.left(), bottom + 4, area.width(), area.bottom() - bottom),
                   Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, m_footer);
    }
}

} // namespace poolscope::ui
