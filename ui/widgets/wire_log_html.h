#pragma once
// The wire log of a plain TCP connection (ConnectionInfo::wire) as rows of the details pane:
// time since connect, a direction arrow, the size and the first bytes (escaped), FIN / RST /
// half-close in words, and one line on what FIN, RST and a half-close mean.

#include "poolscope/wire_log.h"

#include <QCoreApplication>
#include <QString>

namespace poolscope::ui {

class WireLogHtml
{
    Q_DECLARE_TR_FUNCTIONS(WireLogHtml)
public:
    /// One wire event as plain text (no HTML): "→ 78 B  GET / HTTP/1.1\r\nHost: …".
    [[nodiscard]] static QString eventText(const WireEvent& event);
    /// The section for the details pane's table (a heading, one row per event, the explanation),
    /// or empty when the log is.
    [[nodiscard]] static QString section(const WireLog& log);
    /// The one line on FIN, RST and half-close (shown when the log has one of them).
    [[nodiscard]] static QString finRstExplanation();
};

} // namespace poolscope::ui
