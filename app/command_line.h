#pragma once
// poolscope's command line, parsed without side effects so it can be unit-tested:
//   --demo  --no-lab  --dial host:port[:tls] (repeatable)  --max-connections N (1-65535)
//   --keep-alive SECONDS (0-86400)  --screenshot FILE  --quit-after SECONDS  --window-size WxH
//   --lesson NAME|FILE|list  --auto  --record FILE (a trace of the session, docs/TRACE_FORMAT.md)
//   --open FILE (replay a trace)  --at SECONDS|end  --play
//   --attach NAME|PID (watch another app's published pool)  --list-apps
//   --version  --help
// Bad input yields Action::Error with a sentence; main prints it and exits with code 2.

#include "util/dial_spec.h"

#include <QList>
#include <QProcessEnvironment>
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope::app {

struct Options
{
    bool demo = false;
    bool noLab = false;
    QList<ui::DialSpec> dials;
    std::optional<int> maxConnections;
    std::optional<int> keepAliveSeconds;
    QString screenshot; ///< empty: none
    std::optional<double> quitAfterSeconds;
    /// Logical pixels, 640×400 … 7680×4320; unset: the saved layout (or 1400×900 for screenshots).
    std::optional<QSize> windowSize;
    /// --lesson: a shipped lesson's name, a lesson file, or "list" (kLessonList); empty: none.
    /// Resolved by main (ui/lessons/lesson_catalog.h), which reports a bad one with exit code 2.
    QString lesson;
    bool lessonAuto = false; ///< --auto: play the lesson headless, one line per step, then exit
    QString recordFile;      ///< --record: write a trace of the whole run here; empty: none
    QString openFile;        ///< --open: replay this trace instead of the live pool; empty: none
    /// --at: where the replay starts, in seconds (-1: the end); unset: the start.
    std::optional<double> openAtSeconds;
    bool play = false; ///< --play: the replay starts playing
    /// --attach: the published app to watch, by name or pid (resolved by main); empty: none.
    QString attachApp;
    bool listApps = false; ///< --list-apps: print the published apps and exit
};

inline constexpr const char* kLessonList = "list";

struct CommandLine
{
    enum class Action
    {
        Run,
        Help,
        Version,
        Error
    };
    Action action = Action::Run;
    Options options;
    QString error; ///< for Action::Error: what is wrong, one sentence

    [[nodiscard]] int exitCode() const { return action == Action::Error ? 2 : 0; }
};

/// `arguments` as from QCoreApplication::arguments() (the first is the program).
[[nodiscard]] CommandLine parseCommandLine(const QStringList& arguments);
/// The --help text (needs no QCoreApplication).
[[nodiscard]] QString helpText();
/// "poolscope 0.1.0"
[[nodiscard]] QString versionText();

/// True where a GUI cannot start: on Linux when DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM
/// are all unset. main then runs the demo offscreen and writes a screenshot instead of failing.
[[nodiscard]] bool needsOffscreen(const QProcessEnvironment& environment);

/// How long --screenshot waits when --quit-after is not given, and how long the no-display run lasts.
inline constexpr double kDefaultScreenshotDelaySeconds = 3.0;
inline constexpr double kHeadlessRunSeconds = 4.0;
inline constexpr const char* kDefaultScreenshotName = "poolscope-screenshot.png";

} // namespace poolscope::app
