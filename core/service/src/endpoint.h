#pragma once
// Reuse-key text shared by the service's queue, snapshots and events.

#include <QString>

namespace poolscope::detail {

/// "tls://host:port" / "tcp://host:port" (IPv6 literals in brackets), host lower-cased, like the
/// engine's ConnectionInfo::key without TLS-option suffix.
inline QString endpointKey(const QString& host, quint16 port, bool tls)
{
    const QString h = host.toLower();
    const QString hostPart = h.contains(QLatin1Char(':')) && !h.startsWith(QLatin1Char('['))
                                 ? QLatin1Char('[') + h + QLatin1Char(']')
                                 : h;
    return (tls ? QStringLiteral("tls://") : QStringLiteral("tcp://")) + hostPart + QLatin1Char(':') +
           QString::number(port);
}

} // namespace poolscope::detail
