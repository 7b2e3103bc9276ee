#pragma once
// The soak's traffic: a driver that keeps demo-like sessions going against a PoolService and the
// lab (healthy targets, every failure kind, probes, closes, closeIdle, setParams), and the
// per-target tallies and samples the soak test checks. Used by tst_soak.cpp only.
#include "soak_support.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QHash>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <unistd.h>

namespace poolscope::soak {

/// The demo's traffic mix (ui/lab/demo_driver.cpp), against the service, with bounded concurrency.
class Driver : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxInFlight = 12; ///< outstanding acquires
    static constexpr int kMaxHeld = 10;     ///< leases held at once

    Driver(PoolService* service, const lab::Lab* lab) : m_service(service), m_lab(lab)
    {
        m_step.setInterval(40ms);
        connect(&m_step, &QTimer::timeout, this, &Driver::step);
        m_closeIdle.setInterval(17s);
        connect(&m_closeIdle, &QTimer::timeout, this, &Driver::closeIdle);
        m_params.setInterval(41s);
        connect(&m_params, &QTimer::timeout, this, &Driver::switchParams);
    }

    void start()
    {
        m_running = true;
        m_step.start();
        m_closeIdle.start();
        m_params.start();
    }
    void stop()
    {
        m_running = false;
        m_step.stop();
        m_closeIdle.stop();
        m_params.stop();
    }
    /// Nothing outstanding: no acquire, lease, probe, release/close or admin call in flight.
    [[nodiscard]] bool quiet() const { return m_inFlight == 0 && m_held == 0 && m_ops == 0; }

    std::array<TargetStats, kTargetCount> targets{};
    quint64 started = 0, acquired = 0, failed = 0, reusedLeases = 0;
    quint64 probes = 0, probeOk = 0, probeFailed = 0, probeServerClosed = 0, probeGet = 0;
    quint64 released = 0, closed = 0, releaseErrors = 0, closeErrors = 0;
    quint64 closeIdleCalls = 0, closedIdle = 0, setParamsCalls = 0, adminErrors = 0;
    std::map<ErrorCode, quint64> releaseErrorCodes;
    QStringList firstUnexpected; ///< a few messages of unexpected failures, for the log

private:
    void step()
    {
        if (!m_running || m_inFlight >= kMaxInFlight || m_held + m_inFlight >= kMaxHeld + 2)
            return;
        const int roll = between(1, 100);
        if (roll <= 28)
            session(Target::Https, true, between(100, 900), false);
        else if (roll <= 56)
            session(Target::Http, true, between(50, 500), false);
        else if (roll <= 66)
            session(Target::Echo, false, between(50, 600), false);
        else if (roll <= 71)
            session(Target::OneShot, true, between(50, 300), true);
        else if (roll <= 76) {
            // Returned, then wanted again after the server closed it: the pool finds it stale.
            session(Target::IdleCloser, false, between(50, 150), false);
            QTimer::singleShot(900ms, this, [this] {
                if (m_running)
                    session(Target::IdleCloser, false, between(50, 150), false);
            });
        } else if (roll <= 84)
            session(Target::Tls12, true, between(100, 600), false);
        else
            failure();
    }

    void failure()
    {
        static constexpr Target kFailures[] = {Target::Untrusted, Target::Expired,    Target::WrongHost,
                                               Target::LegacyTls, Target::PlainOnTls, Target::ResetterTls,
                                               Target::Refused,   Target::SilentTls,  Target::ResetterPlain};
        const Target t = kFailures[static_cast<std::size_t>(m_failureTurn++) % std::size(kFailures)];
        session(t, false, 100, false);
    }

    AcquireRequest request(Target t) const
    {
        ServerKind kind = ServerKind::Http;
        milliseconds timeout = 5s;
        bool tls = false;
        switch (t) {
        case Target::Https:
            kind = ServerKind::Https;
            break;
        case Target::Http:
        case Target::OneShot:
            kind = ServerKind::Http;
            break;
        case Target::Echo:
            kind = ServerKind::Echo;
            break;
        case Target::IdleCloser:
            kind = ServerKind::IdleCloser;
            break;
        case Target::Tls12:
            kind = ServerKind::Tls12Only;
            break;
        case Target::Untrusted:
            kind = ServerKind::Untrusted;
            timeout = 4s;
            break;
        case Target::Expired:
            kind = ServerKind::Expired;
            timeout = 4s;
            break;
        case Target::WrongHost:
            kind = ServerKind::WrongHost;
            timeout = 4s;
            break;
        case Target::LegacyTls:
            kind = ServerKind::LegacyTls;
            timeout = 4s;
            break;
        case Target::PlainOnTls:
            kind = ServerKind::PlainOnTlsPort;
            timeout = 4s;
            break;
        case Target::ResetterTls:
            kind = ServerKind::Resetter;
            timeout = 4s;
            tls = true;
            break;
        case Target::Refused:
            kind = ServerKind::Refused;
            timeout = 4s;
            break;
        // A plain dial to the silent server connects; over TLS its handshake never ends.
        case Target::SilentTls:
            kind = ServerKind::Silent;
            timeout = 1500ms;
            tls = true;
            break;
        case Target::ResetterPlain:
            kind = ServerKind::Resetter;
            timeout = 4s;
            break;
        case Target::Count:
            break;
        }
        AcquireRequest r =
            labRequest(*m_lab, kind, QStringLiteral("soak %1").arg(QLatin1String(targetName(t))), timeout);
        r.tls = r.tls || tls;
        if (r.tls) {
            r.overrideTls = true;
            r.tlsOptions = m_lab->trustingTls();
        }
        return r;
    }

    void session(Target t, bool probe, int holdMs, bool closeAtEnd)
    {
        auto& ts = targets[static_cast<std::size_t>(t)];
        ++ts.started;
        ++started;
        ++m_inFlight;
        whenDone(
            m_service->acquire(request(t)), this,
            [this, t, probe, holdMs, closeAtEnd](const Lease& lease) {
                --m_inFlight;
                ++m_held;
                ++acquired;
                ++targets[static_cast<std::size_t>(t)].ok;
                if (lease.reused)
                    ++reusedLeases;
                const ConnectionId id = lease.id;
                // Now and then a lease is closed instead of returned (the user's "close" button).
                const bool close = closeAtEnd || between(1, 100) <= 4;
                if (probe) {
                    ++probes;
                    const bool get = between(1, 100) <= 30;
                    if (get)
                        ++probeGet;
                    ++m_ops;
                    whenDone(
                        m_service->probe(id, get ? QStringLiteral("GET") : QStringLiteral("HEAD")), this,
                        [this, id, holdMs, close](const ProbeResult& result) {
                            --m_ops;
                            ++probeOk;
                            if (result.serverClosed) { // the server ended it; nothing to return
                                ++probeServerClosed;
                                --m_held;
                                return;
                            }
                            QTimer::singleShot(milliseconds(holdMs), this,
                                               [this, id, close] { finish(id, close); });
                        },
                        [this, id](ErrorCode, const QString& why) {
                            --m_ops;
                            ++probeFailed;
                            if (firstUnexpected.size() < 10)
                                firstUnexpected << QStringLiteral("probe: %1").arg(why);
                            finish(id, true);
                        });
                } else {
                    QTimer::singleShot(milliseconds(holdMs), this, [this, id, close] { finish(id, close); });
                }
            },
            [this, t](ErrorCode code, const QString& why) {
                --m_inFlight;
                ++failed;
                auto& s = targets[static_cast<std::size_t>(t)];
                ++s.failed;
                ++s.codes[code];
                if (isHealthy(t) && firstUnexpected.size() < 10)
                    firstUnexpected << QStringLiteral("%1: %2").arg(QLatin1String(targetName(t)), why);
            });
    }

    void finish(ConnectionId id, bool close)
    {
        --m_held;
        ++m_ops;
        if (close) {
            ++closed;
            whenDone(
                m_service->close({id}), this, [this] { --m_ops; },
                [this](ErrorCode code, const QString&) {
                    --m_ops;
                    ++closeErrors;
                    ++releaseErrorCodes[code];
                });
        } else {
            ++released;
            whenDone(
                m_service->release(id), this, [this] { --m_ops; },
                [this](ErrorCode code, const QString&) {
                    --m_ops;
                    ++releaseErrors;
                    ++releaseErrorCodes[code];
                });
        }
    }

    void closeIdle()
    {
        ++closeIdleCalls;
        ++m_ops;
        whenDone(
            m_service->closeIdle(), this,
            [this](int n) {
                --m_ops;
                closedIdle += static_cast<quint64>(std::max(n, 0));
            },
            [this](ErrorCode, const QString&) {
                --m_ops;
                ++adminErrors;
            });
    }

    void switchParams()
    {
        // Alternate between two valid parameter sets (DNS and TLS defaults kept).
        PoolParams p = m_service->params();
        m_altParams = !m_altParams;
        p.maxConnections = m_altParams ? 14 : 16;
        p.maxKeepAlive = m_altParams ? 2s : 3s;
        p.maxLifetime = m_altParams ? 15s : 20s;
        ++setParamsCalls;
        ++m_ops;
        whenDone(
            m_service->setParams(p), this, [this] { --m_ops; },
            [this](ErrorCode, const QString&) {
                --m_ops;
                ++adminErrors;
            });
    }

    PoolService* m_service;
    const lab::Lab* m_lab;
    QTimer m_step, m_closeIdle, m_params;
    bool m_running = false;
    bool m_altParams = false;
    int m_inFlight = 0;
    int m_held = 0;
    int m_ops = 0;
    int m_failureTurn = 0;
};

} // namespace poolscope::soak
