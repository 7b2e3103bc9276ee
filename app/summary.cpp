#include "summary.h"

namespace poolscope::app {

QString poolSummary(const PoolSnapshot& snapshot)
{
    const PoolStats& s = snapshot.stats;
    const quint64 handshake = s.handshakeFailures;
    const quint64 resolve = s.resolveFailures;
    const quint64 socket = s.socketErrors;
    const quint64 timeouts = s.timeouts + snapshot.waiterTimeouts;
    return QStringLiteral("PoolScope summary: in use %1, idle %2, dials %3, reuses %4, failures %5 "
                          "(handshake %6, resolve %7, socket %8, timeouts %9)")
        .arg(s.inUse)
        .arg(s.idle)
        .arg(s.dials)
        .arg(s.reuses)
        .arg(handshake + resolve + socket + timeouts)
        .arg(handshake)
        .arg(resolve)
        .arg(socket)
        .arg(timeouts);
}

} // namespace poolscope::app
