#include "widgets/connections_panel.h"

#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "util/compact_combo.h"
#include "widgets/keep_alive_delegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace poolscope::ui {

ConnectionsPanel::ConnectionsPanel(ConnectionsModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new ConnectionsFilterProxy(this)),
      m_view(new QTableView(this)), m_search(new QLineEdit(this)), m_state(new QComboBox(this)),
      m_host(new QComboBox(this)), m_activeOnly(new QCheckBox(tr("&Active only"), this)),
      m_count(new QLabel(this))
{
    m_proxy->setSourceModel(model);

    m_search->setObjectName(QStringLiteral("connectionSearch"));
    m_search->setPlaceholderText(tr("Filter: host, address, label, error… (#42 for one id)"));
    m_search->setAccessibleName(tr("Filter connections"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(QIcon(QStringLiteral(":/icons/actions/search.png")), QLineEdit::LeadingPosition);

    using SF = ConnectionsFilterProxy::StateFilter;
    m_state->setObjectName(QStringLiteral("stateFilter"));
    m_state->setAccessibleName(tr("State filter"));
    m_state->addItem(tr("All states"), QVariant::fromValue(SF::All));
    m_state->addItem(tr("Dialing"), QVariant::fromValue(SF::Dialing));
    m_state->addItem(tr("In use"), QVariant::fromValue(SF::InUse));
    m_state->addItem(tr("Idle"), QVariant::fromValue(SF::Idle));
    m_state->addItem(tr("Closing / closed"), QVariant::fromValue(SF::Closing));
    makeCompact(m_state, 10); // "All states" whole; longer choices elide when space is short

    m_host->setObjectName(QStringLiteral("hostFilter"));
    m_host->setAccessibleName(tr("Host filter"));
    m_host->addItem(tr("All hosts"), QString());
    makeCompact(m_host, 18);

    m_activeOnly->setObjectName(QStringLiteral("activeOnly"));
    m_activeOnly->setToolTip(tr("Only connections in use or dialing"));
    m_count->setObjectName(QStringLiteral("connectionCount"));
    m_count->setStyleSheet(QStringLiteral("color: palette(dark)"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_search, 3);
    bar->addWidget(m_state);
    bar->addWidget(m_host, 1);
    bar->addWidget(m_activeOnly);
    bar->addStretch();
    bar->addWidget(m_count);

    m_view->setObjectName(QStringLiteral("connectionsTable"));
    m_view->setAccessibleName(tr("Connections"));
    m_view->setAccessibleDescription(
        tr("One row per connection of the pool: its endpoint, address, TLS, state, keep-alive left, "
           "age and dial times; failed and closed connections stay a while, greyed, with the reason"));
    m_view->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys move in it
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConnectionsModel::Id, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // cheap with 10,000 rows
    CellToolTipDelegate::install(m_view);
    m_view->setItemDelegateForColumn(ConnectionsModel::KeepAlive, new KeepAliveDelegate(m_view));
    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const int widths[ConnectionsModel::ColumnCount] = {50, 150, 130, 230, 110, 120, 70, 64, 60, 120};
    for (int c = 0; c < ConnectionsModel::ColumnCount; ++c)
        header->resizeSection(c, widths[c]);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &ConnectionsFilterProxy::setSearchText);
    connect(m_state, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setStateFilter(m_state->currentData().value<SF>()); });
    connect(m_host, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setHostFilter(m_host->currentData().toString()); });
    connect(m_activeOnly, &QCheckBox::toggled, m_proxy, &ConnectionsFilterProxy::setActiveOnly);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConnectionsPanel::selectionChanged);
    connect(m_model, &ConnectionsModel::applied, this, &ConnectionsPanel::updateCount);
    // Rows the filter hid leave the model without any signal from the proxy: count on both.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ConnectionsPanel::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ConnectionsPanel::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ConnectionsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ConnectionsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ConnectionsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ConnectionsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ConnectionsPanel::updateCount);
    // Keep the selection across the rare resets (many scattered removals at once).
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_savedSelection = selectedIds(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_savedSelection.isEmpty())
            selectIds(std::exchange(m_savedSelection, {}));
    });
    updateCount();
}

void ConnectionsPanel::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_count->setText(shown == total ? tr("%n connection(s)", nullptr, total)
                                    : tr("%1 of %n shown", nullptr, total).arg(shown));
}

QList<ConnectionId> ConnectionsPanel::selectedIds() const
{
    QList<ConnectionId> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex& index : rows)
        ids.append(index.data(ConnectionsModel::IdRole).toULongLong());
    return ids;
}

void ConnectionsPanel::selectIds(const QList<ConnectionId>& ids)
{
    QItemSelection selection;
    QModelIndex first;
    for (ConnectionId id : ids) {
        const int sourceRow = m_model->rowOf(id);
        if (sourceRow < 0)
            continue;
        const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
        if (!proxyIndex.isValid())
            continue;
        selection.select(proxyIndex, proxyIndex.siblingAtColumn(ConnectionsModel::ColumnCount - 1));
        if (!first.isValid())
            first = proxyIndex;
    }
    QItemSelectionModel* sm = m_view->selectionModel();
    sm->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid()) {
        sm->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_view->scrollTo(first);
    }
}

void ConnectionsPanel::setHostKeys(const QStringList& keys)
{
    QStringList merged = m_hostKeys;
    for (const QString& key : keys) {
        if (!merged.contains(key))
            merged.append(key);
    }
    if (merged == m_hostKeys)
        return;
    std::sort(merged.begin(), merged.end());
    m_hostKeys = merged;
    const QString current = m_host->currentData().toString();
    const QSignalBlocker block(m_host);
    while (m_host->count() > 1)
        m_host->removeItem(1);
    for (const QString& key : merged)
        m_host->addItem(key, key);
    const int index = m_host->findData(current);
    m_host->setCurrentIndex(std::max(0, index));
}

QByteArray ConnectionsPanel::saveHeaderState() const
{
    return m_view->horizontalHeader()->saveState();
}

void ConnectionsPanel::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        m_view->horizontalHeader()->restoreState(state);
}

} // namespace poolscope::ui
