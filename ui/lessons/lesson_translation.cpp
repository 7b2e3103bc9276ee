#include "lessons/lesson_strings.h"

#include <QCoreApplication>

namespace poolscope::ui::lessons {

QString lessonText(const QString& text)
{
    if (text.isEmpty())
        return text;
    return QCoreApplication::translate("Lesson", text.toUtf8().constData());
}

Lesson translatedLesson(Lesson lesson)
{
    lesson.title = lessonText(lesson.title);
    lesson.summary = lessonText(lesson.summary);
    for (LessonStep& step : lesson.steps) {
        step.title = lessonText(step.title);
        step.text = lessonText(step.text);
        step.watch = lessonText(step.watch);
    }
    return lesson;
}

} // namespace poolscope::ui::lessons
