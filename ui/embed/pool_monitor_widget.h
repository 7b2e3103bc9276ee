#pragma once
// PoolMonitorWidget: a live view of a pool for any Qt Widgets app, in a few lines.
//
//   auto* service = …;                                   // your PoolScope::PoolService
//   auto* monitor = new poolscope::ui::PoolMonitorWidget(service, parent);
//   layout->addWidget(monitor);
//
// It shows what PoolScope's own window shows at its core: the pool's counters, the connections
// table (filter bar, sortable, live keep-alive countdowns, closed and failed connections kept a
// while, greyed, with their reason), the per-host summary and the event log. It reads the pool
// only through a MonitorSource, so the same widget shows another process's published pool
// (attach) or a recorded trace (replay). It offers no actions: it never acquires, closes or
// changes anything, so it can sit in a production app's debug panel.
//
// Threads: create and use it on the GUI thread only. It never blocks on the pool: snapshots and
// events arrive as signals from the service's worker thread, and it applies at most one snapshot
// per interval (100 ms, ~10 Hz; setUpdateInterval()).
// Lifetime: the service (or source) may be destroyed before the widget: the widget then keeps the
// last state it showed and says so in the counters' place of the status line. A source it was
// given stays owned by the caller; the LiveSource it makes for a PoolService is its own child.

#include "poolscope/service/monitor_source.h"

#include <QWidget>
#include <chrono>

class QLabel;
class QTabWidget;
class QTableView;

namespace poolscope {
class PoolService;
}

namespace poolscope::ui {

class ConnectionsModel;
class ConnectionsPanel;
class CountersPanel;
class EventLogModel;
class EventLogPanel;
class HostSummaryModel;
class SnapshotThrottle;

/// A live, read-only view of one pool for another app's window (contracts at the top of this
/// header). GUI thread only.
class PoolMonitorWidget : public QWidget
{
    Q_OBJECT
public:
    /// Shows `service`'s pool through a LiveSource the widget owns. `service` may be null (the
    /// widget then shows an empty pool and "no pool").
    explicit PoolMonitorWidget(PoolService* service, QWidget* parent = nullptr);
    /// Shows whatever `source` shows (live, attached or replayed). The caller keeps ownership;
    /// `source` must live on the GUI thread. Null shows "no pool".
    explicit PoolMonitorWidget(MonitorSource* source, QWidget* parent = nullptr);
    ~PoolMonitorWidget() override; ///< stops watching; the service and a given source live on

    /// How often a new snapshot may be shown. Default 100 ms; 10 ms … 10 s (clamped).
    void setUpdateInterval(std::chrono::milliseconds interval);
    /// How long closed and failed connections stay in the table (greyed). Default 30 s; 0 …
    /// 1 h (clamped); 0 drops them at once.
    void setClosedLinger(std::chrono::milliseconds linger);

    // The parts, for apps that want to arrange or extend them (all owned by this widget).
    [[nodiscard]] ConnectionsModel* connectionsModel() const
    {
        return m_connections;
    }                                                                            ///< one row per connection
    [[nodiscard]] HostSummaryModel* hostSummaryModel() const { return m_hosts; } ///< one row per reuse key
    [[nodiscard]] EventLogModel* eventLogModel() const { return m_events; }      ///< the events, newest last
    [[nodiscard]] ConnectionsPanel* connectionsPanel() const
    {
        return m_connectionsPanel;
    }                                                                         ///< table + filter bar
    [[nodiscard]] CountersPanel* countersPanel() const { return m_counters; } ///< the pool's figures
    [[nodiscard]] EventLogPanel* eventLogPanel() const { return m_eventLog; } ///< event table + filter
    [[nodiscard]] QTableView* hostsView() const { return m_hostsView; }       ///< the per-host table
    /// The line under the counters: which pool is shown and whether it is still there.
    [[nodiscard]] QString statusText() const;
    /// Snapshots shown so far (for apps and tests that wait for the first one).
    [[nodiscard]] quint64 snapshotsShown() const;

Q_SIGNALS:
    /// A snapshot was shown (at most once per update interval).
    void snapshotShown(const poolscope::SnapshotPtr& snapshot);

private:
    void build();
    void attach(MonitorSource* source);
    void showSnapshot(const SnapshotPtr& snapshot);
    void onEvents(const QList<ServiceEvent>& events);
    void onReset();
    void updateStatus();

    MonitorSource* m_source = nullptr;
    bool m_sourceGone = false;
    SnapshotThrottle* m_throttle = nullptr;
    ConnectionsModel* m_connections = nullptr;
    HostSummaryModel* m_hosts = nullptr;
    EventLogModel* m_events = nullptr;
    CountersPanel* m_counters = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
    ConnectionsPanel* m_connectionsPanel = nullptr;
    QTableView* m_hostsView = nullptr;
    EventLogPanel* m_eventLog = nullptr;
};

} // namespace poolscope::ui
