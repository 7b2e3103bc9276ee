// Proves, in ThreadSanitizer builds, that the service's hand-off lock adds only the ordering Qt
// really provides and hides nothing else:
//   ordered  the test thread writes, then posts to a worker that reads: no report (exit 0)
//   race     the test thread posts, then writes; the worker reads: TSan must report the race
//   qt-only  like "ordered" but posted with plain QMetaObject::invokeMethod: with an
//            uninstrumented Qt, TSan reports it (why the service needs the hand-off lock at all)
// ctest runs all three; "race" and "qt-only" pass only if TSan's report appears in the output.
#include "thread_handoff.h" // the service's private header (src/ is on this target's include path)

#include <QCoreApplication>
#include <QObject>
#include <QThread>
#include <cstdio>
#include <cstring>
#include <latch>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const auto mode = [&](const char* name) { return argc > 1 && std::strcmp(argv[1], name) == 0; };
    const bool race = mode("race");
    const bool qtOnly = mode("qt-only");
    if (!race && !qtOnly && !mode("ordered")) {
        std::fprintf(stderr, "usage: %s ordered|race|qt-only\n", argv[0]);
        return 2;
    }

    QThread worker;
    worker.start();
    QObject target;
    target.moveToThread(&worker);

    long shared = 0;
    long seen = -1;
    std::latch done(1);
    if (!race)
        shared = 42; // before the post: ordered by the hand-off
    auto read = [&shared, &seen, &done] {
        seen = shared;
        done.count_down();
    };
    if (qtOnly)
        QMetaObject::invokeMethod(&target, read, Qt::QueuedConnection);
    else
        poolscope::detail::postTo(&target, read);
    if (race)
        shared = 42; // after the post: nothing orders this against the worker's read
    done.wait();

    worker.quit();
    worker.wait();
    std::printf("worker saw %ld\n", seen);
    return race || seen == 42 ? 0 : 1; // TSan's own exit code wins where it reports
}
