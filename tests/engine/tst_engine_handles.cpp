// Handles name one hand-out, for the pool's whole life: a handle kept after release, close, or
// the connection going to someone else is InvalidHandle, never another holder's connection —
// including when a slot has used up its 48-bit generations (it is retired, not wrapped).
// Over real sockets against the lab; every test checks it leaked no descriptor.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "pool/pool_state.h"
#include "qtest_printers.h"
#include "timing.h"

#include <QtTest>
#include <optional>

using poolscope::ErrorCode;
using poolscope::Handle;
using poolscope::lab::ServerKind;
using poolscope::test::FdGuard;
using poolscope::test::labRequest;
using poolscope::test::makePool;

namespace poolscope::detail {
/// Ages a slot as if it had been handed out ~2^48 times (which would take years of real reuse).
struct PoolTestAccess
{
    static void setGeneration(ConnectionPool& pool, std::uint16_t index, std::uint64_t generation)
    {
        PoolState& state = *pool.m_state;
        const std::lock_guard lock(state.m_mutex);
        state.m_slots.at(index)->generation = generation;
    }
};
} // namespace poolscope::detail

namespace {
constexpr std::uint16_t indexOf(Handle h)
{
    return static_cast<std::uint16_t>(h & 0xFFFFu);
}
} // namespace

class TestEngineHandles : public QObject
{
    Q_OBJECT
    std::optional<FdGuard> m_guard;

private Q_SLOTS:
    void initTestCase() { (void)poolscope::test::sharedLab(); } // its listeners are not a leak
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void everyHandOutHasItsOwnHandle()
    {
        auto pool = makePool();
        std::vector<Handle> seen;
        for (int i = 0; i < 1000; ++i) {
            auto h = pool.dialHandle(labRequest(ServerKind::Http));
            QVERIFY(h);
            QVERIFY(std::find(seen.begin(), seen.end(), h.value()) == seen.end());
            seen.push_back(h.value());
            QVERIFY(pool.release(h.value()).ok());
        }
        QCOMPARE(pool.stats().connectsStarted, 1u); // one connection, a thousand hand-outs
        for (Handle stale : seen) {
            QCOMPARE(pool.release(stale).error().code, ErrorCode::InvalidHandle);
            QCOMPARE(pool.nativeSocket(stale), -1);
        }
    }

    void aSlotThatUsedUpItsGenerationsIsRetired()
    {
        auto pool = makePool();
        auto first = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(first);
        const std::uint16_t index = indexOf(first.value());
        QVERIFY(pool.release(first.value()).ok());
        // One generation left: the next hand-out of this slot is its last.
        poolscope::detail::PoolTestAccess::setGeneration(pool, index, poolscope::detail::Slot::kGenerationMask - 1);
        auto last = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(last);
        QCOMPARE(indexOf(last.value()), index);
        QCOMPARE(last.value() >> 16, poolscope::detail::Slot::kGenerationMask);
        QCOMPARE(pool.info(last.value())->reuseCount, 1u); // served, as any other hand-out
        const int fd = pool.nativeSocket(last.value());
        QVERIFY(fd >= 0);
        // Back from its last hand-out it is closed, not kept idle under a handle that would repeat.
        QVERIFY(pool.release(last.value()).ok());
        auto stats = pool.stats();
        QCOMPARE(stats.idle, 0);
        QCOMPARE(stats.lifetimeExpired, 1u);
        QCOMPARE(stats.free, stats.maxConnections); // a retired slot does not count against the limit
        auto next = pool.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(next);
        QVERIFY(indexOf(next.value()) != index); // never allocated again
        for (Handle stale : {first.value(), last.value()})
            QCOMPARE(pool.close(stale).error().code, ErrorCode::InvalidHandle);
        QVERIFY(pool.close(next.value()).ok());
    }

    void handlesOfAnotherPoolAreRefused()
    {
        auto a = makePool();
        auto b = makePool();
        auto ha = a.dialHandle(labRequest(ServerKind::Http));
        auto hb = b.dialHandle(labRequest(ServerKind::Http));
        QVERIFY(ha && hb);
        // Random per-pool generations: the same slot index in two pools has different handles.
        QVERIFY(ha.value() != hb.value());
        QCOMPARE(b.release(ha.value()).error().code, ErrorCode::InvalidHandle);
        QCOMPARE(a.nativeSocket(hb.value()), -1);
        QVERIFY(a.close(ha.value()).ok());
        QVERIFY(b.close(hb.value()).ok());
    }
};

QTEST_GUILESS_MAIN(TestEngineHandles)
#include "tst_engine_handles.moc"
