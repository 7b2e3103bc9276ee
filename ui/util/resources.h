#pragma once

namespace poolscope::ui {

/// Registers the icons compiled into poolscope_resources (a static library, so the linker needs
/// this reference to keep them). Idempotent; the main window calls it, tests may call it first.
void initResources();

} // namespace poolscope::ui
