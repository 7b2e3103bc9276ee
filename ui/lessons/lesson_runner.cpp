#include "lessons/lesson_runner.h"

#include "lab/lab_requests.h"
#include "util/future_utils.h"

#include <QLoggingCategory>

namespace poolscope::ui::lessons {

namespace {

Q_LOGGING_CATEGORY(lcRunner, "poolscope.ui.lessons", QtWarningMsg)

using Kind = ServiceEvent::Kind;

/// "4.12 ms", "0.31 ms", "120 ms".
QString millis(qint64 us)
{
    const double ms = double(us) / 1000.0;
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10.0 ? 2 : 0);
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

StepResult verdictOf(bool passed, QString line)
{
    StepResult r;
    r.outcome = passed ? StepResult::Outcome::Passed : StepResult::Outcome::Failed;
    r.line = std::move(line);
    return r;
}

QString reasonName(CloseReason reason)
{
    return closeReasonNames().value(static_cast<int>(reason) - 1, QStringLiteral("none"));
}

QString codeName(ErrorCode code)
{
    return errorCodeNames().value(static_cast<int>(code) - 1, QStringLiteral("ok"));
}

} // namespace

LessonRunner::LessonRunner(PoolService* service, lab::Lab* lab, QObject* parent)
    : QObject(parent), m_service(service), m_lab(lab)
{
    m_hold.setSingleShot(true);
    m_timeout.setSingleShot(true);
    connect(&m_hold, &QTimer::timeout, this, &LessonRunner::beginChecking);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_running || !m_checking)
            return;
        const LessonCheck& check = m_lesson.steps.at(m_step).check;
        const QString about = check.lease.isEmpty() ? tr("the pool") : check.lease;
        finishStep(verdictOf(
            false,
            tr("no \"%1\" for %2 within %3").arg(checkName(check.kind), about, seconds(check.timeoutMs))));
    });
    connect(m_service, &PoolService::eventsReady, this, [this](const QList<ServiceEvent>& events) {
        observeServiceHandoff();
        if (!m_running)
            return;
        m_events += events;
        evaluate();
    });
    connect(m_service, &PoolService::snapshotReady, this, [this](const SnapshotPtr&) {
        observeServiceHandoff();
        evaluate();
    });
}

LessonRunner::~LessonRunner()
{
    stop();
}

bool LessonRunner::allPassed() const
{
    if (m_results.isEmpty())
        return false;
    for (const StepResult& r : m_results) {
        if (r.outcome != StepResult::Outcome::Passed)
            return false;
    }
    return true;
}

QString LessonRunner::resultLine(int index) const
{
    if (index < 0 || index >= m_results.size())
        return {};
    const StepResult& r = m_results.at(index);
    QString outcome;
    switch (r.outcome) {
    case StepResult::Outcome::NotRun:
        outcome = tr("not run");
        break;
    case StepResult::Outcome::Running:
        outcome = tr("running");
        break;
    case StepResult::Outcome::Passed:
        outcome = tr("passed");
        break;
    case StepResult::Outcome::Failed:
        outcome = tr("FAILED");
        break;
    }
    QString line = QStringLiteral("[%1/%2] %3  %4")
                       .arg(index + 1)
                       .arg(m_results.size())
                       .arg(outcome, m_lesson.steps.at(index).title);
    if (!r.line.isEmpty())
        line += QStringLiteral(": ") + r.line;
    return line;
}

void LessonRunner::start(const Lesson& lesson)
{
    stop();
    ++m_generation;
    m_lesson = lesson;
    m_results = QList<StepResult>(lesson.steps.size());
    m_events.clear();
    m_leases.clear();
    m_shutDown = false;
    m_running = true;
    m_savedParams = m_service->params();
    m_savedLeakThreshold = m_service->options().leakThreshold;
    qCDebug(lcRunner) << "lesson" << lesson.name << "with" << lesson.steps.size() << "steps";
    apply(lesson.settings);
    beginStep(0);
}

void LessonRunner::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_checking = false;
    m_hold.stop();
    m_timeout.stop();
    ++m_generation;
    cleanUp();
}

void LessonRunner::cleanUp()
{
    QList<ConnectionId> held;
    for (LeaseRecord& lease : m_leases) {
        if (lease.answered && !lease.failed && !lease.returned) {
            held.append(lease.id);
            lease.returned = true;
        }
    }
    for (ConnectionId id : held)
        m_service->release(id); // unknown ids (closed meanwhile) fail harmlessly
    if (m_shutDown)
        m_service->reopen();
    m_shutDown = false;
    if (m_savedParams)
        m_service->setParams(*m_savedParams);
    m_savedParams.reset();
    m_service->setLeakThreshold(m_savedLeakThreshold);
    // The lab has no getter for it: back to the lab's default, which the app and tests start with.
    if (m_labChanged && m_lab)
        m_lab->setIdleCloseAfter(lab::LabOptions{}.idleCloseAfter);
    m_labChanged = false;
}

void LessonRunner::beginStep(int index)
{
    m_step = index;
    m_checking = false;
    m_actionError.clear();
    m_stepEventStart = m_events.size();
    m_results[index].outcome = StepResult::Outcome::Running;
    m_stepClock.start();
    Q_EMIT stepStarted(index);
    const LessonStep& step = m_lesson.steps.at(index);
    perform(step.action);
    if (step.action.kind == ActionKind::Hold)
        m_hold.start(std::chrono::milliseconds(step.action.ms));
    else
        beginChecking();
}

void LessonRunner::beginChecking()
{
    if (!m_running)
        return;
    m_checking = true;
    m_timeout.start(std::chrono::milliseconds(m_lesson.steps.at(m_step).check.timeoutMs));
    evaluate();
}

void LessonRunner::perform(const LessonAction& action)
{
    switch (action.kind) {
    case ActionKind::None:
    case ActionKind::Hold:
        break;
    case ActionKind::Dial:
        dial(action);
        break;
    case ActionKind::Return:
    case ActionKind::Close: {
        LeaseRecord& lease = m_leases[action.lease];
        if (!lease.answered || lease.failed) {
            m_actionError = tr("lease \"%1\" has no connection to give back").arg(action.lease);
            break;
        }
        lease.returned = true;
        if (action.kind == ActionKind::Return)
            m_service->release(lease.id);
        else
            m_service->close({lease.id});
        break;
    }
    case ActionKind::CloseIdle:
        m_service->closeIdle();
        break;
    case ActionKind::Shutdown:
        m_shutDown = true;
        m_service->shutdown(action.mode == QLatin1String("forced") ? ShutdownMode::Forced
                                                                   : ShutdownMode::Graceful);
        break;
    case ActionKind::Reopen:
        m_shutDown = false;
        m_service->reopen();
        break;
    case ActionKind::Set:
        apply(action.settings);
        break;
    }
}

void LessonRunner::dial(const LessonAction& action)
{
    LeaseRecord& lease = m_leases[action.lease];
    lease = LeaseRecord{};
    lease.label = action.label + QLatin1Char('/') + action.lease;
    const lab::ServerInfo* server = nullptr;
    if (m_lab) {
        for (const lab::ServerInfo& s : m_lab->servers()) {
            if (QString::fromStdString(s.name) == action.server && !s.udp)
                server = &s;
        }
    }
    if (!server || server->port == 0) {
        m_actionError = tr("the lab server \"%1\" is not running here").arg(action.server);
        return;
    }
    AcquireRequest request =
        labAcquireRequest(*m_lab, server->kind, std::chrono::milliseconds(action.timeoutMs), lease.label);
    request.allowReuse = action.allowReuse;
    request.leakCheck = action.leakCheck;
    if (request.overrideTls && action.minTls == QLatin1String("1.3"))
        request.tlsOptions.minVersion = TlsVersion::Tls1_3;
    QElapsedTimer clock;
    clock.start();
    const QString name = action.lease;
    const quint64 generation = m_generation;
    whenDone(
        m_service->acquire(request), this,
        [this, name, generation, clock](const Lease& l) {
            if (generation != m_generation) {
                m_service->release(l.id); // the lesson ended or restarted meanwhile
                return;
            }
            LeaseRecord& record = m_leases[name];
            record.answered = true;
            record.id = l.id;
            record.reused = l.reused;
            record.elapsedUs = clock.nsecsElapsed() / 1000;
            evaluate();
        },
        [this, name, generation, clock](const QString& why, ErrorCode code) {
            if (generation != m_generation)
                return;
            LeaseRecord& record = m_leases[name];
            record.answered = true;
            record.failed = true;
            record.code = code;
            record.error = why;
            record.elapsedUs = clock.nsecsElapsed() / 1000;
            evaluate();
        });
}

void LessonRunner::apply(const LessonSettings& settings)
{
    if (settings.leakThresholdMs)
        m_service->setLeakThreshold(std::chrono::milliseconds(*settings.leakThresholdMs));
    if (settings.labIdleCloseMs && m_lab) {
        m_lab->setIdleCloseAfter(std::chrono::milliseconds(*settings.labIdleCloseMs));
        m_labChanged = true;
    }
    if (!settings.maxConnections && !settings.maxPerHost && !settings.keepAliveMs && !settings.checkOnReturn)
        return;
    PoolParams params = m_service->params();
    if (settings.maxConnections)
        params.maxConnections = *settings.maxConnections;
    if (settings.maxPerHost)
        params.maxPerHost = *settings.maxPerHost;
    params.maxPerHost = std::min(params.maxPerHost, params.maxConnections);
    if (settings.keepAliveMs)
        params.maxKeepAlive = std::chrono::milliseconds(*settings.keepAliveMs);
    if (settings.checkOnReturn)
        params.checkOnReturn = *settings.checkOnReturn;
    const quint64 generation = m_generation;
    whenDone(
        m_service->setParams(params), this, [] {},
        [this, generation](const QString& why, ErrorCode) {
            if (generation != m_generation || !m_running)
                return;
            m_actionError = tr("the pool refused the lesson's settings: %1").arg(why);
            evaluate();
        });
}

void LessonRunner::evaluate()
{
    if (!m_running || !m_checking)
        return;
    m_snapshot = m_service->latestSnapshot();
    if (!m_actionError.isEmpty()) {
        finishStep(verdictOf(false, m_actionError));
        return;
    }
    if (std::optional<StepResult> result = verdict())
        finishStep(std::move(*result));
}

void LessonRunner::finishStep(StepResult result)
{
    m_checking = false;
    m_timeout.stop();
    result.elapsedMs = m_stepClock.elapsed();
    const int index = m_step;
    const bool passed = result.outcome == StepResult::Outcome::Passed;
    m_results[index] = std::move(result);
    qCDebug(lcRunner).noquote() << resultLine(index);
    Q_EMIT stepFinished(index);
    if (!m_running)
        return;
    if (passed && index + 1 < m_lesson.steps.size()) {
        // Next turn of the event loop: the signal's receivers see one step at a time.
        const quint64 generation = m_generation;
        QTimer::singleShot(0, this, [this, generation, index] {
            if (m_running && generation == m_generation)
                beginStep(index + 1);
        });
        return;
    }
    stop();
    Q_EMIT finished(allPassed());
}

const ConnectionInfo* LessonRunner::connection(ConnectionId id) const
{
    if (!m_snapshot)
        return nullptr;
    for (const ConnectionInfo& c : m_snapshot->connections) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

const ServiceEvent* LessonRunner::findEvent(Kind kind, qsizetype from,
                                            const std::function<bool(const ServiceEvent&)>& match) const
{
    for (qsizetype i = from; i < m_events.size(); ++i) {
        if (m_events.at(i).kind == kind && match(m_events.at(i)))
            return &m_events.at(i);
    }
    return nullptr;
}

std::optional<StepResult> LessonRunner::verdict() const
{
    const LessonCheck& check = m_lesson.steps.at(m_step).check;
    if (check.kind == CheckKind::ShutdownStarted) {
        const ServiceEvent* e =
            findEvent(Kind::ShutdownStarted, m_stepEventStart, [](const ServiceEvent&) { return true; });
        if (!e)
            return std::nullopt;
        return verdictOf(true, e->message.isEmpty() ? tr("shutdown started; new dials are refused")
                                                    : tr("shutdown started: %1").arg(e->message));
    }
    if (check.kind == CheckKind::Drained) {
        if (!findEvent(Kind::Drained, m_stepEventStart, [](const ServiceEvent&) { return true; }))
            return std::nullopt;
        return verdictOf(true, tr("drained: every connection came back, then the pool closed them"));
    }
    if (check.kind == CheckKind::Reopened) {
        if (!findEvent(Kind::Reopened, m_stepEventStart, [](const ServiceEvent&) { return true; }))
            return std::nullopt;
        return verdictOf(true, tr("reopened: the pool accepts dials again"));
    }
    const LeaseRecord lease = m_leases.value(check.lease);
    if (check.kind == CheckKind::WaiterQueued || check.kind == CheckKind::WaiterServed ||
        check.kind == CheckKind::WaiterTimedOut)
        return waiterVerdict(check, lease);
    if (!lease.answered)
        return std::nullopt;
    if (check.kind == CheckKind::DialFailed) {
        if (!lease.failed)
            return verdictOf(false, tr("#%1 connected: the dial did not fail").arg(lease.id));
        if (!check.error.isEmpty() && codeName(lease.code) != check.error)
            return verdictOf(
                false,
                tr("failed with %1, expected %2: %3").arg(codeName(lease.code), check.error, lease.error));
        if (!check.contains.isEmpty() && !lease.error.contains(check.contains, Qt::CaseInsensitive))
            return verdictOf(false,
                             tr("the reason does not say \"%1\": %2").arg(check.contains, lease.error));
        return verdictOf(
            true,
            tr("refused after %1 (%2): %3").arg(millis(lease.elapsedUs), codeName(lease.code), lease.error));
    }
    if (lease.failed)
        return verdictOf(false, tr("the dial failed: %1").arg(lease.error));
    switch (check.kind) {
    case CheckKind::Connected: {
        if (lease.reused)
            return verdictOf(false, tr("#%1 was an idle connection reused, not a new one").arg(lease.id));
        const ConnectionInfo* c = connection(lease.id);
        if (!c || (c->tls && c->timings.tlsUs == 0))
            return std::nullopt; // the next snapshot shows it
        if (c->tls)
            return verdictOf(
                true, tr("#%1 is a new connection: answered in %2 (connect %3, TLS handshake %4, %5)")
                          .arg(lease.id)
                          .arg(millis(lease.elapsedUs), millis(c->timings.connectUs),
                               millis(c->timings.tlsUs), QString::fromStdString(c->tlsDetails.version)));
        return verdictOf(true, tr("#%1 is a new connection: answered in %2 (connect %3)")
                                   .arg(lease.id)
                                   .arg(millis(lease.elapsedUs), millis(c->timings.connectUs)));
    }
    case CheckKind::Reused: {
        if (!lease.reused)
            return verdictOf(false, tr("#%1 is a new connection: nothing idle was reused").arg(lease.id));
        if (!check.sameAs.isEmpty()) {
            const LeaseRecord first = m_leases.value(check.sameAs);
            if (first.id != lease.id)
                return verdictOf(false, tr("reused #%1, not #%2").arg(lease.id).arg(first.id));
            return verdictOf(true, tr("reused #%1: no connect, no handshake; answered in %2 instead of %3")
                                       .arg(lease.id)
                                       .arg(millis(lease.elapsedUs), millis(first.elapsedUs)));
        }
        return verdictOf(true, tr("reused #%1: no connect, no handshake; answered in %2")
                                   .arg(lease.id)
                                   .arg(millis(lease.elapsedUs)));
    }
    case CheckKind::Idle: {
        const ConnectionInfo* c = connection(lease.id);
        if (!c || c->state != ConnectionState::Idle)
            return std::nullopt;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(c->keepAliveDeadline - m_snapshot->taken)
                .count();
        return verdictOf(
            true, tr("#%1 is idle; its keep-alive countdown shows %2").arg(lease.id).arg(seconds(left)));
    }
    case CheckKind::Closed:
        return closedVerdict(check, lease);
    case CheckKind::Leak: {
        const ServiceEvent* e =
            findEvent(Kind::LeakSuspected, 0, [&](const ServiceEvent& ev) { return ev.id == lease.id; });
        if (!e)
            return std::nullopt;
        return verdictOf(true,
                         tr("#%1 flagged as a possible leak: held by \"%2\" for %3 ms (threshold %4 ms)")
                             .arg(lease.id)
                             .arg(e->label)
                             .arg(e->value)
                             .arg(m_snapshot->leakThreshold.count()));
    }
    default:
        return std::nullopt;
    }
}

std::optional<StepResult> LessonRunner::closedVerdict(const LessonCheck& check,
                                                      const LeaseRecord& lease) const
{
    const ServiceEvent* closed =
        findEvent(Kind::Closed, 0, [&](const ServiceEvent& ev) { return ev.id == lease.id; });
    if (!closed)
        return std::nullopt;
    const QString reason = reasonName(closed->reason);
    if (!check.reason.isEmpty() && reason != check.reason)
        return verdictOf(
            false, tr("#%1 closed for \"%2\", expected \"%3\"").arg(lease.id).arg(reason, check.reason));
    // Only an idle connection's close has an idle time worth telling (a keep-alive, a hang-up).
    const bool whileIdle = closed->reason == CloseReason::Expired || closed->reason == CloseReason::Stale;
    const ServiceEvent* released = nullptr;
    for (qsizetype i = 0; whileIdle && i < m_events.size() && &m_events.at(i) != closed; ++i) {
        if (m_events.at(i).kind == Kind::Released && m_events.at(i).id == lease.id)
            released = &m_events.at(i);
    }
    QString line = released ? tr("#%1 closed (%2) after %3 idle")
                                  .arg(lease.id)
                                  .arg(reason, seconds(released->time.msecsTo(closed->time)))
                            : tr("#%1 closed (%2)").arg(lease.id).arg(reason);
    if (!closed->message.isEmpty())
        line += QStringLiteral(": ") + closed->message;
    return verdictOf(true, line);
}

std::optional<StepResult> LessonRunner::waiterVerdict(const LessonCheck& check,
                                                      const LeaseRecord& lease) const
{
    const Kind kind = check.kind == CheckKind::WaiterQueued   ? Kind::WaiterQueued
                      : check.kind == CheckKind::WaiterServed ? Kind::WaiterServed
                                                              : Kind::WaiterTimedOut;
    const ServiceEvent* e =
        findEvent(kind, 0, [&](const ServiceEvent& ev) { return ev.label == lease.label; });
    if (!e) {
        if (lease.answered && check.kind == CheckKind::WaiterQueued)
            return verdictOf(false, lease.failed ? tr("the dial failed without waiting: %1").arg(lease.error)
                                                 : tr("#%1 was served without waiting").arg(lease.id));
        return std::nullopt;
    }
    switch (check.kind) {
    case CheckKind::WaiterQueued:
        return verdictOf(true, tr("\"%1\" waits in the queue: %2 of %3 connections in use")
                                   .arg(lease.label)
                                   .arg(m_snapshot->stats.inUse)
                                   .arg(m_snapshot->stats.maxConnections));
    case CheckKind::WaiterServed:
        return verdictOf(true,
                         tr("\"%1\" was served after %2 ms in the queue").arg(lease.label).arg(e->value));
    default:
        return verdictOf(
            true,
            tr("\"%1\" gave up after %2 ms in the queue: %3").arg(lease.label).arg(e->value).arg(e->message));
    }
}

} // namespace poolscope::ui::lessons
