// File → Record Trace: the pool to a trace file (ServiceRecorder) until the user stops or the
// window closes.

#include "main_window.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <climits>

namespace poolscope::ui {

bool MainWindow::startRecording(const QString& fileName, QString* error)
{
    stopRecording();
    auto recorder = std::make_unique<ServiceRecorder>(
        m_service, fileName, std::chrono::seconds(1),
        QStringLiteral("PoolScope %1").arg(QCoreApplication::applicationVersion()));
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

} // namespace poolscope::ui
