#pragma once
// The attach subsystem's logging category: "poolscope.attach" (monitors dropped and why, commands).

#include <QLoggingCategory>

namespace poolscope {
Q_DECLARE_LOGGING_CATEGORY(lcAttach)
} // namespace poolscope
