#pragma once
// The service's logging category: "poolscope.service", warnings only unless enabled with
// QT_LOGGING_RULES="poolscope.service.debug=true".

#include <QLoggingCategory>

namespace poolscope {
Q_DECLARE_LOGGING_CATEGORY(lcService)
} // namespace poolscope
