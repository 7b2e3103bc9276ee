#pragma once
// The command line's lesson modes without a window: `--lesson list` and `--lesson X --auto`.

#include "lessons/lesson.h"

#include <QString>
#include <functional>

namespace poolscope::ui::lessons {

/// One line per shipped lesson: "why-reuse            Why reuse: …".
[[nodiscard]] QString lessonListText();

/// Plays `lesson` against a lab and a pool service of its own (started here, stopped before it
/// returns), printing one line per step through `print` and a last summary line. Needs a
/// QCoreApplication. Returns 0 when every step passed, 1 otherwise (or when the lab or the pool
/// did not start).
[[nodiscard]] int playLessonHeadless(const Lesson& lesson, const std::function<void(const QString&)>& print);

} // namespace poolscope::ui::lessons
