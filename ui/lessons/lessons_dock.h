#pragma once
// The Lessons dock: the current lesson's steps with their outcome, the selected step's text, what
// to watch and what the step highlights, and its check's one-line result. The lesson plays by
// itself (LessonRunner); Back / Next move through the steps shown, Restart plays it again.

#include "lessons/lesson_runner.h"

#include <QDockWidget>
#include <functional>

class QLabel;
class QListWidget;
class QPushButton;

namespace poolscope::ui::lessons {

class LessonsDock : public QDockWidget
{
    Q_OBJECT
public:
    /// Neither is owned. `lab` may be null: lessons then cannot start.
    LessonsDock(PoolService* service, lab::Lab* lab, QWidget* parent = nullptr);

    /// Shows `lesson` and plays it from its first step.
    void start(const Lesson& lesson);
    [[nodiscard]] LessonRunner* runner() const { return m_runner; }
    [[nodiscard]] int shownStep() const { return m_shown; }
    /// Words for a step's highlight hint ("counter:dials" → the "Dials" counter) in "Look at:";
    /// the window's highlighter sets it, as only it knows the widgets' titles. Unset: the hint itself.
    void setHintWords(std::function<QString(const QString& hint)> words);

Q_SIGNALS:
    /// Another step is shown (the window marks what its hints name); -1: none, the dock was closed.
    void stepShown(int index);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showStep(int index);
    void refreshItem(int index);
    void refreshButtons();
    [[nodiscard]] QString hintText(const QStringList& hints) const;

    LessonRunner* m_runner;
    lab::Lab* m_lab;
    QLabel* m_title = nullptr;
    QListWidget* m_steps = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_restart = nullptr;
    std::function<QString(const QString&)> m_hintWords;
    int m_shown = -1;
    bool m_follow = true; ///< the shown step follows the running one until the user moves
};

} // namespace poolscope::ui::lessons
