// The names a lesson file uses for actions, checks, highlight types, lab servers, close reasons
// and error codes (docs/LESSONS.md). Qt Core only, like the loader.

#include "lessons/lesson.h"

namespace poolscope::ui::lessons {

const QStringList& actionNames()
{
    static const QStringList names{QStringLiteral("none"),      QStringLiteral("dial"),
                                   QStringLiteral("return"),    QStringLiteral("close"),
                                   QStringLiteral("closeIdle"), QStringLiteral("hold"),
                                   QStringLiteral("shutdown"),  QStringLiteral("reopen"),
                                   QStringLiteral("set"),       QStringLiteral("cancel")};
    return names;
}

const QStringList& checkNames()
{
    static const QStringList names{QStringLiteral("connected"),      QStringLiteral("reused"),
                                   QStringLiteral("dialFailed"),     QStringLiteral("idle"),
                                   QStringLiteral("closed"),         QStringLiteral("waiterQueued"),
                                   QStringLiteral("waiterServed"),   QStringLiteral("waiterTimedOut"),
                                   QStringLiteral("leak"),           QStringLiteral("shutdownStarted"),
                                   QStringLiteral("drained"),        QStringLiteral("reopened"),
                                   QStringLiteral("dialing"),        QStringLiteral("handshake"),
                                   QStringLiteral("settingsApplied")};
    return names;
}

const QStringList& highlightTypes()
{
    static const QStringList names{QStringLiteral("row"), QStringLiteral("counter"), QStringLiteral("chart"),
                                   QStringLiteral("log"), QStringLiteral("column")};
    return names;
}

QString actionName(ActionKind kind)
{
    return actionNames().value(static_cast<int>(kind));
}

QString checkName(CheckKind kind)
{
    return checkNames().value(static_cast<int>(kind));
}

const QStringList& labServerNames()
{
    static const QStringList names{
        QStringLiteral("http"),       QStringLiteral("https"),       QStringLiteral("echo"),
        QStringLiteral("untrusted"),  QStringLiteral("expired"),     QStringLiteral("wrong-host"),
        QStringLiteral("tls12-only"), QStringLiteral("legacy-tls"),  QStringLiteral("plain-on-tls-port"),
        QStringLiteral("silent"),     QStringLiteral("idle-closer"), QStringLiteral("resetter"),
        QStringLiteral("refused")};
    return names;
}

const QStringList& closeReasonNames()
{
    // The order of poolscope::CloseReason from Requested on (the runner maps them by index + 1).
    static const QStringList names{
        QStringLiteral("requested"),   QStringLiteral("dialFailed"),    QStringLiteral("stale"),
        QStringLiteral("expired"),     QStringLiteral("lifetime"),      QStringLiteral("evicted"),
        QStringLiteral("shutdown"),    QStringLiteral("poolDestroyed"), QStringLiteral("error"),
        QStringLiteral("forceClosed"), QStringLiteral("overLimit"),     QStringLiteral("notReusable")};
    return names;
}

const QStringList& errorCodeNames()
{
    // The order of poolscope::ErrorCode from InvalidArgument on (the runner maps them by index + 1).
    static const QStringList names{QStringLiteral("invalidArgument"),    QStringLiteral("resolveFailed"),
                                   QStringLiteral("connectionRefused"),  QStringLiteral("hostUnreachable"),
                                   QStringLiteral("networkUnreachable"), QStringLiteral("connectionReset"),
                                   QStringLiteral("timedOut"),           QStringLiteral("cancelled"),
                                   QStringLiteral("handshakeFailed"),    QStringLiteral("outOfResources"),
                                   QStringLiteral("shutDown"),           QStringLiteral("invalidHandle"),
                                   QStringLiteral("socketError"),        QStringLiteral("tooManyOpenFiles"),
                                   QStringLiteral("unexpectedEof")};
    return names;
}

const QStringList& dnsServerNames()
{
    static const QStringList names{QStringLiteral("system"), QStringLiteral("dns"),
                                   QStringLiteral("dns-silent")};
    return names;
}

} // namespace poolscope::ui::lessons

namespace poolscope::ui::lessons {

QStringList highlightNames(const QString& type)
{
    // ui/lessons/lesson_highlights.cpp finds a widget for every one of these (ui_lesson_highlights
    // checks it); "row" takes lease names instead.
    if (type == QLatin1String("counter"))
        return {QStringLiteral("inUse"),
                QStringLiteral("idle"),
                QStringLiteral("connecting"),
                QStringLiteral("max"),
                QStringLiteral("waiters"),
                QStringLiteral("dials"),
                QStringLiteral("reuses"),
                QStringLiteral("stale"),
                QStringLiteral("expired"),
                QStringLiteral("evicted"),
                QStringLiteral("handshakeFailures"),
                QStringLiteral("resolveFailures"),
                QStringLiteral("socketErrors"),
                QStringLiteral("timeouts"),
                QStringLiteral("draining")};
    if (type == QLatin1String("chart"))
        return {QStringLiteral("history"), QStringLiteral("phases"), QStringLiteral("timeline")};
    if (type == QLatin1String("log"))
        return {QStringLiteral("DialStarted"),     QStringLiteral("Resolved"),
                QStringLiteral("Connected"),       QStringLiteral("HandshakeDone"),
                QStringLiteral("Acquired"),        QStringLiteral("Released"),
                QStringLiteral("Closed"),          QStringLiteral("DialFailed"),
                QStringLiteral("ShutdownStarted"), QStringLiteral("Reopened"),
                QStringLiteral("WaiterQueued"),    QStringLiteral("WaiterServed"),
                QStringLiteral("WaiterTimedOut"),  QStringLiteral("WaiterCancelled"),
                QStringLiteral("LeakSuspected"),   QStringLiteral("ProbeCompleted"),
                QStringLiteral("ProbeFailed"),     QStringLiteral("WarmupFailed"),
                QStringLiteral("ParamsChanged"),   QStringLiteral("Drained")};
    if (type == QLatin1String("column"))
        return {QStringLiteral("id"),        QStringLiteral("endpoint"), QStringLiteral("label"),
                QStringLiteral("address"),   QStringLiteral("tls"),      QStringLiteral("state"),
                QStringLiteral("keepAlive"), QStringLiteral("age"),      QStringLiteral("idle"),
                QStringLiteral("reuses"),    QStringLiteral("lastError")};
    return {};
}

} // namespace poolscope::ui::lessons
