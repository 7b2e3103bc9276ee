// Handshake capture through the service: off by default, switched on from the test (UI) thread,
// the transcript of a new TLS connection arrives in a published snapshot, and a failed dial's
// DialFailed event carries the transcript with its alert.
#include "service_test_support.h"

#include <QTest>
#include <algorithm>

using namespace poolscope;
using namespace poolscope::test;
using namespace std::chrono_literals;
using Kind = ServiceEvent::Kind;
using lab::ServerKind;

class TestServiceHandshakeCapture : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(startLab()); }
    void cleanupTestCase() { stopLab(); }

    void captureReachesSnapshotsAndEvents()
    {
        FdGuard guard;
        {
            auto owner = start();
            QVERIFY(owner);
            PoolService* service = owner->service();
            Collector collector(service);
            QVERIFY(!service->handshakeCapture());

            // Off: the connection is listed, without a transcript.
            const Lease before = take(service, request(ServerKind::Https, QStringLiteral("before")));
            QVERIFY(before.id != 0);
            QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) { return c.id == before.id; }));
            QVERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
                return c.id == before.id && c.tlsDetails.handshake.empty();
            }));

            // On, from this thread: the next handshake's transcript is in a published snapshot.
            service->setHandshakeCapture(true);
            QVERIFY(service->handshakeCapture());
            const Lease after = take(service, request(ServerKind::Https, QStringLiteral("after")));
            QVERIFY(after.id != 0);
            QTRY_VERIFY(anyConnection(service, [&](const ConnectionInfo& c) {
                return c.id == after.id && c.tlsDetails.handshake.received(HandshakeType::Certificate) &&
                       c.tlsDetails.handshake.sent(HandshakeType::Finished);
            }));

            // A failed dial: DialFailed carries the transcript, ending with the alert the client sent.
            auto failed = service->acquire(request(ServerKind::Expired));
            SERVICE_AWAIT(failed, 10'000);
            QCOMPARE(failureOf(failed)->code(), ErrorCode::HandshakeFailed);
            QTRY_COMPARE(collector.count(Kind::DialFailed), 1);
            const ServiceEvent event = collector.ofKind(Kind::DialFailed).front();
            QVERIFY(event.handshake);
            const HandshakeMessage* alert = event.handshake->firstAlert();
            QVERIFY(alert);
            QVERIFY(alert->direction == HandshakeDirection::Sent);
            QCOMPARE(describeAlert(alert->alertDescription), std::string_view("certificate_expired"));

            // Off again: a failed dial's event carries nothing. (One DialFailed per failed
            // acquire: the service does not retry a dial that failed.)
            service->setHandshakeCapture(false);
            auto failedAgain = service->acquire(request(ServerKind::Expired));
            SERVICE_AWAIT(failedAgain, 10'000);
            QTRY_COMPARE(collector.count(Kind::DialFailed), 2);
            QVERIFY(!collector.ofKind(Kind::DialFailed).at(1).handshake);

            (void)service->release(before.id);
            (void)service->release(after.id);
        }
        QCOMPARE(guard.settledLeak(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServiceHandshakeCapture)
#include "tst_service_handshake_capture.moc"
