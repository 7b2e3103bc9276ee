// poolscope's command line: every option, the host:port[:tls] syntax, the errors that exit with
// code 2, offscreen detection and the summary line.

#include "command_line.h"
#include "fd_guard.h"
#include "summary.h"

#include <QTest>

using namespace poolscope;
using namespace poolscope::app;
using Action = CommandLine::Action;

Q_DECLARE_METATYPE(poolscope::app::CommandLine::Action)

namespace {
QStringList L(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items)
        out.append(QString::fromUtf8(item));
    return out;
}
} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dialTarget_data();
    void dialTarget();
    void options_data();
    void options();
    void fullRun();
    void helpAndVersion();
    void offscreenDetection_data();
    void offscreenDetection();
    void summaryLine();
    void initTestCase() { m_fds = poolscope::test::FdGuard(); } // after QTest set up its event loop
    void cleanupTestCase() { QCOMPARE(m_fds.leaked(), 0); }

private:
    poolscope::test::FdGuard m_fds;
};

void TestCommandLine::dialTarget_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("errorPart"); // a word the error must contain

    QTest::newRow("plain") << "example.org:80" << true << "example.org" << 80 << false << QString();
    QTest::newRow("tls") << "example.org:443:tls" << true << "example.org" << 443 << true << QString();
    QTest::newRow("TLS upper") << "example.org:443:TLS" << true << "example.org" << 443 << true << QString();
    QTest::newRow("tcp suffix") << "127.0.0.2:22:tcp" << true << "127.0.0.2" << 22 << false << QString();
    QTest::newRow("ipv6") << "[::1]:8443:tls" << true << "::1" << 8443 << true << QString();
    QTest::newRow("max port") << "h:65535" << true << "h" << 65535 << false << QString();
    QTest::newRow("253 bytes") << QString(253, QLatin1Char('a')) + QStringLiteral(":1") << true
                               << QString(253, QLatin1Char('a')) << 1 << false << QString();

    QTest::newRow("empty") << "" << false << "" << 0 << false << "empty";
    QTest::newRow("empty host") << ":443" << false << "" << 0 << false << "empty host";
    QTest::newRow("no port") << "example.org" << false << "" << 0 << false << "port";
    QTest::newRow("empty port") << "example.org:" << false << "" << 0 << false << "port";
    QTest::newRow("port 0") << "example.org:0" << false << "" << 0 << false << "out of range";
    QTest::newRow("port too big") << "example.org:65536" << false << "" << 0 << false << "out of range";
    QTest::newRow("port not a number") << "example.org:http" << false << "" << 0 << false << "not a number";
    QTest::newRow("negative port") << "example.org:-1" << false << "" << 0 << false << "not a number";
    QTest::newRow("unknown suffix") << "example.org:443:ssl" << false << "" << 0 << false << "unknown suffix";
    QTest::newRow("too many fields") << "a:1:tls:x" << false << "" << 0 << false << "too many";
    QTest::newRow("bare ipv6") << "::1:443" << false << "" << 0 << false << "brackets";
    QTest::newRow("unclosed bracket") << "[::1:443" << false << "" << 0 << false << "]";
    QTest::newRow("host too long") << QString(254, QLatin1Char('a')) + QStringLiteral(":1") << false << ""
                                   << 0 << false << "253";
    QTest::newRow("slash") << "http://x:80" << false << "" << 0 << false << "host name";
}

void TestCommandLine::dialTarget()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, tls);
    QFETCH(QString, errorPart);
    const ui::DialTargetParse parsed = ui::parseDialTarget(text);
    QCOMPARE(parsed.spec.has_value(), ok);
    if (ok) {
        QCOMPARE(parsed.spec->host, host);
        QCOMPARE(int(parsed.spec->port), port);
        QCOMPARE(parsed.spec->tls, tls);
        QCOMPARE(ui::parseDialTarget(parsed.spec->toText()).spec->host, host); // round trip
    } else {
        QVERIFY2(parsed.error.contains(errorPart, Qt::CaseInsensitive), qPrintable(parsed.error));
    }
}

void TestCommandLine::options_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("nothing") << QStringList{} << Action::Run << QString();
    QTest::newRow("demo") << L({"--demo"}) << Action::Run << QString();
    QTest::newRow("help") << L({"--help"}) << Action::Help << QString();
    QTest::newRow("-h") << L({"-h"}) << Action::Help << QString();
    QTest::newRow("version") << L({"--version"}) << Action::Version << QString();
    QTest::newRow("unknown option") << L({"--bogus"}) << Action::Error << "bogus";
    QTest::newRow("positional") << L({"extra"}) << Action::Error << "unexpected argument";
    QTest::newRow("demo + no-lab") << L({"--demo", "--no-lab"}) << Action::Error << "--no-lab";
    QTest::newRow("bad dial") << L({"--dial", "host:0"}) << Action::Error << "--dial";
    QTest::newRow("dial missing value") << L({"--dial"}) << Action::Error << "dial";
    QTest::newRow("max 0") << L({"--max-connections", "0"}) << Action::Error << "1 to 65535";
    QTest::newRow("max 65536") << L({"--max-connections", "65536"}) << Action::Error << "1 to 65535";
    QTest::newRow("max text") << L({"--max-connections", "lots"}) << Action::Error << "lots";
    QTest::newRow("max ok") << L({"--max-connections", "65535"}) << Action::Run << QString();
    QTest::newRow("keep-alive -1") << L({"--keep-alive", "-1"}) << Action::Error << "0 to 86400";
    QTest::newRow("keep-alive 86401") << L({"--keep-alive", "86401"}) << Action::Error << "0 to 86400";
    QTest::newRow("keep-alive 0") << L({"--keep-alive", "0"}) << Action::Run << QString();
    QTest::newRow("quit-after 0") << L({"--quit-after", "0"}) << Action::Error << "greater than 0";
    QTest::newRow("quit-after text") << L({"--quit-after", "soon"}) << Action::Error << "soon";
    QTest::newRow("screenshot empty") << L({"--screenshot", ""}) << Action::Error << "file name";
    QTest::newRow("window-size ok") << L({"--window-size", "1024x640"}) << Action::Run << QString();
    QTest::newRow("window-size small") << L({"--window-size", "320x200"}) << Action::Error << "640x400";
    QTest::newRow("window-size huge") << L({"--window-size", "99999x640"}) << Action::Error << "99999x640";
    QTest::newRow("window-size text") << L({"--window-size", "big"}) << Action::Error << "big";
    QTest::newRow("window-size 3 parts") << L({"--window-size", "1x2x3"}) << Action::Error << "1x2x3";
    QTest::newRow("lesson name") << L({"--lesson", "why-reuse"}) << Action::Run << QString();
    QTest::newRow("lesson file auto")
        << L({"--lesson", "/tmp/mine.json", "--auto"}) << Action::Run << QString();
    QTest::newRow("lesson list") << L({"--lesson", "list"}) << Action::Run << QString();
    QTest::newRow("lesson missing value") << L({"--lesson"}) << Action::Error << "lesson";
    QTest::newRow("lesson empty") << L({"--lesson", " "}) << Action::Error << "--lesson: expected";
    QTest::newRow("auto alone") << L({"--auto"}) << Action::Error << "--auto plays a lesson";
    QTest::newRow("lesson + demo") << L({"--lesson", "why-reuse", "--demo"}) << Action::Error << "--demo";
    QTest::newRow("lesson + no-lab") << L({"--lesson", "why-reuse", "--no-lab"}) << Action::Error
                                     << "--no-lab";
    QTest::newRow("lesson list auto")
        << L({"--lesson", "list", "--auto"}) << Action::Error << "--lesson list";
    QTest::newRow("record ok") << L({"--record", "run.trace"}) << Action::Run << QString();
    QTest::newRow("record empty") << L({"--record", " "}) << Action::Error
                                  << "--record: expected a file name";
    QTest::newRow("record missing value") << L({"--record"}) << Action::Error << "record";
    QTest::newRow("open ok") << L({"--open", "run.trace"}) << Action::Run << QString();
    QTest::newRow("open at end play")
        << L({"--open", "run.trace", "--at", "end", "--play"}) << Action::Run << QString();
    QTest::newRow("open no-lab") << L({"--open", "run.trace", "--no-lab"}) << Action::Run << QString();
    QTest::newRow("open empty") << L({"--open", " "}) << Action::Error << "--open: expected a trace file";
    QTest::newRow("open + demo") << L({"--open", "run.trace", "--demo"}) << Action::Error << "--demo";
    QTest::newRow("open + record") << L({"--open", "a.trace", "--record", "b.trace"}) << Action::Error
                                   << "--record";
    QTest::newRow("open + lesson") << L({"--open", "a.trace", "--lesson", "why-reuse"}) << Action::Error
                                   << "--lesson";
    QTest::newRow("open + dial") << L({"--open", "a.trace", "--dial", "h:1"}) << Action::Error << "--dial";
    QTest::newRow("at alone") << L({"--at", "3"}) << Action::Error << "--open FILE";
    QTest::newRow("play alone") << L({"--play"}) << Action::Error << "--open FILE";
    QTest::newRow("at negative") << L({"--open", "a.trace", "--at", "-1"}) << Action::Error << "-1";
    QTest::newRow("at text") << L({"--open", "a.trace", "--at", "later"}) << Action::Error << "later";
    QTest::newRow("at nan") << L({"--open", "a.trace", "--at", "nan"}) << Action::Error << "nan";
    QTest::newRow("attach name") << L({"--attach", "shop"}) << Action::Run << QString();
    QTest::newRow("attach pid screenshot")
        << L({"--attach", "4242", "--screenshot", "a.png", "--quit-after", "2"}) << Action::Run << QString();
    QTest::newRow("attach no-lab") << L({"--attach", "shop", "--no-lab"}) << Action::Run << QString();
    QTest::newRow("attach empty") << L({"--attach", " "}) << Action::Error << "--attach: expected";
    QTest::newRow("attach missing value") << L({"--attach"}) << Action::Error << "attach";
    QTest::newRow("attach + demo") << L({"--attach", "shop", "--demo"}) << Action::Error << "--demo";
    QTest::newRow("attach + open") << L({"--attach", "shop", "--open", "a.trace"}) << Action::Error
                                   << "--open";
    QTest::newRow("attach + record") << L({"--attach", "shop", "--record", "a.trace"}) << Action::Run
                                     << QString();
    QTest::newRow("attach + dial") << L({"--attach", "shop", "--dial", "h:1"}) << Action::Error << "--dial";
    QTest::newRow("list apps") << L({"--list-apps"}) << Action::Run << QString();
    QTest::newRow("list apps + attach")
        << L({"--list-apps", "--attach", "shop"}) << Action::Error << "--list-apps";
    QTest::newRow("list apps + screenshot")
        << L({"--list-apps", "--screenshot", "a.png"}) << Action::Error << "--list-apps";
}

void TestCommandLine::options()
{
    QFETCH(QStringList, args);
    QFETCH(Action, action);
    QFETCH(QString, errorPart);
    const CommandLine cl = parseCommandLine(QStringList{QStringLiteral("poolscope")} + args);
    QCOMPARE(cl.action, action);
    QCOMPARE(cl.exitCode(), action == Action::Error ? 2 : 0);
    if (action == Action::Error)
        QVERIFY2(cl.error.contains(errorPart), qPrintable(cl.error));
}

void TestCommandLine::fullRun()
{
    const CommandLine cl = parseCommandLine(
        {QStringLiteral("poolscope"), QStringLiteral("--demo"), QStringLiteral("--dial"),
         QStringLiteral("a.test:80"), QStringLiteral("--dial=[::1]:8443:tls"),
         QStringLiteral("--max-connections"), QStringLiteral("8"), QStringLiteral("--keep-alive"),
         QStringLiteral("30"), QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"),
         QStringLiteral("--window-size"), QStringLiteral("1024x640")});
    QCOMPARE(cl.action, Action::Run);
    const Options& o = cl.options;
    QVERIFY(o.demo);
    QVERIFY(!o.noLab);
    QCOMPARE(o.dials.size(), 2);
    QCOMPARE(o.dials.at(0).host, QStringLiteral("a.test"));
    QCOMPARE(o.dials.at(1).host, QStringLiteral("::1"));
    QVERIFY(o.dials.at(1).tls);
    QVERIFY(!o.dials.at(1).trustLabCa); // command-line dials never trust the lab CA
    QCOMPARE(o.maxConnections, std::optional<int>(8));
    QCOMPARE(o.keepAliveSeconds, std::optional<int>(30));
    QCOMPARE(o.screenshot, QStringLiteral("/tmp/x.png"));
    QCOMPARE(o.quitAfterSeconds, std::optional<double>(kDefaultScreenshotDelaySeconds)); // default delay
    QCOMPARE(o.windowSize, std::optional<QSize>(QSize(1024, 640)));

    const CommandLine quick = parseCommandLine({QStringLiteral("poolscope"), QStringLiteral("--no-lab"),
                                                QStringLiteral("--quit-after"), QStringLiteral("0.5")});
    QVERIFY(quick.options.noLab);
    QCOMPARE(quick.options.quitAfterSeconds, std::optional<double>(0.5));
    QVERIFY(quick.options.screenshot.isEmpty());
    QVERIFY(!quick.options.windowSize);
    QVERIFY(quick.options.lesson.isEmpty());
    QVERIFY(!quick.options.lessonAuto);

    const CommandLine lesson = parseCommandLine(
        {QStringLiteral("poolscope"), QStringLiteral("--lesson=keep-alive"), QStringLiteral("--auto")});
    QCOMPARE(lesson.action, Action::Run);
    QCOMPARE(lesson.options.lesson, QStringLiteral("keep-alive"));
    QVERIFY(lesson.options.lessonAuto);
    QVERIFY(quick.options.recordFile.isEmpty());
    const CommandLine recording = parseCommandLine(
        {QStringLiteral("poolscope"), QStringLiteral("--record"), QStringLiteral(" /tmp/run.trace ")});
    QCOMPARE(recording.options.recordFile, QStringLiteral("/tmp/run.trace"));

    QVERIFY(quick.options.openFile.isEmpty());
    const CommandLine replay = parseCommandLine({QStringLiteral("poolscope"), QStringLiteral("--open"),
                                                 QStringLiteral("run.trace"), QStringLiteral("--at=2.5")});
    QCOMPARE(replay.action, Action::Run);
    QCOMPARE(replay.options.openFile, QStringLiteral("run.trace"));
    QCOMPARE(replay.options.openAtSeconds, std::optional<double>(2.5));
    QVERIFY(!replay.options.play);
    const CommandLine toEnd =
        parseCommandLine({QStringLiteral("poolscope"), QStringLiteral("--open=x.trace"),
                          QStringLiteral("--at"), QStringLiteral("end"), QStringLiteral("--play")});
    QCOMPARE(toEnd.options.openAtSeconds, std::optional<double>(-1.0));
    QVERIFY(toEnd.options.play);

    QVERIFY(quick.options.attachApp.isEmpty());
    QVERIFY(!quick.options.listApps);
    const CommandLine attach =
        parseCommandLine({QStringLiteral("poolscope"), QStringLiteral("--attach= shop "),
                          QStringLiteral("--quit-after"), QStringLiteral("1")});
    QCOMPARE(attach.action, Action::Run);
    QCOMPARE(attach.options.attachApp, QStringLiteral("shop"));
    QVERIFY(!attach.options.listApps);
    const CommandLine list = parseCommandLine({QStringLiteral("poolscope"), QStringLiteral("--list-apps")});
    QVERIFY(list.options.listApps);
    QVERIFY(list.options.attachApp.isEmpty());
}

void TestCommandLine::helpAndVersion()
{
    const QString help = helpText();
    for (const char* option : {"--demo", "--no-lab", "--dial", "--max-connections", "--keep-alive",
                               "--screenshot", "--quit-after", "--window-size", "--record", "--open", "--at",
                               "--play", "--attach", "--list-apps", "--version", "--help"})
        QVERIFY2(help.contains(QLatin1String(option)), option);
    QVERIFY(help.startsWith(QStringLiteral("Usage: poolscope")));
    QCOMPARE(versionText(), QStringLiteral("poolscope " POOLSCOPE_VERSION));
}

void TestCommandLine::offscreenDetection_data()
{
    QTest::addColumn<QStringList>("set");
    QTest::addColumn<bool>("offscreen");
    // Only X11 and Wayland systems can lack a display; Windows and macOS always have one.
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    constexpr bool kCanLackDisplay = true;
#else
    constexpr bool kCanLackDisplay = false;
#endif
    QTest::newRow("nothing") << QStringList{} << kCanLackDisplay;
    QTest::newRow("x11") << L({"DISPLAY=:0"}) << false;
    QTest::newRow("wayland") << L({"WAYLAND_DISPLAY=wayland-0"}) << false;
    QTest::newRow("platform chosen") << L({"QT_QPA_PLATFORM=offscreen"}) << false;
    QTest::newRow("empty display") << L({"DISPLAY="}) << kCanLackDisplay;
}

void TestCommandLine::offscreenDetection()
{
    QFETCH(QStringList, set);
    QFETCH(bool, offscreen);
    QProcessEnvironment env;
    for (const QString& kv : set)
        env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    QCOMPARE(needsOffscreen(env), offscreen);
}

void TestCommandLine::summaryLine()
{
    PoolSnapshot s;
    s.stats.inUse = 0;
    s.stats.idle = 3;
    s.stats.dials = 42;
    s.stats.reuses = 30;
    s.stats.handshakeFailures = 2;
    s.stats.socketErrors = 1;
    s.stats.resolveFailures = 2;
    s.stats.timeouts = 1;
    QCOMPARE(poolSummary(s),
             QStringLiteral("PoolScope summary: in use 0, idle 3, dials 42, reuses 30, failures 6 "
                            "(handshake 2, resolve 2, socket 1, timeouts 1)"));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_ui_command_line.moc"
