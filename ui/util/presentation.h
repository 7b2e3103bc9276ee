#pragma once
// How the monitor shows engine values: state names, colours and icons, durations, TLS summaries,
// event descriptions. Every user-visible string is translatable (context "poolscope::ui::Text").

#include "poolscope/service/service_types.h"

#include <QColor>
#include <QIcon>
#include <QString>
#include <chrono>
#include <string_view>

namespace poolscope::ui {

[[nodiscard]] QString stateText(ConnectionState state);
/// The learner's sentence for a state (engine explain()), translatable.
[[nodiscard]] QString stateExplanation(ConnectionState state);
/// A calm, readable colour per state (text and chart series use the same one).
[[nodiscard]] QColor stateColor(ConnectionState state);
/// The colour of a dial's proxy tunnel phase (timelines, phase chart): a connection in it is
/// Connecting, so it needs its own.
[[nodiscard]] QColor proxyPhaseColor();
[[nodiscard]] QIcon stateIcon(ConnectionState state);
/// Icon and colour for a row that has left the pool but is still shown (the red "closed" rows).
[[nodiscard]] QIcon closedIcon();
[[nodiscard]] QColor closedColor();
[[nodiscard]] QString closedText();
/// "Failed" for a dial that failed, else closedText(): the state of a row that left the pool.
[[nodiscard]] QString departedText(bool failed);

[[nodiscard]] QString closeReasonText(CloseReason reason);
/// Which limit ends an idle connection ("the server's Keep-Alive"), to follow "ends by".
[[nodiscard]] QString keepAliveLimitText(KeepAliveLimit limit);
[[nodiscard]] QString errorCodeText(ErrorCode code);
[[nodiscard]] QString dialPhaseText(DialPhase phase);
[[nodiscard]] QString eventKindText(ServiceEvent::Kind kind);

/// 0 = information, 1 = warning, 2 = error.
[[nodiscard]] int eventSeverity(const ServiceEvent& event);
/// The event in words; failures say why (the service's message carries verify result and alert).
[[nodiscard]] QString eventDescription(const ServiceEvent& event);

/// "850 ms", "4.2 s", "1 min 05 s", "2 h 03 min". Negative durations show as 0.
[[nodiscard]] QString formatDuration(std::chrono::milliseconds duration);
/// Microseconds as milliseconds with two decimals ("1.23 ms"), "—" for 0.
[[nodiscard]] QString formatMicros(qint64 us);
/// "host:port", with IPv6 literals in brackets.
[[nodiscard]] QString endpointText(std::string_view host, quint16 port);
/// "TLSv1.3 · TLS_AES_256_GCM_SHA384 · resumed", or "plain" for TCP.
[[nodiscard]] QString tlsSummary(const ConnectionInfo& info);
[[nodiscard]] QString dash();

[[nodiscard]] inline QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace poolscope::ui
