#pragma once
// Small text helpers the lesson runner and its checks share (internal to ui/lessons).

#include "lessons/lesson_runner.h"

namespace poolscope::ui::lessons::detail {

/// "4.12 ms", "0.31 ms", "120 ms".
inline QString millis(qint64 us)
{
    const double ms = double(us) / 1000.0;
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10.0 ? 2 : 0);
}

/// "1.50 s".
inline QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

inline StepResult verdictOf(bool passed, QString line)
{
    StepResult r;
    r.outcome = passed ? StepResult::Outcome::Passed : StepResult::Outcome::Failed;
    r.line = std::move(line);
    return r;
}

} // namespace poolscope::ui::lessons::detail
