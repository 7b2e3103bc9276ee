#include "embed/pool_monitor_widget.h"

#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "models/host_summary_model.h"
#include "models/snapshot_throttle.h"
#include "poolscope/service/live_source.h"
#include "poolscope/service/pool_service.h"
#include "util/resources.h"
#include "util/source_text.h"
#include "widgets/cell_tool_tip_delegate.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"
#include "widgets/event_log_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <span>

namespace poolscope::ui {

using namespace std::chrono_literals;

PoolMonitorWidget::PoolMonitorWidget(PoolService* service, QWidget* parent) : QWidget(parent)
{
    build();
    if (!service) {
        attach(nullptr);
        return;
    }
    auto* source = new LiveSource(service, this);
    // The service may go first: the source then keeps its last snapshot, and this says so.
    connect(service, &QObject::destroyed, this, [this] {
        m_sourceGone = true;
        updateStatus();
    });
    attach(source);
}

PoolMonitorWidget::PoolMonitorWidget(MonitorSource* source, QWidget* parent) : QWidget(parent)
{
    build();
    if (source) {
        connect(source, &QObject::destroyed, this, [this] {
            m_source = nullptr;
            m_sourceGone = true;
            updateStatus();
        });
    }
    attach(source);
}

PoolMonitorWidget::~PoolMonitorWidget() = default;

void PoolMonitorWidget::build()
{
    initResources(); // icons and translations live in the library's resource
    m_throttle = new SnapshotThrottle(this);
    m_connections = new ConnectionsModel(this);
    m_connections->setLinger(30s);
    m_hosts = new HostSummaryModel(this);
    m_events = new EventLogModel(this);

    m_counters = new CountersPanel(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("poolMonitorStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_connectionsPanel = new ConnectionsPanel(m_connections, this);

    m_hostsView = new QTableView(this);
    m_hostsView->setModel(m_hosts); // the model keeps its rows in key order
    CellToolTipDelegate::install(m_hostsView);
    m_hostsView->verticalHeader()->hide();
    m_hostsView->horizontalHeader()->setStretchLastSection(true);
    m_hostsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_hostsView->setAlternatingRowColors(true);
    m_hostsView->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys move in it
    m_hostsView->setAccessibleName(tr("Per-host summary"));

    m_eventLog = new EventLogPanel(m_events, this);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_connectionsPanel, tr("Connections"));
    m_tabs->addTab(m_hostsView, tr("Hosts"));
    m_tabs->addTab(m_eventLog, tr("Events"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_counters);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);

    connect(m_throttle, &SnapshotThrottle::snapshotApplied, this, &PoolMonitorWidget::showSnapshot);
}

void PoolMonitorWidget::attach(MonitorSource* source)
{
    m_source = source;
    if (!source) {
        m_sourceGone = true;
        updateStatus();
        return;
    }
    m_connections->setClock([this] { return m_source ? m_source->now() : Clock::now(); });
    connect(source, &MonitorSource::snapshotReady, m_throttle, &SnapshotThrottle::submit);
    connect(source, &MonitorSource::eventsReady, this, &PoolMonitorWidget::onEvents);
    connect(source, &MonitorSource::reset, this, &PoolMonitorWidget::onReset);
    m_throttle->submit(source->latestSnapshot());
    updateStatus();
}

void PoolMonitorWidget::setUpdateInterval(std::chrono::milliseconds interval)
{
    m_throttle->setInterval(std::clamp<std::chrono::milliseconds>(interval, 10ms, 10s));
}

void PoolMonitorWidget::setClosedLinger(std::chrono::milliseconds linger)
{
    m_connections->setLinger(std::clamp<std::chrono::milliseconds>(linger, 0ms, 1h));
}

QString PoolMonitorWidget::statusText() const
{
    return m_status->text();
}

quint64 PoolMonitorWidget::snapshotsShown() const
{
    return m_throttle->appliedCount();
}

void PoolMonitorWidget::showSnapshot(const SnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    m_connections->applySnapshot(*snapshot);
    m_hosts->applyHosts(snapshot->hosts);
    m_counters->showSnapshot(*snapshot);
    m_counters->setDraining(snapshot->draining ? std::optional<int>(snapshot->leases) : std::nullopt);
    QStringList keys;
    for (const HostRow& h : snapshot->hosts)
        keys.append(h.key);
    m_connectionsPanel->setHostKeys(keys);
    updateStatus();
    Q_EMIT snapshotShown(snapshot);
}

void PoolMonitorWidget::onEvents(const QList<ServiceEvent>& events)
{
    m_events->append(events);
    m_connections->noteEvents(
        std::span<const ServiceEvent>(events.constData(), static_cast<std::size_t>(events.size())),
        m_source ? m_source->now() : Clock::now());
}

void PoolMonitorWidget::onReset()
{
    m_events->clear();
    m_connections->clear();
}

void PoolMonitorWidget::updateStatus()
{
    QString text;
    if (!m_source && !m_sourceGone)
        text = tr("No pool");
    else if (!m_source)
        text = m_throttle->lastApplied() ? tr("The pool is gone: showing its last state") : tr("No pool");
    else if (m_sourceGone)
        text = tr("The pool is gone: showing its last state");
    else if (const QString title = SourceText::title(*m_source); !title.isEmpty())
        text = title;
    else
        text = tr("This app's pool, live");
    if (const SnapshotPtr& shown = m_throttle->lastApplied(); shown && shown->shutDown)
        text = tr("%1 (shut down)").arg(text);
    m_status->setText(text);
}

} // namespace poolscope::ui
