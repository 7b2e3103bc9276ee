#pragma once
// What the window's actions do to the pool, through the service only: dial (with the lab CA
// trusted for lab endpoints or when the user opts in, never otherwise), use (an HTTP probe),
// return, close, close idle, graceful / forced shutdown with the draining count, reopen and live
// settings. Every call returns at once; results come back on the GUI thread as signals.
//
// Everything goes through a MonitorSource: an action the source does not allow (a replayed trace
// allows none) is refused with a status line saying why, and never reaches a pool. On an attached
// app (AttachedSource) Close, Close idle, Shutdown and Reopen go to the app as commands when it
// allowed them; its answer comes back as a status line.

#include "poolscope/attach/attached_source.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/monitor_source.h"
#include "poolscope/service/pool_service.h"
#include "util/dial_spec.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

namespace poolscope::ui {

class PoolController : public QObject
{
    Q_OBJECT
public:
    /// `lab` may be null (--no-lab, a replay). Neither is owned; `source` must outlive this.
    PoolController(MonitorSource* source, const lab::Lab* lab, QObject* parent = nullptr);
    /// A controller of a live service (its LiveSource is owned by the controller).
    PoolController(PoolService* service, const lab::Lab* lab, QObject* parent = nullptr);

    [[nodiscard]] MonitorSource* source() const { return m_source; }
    /// Null unless the source is the live pool of this process.
    [[nodiscard]] PoolService* service() const { return m_service; }
    /// Null unless the source is another app's published pool.
    [[nodiscard]] AttachedSource* attached() const { return m_attached; }
    /// False (after a status line saying why) when the source does not allow `capability`.
    bool allowed(MonitorSource::Capability capability);
    [[nodiscard]] const lab::Lab* lab() const { return m_lab; }

    /// `spec.count` acquires. Returns how many were started (0 when the spec is invalid).
    int dial(const DialSpec& spec);
    /// One dial of a lab server, by 127.0.0.1 and its port, trusting the lab CA. A lab DNS server
    /// (dns, dns-silent) is not dialled itself: the pool's resolver becomes that server (for every
    /// dial, until Pool Settings › Resolver changes it; see labResolver()) and the dial goes to
    /// labDnsName() at the http server's port, so dns connects and dns-silent times out resolving.
    int dialLab(lab::ServerKind kind, int count = 1);
    /// The lab DNS server the pool resolves names through, or nothing (the system's resolver, or
    /// servers set some other way).
    [[nodiscard]] std::optional<lab::ServerKind> labResolver() const;
    /// The name a lab DNS server's Dial resolves: "http.lab.test".
    [[nodiscard]] static QString labDnsName();
    /// The whole-dial budget of a Dial through dns-silent: the resolve time-out it shows.
    [[nodiscard]] static std::chrono::milliseconds labDnsSilentTimeout();
    /// HTTP probe ("Use"): on a connection in use it runs at once; for an idle one the pool is
    /// asked for a connection of the same host first (it hands out an idle one when it can).
    void use(const QList<ConnectionInfo>& connections);
    void release(const QList<ConnectionId>& ids);
    void close(const QList<ConnectionId>& ids);
    void closeIdle();
    void shutdown(ShutdownMode mode);
    void reopen();
    void setParams(const PoolParams& params);

    /// The request a spec turns into (public so tests can check the TLS trust rules).
    [[nodiscard]] AcquireRequest requestFor(const DialSpec& spec) const;
    [[nodiscard]] AcquireRequest labRequest(lab::ServerKind kind) const;
    /// True when host:port is one of the lab's servers (127.0.0.1 / ::1 and a lab port).
    [[nodiscard]] bool isLabEndpoint(const QString& host, quint16 port) const;

    [[nodiscard]] int pendingDials() const { return m_pending; }
    /// From shutdown() until reopen() succeeds: dials are refused here, with a status line and a
    /// refused() event, instead of reaching the service.
    [[nodiscard]] bool isShutDown() const { return m_shutDown; }
    /// In-use count while a graceful shutdown drains (0 once drained, until reopen()).
    [[nodiscard]] std::optional<int> draining() const { return m_draining; }

Q_SIGNALS:
    /// One line for the status bar.
    void status(const QString& message);
    /// Something the user asked for failed in a way worth a dialog (bad settings).
    void failed(const QString& title, const QString& message);
    void pendingDialsChanged(int pending);
    /// -1 when no graceful shutdown is in progress or shown.
    void drainingChanged(int inUse);
    void leaseAcquired(const poolscope::Lease& lease);
    void paramsApplied(const poolscope::PoolParams& params);
    void shutdownFinished(int inUse);
    /// isShutDown() changed (the window disables its dial actions).
    void shutDownChanged(bool shutDown);
    /// Something the user asked for was refused before it reached the pool; `event` is the
    /// DialFailed event for the log (the service never saw the request, so it reports nothing).
    void refused(const poolscope::ServiceEvent& event);

private:
    /// Queues one acquire; queued acquires are issued in small batches per event-loop turn, so
    /// "Dial… 500" never blocks the window.
    void acquire(const AcquireRequest& request, const QString& what);
    void issueQueued();
    void probe(ConnectionId id, const QString& endpoint);
    void setDraining(std::optional<int> inUse);
    void setShutDown(bool shutDown);
    /// dialLab() of a lab DNS server: switches the pool's resolver to it when needed, then dials.
    int dialThroughLabDns(const lab::ServerInfo& server, int count);
    /// True (after reporting it) when the pool is shut down and `what` must not be dialled.
    bool refuseWhileShutDown(const QString& what, const QString& endpoint, const QString& label);
    /// The status line for a failed dial or use: the service's API wording for ShutDown becomes
    /// the action the user has.
    QString failureText(const QString& why, ErrorCode code) const;
    void adjustPending(int delta);
    // pool_controller_attached.cpp: the same actions as commands to an attached app
    void watchAppReplies();
    void closeOnApp(const QList<ConnectionId>& ids);
    void closeIdleOnApp();
    void shutdownOnApp(ShutdownMode mode);
    void reopenOnApp();
    /// Sends an attached app's command (`id` from an AttachedSource request, -1 when refused) and
    /// reports its answer: `done` on success, "<failed>: why" otherwise.
    void expectReply(qint64 id, std::function<void()> done, const QString& failed,
                     MonitorSource::Capability capability);

    MonitorSource* m_source;
    PoolService* m_service;
    AttachedSource* m_attached;
    QHash<qint64, std::pair<std::function<void()>, QString>>
        m_commands; ///< an attached app's pending answers
    const lab::Lab* m_lab;
    QHash<ConnectionId, AcquireRequest> m_requests;    ///< how each of our leases was asked for
    QList<std::pair<AcquireRequest, QString>> m_queue; ///< acquires not issued yet
    QTimer m_issueTimer;
    int m_pending = 0;
    std::optional<int> m_draining;
    bool m_shutDown = false;
};

} // namespace poolscope::ui
