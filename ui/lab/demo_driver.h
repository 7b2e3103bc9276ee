#pragma once
// Demo mode: steady traffic against the lab so the window is alive from the first second —
// dials that are used (HTTP probes) and returned, connections held for a while, reuse, keep-alive
// expiry, stale detection (idle-closer), and now and then one failure of each kind (untrusted,
// expired and wrong-host certificates, legacy TLS, plain on a TLS port, reset, refused, silent).

#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"

#include <QObject>
#include <QTimer>
#include <chrono>

namespace poolscope::ui {

class DemoDriver : public QObject
{
    Q_OBJECT
public:
    struct Stats
    {
        quint64 started = 0; ///< acquires started
        quint64 acquired = 0;
        quint64 failed = 0;
        quint64 probes = 0;
        quint64 returned = 0;
        quint64 closed = 0;
    };

    DemoDriver(PoolService* service, const lab::Lab* lab, QObject* parent = nullptr);

    void setRunning(bool on);
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }
    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    /// The most connections the demo holds (in use) at once.
    void setMaxHeld(int max) { m_maxHeld = max; }
    [[nodiscard]] Stats stats() const { return m_stats; }
    [[nodiscard]] int held() const { return m_held; }

Q_SIGNALS:
    void runningChanged(bool running);

private:
    enum class Scenario
    {
        Browse,
        Api,
        Echo,
        CloseAfterUse,
        IdleCloser,
        Tls12,
        Failure
    };
    void step();
    void run(Scenario scenario);
    void runFailure();
    /// Acquire `kind`; on success probe (if `probe`), hold `holdMs`, then return or close it.
    void session(lab::ServerKind kind, bool probe, int holdMs, bool closeAtEnd, const QString& label,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(4'000));
    void finish(ConnectionId id, bool close);

    PoolService* m_service;
    const lab::Lab* m_lab;
    QTimer m_timer;
    Stats m_stats;
    int m_held = 0;
    int m_inFlight = 0;
    int m_maxHeld = 12;
    int m_failureTurn = 0;
};

} // namespace poolscope::ui
