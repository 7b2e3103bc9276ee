#pragma once
// The lessons shipped in the app's resources (:/lessons/*.json) and how a name or a path given on
// the command line becomes a lesson.

#include "lessons/lesson.h"

namespace poolscope::ui::lessons {

/// Every shipped lesson, sorted by file name (the files are numbered). A shipped lesson that does
/// not load is a build error caught by the tests; here it is skipped with a warning.
[[nodiscard]] QList<Lesson> shippedLessons();
/// `nameOrPath`: a shipped lesson's name, or a lesson file (anything with a '/' or a '.json' end,
/// or an existing file). Errors say which names exist.
[[nodiscard]] LessonLoad findLesson(const QString& nameOrPath);

} // namespace poolscope::ui::lessons
