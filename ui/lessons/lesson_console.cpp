#include "lessons/lesson_console.h"

#include "lessons/lesson_catalog.h"
#include "lessons/lesson_runner.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

namespace poolscope::ui::lessons {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::lessons::LessonConsole)
};

/// The longest a lesson may run headless: every step's check time-out and hold, plus slack.
std::chrono::milliseconds budget(const Lesson& lesson)
{
    qint64 ms = 10'000;
    for (const LessonStep& step : lesson.steps)
        ms += step.check.timeoutMs + step.action.ms + 1'000;
    return std::chrono::milliseconds(ms);
}

} // namespace

QString lessonListText()
{
    QStringList lines;
    for (const Lesson& lesson : shippedLessons())
        lines.append(lesson.name.leftJustified(22) + lesson.title);
    return lines.join(QLatin1Char('\n'));
}

int playLessonHeadless(const Lesson& lesson, const std::function<void(const QString&)>& print)
{
    auto lab = lab::Lab::start();
    if (!lab) {
        print(Text::tr("the lab did not start: %1").arg(QString::fromStdString(lab.error().message)));
        return 1;
    }
    ServiceOptions options;
    options.publishInterval = std::chrono::milliseconds(50);
    auto service = PoolServiceThread::start(options);
    if (!service) {
        print(Text::tr("cannot start the pool: %1").arg(QString::fromStdString(service.error().message)));
        return 1;
    }
    print(Text::tr("Lesson %1: %2").arg(lesson.name, lesson.title));
    bool passed = false;
    {
        LessonRunner runner(service.value()->service(), lab.value().get());
        QEventLoop loop;
        QObject::connect(&runner, &LessonRunner::stepFinished, &runner,
                         [&](int index) { print(runner.resultLine(index)); });
        QObject::connect(&runner, &LessonRunner::finished, &loop, [&](bool allPassed) {
            passed = allPassed;
            loop.quit();
        });
        QTimer::singleShot(budget(lesson), &loop, [&] {
            print(Text::tr("the lesson did not finish in time"));
            loop.quit();
        });
        runner.start(lesson);
        if (runner.isRunning())
            loop.exec();
        runner.stop();
        for (int i = 0; i < runner.results().size(); ++i) {
            const auto outcome = runner.results().at(i).outcome;
            if (outcome == StepResult::Outcome::NotRun || outcome == StepResult::Outcome::Running)
                print(runner.resultLine(i));
        }
        int ok = 0;
        for (const StepResult& r : runner.results())
            ok += r.outcome == StepResult::Outcome::Passed ? 1 : 0;
        print(Text::tr("%1 of %2 steps passed").arg(ok).arg(runner.results().size()));
    }
    service.value().reset();
    lab.value().reset();
    return passed ? 0 : 1;
}

} // namespace poolscope::ui::lessons
