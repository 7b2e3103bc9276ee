#include "run_window.h"

#include "main_window.h"
#include "poolscope/attach/attached_source.h"
#include "poolscope/service/replay_source.h"
#include "poolscope/service/service_recorder.h"
#include "summary.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QTimer>
#include <chrono>
#include <cmath>

namespace poolscope::app {

void printLine(FILE* stream, const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

void scheduleTimedQuit(ui::MainWindow& window, const Options& options, int& exitCode)
{
    if (!options.quitAfterSeconds)
        return;
    const auto delay = std::chrono::milliseconds(static_cast<qint64>(*options.quitAfterSeconds * 1000.0));
    QTimer::singleShot(delay, &window, [&window, &exitCode, file = options.screenshot] {
        if (!file.isEmpty()) {
            const QString path = QFileInfo(file).absoluteFilePath();
            if (window.saveScreenshot(path)) {
                printLine(stdout,
                          QStringLiteral("Screenshot written to %1").arg(QDir::toNativeSeparators(path)));
            } else {
                printLine(stderr, QStringLiteral("poolscope: cannot write the screenshot to %1").arg(path));
                exitCode = 1;
            }
        }
        window.closeWithoutAsking();
        // Closing the last window normally ends the loop, but the offscreen platform under Wine
        // never delivers that close; a timed run must end on every platform.
        QCoreApplication::exit(exitCode);
    });
}

int runReplay(const Options& options)
{
    ReplaySource source;
    if (!source.open(options.openFile)) {
        printLine(stderr, QStringLiteral("poolscope: --open: %1 cannot be replayed: %2")
                              .arg(QDir::toNativeSeparators(options.openFile), source.error()));
        return 2;
    }
    for (const QString& problem : source.problems())
        printLine(stderr, QStringLiteral("poolscope: --open: skipped %1").arg(problem));
    int exitCode = 0;
    {
        // The default layout: a saved one is the live window's, with docks a replay has none of.
        ui::MainWindow window(&source, nullptr);
        if (options.windowSize)
            window.resize(*options.windowSize);
        window.show();
        if (options.openAtSeconds) {
            const double at = *options.openAtSeconds;
            source.seek(at < 0 ? source.durationUs() : static_cast<qint64>(std::llround(at * 1e6)));
        }
        if (options.play)
            source.play();
        scheduleTimedQuit(window, options, exitCode);
        const int loopResult = QApplication::exec();
        if (exitCode == 0)
            exitCode = loopResult;
    }
    if (const SnapshotPtr shown = source.latestSnapshot()) {
        printLine(stdout, QStringLiteral("Replayed %1 at %2 s of %3 s: %4")
                              .arg(QDir::toNativeSeparators(options.openFile))
                              .arg(static_cast<double>(source.positionUs()) / 1e6, 0, 'f', 1)
                              .arg(static_cast<double>(source.durationUs()) / 1e6, 0, 'f', 1)
                              .arg(poolSummary(*shown)));
    }
    return exitCode;
}

QString appLine(const InspectableApp& app)
{
    return QStringLiteral("%1\tpool %2\tpid %3\tallows %4\tstarted %5")
        .arg(app.name, app.pool)
        .arg(app.pid)
        .arg(app.allowed.isEmpty() ? QStringLiteral("nothing (read-only)")
                                   : app.allowed.join(QLatin1Char(',')),
             app.started.toUTC().toString(Qt::ISODate));
}

int listApps()
{
    for (const InspectableApp& app : listInspectableApps())
        printLine(stdout, appLine(app));
    return 0;
}

void finishRecording(ServiceRecorder& recorder, const QString& file, int& exitCode)
{
    recorder.stop();
    const trace::TraceWriter::Counts counts = recorder.counts();
    if (recorder.error().isEmpty()) {
        printLine(stdout, QStringLiteral("Trace written to %1 (%2 events, %3 snapshots)")
                              .arg(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath()))
                              .arg(counts.events)
                              .arg(counts.snapshots));
    } else {
        printLine(stderr, QStringLiteral("poolscope: the trace is incomplete: %1").arg(recorder.error()));
        exitCode = exitCode == 0 ? 1 : exitCode;
    }
}

int runAttached(const Options& options)
{
    QString error;
    const std::optional<InspectableApp> app = findInspectableApp(options.attachApp, &error);
    if (!app) {
        printLine(stderr, QStringLiteral("poolscope: --attach: %1").arg(error));
        const QList<InspectableApp> apps = listInspectableApps();
        if (apps.isEmpty())
            printLine(stderr, QStringLiteral("poolscope: no app on this computer publishes its pool"));
        else
            printLine(stderr, QStringLiteral("poolscope: apps publishing their pool:"));
        for (const InspectableApp& a : apps)
            printLine(stderr, QStringLiteral("  ") + appLine(a));
        return 2;
    }
    AttachedSource source;
    source.setAutoReattach(true);
    // --record: what the window shows of the app, from the first snapshot on.
    std::unique_ptr<ServiceRecorder> recorder;
    if (!options.recordFile.isEmpty()) {
        recorder = std::make_unique<ServiceRecorder>(&source, options.recordFile, std::chrono::seconds(1),
                                                     versionText());
        if (!recorder->isRecording()) {
            printLine(stderr,
                      QStringLiteral("poolscope: --record: %1\nTry 'poolscope --help' for the options.")
                          .arg(recorder->error()));
            return 2;
        }
    }
    int exitCode = 0;
    {
        ui::MainWindow window(&source, nullptr);
        if (options.windowSize)
            window.resize(*options.windowSize);
        window.show();
        source.attach(*app);
        scheduleTimedQuit(window, options, exitCode);
        const int loopResult = QApplication::exec();
        if (exitCode == 0)
            exitCode = loopResult;
    }
    const QString who = QStringLiteral("%1 (pid %2)").arg(source.name()).arg(source.app().pid);
    if (source.status() == AttachedSource::Status::Attached ||
        source.status() == AttachedSource::Status::Connecting)
        printLine(stdout, QStringLiteral("Attached to %1").arg(who));
    else
        printLine(stdout, QStringLiteral("Lost %1: %2").arg(who, source.statusText()));
    if (const SnapshotPtr shown = source.latestSnapshot())
        printLine(stdout, poolSummary(*shown));
    if (recorder)
        finishRecording(*recorder, options.recordFile, exitCode);
    return exitCode;
}

} // namespace poolscope::app
