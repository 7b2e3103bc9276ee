#include "lessons/lesson_catalog.h"

#include "lessons/lesson_strings.h"
#include "util/resources.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

namespace poolscope::ui::lessons {

namespace {

Q_LOGGING_CATEGORY(lcLessons, "poolscope.ui.lessons", QtWarningMsg)

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::lessons::LessonCatalog)
};

const QString kLessonDir = QStringLiteral(":/lessons");

} // namespace

QList<Lesson> shippedLessons()
{
    initResources();
    QList<Lesson> out;
    const QStringList files = QDir(kLessonDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        LessonLoad load = loadLessonFile(kLessonDir + QLatin1Char('/') + file);
        if (load.lesson) // in the UI language (a lesson file of the user's keeps its text)
            out.append(translatedLesson(std::move(*load.lesson)));
        else
            qCWarning(lcLessons).noquote() << load.error;
    }
    return out;
}

LessonLoad findLesson(const QString& nameOrPath)
{
    const bool looksLikeFile =
        nameOrPath.contains(QLatin1Char('/')) || nameOrPath.contains(QLatin1Char('\\')) ||
        nameOrPath.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) || QFileInfo(nameOrPath).isFile();
    if (looksLikeFile)
        return loadLessonFile(nameOrPath);
    QStringList names;
    for (Lesson& lesson : shippedLessons()) {
        if (lesson.name == nameOrPath)
            return {std::move(lesson), {}};
        names.append(lesson.name);
    }
    LessonLoad out;
    out.error = Text::tr("no lesson named \"%1\" (shipped: %2; or give a lesson file)")
                    .arg(nameOrPath, names.join(QStringLiteral(", ")));
    return out;
}

} // namespace poolscope::ui::lessons
