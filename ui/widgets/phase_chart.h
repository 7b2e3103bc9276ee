#pragma once
// Dial phase times (name resolution, TCP connect, TLS handshake), averaged per host over the
// connections in the latest snapshot, as stacked horizontal bars in milliseconds.

#include "poolscope/service/service_types.h"

#include <QChartView>
#include <QStringList>
#include <functional>

class QBarCategoryAxis;
class QBarSet;
class QValueAxis;

namespace poolscope::ui {

class PhaseChart : public QChartView
{
    Q_OBJECT
public:
    explicit PhaseChart(QWidget* parent = nullptr);

    /// How a connection's host is labelled (default "host:port"); the window names lab servers.
    void setEndpointNamer(std::function<QString(const ConnectionInfo&)> namer) { m_namer = std::move(namer); }
    void showSnapshot(const PoolSnapshot& snapshot);
    [[nodiscard]] QStringList categories() const { return m_categories; }
    /// Average of one phase for one category, ms (for tests).
    [[nodiscard]] double value(int phase, int category) const;

    static constexpr int kMaxHosts = 5;

private:
    QBarSet* m_sets[3] = {};
    QBarCategoryAxis* m_hosts = nullptr;
    QValueAxis* m_ms = nullptr;
    QStringList m_categories;
    std::function<QString(const ConnectionInfo&)> m_namer;
};

} // namespace poolscope::ui
