// poolscope: the PoolScope monitor. Thin: parse the command line, start the lab and the pool
// service, show the window, and print a pool summary on the way out.

#include "command_line.h"
#include "lessons/lesson_catalog.h"
#include "lessons/lesson_console.h"
#include "lessons/lesson_runner.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "platform/console.h"
#include "platform/termination.h"
#include "poolscope/service/service_recorder.h"
#include "run_window.h"
#include "summary.h"
#include "util/app_settings.h"
#include "util/resources.h"
#include "util/translations.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>

namespace {

Q_LOGGING_CATEGORY(lcApp, "poolscope.app", QtWarningMsg)

using poolscope::app::printLine;

/// --lesson list and --lesson X --auto: no window, so only a QCoreApplication. Exit code 2 for a
/// lesson that cannot be found or loaded, 1 when a step failed.
int runLessonCommand(int argc, char* argv[], const poolscope::app::Options& options)
{
    using namespace poolscope;
    QCoreApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PoolScope"));
    QCoreApplication::setApplicationName(QStringLiteral("PoolScope"));
    ui::initResources();
    ui::installTranslations(application);
    if (options.lesson == QLatin1String(app::kLessonList)) {
        printLine(stdout, ui::lessons::lessonListText());
        return 0;
    }
    const ui::lessons::LessonLoad load = ui::lessons::findLesson(options.lesson);
    if (!load.lesson) {
        printLine(stderr, QStringLiteral("poolscope: --lesson: %1").arg(load.error));
        return 2;
    }
    return ui::lessons::playLessonHeadless(*load.lesson,
                                           [](const QString& line) { printLine(stdout, line); });
}

} // namespace

int main(int argc, char* argv[])
{
    using namespace poolscope;
    app::attachParentConsole();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    const app::CommandLine cli = app::parseCommandLine(arguments);
    switch (cli.action) {
    case app::CommandLine::Action::Error:
        printLine(stderr,
                  QStringLiteral("poolscope: %1\nTry 'poolscope --help' for the options.").arg(cli.error));
        return cli.exitCode();
    case app::CommandLine::Action::Help: {
        // In the user's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as QLocale reads them; no C
        // library locale needed): translators need an application object.
        QCoreApplication application(argc, argv);
        ui::installTranslations(application);
        printLine(stdout, app::helpText());
        return 0;
    }
    case app::CommandLine::Action::Version:
        printLine(stdout, app::versionText());
        return 0;
    case app::CommandLine::Action::Run:
        break;
    }

    app::Options options = cli.options;
    if (options.lesson == QLatin1String(app::kLessonList) || options.lessonAuto)
        return runLessonCommand(argc, argv, options);
    if (options.listApps) {
        const QCoreApplication application(argc, argv);
        return app::listApps();
    }
    const bool headless = app::needsOffscreen(QProcessEnvironment::systemEnvironment());
    if (headless) {
        // No display: show what PoolScope does instead of failing.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        options.demo = !options.noLab && options.lesson.isEmpty() && options.openFile.isEmpty() &&
                       options.attachApp.isEmpty();
        if (options.screenshot.isEmpty())
            options.screenshot = QString::fromLatin1(app::kDefaultScreenshotName);
        if (!options.quitAfterSeconds)
            options.quitAfterSeconds = app::kHeadlessRunSeconds;
        printLine(stderr, QStringLiteral("poolscope: no display found; running %1offscreen for %2 s")
                              .arg(options.demo ? QStringLiteral("the demo ") : QString())
                              .arg(*options.quitAfterSeconds));
    }

    QApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PoolScope"));
    QCoreApplication::setApplicationName(QStringLiteral("PoolScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("PoolScope"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.poolscope.PoolScope")); // matches the .desktop id
    ui::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/poolscope.png")));
    ui::installTranslations(application);
    if (!options.openFile.isEmpty())
        return app::runReplay(options);
    if (!options.attachApp.isEmpty())
        return app::runAttached(options);

    std::optional<ui::lessons::Lesson> lesson;
    if (!options.lesson.isEmpty()) {
        ui::lessons::LessonLoad load = ui::lessons::findLesson(options.lesson);
        if (!load.lesson) {
            printLine(stderr, QStringLiteral("poolscope: --lesson: %1").arg(load.error));
            return 2;
        }
        lesson = std::move(load.lesson);
    }

    std::unique_ptr<lab::Lab> lab;
    if (!options.noLab) {
        auto started = lab::Lab::start();
        if (started) {
            lab = std::move(started).value();
        } else {
            printLine(stderr, QStringLiteral("poolscope: the lab did not start (%1); continuing without it")
                                  .arg(QString::fromStdString(started.error().message)));
            options.demo = false;
        }
    }

    ServiceOptions serviceOptions;
    // A lesson starts from the default pool (its own settings on top), not from saved settings
    // that could keep its checks from passing.
    if (!lesson)
        serviceOptions.pool = ui::AppSettings::poolParams(serviceOptions.pool);
    if (options.maxConnections)
        serviceOptions.pool.maxConnections = *options.maxConnections;
    if (options.keepAliveSeconds)
        serviceOptions.pool.maxKeepAlive = std::chrono::seconds(*options.keepAliveSeconds);
    // A saved per-host cap above a smaller --max-connections would be rejected: cap it.
    serviceOptions.pool.maxPerHost =
        std::min(serviceOptions.pool.maxPerHost, serviceOptions.pool.maxConnections);
    auto serviceStarted = PoolServiceThread::start(serviceOptions);
    if (!serviceStarted) {
        printLine(stderr, QStringLiteral("poolscope: cannot start the pool: %1")
                              .arg(QString::fromStdString(serviceStarted.error().message)));
        return 1;
    }
    std::unique_ptr<PoolServiceThread> serviceThread = std::move(serviceStarted).value();
    PoolService* service = serviceThread->service();

    // --record: the whole run to a trace file; a path that cannot be written is a bad option.
    std::unique_ptr<ServiceRecorder> recorder;
    if (!options.recordFile.isEmpty()) {
        recorder = std::make_unique<ServiceRecorder>(service, options.recordFile, std::chrono::seconds(1),
                                                     app::versionText());
        if (!recorder->isRecording()) {
            printLine(stderr,
                      QStringLiteral("poolscope: --record: %1\nTry 'poolscope --help' for the options.")
                          .arg(recorder->error()));
            return 2;
        }
    }

    int exitCode = 0;
    QString summary;
    // SIGTERM, Ctrl+C, a closed console: leave the loop as Quit would (without asking, whatever
    // "Ask before closing" says: nobody is there to answer), so the summary prints and the pool
    // and the lab close their connections.
    const app::TerminationRequests terminationRequests([](const app::TerminationRequest& request) {
        printLine(stderr, QStringLiteral("poolscope: %1 received; shutting down").arg(request.reason));
        QCoreApplication::exit(request.exitCode);
    });
    {
        ui::MainWindow window(service, lab.get());
        if (options.screenshot.isEmpty())
            window.restoreLayout(); // screenshots use the default 1400×900 layout, whatever was saved
        if (options.windowSize)
            window.resize(*options.windowSize);
        window.show();
        if (options.demo)
            window.setDemoRunning(true);
        for (const ui::DialSpec& spec : options.dials)
            window.dial(spec);
        // --lesson NAME: played live in the window's Lessons dock; each step's result also goes to stdout.
        if (lesson && lab) {
            ui::lessons::LessonsDock* dock = window.lessonsDock();
            ui::lessons::LessonRunner* runner = dock->runner();
            QObject::connect(runner, &ui::lessons::LessonRunner::stepFinished, runner,
                             [runner](int index) { printLine(stdout, runner->resultLine(index)); });
            dock->show();
            dock->raise();
            QTimer::singleShot(0, dock, [dock, &lesson] { dock->start(*lesson); });
        } else if (lesson) {
            printLine(stderr, QStringLiteral("poolscope: the lesson needs the lab, which did not start"));
        }
        app::scheduleTimedQuit(window, options, exitCode);
        const int loopResult = QApplication::exec();
        if (exitCode == 0)
            exitCode = loopResult;
        summary = app::poolSummary(*service->latestSnapshot());
    }
    printLine(stdout, summary);
    if (recorder) {
        app::finishRecording(*recorder, options.recordFile, exitCode);
        recorder.reset();
    }
    qCDebug(lcApp) << "shutting down the service and the lab";
    serviceThread.reset();
    lab.reset();
    return exitCode;
}
