#pragma once
// File → Attach to App…: the apps on this machine that publish their pool (PoolPublisher), with
// their pool, pid, what they allow and when they started; an app with several pools is one row
// ("2 pools") with its pools under it. Refresh reads the list again; Attach
// (or a double-click) accepts the selected one.

#include "poolscope/attach/inspectable_apps.h"

#include <QDialog>
#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace poolscope::ui {

class AttachDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AttachDialog(QWidget* parent = nullptr);

    /// Reads the published apps again (the Refresh button).
    void refresh();
    [[nodiscard]] QList<InspectableApp> apps() const { return m_apps; }
    /// The app chosen; nullopt when none is selected.
    [[nodiscard]] std::optional<InspectableApp> selectedApp() const;
    [[nodiscard]] QTreeWidget* list() const { return m_list; }

private:
    void updateButtons();

    QList<InspectableApp> m_apps;
    QTreeWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_attach = nullptr;
};

} // namespace poolscope::ui
