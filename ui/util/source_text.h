#pragma once
// What the monitor says about its source (poolscope/service/monitor_source.h) in the user's
// language: its title and why an action is not available on it.

#include "poolscope/service/monitor_source.h"

#include <QCoreApplication>

namespace poolscope {
class AttachedSource;
}

namespace poolscope::ui {

class SourceText
{
    Q_DECLARE_TR_FUNCTIONS(SourceText)
public:
    /// "replay of pool.trace"; empty for the live pool of this app.
    [[nodiscard]] static QString title(const MonitorSource& source);
    /// The action a capability stands for, as the start of a sentence ("Dialling").
    [[nodiscard]] static QString action(MonitorSource::Capability capability);
    /// Why `capability` is not available on `source` (a status line or a disabled action's tooltip).
    [[nodiscard]] static QString refusal(const MonitorSource& source, MonitorSource::Capability capability);
    /// "Attached to shop (pid 4242)", "Lost shop (pid 4242): the app exited", …
    [[nodiscard]] static QString attachStatus(const AttachedSource& source);
    /// "shop (pid 4242)"
    [[nodiscard]] static QString appName(const AttachedSource& source);
};

} // namespace poolscope::ui
