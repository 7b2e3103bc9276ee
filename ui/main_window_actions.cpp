// MainWindow: actions (toolbar, menus, shortcuts), what they do, and when they are enabled.

#include "dialogs/about_dialog.h"
#include "dialogs/dial_dialog.h"
#include "dialogs/help_dialog.h"
#include "dialogs/settings_dialog.h"
#include "lab/demo_driver.h"
#include "lab/lab_dock.h"
#include "lessons/lesson_catalog.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "models/snapshot_throttle.h"
#include "pool_controller.h"
#include "util/app_settings.h"
#include "util/palette_icon.h"
#include "util/presentation.h"
#include "util/source_text.h"
#include "util/tool_bar_fit.h"
#include "widgets/connections_panel.h"
#include "widgets/event_log_panel.h"
#include "widgets/handshake_ladder.h"
#include "widgets/sort_menu.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace poolscope::ui {

namespace {

/// The action property that names its icon, so a palette change can recolour it.
constexpr const char* kIconName = "poolscopeIconName";

} // namespace

void MainWindow::createActions()
{
    auto make = [this](Action id, const QString& text, const char* iconName, const QList<QKeySequence>& keys,
                       const QString& tip, const char* objectName) {
        auto* a = new QAction(text, this);
        if (iconName) {
            a->setProperty(kIconName, QString::fromLatin1(iconName));
            a->setIcon(paletteIcon(QString::fromLatin1(iconName), palette()));
        }
        a->setShortcuts(keys);
        const QString keyText = keys.isEmpty() ? QString() : keys.first().toString(QKeySequence::NativeText);
        a->setToolTip(keyText.isEmpty() ? tip : tr("%1 (%2)").arg(tip, keyText));
        a->setStatusTip(tip);
        a->setObjectName(QString::fromLatin1(objectName));
        m_actions[static_cast<std::size_t>(id)] = a;
        return a;
    };
    using K = QKeySequence;
    make(Action::Dial, tr("&Dial…"), "dial", {K(Qt::CTRL | Qt::Key_D)}, tr("Open connections to a host"),
         "actionDial");
    make(Action::Use, tr("&Use"), "use", {K(Qt::CTRL | Qt::Key_U)},
         tr("Send one HTTP request on the selected connections"), "actionUse");
    make(Action::Return, tr("&Return"), "return", {K(Qt::CTRL | Qt::Key_R)},
         tr("Give the selected connections back to the pool"), "actionReturn");
    make(Action::Close, tr("&Close"), "close", {K(Qt::Key_Delete)},
         tr("Force-close the selected connections"), "actionClose");
    make(Action::CloseIdle, tr("Close &Idle"), "close-idle", {K(Qt::CTRL | Qt::SHIFT | Qt::Key_I)},
         tr("Close every idle connection"), "actionCloseIdle");
    make(Action::GracefulShutdown, tr("&Graceful Shutdown"), "shutdown-graceful",
         {K(Qt::CTRL | Qt::SHIFT | Qt::Key_G)},
         tr("Refuse new work, wait for connections in use to come back, then close everything"),
         "actionGracefulShutdown");
    make(Action::ForceShutdown, tr("&Force Shutdown"), "shutdown-force",
         {K(Qt::CTRL | Qt::SHIFT | Qt::Key_F)}, tr("Shut every socket down now"), "actionForceShutdown");
    make(Action::Reopen, tr("Re&open"), "reopen", {K(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
         tr("Allow dials again after a shutdown (a graceful one once it has drained)"), "actionReopen");
    make(Action::Settings, tr("Pool &Settings…"), "settings", {K(Qt::CTRL | Qt::Key_Comma)},
         tr("Maximum connections, per-host cap, keep-alive and lifetime, applied live"), "actionSettings");
    make(Action::Pause, tr("&Pause Updates"), "pause",
         {K(Qt::CTRL | Qt::SHIFT | Qt::Key_P), K(Qt::Key_Pause)},
         tr("Freeze the table, counters and charts (the event log keeps recording)"), "actionPause");
    make(Action::Demo, tr("&Demo Mode"), "demo", {K(Qt::CTRL | Qt::SHIFT | Qt::Key_D)},
         tr("Drive steady traffic against the lab: dials, reuse, expiry and the odd failure"), "actionDemo");
    make(Action::ExportEvents, tr("&Export Shown Events…"), "export", {K(Qt::CTRL | Qt::Key_E)},
         tr("Save the events the log's filters show, as CSV or JSON"), "actionExportEvents");
    make(Action::ExportAllEvents, tr("Export &All Events…"), "export", {K(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
         tr("Save every event in the log, whatever the filters show, as CSV or JSON"),
         "actionExportAllEvents");
    make(Action::Record, tr("&Record Trace…"), nullptr, {K(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
         tr("Record the pool's events and snapshots to a trace file until you stop"), "actionRecord");
    make(Action::OpenTrace, tr("&Open Trace…"), nullptr, {K(QKeySequence::Open)},
         tr("Replay a recorded trace in a new window, with a time slider"), "actionOpenTrace");
    make(Action::AttachToApp, tr("A&ttach to App…"), nullptr, {K(Qt::CTRL | Qt::SHIFT | Qt::Key_A)},
         tr("Watch the pool of another app on this computer that publishes it, in a new window"),
         "actionAttachToApp");
    make(Action::Detach, tr("&Detach"), nullptr, {K(Qt::CTRL | Qt::SHIFT | Qt::Key_X)},
         tr("Stop watching the attached app; what it showed stays"), "actionDetach");
    make(Action::Reattach, tr("Reatta&ch"), nullptr, {K(Qt::CTRL | Qt::SHIFT | Qt::Key_T)},
         tr("Connect to the attached app again"), "actionReattach");
    make(Action::ClearEvents, tr("C&lear Event Log"), "clear", {K(Qt::CTRL | Qt::SHIFT | Qt::Key_L)},
         tr("Remove every event from the log"), "actionClearEvents");
    make(Action::FindConnection, tr("&Find Connection"), "search", {K(QKeySequence::Find)},
         tr("Move to the connection filter"), "actionFind");
    make(Action::ShowLab, tr("&Lab Servers"), "lab", {K(Qt::CTRL | Qt::Key_L)},
         tr("Show or hide the lab dock"), "actionShowLab");
    make(Action::CaptureHandshakes, tr("Capture TLS &Handshakes"), nullptr,
         {K(Qt::CTRL | Qt::SHIFT | Qt::Key_H)},
         tr("Record what goes over the wire in each new TLS handshake and draw it as a ladder under the "
            "connection details"),
         "actionCaptureHandshakes");
    make(Action::Help, tr("PoolScope &Help"), "about", {K(QKeySequence::HelpContents)},
         tr("How to read the window, and every action with its shortcut"), "actionHelp");
    make(Action::About, tr("&About PoolScope"), "about", {}, tr("Version, Qt and OpenSSL"), "actionAbout");
    make(Action::AboutQt, tr("About &Qt"), nullptr, {}, tr("About the Qt toolkit"), "actionAboutQt");
    make(Action::Quit, tr("&Quit"), "quit", {K(Qt::CTRL | Qt::Key_Q)}, tr("Quit PoolScope"), "actionQuit");

    action(Action::Pause)->setCheckable(true);
    action(Action::Demo)->setCheckable(true);
    action(Action::Demo)->setEnabled(m_lab != nullptr);
    action(Action::ShowLab)->setCheckable(true);
    action(Action::Record)->setCheckable(true);
    action(Action::ShowLab)->setChecked(true);
    action(Action::CaptureHandshakes)->setCheckable(true);
    action(Action::About)->setMenuRole(QAction::AboutRole);
    action(Action::AboutQt)->setMenuRole(QAction::AboutQtRole);
    action(Action::Settings)->setMenuRole(QAction::PreferencesRole);
    action(Action::Quit)->setMenuRole(QAction::QuitRole);

    connect(action(Action::Dial), &QAction::triggered, this, &MainWindow::openDialDialog);
    connect(action(Action::Use), &QAction::triggered, this, &MainWindow::useSelected);
    connect(action(Action::Return), &QAction::triggered, this, &MainWindow::returnSelected);
    connect(action(Action::Close), &QAction::triggered, this, &MainWindow::closeSelected);
    connect(action(Action::CloseIdle), &QAction::triggered, this, &MainWindow::closeIdle);
    connect(action(Action::GracefulShutdown), &QAction::triggered, this, &MainWindow::gracefulShutdown);
    connect(action(Action::ForceShutdown), &QAction::triggered, this, &MainWindow::forceShutdown);
    connect(action(Action::Reopen), &QAction::triggered, m_controller, &PoolController::reopen);
    connect(action(Action::Settings), &QAction::triggered, this, &MainWindow::openSettingsDialog);
    connect(action(Action::Pause), &QAction::toggled, this, &MainWindow::setPaused);
    connect(action(Action::Demo), &QAction::toggled, this, &MainWindow::setDemoRunning);
    connect(action(Action::CaptureHandshakes), &QAction::toggled, this, [this](bool on) {
        setHandshakeCapture(on);
        AppSettings::setCaptureHandshakes(on);
    });
    connect(action(Action::ExportEvents), &QAction::triggered, this,
            [this] { exportEvents(EventLogPanel::ExportScope::Shown); });
    connect(action(Action::ExportAllEvents), &QAction::triggered, this,
            [this] { exportEvents(EventLogPanel::ExportScope::All); });
    connect(action(Action::Record), &QAction::toggled, this, &MainWindow::recordToggled);
    connect(action(Action::OpenTrace), &QAction::triggered, this, &MainWindow::chooseTraceToOpen);
    connect(action(Action::AttachToApp), &QAction::triggered, this, &MainWindow::chooseAppToAttach);
    connect(action(Action::ClearEvents), &QAction::triggered, m_events, &EventLogModel::clear);
    connect(action(Action::Help), &QAction::triggered, this, &MainWindow::openHelpDialog);
    connect(action(Action::About), &QAction::triggered, this, &MainWindow::openAboutDialog);
    connect(action(Action::AboutQt), &QAction::triggered, qApp, &QApplication::aboutQt);
    connect(action(Action::Quit), &QAction::triggered, this, &QWidget::close);
}

QMenu* MainWindow::createLingerMenu(QWidget* parent)
{
    auto* menu = new QMenu(tr("&Keep Closed Connections"), parent);
    menu->setObjectName(QStringLiteral("lingerMenu"));
    menu->setToolTipsVisible(true);
    auto* group = new QActionGroup(menu);
    const auto current = m_connections->linger();
    for (const int seconds : AppSettings::kClosedLingerChoices) {
        const QString text =
            seconds == 0 ? tr("Remove at Once") : formatDuration(std::chrono::seconds(seconds));
        QAction* choice = menu->addAction(text);
        choice->setCheckable(true);
        choice->setData(seconds);
        choice->setChecked(std::chrono::milliseconds(std::chrono::seconds(seconds)) == current);
        choice->setToolTip(tr("How long a closed connection or a failed dial stays in the table, greyed, "
                              "with why it left"));
        group->addAction(choice);
        connect(choice, &QAction::triggered, this, [this, seconds] {
            m_connections->setLinger(std::chrono::seconds(seconds));
            AppSettings::setClosedLinger(std::chrono::seconds(seconds));
        });
    }
    return menu;
}

void MainWindow::createMenusAndToolBar()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(Action::ExportEvents));
    file->addAction(action(Action::ExportAllEvents));
    file->addSeparator();
    file->addAction(action(Action::OpenTrace));
    file->addAction(action(Action::Record));
    file->addSeparator();
    file->addAction(action(Action::AttachToApp));
    file->addAction(action(Action::Detach));
    file->addAction(action(Action::Reattach));
    file->addSeparator();
    file->addAction(action(Action::Quit));

    QMenu* pool = menuBar()->addMenu(tr("&Pool"));
    for (Action id : {Action::Dial, Action::Use, Action::Return, Action::Close})
        pool->addAction(action(id));
    pool->addSeparator();
    for (Action id : {Action::CloseIdle, Action::GracefulShutdown, Action::ForceShutdown, Action::Reopen})
        pool->addAction(action(id));
    pool->addSeparator();
    pool->addAction(action(Action::Settings));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(action(Action::Pause));
    view->addAction(action(Action::FindConnection));
    view->addAction(action(Action::ClearEvents));
    view->addMenu(createLingerMenu(view));
    // Sorting without a header click: the View menu and each table's context menu (Menu key,
    // Shift+F10) offer the columns and the direction.
    QMenu* sortConnections = new SortMenu(tr("&Sort Connections By"), m_connectionsPanel->view(), view);
    sortConnections->setObjectName(QStringLiteral("sortConnectionsMenu"));
    view->addMenu(sortConnections);
    QMenu* sortHosts = new SortMenu(tr("Sort H&osts By"), m_hostsView, view);
    sortHosts->setObjectName(QStringLiteral("sortHostsMenu"));
    view->addMenu(sortHosts);
    view->addSeparator();
    view->addAction(action(Action::ShowLab));
    view->addAction(m_lessonsDock->toggleViewAction());
    view->addAction(action(Action::CaptureHandshakes));
    view->addAction(action(Action::Demo));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(Action::Help));
    help->addSeparator();
    help->addAction(action(Action::About));
    help->addAction(action(Action::AboutQt));

    QToolBar* bar = addToolBar(tr("Pool"));
    bar->setObjectName(QStringLiteral("poolToolBar"));
    bar->setAccessibleName(tr("Pool actions"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(20, 20));
    bar->setMovable(false);
    for (Action id : {Action::Dial, Action::Use, Action::Return, Action::Close})
        bar->addAction(action(id));
    bar->addSeparator();
    for (Action id : {Action::CloseIdle, Action::GracefulShutdown, Action::ForceShutdown, Action::Reopen})
        bar->addAction(action(id));
    bar->addSeparator();
    bar->addAction(action(Action::Pause));
    bar->addAction(action(Action::Settings));
    bar->addAction(action(Action::Demo));
    keepToolBarActionsVisible(bar);

    // Right-click on a connection offers what applies to it.
    QTableView* table = m_connectionsPanel->view();
    for (Action id : {Action::Use, Action::Return, Action::Close})
        table->addAction(action(id));
    for (QTableView* sortable : {table, m_hostsView}) {
        auto* sortBy = new SortMenu(tr("&Sort By"), sortable, sortable);
        sortBy->setObjectName(QStringLiteral("sortByMenu"));
        sortable->addAction(sortBy->menuAction());
        SortMenu::openContextMenuFromKeyboard(sortable);
    }
    SortMenu::openContextMenuFromKeyboard(m_eventPanel->view());
    m_eventPanel->view()->addAction(action(Action::ExportEvents));
    m_eventPanel->view()->addAction(action(Action::ExportAllEvents));
    m_eventPanel->view()->addAction(action(Action::ClearEvents));

    connect(action(Action::FindConnection), &QAction::triggered, this, [this] {
        m_connectionsPanel->searchEdit()->setFocus(Qt::ShortcutFocusReason);
        m_connectionsPanel->searchEdit()->selectAll();
    });
    connect(action(Action::ShowLab), &QAction::toggled, m_labDock, &QDockWidget::setVisible);
    connect(m_labDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!isMinimized()) {
            const QSignalBlocker block(action(Action::ShowLab));
            action(Action::ShowLab)->setChecked(visible || !m_labDock->isHidden());
        }
    });
}

void MainWindow::updateActions()
{
    bool anyInUse = false;
    bool anyIdle = false;
    bool anyLive = false;
    for (const ConnectionInfo& c : selectedConnections()) {
        anyLive = true;
        anyInUse = anyInUse || c.state == ConnectionState::InUse;
        anyIdle = anyIdle || c.state == ConnectionState::Idle;
    }
    const bool shutDown = m_current && (m_current->shutDown || m_current->stats.shutDown);
    const bool draining = (m_current && m_current->draining) || (m_controller->draining().value_or(0) > 0);
    const bool dialsRefused = m_controller->isShutDown();
    // What the source does not allow (everything, in a replay) is disabled with the reason as its
    // tooltip; the rest follows the pool's state.
    const auto gate = [this](Action id, MonitorSource::Capability capability, bool enabled) {
        QAction* a = action(id);
        if (m_source->can(capability)) {
            a->setEnabled(enabled);
            return;
        }
        a->setEnabled(false);
        a->setToolTip(SourceText::refusal(*m_source, capability));
    };
    using C = MonitorSource::Capability;
    gate(Action::Dial, C::Dial, !dialsRefused);
    gate(Action::Demo, C::Dial, m_lab != nullptr && !dialsRefused);
    gate(Action::Use, C::Use, anyInUse || (anyIdle && !dialsRefused));
    gate(Action::Return, C::Use, anyInUse);
    gate(Action::Close, C::Close, anyLive);
    gate(Action::CloseIdle, C::Close, !m_current || m_current->stats.idle > 0);
    gate(Action::GracefulShutdown, C::Shutdown, !shutDown && !draining);
    gate(Action::ForceShutdown, C::Shutdown, !shutDown || draining);
    // Not while a graceful shutdown drains: the connections still in use would come back into a
    // reopened pool and the drain would never end. Force Shutdown ends a drain at once.
    gate(Action::Reopen, C::Shutdown, shutDown && !draining);
    gate(Action::Settings, C::Settings, true);
    gate(Action::CaptureHandshakes, C::Capture, true);
    gate(Action::Record, C::Record, true);
    const auto status = m_attached ? m_attached->status() : AttachedSource::Status::Detached;
    action(Action::Detach)
        ->setEnabled(status == AttachedSource::Status::Attached ||
                     status == AttachedSource::Status::Connecting);
    action(Action::Reattach)
        ->setEnabled(m_attached &&
                     (status == AttachedSource::Status::Lost || status == AttachedSource::Status::Detached));
}

bool MainWindow::confirm(const QString& title, const QString& text, const QString& acceptText)
{
    if (!m_confirm)
        return true;
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, this);
    QPushButton* ok = box.addButton(acceptText, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == ok;
}

void MainWindow::openDialDialog()
{
    auto* dialog = new DialDialog(m_lab != nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { dial(dialog->spec()); });
    dialog->open();
}

void MainWindow::openSettingsDialog()
{
    if (!m_controller->allowed(MonitorSource::Capability::Settings))
        return;
    QList<SettingsDialog::Resolver> resolvers;
    if (m_lab) {
        for (const lab::ServerInfo& server : m_lab->servers()) {
            if (server.udp && server.port != 0)
                resolvers.append({qs(server.name), "127.0.0.1:" + std::to_string(server.port)});
        }
    }
    auto* dialog = new SettingsDialog(m_service->params(), m_confirm, this, resolvers);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_confirm = dialog->confirmDestructive();
        AppSettings::setConfirmDestructive(m_confirm);
        m_controller->setParams(dialog->params());
    });
    dialog->open();
}

void MainWindow::openHelpDialog()
{
    QList<QAction*> actions;
    for (QAction* a : m_actions) {
        if (a)
            actions.append(a);
    }
    auto* dialog = new HelpDialog(actions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HelpDialog::lessonRequested, this, &MainWindow::openLesson);
    dialog->open();
}

bool MainWindow::openLesson(const QString& name)
{
    if (!m_service) {
        statusBar()->showMessage(SourceText::refusal(*m_source, MonitorSource::Capability::Dial), 8000);
        return false;
    }
    if (!m_lab) {
        statusBar()->showMessage(tr("Lessons need the lab, which did not start"), 8000);
        return false;
    }
    const lessons::LessonLoad load = lessons::findLesson(name);
    if (!load.lesson) {
        statusBar()->showMessage(load.error, 8000);
        return false;
    }
    m_lessonsDock->show();
    m_lessonsDock->raise();
    m_lessonsDock->start(*load.lesson);
    return true;
}

void MainWindow::openAboutDialog()
{
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::exportEvents(EventLogPanel::ExportScope scope)
{
    const int count = m_eventPanel->eventCount(scope);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString csvFilter = tr("CSV (*.csv)");
    const QString jsonFilter = tr("JSON (*.json)");
    QString chosenFilter = csvFilter;
    const QString title = scope == EventLogPanel::ExportScope::All
                              ? tr("Export All Events (%n event(s))", nullptr, count)
                              : tr("Export Shown Events (%n event(s))", nullptr, count);
    const QString typed =
        QFileDialog::getSaveFileName(this, title, dir + QStringLiteral("/poolscope-events.csv"),
                                     csvFilter + QStringLiteral(";;") + jsonFilter, &chosenFilter);
    if (typed.isEmpty())
        return;
    // A name without a suffix gets the one of the format chosen in the dialog. The dialog asked
    // about overwriting the name as typed, not this one: ask here.
    const ExportTarget target =
        resolveExportTarget(typed, chosenFilter == jsonFilter ? ExportFormat::Json : ExportFormat::Csv);
    if (target.fileName != typed && QFileInfo::exists(target.fileName) &&
        QMessageBox::question(this, title, tr("%1 already exists. Replace it?").arg(target.fileName)) !=
            QMessageBox::Yes)
        return;
    QString error;
    int written = 0;
    if (m_eventPanel->exportTo(target.fileName, target.format, scope, &error, &written))
        statusBar()->showMessage(tr("%n event(s) exported to %1", nullptr, written).arg(target.fileName),
                                 8000);
    else
        QMessageBox::warning(this, title, error);
}

void MainWindow::useSelected()
{
    m_controller->use(selectedConnections());
}

void MainWindow::returnSelected()
{
    QList<ConnectionId> ids;
    for (const ConnectionInfo& c : selectedConnections()) {
        if (c.state == ConnectionState::InUse)
            ids.append(c.id);
    }
    m_controller->release(ids);
}

void MainWindow::closeSelected()
{
    QList<ConnectionId> ids;
    for (const ConnectionInfo& c : selectedConnections())
        ids.append(c.id);
    if (ids.isEmpty())
        return;
    if (!confirm(
            tr("Close Connections"),
            tr("Force-close %n connection(s)? Holders of connections in use will see their socket shut down.",
               nullptr, static_cast<int>(ids.size())),
            tr("Close")))
        return;
    m_controller->close(ids);
}

void MainWindow::closeIdle()
{
    if (!confirm(tr("Close Idle Connections"), tr("Close every idle connection in the pool?"),
                 tr("Close Idle")))
        return;
    m_controller->closeIdle();
}

void MainWindow::gracefulShutdown()
{
    if (!confirm(tr("Graceful Shutdown"),
                 tr("Refuse new work and close every connection once those in use come back?"),
                 tr("Shut Down")))
        return;
    m_controller->shutdown(ShutdownMode::Graceful);
    updateActions();
}

void MainWindow::forceShutdown()
{
    if (!confirm(tr("Force Shutdown"), tr("Shut every socket down now, including connections in use?"),
                 tr("Force Shutdown")))
        return;
    m_controller->shutdown(ShutdownMode::Forced);
}

void MainWindow::setHandshakeCapture(bool on)
{
    if (action(Action::CaptureHandshakes)->isChecked() != on)
        action(Action::CaptureHandshakes)->setChecked(on); // toggled() comes back here
    if (m_service)
        m_service->setHandshakeCapture(on);
    m_ladder->setCaptureOn(on);
    refreshDetails();
}

void MainWindow::setPaused(bool paused)
{
    m_throttle->setPaused(paused);
    m_connections->setTicking(!paused);
    m_paused->setVisible(paused);
    QAction* a = action(Action::Pause);
    a->setProperty(kIconName, paused ? QStringLiteral("resume") : QStringLiteral("pause"));
    a->setIcon(paletteIcon(a->property(kIconName).toString(), palette()));
    a->setText(paused ? tr("&Resume Updates") : tr("&Pause Updates"));
}

void MainWindow::recolourActionIcons()
{
    for (QAction* a : std::as_const(m_actions)) {
        const QString name = a ? a->property(kIconName).toString() : QString();
        if (!name.isEmpty())
            a->setIcon(paletteIcon(name, palette()));
    }
}

} // namespace poolscope::ui
