#include "lab/demo_driver.h"

#include "lab/lab_requests.h"
#include "util/future_utils.h"
#include "util/logging.h"

#include <QRandomGenerator>

namespace poolscope::ui {

namespace {

using std::chrono::milliseconds;
using Kind = lab::ServerKind;

int between(int low, int high)
{
    return static_cast<int>(QRandomGenerator::global()->bounded(low, high + 1));
}

} // namespace

DemoDriver::DemoDriver(PoolService* service, const lab::Lab* lab, QObject* parent)
    : QObject(parent), m_service(service), m_lab(lab)
{
    m_timer.setInterval(milliseconds(150));
    connect(&m_timer, &QTimer::timeout, this, &DemoDriver::step);
}

void DemoDriver::setRunning(bool on)
{
    if (on == isRunning() || (on && !m_lab))
        return;
    if (on) {
        m_timer.start();
        step(); // alive from the first moment
    } else {
        m_timer.stop(); // connections still held are returned when their hold ends
    }
    qCDebug(lcDemo) << "demo" << (on ? "started" : "stopped");
    Q_EMIT runningChanged(on);
}

void DemoDriver::step()
{
    if (m_held + m_inFlight >= m_maxHeld)
        return;
    // Weighted choice: mostly healthy traffic, now and then one failure.
    const int roll = between(1, 100);
    Scenario scenario = Scenario::Browse;
    if (roll <= 30)
        scenario = Scenario::Browse;
    else if (roll <= 62)
        scenario = Scenario::Api;
    else if (roll <= 74)
        scenario = Scenario::Echo;
    else if (roll <= 79)
        scenario = Scenario::CloseAfterUse;
    else if (roll <= 84)
        scenario = Scenario::IdleCloser;
    else if (roll <= 92)
        scenario = Scenario::Tls12;
    else
        scenario = Scenario::Failure;
    run(scenario);
}

void DemoDriver::run(Scenario scenario)
{
    switch (scenario) {
    case Scenario::Browse:
        session(Kind::Https, true, between(400, 2500), false, tr("demo browser"));
        break;
    case Scenario::Api:
        session(Kind::Http, true, between(100, 900), false, tr("demo api"));
        break;
    case Scenario::Echo:
        session(Kind::Echo, false, between(200, 1500), false, tr("demo echo"));
        break;
    case Scenario::CloseAfterUse:
        session(Kind::Http, true, between(200, 800), true, tr("demo one-shot"));
        break;
    case Scenario::IdleCloser:
        // Returned, then wanted again after the server closed it: the pool finds it stale.
        session(Kind::IdleCloser, false, between(100, 300), false, tr("demo idle-closer"));
        QTimer::singleShot(milliseconds(900), this, [this] {
            if (isRunning())
                session(Kind::IdleCloser, false, between(100, 300), false, tr("demo idle-closer"));
        });
        break;
    case Scenario::Tls12:
        session(Kind::Tls12Only, true, between(200, 1200), false, tr("demo tls1.2"));
        break;
    case Scenario::Failure:
        runFailure();
        break;
    }
}

void DemoDriver::runFailure()
{
    static constexpr Kind kFailures[] = {Kind::Untrusted, Kind::Expired,        Kind::WrongHost,
                                         Kind::LegacyTls, Kind::PlainOnTlsPort, Kind::Resetter,
                                         Kind::Refused,   Kind::Silent};
    const Kind kind = kFailures[static_cast<std::size_t>(m_failureTurn++) % std::size(kFailures)];
    const milliseconds timeout = kind == Kind::Silent ? milliseconds(1'500) : milliseconds(4'000);
    session(kind, false, 200, false, tr("demo failure"), timeout);
}

void DemoDriver::session(lab::ServerKind kind, bool probe, int holdMs, bool closeAtEnd, const QString& label,
                         milliseconds timeout)
{
    if (!m_lab)
        return;
    const AcquireRequest request = labAcquireRequest(*m_lab, kind, timeout, label);
    ++m_stats.started;
    ++m_inFlight;
    whenDone(
        m_service->acquire(request), this,
        [this, probe, holdMs, closeAtEnd](const Lease& lease) {
            --m_inFlight;
            ++m_held;
            ++m_stats.acquired;
            const ConnectionId id = lease.id;
            if (probe) {
                ++m_stats.probes;
                whenDone(
                    m_service->probe(id), this,
                    [this, id, holdMs, closeAtEnd](const ProbeResult& result) {
                        if (result.serverClosed) { // the server ended it; nothing to return
                            --m_held;
                            return;
                        }
                        QTimer::singleShot(milliseconds(holdMs), this,
                                           [this, id, closeAtEnd] { finish(id, closeAtEnd); });
                    },
                    [this, id](const QString& why, ErrorCode) {
                        qCDebug(lcDemo) << "probe failed:" << why;
                        finish(id, true);
                    });
            } else {
                QTimer::singleShot(milliseconds(holdMs), this,
                                   [this, id, closeAtEnd] { finish(id, closeAtEnd); });
            }
        },
        [this](const QString& why, ErrorCode) {
            --m_inFlight;
            ++m_stats.failed;
            qCDebug(lcDemo) << "dial failed:" << why;
        });
}

void DemoDriver::finish(ConnectionId id, bool close)
{
    --m_held;
    if (close) {
        ++m_stats.closed;
        whenDone(
            m_service->close({id}), this, [] {}, [](const QString&, ErrorCode) {});
    } else {
        ++m_stats.returned;
        // InvalidHandle is fine here: the user may have returned or closed it from the window.
        whenDone(
            m_service->release(id), this, [] {}, [](const QString&, ErrorCode) {});
    }
}

} // namespace poolscope::ui
