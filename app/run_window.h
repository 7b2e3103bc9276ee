#pragma once
// What main does around a window, shared by the live monitor and a replay: printing a line, and
// --quit-after with --screenshot (take the picture, close, leave the loop).

#include "command_line.h"
#include "poolscope/attach/inspectable_apps.h"

#include <QString>
#include <cstdio>

namespace poolscope {
class ServiceRecorder;
}
namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::app {

/// One line to stdout or stderr in the local encoding, flushed.
void printLine(FILE* stream, const QString& text);

/// With --quit-after: after that delay writes the --screenshot (if any; `exitCode` becomes 1 if it
/// cannot be written), closes `window` and leaves the event loop. Nothing without --quit-after.
void scheduleTimedQuit(ui::MainWindow& window, const Options& options, int& exitCode);

/// --record: stops `recorder` and says where the trace went (stdout), or why it is incomplete
/// (stderr; `exitCode` becomes 1 if it was 0).
void finishRecording(ServiceRecorder& recorder, const QString& file, int& exitCode);

/// --open FILE: the replay window instead of the live pool. Needs a QApplication; returns the exit
/// code (2 when the file cannot be replayed, with the reason on stderr).
[[nodiscard]] int runReplay(const Options& options);

/// --attach NAME|PID: a window on that app's published pool (recorded with --record FILE). Needs a
/// QApplication; returns the exit code (2 when no such app publishes, or the name is ambiguous,
/// with what is available on stderr, or the trace cannot be written).
[[nodiscard]] int runAttached(const Options& options);

/// --list-apps: one line per published app ("shop  pool default  pid 4242  allows force_close
/// started …"), nothing when there is none. Needs only a QCoreApplication; returns 0.
[[nodiscard]] int listApps();

/// One line describing a published app, as --list-apps prints it.
[[nodiscard]] QString appLine(const InspectableApp& app);

} // namespace poolscope::app
