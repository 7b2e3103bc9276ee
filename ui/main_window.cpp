#include "main_window.h"

#include "charts/history_chart.h"
#include "charts/phase_chart.h"
#include "lab/demo_driver.h"
#include "lab/lab_dock.h"
#include "lessons/lessons_dock.h"
#include "models/connection_timeline.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "models/host_summary_model.h"
#include "models/snapshot_throttle.h"
#include "pool_controller.h"
#include "poolscope/service/live_source.h"
#include "util/app_settings.h"
#include "util/logging.h"
#include "util/palette_colours.h"
#include "util/presentation.h"
#include "util/resources.h"
#include "widgets/connection_waterfall.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"
#include "widgets/details_pane.h"
#include "widgets/event_log_panel.h"
#include "widgets/handshake_ladder.h"
#include "widgets/pool_timeline_view.h"
#include "widgets/timeline_canvas.h"

#include <QCloseEvent>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

namespace poolscope::ui {

MainWindow::MainWindow(PoolService* service, lab::Lab* lab, QWidget* parent)
    : MainWindow(new LiveSource(service), lab, parent)
{
    // Added last, so destroyed after the views that read it.
    m_source->setParent(this);
}

MainWindow::MainWindow(MonitorSource* source, lab::Lab* lab, QWidget* parent)
    : QMainWindow(parent), m_source(source), m_service(source->service()), m_lab(lab)
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PoolScope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/poolscope.png")));
    m_confirm = AppSettings::confirmDestructive();
    m_clock.start();

    m_controller = new PoolController(source, lab, this);
    m_throttle = new SnapshotThrottle(this);
    m_connections = new ConnectionsModel(this);
    // The first snapshot of a big pool (10,000 rows) goes in over a few event-loop turns, so the
    // window never blocks for long on one insert (the sorted proxy and the view cost O(rows)).
    m_connections->setInsertChunk(2000);
    m_connections->setLinger(AppSettings::closedLinger());
    m_connections->setClock([source] { return source->now(); });
    m_events = new EventLogModel(this);
    m_hosts = new HostSummaryModel(this);
    m_demo = new DemoDriver(m_service, lab, this);

    createActions();
    buildLayout();
    createMenusAndToolBar();
    buildStatusBar();
    setUpReplay();
    setUpAttached();
    if (m_service)
        setHandshakeCapture(AppSettings::captureHandshakes()); // off unless the user turned it on
    resize(1400, 900);

    connect(source, &MonitorSource::snapshotReady, m_throttle, &SnapshotThrottle::submit);
    connect(source, &MonitorSource::eventsReady, this, &MainWindow::onEvents);
    connect(source, &MonitorSource::reset, this, &MainWindow::onSourceReset);
    connect(m_throttle, &SnapshotThrottle::snapshotApplied, this, &MainWindow::applySnapshot);

    connect(m_controller, &PoolController::refused, m_events,
            [events = m_events](const ServiceEvent& event) { events->append({event}); });
    // While updates are paused the table stays as it was; why connections left is learnt on resume.
    connect(m_throttle, &SnapshotThrottle::pausedChanged, this, [this](bool paused) {
        if (!paused) {
            const QList<ServiceEvent> held = std::exchange(m_heldDepartures, {});
            noteDepartures(held);
        }
    });
    connect(m_controller, &PoolController::shutDownChanged, this, [this](bool shutDown) {
        // Dialling is refused while the pool is shut down, so the demo stops with it.
        if (shutDown)
            m_demo->setRunning(false);
        m_labDock->setDialEnabled(!shutDown);
        updateActions();
    });
    connect(m_controller, &PoolController::status, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    // A burst of 500 dials changes the pending count 1,000 times: refresh the labels once per burst.
    m_statusTimer.setSingleShot(true);
    m_statusTimer.setInterval(50);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    connect(m_controller, &PoolController::pendingDialsChanged, &m_statusTimer, [this] {
        if (!m_statusTimer.isActive())
            m_statusTimer.start();
    });
    connect(m_controller, &PoolController::failed, this,
            [this](const QString& title, const QString& message) {
                auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open(); // never blocks the event loop
            });
    connect(m_controller, &PoolController::drainingChanged, this, [this](int inUse) {
        m_counters->setDraining(inUse < 0 ? std::nullopt : std::optional<int>(inUse));
        updateStatus();
        updateActions();
    });
    connect(m_connectionsPanel, &ConnectionsPanel::selectionChanged, this, &MainWindow::selectionChanged);
    connect(m_connections, &ConnectionsModel::applied, this, &MainWindow::refreshDetails);
    // Between snapshots the table counts down on its own; the details pane counts with it.
    connect(m_connections, &ConnectionsModel::ticked, this, &MainWindow::refreshDetails);
    connect(m_labDock, &LabDock::dialRequested, this, &MainWindow::dialLab);
    connect(m_demo, &DemoDriver::runningChanged, this, [this](bool on) {
        const QSignalBlocker block(action(Action::Demo));
        action(Action::Demo)->setChecked(on);
    });

    // A replay samples the charts on its own time as its snapshots arrive (it may play faster).
    m_chartTimer.setInterval(1000);
    connect(&m_chartTimer, &QTimer::timeout, this, &MainWindow::sampleCharts);
    if (source->kind() != MonitorSource::Kind::Replay)
        m_chartTimer.start();

    m_throttle->submit(source->latestSnapshot());
    selectionChanged();
}

MainWindow::~MainWindow()
{
    m_demo->setRunning(false);
    if (m_recorder) { // finish the trace before the status bar it reports to goes
        disconnect(m_recorder.get(), nullptr, this, nullptr);
        m_recorder->stop();
    }
    // ~QWidget hides the dock while this object is already half destroyed; its visibilityChanged
    // must not reach the lambdas that call back into MainWindow.
    disconnect(m_labDock, nullptr, this, nullptr);
}

QTableView* MainWindow::connectionsView() const
{
    return m_connectionsPanel->view();
}

void MainWindow::applySnapshot(const SnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    m_current = snapshot;
    m_connections->applySnapshot(*snapshot);
    m_timeline->noteSnapshot(*snapshot, m_connections->linger());
    m_hosts->applyHosts(snapshot->hosts);
    m_counters->showSnapshot(*snapshot);
    // While the service drains, its snapshot has the freshest count; afterwards the controller
    // keeps showing the final 0 until reopen (a late snapshot must not bring back an old count).
    m_counters->setDraining(snapshot->draining ? std::optional<int>(snapshot->leases)
                                               : m_controller->draining());
    QStringList keys;
    for (const HostRow& h : snapshot->hosts)
        keys.append(h.key);
    m_connectionsPanel->setHostKeys(keys);
    if (m_source->kind() == MonitorSource::Kind::Replay) {
        const qint64 ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(snapshot->taken.time_since_epoch()).count();
        if (m_lastChartSampleMs < 0 || ms - m_lastChartSampleMs >= 1000 || ms < m_lastChartSampleMs)
            sampleCharts();
    }
    updateStatus();
    updateActions();
}

void MainWindow::onEvents(const QList<ServiceEvent>& batch)
{
    m_events->append(batch);
    // A failed dial's handshake (captured while View › Capture TLS Handshakes is on) travels only
    // on its DialFailed event, never in a snapshot: the details pane keeps it by id, before
    // noteDepartures() refreshes the pane for a row that just learnt it failed.
    for (const ServiceEvent& e : batch) {
        if (e.kind == ServiceEvent::Kind::DialFailed && e.handshake)
            m_details->rememberFailedHandshake(e.id, e.endpoint, e.handshake);
    }
    noteDepartures(batch);
    m_timeline->noteEvents(batch);
}

void MainWindow::onSourceReset()
{
    m_heldDepartures.clear();
    m_events->clear();
    m_connections->clear();
    m_history->clear();
    m_phases->clear();
    m_timeline->clear();
    m_lastChartSampleMs = -1;
    m_current.reset();
}

void MainWindow::noteDepartures(const QList<ServiceEvent>& events)
{
    if (m_throttle->isPaused()) {
        for (const ServiceEvent& e : events) {
            if (e.id != 0 &&
                (e.kind == ServiceEvent::Kind::Closed || e.kind == ServiceEvent::Kind::DialFailed))
                m_heldDepartures.append(e);
        }
        return;
    }
    m_connections->noteEvents(
        std::span<const ServiceEvent>(events.constData(), static_cast<std::size_t>(events.size())),
        m_source->now());
    // The selected connection may just have learnt why it left.
    if (const QList<ConnectionId> ids = selectedIds(); ids.size() == 1)
        refreshDetails();
}

void MainWindow::showEventConnection(const ServiceEvent& event)
{
    if (event.id == 0)
        return;
    if (m_connections->rowOf(event.id) >= 0) {
        selectConnections({event.id});
        if (selectedIds() == QList<ConnectionId>{event.id}) {
            refreshDetails();
            return;
        }
    }
    // No row (it left longer ago than the linger) or filtered out of the table: the event says it.
    m_details->showEvent(event);
}

void MainWindow::sampleCharts()
{
    if (!m_current || m_throttle->isPaused())
        return;
    const qint64 ms =
        m_source->kind() == MonitorSource::Kind::Replay
            ? std::chrono::duration_cast<std::chrono::milliseconds>(m_current->taken.time_since_epoch())
                  .count()
            : m_clock.elapsed();
    if (ms < m_lastChartSampleMs) { // a replay moved back
        m_history->clear();
        m_phases->clear();
    }
    m_lastChartSampleMs = ms;
    m_history->addSample(*m_current, ms);
    m_phases->showSnapshot(*m_current);
}

void MainWindow::selectionChanged()
{
    const QList<ConnectionId> ids = selectedIds();
    m_poolTimeline->canvas()->setSelected(ids.size() == 1 ? ids.first() : 0);
    m_eventPanel->setSelectedConnection(ids.size() == 1 ? ids.first() : 0);
    refreshDetails();
    updateActions();
}

void MainWindow::refreshDetails()
{
    const QList<ConnectionId> ids = selectedIds();
    if (ids.size() > 1)
        m_details->showSelectionCount(static_cast<int>(ids.size()));
    else
        m_details->showRow(ids.isEmpty() ? nullptr : m_connections->rowById(ids.first()),
                           m_connections->now());
}

void MainWindow::updateStatus()
{
    QString state;
    QString style;
    const std::optional<int> draining = m_controller->draining();
    if (draining && *draining > 0) {
        state = tr("Draining: %n in use", nullptr, *draining);
        style = emphasisStyle(QColor(0x9a, 0x62, 0x00), palette());
    } else if (m_current && (m_current->shutDown || m_current->stats.shutDown)) {
        state = tr("Pool shut down");
        style = emphasisStyle(QColor(0xb0, 0x3a, 0x2e), palette());
    } else {
        state = tr("Pool open");
        style = emphasisStyle(QColor(0x1e, 0x7e, 0x4a), palette());
    }
    m_poolState->setText(state);
    m_poolState->setStyleSheet(style);
    const int pending = m_controller->pendingDials();
    m_inFlight->setText(pending > 0 ? tr("%n dial(s) in flight", nullptr, pending) : QString());
    m_inFlight->setVisible(pending > 0);
    if (m_current) {
        m_snapshotInfo->setText(
            tr("Snapshot %1 \u00b7 %2 \u00b7 %3")
                .arg(m_current->sequence)
                .arg(m_current->wallTime.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                .arg(m_source->kind() == MonitorSource::Kind::Replay     ? tr("replay")
                     : m_source->kind() == MonitorSource::Kind::Attached ? tr("attached")
                     : m_lab                                             ? tr("lab on")
                                                                         : tr("lab off")));
    }
}

QList<ConnectionId> MainWindow::selectedIds() const
{
    return m_connectionsPanel->selectedIds();
}

void MainWindow::selectConnections(const QList<ConnectionId>& ids)
{
    m_connectionsPanel->selectIds(ids);
}

QList<ConnectionInfo> MainWindow::selectedConnections() const
{
    QList<ConnectionInfo> out;
    for (ConnectionId id : selectedIds()) {
        if (const ConnectionRow* row = m_connections->rowById(id); row && !row->gone())
            out.append(row->info);
    }
    return out;
}

void MainWindow::dial(const DialSpec& spec)
{
    m_controller->dial(spec);
}

void MainWindow::dialLab(lab::ServerKind kind)
{
    if (m_lab && m_lab->server(kind).udp && m_controller->labResolver() != kind &&
        !m_controller->isShutDown()) {
        const QString name = qs(m_lab->server(kind).name);
        if (!confirm(tr("Resolve through lab %1?").arg(name),
                     tr("The pool will resolve every name through the lab's DNS server %1, also the names "
                        "of your own dials (only names under .lab.test exist there), until you choose "
                        "another resolver in Pool Settings.")
                         .arg(name),
                     tr("&Resolve through %1").arg(name)))
            return;
    }
    m_controller->dialLab(kind);
}

void MainWindow::setDemoRunning(bool on)
{
    m_demo->setRunning(on);
}

bool MainWindow::saveScreenshot(const QString& fileName)
{
    if (selectedIds().isEmpty()) {
        ConnectionId best = 0;
        for (int row = 0; row < m_connections->rowCount(); ++row) {
            const ConnectionRow& r = m_connections->rowAt(row);
            if (!r.gone() && r.info.tls && !r.info.tlsDetails.version.empty()) {
                best = r.info.id;
                if (r.info.state == ConnectionState::InUse)
                    break;
            }
        }
        if (best != 0)
            selectConnections({best});
    }
    return grab().save(fileName);
}

void MainWindow::closeWithoutAsking()
{
    m_closeWithoutAsking = true;
    close();
    m_closeWithoutAsking = false;
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_poolState) {
        restyleStatusBar();
        recolourActionIcons();
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Closing the window closes the pool with it: connections in use go down with their holders.
    const int inUse = m_current ? m_current->stats.inUse : 0;
    if (!m_closeWithoutAsking && inUse > 0 && m_source->can(MonitorSource::Capability::Shutdown) &&
        !confirm(
            tr("Quit PoolScope"),
            tr("%n connection(s) in use would be closed under their holders. Quit anyway?", nullptr, inUse),
            tr("&Quit"))) {
        event->ignore();
        return;
    }
    if (m_persistLayout)
        saveLayout();
    m_demo->setRunning(false);
    event->accept();
}

} // namespace poolscope::ui
