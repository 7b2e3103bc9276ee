#include "platform/termination.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace poolscope::app {

namespace {

Q_LOGGING_CATEGORY(lcTermination, "poolscope.app.termination", QtWarningMsg)

constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};

// The handler may touch nothing but this descriptor: a global, set before any handler is installed.
volatile sig_atomic_t g_writeEnd = -1;

extern "C" void onSignal(int signal)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signal);
    // The pipe is non-blocking: a full pipe (signals piling up faster than the loop reads them)
    // drops the byte, which is fine, one is enough to stop.
    [[maybe_unused]] const ssize_t written = ::write(g_writeEnd, &byte, 1);
    errno = savedErrno;
}

QString signalName(int signal)
{
    switch (signal) {
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGHUP: return QStringLiteral("SIGHUP");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

bool makePipe(int (&fds)[2])
{
    if (::pipe(fds) != 0)
        return false;
    for (const int fd : fds)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC); // the lab's openssl / curl children must not inherit it
    ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    return true;
}

} // namespace

struct TerminationRequests::Impl
{
    int fds[2] = {-1, -1};
    struct sigaction previous[std::size(kSignals)] = {};
    bool installed = false;
    std::unique_ptr<QSocketNotifier> notifier;
};

TerminationRequests::TerminationRequests(std::function<void(const TerminationRequest&)> onRequest)
    : d(std::make_unique<Impl>())
{
    if (!makePipe(d->fds)) {
        qCWarning(lcTermination) << "no pipe for signals:" << ::strerror(errno);
        return;
    }
    g_writeEnd = d->fds[1];
    d->notifier = std::make_unique<QSocketNotifier>(d->fds[0], QSocketNotifier::Read);
    QObject::connect(d->notifier.get(), &QSocketNotifier::activated, d->notifier.get(),
                     [this, onRequest = std::move(onRequest)] {
                         unsigned char byte = 0;
                         if (::read(d->fds[0], &byte, 1) != 1)
                             return;
                         // One request is handled; the rest of the shutdown must not wait for more.
                         d->notifier->setEnabled(false);
                         onRequest({128 + byte, signalName(byte)});
                     });

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    // SA_RESETHAND: the first signal asks politely, a second one finds the default action again.
    action.sa_flags = static_cast<int>(SA_RESTART | SA_RESETHAND);
    for (std::size_t i = 0; i < std::size(kSignals); ++i)
        ::sigaction(kSignals[i], &action, &d->previous[i]);
    d->installed = true;
    // ui_app_smoke waits for this line before it signals the app.
    qCDebug(lcTermination) << "SIGTERM, SIGINT and SIGHUP end the event loop";
}

TerminationRequests::~TerminationRequests()
{
    if (d->installed) {
        for (std::size_t i = 0; i < std::size(kSignals); ++i)
            ::sigaction(kSignals[i], &d->previous[i], nullptr);
    }
    d->notifier.reset();
    g_writeEnd = -1;
    for (const int fd : d->fds) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool TerminationRequests::active() const
{
    return d->installed;
}

} // namespace poolscope::app
