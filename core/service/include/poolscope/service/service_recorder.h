#pragma once
// ServiceRecorder: records a PoolService, or anything a monitor shows (a MonitorSource: an attached
// app's pool), to a trace file (docs/TRACE_FORMAT.md) through the Qt-free TraceWriter. Lives on the
// thread that creates it (the GUI thread in the app) and listens to eventsReady/snapshotReady there: every
// ServiceEvent becomes an `event` record (the service's own kinds too: waiters, leaks, probes, warm-up), and
// a published snapshot becomes a `snapshot` record at most once per snapshotInterval; one that comes sooner
// is held and written when the interval ends unless a newer one replaces it, so the trace never lags the
// source by more than one interval, even when nothing changes after it. Records are encoded and buffered; the file is written in large pieces (TraceWriter), never per event. When a source says it lost
// events (reset(): an attached app dropped them for a slow monitor), the next snapshot is written whatever
// the interval, so the trace is exact again from there.
//
//   auto recorder = std::make_unique<ServiceRecorder>(service, QStringLiteral("pool.trace"));
//   if (!recorder->isRecording()) qWarning() << recorder->error();

#include "poolscope/service/monitor_source.h"
#include "poolscope/service/pool_service.h"
#include "poolscope/trace/trace_writer.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>

namespace poolscope {

/// Records a service, or any MonitorSource, to a trace file (see the top of this header).
class ServiceRecorder : public QObject
{
    Q_OBJECT
public:
    /// Creates (truncates) `path`, writes the header and the service's latest snapshot, and starts
    /// recording. `snapshotInterval` is clamped to 100 ms … 1 h. Check isRecording()/error().
    ServiceRecorder(PoolService* service, const QString& path,
                    std::chrono::milliseconds snapshotInterval = std::chrono::seconds(1),
                    const QString& writerName = QStringLiteral("PoolScope"), QObject* parent = nullptr);
    /// The same for what `source` shows (its snapshots and events, as they arrive). The trace
    /// starts at the source's now()/wallTime(), so a source showing the past (a replay) records
    /// with its own times. A source that goes away first ends the recording at stop().
    ServiceRecorder(MonitorSource* source, const QString& path,
                    std::chrono::milliseconds snapshotInterval = std::chrono::seconds(1),
                    const QString& writerName = QStringLiteral("PoolScope"), QObject* parent = nullptr);
    ~ServiceRecorder() override; ///< stop()

    [[nodiscard]] bool isRecording() const; ///< the file is open and being written
    /// Why recording is not (or no longer) happening: the file could not be opened or written.
    [[nodiscard]] QString error() const;
    [[nodiscard]] QString path() const { return m_path; } ///< the trace file
    /// Writes the service's latest snapshot and the end record, closes the file. Idempotent.
    void stop();

    [[nodiscard]] trace::TraceWriter::Counts counts() const; ///< records written so far
    /// How long encoding the last and the slowest snapshot record took on this thread (µs).
    [[nodiscard]] qint64 lastSnapshotWriteUs() const noexcept { return m_lastSnapshotUs; }
    [[nodiscard]] qint64 maxSnapshotWriteUs() const noexcept { return m_maxSnapshotUs; } ///< slowest

    /// The trace event a service event becomes (the state after it inferred from its kind).
    [[nodiscard]] static trace::TraceEvent toTraceEvent(const ServiceEvent& event, std::int64_t offsetUs);

Q_SIGNALS:
    /// Recording stopped on an I/O error (error() says which).
    void failed(const QString& error);

private:
    ServiceRecorder(QObject* source, std::function<SnapshotPtr()> latest, trace::TraceWriterOptions options,
                    const QString& path, std::chrono::milliseconds snapshotInterval, QObject* parent);
    void onEvents(const QList<ServiceEvent>& events);
    void onSnapshot(const SnapshotPtr& snapshot, bool force);
    void writeSnapshot(const SnapshotPtr& snapshot);
    void writePending();
    void checkWriter();

    QPointer<QObject> m_source;
    std::function<SnapshotPtr()> m_latest; ///< the source's latest snapshot (while m_source lives)
    bool m_forceNextSnapshot = false;
    QString m_path;
    std::chrono::milliseconds m_interval;
    std::unique_ptr<trace::TraceWriter> m_writer;
    SnapshotPtr m_pending; ///< newest snapshot that came within the interval, written when it ends
    QTimer m_pendingTimer;
    QDateTime m_lastSnapshotWall;
    quint64 m_lastSequence = 0;
    qint64 m_lastSnapshotUs = 0;
    qint64 m_maxSnapshotUs = 0;
    bool m_stopped = false;
    bool m_reportedFailure = false;
};

} // namespace poolscope
