#include "widgets/phase_chart.h"

#include "util/presentation.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QGraphicsLayout>
#include <QHorizontalStackedBarSeries>
#include <QMap>
#include <QValueAxis>
#include <cmath>
#include <map>
#include <string_view>

namespace poolscope::ui {

namespace {

struct Sum
{
    double resolve = 0;
    double connect = 0;
    double tls = 0;
    int count = 0;
};

} // namespace

PhaseChart::PhaseChart(QWidget* parent) : QChartView(parent)
{
    setObjectName(QStringLiteral("phaseChart"));
    setAccessibleName(tr("Dial phase times chart"));
    setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart();
    chart->setTitle(tr("Dial phase times per host (average, ms)"));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(std::max(8.0, titleFont.pointSizeF() - 0.5));
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);

    auto* series = new QHorizontalStackedBarSeries(chart);
    const QString names[3] = {tr("Resolve"), tr("Connect"), tr("TLS")};
    const QColor colors[3] = {stateColor(ConnectionState::Resolving), stateColor(ConnectionState::Connecting),
                              stateColor(ConnectionState::Handshaking)};
    for (int i = 0; i < 3; ++i) {
        m_sets[i] = new QBarSet(names[i], series);
        m_sets[i]->setColor(colors[i]);
        m_sets[i]->setBorderColor(colors[i]);
        series->append(m_sets[i]);
    }
    series->setBarWidth(0.6);
    chart->addSeries(series);

    m_hosts = new QBarCategoryAxis(chart);
    QFont small = m_hosts->labelsFont();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() - 1.0));
    m_hosts->setLabelsFont(small);
    m_hosts->setTruncateLabels(false);
    m_ms = new QValueAxis(chart);
    m_ms->setRange(0, 1);
    m_ms->setLabelFormat(QStringLiteral("%.1f"));
    m_ms->setTickCount(5);
    chart->addAxis(m_hosts, Qt::AlignLeft);
    chart->addAxis(m_ms, Qt::AlignBottom);
    series->attachAxis(m_hosts);
    series->attachAxis(m_ms);
    // QChartView starts with a default chart and setChart() only releases it: delete it here.
    QChart* defaultChart = this->chart();
    setChart(chart);
    delete defaultChart;
    setMinimumHeight(160);
}

void PhaseChart::showSnapshot(const PoolSnapshot& snapshot)
{
    // Group by endpoint first (cheap), then name each group once.
    std::map<std::pair<std::string_view, quint16>, std::pair<Sum, const ConnectionInfo*>> byEndpoint;
    for (const ConnectionInfo& c : snapshot.connections) {
        if (c.timings.connectUs <= 0)
            continue; // still dialing, or reused before we saw it: no complete timings
        auto& [s, sample] = byEndpoint[{std::string_view(c.host), c.port}];
        s.resolve += static_cast<double>(c.timings.resolveUs) / 1000.0;
        s.connect += static_cast<double>(c.timings.connectUs) / 1000.0;
        s.tls += static_cast<double>(c.timings.tlsUs) / 1000.0;
        ++s.count;
        sample = &c;
    }
    QMap<QString, Sum> byHost;
    for (const auto& [endpoint, entry] : byEndpoint) {
        Sum& s = byHost[m_namer ? m_namer(*entry.second) : endpointText(endpoint.first, endpoint.second)];
        s.resolve += entry.first.resolve;
        s.connect += entry.first.connect;
        s.tls += entry.first.tls;
        s.count += entry.first.count;
    }
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

    QList<qreal> values[3];
    double peak = 0;
    for (const QString& host : hosts) {
        const Sum& s = byHost[host];
        const double n = s.count;
        values[0].append(s.resolve / n);
        values[1].append(s.connect / n);
        values[2].append(s.tls / n);
        peak = std::max(peak, (s.resolve + s.connect + s.tls) / n);
    }
    if (hosts != m_categories) {
        m_categories = hosts;
        m_hosts->clear();
        m_hosts->append(hosts.isEmpty() ? QStringList{tr("no connections yet")} : hosts);
        for (int i = 0; i < 3; ++i) {
            m_sets[i]->remove(0, m_sets[i]->count());
            m_sets[i]->append(values[i]);
        }
    } else {
        for (int i = 0; i < 3; ++i) {
            for (qsizetype j = 0; j < values[i].size(); ++j)
                m_sets[i]->replace(static_cast<int>(j), values[i].at(j));
        }
    }
    // Round the axis up to 1, 2 or 5 × 10^k so it does not jitter with every sample.
    const double target = std::max(0.5, peak * 1.15);
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double top = magnitude;
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        top = step * magnitude;
        if (top >= target)
            break;
    }
    if (std::abs(m_ms->max() - top) > 1e-9)
        m_ms->setRange(0, top);
}

double PhaseChart::value(int phase, int category) const
{
    if (phase < 0 || phase > 2 || category < 0 || category >= m_sets[phase]->count())
        return 0.0;
    return m_sets[phase]->at(category);
}

} // namespace poolscope::ui
