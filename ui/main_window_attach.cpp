// Attaching: File → Attach to App opens a window on another app's published pool (AttachedSource);
// such a window says in its title and status bar whether it is attached, and offers Detach and
// Reattach.

#include "dialogs/attach_dialog.h"
#include "lab/lab_dock.h"
#include "main_window.h"
#include "util/palette_colours.h"
#include "util/source_text.h"
#include "widgets/handshake_ladder.h"

#include <QAction>
#include <QLabel>
#include <QStatusBar>

namespace poolscope::ui {

MainWindow* MainWindow::attachTo(const InspectableApp& app)
{
    auto source = std::make_unique<AttachedSource>();
    source->setAutoReattach(true);
    // As with a trace: the window owns its source through a parent that outlives the views.
    auto* window = new MainWindow(source.get(), nullptr);
    source.release()->setParent(window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setConfirmDestructive(m_confirm);
    window->m_attached->attach(app);
    return window;
}

void MainWindow::chooseAppToAttach()
{
    auto* dialog = new AttachDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const std::optional<InspectableApp> app = dialog->selectedApp();
        if (!app)
            return;
        MainWindow* window = attachTo(*app);
        window->resize(size());
        window->show();
    });
    dialog->open();
}

void MainWindow::setUpAttached()
{
    m_attached = qobject_cast<AttachedSource*>(m_source);
    action(Action::Detach)->setVisible(m_attached != nullptr);
    action(Action::Reattach)->setVisible(m_attached != nullptr);
    if (!m_attached)
        return;
    // Another app's pool: no lab of ours, no handshakes (the stream carries none).
    m_labDock->hide();
    action(Action::ShowLab)->setChecked(false);
    action(Action::ShowLab)->setEnabled(false);
    m_ladder->setUnavailableReason(tr("An attached app's stream carries no TLS handshakes."));
    m_attachState = new QLabel(this);
    m_attachState->setObjectName(QStringLiteral("statusAttach"));
    statusBar()->insertPermanentWidget(0, m_attachState);
    connect(action(Action::Detach), &QAction::triggered, m_attached, &AttachedSource::detach);
    connect(action(Action::Reattach), &QAction::triggered, m_attached, &AttachedSource::reattach);
    connect(m_attached, &AttachedSource::statusChanged, this, [this](AttachedSource::Status status) {
        showAttachState();
        updateActions();
        if (status == AttachedSource::Status::Lost)
            statusBar()->showMessage(SourceText::attachStatus(*m_attached), 15000);
    });
    showAttachState();
}

void MainWindow::showAttachState()
{
    const QString state = SourceText::attachStatus(*m_attached);
    const QString app = SourceText::appName(*m_attached);
    QString style;
    switch (m_attached->status()) {
    case AttachedSource::Status::Attached:
        style = emphasisStyle(QColor(0x1e, 0x7e, 0x4a), palette());
        setWindowTitle(tr("PoolScope — attached to %1").arg(app));
        break;
    case AttachedSource::Status::Connecting:
        style = emphasisStyle(QColor(0x9a, 0x62, 0x00), palette());
        setWindowTitle(tr("PoolScope — connecting to %1").arg(app));
        break;
    case AttachedSource::Status::Lost:
        style = emphasisStyle(QColor(0xb0, 0x3a, 0x2e), palette());
        setWindowTitle(tr("PoolScope — %1 lost").arg(app));
        break;
    case AttachedSource::Status::Detached:
        style = emphasisStyle(QColor(0xb0, 0x3a, 0x2e), palette());
        setWindowTitle(tr("PoolScope — detached from %1").arg(app));
        break;
    }
    m_attachState->setText(state);
    m_attachState->setToolTip(state);
    m_attachState->setStyleSheet(style);
}

} // namespace poolscope::ui
