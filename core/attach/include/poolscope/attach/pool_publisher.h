#pragma once
// PoolPublisher: publishes a PoolService for inspection by a PoolScope monitor in another process
// (docs/ATTACH_PROTOCOL.md). Listens on an owner-only local socket (QLocalServer), announces itself
// with a discovery entry (inspectable_apps.h) and streams the trace format's records to each
// monitor: a hello, a snapshot, then events as the service reports them and a snapshot every
// snapshotInterval. Never blocks the app: a monitor that falls behind misses events (and gets a
// snapshot saying how many once it caught up); one that misbehaves is dropped. Commands are
// refused unless PublishOptions::allowed names them.
//
//   QString error;
//   if (!PoolPublisher::publish(service, {}, &error)) qWarning() << error;

#include "poolscope/service/pool_service.h"
#include "poolscope/trace/attach_protocol.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>
#include <memory>
#include <vector>

class QLocalServer;
class QLocalSocket;
class QLockFile;
class QTimer;

namespace poolscope {

/// How a PoolPublisher publishes; validate() says whether the values are in range.
struct PublishOptions
{
    QString appName; ///< default: QCoreApplication::applicationName(), else the executable name
    QString poolName = QStringLiteral("default");    ///< tells several pools of one app apart
    QList<trace::attach::Action> allowed;            ///< default empty = read-only
    std::chrono::milliseconds snapshotInterval{100}; ///< 10 Hz; valid 20 ms … 10 s
    qint64 maxBacklogBytes = qint64{1} << 20;        ///< per monitor; valid 64 KiB … 64 MiB
    int maxMonitors = 4;                             ///< valid 1 … 64
    /// A monitor must send client_hello within this; valid 100 ms … 60 s.
    std::chrono::milliseconds helloTimeout{5000};
    /// Empty when valid, else what is wrong.
    [[nodiscard]] QString validate() const;
};

/// Publishes one PoolService to monitors in other processes (see the top of this header). Every
/// member is called on the publisher's thread; it never blocks it on a monitor.
class PoolPublisher : public QObject
{
    Q_OBJECT
public:
    /// Lives on (and is used from) the thread that creates it. Nothing happens before start().
    explicit PoolPublisher(PoolService* service, PublishOptions options = {}, QObject* parent = nullptr);
    ~PoolPublisher() override; ///< stop()

    /// Listens and writes the discovery entry; false with error() when it cannot (invalid options,
    /// the pool name already published by this process, the directory or socket unavailable).
    bool start();
    /// Says bye to every monitor, closes, removes the discovery entry. Idempotent.
    void stop();
    /// Between a successful start() and stop().
    [[nodiscard]] bool isPublishing() const;
    /// Why start() failed, empty after a successful one.
    [[nodiscard]] QString error() const;
    [[nodiscard]] QString serverName() const; ///< what QLocalSocket::connectToServer takes
    [[nodiscard]] int monitorCount() const;   ///< monitors connected (said hello or not yet)

    /// What the publisher has done since it was created, summed over every monitor.
    struct Stats
    {
        quint64 monitorsAccepted = 0; ///< monitors that completed the hello
        quint64 monitorsDropped = 0;  ///< refused or dropped (too many, misbehaving, too slow to say hello)
        quint64 framesSent = 0;       ///< frames handed to monitors' sockets
        quint64 bytesSent = 0;        ///< their bytes, length prefixes included
        quint64 snapshotsSent = 0;    ///< of the frames, snapshots
        quint64 eventsDropped = 0;    ///< events not sent to a monitor that had fallen behind
        quint64 commandsRefused = 0;  ///< commands of an action PublishOptions::allowed does not name
        quint64 commandsDone = 0;     ///< commands the service carried out without error
    };
    /// A copy of the counts now.
    [[nodiscard]] Stats stats() const;

    /// One call: publishes `service` with `options`. The publisher is a child of the service when
    /// both live on the calling thread; for a service on its worker thread (PoolServiceThread) it
    /// lives on the calling thread, is deleted (deleteLater) when the service is destroyed, and is a
    /// child of the application object when that lives on the calling thread (so it goes with it
    /// when no event loop runs any more); the caller may delete it sooner. nullptr and *error when
    /// it cannot.
    static PoolPublisher* publish(PoolService* service, PublishOptions options = {},
                                  QString* error = nullptr);

Q_SIGNALS:
    /// A monitor completed the hello (it now receives snapshots and events).
    void monitorAttached();
    /// A monitor that had completed the hello left or was dropped; `reason` in words.
    void monitorDetached(const QString& reason);

private:
    struct Monitor;
    void onNewConnection();
    void onReadyRead(Monitor* monitor);
    void onBytesWritten(Monitor* monitor);
    void onEvents(const QList<ServiceEvent>& events);
    void onSnapshotTimer();
    void handleMessage(Monitor* monitor, trace::attach::Message message);
    void runCommand(Monitor* monitor, const trace::attach::Command& command);
    void reply(QLocalSocket* socket, std::int64_t id, const QString& error);
    void send(Monitor* monitor, trace::attach::Message message);
    void writeFrame(Monitor* monitor, const std::string& frame);
    void sendSnapshot(Monitor* monitor);
    bool fellBehind(Monitor* monitor); ///< backlog over maxBacklogBytes: events and snapshots stop
    void drop(Monitor* monitor, const QString& reason, bool misbehaved);
    [[nodiscard]] Monitor* monitorOf(const QLocalSocket* socket) const;
    [[nodiscard]] std::int64_t wallOffsetUs(const QDateTime& time) const;
    bool writeEntry();
    void removeEntry();

    QPointer<PoolService> m_service;
    PublishOptions m_options;
    QString m_error;
    QString m_serverName;
    QString m_entryPath;
    QString m_registryKey;
    QLocalServer* m_server = nullptr;
    QTimer* m_snapshotTimer = nullptr;
    std::unique_ptr<QLockFile> m_lock;
    std::vector<std::unique_ptr<Monitor>> m_monitors;
    trace::TraceHeader m_header;
    Clock::time_point m_origin{};
    Stats m_stats;
    /// The latest snapshot encoded once for every monitor (re-encoded when the service publishes
    /// a new one): per monitor only seq and dropped_events are appended.
    trace::attach::EncodedSnapshot m_encoded;
    quint64 m_encodedSequence = 0;
    bool m_haveEncoded = false;
    bool m_publishing = false;
};

} // namespace poolscope
