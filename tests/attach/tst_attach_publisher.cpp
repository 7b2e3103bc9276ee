// PoolPublisher on a real PoolService against the lab, read by real QLocalSocket clients speaking
// the attach protocol: publish -> the discovery entry is listed and found by name and pid -> a
// client gets hello, a snapshot with the lab connection, events after an acquire, consecutive seq;
// commands refused when read-only (the connection stays) and done when allowed; stop() says bye and
// removes the entry; stale entries (no lock, a dead process's lock) are removed, a held lock is listed; bad
// options and a second publisher of the same pool are refused; a monitor over maxMonitors gets bye "too many
// monitors".

#include "attach_test_client.h"
#include "poolscope/attach/inspectable_apps.h"
#include "poolscope/attach/pool_publisher.h"
#include "service_test_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>

using namespace poolscope;
using namespace poolscope::test;
using namespace poolscope::trace::attach;
using namespace std::chrono_literals;
using lab::ServerKind;

namespace {

PublishOptions testOptions(const QString& pool = QStringLiteral("main"))
{
    PublishOptions o;
    o.appName = QStringLiteral("attach-test");
    o.poolName = pool;
    o.snapshotInterval = 50ms;
    return o;
}

std::optional<InspectableApp> listed(const QString& pool)
{
    for (const InspectableApp& app : listInspectableApps()) {
        if (app.pid == QCoreApplication::applicationPid() && app.pool == pool)
            return app;
    }
    return std::nullopt;
}

bool hasConnection(const AttachClient& client, ConnectionId id, ConnectionState state)
{
    for (const Snapshot& s : client.all<Snapshot>()) {
        for (const ConnectionInfo& c : s.connections) {
            if (c.id == id && c.state == state)
                return true;
        }
    }
    return false;
}

bool hasEvent(const AttachClient& client, trace::TraceEventKind kind, ConnectionId id)
{
    const auto events = client.events();
    return std::any_of(events.begin(), events.end(),
                       [&](const auto& e) { return e.kind == kind && e.id == id; });
}

std::optional<Reply> replyTo(const AttachClient& client, std::int64_t id)
{
    for (const Reply& r : client.all<Reply>()) {
        if (r.id == id)
            return r;
    }
    return std::nullopt;
}

} // namespace

class TestAttachPublisher : public QObject, private LabServiceFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_runtime.isValid());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path())); // entries in a private dir
        QVERIFY(startLab());
        m_fds = FdGuard();
    }
    void publishListAndStream();
    void commands_data();
    void commands();
    void stopRemovesEntry();
    void staleEntries_data();
    void staleEntries();
    void badOptions_data();
    void badOptions();
    void samePoolTwice();
    void tooManyMonitors();
    void cleanupTestCase()
    {
        QCOMPARE(m_fds.settledLeak(), 0);
        stopLab();
    }

private:
    QTemporaryDir m_runtime;
    FdGuard m_fds;
};

void TestAttachPublisher::publishListAndStream()
{
    auto owner = start();
    QVERIFY(owner);
    PoolService* service = owner->service();
    PoolPublisher publisher(service, testOptions());
    QVERIFY2(publisher.start(), qPrintable(publisher.error()));
    QVERIFY(publisher.isPublishing());
#ifndef Q_OS_WIN // XDG_RUNTIME_DIR places it on Unix; Windows has its own per-user location
    QVERIFY(inspectableAppsDirectory().startsWith(m_runtime.path()));
    // Windows: the per-user profile's ACL guards it; QFile::permissions does not read ACLs
    QCOMPARE(QFile::permissions(inspectableAppsDirectory()) & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
#endif

    const auto entry = listed(QStringLiteral("main"));
    QVERIFY(entry);
    QCOMPARE(entry->name, QStringLiteral("attach-test"));
    QCOMPARE(entry->serverName, publisher.serverName());
    QVERIFY(entry->allowed.isEmpty());
    QVERIFY(entry->started.isValid());
    const QString entryFile =
        inspectableAppsDirectory() + u'/' + QString::number(entry->pid) + QStringLiteral("-main.json");
    QVERIFY(QFile::exists(entryFile));
#ifndef Q_OS_WIN // as above: ACLs, not mode bits, on Windows
    QCOMPARE(QFile::permissions(entryFile) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
#endif
    QString error;
    const auto byName = findInspectableApp(QStringLiteral("ATTACH-test"), &error);
    QVERIFY2(byName, qPrintable(error));
    QCOMPARE(byName->pid, QCoreApplication::applicationPid());
    QVERIFY(findInspectableApp(QString::number(QCoreApplication::applicationPid()), &error));
    QVERIFY(!findInspectableApp(QStringLiteral("no-such-app"), &error));
    QVERIFY2(error.contains(QStringLiteral("no-such-app")), qPrintable(error));

    const Lease lease = takeLease(service, labRequest(*m_lab, ServerKind::Http, QStringLiteral("first")));
    QVERIFY(lease.id != 0);
    QSignalSpy attached(&publisher, &PoolPublisher::monitorAttached);
    AttachClient client(publisher.serverName());
    QTRY_VERIFY(client.count<Snapshot>() >= 1);
    QVERIFY(!client.decoder.failed());
    QVERIFY(std::holds_alternative<Hello>(client.messages.front())); // hello first, then a snapshot
    const Hello hello = client.all<Hello>().front();
    QCOMPARE(hello.app, std::string("attach-test"));
    QCOMPARE(hello.pid, QCoreApplication::applicationPid());
    QVERIFY(hello.allowed.empty());
    QCOMPARE(attached.size(), 1);
    QCOMPARE(publisher.monitorCount(), 1);
    QTRY_VERIFY(hasConnection(client, lease.id, ConnectionState::InUse));

    // Events as they happen: the release, then a reuse by a second acquire.
    auto released = service->release(lease.id);
    SERVICE_AWAIT(released, 5'000);
    const Lease again = takeLease(service, labRequest(*m_lab, ServerKind::Http, QStringLiteral("second")));
    QCOMPARE(again.id, lease.id);
    QTRY_VERIFY(hasEvent(client, trace::TraceEventKind::Released, lease.id));
    auto reuse = [&client] {
        const auto events = client.events();
        return std::any_of(events.begin(), events.end(), [](const auto& e) {
            return e.kind == trace::TraceEventKind::Acquired && e.label == "second" && e.reused;
        });
    };
    QTRY_VERIFY(reuse());
    QTRY_VERIFY(client.count<Snapshot>() >= 3); // every 50 ms
    const auto seqs = client.seqs();
    for (std::size_t i = 0; i < seqs.size(); ++i)
        QCOMPARE(seqs[i], std::int64_t(i)); // no gap for a monitor that keeps up
    QCOMPARE(publisher.stats().monitorsAccepted, quint64{1});
    QCOMPARE(publisher.stats().eventsDropped, quint64{0});
    QVERIFY(publisher.stats().bytesSent > 0);
    auto back = service->release(again.id);
    SERVICE_AWAIT(back, 5'000);
}

void TestAttachPublisher::commands_data()
{
    QTest::addColumn<bool>("allowed");
    QTest::newRow("read-only refuses force_close") << false;
    QTest::newRow("allowed force_close closes") << true;
}

void TestAttachPublisher::commands()
{
    QFETCH(bool, allowed);
    auto owner = start();
    QVERIFY(owner);
    PoolService* service = owner->service();
    PublishOptions options = testOptions();
    if (allowed)
        options.allowed = {Action::ForceClose};
    PoolPublisher publisher(service, options);
    QVERIFY2(publisher.start(), qPrintable(publisher.error()));
    std::optional<Lease> held =
        takeLease(service, labRequest(*m_lab, ServerKind::Http, QStringLiteral("held")));
    const ConnectionId leaseId = held->id; // `held` is the only copy of the lease
    QVERIFY(leaseId != 0);
    AttachClient client(publisher.serverName());
    QTRY_VERIFY(client.count<Snapshot>() >= 1);
    QCOMPARE(client.all<Hello>().front().allowed.size(), std::size_t(allowed ? 1 : 0));

    client.send(Command{41, Action::ForceClose, {leaseId}, false});
    QTRY_VERIFY(replyTo(client, 41));
    const Reply reply = *replyTo(client, 41);
    if (!allowed) {
        QVERIFY(!reply.ok);
        QVERIFY2(QString::fromStdString(reply.error).contains(QStringLiteral("read-only")),
                 reply.error.c_str());
        QCOMPARE(publisher.stats().commandsRefused, quint64{1});
        QCOMPARE(service->stats().inUse, 1); // untouched
        QVERIFY(!client.disconnected);       // refused, not dropped
        // Still streaming after the refusal, and the connection is still open and in use.
        const int snapshots = client.count<Snapshot>();
        QTRY_VERIFY(client.count<Snapshot>() > snapshots + 1);
        QVERIFY(!hasEvent(client, trace::TraceEventKind::Closed, leaseId));
        QVERIFY(client.all<Snapshot>().back().connections.size() == 1);
        QCOMPARE(client.all<Snapshot>().back().connections.front().state, ConnectionState::InUse);
        auto back = service->release(leaseId);
        SERVICE_AWAIT(back, 5'000);
        held.reset();
    } else {
        QVERIFY2(reply.ok, reply.error.c_str());
        QCOMPARE(publisher.stats().commandsDone, quint64{1});
        // Shut down under its holder; closed (ForceClosed) once the holder lets go.
        held.reset();
        auto forceClosed = [&client, id = leaseId] {
            const auto events = client.events();
            return std::any_of(events.begin(), events.end(), [id](const auto& e) {
                return e.kind == trace::TraceEventKind::Closed && e.id == id &&
                       e.reason == CloseReason::ForceClosed;
            });
        };
        QTRY_VERIFY(forceClosed());
        // The service's own error comes back in the reply.
        client.send(Command{43, Action::ForceClose, {leaseId}, false});
        QTRY_VERIFY(replyTo(client, 43));
        QVERIFY(!replyTo(client, 43)->ok);
        QVERIFY2(QString::fromStdString(replyTo(client, 43)->error).contains(QStringLiteral("not leased")),
                 replyTo(client, 43)->error.c_str());
        // An action the app did not allow is still refused.
        client.send(Command{42, Action::CloseIdle, {}, false});
        QTRY_VERIFY(replyTo(client, 42));
        QVERIFY(!replyTo(client, 42)->ok);
    }
}

void TestAttachPublisher::stopRemovesEntry()
{
    auto owner = start();
    QVERIFY(owner);
    PoolPublisher publisher(owner->service(), testOptions(QStringLiteral("stopping")));
    QVERIFY2(publisher.start(), qPrintable(publisher.error()));
    QVERIFY(listed(QStringLiteral("stopping")));
    AttachClient client(publisher.serverName());
    QTRY_VERIFY(client.count<Snapshot>() >= 1);
    QSignalSpy detached(&publisher, &PoolPublisher::monitorDetached);
    publisher.stop();
    QVERIFY(!publisher.isPublishing());
    QCOMPARE(publisher.monitorCount(), 0);
    QCOMPARE(detached.size(), 1);
    QTRY_COMPARE(client.count<Bye>(), 1);
    QTRY_VERIFY(client.disconnected);
    QVERIFY(!listed(QStringLiteral("stopping")));
    QCOMPARE(QDir(inspectableAppsDirectory()).entryList({QStringLiteral("*-stopping.*")}, QDir::Files),
             QStringList());
    publisher.stop(); // idempotent
    AttachClient late(publisher.serverName());
    QTRY_VERIFY(late.socket.state() == QLocalSocket::UnconnectedState);
    QCOMPARE(late.count<Hello>(), 0);
}

void TestAttachPublisher::staleEntries_data()
{
    QTest::addColumn<int>("lock");
    QTest::addColumn<bool>("live");
    QTest::newRow("no lock file (the publisher died before or after it)") << 0 << false;
    QTest::newRow("a lock file of a dead process") << 1 << false;
    QTest::newRow("a lock held") << 2 << true;
}

void TestAttachPublisher::staleEntries()
{
    QFETCH(int, lock);
    QFETCH(bool, live);
    const QString base = inspectableAppsDirectory() + QStringLiteral("/999999999-gone");
    // Where the directory is not this test's own (Windows: the user's), an earlier run may have
    // left the fixture behind.
    QFile::remove(base + QStringLiteral(".json"));
    QFile::remove(base + QStringLiteral(".lock"));
    QFile file(base + QStringLiteral(".json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name":"ghost","pool":"gone","pid":999999999,"server":"/nowhere","started":""})");
    file.close();
    QLockFile held(base + QStringLiteral(".lock"));
    if (lock == 1) {
        // A dead process's lock: what QLockFile itself writes (pid, app name, host name as it
        // names this host, which differs between platforms), with a pid that runs nowhere.
        QByteArray content;
        {
            QLockFile mine(base + QStringLiteral(".lock"));
            QVERIFY(mine.tryLock(0));
            QFile written(base + QStringLiteral(".lock"));
            QVERIFY(written.open(QIODevice::ReadOnly));
            content = written.readAll();
        }
        QVERIFY(content.contains('\n'));
        QFile dead(base + QStringLiteral(".lock"));
        QVERIFY(dead.open(QIODevice::WriteOnly));
        dead.write("999999999" + content.mid(content.indexOf('\n')));
    } else if (lock == 2) {
        QVERIFY(held.tryLock(0));
    }
    const QList<InspectableApp> apps = listInspectableApps();
    const bool listed = std::any_of(
        apps.begin(), apps.end(), [](const InspectableApp& a) { return a.name == QStringLiteral("ghost"); });
    QCOMPARE(listed, live);
    QCOMPARE(QFile::exists(base + QStringLiteral(".json")), live); // a stale one is removed on the way
    if (!live) {
        QVERIFY(!QFile::exists(base + QStringLiteral(".lock")));
        QString error;
        QVERIFY(!findInspectableApp(QStringLiteral("ghost"), &error));
    }
    held.unlock();
    QFile::remove(base + QStringLiteral(".json"));
}

void TestAttachPublisher::badOptions_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("snapshot interval 10 ms") << 0 << qint64{10} << QStringLiteral("snapshot interval");
    QTest::newRow("snapshot interval 1 min") << 0 << qint64{60'000} << QStringLiteral("snapshot interval");
    QTest::newRow("backlog 1 KiB") << 1 << qint64{1024} << QStringLiteral("backlog");
    QTest::newRow("0 monitors") << 2 << qint64{0} << QStringLiteral("monitors");
    QTest::newRow("65 monitors") << 2 << qint64{65} << QStringLiteral("monitors");
    QTest::newRow("hello timeout 10 ms") << 3 << qint64{10} << QStringLiteral("hello timeout");
    QTest::newRow("empty pool name") << 4 << qint64{0} << QStringLiteral("pool name");
}

void TestAttachPublisher::badOptions()
{
    QFETCH(int, field);
    QFETCH(qint64, value);
    QFETCH(QString, error);
    PublishOptions options = testOptions();
    QVERIFY(options.validate().isEmpty());
    switch (field) {
    case 0:
        options.snapshotInterval = std::chrono::milliseconds(value);
        break;
    case 1:
        options.maxBacklogBytes = value;
        break;
    case 2:
        options.maxMonitors = static_cast<int>(value);
        break;
    case 3:
        options.helloTimeout = std::chrono::milliseconds(value);
        break;
    default:
        options.poolName = QStringLiteral(" ");
        break;
    }
    QVERIFY2(options.validate().contains(error), qPrintable(options.validate()));
    auto owner = start();
    QVERIFY(owner);
    QString why;
    QVERIFY(!PoolPublisher::publish(owner->service(), options, &why));
    QCOMPARE(why, options.validate());
    QVERIFY(!listed(options.poolName));
}

void TestAttachPublisher::samePoolTwice()
{
    auto owner = start();
    QVERIFY(owner);
    QString error;
    PoolPublisher* first =
        PoolPublisher::publish(owner->service(), testOptions(QStringLiteral("twice")), &error);
    QVERIFY2(first, qPrintable(error));
    PoolPublisher second(owner->service(), testOptions(QStringLiteral("twice")));
    QVERIFY(!second.start());
    QVERIFY2(second.error().contains(QStringLiteral("already publishes")), qPrintable(second.error()));
    QVERIFY(listed(QStringLiteral("twice"))); // the first is untouched
    PoolPublisher other(owner->service(), testOptions(QStringLiteral("other")));
    QVERIFY2(other.start(), qPrintable(other.error())); // another pool of the same app is fine
    QVERIFY(other.serverName() != first->serverName());
    delete first; // (published for a service on another thread: owned by the caller until then)
    QVERIFY(!listed(QStringLiteral("twice")));
}

void TestAttachPublisher::tooManyMonitors()
{
    auto owner = start();
    QVERIFY(owner);
    PublishOptions options = testOptions();
    options.maxMonitors = 1;
    PoolPublisher publisher(owner->service(), options);
    QVERIFY2(publisher.start(), qPrintable(publisher.error()));
    AttachClient first(publisher.serverName());
    QTRY_VERIFY(first.count<Snapshot>() >= 1);
    AttachClient second(publisher.serverName());
    QTRY_COMPARE(second.count<Bye>(), 1);
    QCOMPARE(second.all<Bye>().front().reason, std::string("too many monitors"));
    QCOMPARE(second.count<Hello>(), 0);
    QTRY_VERIFY(second.disconnected);
    QCOMPARE(publisher.monitorCount(), 1);
    QCOMPARE(publisher.stats().monitorsDropped, quint64{1});
    const int snapshots = first.count<Snapshot>();
    QTRY_VERIFY(first.count<Snapshot>() > snapshots); // the first one is unaffected
}

QTEST_GUILESS_MAIN(TestAttachPublisher)
#include "tst_attach_publisher.moc"
