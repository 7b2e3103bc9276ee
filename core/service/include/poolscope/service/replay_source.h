#pragma once
// ReplaySource: a recorded trace (docs/TRACE_FORMAT.md) as a MonitorSource. It shows the pool as it
// was at position(): seek() jumps there (reset(), then the state and the events that led to it),
// play() moves the position forward in real time times speed(), advance() moves it by a given
// amount (what play() does on each tick; tests call it directly instead of waiting).
//
// A replay allows no action: the recorded pool is history (can() is false for everything).
//
// Bad files: open() fails with error() naming the line. A file whose tail is unreadable opens with
// what could be read; problems() lists what was skipped and why. If the file becomes unreadable
// while replaying (changed or removed), the replay pauses and failed() says why.

#include "poolscope/service/monitor_source.h"
#include "poolscope/trace/trace_reader.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTimer>

namespace poolscope {

/// A recorded trace as a MonitorSource (see the top of this header). Creator's thread only.
class ReplaySource : public MonitorSource
{
    Q_OBJECT
public:
    /// Replay speeds offered by a UI; setSpeed() accepts anything in kMinSpeed … kMaxSpeed.
    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 100.0; ///< upper bound of setSpeed()
    /// How often play() advances (ms of real time).
    static constexpr int kTickMs = 100;
    /// At most this many events per step reach the views (the rest of a burst is skipped; the
    /// snapshot after the step is still exact).
    static constexpr std::size_t kMaxEventsPerStep = 5000;
    /// How many events before the position a seek shows in the event log.
    static constexpr std::size_t kRecentEvents = 2000;

    explicit ReplaySource(QObject* parent = nullptr); ///< empty until open()
    ~ReplaySource() override;

    /// Opens and indexes `path` and shows position 0 (paused). False, with error(), when there is
    /// nothing usable; a source that failed to open shows nothing and can be given another file.
    bool open(const QString& path);
    [[nodiscard]] bool isOpen() const { return m_open; }    ///< a file is open
    [[nodiscard]] QString error() const { return m_error; } ///< why the last open() failed
    /// Problems found past the header ("line 12: …"); the first one ended the readable part.
    [[nodiscard]] QStringList problems() const { return m_problems; }
    [[nodiscard]] QString path() const { return m_path; } ///< the open file
    /// The trace's header (valid while open).
    [[nodiscard]] const trace::TraceHeader& header() const { return m_reader.header(); }
    [[nodiscard]] quint64 eventCount() const { return m_reader.eventCount(); } ///< in the readable part
    /// Snapshots in the readable part.
    [[nodiscard]] std::size_t snapshotCount() const { return m_reader.snapshots().size(); }

    /// Trace time, µs since its start.
    [[nodiscard]] qint64 durationUs() const { return m_reader.durationUs(); }
    [[nodiscard]] qint64 positionUs() const { return m_positionUs; }    ///< what is shown, trace µs
    [[nodiscard]] bool isPlaying() const { return m_timer.isActive(); } ///< between play() and pause()
    [[nodiscard]] double speed() const { return m_speed; }              ///< trace time per real time

    /// Plays from the position (from the start when at the end) until the end or pause().
    void play();
    void pause();                  ///< stops at the position
    void setPlaying(bool playing); ///< play() or pause()
    /// Clamped to kMinSpeed … kMaxSpeed.
    void setSpeed(double speed);
    /// Shows the pool at `positionUs` (clamped to 0 … durationUs()).
    void seek(qint64 positionUs);
    /// Moves forward by `deltaUs` of trace time: the events passed and the state after them.
    void advance(qint64 deltaUs);

    [[nodiscard]] Kind kind() const override { return Kind::Replay; }
    [[nodiscard]] QString name() const override;
    [[nodiscard]] Capabilities capabilities() const override { return {}; }
    [[nodiscard]] SnapshotPtr latestSnapshot() const override { return m_latest; }
    [[nodiscard]] Clock::time_point now() const override;
    [[nodiscard]] QDateTime wallTime() const override;

Q_SIGNALS:
    void positionChanged(qint64 positionUs); ///< after a seek or a step, with the new state shown
    void playingChanged(bool playing);       ///< play() or pause() took effect
    void speedChanged(double speed);         ///< setSpeed() changed it
    /// The file could not be read any more; the replay paused.
    void failed(const QString& error);

private:
    void tick();
    /// Reads the state at the position and publishes it; false (after failed()) when unreadable.
    bool publishState();
    void fail(const QString& error);

    trace::TraceReader m_reader;
    QString m_path;
    QString m_error;
    QStringList m_problems;
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    SnapshotPtr m_latest;
    qint64 m_positionUs = 0;
    quint64 m_sequence = 0;
    double m_speed = 1.0;
    bool m_open = false;
};

} // namespace poolscope
