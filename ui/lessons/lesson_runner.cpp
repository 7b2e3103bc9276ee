#include "lessons/lesson_runner.h"

#include "lab/lab_requests.h"
#include "lessons/lesson_text.h"
#include "util/future_utils.h"

#include <QLoggingCategory>

namespace poolscope::ui::lessons {

namespace {

using detail::seconds;
using detail::verdictOf;

Q_LOGGING_CATEGORY(lcRunner, "poolscope.ui.lessons", QtWarningMsg)

constexpr qsizetype kMaxKeptEvents = 50'000;

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
    if (!m_service)
        return; // a window without a live pool (a replay): start() refuses
    connect(m_service, &PoolService::eventsReady, this, [this](const QList<ServiceEvent>& events) {
        observeServiceHandoff();
        if (!m_running)
            return;
        m_events += events;
        // Bounded even with demo traffic in the window during a long lesson: the oldest go first.
        if (const qsizetype drop = m_events.size() - kMaxKeptEvents; drop > 0) {
            m_events.remove(0, drop);
            m_stepEventStart = std::max<qsizetype>(0, m_stepEventStart - drop);
        }
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
    if (!m_service || !m_lab) {
        qCWarning(lcRunner) << "lesson" << lesson.name << "not started: no live pool and lab";
        return;
    }
    ++m_generation;
    m_lesson = lesson;
    m_results = QList<StepResult>(lesson.steps.size());
    m_events.clear();
    m_leases.clear();
    m_shutDown = false;
    m_settingsPending = false;
    m_checkDue = false;
    m_running = true;
    m_savedParams = m_service->params();
    m_savedLeakThreshold = m_service->options().leakThreshold;
    m_actionError.clear();
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
    if (index > 0) // the first step keeps an error of the lesson's own settings (start())
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
    if (m_settingsPending) { // the check sees the pool with the settings in effect
        m_checkDue = true;
        return;
    }
    m_checkDue = false;
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
    case ActionKind::Cancel:
        cancel(action.lease);
        break;
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
    lease.host = action.host;
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
    if (!action.host.isEmpty())
        request.host = action.host;
    if (action.tls && *action.tls != request.tls) {
        // TLS on a server dialled plain (the silent one) trusts the lab CA like every lab TLS dial.
        request.tls = *action.tls;
        request.overrideTls = request.tls;
        request.tlsOptions = request.tls ? m_lab->trustingTls() : TlsOptions{};
    }
    if (request.overrideTls)
        request.tlsOptions.sessionResumption = action.sessionResumption;
    request.allowReuse = action.allowReuse;
    request.leakCheck = action.leakCheck;
    if (request.overrideTls && action.minTls == QLatin1String("1.3"))
        request.tlsOptions.minVersion = TlsVersion::Tls1_3;
    QElapsedTimer clock;
    clock.start();
    lease.clock = clock;
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
    if (!settings.touchesPool())
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
    if (settings.connectTimeoutMs)
        params.connectTimeout = std::chrono::milliseconds(*settings.connectTimeoutMs);
    if (settings.handshakeTimeoutMs)
        params.handshakeTimeout = std::chrono::milliseconds(*settings.handshakeTimeoutMs);
    if (settings.dnsServer) {
        params.dnsServers.clear();
        const lab::ServerKind kind =
            *settings.dnsServer == QLatin1String("dns") ? lab::ServerKind::Dns : lab::ServerKind::DnsSilent;
        if (*settings.dnsServer != QLatin1String("system")) {
            if (!m_lab || m_lab->port(kind) == 0) {
                m_actionError = tr("the lab server \"%1\" is not running here").arg(*settings.dnsServer);
                return;
            }
            params.dnsServers = {"127.0.0.1:" + std::to_string(m_lab->port(kind))};
        }
    }
    const quint64 generation = m_generation;
    m_settingsPending = true;
    auto answered = [this, generation] {
        if (generation != m_generation || !m_running)
            return;
        m_settingsPending = false;
        if (m_checkDue)
            beginChecking();
        else
            evaluate();
    };
    whenDone(m_service->setParams(params), this, answered,
             [this, generation, answered](const QString& why, ErrorCode) {
                 if (generation == m_generation && m_running)
                     m_actionError = tr("the pool refused the lesson's settings: %1").arg(why);
                 answered();
             });
}

void LessonRunner::evaluate()
{
    if (!m_running || !m_checking)
        return;
    m_snapshot = m_service->latestSnapshot();
    noteConnections();
    if (!m_actionError.isEmpty()) {
        finishStep(verdictOf(false, m_actionError));
        return;
    }
    if (std::optional<StepResult> result = verdict())
        finishStep(std::move(*result));
}

void LessonRunner::cancel(const QString& name)
{
    LeaseRecord& lease = m_leases[name];
    if (lease.answered) {
        m_actionError = lease.failed
                            ? tr("lease \"%1\" has no dial to cancel: it failed already").arg(name)
                            : tr("lease \"%1\" has no dial to cancel: it has #%2").arg(name).arg(lease.id);
        return;
    }
    lease.cancelAtUs = lease.clock.nsecsElapsed() / 1000;
    m_service->cancelAcquire(lease.label);
}

void LessonRunner::noteConnections()
{
    if (!m_snapshot)
        return;
    for (LeaseRecord& lease : m_leases) {
        if (lease.seen || !lease.answered || lease.failed || lease.reused)
            continue;
        const ConnectionInfo* c = connection(lease.id);
        // A TLS connection's row carries its handshake time once the dial has finished.
        if (!c || (c->tls && c->timings.tlsUs == 0))
            continue;
        lease.seen = true;
        lease.timings = c->timings;
        lease.resumed = c->tls && c->tlsDetails.resumed;
        lease.tlsVersion = QString::fromStdString(c->tlsDetails.version);
        lease.remoteAddress = QString::fromStdString(c->remoteAddress);
    }
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

} // namespace poolscope::ui::lessons
