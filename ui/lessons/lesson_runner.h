#pragma once
// Plays a lesson against a live PoolService and lab: performs each step's action through the
// service's API, then watches the real event stream and snapshots until the step's check is met
// (pass, with what was measured) or its time-out passes (fail). Stops at the first failure.
// Needs only an event loop (QCoreApplication is enough): it runs headless.

#include "lessons/lesson.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

namespace poolscope::ui::lessons {

struct StepResult
{
    enum class Outcome
    {
        NotRun,
        Running,
        Passed,
        Failed
    };
    Outcome outcome = Outcome::NotRun;
    QString line; ///< one line: what was seen and measured, or why it failed
    qint64 elapsedMs = 0;
};

class LessonRunner : public QObject
{
    Q_OBJECT
public:
    /// Neither is owned; both must outlive the runner. The lab is changed only by lesson settings
    /// (labIdleCloseMs).
    LessonRunner(PoolService* service, lab::Lab* lab, QObject* parent = nullptr);
    ~LessonRunner() override;

    /// Starts `lesson` from its first step (stopping one that runs). Results come as signals.
    void start(const Lesson& lesson);
    /// Stops at once: returns the lesson's connections, reopens a pool it shut down, restores the
    /// pool settings it changed (the idle-closer's limit goes back to the lab's default).
    void stop();

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const Lesson& lesson() const { return m_lesson; }
    [[nodiscard]] const QList<StepResult>& results() const { return m_results; }
    [[nodiscard]] bool allPassed() const;
    /// The connection lease `name` got (0 while it has none, or for no such lease).
    [[nodiscard]] ConnectionId leaseConnection(const QString& name) const
    {
        const auto it = m_leases.constFind(name);
        return it == m_leases.constEnd() ? 0 : it->id;
    }
    /// The holder label lease `name` was dialled with ("lesson/first"); empty for no such lease.
    [[nodiscard]] QString leaseLabel(const QString& name) const
    {
        const auto it = m_leases.constFind(name);
        return it == m_leases.constEnd() ? QString() : it->label;
    }
    /// "[2/5] passed  Reuse: …" for step `index`.
    [[nodiscard]] QString resultLine(int index) const;

Q_SIGNALS:
    void stepStarted(int index);
    void stepFinished(int index);
    void finished(bool allPassed);

private:
    struct LeaseRecord
    {
        QString label;
        bool answered = false;
        bool failed = false;
        bool returned = false;
        ConnectionId id = 0;
        bool reused = false;
        qint64 elapsedUs = 0;
        ErrorCode code = ErrorCode::Ok;
        QString error;
        QString host;           ///< the name it was dialled by, when the action gave one
        QElapsedTimer clock;    ///< started with the dial
        qint64 cancelAtUs = -1; ///< when a cancel action asked for it (µs into the dial)
        bool seen = false;      ///< a snapshot showed its connection: the fields below are set
        PhaseTimings timings;   ///< its dial phases, as the first snapshot showing it said
        bool resumed = false;   ///< its TLS handshake resumed a session
        QString tlsVersion;
        QString remoteAddress;
    };

    void beginStep(int index);
    void perform(const LessonAction& action);
    void dial(const LessonAction& action);
    void apply(const LessonSettings& settings);
    void beginChecking();
    void evaluate();
    [[nodiscard]] std::optional<StepResult> verdict() const;
    [[nodiscard]] std::optional<StepResult> closedVerdict(const LessonCheck& check,
                                                          const LeaseRecord& lease) const;
    [[nodiscard]] std::optional<StepResult> waiterVerdict(const LessonCheck& check,
                                                          const LeaseRecord& lease) const;
    [[nodiscard]] std::optional<StepResult> connectedVerdict(const LessonCheck& check,
                                                             const LeaseRecord& lease) const;
    [[nodiscard]] std::optional<StepResult> dialingVerdict(const LessonCheck& check,
                                                           const LeaseRecord& lease) const;
    [[nodiscard]] std::optional<StepResult> handshakeVerdict(const LessonCheck& check,
                                                             const LeaseRecord& lease) const;
    [[nodiscard]] QString failedVerdictLine(const LeaseRecord& lease) const;
    [[nodiscard]] StepResult settingsVerdict(const LessonSettings& settings) const;
    void cancel(const QString& name);
    void noteConnections(); ///< copies what the latest snapshot says about each lease's connection
    void finishStep(StepResult result);
    void cleanUp();
    [[nodiscard]] const ConnectionInfo* connection(ConnectionId id) const;
    [[nodiscard]] const ServiceEvent* findEvent(ServiceEvent::Kind kind, qsizetype from,
                                                const std::function<bool(const ServiceEvent&)>& match) const;

    PoolService* m_service;
    lab::Lab* m_lab;
    Lesson m_lesson;
    QList<StepResult> m_results;
    int m_step = -1;
    bool m_running = false;
    bool m_checking = false;
    quint64 m_generation = 0;
    QList<ServiceEvent> m_events;
    qsizetype m_stepEventStart = 0;
    SnapshotPtr m_snapshot;
    QHash<QString, LeaseRecord> m_leases;
    QString m_actionError;
    QTimer m_hold;
    QTimer m_timeout;
    QElapsedTimer m_stepClock;
    std::optional<PoolParams> m_savedParams;
    std::chrono::milliseconds m_savedLeakThreshold{0};
    bool m_shutDown = false;
    bool m_labChanged = false;      ///< labIdleCloseMs was applied (reset to the lab's default at the end)
    bool m_settingsPending = false; ///< the pool has not answered setParams yet
    bool m_checkDue = false;        ///< the step's check starts when the pool has answered
};

} // namespace poolscope::ui::lessons
