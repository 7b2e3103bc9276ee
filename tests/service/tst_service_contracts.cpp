// The service's lease lifetime contract (poolscope/service/service_types.h, Lease) against the lab:
// whatever ends a leased connection (a force-close by someone else, the probe failing, the service
// stopping or being destroyed) a holder blocked in SSL_read/recv on it returns at once with an
// error, and the descriptor and SSL object stay allocated until the last copy of its Lease is gone.
// Under AddressSanitizer a free under the holder is a use-after-free report; descriptors are counted.
// acquireFor (acquire_for.h): the answer reaches a live receiver on its thread, and a lease whose
// receiver died first, before or after the answer was queued for it, goes back to the pool.
#include "net/platform/socket_api.h"
#include "poolscope/service/acquire_for.h"
#include "service_test_support.h"
#include "test_platform.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <atomic>
#include <mutex>
#include <openssl/ssl.h>
#include <thread>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using lab::ServerKind;

namespace {

namespace sys = poolscope::detail::sys;

/// A holder doing blocking I/O on its own thread, as the Lease contract allows. The lab servers
/// never send unasked, so the read blocks until the connection is ended under it.
class BlockedReader
{
public:
    explicit BlockedReader(Lease lease) : m_lease(std::move(lease))
    {
        m_thread = std::thread([this] {
            char buf[64];
            const int n = m_lease.ssl ? SSL_read(m_lease.ssl, buf, sizeof buf)
                                      : static_cast<int>(sys::recv(m_lease.socket, buf, sizeof buf));
            m_result.store(n);
            m_done.store(true);
        });
    }
    ~BlockedReader() { join(); }
    BlockedReader(const BlockedReader&) = delete;
    BlockedReader& operator=(const BlockedReader&) = delete;

    [[nodiscard]] bool done() const { return m_done.load(); }
    [[nodiscard]] int result() const { return m_result.load(); }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    /// After the read returned: the SSL object and descriptor are still ours to use (and fail).
    [[nodiscard]] bool stillAllocated() const
    {
        if (!poolscope::test::isOpenSocket(m_lease.socket))
            return false; // closed under us: the number could already name someone else's socket
        if (m_lease.ssl) {
            char c = 0;
            return SSL_get_fd(m_lease.ssl) == m_lease.socket && SSL_write(m_lease.ssl, &c, 1) <= 0;
        }
        return sys::send(m_lease.socket, "x", 1) < 0;
    }
    void letGo() { m_lease = {}; }

private:
    Lease m_lease;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    std::atomic<int> m_result{1};
};

} // namespace

class TestServiceContracts : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(startLab()); }
    void cleanupTestCase() { stopLab(); }

    void forceCloseNeverFreesUnderTheHolder_data();
    void forceCloseNeverFreesUnderTheHolder();
    void destroyingTheServiceNeverFreesUnderTheHolder_data();
    void destroyingTheServiceNeverFreesUnderTheHolder();
    void acquireForDeliversOnTheReceiversThread();
    void acquireForReleasesWhenTheReceiverDiesFirst();
    void acquireForReleasesWhenTheReceiverDiesWithTheAnswerQueued();
};

void TestServiceContracts::forceCloseNeverFreesUnderTheHolder_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::newRow("tls") << ServerKind::Https;
    QTest::newRow("plain") << ServerKind::Echo;
}

void TestServiceContracts::forceCloseNeverFreesUnderTheHolder()
{
    QFETCH(ServerKind, kind);
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        Lease lease = take(service, request(kind, QStringLiteral("holder")));
        QVERIFY(lease.id != 0);
        const ConnectionId id = lease.id;
        BlockedReader reader(lease);
        lease = {}; // from here the reader's copy is the only one outside the service

        // The monitor's Close button, from another thread than the holder's.
        QVERIFY(!failureOf(service->forceClose({id})));
        QTRY_VERIFY_WITH_TIMEOUT(reader.done(), 2000);
        reader.join();
        QVERIFY(reader.result() <= 0);
        QVERIFY(reader.stillAllocated());
        // The service has let go of it (a second close is refused) but the engine still counts it.
        QCOMPARE(failureOf(service->forceClose({id}))->code(), ErrorCode::InvalidHandle);
        QTRY_COMPARE_WITH_TIMEOUT(service->latestSnapshot()->stats.inUse, 1, 2000);

        reader.letGo(); // the last copy of the Lease: now it is freed, never reused
        QTRY_COMPARE_WITH_TIMEOUT(service->latestSnapshot()->stats.inUse, 0, 2000);
        QCOMPARE(service->latestSnapshot()->stats.idle, 0);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceContracts::destroyingTheServiceNeverFreesUnderTheHolder_data()
{
    forceCloseNeverFreesUnderTheHolder_data(); // the same two kinds of connection
}

void TestServiceContracts::destroyingTheServiceNeverFreesUnderTheHolder()
{
    QFETCH(ServerKind, kind);
    FdGuard guard;
    {
        // An application that destroys its service in ordinary member order while a worker of its
        // own is still blocked reading a leased connection.
        std::unique_ptr<BlockedReader> reader;
        {
            auto owner = start();
            QVERIFY(owner);
            Lease lease = take(owner->service(), request(kind, QStringLiteral("holder")));
            QVERIFY(lease.id != 0);
            reader = std::make_unique<BlockedReader>(std::move(lease));
        } // ~PoolServiceThread: the service stops and is deleted with the lease still out
        QTRY_VERIFY_WITH_TIMEOUT(reader->done(), 2000);
        reader->join();
        QVERIFY(reader->result() <= 0);
        QVERIFY(reader->stillAllocated());
        QVERIFY(guard.leaked() > 0); // still allocated: the holder has not let go
        reader.reset();
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceContracts::acquireForDeliversOnTheReceiversThread()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        QObject receiver;
        std::optional<Result<Lease>> got;
        bool onReceiversThread = false;
        const auto onDone = [&](Result<Lease> result) {
            observeServiceHandoff();
            onReceiversThread = QThread::currentThread() == receiver.thread();
            got = std::move(result);
        };
        acquireFor(service, request(ServerKind::Https), &receiver, onDone);
        QTRY_VERIFY(got.has_value());
        QVERIFY(onReceiversThread);
        QVERIFY2(got->ok(), got->ok() ? "" : got->error().message.c_str());
        QVERIFY(!failureOf(service->release(got->value().id)));
        got.reset();

        acquireFor(service, request(ServerKind::Refused), &receiver, onDone);
        QTRY_VERIFY(got.has_value());
        QVERIFY(!got->ok());
        QCOMPARE(got->error().code, ErrorCode::ConnectionRefused);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceContracts::acquireForReleasesWhenTheReceiverDiesFirst()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        bool called = false;
        auto receiver = std::make_unique<QObject>();
        acquireFor(service, request(ServerKind::Https), receiver.get(),
                   [&](const Result<Lease>&) { called = true; });
        receiver.reset(); // a dialog closed while its connection is being dialled
        QTRY_COMPARE(service->stats().idle, 1);
        QCOMPARE(service->stats().inUse, 0);
        QTRY_COMPARE(service->latestSnapshot()->leases, 0);
        QVERIFY(!called);
        const Lease again = take(service, request(ServerKind::Https));
        QVERIFY(again.reused);
        QVERIFY(!failureOf(service->release(again.id)));
    }
    QCOMPARE(guard.settledLeak(), 0);
}

void TestServiceContracts::acquireForReleasesWhenTheReceiverDiesWithTheAnswerQueued()
{
    FdGuard guard;
    {
        auto owner = start();
        QVERIFY(owner);
        PoolService* service = owner->service();
        // The receiver's thread is busy until the answer is queued for it; then, still busy, it
        // destroys the receiver, which drops the queued answer with it.
        QThread thread;
        thread.start();
        QObject blocker;
        blocker.moveToThread(&thread);
        auto* receiver = new QObject;
        receiver->moveToThread(&thread);
        QSemaphore answerQueued;
        std::atomic<bool> receiverGone{false};
        // Qt orders the posted call with locks ThreadSanitizer cannot see (Qt is not built with
        // it): the call's captures are published through a lock it can see.
        static std::mutex postLock;
        {
            const std::lock_guard published(postLock);
            QMetaObject::invokeMethod(&blocker, [&] {
                {
                    const std::lock_guard observed(postLock);
                }
                answerQueued.acquire();
                delete receiver;
                receiverGone = true;
            });
        }
        std::atomic<bool> called{false};
        acquireFor(service, request(ServerKind::Https), receiver,
                   [&](const Result<Lease>&) { called = true; });
        // Published after the grant, whose continuation has posted the answer by then.
        QTRY_COMPARE(service->latestSnapshot()->leases, 1);
        answerQueued.release();
        QTRY_VERIFY(receiverGone.load());
        QTRY_COMPARE(service->stats().idle, 1);
        QCOMPARE(service->stats().inUse, 0);
        thread.quit();
        thread.wait();
        QVERIFY(!called);
    }
    QCOMPARE(guard.settledLeak(), 0);
}

QTEST_GUILESS_MAIN(TestServiceContracts)
#include "tst_service_contracts.moc"
