// Runs one test executable of a ThreadSanitizer build and judges TSan's reports by the rule in
// tsan_report.h, so the verdict does not depend on timing inside uninstrumented system libraries.
//
//   poolscope_tsan_run [--project-dir DIR]... [--expect clean|project-race|ignored-only] -- PROGRAM [ARGS...]
//
//   clean         (default) pass if the program passes and no report concerns our code
//   project-race  pass only if at least one report concerns our code (canaries: a deliberate race)
//   ignored-only  pass only if the program passes, reports were made, and none concerns our code
//                 (proves the rule is exercised and ignores what it should)
//
// Every report is printed as TSan wrote it, followed by this tool's verdict on it; the last line
// counts them. This tool is built without sanitizers.
#include "tsan_report.h"

#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <cstdio>

using namespace poolscope::test::tsan;

namespace {

int usage()
{
    std::fputs("usage: poolscope_tsan_run [--project-dir DIR]... [--expect clean|project-race|ignored-only] "
               "-- PROGRAM [ARGS...]\n",
               stderr);
    return 2;
}

void say(const QString& line)
{
    std::fprintf(stderr, "tsan_run: %s\n", qPrintable(line));
    std::fflush(stderr);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    QStringList projectDirs;
    QString expect = QStringLiteral("clean");
    while (!args.isEmpty() && args.first() != QLatin1String("--")) {
        const QString opt = args.takeFirst();
        if (args.isEmpty())
            return usage();
        if (opt == QLatin1String("--project-dir"))
            projectDirs << args.takeFirst();
        else if (opt == QLatin1String("--expect"))
            expect = args.takeFirst();
        else
            return usage();
    }
    if (args.size() < 2 || (expect != QLatin1String("clean") && expect != QLatin1String("project-race") &&
                            expect != QLatin1String("ignored-only")))
        return usage();
    args.removeFirst(); // "--"

    QProcess child;
    child.setProgram(args.takeFirst());
    child.setArguments(args);
    auto env = QProcessEnvironment::systemEnvironment();
    // The verdict is ours, so TSan's exit code must not decide it; a longer history makes
    // "failed to restore the stack" (which counts against us) rare (7, the most: seen at 4).
    // die_after_fork=0: a suite that starts a helper program (QProcess forks the multi-threaded test) must
    // keep running; with TSan's default the fork "died" with exit code 0 and the suite stopped after
    // initTestCase while reporting success.
    const QString options = env.value(QStringLiteral("TSAN_OPTIONS"));
    env.insert(QStringLiteral("TSAN_OPTIONS"),
               QStringLiteral("history_size=7 die_after_fork=0 %1 exitcode=0 halt_on_error=0")
                   .arg(options)
                   .simplified());
    child.setProcessEnvironment(env);

    // Both streams are passed through and kept: the Qt Test log must reach its end, and the
    // reports are read from standard error.
    const auto passOn = [](const QByteArray& chunk, FILE* to, QByteArray& keep) {
        std::fwrite(chunk.constData(), 1, static_cast<size_t>(chunk.size()), to);
        std::fflush(to);
        keep += chunk;
    };
    QByteArray out;
    QByteArray log;
    QObject::connect(&child, &QProcess::readyReadStandardOutput, &child,
                     [&] { passOn(child.readAllStandardOutput(), stdout, out); });
    QObject::connect(&child, &QProcess::readyReadStandardError, &child,
                     [&] { passOn(child.readAllStandardError(), stderr, log); });
    child.start();
    if (!child.waitForStarted(-1)) {
        say(QStringLiteral("cannot start %1: %2").arg(child.program(), child.errorString()));
        return 1;
    }
    child.waitForFinished(-1);
    passOn(child.readAllStandardError(), stderr, log);
    passOn(child.readAllStandardOutput(), stdout, out);

    // A Qt Test program that exits 0 without finishing its log did not run all its tests.
    // (One program may run several test objects: each one that starts must finish.)
    const bool finished =
        out.count("********* Start testing of ") == out.count("********* Finished testing of ");
    if (!finished)
        say(QStringLiteral("the test program exited before the end of its Qt Test log: not every test ran"));
    const bool passed = child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0 && finished;
    const auto reports = classify(QString::fromLocal8Bit(log), projectDirs);
    int ours = 0;
    for (qsizetype i = 0; i < reports.size(); ++i) {
        const Report& r = reports.at(i);
        ours += r.ours ? 1 : 0;
        say(QStringLiteral("report %1 (%2): %3 — %4")
                .arg(i + 1)
                .arg(r.kind, r.ours ? QStringLiteral("OURS, counted") : QStringLiteral("ignored"), r.why));
    }
    const auto ignored = static_cast<int>(reports.size()) - ours;
    say(QStringLiteral("%1 ThreadSanitizer report(s): %2 in project code, %3 inside system libraries or Qt's "
                       "thread hand-off (not counted); the program %4")
            .arg(reports.size())
            .arg(ours)
            .arg(ignored)
            .arg(child.exitStatus() == QProcess::CrashExit
                     ? QStringLiteral("crashed")
                     : QStringLiteral("exited with %1").arg(child.exitCode())));

    if (expect == QLatin1String("project-race"))
        return ours > 0 ? 0 : 1;
    if (expect == QLatin1String("ignored-only"))
        return passed && ours == 0 && ignored > 0 ? 0 : 1;
    if (!passed)
        return child.exitStatus() == QProcess::NormalExit && child.exitCode() != 0 ? child.exitCode() : 1;
    return ours == 0 ? 0 : 1;
}
