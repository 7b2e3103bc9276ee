#include "models/connections_filter_proxy.h"

#include "models/connections_model.h"

namespace poolscope::ui {

ConnectionsFilterProxy::ConnectionsFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ConnectionsModel::SortRole);
    // The filter reads SearchTextRole/StateRole/…; declaring it here lets the proxy skip
    // re-filtering on the countdown repaints, which only change display roles.
    setFilterRole(ConnectionsModel::SearchTextRole);
    setDynamicSortFilter(true);
    // lessThan() runs ~10^5 times per large apply; sortRole() is a bindable property read.
    connect(this, &QSortFilterProxyModel::sortRoleChanged, this,
            [this](int role) { m_sortRoleIsModels = role == ConnectionsModel::SortRole; });
}

void ConnectionsFilterProxy::setSourceModel(QAbstractItemModel* model)
{
    m_connections = qobject_cast<const ConnectionsModel*>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void ConnectionsFilterProxy::setSearchText(const QString& text)
{
    const QString normalized = text.trimmed().toLower();
    if (normalized == m_search)
        return;
    m_search = normalized;
    invalidateRowsFilter();
}

void ConnectionsFilterProxy::setStateFilter(StateFilter filter)
{
    if (filter == m_state)
        return;
    m_state = filter;
    invalidateRowsFilter();
}

void ConnectionsFilterProxy::setHostFilter(const QString& key)
{
    if (key == m_host)
        return;
    m_host = key;
    invalidateRowsFilter();
}

void ConnectionsFilterProxy::setActiveOnly(bool on)
{
    if (on == m_activeOnly)
        return;
    m_activeOnly = on;
    invalidateRowsFilter();
}

bool ConnectionsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    const QModelIndex index = model->index(sourceRow, 0, sourceParent);
    if (m_activeOnly && !index.data(ConnectionsModel::ActiveRole).toBool())
        return false;
    if (m_state != StateFilter::All) {
        const int state = index.data(ConnectionsModel::StateRole).toInt();
        bool ok = false;
        switch (m_state) {
        case StateFilter::All:
            ok = true;
            break;
        case StateFilter::Dialing:
            ok = state == static_cast<int>(ConnectionState::Resolving) ||
                 state == static_cast<int>(ConnectionState::Connecting) ||
                 state == static_cast<int>(ConnectionState::Handshaking);
            break;
        case StateFilter::InUse:
            ok = state == static_cast<int>(ConnectionState::InUse);
            break;
        case StateFilter::Idle:
            ok = state == static_cast<int>(ConnectionState::Idle);
            break;
        case StateFilter::Closing:
            ok = state == static_cast<int>(ConnectionState::Closing) || state < 0;
            break;
        }
        if (!ok)
            return false;
    }
    if (!m_host.isEmpty() && index.data(ConnectionsModel::HostKeyRole).toString() != m_host)
        return false;
    if (m_search.isEmpty())
        return true;
    if (m_search.startsWith(QLatin1Char('#'))) { // "#42": exactly that connection
        bool ok = false;
        const qulonglong id = QStringView(m_search).mid(1).toULongLong(&ok);
        if (ok)
            return index.data(ConnectionsModel::IdRole).toULongLong() == id;
    }
    return index.data(ConnectionsModel::SearchTextRole).toString().contains(m_search);
}

bool ConnectionsFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (m_sortRoleIsModels) {
        if (m_connections) {
            if (const auto before = m_connections->sortsBefore(left.row(), right.row(), left.column()))
                return *before;
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace poolscope::ui
