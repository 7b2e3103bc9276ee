#include "lessons/lessons_dock.h"

#include "util/palette_colours.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace poolscope::ui::lessons {

namespace {

QString outcomeMark(StepResult::Outcome outcome)
{
    switch (outcome) {
    case StepResult::Outcome::NotRun:
        return QStringLiteral("○");
    case StepResult::Outcome::Running:
        return QStringLiteral("▶");
    case StepResult::Outcome::Passed:
        return QStringLiteral("✓");
    case StepResult::Outcome::Failed:
        return QStringLiteral("✗");
    }
    return {};
}

} // namespace

LessonsDock::LessonsDock(PoolService* service, lab::Lab* lab, QWidget* parent)
    : QDockWidget(tr("Lesson"), parent), m_runner(new LessonRunner(service, lab, this)), m_lab(lab)
{
    setObjectName(QStringLiteral("lessonsDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    auto* content = new QWidget(this);
    content->setObjectName(QStringLiteral("lessonsDockContent"));
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 6, 8, 6);
    m_title = new QLabel(tr("No lesson. Start one with --lesson NAME (poolscope --lesson list names them)."),
                         content);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_title->setWordWrap(true);
    m_title->setStyleSheet(QStringLiteral("font-weight: 600"));
    m_steps = new QListWidget(content);
    m_steps->setObjectName(QStringLiteral("lessonSteps"));
    m_steps->setAccessibleName(tr("Lesson steps"));
    m_text = new QLabel(content);
    m_text->setObjectName(QStringLiteral("lessonStepText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_result = new QLabel(content);
    m_result->setObjectName(QStringLiteral("lessonStepResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    m_back = new QPushButton(tr("&Back"), content);
    m_next = new QPushButton(tr("&Next"), content);
    m_restart = new QPushButton(tr("&Restart"), content);
    for (QPushButton* b : {m_back, m_next, m_restart}) {
        // The style's 80 px floor per button made the dock, and the window with it, wider than a
        // 960-px screen (1920×1080 at scale 2); the text and the button's margins are the floor.
        const int margins = 2 * (b->style()->pixelMetric(QStyle::PM_ButtonMargin, nullptr, b) +
                                 b->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, b));
        b->setMinimumWidth(b->fontMetrics().horizontalAdvance(QString(b->text()).remove(QLatin1Char('&'))) +
                           margins + 4);
        buttons->addWidget(b);
    }
    layout->addWidget(m_title);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_text, 2);
    layout->addWidget(m_result);
    layout->addLayout(buttons);
    setWidget(content);

    connect(m_back, &QPushButton::clicked, this, [this] {
        m_follow = false;
        showStep(m_shown - 1);
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        showStep(m_shown + 1);
        m_follow = m_shown >= m_runner->results().size() - 1;
    });
    connect(m_restart, &QPushButton::clicked, this, [this] { start(m_runner->lesson()); });
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_shown) {
            m_follow = false;
            showStep(row);
        }
    });
    connect(m_runner, &LessonRunner::stepStarted, this, [this](int index) {
        refreshItem(index);
        if (m_follow)
            showStep(index);
    });
    connect(m_runner, &LessonRunner::stepFinished, this, [this](int index) {
        refreshItem(index);
        if (index == m_shown)
            showStep(index);
    });
    connect(m_runner, &LessonRunner::finished, this, [this] { refreshButtons(); });
    // Closing the dock closes the lesson's marks in the window; showing it again brings them back.
    connect(toggleViewAction(), &QAction::toggled, this,
            [this](bool shown) { Q_EMIT stepShown(shown ? m_shown : -1); });
    refreshButtons();
}

void LessonsDock::start(const Lesson& lesson)
{
    m_steps->blockSignals(true);
    m_steps->clear();
    for (int i = 0; i < lesson.steps.size(); ++i)
        m_steps->addItem(QString());
    m_steps->blockSignals(false);
    m_title->setText(lesson.title);
    m_title->setToolTip(lesson.summary);
    m_follow = true;
    m_shown = -1;
    m_runner->start(lesson);
    for (int i = 0; i < lesson.steps.size(); ++i)
        refreshItem(i);
    if (m_shown < 0)
        showStep(0);
    refreshButtons();
}

void LessonsDock::refreshItem(int index)
{
    QListWidgetItem* item = m_steps->item(index);
    if (!item || index >= m_runner->results().size())
        return;
    const StepResult& result = m_runner->results().at(index);
    item->setText(QStringLiteral("%1 %2. %3")
                      .arg(outcomeMark(result.outcome))
                      .arg(index + 1)
                      .arg(m_runner->lesson().steps.at(index).title));
    item->setToolTip(result.line);
}

void LessonsDock::showStep(int index)
{
    const Lesson& lesson = m_runner->lesson();
    if (index < 0 || index >= lesson.steps.size())
        return;
    const bool changed = index != m_shown;
    m_shown = index;
    m_steps->blockSignals(true);
    m_steps->setCurrentRow(index);
    m_steps->blockSignals(false);
    const LessonStep& step = lesson.steps.at(index);
    QString text = step.text;
    if (!step.watch.isEmpty())
        text += QStringLiteral("\n\n") + tr("Watch: %1").arg(step.watch);
    if (!step.highlights.isEmpty())
        text += QStringLiteral("\n") + tr("Look at: %1").arg(hintText(step.highlights));
    m_text->setText(text);
    const StepResult& result = m_runner->results().at(index);
    m_result->setText(m_runner->resultLine(index));
    // Green / red / grey from the palette in use, readable on the dock's window colour.
    const QColor hue = result.outcome == StepResult::Outcome::Passed   ? QColor(0x1d, 0x7a, 0x30)
                       : result.outcome == StepResult::Outcome::Failed ? QColor(0xb3, 0x26, 0x1e)
                                                                       : palette().color(QPalette::Dark);
    m_result->setStyleSheet(
        QStringLiteral("color: %1").arg(colourName(readableText(hue, palette(), QPalette::Window))));
    refreshButtons();
    if (changed && !isHidden())
        Q_EMIT stepShown(index);
}

void LessonsDock::changeEvent(QEvent* event)
{
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_shown >= 0)
        showStep(m_shown); // the result's colour from the new palette
}

void LessonsDock::setHintWords(std::function<QString(const QString&)> words)
{
    m_hintWords = std::move(words);
    if (m_shown >= 0)
        showStep(m_shown);
}

QString LessonsDock::hintText(const QStringList& hints) const
{
    QStringList parts;
    for (const QString& hint : hints) {
        const QString words = m_hintWords ? m_hintWords(hint) : QString();
        parts.append(words.isEmpty() ? QString(hint).replace(QLatin1Char(':'), QLatin1Char(' ')) : words);
    }
    return parts.join(QStringLiteral(", "));
}

void LessonsDock::refreshButtons()
{
    const qsizetype count = m_runner->results().size();
    m_back->setEnabled(m_shown > 0);
    m_next->setEnabled(m_shown >= 0 && m_shown + 1 < count);
    m_restart->setEnabled(count > 0 && m_lab);
}

} // namespace poolscope::ui::lessons
