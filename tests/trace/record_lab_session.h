#pragma once
// A short real session recorded to a trace file, for the replay tests: a plain connection dialled,
// returned and reused (still held at the end), a TLS connection force-closed, and a TLS dial that
// fails on the lab's expired certificate. Uses QVERIFY: check QTest::currentTestFailed() after.

#include "poolscope/service/service_recorder.h"
#include "service_test_support.h"

namespace poolscope::test {

struct RecordedSession
{
    SnapshotPtr last;        ///< the service's snapshot when recording stopped
    quint64 events = 0;      ///< event records written
    quint64 logLines = 0;    ///< of those, the lines a monitor's event log lists (a failed dial is one)
    ConnectionId held = 0;   ///< the reused connection, in use at the end
    ConnectionId closed = 0; ///< the force-closed TLS connection
};

inline void recordLabSession(const lab::Lab& lab, const QString& path, RecordedSession& out)
{
    using namespace std::chrono_literals;
    auto owner = startService(labOptions(lab));
    QVERIFY(owner);
    PoolService* service = owner->service();
    ServiceRecorder recorder(service, path, 100ms, QStringLiteral("replay test"));
    QVERIFY2(recorder.isRecording(), qPrintable(recorder.error()));
    Collector collector(service);

    const Lease first = takeLease(service, labRequest(lab, lab::ServerKind::Http, QStringLiteral("first")));
    QVERIFY(first.id != 0);
    auto back = service->release(first.id);
    SERVICE_AWAIT(back, 5'000 * timeScale());
    // Each step's change reaches the trace before the next (the recorder holds one back for at most
    // its interval), so the replay has snapshots to seek between whatever the machine's speed.
    QTRY_VERIFY(recorder.counts().snapshots >= 2);
    const Lease reuse = takeLease(service, labRequest(lab, lab::ServerKind::Http, QStringLiteral("reuse")));
    QCOMPARE(reuse.id, first.id);
    {
        // Force-closed while held; the connection is gone once the last copy of its lease is.
        const Lease tls = takeLease(service, labRequest(lab, lab::ServerKind::Https, QStringLiteral("tls")));
        QVERIFY(tls.id != 0);
        out.closed = tls.id;
        auto closed = service->forceClose({tls.id});
        SERVICE_AWAIT(closed, 5'000 * timeScale());
    }
    QTRY_VERIFY(std::any_of(collector.events.begin(), collector.events.end(), [&out](const ServiceEvent& e) {
        return e.kind == ServiceEvent::Kind::Closed && e.id == out.closed;
    }));
    QTRY_VERIFY(recorder.counts().snapshots >= 3);
    auto expired = service->acquire(labRequest(lab, lab::ServerKind::Expired, QStringLiteral("expired")));
    SERVICE_AWAIT(expired, 5'000 * timeScale());
    QVERIFY(failureOf(expired));
    QTRY_COMPARE(collector.count(ServiceEvent::Kind::DialFailed), 1);
    // The last published snapshot shows the end state: only the reused connection, in use.
    const auto endState = [&collector] {
        QStringList rows;
        if (const SnapshotPtr last = collector.last()) {
            for (const ConnectionInfo& c : last->connections)
                rows << QStringLiteral("#%1 %2").arg(c.id).arg(int(c.state));
        }
        return rows.join(QStringLiteral(", "));
    };
    QTRY_VERIFY2(collector.last() && collector.last()->connections.size() == 1 &&
                     collector.last()->connections.front().state == ConnectionState::InUse,
                 qPrintable(endState()));
    QTRY_VERIFY(recorder.counts().snapshots >= 3);
    recorder.stop();
    QVERIFY2(recorder.error().isEmpty(), qPrintable(recorder.error()));
    out.last = service->latestSnapshot();
    out.events = recorder.counts().events;
    const auto repeats =
        std::count_if(collector.events.begin(), collector.events.end(), [](const ServiceEvent& e) {
            return e.kind == ServiceEvent::Kind::Closed && e.reason == CloseReason::DialFailed;
        });
    QCOMPARE(repeats, 1); // the expired certificate's dial
    out.logLines = out.events - quint64(repeats);
    out.held = reuse.id;
}

} // namespace poolscope::test
