// The event callback's lifetime contract and the pool's self-checks, over real dials to the lab:
//  - setEventCallback() and the pool's destructor wait for calls of the old callback running on
//    other threads, so its captures may die right after; a callback may replace itself;
//  - a callback that throws is contained and counted, and the pool keeps working;
//  - an illegal lifecycle trigger changes nothing and is counted (debug builds also assert).
// Every test checks it leaked no descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "pool/pool_state.h"
#include "qtest_printers.h"
#include "timing.h"

#include <QtTest>
#include <atomic>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using poolscope::ConnectionPool;
using poolscope::EventKind;
using poolscope::PoolEvent;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;

namespace poolscope::detail {
struct PoolTestAccess
{
    /// Applies `trigger` to the slot behind `handle` as the pool's own code would.
    static bool trigger(ConnectionPool& pool, Handle handle, ConnectionTrigger trigger)
    {
        PoolState& state = *pool.m_state;
        const std::lock_guard lock(state.m_mutex);
        Slot* slot = state.lookupLocked(handle);
        return slot && state.transitionLocked(*slot, trigger);
    }
    static void assertIllegalTransitions(bool on) { PoolState::s_assertIllegalTransitions = on; }
};
} // namespace poolscope::detail

namespace {
/// Spins (yielding) until `flag` is set, at most `limit`; returns whether it was set.
bool waitFor(const std::atomic<bool>& flag, std::chrono::milliseconds limit = 10s)
{
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!flag.load() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(1ms);
    return flag.load();
}
} // namespace

class TestEngineEvents : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)poolscope::test::sharedLab(); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void ownerGoneWaitsForCallsInFlight_data()
    {
        QTest::addColumn<bool>("destroyPool"); // else: setEventCallback({})
        QTest::newRow("callback removed") << false;
        QTest::newRow("pool destroyed") << true;
    }

    void ownerGoneWaitsForCallsInFlight()
    {
        QFETCH(bool, destroyPool);
        std::optional<ConnectionPool> pool(makePool());
        // The event comes from a lease let go on another thread: a lease may outlive its pool's
        // owner, so this is the legal way for a call to be in flight while the owner goes away.
        auto lease = pool->dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        std::atomic<bool> entered{false}, release{false}, finished{false}, ownerGone{false};
        std::atomic<int> callsAfterOwnerGone{0};
        pool->setEventCallback([&](const PoolEvent&) {
            if (ownerGone.load())
                ++callsAfterOwnerGone;
            if (!entered.exchange(true)) {
                (void)waitFor(release); // the first call blocks until the test lets it go
                finished = true;
            }
        });
        std::jthread releaser([lease = std::move(lease.value())]() mutable { (void)lease.release(); });
        QVERIFY(waitFor(entered));
        std::atomic<bool> returned{false};
        std::jthread remover([&] {
            if (destroyPool)
                pool.reset();
            else
                pool->setEventCallback({});
            ownerGone = true;
            returned = true;
        });
        // It must not return while the call runs. (A negative: checked over a short, fixed while.)
        QVERIFY(!waitFor(returned, 200ms));
        release = true;
        QVERIFY(waitFor(returned));
        QVERIFY(finished.load()); // the call had ended before the remover returned
        remover.join();
        releaser.join();
        QCOMPARE(callsAfterOwnerGone.load(), 0);
    }

    void aCallbackMayReplaceItself()
    {
        auto pool = makePool();
        std::atomic<int> calls{0};
        pool.setEventCallback([&](const PoolEvent&) {
            ++calls;
            pool.setEventCallback({}); // would wait for itself forever without the own-call rule
        });
        auto lease = pool.dial(labRequest(ServerKind::Http));
        QVERIFY(lease);
        QVERIFY(lease->release());
        QCOMPARE(calls.load(), 1);
    }

    void twoCallsMayReplaceTheCallbackAtOnce()
    {
        // Both threads are inside the callback when each replaces it: neither may wait for the
        // other (that was a deadlock).
        auto pool = makePool();
        auto a = pool.dial(labRequest(ServerKind::Http));
        auto b = pool.dial(labRequest(ServerKind::Echo));
        QVERIFY(a && b);
        std::atomic<int> inside{0};
        std::atomic<bool> both{false};
        pool.setEventCallback([&](const PoolEvent& e) {
            if (e.kind != EventKind::Closed)
                return;
            if (++inside == 2)
                both = true;
            (void)waitFor(both, 5s); // bounded: the test fails, not hangs, if one never comes
            pool.setEventCallback({});
        });
        std::jthread first([lease = std::move(a.value())]() mutable { (void)lease.close(); });
        std::jthread second([lease = std::move(b.value())]() mutable { (void)lease.close(); });
        first.join();
        second.join();
        QVERIFY(both.load());
        QCOMPARE(pool.stats().closed, 2u);
    }

    void aThrowingCallbackIsContained()
    {
        auto pool = makePool();
        std::atomic<int> calls{0};
        pool.setEventCallback([&](const PoolEvent& e) {
            ++calls;
            if (e.kind != EventKind::Released)
                throw std::runtime_error("callback failure");
        });
        for (int i = 0; i < 3; ++i) {
            auto lease = pool.dial(labRequest(ServerKind::Http));
            QVERIFY(lease);
            QVERIFY(lease->release());
        }
        const auto stats = pool.stats();
        QCOMPARE(stats.reuses, 2u);
        // Every event was delivered (a throw does not drop the ones after it in the same batch).
        QVERIFY(calls.load() >= 3 * 2 + 3);
        QCOMPARE(stats.callbackExceptions, static_cast<std::uint64_t>(calls.load() - 3)); // all but Released
        pool.setEventCallback({});
    }

    void eventsNameTheHolder()
    {
        // Every event of a connection carries its holder's label, as snapshots do, so a log or an
        // export can say whose dial it was from the first event on.
        auto pool = makePool();
        std::mutex mutex;
        std::vector<PoolEvent> events;
        pool.setEventCallback([&](const PoolEvent& e) {
            const std::lock_guard lock(mutex);
            events.push_back(e);
        });
        auto request = labRequest(ServerKind::Http);
        request.label = "checkout";
        {
            auto lease = pool.dial(request);
            QVERIFY(lease);
            QVERIFY(lease->release());
        }
        pool.setEventCallback({});
        QVERIFY(events.size() >= 4); // dial started, connected, acquired, released
        for (const PoolEvent& e : events)
            QCOMPARE(e.label, std::string("checkout"));
    }

    void illegalTransitionsAreRefusedAndCounted()
    {
        auto pool = makePool();
        auto handle = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(handle);
        QCOMPARE(pool.stats().illegalTransitions, 0u);
        poolscope::detail::PoolTestAccess::assertIllegalTransitions(false);
        // An in-use connection cannot be "resolved" or "released to idle" twice.
        const bool resolved = poolscope::detail::PoolTestAccess::trigger(
            pool, handle.value(), poolscope::ConnectionTrigger::Resolved);
        poolscope::detail::PoolTestAccess::assertIllegalTransitions(true);
        QVERIFY(!resolved);
        const auto stats = pool.stats();
        QCOMPARE(stats.illegalTransitions, 1u);
        QCOMPARE(stats.inUse, 1); // gauges untouched
        QCOMPARE(pool.info(handle.value())->state, poolscope::ConnectionState::InUse);
        QVERIFY(pool.release(handle.value()).ok());
        QCOMPARE(pool.stats().idle, 1);
    }
};

QTEST_GUILESS_MAIN(TestEngineEvents)
#include "tst_engine_events.moc"
