// The connection lifecycle as a pure state machine: every (state, trigger) pair, no sockets.
#include "poolscope/connection_state.h"
#include "poolscope/pool_types.h"
#include "qtest_printers.h"

#include <QtTest>

using poolscope::ConnectionLifecycle;
using poolscope::ConnectionState;
using poolscope::ConnectionTrigger;

Q_DECLARE_METATYPE(poolscope::ConnectionState)
Q_DECLARE_METATYPE(poolscope::ConnectionTrigger)

namespace {
constexpr ConnectionState kStates[] = {ConnectionState::Free,       ConnectionState::Resolving,
                                       ConnectionState::Connecting, ConnectionState::Handshaking,
                                       ConnectionState::Idle,       ConnectionState::InUse,
                                       ConnectionState::Closing};
constexpr ConnectionTrigger kTriggers[] = {ConnectionTrigger::DialStarted,    ConnectionTrigger::Resolved,
                                           ConnectionTrigger::Connected,      ConnectionTrigger::TlsStarted,
                                           ConnectionTrigger::HandshakeDone,  ConnectionTrigger::Acquired,
                                           ConnectionTrigger::Released,       ConnectionTrigger::Failed,
                                           ConnectionTrigger::CloseRequested, ConnectionTrigger::Closed};

// The legal transitions, written out independently of the implementation's switch.
struct Edge
{
    ConnectionState from;
    ConnectionTrigger trigger;
    ConnectionState to;
};
constexpr Edge kLegal[] = {
    {ConnectionState::Free, ConnectionTrigger::DialStarted, ConnectionState::Resolving},
    {ConnectionState::Resolving, ConnectionTrigger::Resolved, ConnectionState::Connecting},
    {ConnectionState::Connecting, ConnectionTrigger::Connected, ConnectionState::InUse},
    {ConnectionState::Connecting, ConnectionTrigger::TlsStarted, ConnectionState::Handshaking},
    {ConnectionState::InUse, ConnectionTrigger::TlsStarted, ConnectionState::Handshaking},
    {ConnectionState::Handshaking, ConnectionTrigger::HandshakeDone, ConnectionState::InUse},
    {ConnectionState::Idle, ConnectionTrigger::Acquired, ConnectionState::InUse},
    {ConnectionState::InUse, ConnectionTrigger::Released, ConnectionState::Idle},
    {ConnectionState::Resolving, ConnectionTrigger::Failed, ConnectionState::Closing},
    {ConnectionState::Connecting, ConnectionTrigger::Failed, ConnectionState::Closing},
    {ConnectionState::Handshaking, ConnectionTrigger::Failed, ConnectionState::Closing},
    {ConnectionState::Idle, ConnectionTrigger::Failed, ConnectionState::Closing},
    {ConnectionState::InUse, ConnectionTrigger::Failed, ConnectionState::Closing},
    {ConnectionState::Resolving, ConnectionTrigger::CloseRequested, ConnectionState::Closing},
    {ConnectionState::Connecting, ConnectionTrigger::CloseRequested, ConnectionState::Closing},
    {ConnectionState::Handshaking, ConnectionTrigger::CloseRequested, ConnectionState::Closing},
    {ConnectionState::Idle, ConnectionTrigger::CloseRequested, ConnectionState::Closing},
    {ConnectionState::InUse, ConnectionTrigger::CloseRequested, ConnectionState::Closing},
    {ConnectionState::Closing, ConnectionTrigger::Closed, ConnectionState::Free},
};
} // namespace

class TestEngineStateMachine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyPair_data()
    {
        QTest::addColumn<ConnectionState>("from");
        QTest::addColumn<ConnectionTrigger>("trigger");
        QTest::addColumn<bool>("legal");
        QTest::addColumn<ConnectionState>("to");
        for (auto from : kStates) {
            for (auto trigger : kTriggers) {
                bool legal = false;
                ConnectionState to = from;
                for (const auto& e : kLegal) {
                    if (e.from == from && e.trigger == trigger) {
                        legal = true;
                        to = e.to;
                    }
                }
                const QByteArray name = QByteArray(poolscope::describe(from).data()) + " + " +
                                        QByteArray(poolscope::describe(trigger).data());
                QTest::newRow(name.constData()) << from << trigger << legal << to;
            }
        }
    }
    void everyPair()
    {
        QFETCH(ConnectionState, from);
        QFETCH(ConnectionTrigger, trigger);
        QFETCH(bool, legal);
        QFETCH(ConnectionState, to);
        const auto next = poolscope::nextState(from, trigger);
        QCOMPARE(next.has_value(), legal);
        if (legal)
            QCOMPARE(*next, to);
    }

    void lifecycleKeepsStateOnIllegalTrigger()
    {
        ConnectionLifecycle life;
        QVERIFY(!life.apply(ConnectionTrigger::Released));
        QCOMPARE(life.state(), ConnectionState::Free);
        QVERIFY(life.apply(ConnectionTrigger::DialStarted));
        QVERIFY(!life.apply(ConnectionTrigger::Acquired));
        QCOMPARE(life.state(), ConnectionState::Resolving);
    }

    void fullTlsLifecycle()
    {
        ConnectionLifecycle life;
        const ConnectionTrigger path[] = {ConnectionTrigger::DialStarted, ConnectionTrigger::Resolved,
                                          ConnectionTrigger::TlsStarted};
        for (auto t : path)
            QVERIFY(life.apply(t));
        QVERIFY(life.isDialing()); // an initial handshake is still part of the dial
        QVERIFY(life.apply(ConnectionTrigger::HandshakeDone));
        life.markEstablished();
        QVERIFY(!life.isDialing());
        QVERIFY(life.apply(ConnectionTrigger::Released));
        QVERIFY(life.apply(ConnectionTrigger::Acquired));
        QVERIFY(life.apply(ConnectionTrigger::CloseRequested));
        QVERIFY(life.apply(ConnectionTrigger::Closed));
        QCOMPARE(life.state(), ConnectionState::Free);
    }

    void startTlsUpgradeIsNotADial()
    {
        ConnectionLifecycle life;
        for (auto t :
             {ConnectionTrigger::DialStarted, ConnectionTrigger::Resolved, ConnectionTrigger::Connected})
            QVERIFY(life.apply(t));
        life.markEstablished();
        QVERIFY(life.apply(ConnectionTrigger::TlsStarted));
        QCOMPARE(life.state(), ConnectionState::Handshaking);
        QVERIFY(!life.isDialing());
        life.reset();
        QCOMPARE(life.state(), ConnectionState::Free);
        QVERIFY(!life.isDialing());
    }

    void everyStateHasNameAndExplanation()
    {
        for (auto s : kStates) {
            QVERIFY(!poolscope::describe(s).empty());
            QVERIFY(poolscope::explain(s).size() > 20);
        }
    }
};

QTEST_APPLESS_MAIN(TestEngineStateMachine)
#include "tst_engine_state_machine.moc"
