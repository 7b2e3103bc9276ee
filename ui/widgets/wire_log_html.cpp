#include "widgets/wire_log_html.h"

#include "util/presentation.h"

namespace poolscope::ui {

namespace {

/// The engine's fixed "where" texts, in words a reader of the pane can translate.
QString whereText(const std::string& text)
{
    const QString where = qs(text);
    if (where.contains(QLatin1String("before hand-out")))
        return WireLogHtml::tr("seen by the check before hand-out");
    if (where.contains(QLatin1String("on return")))
        return WireLogHtml::tr("seen by the check on return");
    if (where.contains(QLatin1String("idle watcher")))
        return WireLogHtml::tr("seen by the idle watcher");
    if (where.startsWith(QLatin1String("send")))
        return WireLogHtml::tr("seen by a write");
    if (where.startsWith(QLatin1String("read")))
        return WireLogHtml::tr("seen by a read");
    return where;
}

QString closeText(const std::string& text)
{
    for (int r = static_cast<int>(CloseReason::None); r <= static_cast<int>(CloseReason::NotReusable); ++r) {
        const auto reason = static_cast<CloseReason>(r);
        if (describe(reason) == text)
            return closeReasonText(reason);
    }
    return qs(text);
}

QString shutdownText(const std::string& text)
{
    if (text.starts_with("write"))
        return WireLogHtml::tr("write side: a half-close");
    if (text.starts_with("read"))
        return WireLogHtml::tr("read side");
    return WireLogHtml::tr("both directions");
}

QString bytesText(const WireEvent& e)
{
    QString shown = qs(printable(e.text));
    if (e.bytes > e.text.size())
        shown += QStringLiteral("…");
    return WireLogHtml::tr("%1 B").arg(e.bytes) + QStringLiteral("  ") + shown;
}

} // namespace

QString WireLogHtml::eventText(const WireEvent& e)
{
    switch (e.kind) {
    case WireEventKind::Connected:
        return QStringLiteral("● ") + tr("connected to %1").arg(qs(e.text));
    case WireEventKind::HandedOut:
        return e.text == "reused" ? tr("use %1 begins (reused)").arg(e.use) : tr("use %1 begins").arg(e.use);
    case WireEventKind::Sent:
        return QStringLiteral("→ ") + bytesText(e);
    case WireEventKind::Received:
        return QStringLiteral("← ") + bytesText(e);
    case WireEventKind::Note:
        return QStringLiteral("← ") + tr("response head: %1").arg(qs(e.text));
    case WireEventKind::PeerClosed:
        return QStringLiteral("← ") + tr("FIN from the peer (%1)").arg(whereText(e.text));
    case WireEventKind::PeerReset:
        return QStringLiteral("← ") + tr("RST from the peer (%1)").arg(whereText(e.text));
    case WireEventKind::UnreadData:
        return QStringLiteral("← ") + tr("unread bytes while idle (%1)").arg(whereText(e.text));
    case WireEventKind::ShutDown:
        return QStringLiteral("→ ") + tr("shut down: %1").arg(shutdownText(e.text));
    case WireEventKind::Closed:
        return QStringLiteral("→ ") + tr("closed by the pool: %1").arg(closeText(e.text));
    }
    return qs(e.text);
}

QString WireLogHtml::finRstExplanation()
{
    return tr("FIN is an orderly close: the peer sends nothing more (it may still read, which is a "
              "half-close). RST aborts the connection at once and loses what was in flight. After "
              "either, the pool never hands the connection out again.");
}

QString WireLogHtml::section(const WireLog& log)
{
    if (log.empty())
        return {};
    QString html = QStringLiteral("<tr><td colspan='2' class='h'>%1</td></tr>")
                       .arg(tr("What went over the wire (TCP)").toHtmlEscaped());
    bool finOrRst = false;
    for (const WireEvent& e : log.events) {
        finOrRst = finOrRst || e.kind == WireEventKind::PeerClosed || e.kind == WireEventKind::PeerReset ||
                   e.kind == WireEventKind::ShutDown;
        const bool bad = e.kind == WireEventKind::PeerReset || e.kind == WireEventKind::UnreadData;
        const QString text = eventText(e).toHtmlEscaped();
        html += QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>")
                    .arg(QStringLiteral("+") + formatMicros(e.offsetUs),
                         bad ? QStringLiteral("<span class='bad'>%1</span>").arg(text)
                             : QStringLiteral("<tt>%1</tt>").arg(text));
    }
    html +=
        QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>")
            .arg(tr("In total").toHtmlEscaped(),
                 tr("%1 B sent, %2 B received").arg(log.bytesSent).arg(log.bytesReceived).toHtmlEscaped());
    if (log.truncated)
        html += QStringLiteral("<tr><td colspan='2' class='k'>%1</td></tr>")
                    .arg(tr("Only the first %1 events are kept.").arg(WireLog::kMaxEvents).toHtmlEscaped());
    if (finOrRst)
        html += QStringLiteral("<tr><td colspan='2'><p class='explain'>%1</p></td></tr>")
                    .arg(finRstExplanation().toHtmlEscaped());
    return html;
}

} // namespace poolscope::ui
