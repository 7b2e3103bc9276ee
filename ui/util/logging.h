#pragma once
// Logging categories of the monitor. Warnings only by default; enable more with
// QT_LOGGING_RULES="poolscope.ui*.debug=true".

#include <QLoggingCategory>

namespace poolscope::ui {

Q_DECLARE_LOGGING_CATEGORY(lcUi)   ///< "poolscope.ui": windows, models, actions
Q_DECLARE_LOGGING_CATEGORY(lcDemo) ///< "poolscope.ui.demo": the demo traffic driver

} // namespace poolscope::ui
