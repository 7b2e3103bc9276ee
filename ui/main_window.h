#pragma once
// The PoolScope main window. Reads one MonitorSource (the live pool of this app, or a replayed
// trace) and acts only through it (via PoolController): actions the source does not allow are
// disabled, with the reason as their tooltip. Nothing here blocks on the network. Snapshots are
// applied at most every 100 ms (throttled, pausable); events are appended as they come.
//
// Destructive actions (Close, Close idle, Graceful/Force shutdown) ask first unless
// confirmDestructive is false — set the property, or the QSettings key "ui/confirmDestructive"
// to false (what the tests do).

#include "poolscope/attach/attached_source.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/monitor_source.h"
#include "poolscope/service/pool_service.h"
#include "poolscope/service/service_recorder.h"
#include "widgets/event_log_panel.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>
#include <array>

class QLabel;
class QSplitter;
class QTabWidget;
class QTableView;

class QMenu;

namespace poolscope::ui {

class ConnectionTimeline;
class ConnectionsModel;
class ConnectionsPanel;
class CountersPanel;
class DemoDriver;
class DetailsPane;
class HandshakeLadder;
class EventLogModel;
class HistoryChart;
class HostSummaryModel;
class KeyboardSplitter;
class LabDock;
namespace lessons {
class LessonsDock;
}
class PhaseChart;
class PoolController;
class ReplayBar;
class PoolTimelineView;
class SnapshotThrottle;
struct DialSpec;

class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_PROPERTY(bool confirmDestructive READ confirmDestructive WRITE setConfirmDestructive)
public:
    enum class Action
    {
        Dial,
        Use,
        Return,
        Close,
        CloseIdle,
        GracefulShutdown,
        ForceShutdown,
        Reopen,
        Settings,
        Pause,
        Demo,
        ExportEvents,
        ExportAllEvents,
        Record,
        OpenTrace,
        AttachToApp,
        Detach,
        Reattach,
        ClearEvents,
        FindConnection,
        ShowLab,
        CaptureHandshakes,
        Help,
        About,
        AboutQt,
        Quit,
        Count
    };
    Q_ENUM(Action)

    /// Shows `source`. Neither is owned; both must outlive the window. `lab` may be null
    /// (--no-lab; always for a replay).
    MainWindow(MonitorSource* source, lab::Lab* lab, QWidget* parent = nullptr);
    /// Shows the live `service` (through a LiveSource the window owns).
    MainWindow(PoolService* service, lab::Lab* lab, QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] QAction* action(Action id) const { return m_actions[static_cast<std::size_t>(id)]; }
    [[nodiscard]] PoolController* controller() const { return m_controller; }
    [[nodiscard]] MonitorSource* source() const { return m_source; }
    /// The replay controls; null unless the source is a replay.
    [[nodiscard]] ReplayBar* replayBar() const { return m_replayBar; }
    [[nodiscard]] ConnectionsModel* connectionsModel() const { return m_connections; }
    [[nodiscard]] ConnectionsPanel* connectionsPanel() const { return m_connectionsPanel; }
    [[nodiscard]] QTableView* connectionsView() const;
    [[nodiscard]] EventLogModel* eventLogModel() const { return m_events; }
    [[nodiscard]] EventLogPanel* eventLogPanel() const { return m_eventPanel; }
    [[nodiscard]] HostSummaryModel* hostSummaryModel() const { return m_hosts; }
    [[nodiscard]] CountersPanel* counters() const { return m_counters; }
    [[nodiscard]] DetailsPane* detailsPane() const { return m_details; }
    [[nodiscard]] HandshakeLadder* handshakeLadder() const { return m_ladder; }
    [[nodiscard]] LabDock* labDock() const { return m_labDock; }
    /// Hidden until a lesson starts (--lesson NAME) or View > Lesson shows it.
    [[nodiscard]] lessons::LessonsDock* lessonsDock() const { return m_lessonsDock; }
    [[nodiscard]] DemoDriver* demo() const { return m_demo; }
    [[nodiscard]] SnapshotThrottle* throttle() const { return m_throttle; }
    [[nodiscard]] HistoryChart* historyChart() const { return m_history; }
    [[nodiscard]] PhaseChart* phaseChart() const { return m_phases; }
    /// Every connection's segments (fed by events and snapshots), drawn by the details pane's
    /// waterfall and the Timeline tab.
    [[nodiscard]] ConnectionTimeline* timeline() const { return m_timeline; }
    [[nodiscard]] PoolTimelineView* poolTimeline() const { return m_poolTimeline; }

    [[nodiscard]] bool confirmDestructive() const { return m_confirm; }
    /// With it on (the default, "Ask before closing"), the destructive actions ask first, and so
    /// does closing the window (Quit, Ctrl+Q, the title bar) while the live pool has connections in use.
    void setConfirmDestructive(bool on) { m_confirm = on; }
    /// Closes the window without asking, whatever confirmDestructive() says: for a timed or
    /// scripted end (--quit-after), when nobody is there to answer.
    void closeWithoutAsking();

    /// Dials a target (Dial dialog, --dial); see PoolController::dial.
    void dial(const DialSpec& spec);
    /// A lab card's Dial. A DNS server's Dial makes it the pool's resolver for every dial, so it
    /// asks first (when confirmDestructive()) unless the pool already resolves through it.
    void dialLab(lab::ServerKind kind);
    void setDemoRunning(bool on);
    [[nodiscard]] QList<ConnectionId> selectedIds() const;
    void selectConnections(const QList<ConnectionId>& ids);

    /// Shows the Lessons dock and plays shipped lesson `name` in it (Help > Glossary's "Show me"
    /// links). False, with the reason in the status bar, if there is no such lesson or no lab.
    bool openLesson(const QString& name);

    /// Restores geometry, dock and splitter state and column widths saved by an earlier run, and
    /// saves them again on close. Without this call (tests, screenshots) the default layout is used.
    void restoreLayout();

    /// The window as a picture (for --screenshot). When nothing is selected, selects an
    /// established TLS connection first so the details pane has something to show.
    bool saveScreenshot(const QString& fileName);

    /// File → Record Trace: records the pool to `fileName` (docs/TRACE_FORMAT.md) until
    /// stopRecording() or the window closes. False, with the reason in `error`, when the file
    /// cannot be written. The Record action shows the state either way.
    bool startRecording(const QString& fileName, QString* error = nullptr);
    void stopRecording();
    [[nodiscard]] bool isRecording() const;

    /// File → Open Trace: a new window replaying `fileName` (deleted when closed). Null, with the
    /// reason in `error`, when the file is not a readable trace.
    MainWindow* openTrace(const QString& fileName, QString* error = nullptr);

    /// File → Attach to App: a new window (deleted when closed) showing `app`'s published pool
    /// live; it connects at once and says in its status bar whether it got there.
    MainWindow* attachTo(const InspectableApp& app);
    /// The attached app's state ("Attached to shop (pid 4242)"); null unless the source is one.
    [[nodiscard]] QLabel* attachStateLabel() const { return m_attachState; }

protected:
    void closeEvent(QCloseEvent* event) override;
    /// A palette change recolours the status bar's labels.
    void changeEvent(QEvent* event) override;

private:
    // main_window.cpp
    void buildLayout();
    void buildStatusBar();
    /// The status bar's colours from the palette in use (main_window_layout.cpp).
    void restyleStatusBar();
    /// The actions' icons redrawn for the palette in use (paletteIcon).
    void recolourActionIcons();
    void applySnapshot(const SnapshotPtr& snapshot);
    void onEvents(const QList<ServiceEvent>& batch);
    /// The source jumped (a replay's seek): forget what earlier events and snapshots built.
    void onSourceReset();
    void sampleCharts();
    void selectionChanged();
    void refreshDetails();
    /// View → Keep Closed Connections: the table's linger, saved in the settings.
    QMenu* createLingerMenu(QWidget* parent);
    /// Closed / DialFailed events to the table (why rows left; rows for dials that never showed).
    void noteDepartures(const QList<ServiceEvent>& events);
    /// An event the user chose in the log: select its connection, or describe it when it has no row.
    void showEventConnection(const ServiceEvent& event);
    void updateStatus();
    void saveLayout() const;
    // main_window_actions.cpp
    void createActions();
    void createMenusAndToolBar();
    void updateActions();
    [[nodiscard]] bool confirm(const QString& title, const QString& text, const QString& acceptText);
    void openDialDialog();
    void openSettingsDialog();
    void openAboutDialog();
    void openHelpDialog();
    void exportEvents(EventLogPanel::ExportScope scope);
    void useSelected();
    void returnSelected();
    void closeSelected();
    void closeIdle();
    void gracefulShutdown();
    void forceShutdown();
    void setPaused(bool paused);
    void setHandshakeCapture(bool on);
    [[nodiscard]] QList<ConnectionInfo> selectedConnections() const;
    // main_window_trace.cpp
    void recordToggled(bool on);
    void showRecordingState();
    void chooseTraceToOpen();
    /// The replay controls and title of a window showing a trace.
    void setUpReplay();
    // main_window_attach.cpp
    void chooseAppToAttach();
    /// The title, status label and Detach / Reattach of a window showing an attached app.
    void setUpAttached();
    void showAttachState();

    MonitorSource* m_source;
    PoolService* m_service; ///< null unless the source is live
    lab::Lab* m_lab;
    std::unique_ptr<ServiceRecorder> m_recorder; // File → Record Trace
    PoolController* m_controller = nullptr;
    SnapshotThrottle* m_throttle = nullptr;
    ConnectionsModel* m_connections = nullptr;
    EventLogModel* m_events = nullptr;
    HostSummaryModel* m_hosts = nullptr;
    DemoDriver* m_demo = nullptr;

    CountersPanel* m_counters = nullptr;
    ConnectionsPanel* m_connectionsPanel = nullptr;
    DetailsPane* m_details = nullptr;
    HandshakeLadder* m_ladder = nullptr;
    EventLogPanel* m_eventPanel = nullptr;
    QTableView* m_hostsView = nullptr;
    HistoryChart* m_history = nullptr;
    PhaseChart* m_phases = nullptr;
    ConnectionTimeline* m_timeline = nullptr;
    PoolTimelineView* m_poolTimeline = nullptr;
    QTabWidget* m_bottomTabs = nullptr;
    KeyboardSplitter* m_vertical = nullptr;
    KeyboardSplitter* m_bottom = nullptr;
    LabDock* m_labDock = nullptr;
    lessons::LessonsDock* m_lessonsDock = nullptr;
    ReplayBar* m_replayBar = nullptr;

    QLabel* m_poolState = nullptr;
    QLabel* m_inFlight = nullptr;
    QLabel* m_paused = nullptr;
    QLabel* m_snapshotInfo = nullptr;
    QLabel* m_attachState = nullptr;
    AttachedSource* m_attached = nullptr; ///< the source, when it is an attached app

    std::array<QAction*, static_cast<std::size_t>(Action::Count)> m_actions{};
    QTimer m_chartTimer;
    QTimer m_statusTimer;
    QElapsedTimer m_clock;
    SnapshotPtr m_current;
    qint64 m_lastChartSampleMs = -1;      ///< source time of the last chart sample (a replay's)
    QList<ServiceEvent> m_heldDepartures; ///< departures that arrived while updates were paused
    bool m_confirm = true;
    bool m_closeWithoutAsking = false;
    bool m_persistLayout = false;
};

} // namespace poolscope::ui
