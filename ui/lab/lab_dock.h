#pragma once
// The Lab dock: every lab server with its port and a one-line explanation; one click on "Dial"
// dials it (lab CA trusted for that dial). The demo-mode toggle sits at the top.

#include "poolscope/lab/lab.h"

#include <QDockWidget>
#include <QHash>
#include <QList>

class QAction;
class QFrame;
class QLabel;
class QPushButton;
class QToolButton;

namespace poolscope::ui {

class LabDock : public QDockWidget
{
    Q_OBJECT
public:
    /// `lab` may be null: the dock then says the lab is off.
    explicit LabDock(const lab::Lab* lab, QWidget* parent = nullptr);

    /// Shows `demo` (a checkable action) as the toggle at the top of the dock.
    void setDemoAction(QAction* demo);
    /// Enables or disables every Dial button (the pool refuses dials while it is shut down).
    void setDialEnabled(bool enabled);
    [[nodiscard]] QPushButton* dialButton(lab::ServerKind kind) const
    {
        return m_buttons.value(static_cast<int>(kind));
    }

Q_SIGNALS:
    void dialRequested(poolscope::lab::ServerKind kind);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// A card's labels whose colours follow the palette.
    struct Card
    {
        QFrame* frame = nullptr;
        QLabel* title = nullptr;
        QLabel* explanation = nullptr;
        QString name;
        QString detail; ///< ":port · TLS"
    };
    QWidget* makeCard(const lab::ServerInfo& server, QWidget* parent);
    void restyle();
    QList<Card> m_cards;
    QLabel* m_intro = nullptr;

    QHash<int, QPushButton*> m_buttons;
    QToolButton* m_demoButton = nullptr;
};

} // namespace poolscope::ui
