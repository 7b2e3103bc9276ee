// MainWindow's layout: the panels and splitters, the docks, the status bar, and saving and
// restoring them between runs.

#include "charts/history_chart.h"
#include "charts/phase_chart.h"
#include "lab/lab_dock.h"
#include "lessons/lesson_highlights.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "models/connection_timeline.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "models/host_summary_model.h"
#include "pool_controller.h"
#include "util/app_settings.h"
#include "util/palette_colours.h"
#include "util/presentation.h"
#include "util/resources.h"
#include "util/status_message_fit.h"
#include "widgets/cell_tool_tip_delegate.h"
#include "widgets/connection_waterfall.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"
#include "widgets/details_pane.h"
#include "widgets/event_log_panel.h"
#include "widgets/handshake_ladder.h"
#include "widgets/keyboard_splitter.h"
#include "widgets/pool_timeline_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace poolscope::ui {

void MainWindow::buildLayout()
{
    m_counters = new CountersPanel(this);
    m_connectionsPanel = new ConnectionsPanel(m_connections, this);
    m_details = new DetailsPane(this);
    m_details->setMinimumWidth(190);
    m_eventPanel = new EventLogPanel(m_events, this);
    connect(m_eventPanel, &EventLogPanel::eventChosen, this, &MainWindow::showEventConnection);

    m_hostsView = new QTableView(this);
    m_hostsView->setObjectName(QStringLiteral("hostsTable"));
    CellToolTipDelegate::install(m_hostsView);
    m_hostsView->setAccessibleName(tr("Per-host summary"));
    m_hostsView->setAccessibleDescription(
        tr("One row per host the pool has connections to, with their counts"));
    m_hostsView->setTabKeyNavigation(false);            // Tab leaves the table; the arrow keys move in it
    auto* hostsProxy = new QSortFilterProxyModel(this); // sorting by any column, as the table
    hostsProxy->setObjectName(QStringLiteral("hostsProxy"));
    hostsProxy->setSourceModel(m_hosts);
    hostsProxy->setSortRole(HostSummaryModel::SortRole);
    m_hostsView->setModel(hostsProxy);
    m_hostsView->setSortingEnabled(true);
    m_hostsView->sortByColumn(HostSummaryModel::Host, Qt::AscendingOrder);
    m_hostsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_hostsView->verticalHeader()->setVisible(false);
    m_hostsView->setAlternatingRowColors(true);
    m_hostsView->setShowGrid(false);
    m_hostsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_hostsView->horizontalHeader()->setStretchLastSection(true);
    m_hostsView->horizontalHeader()->resizeSection(HostSummaryModel::Host, 240);

    m_history = new HistoryChart(this);
    m_phases = new PhaseChart(this);
    m_phases->setEndpointNamer([this](const ConnectionInfo& c) {
        const QString host = qs(c.host);
        if (m_lab && m_controller->isLabEndpoint(host, c.port)) {
            for (const lab::ServerInfo& server : m_lab->servers()) {
                if (server.port == c.port || server.port6 == c.port)
                    return tr("lab %1").arg(qs(server.name));
            }
        }
        return endpointText(c.host, c.port);
    });

    m_bottomTabs = new QTabWidget(this);
    m_bottomTabs->setObjectName(QStringLiteral("bottomTabs"));
    m_bottomTabs->setAccessibleName(tr("Events and hosts"));
    m_bottomTabs->setDocumentMode(true);
    m_bottomTabs->addTab(m_eventPanel, tr("&Event log"));
    m_bottomTabs->addTab(m_hostsView, tr("Per &host"));
    m_timeline = new ConnectionTimeline(this);
    m_timeline->setClock([this] { return ConnectionTimeline::toUs(m_source->wallTime()); },
                         [this] { return m_source->now(); });
    m_poolTimeline = new PoolTimelineView(m_timeline, this);
    m_bottomTabs->addTab(m_poolTimeline, tr("&Timeline"));
    connect(m_poolTimeline, &PoolTimelineView::connectionClicked, this,
            [this](ConnectionId id) { selectConnections({id}); });

    auto* charts = new KeyboardSplitter(Qt::Vertical, this);
    charts->setObjectName(QStringLiteral("chartsSplitter"));
    charts->addWidget(m_history);
    charts->addWidget(m_phases);
    charts->setChildrenCollapsible(false);
    charts->setSizes({170, 200});
    charts->setPaneNames({tr("history chart"), tr("phase chart")});

    // Table on top at full width; below it the event log, the selected connection and the charts.
    m_bottom = new KeyboardSplitter(Qt::Horizontal, this);
    m_bottom->setObjectName(QStringLiteral("bottomSplitter"));
    m_bottom->addWidget(m_bottomTabs);
    // The selected connection's details with its TLS handshake ladder under them.
    m_ladder = new HandshakeLadder(this);
    m_details->setLadder(m_ladder);
    auto* ladderScroll = new QScrollArea(this);
    ladderScroll->setObjectName(QStringLiteral("handshakeLadderScroll"));
    ladderScroll->setWidget(m_ladder);
    ladderScroll->setWidgetResizable(true);
    ladderScroll->setFrameShape(QFrame::NoFrame);
    auto* details = new KeyboardSplitter(Qt::Vertical, this);
    details->setObjectName(QStringLiteral("detailsSplitter"));
    auto* waterfall = new ConnectionWaterfall(m_timeline, this);
    m_details->setWaterfall(waterfall);
    auto* detailsColumn = new QWidget(this); // the text, with the connection's timeline under it
    auto* detailsLayout = new QVBoxLayout(detailsColumn);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_details, 1);
    detailsLayout->addWidget(waterfall->wrapInScrollArea(this));
    details->addWidget(detailsColumn);
    details->addWidget(ladderScroll);
    details->setChildrenCollapsible(false);
    details->setStretchFactor(0, 1);
    details->setStretchFactor(1, 1);
    details->setPaneNames({tr("details"), tr("handshake ladder")});
    details->setSizes({160, 200}); // room for a full TLS 1.3 ladder at the default size
    // Without arrows to draw the ladder is one line of text: capped at it, it leaves the details
    // the room (at 1024×640 and a 1.5 scale factor, half the pane went to that line). Arrows get
    // their share back.
    const auto fitLadder = [this, details, ladderScroll] {
        if (m_ladder->mode() == HandshakeLadder::Mode::Rows) {
            ladderScroll->setMaximumHeight(QWIDGETSIZE_MAX);
            const int total = details->height();
            if (total > 0)
                details->setSizes({total * 2 / 5, total - total * 2 / 5});
        } else {
            ladderScroll->setMaximumHeight(
                std::max(m_ladder->minimumSizeHint().height(),
                         m_ladder->messageHeight(ladderScroll->viewport()->width())));
        }
    };
    connect(m_ladder, &HandshakeLadder::preferredHeightChanged, details, fitLadder);
    fitLadder();
    m_bottom->addWidget(details);
    m_bottom->addWidget(charts);
    m_bottom->setStretchFactor(0, 4);
    m_bottom->setStretchFactor(1, 3);
    m_bottom->setStretchFactor(2, 3);
    m_bottom->setSizes({440, 340, 300});
    m_bottom->setPaneNames({tr("events"), tr("details"), tr("charts")});

    m_vertical = new KeyboardSplitter(Qt::Vertical, this);
    m_vertical->setObjectName(QStringLiteral("mainSplitter"));
    m_vertical->addWidget(m_connectionsPanel);
    m_vertical->addWidget(m_bottom);
    m_vertical->setStretchFactor(0, 5);
    m_vertical->setStretchFactor(1, 4);
    m_vertical->setSizes({390, 370});
    m_vertical->setChildrenCollapsible(false);
    m_vertical->setPaneNames({tr("table"), tr("events and details")});

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->setSpacing(6);
    layout->addWidget(m_counters);
    layout->addWidget(m_vertical, 1);
    setCentralWidget(central);

    m_labDock = new LabDock(m_lab, this);
    m_labDock->setDemoAction(action(Action::Demo));
    addDockWidget(Qt::LeftDockWidgetArea, m_labDock);
    resizeDocks({m_labDock}, {240}, Qt::Horizontal);

    m_lessonsDock = new lessons::LessonsDock(m_service, m_service ? m_lab : nullptr, this);
    // A tab next to the lab's: the window keeps fitting 1024 px.
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonsDock);
    tabifyDockWidget(m_labDock, m_lessonsDock);
    m_lessonsDock->hide();
    new lessons::LessonHighlighter(this, m_lessonsDock); // marks what the shown step names
}

void MainWindow::buildStatusBar()
{
    m_poolState = new QLabel(this);
    m_poolState->setObjectName(QStringLiteral("statusPoolState"));
    m_inFlight = new QLabel(this);
    m_inFlight->setObjectName(QStringLiteral("statusInFlight"));
    m_paused = new QLabel(tr("Updates paused"), this);
    m_paused->setObjectName(QStringLiteral("statusPaused"));
    m_paused->setVisible(false);
    m_snapshotInfo = new QLabel(this);
    m_snapshotInfo->setObjectName(QStringLiteral("statusSnapshot"));
    statusBar()->addPermanentWidget(m_paused);
    statusBar()->addPermanentWidget(m_inFlight);
    statusBar()->addPermanentWidget(m_snapshotInfo);
    statusBar()->addPermanentWidget(m_poolState);
    fitStatusMessages(statusBar()); // a long message elided, whole in its tool tip
    restyleStatusBar();
}

void MainWindow::restyleStatusBar()
{
    m_paused->setStyleSheet(emphasisStyle(QColor(0x9a, 0x62, 0x00), palette()));
    m_snapshotInfo->setStyleSheet(
        QStringLiteral("color: %1")
            .arg(colourName(readableText(palette().color(QPalette::Dark), palette(), QPalette::Window))));
    updateStatus();
    if (m_attached && m_attachState)
        showAttachState();
}

void MainWindow::restoreLayout()
{
    m_persistLayout = true;
    const QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        QSize size(1400, 900);
        if (const QScreen* screen = this->screen()) {
            const QSize available = screen->availableSize();
            if (available.width() > 200 && available.height() > 200)
                size = size.boundedTo(available * 0.95);
        }
        resize(size);
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter* splitter : {m_vertical, m_bottom}) {
        const QByteArray state =
            settings.value(QStringLiteral("window/splitters/") + splitter->objectName()).toByteArray();
        if (!state.isEmpty())
            splitter->restoreState(state);
    }
    m_connectionsPanel->restoreHeaderState(
        settings.value(QStringLiteral("window/connectionsHeader")).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter* splitter : {m_vertical, m_bottom})
        settings.setValue(QStringLiteral("window/splitters/") + splitter->objectName(),
                          splitter->saveState());
    settings.setValue(QStringLiteral("window/connectionsHeader"), m_connectionsPanel->saveHeaderState());
}

} // namespace poolscope::ui
