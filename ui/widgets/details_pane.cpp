#include "widgets/details_pane.h"

#include "poolscope/reuse_key.h"
#include "util/palette_colours.h"
#include "util/presentation.h"
#include "widgets/connection_waterfall.h"
#include "widgets/handshake_ladder.h"
#include "widgets/wire_log_html.h"

#include <QDateTime>
#include <QEvent>
#include <QGuiApplication>
#include <QLocale>
#include <QScrollBar>

namespace poolscope::ui {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString row(const QString& name, const QString& value)
{
    return QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>").arg(esc(name), value);
}

QString section(const QString& title)
{
    return QStringLiteral("<tr><td colspan='2' class='h'>%1</td></tr>").arg(esc(title));
}

QString ms(Clock::time_point from, Clock::time_point to)
{
    return formatDuration(duration_cast<milliseconds>(to - from));
}

/// One row per problem: what, where in the chain, and the certificate's SHA-256 (what
/// TlsOptions::acceptedErrors names to accept it) in groups of eight digits, so it can wrap.
QString certificateProblemRows(const QString& name, const std::vector<CertificateProblem>& problems)
{
    QString html;
    for (const CertificateProblem& p : problems) {
        const QString where = p.depth == 0 ? DetailsPane::tr("server certificate")
                                           : DetailsPane::tr("chain depth %1").arg(p.depth);
        QString value = esc(DetailsPane::tr("%1 (%2)").arg(qs(p.description), where));
        if (!p.sha256.empty()) {
            QStringList groups;
            const QString hex = qs(p.sha256);
            for (qsizetype i = 0; i < hex.size(); i += 8)
                groups.append(hex.mid(i, 8));
            value += QStringLiteral("<br><span style='font-size:small'>%1</span>")
                         .arg(esc(DetailsPane::tr("SHA-256 %1").arg(groups.join(QLatin1Char(' ')))));
        }
        html += row(name, value);
    }
    return html;
}

} // namespace

DetailsPane::DetailsPane(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("detailsPane"));
    setAccessibleName(tr("Connection details"));
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    // Keys may wrap at their spaces: in a narrow pane (or a longer language) a long key must not
    // squeeze the values into a column one character wide.
    restyle();
    // Three lines at least: under it the connection's waterfall takes the room it needs, and a
    // small window (1024×640) has little.
    setMinimumHeight(fontMetrics().lineSpacing() * 3 + 2 * frameWidth());
    showRow(nullptr, Clock::now());
}

void DetailsPane::changeEvent(QEvent* event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void DetailsPane::restyle()
{
    // Colours from the palette in use (text on Base, the explanation on its own tint), so a dark
    // palette gets light greys and a tint of Base; the light palette keeps its blue-greys.
    const QPalette& pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor explainBackground = relativeLuminance(base) > 0.5
                                         ? QColor(0xee, 0xf4, 0xfb)
                                         : composite(QColor(0x25, 0x6f, 0xd1, 40), base);
    const auto on = [&](const QColor& hue, const QColor& background) {
        return colourName(withContrast(hue, {background}, kTextContrast));
    };
    const QString sheet =
        QStringLiteral("td { padding: 1px 6px 1px 0; vertical-align: top; }"
                       "td.k { color: %1; }"
                       "td.h { font-weight: 600; padding-top: 8px; color: %2; }"
                       "p.explain { color: %3; background: %4; }"
                       "p.muted { color: %1; }"
                       "span.bad { color: %5; font-weight: 600; }"
                       "span.good { color: %6; font-weight: 600; }")
            .arg(on(QColor(0x5f, 0x6b, 0x76), base), on(QColor(0x2c, 0x3e, 0x50), base),
                 on(QColor(0x34, 0x49, 0x5e), explainBackground), colourName(explainBackground),
                 on(QColor(0xb0, 0x3a, 0x2e), base), on(QColor(0x1e, 0x7e, 0x4a), base));
    if (sheet == document()->defaultStyleSheet())
        return;
    document()->setDefaultStyleSheet(sheet);
    if (!m_html.isEmpty())
        setHtml(m_html); // the default style sheet applies when the HTML is set
}

void DetailsPane::setContent(const QString& html)
{
    if (html == m_html)
        return;
    m_html = html;
    const int scroll = verticalScrollBar()->value();
    setHtml(html);
    verticalScrollBar()->setValue(scroll);
}

void DetailsPane::setLadder(HandshakeLadder* ladder)
{
    m_ladder = ladder;
    if (m_ladder)
        m_ladder->clear();
}

void DetailsPane::setWaterfall(ConnectionWaterfall* waterfall)
{
    m_waterfall = waterfall;
    if (m_waterfall)
        m_waterfall->showConnection(0);
}

void DetailsPane::rememberFailedHandshake(ConnectionId id, const QString& endpoint,
                                          std::shared_ptr<const HandshakeTranscript> transcript)
{
    if (!transcript || transcript->empty())
        return;
    if (m_failed.size() >= kMaxFailedHandshakes)
        m_failed.pop_front();
    m_failed.push_back({id, endpoint, std::move(transcript)});
    if (m_placeholder)
        updateLadder(nullptr); // nothing selected: show the newest failure at once
}

const DetailsPane::FailedHandshake* DetailsPane::failedHandshake(ConnectionId id) const
{
    for (auto it = m_failed.rbegin(); it != m_failed.rend(); ++it) {
        if (it->id == id)
            return &*it;
    }
    return nullptr;
}

void DetailsPane::updateLadder(const ConnectionRow* r)
{
    if (!m_ladder)
        return;
    const FailedHandshake* failed =
        r ? failedHandshake(r->info.id) : (m_failed.empty() ? nullptr : &m_failed.back());
    if (failed) {
        m_ladder->showTranscript(
            *failed->transcript, false,
            tr("Failed handshake of connection #%1 (%2)").arg(failed->id).arg(failed->endpoint));
        return;
    }
    if (!r || !r->info.tls || r->info.tlsDetails.version.empty()) {
        m_ladder->clear();
        return;
    }
    m_ladder->showTranscript(r->info.tlsDetails.handshake, r->info.tlsDetails.resumed);
}

void DetailsPane::showSelectionCount(int count)
{
    m_id = 0;
    m_placeholder = false;
    if (m_ladder)
        m_ladder->clear();
    if (m_waterfall)
        m_waterfall->showConnection(0);
    setContent(
        QStringLiteral("<p class='muted'>%1</p>")
            .arg(esc(tr("%n connections selected. Close and Return act on all of them.", nullptr, count))));
}

void DetailsPane::showEvent(const ServiceEvent& event)
{
    m_id = event.id;
    if (m_waterfall)
        m_waterfall->showConnection(event.id); // still kept by the timeline, or hidden
    QString html = QStringLiteral("<h3 style='margin:0'>%1 <span style='color:%2'>%3</span></h3>")
                       .arg(esc(tr("Connection #%1").arg(event.id)),
                            colourName(readableText(closedColor(), QGuiApplication::palette())),
                            esc(eventKindText(event.kind)));
    html += QStringLiteral("<p class='explain'>%1</p><table>")
                .arg(esc(tr("This connection is no longer in the table: it left the pool longer ago than "
                            "View → Keep Closed Connections keeps rows. This is the event you chose.")));
    html += row(tr("Endpoint"), esc(event.endpoint));
    html += row(tr("When"), esc(QLocale().toString(event.time.toLocalTime(), QLocale::LongFormat)));
    html += row(tr("What"), esc(eventDescription(event)));
    if (event.error != ErrorCode::Ok)
        html += row(tr("Kind"), esc(errorCodeText(event.error)));
    if (event.reason != CloseReason::None)
        html += row(tr("Reason"), esc(closeReasonText(event.reason)));
    html += QStringLiteral("</table>");
    setContent(html);
}

void DetailsPane::showRow(const ConnectionRow* r, Clock::time_point now)
{
    updateLadder(r);
    // A row still in the pool that the timeline does not keep (over its cap) is drawn from the row.
    if (m_waterfall)
        m_waterfall->showConnection(r ? r->info.id : 0, r && !r->gone() ? &r->info : nullptr);
    m_placeholder = r == nullptr;
    if (!r) {
        m_id = 0;
        setContent(QStringLiteral("<p class='muted'>%1</p>")
                       .arg(esc(tr("Select a connection to see its timings, TLS parameters, certificate and "
                                   "what its state means."))));
        return;
    }
    // While the user has text of this connection selected (to copy it), the countdown waits:
    // re-rendering would drop the selection ten times a second.
    if (r->info.id == m_id && textCursor().hasSelection())
        return;
    m_id = r->info.id;
    setContent(renderHtml(*r, now));
}

QString DetailsPane::renderHtml(const ConnectionRow& r, Clock::time_point now)
{
    const ConnectionInfo& c = r.info;
    const QString state = r.gone() ? departedText(r.failed) : stateText(c.state);
    const QColor color =
        readableText(r.gone() ? closedColor() : stateColor(c.state), QGuiApplication::palette());
    QString html = QStringLiteral("<h3 style='margin:0'>%1 <span style='color:%2'>%3</span></h3>")
                       .arg(esc(tr("Connection #%1").arg(c.id)), color.name(), esc(state));
    QString explanation = stateExplanation(c.state);
    if (r.gone()) {
        explanation = r.failed ? tr("This dial failed before the connection could be used; its row "
                                    "stays greyed for a while so you can read why.")
                               : tr("This connection has left the pool; its row stays greyed for a "
                                    "while so you can read why.");
    }
    html += QStringLiteral("<p class='explain'>%1</p><table>").arg(esc(explanation));
    if (r.gone() && !r.departure.isEmpty())
        html += row(r.failed ? tr("Why it failed") : tr("Why it closed"),
                    QStringLiteral("<span class='bad'>%1</span>").arg(esc(r.departure)));

    html += row(tr("Endpoint"), esc(endpointText(c.host, c.port)));
    html +=
        row(tr("Reuse key"), QStringLiteral("<span style='font-size:small'>%1</span>").arg(esc(qs(c.key))));
    if (!c.label.empty())
        html += row(tr("Held by"), esc(qs(c.label)));
    html +=
        row(tr("Address"), c.remoteAddress.empty()
                               ? esc(tr("not connected yet"))
                               : esc(tr("%1 from local port %2").arg(qs(c.remoteAddress)).arg(c.localPort)));

    html += section(tr("Timings"));
    html += row(tr("Name resolution"), esc(formatMicros(c.timings.resolveUs)));
    html += row(tr("TCP connect"), esc(formatMicros(c.timings.connectUs)));
    if (c.timings.proxyUs > 0 || keyIsProxied(c.key))
        html += row(tr("Proxy tunnel"), esc(formatMicros(c.timings.proxyUs)));
    if (c.tls)
        html += row(tr("TLS handshake"), esc(formatMicros(c.timings.tlsUs)));
    html += row(tr("Age"), esc(ms(c.created, r.gone() ? r.goneSince : now)));
    if (!r.gone() && c.state == ConnectionState::InUse && c.inUseSince != Clock::time_point{})
        html += row(tr("In use for"), esc(ms(c.inUseSince, now)));
    if (!r.gone() && c.state == ConnectionState::Idle) {
        html += row(tr("Idle for"), esc(ms(c.lastUsed, now)));
        html +=
            row(tr("Keep-alive left"),
                esc(tr("%1 (%2)").arg(ms(now, c.keepAliveDeadline), keepAliveLimitText(c.keepAliveLimit))));
    }
    // The server's own clock runs from its last response, in use too: a holder keeping the
    // connection past it gets a connection the server may already have closed.
    if (!r.gone() && c.serverKeepAliveDeadline != Clock::time_point::max() &&
        (c.state == ConnectionState::InUse || c.state == ConnectionState::Idle))
        html +=
            row(tr("Server closes it in"),
                esc(now < c.serverKeepAliveDeadline ? ms(now, c.serverKeepAliveDeadline)
                                                    : tr("its time is up: the server may have closed it")));
    if (c.lifetimeDeadline != Clock::time_point::max() && c.lifetimeDeadline != Clock::time_point{})
        html += row(tr("Lifetime left"), esc(ms(now, c.lifetimeDeadline)));
    html += row(tr("Reused"), esc(tr("%n time(s)", nullptr, static_cast<int>(c.reuseCount))));

    if (c.tls) {
        const TlsDetails& t = c.tlsDetails;
        html += section(tr("TLS"));
        if (t.version.empty()) {
            html += row(tr("Session"), esc(tr("not established yet")));
        } else {
            html += row(tr("Version"), esc(qs(t.version)));
            html += row(tr("Cipher"), esc(qs(t.cipher)));
            html += row(tr("ALPN"), esc(t.alpn.empty() ? tr("none") : qs(t.alpn)));
            html += row(tr("Server name (SNI)"),
                        esc(t.serverName.empty() ? tr("none (IP address)") : qs(t.serverName)));
            html += row(tr("Session resumed"),
                        esc(t.resumed ? tr("yes, abbreviated handshake") : tr("no, full handshake")));
            // Not verified is either verification turned off or a problem the dial accepted: the
            // verify result below says which, the accepted problems are listed.
            html += row(tr("Verified"),
                        t.verified ? QStringLiteral("<span class='good'>%1</span>").arg(esc(tr("yes")))
                        : t.acceptedProblems.empty()
                            ? QStringLiteral("<span class='bad'>%1</span>").arg(esc(tr("no")))
                            : QStringLiteral("<span class='bad'>%1</span>")
                                  .arg(esc(tr("no: made despite %n accepted problem(s)", nullptr,
                                              static_cast<int>(t.acceptedProblems.size())))));
            html += certificateProblemRows(tr("Accepted problem"), t.acceptedProblems);
            html += section(tr("Certificate"));
            html += row(tr("Subject"), esc(qs(t.peerSubject)));
            html += row(tr("Issuer"), esc(qs(t.peerIssuer)));
            if (t.peerNotAfter != std::chrono::system_clock::time_point{}) {
                const auto secs =
                    std::chrono::duration_cast<std::chrono::seconds>(t.peerNotAfter.time_since_epoch());
                const QDateTime notAfter = QDateTime::fromSecsSinceEpoch(secs.count(), Qt::UTC);
                html += row(tr("Valid until"), esc(notAfter.toString(Qt::ISODate)));
            }
            html += row(tr("Verify result"), esc(qs(t.verifyResult)));
        }
    }

    html += WireLogHtml::section(c.wire); // empty unless capture was on for this plain connection

    const Error& e = c.lastError;
    if (!e.ok()) {
        html += section(tr("Last error"));
        html += row(tr("What"), QStringLiteral("<span class='bad'>%1</span>")
                                    .arg(esc(e.message.empty() ? errorCodeText(e.code) : qs(e.message))));
        html += row(tr("Kind"), esc(errorCodeText(e.code)));
        if (e.phase != DialPhase::None)
            html += row(tr("During"), esc(dialPhaseText(e.phase)));
        if (e.tlsVerifyResult != 0)
            html += row(tr("Verify result"), esc(tr("X509 error %1").arg(e.tlsVerifyResult)));
        html += certificateProblemRows(tr("Certificate problem"), e.certificateProblems);
        if (!e.tlsAlert.empty())
            html += row(tr("TLS alert"), esc(qs(e.tlsAlert)));
        if (e.systemError != 0)
            html += row(tr("System error"), esc(QString::number(e.systemError)));
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace poolscope::ui
