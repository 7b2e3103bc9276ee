#pragma once
// Runs the real poolscope binary from a test: isolated settings (its own HOME and XDG folders), a
// bounded wait, and everything it printed.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace poolscope::test {

struct AppRun
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out;
    QString err; ///< "did not finish: …" when it did not start or end in time (then killed)
};

/// The system environment with HOME, XDG_CONFIG_HOME and XDG_RUNTIME_DIR under `home`, so the
/// run neither reads nor writes the user's settings.
[[nodiscard]] QProcessEnvironment isolatedEnvironment(const QString& home);
/// isolatedEnvironment() with QT_QPA_PLATFORM=offscreen.
[[nodiscard]] QProcessEnvironment offscreenEnvironment(const QString& home);

/// Runs `program` with `args` in `workDir` and waits at most `timeoutMs` for it to end.
[[nodiscard]] AppRun runProgram(const QString& program, const QStringList& args,
                                const QProcessEnvironment& env, const QString& workDir,
                                int timeoutMs = 60'000);

} // namespace poolscope::test
