// Runs the real poolscope binary: the README's demo run with a screenshot, the no-display
// fallback, --version / --help, and bad options (exit code 2 with a clear message).

#include "app_process.h"
#include "fd_guard.h"
#include "test_platform.h"

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kApp = QStringLiteral(POOLSCOPE_APP_PATH);

using Run = poolscope::test::AppRun;

/// Runs poolscope with `args`; `env` replaces the environment (settings go to a temporary dir).
Run runApp(const QStringList& args, const QProcessEnvironment& env, const QString& workDir,
           int timeoutMs = 60'000)
{
    return poolscope::test::runProgram(kApp, args, env, workDir, timeoutMs);
}

QProcessEnvironment baseEnvironment(const QString& home)
{
    return poolscope::test::isolatedEnvironment(home);
}

/// The summary numbers: in use, idle, dials, reuses, failures, then handshake, resolve, socket and
/// timeouts.
QList<qulonglong> summaryNumbers(const QString& out)
{
    static const QRegularExpression re(QStringLiteral(
        "PoolScope summary: in use (\\d+), idle (\\d+), dials (\\d+), reuses (\\d+), failures (\\d+) "
        "\\(handshake (\\d+), resolve (\\d+), socket (\\d+), timeouts (\\d+)\\)"));
    const QRegularExpressionMatch m = re.match(out);
    QList<qulonglong> numbers;
    if (m.hasMatch()) {
        for (int i = 1; i <= 9; ++i)
            numbers.append(m.captured(i).toULongLong());
    }
    return numbers;
}

void checkScreenshot(const QString& path)
{
    QVERIFY2(QFile::exists(path), qPrintable(path));
    QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY2(image.width() >= 800 && image.height() >= 500,
             qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    // Not a blank picture: count distinct colours in a coarse grid.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
}

} // namespace

class TestAppSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kApp), qPrintable(kApp));
        // QProcess keeps one process-wide descriptor (its child-reaper pipe) from its first use on.
        QTemporaryDir dir;
        runApp({QStringLiteral("--version")}, baseEnvironment(dir.path()), dir.path());
        m_fds = poolscope::test::FdGuard();
    }
    void demoScreenshotAndSummary();
    void noDisplayFallsBackToOffscreen();
    void terminationPrintsSummary_data();
    void terminationPrintsSummary();
    void versionAndHelp();
    void speaksTheUsersLanguage_data();
    void speaksTheUsersLanguage();
    void badOptions_data();
    void badOptions();
    void cleanupTestCase() { QCOMPARE(m_fds.settledLeak(), 0); }

private:
    poolscope::test::FdGuard m_fds;
};

void TestAppSmoke::demoScreenshotAndSummary()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = baseEnvironment(dir.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString shot = dir.filePath(QStringLiteral("shot.png"));
    const Run run = runApp({QStringLiteral("--demo"), QStringLiteral("--screenshot"), shot,
                            QStringLiteral("--quit-after"), QStringLiteral("3")},
                           env, dir.path());
    QVERIFY2(
        run.status == QProcess::NormalExit && run.exitCode == 0,
        qPrintable(
            QStringLiteral("status %1, exit %2: %3").arg(int(run.status)).arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.out.contains(QStringLiteral("Screenshot written to")), qPrintable(run.out));
    checkScreenshot(shot);
    const QList<qulonglong> numbers = summaryNumbers(run.out);
    QVERIFY2(numbers.size() == 9, qPrintable(run.out));
    QVERIFY2(numbers.at(2) > 0, "the demo dialled nothing in 3 s");
    QCOMPARE(numbers.at(4), numbers.at(5) + numbers.at(6) + numbers.at(7) + numbers.at(8));
}

void TestAppSmoke::noDisplayFallsBackToOffscreen()
{
#if !defined(Q_OS_LINUX) && !defined(Q_OS_FREEBSD)
    QSKIP("Windows and macOS always have a display: the offscreen fall-back is for X11 and Wayland");
#endif
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = baseEnvironment(dir.path());
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    const Run run = runApp({QStringLiteral("--quit-after"), QStringLiteral("1.5")}, env, dir.path());
    QVERIFY2(
        run.status == QProcess::NormalExit && run.exitCode == 0,
        qPrintable(
            QStringLiteral("status %1, exit %2: %3").arg(int(run.status)).arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.err.contains(QStringLiteral("no display")), qPrintable(run.err));
    checkScreenshot(dir.filePath(QStringLiteral("poolscope-screenshot.png")));
    QVERIFY2(summaryNumbers(run.out).size() == 9, qPrintable(run.out));
}

void TestAppSmoke::terminationPrintsSummary_data()
{
    QTest::addColumn<bool>("interrupt"); // SIGINT (Ctrl+C) instead of QProcess::terminate's SIGTERM
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    QTest::newRow("SIGTERM") << false << 128 + 15 << QStringLiteral("SIGTERM");
    QTest::newRow("SIGINT") << true << 128 + 2 << QStringLiteral("SIGINT");
}

void TestAppSmoke::terminationPrintsSummary()
{
#if defined(Q_OS_WIN)
    QSKIP("QProcess::terminate() posts WM_CLOSE on Windows, and Ctrl+C is a console event only a "
          "process sharing the app's console can raise; console_ctrl handling is checked by hand");
#endif
    QFETCH(bool, interrupt);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = baseEnvironment(dir.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("poolscope.app.termination.debug=true"));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(dir.path());
    QString err;
    connect(&process, &QProcess::readyReadStandardError, this,
            [&] { err += QString::fromLocal8Bit(process.readAllStandardError()); });
    // --quit-after only bounds a run whose signal went astray: it must not be what ends it.
    process.start(kApp, {QStringLiteral("--demo"), QStringLiteral("--quit-after"), QStringLiteral("90")});
    QVERIFY(process.waitForStarted(10'000));
    QTRY_VERIFY_WITH_TIMEOUT(err.contains(QStringLiteral("end the event loop")), 30'000);
    if (interrupt)
        QVERIFY(poolscope::test::interruptProcess(process.processId()));
    else
        process.terminate();
    QVERIFY2(process.waitForFinished(30'000), qPrintable(err));
    err += QString::fromLocal8Bit(process.readAllStandardError());
    const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable(err));
    QCOMPARE(process.exitCode(), exitCode);
    QVERIFY2(err.contains(QStringLiteral("poolscope: %1 received; shutting down").arg(reason)),
             qPrintable(err));
    QVERIFY2(summaryNumbers(out).size() == 9, qPrintable(out + err));
}

void TestAppSmoke::versionAndHelp()
{
    QTemporaryDir dir;
    const QProcessEnvironment env = baseEnvironment(dir.path());
    Run run = runApp({QStringLiteral("--version")}, env, dir.path());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QStringLiteral("poolscope " POOLSCOPE_VERSION));
    run = runApp({QStringLiteral("--help")}, env, dir.path());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(QStringLiteral("--screenshot")));
    QVERIFY(run.out.contains(QStringLiteral("--dial")));
}

void TestAppSmoke::speaksTheUsersLanguage_data()
{
    // The variables set (the rest of the locale's removed); whether the output is German. The C
    // library's de_DE.UTF-8 locale need not be installed: Qt reads the variables itself.
    QTest::addColumn<QStringList>("variables");
    QTest::addColumn<bool>("german");
    QTest::newRow("LANG") << QStringList{QStringLiteral("LANG=de_DE.UTF-8")} << true;
    QTest::newRow("LC_ALL, LANGUAGE")
        << QStringList{QStringLiteral("LC_ALL=de_DE.UTF-8"), QStringLiteral("LANGUAGE=de"),
                       QStringLiteral("LANG=de_DE.UTF-8")}
        << true;
    QTest::newRow("C") << QStringList{QStringLiteral("LC_ALL=C")} << false;
}

void TestAppSmoke::speaksTheUsersLanguage()
{
    QFETCH(QStringList, variables);
    QFETCH(bool, german);
#ifdef Q_OS_WIN
    QSKIP("Windows takes the language from the user's locale setting, not from LANG / LC_ALL / LANGUAGE");
#endif
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = poolscope::test::offscreenEnvironment(dir.path());
    for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})
        env.remove(QString::fromLatin1(name));
    for (const QString& variable : std::as_const(variables))
        env.insert(variable.section(QLatin1Char('='), 0, 0), variable.section(QLatin1Char('='), 1));

    // --help: the options in poolscope_de.ts's words.
    Run run = runApp({QStringLiteral("--help")}, env, dir.path());
    QCOMPARE(run.exitCode, 0);
    const QString germanOption = QStringLiteral("Gleichmäßigen Demo-Verkehr gegen das Labor");
    const QString englishOption = QStringLiteral("Drive steady demo traffic against the lab.");
    QVERIFY2(run.out.contains(german ? germanOption : englishOption), qPrintable(run.out));
    QVERIFY2(!run.out.contains(german ? englishOption : germanOption), qPrintable(run.out));
    QVERIFY(run.out.startsWith(german ? QStringLiteral("Aufruf: poolscope")
                                      : QStringLiteral("Usage: poolscope")));

    // --lesson list: the lessons' titles, translated with the rest.
    run = runApp({QStringLiteral("--lesson"), QStringLiteral("list")}, env, dir.path());
    QCOMPARE(run.exitCode, 0);
    const QString germanTitle = QStringLiteral("Keep-Alive: Der Leerlauf-Countdown erreicht 0");
    const QString englishTitle = QStringLiteral("Keep-alive: the idle countdown reaches 0");
    QVERIFY2(run.out.contains(german ? germanTitle : englishTitle), qPrintable(run.out));
}

void TestAppSmoke::badOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    QTest::newRow("dial port") << QStringList{QStringLiteral("--dial"), QStringLiteral("example.org:99999")}
                               << QStringLiteral("out of range");
    QTest::newRow("dial suffix") << QStringList{QStringLiteral("--dial"),
                                                QStringLiteral("example.org:443:ssl")}
                                 << QStringLiteral("unknown suffix");
    QTest::newRow("max-connections") << QStringList{QStringLiteral("--max-connections"), QStringLiteral("0")}
                                     << QStringLiteral("--max-connections");
    QTest::newRow("keep-alive") << QStringList{QStringLiteral("--keep-alive"), QStringLiteral("forever")}
                                << QStringLiteral("--keep-alive");
}

void TestAppSmoke::badOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const Run run = runApp(args, baseEnvironment(dir.path()), dir.path());
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.err.startsWith(QStringLiteral("poolscope: ")));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestAppSmoke)
#include "tst_ui_app_smoke.moc"
