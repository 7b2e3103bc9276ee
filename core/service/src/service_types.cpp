// The service's value types for Qt: PoolSnapshot's lists as QVariantLists, and qDebug() lines.
#include "poolscope/service/service_types.h"

#include "enum_key.h"

namespace poolscope {
namespace {

template <class Row> QVariantList toVariants(const QList<Row>& rows)
{
    QVariantList out;
    out.reserve(rows.size());
    for (const auto& row : rows)
        out.push_back(QVariant::fromValue(row));
    return out;
}

} // namespace

QVariantList PoolSnapshot::hostList() const
{
    return toVariants(hosts);
}

QVariantList PoolSnapshot::warmupList() const
{
    return toVariants(warmup);
}

QDebug operator<<(QDebug debug, const Lease& lease)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::Lease(";
    if (lease.id == 0)
        return debug << "none)";
    debug << '#' << lease.id << ", " << (lease.tls ? "tls://" : "tcp://") << lease.host.toUtf8().constData()
          << ':' << lease.port;
    if (lease.reused)
        debug << ", reused";
    if (!lease.label.isEmpty())
        debug << ", label " << lease.label;
    return debug << ')';
}

QDebug operator<<(QDebug debug, const ProbeResult& probe)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::ProbeResult(" << probe.statusLine << ", " << probe.bodyBytes << " bytes, "
                    << probe.elapsedUs << " us";
    if (!probe.contentType.isEmpty())
        debug << ", " << probe.contentType;
    if (probe.keepAliveSeconds >= 0)
        debug << ", keep-alive " << probe.keepAliveSeconds << " s";
    if (probe.serverClosed)
        debug << ", server closed";
    return debug << ')';
}

QDebug operator<<(QDebug debug, const HostRow& row)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::HostRow(" << row.key << ", active " << row.active << ", idle " << row.idle
                    << ", connecting " << row.connecting << ", waiting " << row.waiting << ", max "
                    << row.max;
    if (row.waiting > 0)
        debug << ", oldest waiter " << row.oldestWaiterAgeMs << " ms";
    return debug << ')';
}

QDebug operator<<(QDebug debug, const WarmupRow& row)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::WarmupRow(" << row.key << ", min idle " << row.minIdle << ", idle "
                    << row.idle << ", dialing " << row.dialing << ", successes " << row.successes
                    << ", failures " << row.failures;
    if (row.consecutiveFailures > 0)
        debug << " (" << row.consecutiveFailures << " in a row, backoff " << row.backoffMs() << " ms)";
    if (row.lastErrorCode != ErrorCode::Ok)
        debug << ", last " << detail::enumKey(row.qtLastErrorCode()) << ' ' << row.lastError;
    return debug << ')';
}

QDebug operator<<(QDebug debug, const ServiceEvent& event)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::ServiceEvent(" << detail::enumKey(event.kind);
    if (event.id != 0)
        debug << ", #" << event.id;
    if (!event.endpoint.isEmpty())
        debug << ", " << event.endpoint.toUtf8().constData();
    if (event.reason != CloseReason::None)
        debug << ", reason " << detail::enumKey(event.qtReason());
    if (event.error != ErrorCode::Ok)
        debug << ", error " << detail::enumKey(event.qtError());
    if (event.reused)
        debug << ", reused";
    if (event.value != 0)
        debug << ", value " << event.value;
    if (!event.label.isEmpty())
        debug << ", label " << event.label;
    if (!event.message.isEmpty())
        debug << ", " << event.message;
    return debug << ')';
}

} // namespace poolscope
