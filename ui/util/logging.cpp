#include "util/logging.h"

namespace poolscope::ui {

Q_LOGGING_CATEGORY(lcUi, "poolscope.ui", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDemo, "poolscope.ui.demo", QtWarningMsg)

} // namespace poolscope::ui
