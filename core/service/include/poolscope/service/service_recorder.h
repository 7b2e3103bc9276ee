#pragma once
// ServiceRecorder: records a PoolService to a trace file (docs/TRACE_FORMAT.md) through the
// Qt-free TraceWriter. Lives on the thread that creates it (the GUI thread in the app) and listens
// to eventsReady/snapshotReady there: every ServiceEvent becomes an `event` record (the service's
// own kinds too: waiters, leaks, probes, warm-up), and a published snapshot becomes a `snapshot`
// record at most once per snapshotInterval. Records are encoded and buffered; the file is written
// in large pieces (TraceWriter), never per event.
//
//   auto recorder = std::make_unique<ServiceRecorder>(service, QStringLiteral("pool.trace"));
//   if (!recorder->isRecording()) qWarning() << recorder->error();

#include "poolscope/service/pool_service.h"
#include "poolscope/trace/trace_writer.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>
#include <memory>

namespace poolscope {

class ServiceRecorder : public QObject
{
    Q_OBJECT
public:
    /// Creates (truncates) `path`, writes the header and the service's latest snapshot, and starts
    /// recording. `snapshotInterval` is clamped to 100 ms … 1 h. Check isRecording()/error().
    ServiceRecorder(PoolService* service, const QString& path,
                    std::chrono::milliseconds snapshotInterval = std::chrono::seconds(1),
                    const QString& writerName = QStringLiteral("PoolScope"), QObject* parent = nullptr);
    ~ServiceRecorder() override; ///< stop()

    [[nodiscard]] bool isRecording() const;
    /// Why recording is not (or no longer) happening: the file could not be opened or written.
    [[nodiscard]] QString error() const;
    [[nodiscard]] QString path() const { return m_path; }
    /// Writes the service's latest snapshot and the end record, closes the file. Idempotent.
    void stop();

    [[nodiscard]] trace::TraceWriter::Counts counts() const;
    /// How long encoding the last and the slowest snapshot record took on this thread (µs).
    [[nodiscard]] qint64 lastSnapshotWriteUs() const noexcept { return m_lastSnapshotUs; }
    [[nodiscard]] qint64 maxSnapshotWriteUs() const noexcept { return m_maxSnapshotUs; }

    /// The trace event a service event becomes (the state after it inferred from its kind).
    [[nodiscard]] static trace::TraceEvent toTraceEvent(const ServiceEvent& event, std::int64_t offsetUs);

Q_SIGNALS:
    /// Recording stopped on an I/O error (error() says which).
    void failed(const QString& error);

private:
    void onEvents(const QList<ServiceEvent>& events);
    void onSnapshot(const SnapshotPtr& snapshot, bool force);
    void checkWriter();

    QPointer<PoolService> m_service;
    QString m_path;
    std::chrono::milliseconds m_interval;
    std::unique_ptr<trace::TraceWriter> m_writer;
    QDateTime m_lastSnapshotWall;
    quint64 m_lastSequence = 0;
    qint64 m_lastSnapshotUs = 0;
    qint64 m_maxSnapshotUs = 0;
    bool m_stopped = false;
    bool m_reportedFailure = false;
};

} // namespace poolscope
