// The service's dial threads (core/service/src/dial_threads.h): blocking jobs up to the limit run at
// once (a dial that blocks for 30 s must not hold up the next one), jobs beyond it wait their turn,
// idle threads expire, and waitForDone()/destruction wait for everything queued.
#include "dial_threads.h" // the service's private header (src/ is on this target's include path)

#include <QTest>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

using poolscope::detail::DialThreads;
using namespace std::chrono_literals;

namespace {

/// A one-shot rendezvous of `parties` threads, each wait bounded. Not std::latch: mingw-w64's
/// libstdc++ 12 implements its wait without a futex and was seen to leave a waiter asleep after
/// the last arrival (the test then hangs instead of failing).
class Rendezvous
{
public:
    explicit Rendezvous(int parties) : m_missing(parties) {}
    /// True when every party arrived within `limit`.
    bool arriveAndWait(std::chrono::milliseconds limit)
    {
        std::unique_lock lock(m_mutex);
        if (--m_missing <= 0)
            m_all.notify_all();
        return m_all.wait_for(lock, limit, [this] { return m_missing <= 0; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_all;
    int m_missing;
};

} // namespace

class TestServiceDialThreads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blockingJobsRunSideBySide_data()
    {
        QTest::addColumn<int>("maxThreads");
        QTest::addColumn<bool>("warm");
        QTest::newRow("cold, 2") << 2 << false;
        QTest::newRow("warm, 2") << 2 << true; // an idle thread exists when the jobs arrive
        QTest::newRow("warm, 8") << 8 << true;
    }
    void blockingJobsRunSideBySide()
    {
        QFETCH(int, maxThreads);
        QFETCH(bool, warm);
        DialThreads threads(maxThreads);
        if (warm) {
            threads.start([] {});
            threads.waitForDone();
        }
        // Every job waits for all the others: this completes only if they all run at once.
        Rendezvous together(maxThreads);
        std::atomic<int> finished{0};
        for (int i = 0; i < maxThreads; ++i) {
            threads.start([&] {
                if (together.arriveAndWait(10s))
                    ++finished;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished.load(), maxThreads, 10'000);
        threads.waitForDone();
        QVERIFY(threads.threadCount() <= maxThreads);
    }

    void jobsBeyondTheLimitWaitTheirTurn()
    {
        DialThreads threads(2);
        std::atomic<int> running{0};
        std::atomic<int> most{0};
        std::atomic<int> done{0};
        for (int i = 0; i < 20; ++i) {
            threads.start([&] {
                const int now = ++running;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::yield();
                --running;
                ++done;
            });
        }
        threads.waitForDone();
        QCOMPARE(done.load(), 20);
        QVERIFY(most.load() <= 2);
    }

    void idleThreadsExpire()
    {
        DialThreads threads(4, 20ms);
        for (int i = 0; i < 4; ++i)
            threads.start([] {});
        threads.waitForDone();
        QTRY_COMPARE_WITH_TIMEOUT(threads.threadCount(), 0, 5'000);
        std::atomic<bool> ran{false};
        threads.start([&] { ran = true; }); // and new ones start when needed again
        threads.waitForDone();
        QVERIFY(ran.load());
    }

    void destructionWaitsForQueuedJobs()
    {
        std::atomic<int> done{0};
        {
            DialThreads threads(1);
            for (int i = 0; i < 10; ++i)
                threads.start([&] { ++done; });
        }
        QCOMPARE(done.load(), 10);
    }
};

QTEST_GUILESS_MAIN(TestServiceDialThreads)
#include "tst_service_dial_threads.moc"
