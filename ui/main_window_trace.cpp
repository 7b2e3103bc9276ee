// Traces: File → Record Trace writes the pool to a trace file (ServiceRecorder) until the user
// stops or the window closes; File → Open Trace replays one in a window of its own.

#include "lab/lab_dock.h"
#include "main_window.h"
#include "poolscope/service/replay_source.h"
#include "util/source_text.h"
#include "widgets/handshake_ladder.h"
#include "widgets/replay_bar.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <climits>

namespace poolscope::ui {

bool MainWindow::startRecording(const QString& fileName, QString* error)
{
    stopRecording();
    if (!m_source->can(MonitorSource::Capability::Record)) {
        if (error)
            *error = SourceText::refusal(*m_source, MonitorSource::Capability::Record);
        showRecordingState();
        return false;
    }
    // The live pool is recorded from the service itself (every event, before any view's
    // throttling); any other source from what it delivers (an attached app's stream).
    const QString writer = QStringLiteral("PoolScope %1").arg(QCoreApplication::applicationVersion());
    auto recorder =
        m_service ? std::make_unique<ServiceRecorder>(m_service, fileName, std::chrono::seconds(1), writer)
                  : std::make_unique<ServiceRecorder>(m_source, fileName, std::chrono::seconds(1), writer);
    if (!recorder->isRecording()) {
        if (error)
            *error = recorder->error();
        showRecordingState();
        return false;
    }
    connect(recorder.get(), &ServiceRecorder::failed, this, [this](const QString& why) {
        statusBar()->showMessage(tr("Recording stopped: %1").arg(why), 15000);
        m_recorder.reset();
        showRecordingState();
    });
    m_recorder = std::move(recorder);
    statusBar()->showMessage(tr("Recording the pool to %1").arg(QDir::toNativeSeparators(fileName)), 8000);
    showRecordingState();
    return true;
}

void MainWindow::stopRecording()
{
    if (!m_recorder)
        return;
    m_recorder->stop();
    const QString file = QDir::toNativeSeparators(m_recorder->path());
    const auto events = static_cast<int>(std::min<quint64>(m_recorder->counts().events, INT_MAX));
    if (m_recorder->error().isEmpty())
        statusBar()->showMessage(tr("Trace written to %1 (%n event(s))", nullptr, events).arg(file), 8000);
    else
        statusBar()->showMessage(tr("Recording stopped: %1").arg(m_recorder->error()), 15000);
    m_recorder.reset();
    showRecordingState();
}

bool MainWindow::isRecording() const
{
    return m_recorder && m_recorder->isRecording();
}

void MainWindow::recordToggled(bool on)
{
    if (!on) {
        stopRecording();
        return;
    }
    if (isRecording())
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Record Trace"), dir + QStringLiteral("/poolscope.trace"),
                                     tr("PoolScope traces (*.trace);;All files (*)"));
    QString error;
    if (!file.isEmpty() && !startRecording(file, &error))
        QMessageBox::warning(this, tr("Record Trace"), error);
    showRecordingState();
}

void MainWindow::showRecordingState()
{
    QAction* a = action(Action::Record);
    const QSignalBlocker blocker(a);
    a->setChecked(isRecording());
    a->setText(isRecording() ? tr("Stop &Recording") : tr("&Record Trace…"));
}

MainWindow* MainWindow::openTrace(const QString& fileName, QString* error)
{
    auto source = std::make_unique<ReplaySource>();
    if (!source->open(fileName)) {
        if (error)
            *error = tr("%1 cannot be replayed: %2").arg(QDir::toNativeSeparators(fileName), source->error());
        return nullptr;
    }
    // The window owns its source through a parent that outlives it: the window's children are
    // destroyed before it, and the views read the source until then.
    auto* window = new MainWindow(source.get(), nullptr);
    source.release()->setParent(window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setConfirmDestructive(m_confirm);
    return window;
}

void MainWindow::chooseTraceToOpen()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Trace"), dir,
                                                      tr("PoolScope traces (*.trace);;All files (*)"));
    if (file.isEmpty())
        return;
    QString error;
    MainWindow* window = openTrace(file, &error);
    if (!window) {
        QMessageBox::warning(this, tr("Open Trace"), error);
        return;
    }
    window->resize(size());
    window->show();
}

void MainWindow::setUpReplay()
{
    auto* replay = qobject_cast<ReplaySource*>(m_source);
    if (!replay)
        return;
    setWindowTitle(tr("PoolScope — %1").arg(SourceText::title(*m_source)));
    // A trace has no lab: its dock and its toggle go.
    m_labDock->hide();
    action(Action::ShowLab)->setChecked(false);
    action(Action::ShowLab)->setEnabled(false);
    m_ladder->setUnavailableReason(
        tr("A trace does not record TLS handshakes; the live monitor draws them with View › Capture TLS "
           "Handshakes on."));
    m_replayBar = new ReplayBar(replay, this);
    auto* bar = new QToolBar(tr("Replay"), this);
    bar->setObjectName(QStringLiteral("replayToolBar"));
    bar->setMovable(false);
    bar->addWidget(m_replayBar);
    addToolBar(Qt::BottomToolBarArea, bar);
    connect(replay, &ReplaySource::failed, this, [this](const QString& why) {
        statusBar()->showMessage(tr("Replay stopped: %1").arg(why), 15000);
    });
    // A file cut short opens with what could be read; say so once, where the user looks.
    if (const QStringList problems = replay->problems(); !problems.isEmpty())
        statusBar()->showMessage(
            tr("Part of the trace could not be read and is left out: %1").arg(problems.first()), 30000);
}

} // namespace poolscope::ui
