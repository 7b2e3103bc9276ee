// The engine's socket layer (net/platform) and the pool on top of it, against a peer any platform
// has: QTcpServer on loopback. No platform header here, so this suite builds and runs unchanged on
// Linux, on macOS and on Windows (cross-built and run under Wine by scripts/windows/test.sh).
#include "fd_guard.h"
#include "net/platform/socket_api.h"
#include "poolscope/connection_pool.h"
#include "test_platform.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

using namespace poolscope;
using namespace std::chrono_literals;
namespace sys = poolscope::detail::sys;
using poolscope::detail::SocketAddress;

namespace {

/// The server side of one accepted connection, or null after `timeoutMs`.
std::unique_ptr<QTcpSocket> acceptOne(QTcpServer& server, int timeoutMs = 5000)
{
    if (!server.hasPendingConnections() && !server.waitForNewConnection(timeoutMs))
        return nullptr;
    return std::unique_ptr<QTcpSocket>(server.nextPendingConnection());
}

QByteArray readExactly(QTcpSocket& socket, qsizetype count)
{
    QByteArray out;
    for (int round = 0; round < 50 && out.size() < count; ++round) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(100))
            continue;
        out += socket.read(count - out.size());
    }
    return out;
}

/// Polls one socket until one of `events` is reported (or 5 s pass); returns the revents.
short waitFor(sys::Socket s, short events)
{
    sys::PollEntry entry{s, events, 0};
    for (int round = 0; round < 50; ++round) {
        const int ready = sys::poll(&entry, 1, 100);
        if (ready > 0)
            return entry.revents;
        if (ready < 0 && ready != -EINTR)
            return sys::kPollErr;
    }
    return 0;
}

struct RawClient
{
    sys::Socket socket = sys::kInvalidSocket;
    ~RawClient() { sys::close(socket); }
};

DialRequest plainRequest(const QString& host, quint16 port)
{
    DialRequest request;
    request.host = host.toStdString();
    request.port = port;
    return request;
}

PoolParams quickParams()
{
    PoolParams params;
    params.maxConnections = 4;
    params.connectTimeout = 5s;
    return params;
}

} // namespace

class TestEnginePlatform : public QObject
{
    Q_OBJECT

private:
    sys::Runtime m_runtime; // the raw-socket cases below open sockets without a pool
    std::optional<poolscope::test::FdGuard> m_guard;

private slots:
    void initTestCase() { QCOMPARE(m_runtime.error(), 0); }
    void init() { m_guard.emplace(); }
    void cleanup() { QCOMPARE(m_guard->settledLeak(), 0); }

    void literalAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("shown");
        QTest::newRow("v4") << "127.0.0.1" << true << "127.0.0.1:8080";
        QTest::newRow("v6") << "::1" << true << "[::1]:8080";
        QTest::newRow("v6 long form") << "0:0:0:0:0:0:0:1" << true << "[::1]:8080";
        QTest::newRow("octet too big") << "256.1.1.1" << false << "";
        QTest::newRow("name") << "localhost" << false << "";
        QTest::newRow("bracketed") << "[::1]" << false << "";
        QTest::newRow("empty") << "" << false << "";
    }
    void literalAddresses()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, shown);
        const std::optional<SocketAddress> address = SocketAddress::parseLiteral(text.toStdString(), 8080);
        QCOMPARE(address.has_value(), valid);
        if (!valid)
            return;
        QCOMPARE(QString::fromStdString(address->toString()), shown);
        QCOMPARE(address->port(), std::uint16_t{8080});
        QVERIFY(address->isIpv4() != address->isIpv6());
        SocketAddress copy = *address;
        QVERIFY(copy.sameEndpoint(*address));
        copy.setPort(8081);
        QVERIFY(!copy.sameEndpoint(*address));
    }

    void errorSentences_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("words");
        QTest::newRow("refused") << ECONNREFUSED << "refused";
        QTest::newRow("reset") << ECONNRESET << "reset";
        QTest::newRow("timed out") << ETIMEDOUT << "timed out";
        QTest::newRow("unreachable") << EHOSTUNREACH << "route";
        QTest::newRow("descriptors") << EMFILE << "open files";
    }
    void errorSentences()
    {
        QFETCH(int, error);
        QFETCH(QString, words);
        const QString text = QString::fromStdString(sys::errorText(error));
        QVERIFY2(text.contains(words, Qt::CaseInsensitive), qPrintable(text));
    }

    void connectPeekAndDontWait()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        RawClient client;
        int err = 0;
        client.socket = sys::openTcp(SocketAddress::loopback(false, 0).family(), err);
        QVERIFY2(client.socket != sys::kInvalidSocket, sys::errorText(err).c_str());
        const int started = sys::connect(client.socket, SocketAddress::loopback(false, server.serverPort()));
        QVERIFY2(started == 0 || started == EINPROGRESS, sys::errorText(started).c_str());
        QVERIFY((waitFor(client.socket, sys::kPollOut) & sys::kPollOut) != 0);
        QCOMPARE(sys::pendingError(client.socket), 0);
        QVERIFY(sys::localPort(client.socket) != 0);
        QCOMPARE(sys::peerPort(client.socket), server.serverPort());
        QCOMPARE(sys::enableTcpKeepAlive(client.socket, 30, 5, 3), 0);
        auto peer = acceptOne(server);
        QVERIFY(peer);

        // Nothing sent yet: a don't-wait read of a blocking socket must not block.
        QCOMPARE(sys::setNonBlocking(client.socket, false), 0);
        char buffer[16] = {};
        {
            const sys::DontWaitScope dontWait(client.socket);
            const sys::IoResult n = sys::recv(client.socket, buffer, sizeof buffer, sys::kIoDontWait);
            QVERIFY2(n < 0 && sys::retryable(static_cast<int>(-n)), QByteArray::number(n).constData());
        }
        QVERIFY(!sys::isNonBlocking(client.socket, false));

        QCOMPARE(sys::send(client.socket, "ping", 4), sys::IoResult{4});
        QCOMPARE(readExactly(*peer, 4), QByteArray("ping"));
        QCOMPARE(peer->write("pong"), qint64{4});
        QVERIFY(peer->waitForBytesWritten(5000));
        QVERIFY((waitFor(client.socket, sys::kPollIn) & sys::kPollIn) != 0);
        QCOMPARE(sys::recv(client.socket, buffer, 2, sys::kIoPeek), sys::IoResult{2});
        QCOMPARE(QByteArray(buffer, 2), QByteArray("po"));
        QCOMPARE(sys::recv(client.socket, buffer, 4), sys::IoResult{4});
        QCOMPARE(QByteArray(buffer, 4), QByteArray("pong"));

        // The peer closes: readable, and the read says end of stream.
        peer->close();
        QVERIFY((waitFor(client.socket, sys::kPollIn | sys::kPollHup) & (sys::kPollIn | sys::kPollHup)) != 0);
        QCOMPARE(sys::recv(client.socket, buffer, sizeof buffer), sys::IoResult{0});
    }

    void serveAcceptAndReset()
    {
        // The serving half, end to end on loopback: a listener, an accepted connection, bytes both
        // ways, then an abortive close the client sees as a reset.
        const SocketAddress any = SocketAddress::loopback(false, 0);
        int err = 0;
        RawClient listener;
        listener.socket = sys::openSocket(any.family(), sys::SocketType::Stream, err);
        QVERIFY2(listener.socket != sys::kInvalidSocket, sys::errorText(err).c_str());
        QCOMPARE(sys::bind(listener.socket, any), 0);
        QCOMPARE(sys::listen(listener.socket), 0);
        const std::uint16_t port = sys::localPort(listener.socket);
        QVERIFY(port != 0);
        RawClient accepted;
        accepted.socket = sys::accept(listener.socket, err);
        QVERIFY(accepted.socket == sys::kInvalidSocket && sys::retryable(err)); // none pending yet

        RawClient client;
        client.socket = sys::openTcp(any.family(), err);
        QVERIFY2(client.socket != sys::kInvalidSocket, sys::errorText(err).c_str());
        const int started = sys::connect(client.socket, SocketAddress::loopback(false, port));
        QVERIFY2(started == 0 || started == EINPROGRESS, sys::errorText(started).c_str());
        QVERIFY((waitFor(listener.socket, sys::kPollIn) & sys::kPollIn) != 0);
        accepted.socket = sys::accept(listener.socket, err);
        QVERIFY2(accepted.socket != sys::kInvalidSocket, sys::errorText(err).c_str());
        QCOMPARE(sys::peerPort(accepted.socket), sys::localPort(client.socket));
        QVERIFY((waitFor(client.socket, sys::kPollOut) & sys::kPollOut) != 0);
        QCOMPARE(sys::pendingError(client.socket), 0);

        char buffer[8] = {};
        // The accepted socket is non-blocking: nothing to read yet is "try again", not a wait.
        const sys::IoResult nothing = sys::recv(accepted.socket, buffer, sizeof buffer);
        QVERIFY2(nothing < 0 && sys::retryable(static_cast<int>(-nothing)),
                 QByteArray::number(nothing).constData());
        QCOMPARE(sys::send(client.socket, "hi", 2), sys::IoResult{2});
        QVERIFY((waitFor(accepted.socket, sys::kPollIn) & sys::kPollIn) != 0);
        QCOMPARE(sys::recv(accepted.socket, buffer, sizeof buffer), sys::IoResult{2});

        sys::closeWithReset(std::exchange(accepted.socket, sys::kInvalidSocket));
        QVERIFY(waitFor(client.socket, sys::kPollIn) != 0);
        const sys::IoResult reset = sys::recv(client.socket, buffer, sizeof buffer);
        if (reset == 0 && poolscope::test::runningUnderWine())
            qInfo("Wine reports the reset as end of stream (Windows and Linux: ECONNRESET)");
        else
            QCOMPARE(reset, -sys::IoResult{ECONNRESET});
    }

    void datagrams()
    {
        const SocketAddress any = SocketAddress::loopback(false, 0);
        int err = 0;
        RawClient a;
        RawClient b;
        a.socket = sys::openSocket(any.family(), sys::SocketType::Datagram, err);
        b.socket = sys::openSocket(any.family(), sys::SocketType::Datagram, err);
        QVERIFY2(a.socket != sys::kInvalidSocket && b.socket != sys::kInvalidSocket,
                 sys::errorText(err).c_str());
        QCOMPARE(sys::bind(a.socket, any), 0);
        QCOMPARE(sys::bind(b.socket, any), 0);
        const SocketAddress toB = SocketAddress::loopback(false, sys::localPort(b.socket));
        QCOMPARE(sys::sendTo(a.socket, "0123456789", 10, toB), sys::IoResult{10});
        QCOMPARE(sys::sendTo(a.socket, "xy", 2, toB), sys::IoResult{2});
        QVERIFY((waitFor(b.socket, sys::kPollIn) & sys::kPollIn) != 0);

        // A datagram longer than the buffer is cut, and its rest dropped, on every platform.
        char buffer[16] = {};
        SocketAddress from;
        QCOMPARE(sys::recvFrom(b.socket, buffer, 4, from), sys::IoResult{4});
        QCOMPARE(QByteArray(buffer, 4), QByteArray("0123"));
        QCOMPARE(from.port(), sys::localPort(a.socket));
        QVERIFY((waitFor(b.socket, sys::kPollIn) & sys::kPollIn) != 0);
        QCOMPARE(sys::recvFrom(b.socket, buffer, sizeof buffer, from), sys::IoResult{2});
        QCOMPARE(QByteArray(buffer, 2), QByteArray("xy"));
        const sys::IoResult none = sys::recvFrom(b.socket, buffer, sizeof buffer, from);
        QVERIFY2(none < 0 && sys::retryable(static_cast<int>(-none)), QByteArray::number(none).constData());
    }

    void wakerWakesAPoll()
    {
        sys::Waker waker;
        QCOMPARE(waker.error(), 0);
        sys::PollEntry entry{waker.pollable(), sys::kPollIn, 0};
        QCOMPARE(sys::poll(&entry, 1, 0), 0);
        // Signals coalesce; one drain takes them all.
        for (int i = 0; i < 3; ++i)
            waker.signal();
        QVERIFY((waitFor(waker.pollable(), sys::kPollIn) & sys::kPollIn) != 0);
        waker.drain();
        QCOMPARE(sys::poll(&entry, 1, 0), 0);

        // From another thread, into a wait that would otherwise last 10 s.
        QElapsedTimer timer;
        timer.start();
        std::thread signaller([&waker] {
            std::this_thread::sleep_for(50ms);
            waker.signal();
        });
        const int ready = sys::poll(&entry, 1, 10000);
        signaller.join();
        QCOMPARE(ready, 1);
        QVERIFY2(timer.elapsed() < 5000, QByteArray::number(timer.elapsed()).constData());
        waker.drain();
    }

    void refusedConnectIsReported()
    {
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            port = closed.serverPort();
        }
        auto pool = ConnectionPool::create(quickParams());
        QVERIFY(pool.ok());
        auto lease = pool.value().dial(plainRequest(QStringLiteral("127.0.0.1"), port));
        QVERIFY(!lease.ok());
        QCOMPARE(lease.error().code, ErrorCode::ConnectionRefused);
        QCOMPARE(lease.error().systemError, ECONNREFUSED);
        QVERIFY2(QString::fromStdString(lease.error().message)
                     .contains(QLatin1String("refused"), Qt::CaseInsensitive),
                 lease.error().message.c_str());
    }

    void poolReusesAndRetiresConnections_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("ipv6");
        QTest::newRow("v4 literal") << "127.0.0.1" << false;
        QTest::newRow("v6 literal") << "::1" << true;
    }
    void poolReusesAndRetiresConnections()
    {
        QFETCH(QString, host);
        QFETCH(bool, ipv6);
        QTcpServer server;
        if (!server.listen(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost))
            QSKIP("this machine has no loopback address of that family");
        auto created = ConnectionPool::create(quickParams());
        QVERIFY(created.ok());
        ConnectionPool& pool = created.value();
        const DialRequest request = plainRequest(host, server.serverPort());

        ConnectionId firstId = 0;
        std::unique_ptr<QTcpSocket> peer;
        {
            auto lease = pool.dial(request);
            QVERIFY2(lease.ok(), lease.ok() ? "" : lease.error().message.c_str());
            QVERIFY(!lease.value().reused());
            firstId = lease.value().id();
            peer = acceptOne(server);
            QVERIFY(peer);
            QVERIFY(lease.value().writeAll("GET", 5000ms).ok());
            QCOMPARE(readExactly(*peer, 3), QByteArray("GET"));
            QCOMPARE(peer->write("OK!"), qint64{3});
            QVERIFY(peer->waitForBytesWritten(5000));
            char buffer[8] = {};
            std::size_t got = 0;
            for (int round = 0; round < 10 && got < 3; ++round) {
                auto n = lease.value().readSome(buffer + got, 3 - got, 5000ms);
                QVERIFY2(n.ok(), n.ok() ? "" : n.error().message.c_str());
                QVERIFY(n.value() > 0);
                got += n.value();
            }
            QCOMPARE(QByteArray(buffer, 3), QByteArray("OK!"));
        } // the lease returns the connection

        sys::Socket idleSocket = sys::kInvalidSocket;
        {
            auto again = pool.dial(request);
            QVERIFY(again.ok());
            QVERIFY(again.value().reused());
            QCOMPARE(again.value().id(), firstId);
            idleSocket = again.value().nativeSocket();
        }

        // The server closes the idle connection: the liveness check catches it, and the next dial
        // gets a fresh connection instead of a dead one.
        peer->close();
        peer.reset();
        QCOMPARE(pool.stats().idle, 1);
        // Wait until the FIN has arrived (the pool still owns the socket; polling it changes nothing).
        QVERIFY((waitFor(idleSocket, sys::kPollIn | sys::kPollHup) & (sys::kPollIn | sys::kPollHup)) != 0);
        auto fresh = pool.dial(request);
        QVERIFY(fresh.ok());
        QVERIFY(!fresh.value().reused());
        QVERIFY(fresh.value().id() != firstId);
        QCOMPARE(pool.stats().staleDetected, std::uint64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestEnginePlatform)
#include "tst_engine_platform.moc"
