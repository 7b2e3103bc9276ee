#pragma once
// AttachedSource: another process's published pool (PoolPublisher, docs/ATTACH_PROTOCOL.md) as a
// MonitorSource. It reads the publisher's frames from a local socket, checks their order and turns
// them into the same snapshots and events a live or replayed pool gives, so every view works on it.
//
// Status: Detached until attach(); Connecting until the app's hello; Attached while frames flow;
// Lost when the app goes away, closes the connection or sends something that is not the protocol
// (statusText() says which). What was shown stays visible when Lost; reattach() connects again, and
// with setAutoReattach(true) that is tried every kRetryInterval, at most kMaxRetries times, finding
// the app again by pid or, when it restarted, by name.
//
// Actions: capabilities() has Record while attached (recording happens here, from what arrives:
// ServiceRecorder on this source), and Close and Shutdown only when the app allowed them too. The request*()
// calls send a command and return its id, or -1 (sending nothing) when it is not allowed; commandFinished()
// brings the app's answer, or a failure when the connection goes first. Nothing here waits on the
// socket: no waitFor*() anywhere.
//
// Threads: as every MonitorSource, it lives on, is called from and emits on the thread that created
// it (the GUI thread). The connection itself is on a reader thread of its own, one per connection:
// the socket, reading, decoding (a snapshot of 10,000 connections is megabytes of JSON) and turning
// what arrives into PoolSnapshot / ServiceEvent happen there, and only finished values come back,
// queued, in the order they arrived. Bounded: of the snapshots not delivered yet only the newest is
// kept (and the first after a reset(), so that its snapshot still comes before any event); events
// are all kept, and when kMaxPendingEvents wait, the reader stops reading, the app's publisher
// skips messages for this monitor and reports it (a gap: reset()). detach(), reattach() and the destructor
// stop the reader thread and wait for it: at most the frame it is decoding (a deleted source's results are
// never delivered). Results of a connection already replaced or closed are dropped.

#include "poolscope/attach/inspectable_apps.h"
#include "poolscope/service/monitor_source.h"
#include "poolscope/trace/attach_protocol.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

class QThread;

namespace poolscope {

namespace detail {
class AttachReader;
class AttachMailbox;
} // namespace detail

/// Another process's published pool as a MonitorSource (see the top of this header). GUI-thread
/// object: every member is called on the thread that created it.
class AttachedSource : public MonitorSource
{
    Q_OBJECT
public:
    /// Where the connection to the app stands.
    enum class Status
    {
        Detached,   ///< not attached to anything (before attach(), after detach())
        Connecting, ///< connecting, or waiting for the app's hello
        Attached,   ///< the app's pool is shown live
        Lost,       ///< the app went away or broke the protocol; its last state stays shown
    };
    Q_ENUM(Status)

    /// With setAutoReattach(true): the pause between two reattach() attempts while Lost.
    static constexpr std::chrono::milliseconds kRetryInterval{2000};
    /// With setAutoReattach(true): attempts before it gives up (a minute at kRetryInterval).
    static constexpr int kMaxRetries = 30;
    /// A frame (one snapshot of a big pool) may be this long; longer ones drop the connection.
    static constexpr std::size_t kMaxFrameBytes = trace::attach::kDefaultMaxFrameBytes;
    /// Events decoded but not delivered yet (this thread is busy) before the reader stops reading.
    static constexpr qsizetype kMaxPendingEvents = 50'000;

    /// Detached; call attach().
    explicit AttachedSource(QObject* parent = nullptr);
    ~AttachedSource() override;

    /// Connects to a published app (from listInspectableApps()/findInspectableApp()).
    void attach(const InspectableApp& app);
    /// Connects to a publisher's local server name (PoolPublisher::serverName()).
    void attach(const QString& serverName);
    /// Closes the connection; the last state stays shown. Status Detached.
    void detach();
    /// Connects again to the same app (found again by pid or name when its server is gone).
    void reattach();
    /// While Lost, try reattach() every kRetryInterval (at most kMaxRetries times). Off by default.
    void setAutoReattach(bool on);
    /// Whether setAutoReattach(true) is in effect.
    [[nodiscard]] bool autoReattach() const { return m_autoReattach; }

    /// The connection's status now (statusChanged() on every change).
    [[nodiscard]] Status status() const { return m_status; }
    /// Why the status is what it is ("the app exited", "protocol error: …"); empty when Attached.
    [[nodiscard]] QString statusText() const { return m_statusText; }
    /// The app as found or as its hello described it (name, pid, allowed actions).
    [[nodiscard]] InspectableApp app() const { return m_app; }
    /// The app's hello allowed `action` (false before a hello on the current connection).
    [[nodiscard]] bool allows(trace::attach::Action action) const;

    /// Commands to the app: the command's id, or -1 (nothing sent) when not attached or not allowed.
    /// Closes the connections `ids` at once (-1 as well when `ids` is empty).
    qint64 requestForceClose(const QList<ConnectionId>& ids);
    /// Closes every idle connection.
    qint64 requestCloseIdle();
    /// Shuts the pool down (ShutdownMode): `forced` closes every socket now, else leases are waited for.
    qint64 requestShutdown(bool forced);
    /// Lets a shut-down pool dial again.
    qint64 requestReopen();

    [[nodiscard]] Kind kind() const override { return Kind::Attached; }
    /// The app's name (its pid when it has none).
    [[nodiscard]] QString name() const override;
    [[nodiscard]] Capabilities capabilities() const override;
    [[nodiscard]] SnapshotPtr latestSnapshot() const override { return m_latest; }
    /// The app's clock as of its last snapshot, advanced by the time passed here since.
    [[nodiscard]] Clock::time_point now() const override;
    [[nodiscard]] QDateTime wallTime() const override;

Q_SIGNALS:
    /// The status or its statusText() changed.
    void statusChanged(poolscope::AttachedSource::Status status);
    /// The app's answer to command `id` (or the connection went before it answered).
    void commandFinished(qint64 id, bool ok, const QString& error);

private:
    void connectTo(const QString& serverName);
    /// Starts a reader thread on `serverName` for the current generation.
    void startReader(const QString& serverName);
    /// Stops the reader thread and waits for it; what it sent and was not taken yet is dropped.
    void stopReader();
    /// Takes what the reader of `generation` handed over and acts on it, in order.
    void drain(quint64 generation);
    void handleHello(const QString& app, qint64 pid, const std::vector<trace::attach::Action>& allowed);
    void handleSnapshot(SnapshotPtr snapshot);
    /// Drops the connection: status Lost with `why`, pending commands fail.
    void lose(const QString& why);
    void failPending(const QString& why);
    void setStatus(Status status, const QString& text);
    qint64 send(trace::attach::Command command);
    void retry();

    std::unique_ptr<QThread> m_thread;        ///< the connection's reader thread, while connected
    detail::AttachReader* m_reader = nullptr; ///< lives on m_thread (deleted there when it ends)
    std::shared_ptr<detail::AttachMailbox> m_mailbox;
    std::atomic<quint64> m_sequence{0}; ///< numbers snapshots across connections (the readers count)
    InspectableApp m_app;
    QString m_serverName;
    Status m_status = Status::Detached;
    QString m_statusText;
    std::vector<trace::attach::Action> m_allowed;
    quint64 m_generation = 0; ///< +1 per connection closed: results of an earlier one are dropped
    qint64 m_frozenNs = 0;    ///< now() stops where it was when the app went
    SnapshotPtr m_latest;
    QElapsedTimer m_sinceSnapshot;
    qint64 m_nextCommand = 0;
    QSet<qint64> m_pending;
    bool m_autoReattach = false;
    int m_retries = 0;
    QTimer m_retryTimer;
};

} // namespace poolscope
