#include "util/presentation.h"

#include <QCoreApplication>

namespace poolscope::ui {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::Text)
};
} // namespace

QString dash()
{
    return QStringLiteral("\u2014");
}

QString stateText(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Free:
        return Text::tr("Free");
    case ConnectionState::Resolving:
        return Text::tr("Resolving");
    case ConnectionState::Connecting:
        return Text::tr("Connecting");
    case ConnectionState::Handshaking:
        return Text::tr("TLS handshake");
    case ConnectionState::Idle:
        return Text::tr("Idle");
    case ConnectionState::InUse:
        return Text::tr("In use");
    case ConnectionState::Closing:
        return Text::tr("Closing");
    }
    return Text::tr("Unknown");
}

// The engine's sentences (core/engine/src/connection_state.cpp, explain()), listed word for word so
// lupdate offers them to translators; keep them in step (ui_german fails when one no longer matches).
[[maybe_unused]] constexpr const char* kStateExplanations[] = {
    QT_TRANSLATE_NOOP("poolscope::ui::Text", "An empty slot: the pool may open a new connection here."),
    QT_TRANSLATE_NOOP("poolscope::ui::Text",
                      "Looking up the host name's addresses (DNS or /etc/hosts) before connecting."),
    QT_TRANSLATE_NOOP("poolscope::ui::Text",
                      "The TCP three-way handshake is under way; addresses are raced Happy-Eyeballs style."),
    QT_TRANSLATE_NOOP("poolscope::ui::Text",
                      "TCP is up; client and server are negotiating TLS and checking the certificate."),
    QT_TRANSLATE_NOOP("poolscope::ui::Text",
                      "Open and unused: the next dial for the same host, port and TLS settings reuses it "
                      "instead of paying for a new TCP and TLS handshake, until its keep-alive runs out."),
    QT_TRANSLATE_NOOP("poolscope::ui::Text",
                      "Handed out to a caller, who returns it for reuse or closes it when done."),
    QT_TRANSLATE_NOOP("poolscope::ui::Text",
                      "Being closed: TLS close_notify is sent and the socket released."),
};

QString stateExplanation(ConnectionState state)
{
    // The engine's sentence is English; it is shown through tr() so translators can replace it.
    const std::string_view text = explain(state);
    const QByteArray utf8(text.data(), static_cast<qsizetype>(text.size()));
    return QCoreApplication::translate("poolscope::ui::Text", utf8.constData());
}

QColor stateColor(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Free:
        return QColor(0x95, 0xa5, 0xa6);
    case ConnectionState::Resolving:
        return QColor(0x8e, 0x5b, 0xb0);
    case ConnectionState::Connecting:
        return QColor(0xc9, 0x7a, 0x1c);
    case ConnectionState::Handshaking:
        return QColor(0xb0, 0x8a, 0x10);
    case ConnectionState::Idle:
        return QColor(0x21, 0x8c, 0x53);
    case ConnectionState::InUse:
        return QColor(0x25, 0x6f, 0xd1);
    case ConnectionState::Closing:
        return QColor(0xc0, 0x39, 0x2b);
    }
    return QColor(Qt::gray);
}

QColor proxyPhaseColor()
{
    return QColor(0x79, 0x55, 0x48);
}

namespace {
/// State icons keep their colours in selected rows: an icon with only a Normal pixmap lets the style
/// tint the other modes into the highlight colour, so each size is added for every mode.
QIcon badge(const char* name)
{
    const QIcon source(QStringLiteral(":/icons/states/%1.png").arg(QLatin1String(name)));
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48}) {
        const QPixmap pixmap = source.pixmap(QSize(size, size));
        for (QIcon::Mode mode : {QIcon::Normal, QIcon::Selected, QIcon::Active})
            icon.addPixmap(pixmap, mode);
    }
    return icon;
}
} // namespace

QIcon stateIcon(ConnectionState state)
{
    static const QIcon icons[] = {badge("free"),        badge("resolving"), badge("connecting"),
                                  badge("handshaking"), badge("idle"),      badge("in-use"),
                                  badge("closing")};
    const auto index = static_cast<std::size_t>(state);
    return index < std::size(icons) ? icons[index] : QIcon();
}

QIcon closedIcon()
{
    static const QIcon icon = badge("closed");
    return icon;
}

QColor closedColor()
{
    return QColor(0xc0, 0x39, 0x2b);
}

QString closedText()
{
    return Text::tr("Closed");
}

QString departedText(bool failed)
{
    return failed ? Text::tr("Failed") : closedText();
}

QString keepAliveLimitText(KeepAliveLimit limit)
{
    switch (limit) {
    case KeepAliveLimit::Pool:
        return Text::tr("the pool's keep-alive");
    case KeepAliveLimit::Holder:
        return Text::tr("the keep-alive its holder set");
    case KeepAliveLimit::Server:
        return Text::tr("the server's Keep-Alive");
    case KeepAliveLimit::Lifetime:
        return Text::tr("the pool's maximum lifetime");
    }
    return {};
}

QString closeReasonText(CloseReason reason)
{
    switch (reason) {
    case CloseReason::None:
        return QString();
    case CloseReason::Requested:
        return Text::tr("closed by its holder");
    case CloseReason::DialFailed:
        return Text::tr("the dial failed");
    case CloseReason::Stale:
        return Text::tr("stale: the peer closed or wrote to it while idle");
    case CloseReason::Expired:
        return Text::tr("idle past its keep-alive");
    case CloseReason::Lifetime:
        return Text::tr("older than the maximum lifetime");
    case CloseReason::Evicted:
        return Text::tr("evicted to make room for another host");
    case CloseReason::Shutdown:
        return Text::tr("pool shutdown or close idle");
    case CloseReason::PoolDestroyed:
        return Text::tr("the pool was destroyed");
    case CloseReason::Error:
        return Text::tr("an I/O error while in use");
    case CloseReason::OverLimit:
        return Text::tr("idle, and the connection limit was lowered below the connections open");
    case CloseReason::NotReusable:
        return Text::tr("not reusable: upgraded to TLS for another host name (a tunnel), or its holder "
                        "changed a socket option the pool cannot put back");
    case CloseReason::ForceClosed:
        return Text::tr("closed by force while in use (shut down at once, freed when its holder let go)");
    }
    return QString();
}

QString errorCodeText(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok:
        return Text::tr("OK");
    case ErrorCode::InvalidArgument:
        return Text::tr("invalid argument");
    case ErrorCode::ResolveFailed:
        return Text::tr("name resolution failed");
    case ErrorCode::ConnectionRefused:
        return Text::tr("connection refused");
    case ErrorCode::HostUnreachable:
        return Text::tr("host unreachable");
    case ErrorCode::NetworkUnreachable:
        return Text::tr("network unreachable");
    case ErrorCode::ConnectionReset:
        return Text::tr("connection reset");
    case ErrorCode::TimedOut:
        return Text::tr("timed out");
    case ErrorCode::Cancelled:
        return Text::tr("cancelled");
    case ErrorCode::HandshakeFailed:
        return Text::tr("TLS handshake failed");
    case ErrorCode::OutOfResources:
        return Text::tr("pool full");
    case ErrorCode::ShutDown:
        return Text::tr("pool shut down");
    case ErrorCode::InvalidHandle:
        return Text::tr("not a lease (already returned or closed)");
    case ErrorCode::SocketError:
        return Text::tr("socket error");
    case ErrorCode::TooManyOpenFiles:
        return Text::tr("too many open files");
    case ErrorCode::UnexpectedEof:
        return Text::tr("closed without TLS close_notify");
    case ErrorCode::ProxyFailed:
        return Text::tr("proxy failed");
    }
    return Text::tr("error");
}

QString dialPhaseText(DialPhase phase)
{
    switch (phase) {
    case DialPhase::None:
        return QString();
    case DialPhase::Validate:
        return Text::tr("validation");
    case DialPhase::Resolve:
        return Text::tr("name resolution");
    case DialPhase::Connect:
        return Text::tr("TCP connect");
    case DialPhase::Handshake:
        return Text::tr("TLS handshake");
    case DialPhase::Io:
        return Text::tr("I/O");
    case DialPhase::Proxy:
        return Text::tr("proxy");
    }
    return QString();
}

QString eventKindText(ServiceEvent::Kind kind)
{
    using K = ServiceEvent::Kind;
    switch (kind) {
    case K::DialStarted:
        return Text::tr("Dial started");
    case K::Resolved:
        return Text::tr("Resolved");
    case K::Connected:
        return Text::tr("Connected");
    case K::HandshakeDone:
        return Text::tr("TLS established");
    case K::Acquired:
        return Text::tr("Acquired");
    case K::Released:
        return Text::tr("Returned");
    case K::Closed:
        return Text::tr("Closed");
    case K::DialFailed:
        return Text::tr("Dial failed");
    case K::ShutdownStarted:
        return Text::tr("Shutdown");
    case K::Reopened:
        return Text::tr("Reopened");
    case K::WaiterQueued:
        return Text::tr("Waiting");
    case K::WaiterServed:
        return Text::tr("Wait served");
    case K::WaiterTimedOut:
        return Text::tr("Wait timed out");
    case K::WaiterCancelled:
        return Text::tr("Wait cancelled");
    case K::LeakSuspected:
        return Text::tr("Leak suspected");
    case K::ProbeCompleted:
        return Text::tr("HTTP probe");
    case K::ProbeFailed:
        return Text::tr("HTTP probe failed");
    case K::WarmupFailed:
        return Text::tr("Warm-up failed");
    case K::ParamsChanged:
        return Text::tr("Settings applied");
    case K::Drained:
        return Text::tr("Drained");
    case K::Count:
        break;
    }
    return Text::tr("Event");
}

int eventSeverity(const ServiceEvent& event)
{
    using K = ServiceEvent::Kind;
    switch (event.kind) {
    case K::DialFailed:
    case K::WaiterTimedOut:
    case K::ProbeFailed:
    case K::WarmupFailed:
        return 2;
    case K::LeakSuspected:
        return 1;
    case K::Closed:
        if (event.reason == CloseReason::Error || event.reason == CloseReason::DialFailed)
            return 2;
        if (event.reason == CloseReason::Stale || event.error != ErrorCode::Ok)
            return 1;
        return 0;
    default:
        return event.error != ErrorCode::Ok ? 1 : 0;
    }
}

QString eventDescription(const ServiceEvent& event)
{
    using K = ServiceEvent::Kind;
    QString text = event.message;
    if (text.isEmpty()) {
        switch (event.kind) {
        case K::Closed:
            text = closeReasonText(event.reason);
            break;
        case K::Acquired:
            text = event.reused ? Text::tr("reused an idle connection") : Text::tr("new connection");
            break;
        case K::DialFailed:
        case K::WaiterTimedOut:
        case K::ProbeFailed:
        case K::WarmupFailed:
            text = errorCodeText(event.error);
            break;
        default:
            break;
        }
    }
    // A handshake failure always says so first, then why (the engine's verify result / alert).
    if (event.error == ErrorCode::HandshakeFailed &&
        !text.contains(QLatin1String("handshake"), Qt::CaseInsensitive))
        text = text.isEmpty() ? errorCodeText(event.error)
                              : Text::tr("%1: %2").arg(errorCodeText(event.error), text);
    if (!event.label.isEmpty() && event.kind != K::ParamsChanged)
        text =
            text.isEmpty() ? Text::tr("[%1]").arg(event.label) : Text::tr("%1 [%2]").arg(text, event.label);
    return text;
}

QString formatDuration(std::chrono::milliseconds duration)
{
    const qint64 ms = std::max<qint64>(0, duration.count());
    if (ms < 1000)
        return Text::tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return Text::tr("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return Text::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return Text::tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0'));
}

QString formatMicros(qint64 us)
{
    if (us <= 0)
        return dash();
    return Text::tr("%1 ms").arg(static_cast<double>(us) / 1000.0, 0, 'f', 2);
}

QString endpointText(std::string_view host, quint16 port)
{
    const QString h = qs(host);
    if (h.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(h).arg(port);
    return QStringLiteral("%1:%2").arg(h).arg(port);
}

QString tlsSummary(const ConnectionInfo& info)
{
    if (!info.tls)
        return Text::tr("plain");
    const TlsDetails& t = info.tlsDetails;
    if (t.version.empty())
        return Text::tr("TLS (pending)");
    // TLS 1.3 suite names all start with "TLS_"; the version already says so.
    QString cipher = qs(t.cipher);
    if (cipher.startsWith(QLatin1String("TLS_")))
        cipher.remove(0, 4);
    QString text = qs(t.version) + QStringLiteral(" \u00b7 ") + cipher;
    if (t.resumed)
        text += QStringLiteral(" \u00b7 ") + Text::tr("resumed");
    if (!t.verified)
        text += QStringLiteral(" \u00b7 ") + Text::tr("unverified");
    return text;
}

} // namespace poolscope::ui
