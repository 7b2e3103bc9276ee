#include "command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#ifndef POOLSCOPE_VERSION
#error "POOLSCOPE_VERSION must be defined by the build (PROJECT_VERSION)"
#endif

namespace poolscope::app {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::app::CommandLine)
};

struct Parser
{
    QCommandLineParser parser;
    QCommandLineOption demo{QStringLiteral("demo"), Text::tr("Drive steady demo traffic against the lab.")};
    QCommandLineOption noLab{QStringLiteral("no-lab"), Text::tr("Do not start the built-in lab servers.")};
    QCommandLineOption dial{QStringLiteral("dial"),
                            Text::tr("Dial a target at start (repeatable). IPv6 in brackets: [::1]:443:tls."),
                            QStringLiteral("host:port[:tls]")};
    QCommandLineOption maxConnections{QStringLiteral("max-connections"),
                                      Text::tr("Pool size limit, 1-65535."), QStringLiteral("N")};
    QCommandLineOption keepAlive{QStringLiteral("keep-alive"),
                                 Text::tr("Idle keep-alive in seconds, 0-86400."), QStringLiteral("SECONDS")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  Text::tr("Render the main window to a PNG file, then quit."),
                                  QStringLiteral("FILE")};
    QCommandLineOption quitAfter{QStringLiteral("quit-after"),
                                 Text::tr("Quit after this many seconds (the screenshot is taken then)."),
                                 QStringLiteral("SECONDS")};
    QCommandLineOption windowSize{
        QStringLiteral("window-size"),
        Text::tr("Window size in logical pixels, e.g. 1024x640 (also for --screenshot)."),
        QStringLiteral("WxH")};
    QCommandLineOption lesson{QStringLiteral("lesson"),
                              Text::tr("Open a guided lesson: a shipped one's name or a lesson file; "
                                       "\"list\" prints the shipped lessons."),
                              QStringLiteral("NAME|FILE")};
    QCommandLineOption lessonAuto{
        QStringLiteral("auto"), Text::tr("With --lesson: play it without a window, print one line per step, "
                                         "exit with 1 if a step failed.")};
    QCommandLineOption record{
        QStringLiteral("record"),
        Text::tr("Record the pool (events and snapshots) from start to exit to a trace file "
                 "(docs/TRACE_FORMAT.md)."),
        QStringLiteral("FILE")};
    QCommandLineOption open{QStringLiteral("open"),
                            Text::tr("Replay a recorded trace (from --record or File > Record Trace) "
                                     "instead of watching the live pool; no lab is started."),
                            QStringLiteral("FILE")};
    QCommandLineOption at{QStringLiteral("at"),
                          Text::tr("With --open: start at this many seconds into the trace, or \"end\"."),
                          QStringLiteral("SECONDS|end")};
    QCommandLineOption play{QStringLiteral("play"), Text::tr("With --open: start playing at once.")};
    QCommandLineOption attach{QStringLiteral("attach"),
                              Text::tr("Watch the pool another app on this computer publishes "
                                       "(PoolPublisher), by its name or pid, instead of the live pool; no "
                                       "lab is started."),
                              QStringLiteral("NAME|PID")};
    QCommandLineOption listApps{QStringLiteral("list-apps"),
                                Text::tr("Print the apps that publish their pool, one per line, and exit.")};
    QCommandLineOption version{QStringList{QStringLiteral("version"), QStringLiteral("v")},
                               Text::tr("Print the version and exit.")};
    QCommandLineOption help{QStringList{QStringLiteral("help"), QStringLiteral("h")},
                            Text::tr("Print this help and exit.")};

    Parser()
    {
        parser.setApplicationDescription(
            Text::tr("PoolScope: a live monitor for a TCP/TLS connection pool, with a built-in lab of "
                     "loopback servers.\nWithout a display it runs the demo offscreen, writes %1 and prints "
                     "a pool summary.")
                .arg(QString::fromLatin1(kDefaultScreenshotName)));
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        parser.addOptions({demo, noLab, dial, maxConnections, keepAlive, screenshot, quitAfter, windowSize,
                           lesson, lessonAuto, record, open, at, play, attach, listApps, version, help});
    }
};

std::optional<int> wholeNumber(const QString& text, int min, int max)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

CommandLine fail(QString error)
{
    CommandLine cl;
    cl.action = CommandLine::Action::Error;
    cl.error = std::move(error);
    return cl;
}

/// --lesson and --auto (the lesson itself is resolved by main). Empty when they are fine.
QString parseLessonOptions(const Parser& p, Options& o)
{
    o.lessonAuto = p.parser.isSet(p.lessonAuto);
    if (!p.parser.isSet(p.lesson))
        return o.lessonAuto ? Text::tr("--auto plays a lesson: give --lesson NAME|FILE too") : QString();
    o.lesson = p.parser.value(p.lesson).trimmed();
    if (o.lesson.isEmpty())
        return Text::tr("--lesson: expected a lesson name, a lesson file or \"list\"");
    if (o.demo || o.noLab || !o.dials.isEmpty())
        return Text::tr(
            "--lesson drives the lab itself; it cannot be combined with --demo, --no-lab or --dial");
    if (o.lesson == QLatin1String(kLessonList) && (o.lessonAuto || !o.screenshot.isEmpty()))
        return Text::tr("--lesson list prints the lessons; it takes no --auto or --screenshot");
    return {};
}

/// --open, --at and --play. Empty when they are fine.
QString parseReplayOptions(const Parser& p, Options& o)
{
    o.play = p.parser.isSet(p.play);
    if (!p.parser.isSet(p.open))
        return p.parser.isSet(p.at) || o.play
                   ? Text::tr("--at and --play move a replay: give --open FILE too")
                   : QString();
    o.openFile = p.parser.value(p.open).trimmed();
    if (o.openFile.isEmpty())
        return Text::tr("--open: expected a trace file");
    if (o.demo || !o.dials.isEmpty() || !o.lesson.isEmpty() || !o.recordFile.isEmpty() || o.maxConnections ||
        o.keepAliveSeconds)
        return Text::tr("--open shows a recorded trace; it cannot be combined with --demo, --dial, --lesson, "
                        "--record, --max-connections or --keep-alive");
    if (p.parser.isSet(p.at)) {
        const QString value = p.parser.value(p.at).trimmed();
        if (value == QLatin1String("end")) {
            o.openAtSeconds = -1.0;
        } else {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || !(seconds >= 0.0) || seconds > 1e9)
                return Text::tr("--at: expected seconds from 0 or \"end\", got \"%1\"").arg(value);
            o.openAtSeconds = seconds;
        }
    }
    return {};
}

/// --attach and --list-apps. Empty when they are fine.
QString parseAttachOptions(const Parser& p, Options& o)
{
    o.listApps = p.parser.isSet(p.listApps);
    if (p.parser.isSet(p.attach)) {
        o.attachApp = p.parser.value(p.attach).trimmed();
        if (o.attachApp.isEmpty())
            return Text::tr("--attach: expected an app's name or pid (see --list-apps)");
        if (o.demo || !o.dials.isEmpty() || !o.lesson.isEmpty() || !o.openFile.isEmpty() ||
            o.maxConnections || o.keepAliveSeconds)
            return Text::tr("--attach shows another app's pool; it cannot be combined with --demo, --dial, "
                            "--lesson, --open, --max-connections or --keep-alive");
    }
    if (o.listApps && (!o.attachApp.isEmpty() || !o.openFile.isEmpty() || !o.lesson.isEmpty() ||
                       !o.screenshot.isEmpty() || o.quitAfterSeconds))
        return Text::tr("--list-apps prints the published apps and exits; it takes no other option");
    return {};
}

} // namespace

CommandLine parseCommandLine(const QStringList& arguments)
{
    Parser p;
    if (!p.parser.parse(arguments))
        return fail(p.parser.errorText());
    CommandLine cl;
    if (p.parser.isSet(p.help)) {
        cl.action = CommandLine::Action::Help;
        return cl;
    }
    if (p.parser.isSet(p.version)) {
        cl.action = CommandLine::Action::Version;
        return cl;
    }
    if (!p.parser.positionalArguments().isEmpty())
        return fail(Text::tr("unexpected argument \"%1\"").arg(p.parser.positionalArguments().first()));

    Options& o = cl.options;
    o.demo = p.parser.isSet(p.demo);
    o.noLab = p.parser.isSet(p.noLab);
    if (o.demo && o.noLab)
        return fail(Text::tr("--demo drives traffic against the lab; it cannot be combined with --no-lab"));

    for (const QString& value : p.parser.values(p.dial)) {
        const ui::DialTargetParse parsed = ui::parseDialTarget(value);
        if (!parsed.spec)
            return fail(Text::tr("--dial: %1").arg(parsed.error));
        ui::DialSpec spec = *parsed.spec;
        spec.label = Text::tr("command line");
        o.dials.append(spec);
    }
    if (p.parser.isSet(p.maxConnections)) {
        const QString value = p.parser.value(p.maxConnections);
        o.maxConnections = wholeNumber(value, 1, 65535);
        if (!o.maxConnections)
            return fail(Text::tr("--max-connections: expected a whole number from 1 to 65535, got \"%1\"")
                            .arg(value));
    }
    if (p.parser.isSet(p.keepAlive)) {
        const QString value = p.parser.value(p.keepAlive);
        o.keepAliveSeconds = wholeNumber(value, 0, 86400);
        if (!o.keepAliveSeconds)
            return fail(
                Text::tr("--keep-alive: expected whole seconds from 0 to 86400, got \"%1\"").arg(value));
    }
    if (p.parser.isSet(p.screenshot)) {
        o.screenshot = p.parser.value(p.screenshot).trimmed();
        if (o.screenshot.isEmpty())
            return fail(Text::tr("--screenshot: expected a file name"));
    }
    if (p.parser.isSet(p.quitAfter)) {
        const QString value = p.parser.value(p.quitAfter);
        bool ok = false;
        const double seconds = value.trimmed().toDouble(&ok);
        if (!ok || !(seconds > 0.0) || seconds > 86400.0)
            return fail(Text::tr("--quit-after: expected seconds greater than 0 (at most 86400), got \"%1\"")
                            .arg(value));
        o.quitAfterSeconds = seconds;
    }
    if (p.parser.isSet(p.windowSize)) {
        const QString value = p.parser.value(p.windowSize);
        const QStringList parts = value.trimmed().split(QLatin1Char('x'));
        const auto w = parts.size() == 2 ? wholeNumber(parts.at(0), 640, 7680) : std::nullopt;
        const auto h = parts.size() == 2 ? wholeNumber(parts.at(1), 400, 4320) : std::nullopt;
        if (!w || !h)
            return fail(Text::tr("--window-size: expected WIDTHxHEIGHT from 640x400 to 7680x4320, got \"%1\"")
                            .arg(value));
        o.windowSize = QSize(*w, *h);
    }
    if (const QString error = parseLessonOptions(p, o); !error.isEmpty())
        return fail(error);
    if (p.parser.isSet(p.record)) {
        o.recordFile = p.parser.value(p.record).trimmed();
        if (o.recordFile.isEmpty())
            return fail(Text::tr("--record: expected a file name"));
    }
    if (const QString error = parseReplayOptions(p, o); !error.isEmpty())
        return fail(error);
    if (const QString error = parseAttachOptions(p, o); !error.isEmpty())
        return fail(error);
    if (!o.screenshot.isEmpty() && !o.quitAfterSeconds)
        o.quitAfterSeconds = kDefaultScreenshotDelaySeconds;
    return cl;
}

QString helpText()
{
    Parser p;
    QString text = p.parser.helpText();
    // helpText() names the running binary; keep it stable and short (whatever language Qt's own
    // "Usage: %1" came in).
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    if (newline > 0)
        text = Text::tr("Usage: poolscope [options]") + text.mid(newline);
    return text;
}

QString versionText()
{
    return QStringLiteral("poolscope ") + QStringLiteral(POOLSCOPE_VERSION);
}

bool needsOffscreen(const QProcessEnvironment& environment)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    auto unset = [&environment](const char* name) {
        return environment.value(QString::fromLatin1(name)).isEmpty();
    };
    return unset("DISPLAY") && unset("WAYLAND_DISPLAY") && unset("QT_QPA_PLATFORM");
#else
    Q_UNUSED(environment);
    return false;
#endif
}

} // namespace poolscope::app
