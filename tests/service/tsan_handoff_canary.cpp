// Proves, in ThreadSanitizer builds, that the TSan stage sees real races in our code and only
// ignores what happens inside Qt. ctest runs each mode under poolscope_tsan_run with an expectation:
//   ordered        the test thread writes, then posts to a worker that reads            -> clean
//   race           the test thread posts, then writes; the worker reads                 -> our race
//   qt-only        "ordered", posted with plain QMetaObject::invokeMethod: with an
//                  uninstrumented Qt, TSan often reports it, but not always (glib's eventfd
//                  wake-up is sometimes visible to it), so ctest does not run this mode; it is
//                  here to show by hand why the service needs its hand-off lock
//   dial-ordered   a job on the service's dial threads reads what was written before it
//                  was started                                                          -> clean
//   dial-race      the same job, the write made after the start                         -> our race
//   qt-internal    a QThread that finished before wait() is destroyed: TSan reports
//                  Qt's QWaitCondition against itself (both sides in libQt6Core), which
//                  the runner must ignore                                               -> ignored only
#include "dial_threads.h" // the service's private headers (src/ is on this target's include path)
#include "thread_handoff.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <cstdio>
#include <cstring>
#include <functional>
#include <latch>
#include <memory>

namespace {

/// Post `read` to another thread; the write comes before the post unless `writeAfter`.
template <class Post> int handOff(bool writeAfter, Post post)
{
    long shared = 0;
    long seen = -1;
    std::latch done(1);
    if (!writeAfter)
        shared = 42;
    post([&shared, &seen, &done] {
        seen = shared;
        done.count_down();
    });
    if (writeAfter)
        shared = 42; // nothing orders this against the other thread's read
    done.wait();
    std::printf("the other thread saw %ld\n", seen);
    return writeAfter || seen == 42 ? 0 : 1;
}

int viaWorker(bool writeAfter, bool qtOnly)
{
    QThread worker;
    worker.start();
    QObject target;
    target.moveToThread(&worker);
    const int rc = handOff(writeAfter, [&](std::function<void()> read) {
        if (qtOnly)
            QMetaObject::invokeMethod(&target, read, Qt::QueuedConnection);
        else
            poolscope::detail::postTo(&target, read);
    });
    worker.quit();
    worker.wait();
    return rc;
}

int viaDialThreads(bool writeAfter)
{
    poolscope::detail::DialThreads threads(2);
    // One job first, so the measured one lands on a thread that already exists and waits: the
    // case Qt's thread pool got wrong for TSan.
    threads.start([] {});
    threads.waitForDone();
    return handOff(writeAfter, [&](std::function<void()> read) { threads.start(std::move(read)); });
}

int qtInternal()
{
    auto thread = std::unique_ptr<QThread>(QThread::create([] {}));
    thread->start();
    // isFinished() takes the QThread's mutex, which its finish holds until after it woke the
    // waiters: once it returns true, that wake-up has happened, ordered only by Qt's own lock.
    QElapsedTimer waited;
    waited.start();
    while (!thread->isFinished() && waited.elapsed() < 10'000)
        QThread::msleep(1);
    thread->wait();
    thread.reset(); // destroys the wait condition the finished thread signalled
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const auto mode = [&](const char* name) { return argc > 1 && std::strcmp(argv[1], name) == 0; };
    if (mode("ordered"))
        return viaWorker(false, false);
    if (mode("race"))
        return viaWorker(true, false);
    if (mode("qt-only"))
        return viaWorker(false, true);
    if (mode("dial-ordered"))
        return viaDialThreads(false);
    if (mode("dial-race"))
        return viaDialThreads(true);
    if (mode("qt-internal"))
        return qtInternal();
    std::fprintf(stderr, "usage: %s ordered|race|qt-only|dial-ordered|dial-race|qt-internal\n", argv[0]);
    return 2;
}
