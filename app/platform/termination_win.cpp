#include "platform/termination.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <atomic>
#include <mutex>
#include <windows.h>

namespace poolscope::app {

namespace {

Q_LOGGING_CATEGORY(lcTermination, "poolscope.app.termination", QtWarningMsg)

// The console calls the handler on a thread of its own. It reaches the main thread only through a
// queued call to `g_receiver`, under `g_mutex` so that the object cannot go away meanwhile.
std::mutex g_mutex;
QObject* g_receiver = nullptr;
std::function<void(const TerminationRequest&)>* g_onRequest = nullptr;
std::atomic<bool> g_requested{false};
HANDLE g_done = nullptr; // set once main() has printed its summary and torn everything down

// The system ends the process about 5 s after a close, log-off or shut-down event unless the
// handler returned earlier; waiting a little less leaves the rest of that time to ExitProcess.
constexpr DWORD kCloseGraceMs = 4500;

BOOL WINAPI onConsoleControl(DWORD event)
{
    TerminationRequest request;
    switch (event) {
    case CTRL_C_EVENT: request = {128 + 2, QStringLiteral("Ctrl+C")}; break;
    case CTRL_BREAK_EVENT: request = {128 + 2, QStringLiteral("Ctrl+Break")}; break;
    case CTRL_CLOSE_EVENT: request = {128 + 15, QStringLiteral("console closed")}; break;
    case CTRL_LOGOFF_EVENT: request = {128 + 15, QStringLiteral("log-off")}; break;
    case CTRL_SHUTDOWN_EVENT: request = {128 + 15, QStringLiteral("shut-down")}; break;
    default: return FALSE;
    }
    // A second Ctrl+C while the first is being handled: let the default handler end the process.
    if (g_requested.exchange(true) && (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT))
        return FALSE;
    {
        std::lock_guard lock(g_mutex);
        if (!g_receiver)
            return FALSE;
        QMetaObject::invokeMethod(
            g_receiver, [request, onRequest = g_onRequest] { (*onRequest)(request); }, Qt::QueuedConnection);
    }
    if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT)
        return TRUE;
    // Returning from these ends the process at once: wait until main() is done with the summary.
    WaitForSingleObject(g_done, kCloseGraceMs);
    return TRUE;
}

} // namespace

struct TerminationRequests::Impl
{
    QObject receiver;
    std::function<void(const TerminationRequest&)> onRequest;
    bool installed = false;
};

TerminationRequests::TerminationRequests(std::function<void(const TerminationRequest&)> onRequest)
    : d(std::make_unique<Impl>())
{
    d->onRequest = std::move(onRequest);
    g_done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    {
        std::lock_guard lock(g_mutex);
        g_receiver = &d->receiver;
        g_onRequest = &d->onRequest;
    }
    // Without a console (started from the Start menu) this succeeds and simply never fires.
    d->installed = SetConsoleCtrlHandler(onConsoleControl, TRUE) != 0;
    if (!d->installed)
        qCWarning(lcTermination) << "SetConsoleCtrlHandler failed:" << GetLastError();
    else
        qCDebug(lcTermination) << "console control events end the event loop";
}

TerminationRequests::~TerminationRequests()
{
    {
        std::lock_guard lock(g_mutex);
        g_receiver = nullptr;
        g_onRequest = nullptr;
    }
    if (g_done)
        SetEvent(g_done); // a waiting close handler may return now: everything is torn down
    if (d->installed)
        SetConsoleCtrlHandler(onConsoleControl, FALSE);
    // g_done stays open: a handler thread may still be waiting on it until the process ends.
}

bool TerminationRequests::active() const
{
    return d->installed;
}

} // namespace poolscope::app
