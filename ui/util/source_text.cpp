#include "util/source_text.h"

#include "poolscope/attach/attached_source.h"

namespace poolscope::ui {

QString SourceText::title(const MonitorSource& source)
{
    switch (source.kind()) {
    case MonitorSource::Kind::Live:
        return {};
    case MonitorSource::Kind::Replay:
        return tr("replay of %1").arg(source.name());
    case MonitorSource::Kind::Attached:
        return tr("attached to %1").arg(source.name());
    }
    return {};
}

QString SourceText::action(MonitorSource::Capability capability)
{
    using C = MonitorSource::Capability;
    switch (capability) {
    case C::Dial:
        return tr("Dialling");
    case C::Use:
        return tr("Using or returning a connection");
    case C::Close:
        return tr("Closing connections");
    case C::Shutdown:
        return tr("Shutting down or reopening the pool");
    case C::Settings:
        return tr("Changing the pool's settings");
    case C::Capture:
        return tr("Capturing TLS handshakes");
    case C::Record:
        return tr("Recording");
    }
    return {};
}

QString SourceText::refusal(const MonitorSource& source, MonitorSource::Capability capability)
{
    if (source.can(capability))
        return {};
    switch (source.kind()) {
    case MonitorSource::Kind::Replay:
        return tr("%1 is not possible in a replay: %2 shows what was recorded and cannot be changed.")
            .arg(action(capability), source.name());
    case MonitorSource::Kind::Attached:
        if (capability != MonitorSource::Capability::Close &&
            capability != MonitorSource::Capability::Shutdown)
            return tr("%1 is not possible on an attached app: PoolScope watches %2 and can only ask it to "
                      "close "
                      "connections or shut down, when it allows that.")
                .arg(action(capability), source.name());
        if (const auto* attached = qobject_cast<const AttachedSource*>(&source);
            attached && attached->status() != AttachedSource::Status::Attached)
            return tr("%1 is not possible: %2").arg(action(capability), attachStatus(*attached));
        if (const auto* attached = qobject_cast<const AttachedSource*>(&source);
            attached && !attached->app().allowed.isEmpty())
            return tr("%1 is not allowed: %2 did not allow it.").arg(action(capability), source.name());
        return tr("%1 is not allowed: %2 published its pool for watching only.")
            .arg(action(capability), source.name());
    case MonitorSource::Kind::Live:
        break;
    }
    return tr("%1 is not possible: the pool has stopped.").arg(action(capability));
}

QString SourceText::appName(const AttachedSource& source)
{
    const qint64 pid = source.app().pid;
    return pid > 0 ? tr("%1 (pid %2)").arg(source.name()).arg(pid) : source.name();
}

QString SourceText::attachStatus(const AttachedSource& source)
{
    const QString app = appName(source);
    switch (source.status()) {
    case AttachedSource::Status::Detached:
        return tr("Detached from %1").arg(app);
    case AttachedSource::Status::Connecting:
        return tr("Connecting to %1…").arg(app);
    case AttachedSource::Status::Attached:
        return tr("Attached to %1").arg(app);
    case AttachedSource::Status::Lost:
        return tr("Lost %1: %2").arg(app, source.statusText());
    }
    return {};
}

} // namespace poolscope::ui
