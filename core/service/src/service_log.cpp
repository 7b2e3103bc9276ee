#include "service_log.h"

namespace poolscope {
Q_LOGGING_CATEGORY(lcService, "poolscope.service", QtWarningMsg)
} // namespace poolscope
