#include "charts/phase_chart.h"

#include "charts/chart_painting.h"
#include "util/presentation.h"

#include <QFontMetricsF>
#include <QMap>
#include <QPainter>
#include <algorithm>

namespace poolscope::ui {

namespace {

QColor phaseColor(int phase)
{
    switch (phase) {
    case PhaseChart::Resolve:
        return stateColor(ConnectionState::Resolving);
    case PhaseChart::Connect:
        return stateColor(ConnectionState::Connecting);
    case PhaseChart::Proxy:
        return proxyPhaseColor();
    default:
        return stateColor(ConnectionState::Handshaking);
    }
}

QString msText(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1);
}

} // namespace

PhaseChart::PhaseChart(QWidget* parent) : ChartWidget(parent)
{
    setObjectName(QStringLiteral("phaseChart"));
    setAccessibleName(tr("Dial phase times chart"));
    setAccessibleDescription(tr("No connections yet"));
}

void PhaseChart::clear()
{
    m_totals.clear();
    m_counted.clear();
    refresh();
}

void PhaseChart::showSnapshot(const PoolSnapshot& snapshot)
{
    // Each dial counts once, when a snapshot first shows its complete timings, and stays counted
    // after its connection closes: the averages cover every dial seen, not only the connections
    // open now. Only the ids of the latest snapshot are remembered (ids are never reused).
    std::unordered_set<ConnectionId> seen;
    seen.reserve(snapshot.connections.size());
    for (const ConnectionInfo& c : snapshot.connections) {
        if (c.timings.connectUs <= 0)
            continue; // still dialing, or reused before we saw it: no complete timings
        seen.insert(c.id);
        if (m_counted.contains(c.id))
            continue;
        Sum& s = m_totals[m_namer ? m_namer(c) : endpointText(c.host, c.port)];
        s.resolve += static_cast<double>(c.timings.resolveUs) / 1000.0;
        s.connect += static_cast<double>(c.timings.connectUs) / 1000.0;
        s.proxy += static_cast<double>(c.timings.proxyUs) / 1000.0;
        s.tls += static_cast<double>(c.timings.tlsUs) / 1000.0;
        ++s.count;
    }
    m_counted.swap(seen);
    refresh();
}

void PhaseChart::refresh()
{
    const QMap<QString, Sum>& byHost = m_totals;
    // The hosts with the most connections, shown in a stable (alphabetical) order.
    QList<std::pair<int, QString>> ranked;
    for (auto it = byHost.cbegin(); it != byHost.cend(); ++it)
        ranked.append({it.value().count, it.key()});
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    QStringList hosts;
    for (qsizetype i = 0; i < ranked.size() && i < kMaxHosts; ++i)
        hosts.append(ranked.at(i).second);
    std::sort(hosts.begin(), hosts.end());

    m_categories = hosts;
    m_rows.clear();
    double peak = 0;
    QStringList described;
    m_anyProxy = false;
    for (const QString& host : hosts) {
        const Sum s = byHost.value(host);
        const double n = s.count;
        Row row;
        row.ms = {s.resolve / n, s.connect / n, s.proxy / n, s.tls / n};
        row.connections = s.count;
        peak = std::max(peak, row.ms[Resolve] + row.ms[Connect] + row.ms[Proxy] + row.ms[Tls]);
        m_anyProxy = m_anyProxy || row.ms[Proxy] > 0;
        described.append(figures(host, row));
        m_rows.append(row);
    }
    // Round the axis up to 1, 2 or 5 × 10^k so it does not jitter with every sample.
    m_top = charts::niceCeiling(std::max(0.5, peak * 1.15));
    setAccessibleDescription(described.isEmpty() ? tr("No connections yet")
                                                 : described.join(QStringLiteral("; ")));
    update();
}

double PhaseChart::value(int phase, int category) const
{
    if (phase < 0 || phase >= PhaseCount || category < 0 || category >= m_rows.size())
        return 0.0;
    return m_rows.at(category).ms[static_cast<std::size_t>(phase)];
}

QStringList PhaseChart::shownCategories() const
{
    return m_categories.isEmpty() ? QStringList{tr("no connections yet")} : m_categories;
}

charts::Frame PhaseChart::frame() const
{
    const QStringList shown = shownCategories();
    const QString widest = *std::max_element(
        shown.begin(), shown.end(), [](const QString& a, const QString& b) { return a.size() < b.size(); });
    return charts::layoutFrame(*this, rect(), widest);
}

QString PhaseChart::title() const
{
    return tr("Dial phase times per host (average, ms)");
}

void PhaseChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QStringList shown = shownCategories();
    const charts::Frame frame = this->frame();
    QList<charts::LegendEntry> legend{{tr("Resolve"), phaseColor(Resolve)},
                                      {tr("Connect"), phaseColor(Connect)}};
    if (m_anyProxy) // only when a host shown was dialled through a proxy
        legend.append({tr("Proxy"), phaseColor(Proxy)});
    legend.append({tr("TLS"), phaseColor(Tls)});
    charts::paintFrame(painter, *this, frame, title(), legend);
    const QFontMetricsF fm(font());
    const QList<double> xTicks = charts::ticks(
        m_top, charts::fittingTicks(frame.plot.width(), fm.horizontalAdvance(QStringLiteral("0000")), 5));
    const int decimals = xTicks.size() > 1 && xTicks.at(1) < 1 ? 1 : 0;
    charts::paintBottomAxis(painter, *this, frame.plot, 0, m_top, xTicks,
                            [decimals](double v) { return QString::number(v, 'f', decimals); });
    charts::paintLeftCategories(painter, *this, frame.plot, frame.leftAxisWidth, shown);

    const QRectF plot = frame.plot;
    const qreal band = plot.height() / static_cast<qreal>(shown.size());
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const qreal y = plot.top() + band * (static_cast<qreal>(i) + 0.2);
        qreal x = plot.left();
        for (int phase = 0; phase < PhaseCount; ++phase) {
            const qreal w = m_rows.at(i).ms[static_cast<std::size_t>(phase)] / m_top * plot.width();
            if (w > 0)
                painter.fillRect(QRectF(x, y, w, band * 0.6), phaseColor(phase));
            x += w;
        }
    }
}

QString PhaseChart::toolTipAt(QPointF pos) const
{
    const QRectF plot = frame().plot;
    if (m_rows.isEmpty() || !plot.contains(pos))
        return {};
    const auto index =
        static_cast<qsizetype>((pos.y() - plot.top()) / (plot.height() / static_cast<qreal>(m_rows.size())));
    if (index < 0 || index >= m_rows.size())
        return {};
    const Row& row = m_rows.at(index);
    return tr("%1 (average of %n connection(s))", nullptr, row.connections)
        .arg(figures(m_categories.at(index), row));
}

QString PhaseChart::figures(const QString& host, const Row& row)
{
    if (row.ms[Proxy] > 0)
        return tr("%1: resolve %2 ms, connect %3 ms, proxy %4 ms, TLS %5 ms")
            .arg(host, msText(row.ms[Resolve]), msText(row.ms[Connect]), msText(row.ms[Proxy]),
                 msText(row.ms[Tls]));
    return tr("%1: resolve %2 ms, connect %3 ms, TLS %4 ms")
        .arg(host, msText(row.ms[Resolve]), msText(row.ms[Connect]), msText(row.ms[Tls]));
}

} // namespace poolscope::ui
