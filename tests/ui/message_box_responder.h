#pragma once
// Answers the next modal message box the window opens, for tests that drive a question through
// the real QMessageBox (a modal exec() would otherwise block the test).

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QObject>
#include <QString>
#include <QTimer>

namespace poolscope::test {

/// Once a modal message box shows, clicks its accepting button (`accept`) or its rejecting one
/// and records the box's text in `asked`. Without a box within 3 s it gives up and `asked` stays
/// empty (a step that asked nothing never opens one).
class MessageBoxResponder : public QObject
{
public:
    explicit MessageBoxResponder(bool accept)
    {
        auto* timer = new QTimer(this);
        timer->setInterval(20);
        connect(timer, &QTimer::timeout, this, [this, timer, accept] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) {
                if (++m_ticks > 150)
                    timer->stop();
                return;
            }
            timer->stop();
            asked = box->text();
            for (QAbstractButton* b : box->buttons()) {
                if ((box->buttonRole(b) == QMessageBox::RejectRole) != accept) {
                    b->click();
                    return;
                }
            }
            box->reject();
        });
        timer->start();
    }
    QString asked; ///< the text of the box answered; empty when none showed

private:
    int m_ticks = 0;
};

} // namespace poolscope::test
