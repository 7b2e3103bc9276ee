#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace poolscope::app {

/// Why the program is asked to stop from outside its window, and the exit code that says so.
struct TerminationRequest
{
    int exitCode = 0;   ///< 128 + the signal's number, as a shell reports a program a signal ended
    QString reason;     ///< "SIGTERM", "Ctrl+C", "console closed", … for the stderr note
};

/// While it lives, a request to stop from outside the window (SIGTERM, SIGINT and SIGHUP on POSIX;
/// Ctrl+C, Ctrl+Break, closing the console, log-off and shut-down on Windows) calls `onRequest` on
/// the thread that made the object, through its event loop, instead of killing the process. So
/// main() can leave the loop normally, print its summary and tear the pool and the lab down. The
/// signal handler itself only writes one byte to a pipe (async-signal-safe); everything else runs
/// in the event loop. A second request while the first is being handled ends the program the
/// platform's default way, so a stuck shutdown can still be interrupted.
///
/// One per process. Windows (console_ctrl_win.cpp): the console's control handler runs on a thread
/// of its own; for "console closed", log-off and shut-down it waits, up to the system's grace
/// time, until this object is destroyed, because returning lets the system end the process at once.
class TerminationRequests
{
public:
    explicit TerminationRequests(std::function<void(const TerminationRequest&)> onRequest);
    ~TerminationRequests();
    TerminationRequests(const TerminationRequests&) = delete;
    TerminationRequests& operator=(const TerminationRequests&) = delete;

    /// False when the handlers could not be installed (the platform's defaults then apply).
    [[nodiscard]] bool active() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace poolscope::app
