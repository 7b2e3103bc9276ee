// LessonRunner's checks: what each check kind looks for in the events and snapshots seen since
// the lesson (or the step) began, and the one-line result it reports. Split from lesson_runner.cpp,
// which performs the actions and runs the steps.

#include "lessons/lesson_runner.h"
#include "lessons/lesson_text.h"

namespace poolscope::ui::lessons {

namespace {

using detail::millis;
using detail::seconds;
using detail::verdictOf;

using Kind = ServiceEvent::Kind;

QString reasonName(CloseReason reason)
{
    return closeReasonNames().value(static_cast<int>(reason) - 1, QStringLiteral("none"));
}

QString codeName(ErrorCode code)
{
    return errorCodeNames().value(static_cast<int>(code) - 1, QStringLiteral("ok"));
}

} // namespace

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
