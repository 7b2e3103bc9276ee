#pragma once
// Dial phase times (name resolution, TCP connect, TLS handshake), averaged per host over every
// dial the snapshots showed since the last clear() (closed connections included), as stacked
// horizontal bars in milliseconds, drawn with QPainter. Hovering a bar shows its figures.

#include "charts/chart_painting.h"
#include "charts/chart_widget.h"
#include "poolscope/service/service_types.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <array>
#include <functional>
#include <unordered_set>

namespace poolscope::ui {

class PhaseChart : public ChartWidget
{
    Q_OBJECT
public:
    enum Phase
    {
        Resolve,
        Connect,
        Proxy, ///< the proxy's tunnel handshake; 0 for hosts dialled directly
        Tls,
        PhaseCount
    };
    Q_ENUM(Phase)

    explicit PhaseChart(QWidget* parent = nullptr);

    /// How a connection's host is labelled (default "host:port"); the window names lab servers.
    void setEndpointNamer(std::function<QString(const ConnectionInfo&)> namer) { m_namer = std::move(namer); }
    /// Counts the dials this snapshot shows for the first time.
    void showSnapshot(const PoolSnapshot& snapshot);
    /// Forgets every dial counted (a new source, or a replay moved back).
    void clear();
    [[nodiscard]] QStringList categories() const { return m_categories; }
    /// Average of one phase for one category, ms (0 outside the ranges).
    [[nodiscard]] double value(int phase, int category) const;
    /// The value axis' top, ms: 1, 2 or 5 × 10^k above the longest bar.
    [[nodiscard]] double axisTop() const { return m_top; }
    /// The figures of the host whose bar is at `pos`, empty elsewhere.
    [[nodiscard]] QString toolTipAt(QPointF pos) const override;
    [[nodiscard]] QString title() const override;

    static constexpr int kMaxHosts = 5;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Sum
    {
        double resolve = 0;
        double connect = 0;
        double proxy = 0;
        double tls = 0;
        int count = 0;
    };
    struct Row
    {
        std::array<double, PhaseCount> ms{};
        int connections = 0;
    };
    void refresh(); ///< rows, axis and description from m_totals
    /// "host: resolve … ms, connect … ms, [proxy … ms,] TLS … ms" (the proxy only when it took time).
    [[nodiscard]] static QString figures(const QString& host, const Row& row);
    [[nodiscard]] QStringList shownCategories() const;
    /// Where the title, plot and legend go for the categories shown now.
    [[nodiscard]] charts::Frame frame() const;

    QMap<QString, Sum> m_totals;                ///< per host, every dial counted
    std::unordered_set<ConnectionId> m_counted; ///< counted ids of the latest snapshot
    QStringList m_categories;
    QList<Row> m_rows;
    bool m_anyProxy = false; ///< a host shown was dialled through a proxy: the legend names it
    double m_top = 1;
    std::function<QString(const ConnectionInfo&)> m_namer;
};

} // namespace poolscope::ui
