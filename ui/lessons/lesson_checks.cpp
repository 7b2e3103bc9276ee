// LessonRunner's checks: what each check kind looks for in the events and snapshots seen since
// the lesson (or the step) began, and the one-line result it reports. Split from lesson_runner.cpp,
// which performs the actions and runs the steps.

#include "lessons/lesson_runner.h"
#include "lessons/lesson_text.h"
#include "util/presentation.h"

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
    if (check.kind == CheckKind::SettingsApplied)
        return settingsVerdict(m_lesson.steps.at(m_step).action.settings);
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
    if (check.kind == CheckKind::Dialing)
        return dialingVerdict(check, lease);
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
        return verdictOf(true, failedVerdictLine(lease));
    }
    if (lease.failed)
        return verdictOf(false, tr("the dial failed: %1").arg(lease.error));
    switch (check.kind) {
    case CheckKind::Connected:
        return connectedVerdict(check, lease);
    case CheckKind::Handshake:
        return handshakeVerdict(check, lease);
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

QString LessonRunner::failedVerdictLine(const LeaseRecord& lease) const
{
    if (lease.code == ErrorCode::Cancelled && lease.cancelAtUs >= 0)
        return tr("cancelled %1 after the lesson asked, %2 into the dial: %3")
            .arg(millis(lease.elapsedUs - lease.cancelAtUs), millis(lease.cancelAtUs), lease.error);
    return tr("failed after %1 (%2): %3").arg(millis(lease.elapsedUs), codeName(lease.code), lease.error);
}

std::optional<StepResult> LessonRunner::connectedVerdict(const LessonCheck& check,
                                                         const LeaseRecord& lease) const
{
    if (lease.reused)
        return verdictOf(false, tr("#%1 was an idle connection reused, not a new one").arg(lease.id));
    if (!lease.seen)
        return std::nullopt; // the next snapshot shows it
    const bool v6 = lease.remoteAddress.startsWith(QLatin1Char('['));
    if (!check.family.isEmpty() && v6 != (check.family == QLatin1String("ipv6")))
        return verdictOf(false, tr("#%1 connected to %2, not over %3")
                                    .arg(lease.id)
                                    .arg(lease.remoteAddress, v6 ? tr("IPv4") : tr("IPv6")));
    QString line;
    if (!lease.tlsVersion.isEmpty())
        line = tr("#%1 is a new connection: answered in %2 (connect %3, TLS handshake %4, %5)")
                   .arg(lease.id)
                   .arg(millis(lease.elapsedUs), millis(lease.timings.connectUs), millis(lease.timings.tlsUs),
                        lease.tlsVersion);
    else
        line = tr("#%1 is a new connection: answered in %2 (connect %3)")
                   .arg(lease.id)
                   .arg(millis(lease.elapsedUs), millis(lease.timings.connectUs));
    if (lease.resumed)
        line += QStringLiteral("; ") + tr("the TLS session was resumed");
    if (!lease.host.isEmpty())
        line +=
            QStringLiteral("; ") + tr("%1 resolved in %2, connected to %3")
                                       .arg(lease.host, millis(lease.timings.resolveUs), lease.remoteAddress);
    return verdictOf(true, line);
}

std::optional<StepResult> LessonRunner::dialingVerdict(const LessonCheck& check,
                                                       const LeaseRecord& lease) const
{
    if (lease.answered)
        return verdictOf(false, lease.failed ? tr("the dial already ended: %1").arg(lease.error)
                                             : tr("the dial already ended with #%1").arg(lease.id));
    const ServiceEvent* started =
        findEvent(Kind::DialStarted, 0, [&](const ServiceEvent& ev) { return ev.label == lease.label; });
    const ConnectionInfo* c = started ? connection(started->id) : nullptr;
    // The name of a state a check may wait for ("resolving" …), in ConnectionState's order.
    static const QStringList dialStates{QString(), QStringLiteral("resolving"), QStringLiteral("connecting"),
                                        QStringLiteral("handshaking")};
    if (!c || (!check.state.isEmpty() && dialStates.value(static_cast<int>(c->state)) != check.state))
        return std::nullopt; // a later snapshot may show it (in that state)
    QString line = tr("#%1 is still being dialled after %2: %3")
                       .arg(c->id)
                       .arg(millis(lease.clock.nsecsElapsed() / 1000), stateText(c->state));
    if (!c->remoteAddress.empty())
        line += QStringLiteral("; ") +
                tr("TCP connected to %1 in %2")
                    .arg(QString::fromStdString(c->remoteAddress), millis(c->timings.connectUs));
    return verdictOf(true, line);
}

std::optional<StepResult> LessonRunner::handshakeVerdict(const LessonCheck& check,
                                                         const LeaseRecord& lease) const
{
    if (lease.reused)
        return verdictOf(false, tr("#%1 was an idle connection reused: no handshake at all").arg(lease.id));
    if (!lease.seen)
        return std::nullopt;
    if (lease.tlsVersion.isEmpty())
        return verdictOf(false, tr("#%1 is not a TLS connection").arg(lease.id));
    if (lease.resumed != check.resumed)
        return verdictOf(
            false, lease.resumed
                       ? tr("#%1 resumed a TLS session; a full handshake was expected").arg(lease.id)
                       : tr("#%1 made a full TLS handshake: there was no session to resume").arg(lease.id));
    QString line = lease.resumed ? tr("#%1 resumed a TLS session: handshake %2 (%3)")
                                       .arg(lease.id)
                                       .arg(millis(lease.timings.tlsUs), lease.tlsVersion)
                                 : tr("#%1 made a full TLS handshake: %2 (%3)")
                                       .arg(lease.id)
                                       .arg(millis(lease.timings.tlsUs), lease.tlsVersion);
    if (!check.compareWith.isEmpty()) {
        const LeaseRecord other = m_leases.value(check.compareWith);
        if (!other.seen)
            return verdictOf(false,
                             tr("\"%1\" has no handshake time to compare with").arg(check.compareWith));
        const double ratio =
            lease.timings.tlsUs > 0 ? double(other.timings.tlsUs) / double(lease.timings.tlsUs) : 0.0;
        line += QStringLiteral("; ") +
                tr("#%1's %2 handshake took %3, %4 times as long")
                    .arg(other.id)
                    .arg(other.resumed ? tr("resumed") : tr("full"), millis(other.timings.tlsUs))
                    .arg(ratio, 0, 'f', 1);
    }
    return verdictOf(true, line);
}

StepResult LessonRunner::settingsVerdict(const LessonSettings& s) const
{
    const PoolParams p = m_service->params();
    QStringList shown;
    QString wrong;
    auto compare = [&](const char* name, const std::optional<qint64>& wanted, qint64 actual) {
        if (!wanted)
            return;
        if (*wanted != actual && wrong.isEmpty())
            wrong = tr("the pool has %1 %2, not %3").arg(QLatin1String(name)).arg(actual).arg(*wanted);
        shown.append(QStringLiteral("%1 %2").arg(QLatin1String(name)).arg(actual));
    };
    compare("maxConnections", s.maxConnections, p.maxConnections);
    compare("keepAliveMs", s.keepAliveMs, p.maxKeepAlive.count());
    compare("connectTimeoutMs", s.connectTimeoutMs, p.connectTimeout.count());
    compare("handshakeTimeoutMs", s.handshakeTimeoutMs, p.handshakeTimeout.count());
    if (s.checkOnReturn)
        compare("checkOnReturn", qint64(*s.checkOnReturn), qint64(p.checkOnReturn));
    if (s.dnsServer) {
        const QString servers =
            p.dnsServers.empty() ? QStringLiteral("system") : QString::fromStdString(p.dnsServers.front());
        if ((*s.dnsServer == QLatin1String("system")) != p.dnsServers.empty() && wrong.isEmpty())
            wrong = tr("the pool asks %1, not %2").arg(servers, *s.dnsServer);
        shown.append(QStringLiteral("dnsServer %1 (%2)").arg(*s.dnsServer, servers));
    }
    if (!wrong.isEmpty())
        return verdictOf(false, wrong);
    if (shown.isEmpty())
        return verdictOf(true, tr("the settings are in effect"));
    return verdictOf(true, tr("in effect: %1").arg(shown.join(QStringLiteral(", "))));
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
