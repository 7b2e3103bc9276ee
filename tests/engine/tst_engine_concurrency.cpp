// Eight threads dialing, using, returning and closing at once, plain and TLS. A connection held by
// two threads at the same time would mix their echoed tokens; the id registry catches it directly.
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"

#include <QtTest>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_set>

using namespace std::chrono_literals;
using poolscope::ConnectionState;
using poolscope::lab::ServerKind;
using poolscope::test::labRequest;
using poolscope::test::sharedLab;

class TestEngineConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }

    void eightThreads_data()
    {
        QTest::addColumn<int>("maxConnections");
        QTest::addColumn<bool>("tls");
        QTest::newRow("plain, roomy") << 32 << false;
        QTest::newRow("plain, contended") << 4 << false;
        QTest::newRow("tls, contended") << 6 << true;
    }
    void eightThreads()
    {
        QFETCH(int, maxConnections);
        QFETCH(bool, tls);
        poolscope::test::FdGuard guard;
        auto params = poolscope::test::loopbackParams();
        params.maxConnections = maxConnections;
        auto created = poolscope::ConnectionPool::create(params);
        QVERIFY(created);
        auto& pool = created.value();

        std::mutex mutex;
        std::unordered_set<poolscope::ConnectionId> held;
        std::atomic<int> doubleHolds{0}, mixedTokens{0}, ioErrors{0}, dialled{0}, outOfResources{0};
        constexpr int kThreads = 8;
        const int opsPerThread = tls ? 150 : 400;
        {
            std::vector<std::jthread> threads;
            for (int t = 0; t < kThreads; ++t) {
                threads.emplace_back([&, t] {
                    std::minstd_rand rng(static_cast<unsigned>(t + 1));
                    for (int i = 0; i < opsPerThread; ++i) {
                        auto request = tls ? labRequest(ServerKind::Https) : labRequest(ServerKind::Echo);
                        auto lease = pool.dial(request);
                        if (!lease) {
                            if (lease.error().code == poolscope::ErrorCode::OutOfResources)
                                ++outOfResources;
                            else
                                ++ioErrors;
                            continue;
                        }
                        ++dialled;
                        {
                            std::lock_guard lock(mutex);
                            if (!held.insert(lease->id()).second)
                                ++doubleHolds;
                        }
                        if (tls) {
                            if (poolscope::test::httpGet(lease.value()).rfind("HTTP/1.1 200", 0) != 0)
                                ++ioErrors;
                        } else {
                            const std::string token = "t" + std::to_string(t) + "-" + std::to_string(i) + ";";
                            std::string echoed;
                            if (lease->writeAll(token, 2s)) {
                                char buf[64];
                                while (echoed.size() < token.size()) {
                                    auto n = lease->readSome(buf, sizeof buf, 2s);
                                    if (!n || n.value() == 0)
                                        break;
                                    echoed.append(buf, n.value());
                                }
                            }
                            if (echoed != token)
                                ++mixedTokens;
                        }
                        {
                            std::lock_guard lock(mutex);
                            held.erase(lease->id());
                        }
                        if (rng() % 5 == 0)
                            (void)lease->close();
                        else
                            (void)lease->release();
                    }
                });
            }
        }
        QCOMPARE(doubleHolds.load(), 0);
        QCOMPARE(mixedTokens.load(), 0);
        QCOMPARE(ioErrors.load(), 0);
        QVERIFY(dialled.load() > 0);
        const auto stats = pool.stats();
        QCOMPARE(stats.inUse, 0);
        QCOMPARE(stats.connecting, 0);
        // Every connection that opened is either idle now or was closed.
        QCOMPARE(stats.connectsSucceeded, stats.closed + static_cast<std::uint64_t>(stats.idle));
        QCOMPARE(stats.reuses + stats.connectsSucceeded, static_cast<std::uint64_t>(dialled.load()));
        QCOMPARE(stats.outOfResources, static_cast<std::uint64_t>(outOfResources.load()));
        qInfo("dialled %d, reused %llu, new %llu, out of resources %d", dialled.load(),
              static_cast<unsigned long long>(stats.reuses),
              static_cast<unsigned long long>(stats.connectsSucceeded), outOfResources.load());
        QVERIFY(pool.dial(labRequest(ServerKind::Echo))); // still usable
        pool.closeIdle();
        QCOMPARE(guard.settledLeak(), 0);
    }

    // snapshot() gathers its rows in short holds of the lock while other threads go on dialling:
    // every row must still be one connection, listed once, in a state it really had.
    void snapshotWhileDialling()
    {
        poolscope::test::FdGuard guard;
        auto params = poolscope::test::loopbackParams();
        constexpr int kConnections = 300; // several of the snapshot's chunks
        params.maxConnections = kConnections;
        auto created = poolscope::ConnectionPool::create(params);
        QVERIFY(created);
        auto& pool = created.value();
        {
            std::vector<poolscope::PooledConnection> leases;
            for (int i = 0; i < kConnections; ++i) {
                auto lease = pool.dial(labRequest(ServerKind::Echo));
                QVERIFY(lease);
                leases.push_back(std::move(lease).value());
            }
        }
        std::atomic<bool> stop{false};
        std::atomic<int> failures{0};
        std::vector<std::jthread> dialers;
        for (int t = 0; t < 2; ++t) {
            dialers.emplace_back([&] {
                for (int i = 0; i < 200'000 && !stop.load(); ++i) {
                    auto lease = pool.dial(labRequest(ServerKind::Echo));
                    if (!lease || !lease->reused() || !lease->release())
                        ++failures;
                }
            });
        }
        struct StopOnExit // a failed check returns early: the dialers stop before they are joined
        {
            std::atomic<bool>& flag;
            ~StopOnExit() { flag = true; }
        } stopOnExit{stop};
        for (int snapshots = 0; snapshots < 200; ++snapshots) {
            const auto rows = pool.snapshot();
            std::unordered_set<poolscope::ConnectionId> ids;
            for (const auto& row : rows) {
                QVERIFY(ids.insert(row.id).second);
                QVERIFY(row.state == ConnectionState::Idle || row.state == ConnectionState::InUse);
            }
            QCOMPARE(static_cast<int>(rows.size()), kConnections);
        }
        stop = true;
        dialers.clear();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(pool.stats().idle, kConnections);
        pool.closeIdle();
        QCOMPARE(guard.settledLeak(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineConcurrency)
#include "tst_engine_concurrency.moc"
