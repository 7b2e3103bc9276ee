#include "util/source_text.h"

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
        return tr("%1 is not allowed: %2 published its pool for watching only.")
            .arg(action(capability), source.name());
    case MonitorSource::Kind::Live:
        break;
    }
    return tr("%1 is not possible: the pool has stopped.").arg(action(capability));
}

} // namespace poolscope::ui
