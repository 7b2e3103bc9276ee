// The lesson loader (ui/lessons/lesson_loader.cpp) on arbitrary bytes. Oracle: it either returns a
// lesson that satisfies the documented limits, or an error that names the source; never both.
#include "lessons/lesson.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace poolscope::ui::lessons;
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const LessonLoad load = parseLesson(bytes, QStringLiteral("fuzz.json"));
    if (load.lesson.has_value() == !load.error.isEmpty())
        std::abort();
    if (!load.lesson) {
        if (!load.error.startsWith(QStringLiteral("fuzz.json")))
            std::abort();
        return 0;
    }
    const Lesson& lesson = *load.lesson;
    if (lesson.name.isEmpty() || lesson.title.trimmed().isEmpty() || lesson.steps.isEmpty() ||
        lesson.steps.size() > kMaxLessonSteps)
        std::abort();
    for (const LessonStep& step : lesson.steps) {
        if (step.check.timeoutMs < 1 || step.check.timeoutMs > 60'000 || step.action.ms < 0 ||
            step.action.ms > 60'000)
            std::abort();
        if (step.action.kind == ActionKind::Dial && !labServerNames().contains(step.action.server))
            std::abort();
    }
    (void)lineColumn(bytes, static_cast<qsizetype>(size / 2));
    return 0;
}
