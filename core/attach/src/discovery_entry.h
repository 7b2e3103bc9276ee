#pragma once
// The file names of one publisher's discovery entry (inspectable_apps.h): "<pid>-<pool>.json", its
// lock "<pid>-<pool>.lock" and, where local sockets are paths, the socket "<pid>-<pool>.sock".

#include <QString>

namespace poolscope::detail {

/// "<pid>-<pool>" with the pool name reduced to [A-Za-z0-9_.-] and at most 40 characters.
[[nodiscard]] QString entryBaseName(qint64 pid, const QString& pool);

} // namespace poolscope::detail
