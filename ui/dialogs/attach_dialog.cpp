#include "dialogs/attach_dialog.h"

#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace poolscope::ui {

AttachDialog::AttachDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("attachDialog"));
    setWindowTitle(tr("Attach to App"));
    auto* intro = new QLabel(
        tr("Apps on this computer that publish their pool (PoolPublisher). PoolScope shows the one you "
           "choose live, in a window of its own; what you may do to it is what the app allows."),
        this);
    intro->setWordWrap(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("attachAppList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setHeaderLabels({tr("App"), tr("Pool"), tr("PID"), tr("Allows"), tr("Started")});
    m_list->header()->setStretchLastSection(true);
    m_empty = new QLabel(tr("No app is publishing its pool right now."), this);
    m_empty->setObjectName(QStringLiteral("attachEmpty"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_attach = buttons->addButton(tr("&Attach"), QDialogButtonBox::AcceptRole);
    m_attach->setObjectName(QStringLiteral("attachButton"));
    QPushButton* refreshButton = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    refreshButton->setObjectName(QStringLiteral("attachRefresh"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refreshButton, &QPushButton::clicked, this, &AttachDialog::refresh);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &AttachDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &QDialog::accept);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty);
    layout->addWidget(buttons);
    resize(640, 320);
    refresh();
}

void AttachDialog::refresh()
{
    m_apps = listInspectableApps(); // sorted by name, pid, pool: one app's pools are adjacent
    m_list->clear();
    QHash<qint64, int> poolsOfPid;
    for (const InspectableApp& app : std::as_const(m_apps))
        ++poolsOfPid[app.pid];
    // An app that publishes several pools is one row with its pools under it, so the list says
    // how many pools each app has and which rows belong together.
    QHash<qint64, QTreeWidgetItem*> groups;
    QTreeWidgetItem* first = nullptr;
    for (qsizetype i = 0; i < m_apps.size(); ++i) {
        const InspectableApp& app = m_apps.at(i);
        const int pools = poolsOfPid.value(app.pid);
        QTreeWidgetItem* parent = nullptr;
        if (pools > 1) {
            parent = groups.value(app.pid);
            if (!parent) {
                parent = new QTreeWidgetItem(m_list);
                parent->setText(0, app.name);
                parent->setText(1, tr("%n pool(s)", nullptr, pools));
                parent->setText(2, QString::number(app.pid));
                parent->setData(0, Qt::UserRole, qlonglong{-1}); // the app, not one of its pools
                parent->setFlags(Qt::ItemIsEnabled);
                groups.insert(app.pid, parent);
            }
        }
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_list);
        item->setText(0, app.name);
        item->setText(1, app.pool);
        item->setText(2, QString::number(app.pid));
        item->setText(3,
                      app.allowed.isEmpty() ? tr("watching only") : app.allowed.join(QStringLiteral(", ")));
        item->setText(4, app.started.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        item->setData(0, Qt::UserRole, static_cast<qlonglong>(i));
        if (!first)
            first = item;
    }
    m_list->setRootIsDecorated(!groups.isEmpty());
    m_list->expandAll();
    for (int column = 0; column < m_list->columnCount() - 1; ++column)
        m_list->resizeColumnToContents(column);
    if (first)
        m_list->setCurrentItem(first);
    m_empty->setVisible(m_apps.isEmpty());
    updateButtons();
}

std::optional<InspectableApp> AttachDialog::selectedApp() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    if (!item || !item->isSelected())
        return std::nullopt;
    const qlonglong index = item->data(0, Qt::UserRole).toLongLong(); // -1: an app's row
    if (index < 0 || index >= m_apps.size())
        return std::nullopt;
    return m_apps.at(static_cast<qsizetype>(index));
}

void AttachDialog::updateButtons()
{
    m_attach->setEnabled(selectedApp().has_value());
}

} // namespace poolscope::ui
