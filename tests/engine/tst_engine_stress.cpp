// Stress: 8 threads × N random operations (dial, request, return, close, shutdown + reopen, cancel,
// parameter change) against the lab, with faults mixed in (idle-closer, resetter, silent, refused,
// expired certificate). Afterwards: counters add up, no connection was held twice at once, none was
// handed out for another key, no descriptor leaked, and the pool still works.
//
// N defaults to 50,000 per thread; POOLSCOPE_STRESS_OPS overrides it (the TSan run uses fewer).
#include "engine_test_support.h"
#include "fd_guard.h"
#include "qtest_printers.h"

#include <QtTest>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_set>

using namespace std::chrono_literals;
using poolscope::ErrorCode;
using poolscope::PooledConnection;
using poolscope::lab::ServerKind;
using poolscope::test::labRequest;
using poolscope::test::sharedLab;

namespace {

struct Tally
{
    std::atomic<long> ops{0}, dials{0}, dialOk{0}, requests{0}, requestFailures{0}, shutdowns{0},
        paramChanges{0}, cancels{0};
    std::atomic<long> doubleHolds{0}, wrongKey{0}, unexpectedErrors{0}, brokenHealthy{0};
};

struct Target
{
    ServerKind kind;
    bool tls;
    bool healthy; ///< a dial should succeed and a request work (barring shutdown / full pool)
};

constexpr Target kTargets[] = {
    {ServerKind::Echo, false, true},      {ServerKind::Echo, false, true},
    {ServerKind::Http, false, true},      {ServerKind::Http, false, true},
    {ServerKind::Https, true, true},      {ServerKind::IdleCloser, false, true},
    {ServerKind::Resetter, false, false}, {ServerKind::Refused, false, false},
    {ServerKind::Silent, false, false},   {ServerKind::Expired, true, false},
};

bool expectedFailure(ErrorCode code)
{
    switch (code) {
    case ErrorCode::OutOfResources:
    case ErrorCode::ShutDown:
    case ErrorCode::Cancelled:
    case ErrorCode::TimedOut:
    case ErrorCode::ConnectionRefused:
    case ErrorCode::ConnectionReset:
    case ErrorCode::HandshakeFailed:
    case ErrorCode::SocketError:
    case ErrorCode::UnexpectedEof:
    case ErrorCode::ProxyFailed:
        return true;
    default:
        return false;
    }
}

} // namespace

class TestEngineStress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { (void)sharedLab(); }

    void randomOperationsWithFaults()
    {
        const int opsPerThread = qEnvironmentVariableIsSet("POOLSCOPE_STRESS_OPS")
                                     ? qEnvironmentVariableIntValue("POOLSCOPE_STRESS_OPS")
                                     : 50'000;
        constexpr int kThreads = 8;
        // A hard stop inside QTest's 300 s per-function time-out (which would abort the process with
        // the threads still running); the run normally takes a fraction of it.
        const auto budget = 240s;
        sharedLab().setIdleCloseAfter(20ms);
        poolscope::test::FdGuard guard;
        {
            auto params = poolscope::test::loopbackParams();
            params.maxConnections = 24;
            params.maxKeepAlive = 2s;
            auto created = poolscope::ConnectionPool::create(params);
            QVERIFY(created);
            auto& pool = created.value();

            Tally tally;
            std::mutex heldMutex;
            std::unordered_set<poolscope::ConnectionId> held;
            const auto start = std::chrono::steady_clock::now();
            {
                std::vector<std::jthread> threads;
                for (int t = 0; t < kThreads; ++t) {
                    threads.emplace_back([&, t] {
                        std::minstd_rand rng(static_cast<unsigned>(0x5eed + t));
                        std::vector<std::pair<PooledConnection, const Target*>> mine;
                        const auto drop = [&](std::size_t i, bool close) {
                            {
                                std::lock_guard lock(heldMutex);
                                held.erase(mine[i].first.id());
                            }
                            (void)(close ? mine[i].first.close() : mine[i].first.release());
                            mine.erase(mine.begin() + static_cast<long>(i));
                        };
                        for (int i = 0; i < opsPerThread; ++i) {
                            if (std::chrono::steady_clock::now() - start > budget)
                                break;
                            ++tally.ops;
                            const auto roll = rng() % 1000;
                            if (roll < 2) { // shutdown, then reopen: everyone's leases get shut down
                                pool.shutdown();
                                pool.reopen();
                                ++tally.shutdowns;
                            } else if (roll < 4) { // live parameter change
                                auto p = pool.params();
                                p.maxConnections = 8 + static_cast<int>(rng() % 24);
                                p.maxKeepAlive = std::chrono::milliseconds(20 + rng() % 2000);
                                (void)pool.setParams(p);
                                ++tally.paramChanges;
                            } else if (roll < 400 && mine.size() < 3) { // dial
                                const Target& target = kTargets[rng() % std::size(kTargets)];
                                auto request = labRequest(target.kind, 2s);
                                request.tls = target.tls;
                                if (target.kind == ServerKind::Silent)
                                    request.timeout = 20ms;
                                int cancelFlag = 0;
                                if (rng() % 100 == 0) {
                                    cancelFlag = 1; // cancelled before it starts: must fail cleanly
                                    request.cancelFlag = &cancelFlag;
                                    ++tally.cancels;
                                }
                                ++tally.dials;
                                auto lease = pool.dial(request);
                                if (!lease) {
                                    if (!expectedFailure(lease.error().code))
                                        ++tally.unexpectedErrors;
                                    continue;
                                }
                                ++tally.dialOk;
                                const auto info = lease->info();
                                if (!info || info->host != request.host || info->port != request.port ||
                                    info->tls != request.tls)
                                    ++tally.wrongKey;
                                {
                                    std::lock_guard lock(heldMutex);
                                    if (!held.insert(lease->id()).second)
                                        ++tally.doubleHolds;
                                }
                                mine.emplace_back(std::move(lease).value(), &target);
                            } else if (roll < 800 && !mine.empty()) { // request on a held connection
                                const std::size_t k = rng() % mine.size();
                                auto& [lease, target] = mine[k];
                                ++tally.requests;
                                bool ok = false;
                                if (target->kind == ServerKind::Echo) {
                                    const std::string token =
                                        std::to_string(t) + ":" + std::to_string(i) + ";";
                                    std::string echoed;
                                    if (lease.writeAll(token, 2s)) {
                                        char buf[64];
                                        while (echoed.size() < token.size()) {
                                            auto n = lease.readSome(buf, sizeof buf, 2s);
                                            if (!n || n.value() == 0)
                                                break;
                                            echoed.append(buf, n.value());
                                        }
                                    }
                                    ok = echoed == token;
                                    // Bytes that are not a prefix of our token came from someone else's
                                    // request: the connection was shared. (A prefix is a shutdown mid-way.)
                                    if (!ok && token.compare(0, echoed.size(), echoed) != 0)
                                        ++tally.doubleHolds;
                                } else {
                                    // The silent server never answers: its request is a short time-out.
                                    const auto timeout = target->kind == ServerKind::Silent ? 20ms : 2000ms;
                                    ok = poolscope::test::httpGet(lease, "/", nullptr, "localhost", timeout)
                                             .rfind("HTTP/1.1 200", 0) == 0;
                                }
                                if (!ok)
                                    ++tally.requestFailures;
                                drop(k, !ok);           // failed: close it; otherwise give it back
                            } else if (!mine.empty()) { // return or close without a request
                                drop(rng() % mine.size(), rng() % 3 == 0);
                            }
                        }
                        while (!mine.empty())
                            drop(mine.size() - 1, false);
                    });
                }
            }
            const auto seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            qInfo(
                "%ld ops in %.1f s: %ld dials (%ld ok), %ld requests (%ld failed), %ld shutdowns, %ld param "
                "changes, %ld pre-cancelled",
                tally.ops.load(), seconds, tally.dials.load(), tally.dialOk.load(), tally.requests.load(),
                tally.requestFailures.load(), tally.shutdowns.load(), tally.paramChanges.load(),
                tally.cancels.load());

            QCOMPARE(tally.doubleHolds.load(), 0L);
            QCOMPARE(tally.wrongKey.load(), 0L);
            QCOMPARE(tally.unexpectedErrors.load(), 0L);
            QVERIFY(tally.dialOk.load() > 0);
            const auto stats = pool.stats();
            QCOMPARE(stats.inUse, 0);
            QCOMPARE(stats.connecting, 0);
            // Every connection attempt ended closed or is idle now.
            QCOMPARE(stats.connectsStarted, stats.closed + static_cast<std::uint64_t>(stats.idle));
            QCOMPARE(stats.reuses + stats.connectsSucceeded, static_cast<std::uint64_t>(tally.dialOk.load()));
            QCOMPARE(static_cast<long>(stats.dials), tally.dials.load());
            QCOMPARE(static_cast<int>(pool.snapshot().size()), stats.idle);

            // Still usable.
            auto after = pool.dial(labRequest(ServerKind::Https));
            QVERIFY2(after, after ? "" : after.error().message.c_str());
            QVERIFY(poolscope::test::httpGet(after.value()).rfind("HTTP/1.1 200", 0) == 0);
        }
        sharedLab().setIdleCloseAfter(300ms);
        QCOMPARE(guard.settledLeak(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineStress)
#include "tst_engine_stress.moc"
